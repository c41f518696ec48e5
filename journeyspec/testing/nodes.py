"""Collection: a `.journey` file is a collector, each journey a class-like node, each `expect` an item."""

from __future__ import annotations

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.diagnostics.render import format_diagnostics
from journeyspec.testing.failure import describe_result
from journeyspec.testing.settings import settings


class ExpectationFailed(Exception):
    """Raised by an item whose expectation failed; pytest shows its text, not a traceback."""


class MapInvalid(Exception):
    """Raised by the item standing for a map that does not compile, or data that cannot be read."""


class JourneyFile(pytest.File):
    """A `.journey` file: its journeys, or one failing item with its diagnostics."""

    def collect(self):
        from journeyspec.lang.frontend import compile_file

        result = compile_file(self.path)
        if not result.ok or result.document is None:
            yield InvalidMapItem.from_parent(self, name="validate", compiled=result)
            return
        for journey in result.document.journeys:
            yield JourneyNode.from_parent(self, name=journey.id, journey=journey, source_text=result.text)


class _MapItem(pytest.Item):
    """An item of a map file. ``funcargs`` is empty, as a test function's without fixtures: some
    plugins read it from every item (pytest-lsp 1.0's ``pytest_runtest_call`` wrapper fails any
    item that lacks it), so map items run beside them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.funcargs: dict = {}


class InvalidMapItem(_MapItem):
    """Fails with the map's diagnostics instead of crashing collection."""

    def __init__(self, *, compiled, **kwargs):
        super().__init__(**kwargs)
        self.compiled = compiled

    def runtest(self) -> None:
        texts = {**(self.compiled.used_texts or {}), self.compiled.file: self.compiled.text}
        raise MapInvalid(format_diagnostics(self.compiled.diagnostics, texts))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, MapInvalid):
            return f"{self.path.name} does not compile:\n\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"validate {self.path.name}"


class JourneyNode(pytest.Collector):
    """One journey of a map: its expectations are its items."""

    def __init__(self, *, journey, source_text: str, **kwargs):
        super().__init__(**kwargs)
        self.journey = journey
        self.source_text = source_text

    def collect(self):
        for index, expectation in enumerate(self.journey.expectations):
            yield ExpectationItem.from_parent(self, name=expectation.text.replace("::", ": :"), index=index)


class ExpectationItem(_MapItem):
    """One `expect` statement, judged against the configured data."""

    def __init__(self, *, index: int, **kwargs):
        super().__init__(**kwargs)
        self.index = index
        self.expectation = self.parent.journey.expectations[index]
        self.add_marker(pytest.mark.journeyspec)

    def runtest(self) -> None:
        options = settings(self.config)
        # options.data is resolved for this journey by project.data_for, as by
        # `journeyspec check` and the journey_data fixture.
        try:
            journey_result = options.cache.journey_result(self.path, self.parent.journey, options.data, options.by)
        except JourneyspecError as error:
            raise MapInvalid(format_diagnostics(error.diagnostics, {self.path.as_posix(): self.parent.source_text})) from None
        result = journey_result.expectations[self.index]
        self._record(result)
        if result.status == "pass":
            return
        if result.status == "skipped":
            pytest.skip(result.reason or "too few sessions to judge")
        text = describe_result(
            result, source_text=self.parent.source_text, span=self.expectation.span, data=journey_result.source
        )
        for warning in journey_result.time_warnings:  # a failure may come from misread times: say so beside it
            text += f"\nwarning[{warning.code}] {warning.message}\n  = help: {warning.help}"
        if result.status == "inconclusive" and options.inconclusive == "xfail":
            pytest.xfail(f"inconclusive: {result.reason or 'the interval straddles the threshold'}")
        raise ExpectationFailed(text)

    def _record(self, result) -> None:
        properties = [
            ("journey", self.parent.journey.id),
            ("status", result.status),
            ("value", result.value),
            ("threshold", f"{result.comparator} {result.threshold}"),
            ("unit", result.unit),
            ("population", result.population),
        ]
        if result.interval is not None:
            properties.append(("interval", f"{result.interval.low:.6f}..{result.interval.high:.6f}"))
        self.user_properties.extend(properties)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (ExpectationFailed, MapInvalid)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        line = self.expectation.span.line - 1 if self.expectation.span else None
        return self.path, line, f"{self.parent.journey.id}: expect {self.expectation.text}"
