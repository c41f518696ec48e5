"""Shared building blocks of the IR: the frozen model base and source spans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field


class FrozenModel(BaseModel):
    """Base of every IR model: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Identified = TypeVar("Identified")


def by_id(items: Iterable[Identified], wanted: str) -> Identified:
    """The item whose ``id`` is ``wanted`` (steps, stages, journeys, results); ``KeyError`` when there is none."""
    for item in items:
        if item.id == wanted:  # type: ignore[attr-defined]
            return item
    raise KeyError(wanted)


class Span(FrozenModel):
    """Where a construct sits in its source file.

    Lines and columns count from 1; offsets count characters from 0, with
    ``end`` one past the last character, as Python slices do.
    """

    file: str | None = Field(default=None, description="Path of the source file, when known.")
    start: int = Field(description="Offset of the first character (0-based).")
    end: int = Field(description="Offset one past the last character.")
    line: int = Field(description="Line of the first character (1-based).")
    column: int = Field(description="Column of the first character (1-based).")
    end_line: int = Field(description="Line of the last character (1-based).")
    end_column: int = Field(description="Column one past the last character (1-based).")

    def with_file(self, file: str | None) -> Span:
        """Return this span attributed to ``file``."""
        return self.model_copy(update={"file": file})


SpanField = Field(default=None, description="Where this construct is written; left out of canonical JSON.")


def unvalidated(model: type[M], fields: dict) -> M:
    """An instance of ``model`` holding ``fields`` as they are, set as pydantic's ``__setstate__`` sets them.

    Only for values that are already right: ``fields`` must name every field,
    each already of its type; nothing is checked or converted. It exists for
    the few models made by the tens of thousands (a large map's spans, a large
    log's variants), where it is about twice as fast as ``model(**fields)``
    and four times as fast as ``model_construct``. Tests hold what it makes
    equal to validated models (tests/lang/test_syntax_spans.py,
    tests/engine/test_variant_sequence.py).
    """
    instance = _new_model(model)
    _set_attribute(instance, "__dict__", fields)
    _set_attribute(instance, "__pydantic_fields_set__", set(fields))
    _set_attribute(instance, "__pydantic_extra__", None)
    _set_attribute(instance, "__pydantic_private__", None)
    return instance


M = TypeVar("M", bound=BaseModel)
_new_model = BaseModel.__new__
_set_attribute = object.__setattr__
