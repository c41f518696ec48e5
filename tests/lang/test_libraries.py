"""Shared definitions: `library`, `use` and `from` across files (spec/language.md, "Shared definitions")."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from journeyspec.ir.canonical import to_data
from journeyspec.lang.formatter import format_text
from journeyspec.lang.frontend import compile_file, compile_paths

from .strategies import library_projects

LIBRARY = """library common "Shared" {
  persona shopper "Shopper" {
    description "Buys things."
  }
  step login "Log in" {
    channel web
    when event == "login"
  }
  friction event == "error"
}
"""

JOURNEY = """use "shared/common.journey"

journey a "A" {
  persona shopper from common
  stage s {
    step login from common
    step done { when event == "done" }
  }
  friction from common
  start login
  success done
  flow login -> done
}
"""

INLINE = """journey a "A" {
  persona shopper "Shopper" {
    description "Buys things."
  }
  stage s {
    step login "Log in" {
      channel web
      when event == "login"
    }
    step done { when event == "done" }
  }
  friction event == "error"
  start login
  success done
  flow login -> done
}
"""


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "journeyspec.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _codes(result) -> list[tuple[str, str, int]]:
    return [(d.code, Path(d.span.file).name, d.span.line) for d in result.diagnostics]


def test_a_shared_journey_compiles_to_what_the_same_journey_written_out_compiles_to(tmp_path):
    root = _project(tmp_path, {"shared/common.journey": LIBRARY, "a.journey": JOURNEY, "inline/a.journey": INLINE})
    shared = compile_file(root / "a.journey")
    inline = compile_file(root / "inline/a.journey")
    assert shared.diagnostics == () and inline.diagnostics == ()
    data = to_data(shared.document)
    provenance = data["journeys"][0].pop("shared")
    inline_journey = to_data(inline.document)["journeys"][0]
    inline_journey.pop("shared")
    assert data["journeys"][0] == inline_journey
    assert [(p["kind"], p["id"], p["library"], p["source"]) for p in provenance] == [
        ("persona", "shopper", "common", "shared/common.journey"),
        ("step", "login", "common", "shared/common.journey"),
        ("friction", None, "common", "shared/common.journey"),
    ]


def test_a_journey_adds_to_the_shared_condition_and_may_relabel(tmp_path):
    journey = JOURNEY.replace("step login from common", 'step login "Sign in" from common {\n      when device == "app"\n    }')
    root = _project(tmp_path, {"shared/common.journey": LIBRARY, "a.journey": journey})
    step = compile_file(root / "a.journey").document.journeys[0].step("login")
    assert step.label == "Sign in"
    assert [(o.field, o.value) for o in step.when.operands] == [("event", "login"), ("device", "app")]


def test_a_library_alone_is_valid_and_its_errors_are_reported_in_its_own_file(tmp_path):
    broken = LIBRARY.replace("+", "").replace('channel web', 'emotion +7')
    root = _project(tmp_path, {"shared/common.journey": broken, "a.journey": JOURNEY})
    assert compile_file(root / "shared/common.journey").diagnostics[0].code == "JS208"
    assert compile_file(root / "shared/common.journey").diagnostics[0].span.line == 6
    good = _project(tmp_path, {"shared/common.journey": LIBRARY})
    assert compile_file(good / "shared/common.journey").diagnostics == ()
    root = _project(tmp_path, {"shared/common.journey": broken})
    result = compile_file(root / "a.journey")
    error = result.errors[0]
    assert (error.code, Path(error.span.file).name, error.span.line) == ("JS208", "common.journey", 6)
    assert any(Path(r.span.file).name == "a.journey" for r in error.related)


def test_bad_uses_are_diagnostics_in_the_right_file(tmp_path):
    cases = {
        '"/abs/common.journey"': "JS118",
        '"../outside.journey"': "JS119",
        '"shared/missing.journey"': "JS120",
        '"shared"': "JS120",
        '"shared/*.journey"': "JS120",
    }
    for written, code in cases.items():
        root = _project(tmp_path / code / str(len(written)), {"shared/common.journey": LIBRARY,
                                                              "a.journey": JOURNEY.replace('"shared/common.journey"', written)})
        assert _codes(compile_file(root / "a.journey"))[0] == (code, "a.journey", 1), written


def test_a_cycle_prints_the_whole_chain(tmp_path):
    root = _project(tmp_path, {
        "a.journey": 'use "b.journey"\n\nlibrary a {\n  persona x from b\n}\n',
        "b.journey": 'use "a.journey"\n\nlibrary b {\n  persona x "X"\n}\n',
    })
    result = compile_file(root / "a.journey")
    cycle = next(d for d in result.diagnostics if d.code == "JS121")
    assert "b.journey → " in cycle.message and cycle.message.count("a.journey") == 2


def test_unknown_names_say_what_is_there(tmp_path):
    journey = JOURNEY.replace("step login from common", "step logn from common").replace("login", "logn")
    journey = journey.replace("persona shopper from common", "persona shopper from comon")
    root = _project(tmp_path, {"shared/common.journey": LIBRARY, "a.journey": journey})
    found = {d.code: d for d in compile_file(root / "a.journey").diagnostics}
    assert found["JS247"].help == "did you mean `common`?"
    assert found["JS248"].help == "did you mean `login`?"


def test_library_and_journey_in_one_file_and_shadowing_are_errors(tmp_path):
    root = _project(tmp_path, {"shared/common.journey": LIBRARY + "\n" + INLINE,
                               "a.journey": JOURNEY.replace("step login from common",
                                                            "step login from common {\n      channel app\n    }")})
    assert "JS122" in [d.code for d in compile_file(root / "shared/common.journey").diagnostics]
    root = _project(tmp_path, {"shared/common.journey": LIBRARY})
    assert [d.code for d in compile_file(root / "a.journey").errors] == ["JS257"]


def test_unused_entries_are_reported_only_with_their_users(tmp_path):
    library = LIBRARY.replace('  friction', '  step spare { when event == "spare" }\n  friction')
    root = _project(tmp_path, {"shared/common.journey": library, "a.journey": JOURNEY})
    codes = [(d.code, Path(d.span.file).name) for r in compile_paths([root]) for d in r.diagnostics]
    assert codes == [("JS255", "common.journey")]
    assert [d.code for r in compile_paths([root / "shared"]) for d in r.diagnostics] == []


def test_fmt_keeps_each_file_and_what_it_compiles_to(tmp_path):
    messy = JOURNEY.replace("  persona shopper from common", "persona   shopper   from common")
    root = _project(tmp_path, {"shared/common.journey": LIBRARY, "a.journey": messy})
    before = to_data(compile_file(root / "a.journey").document)
    formatted = format_text(messy, str(root / "a.journey"))
    assert formatted == format_text(JOURNEY) and "  persona shopper from common\n" in formatted
    assert format_text(LIBRARY) == LIBRARY
    (root / "a.journey").write_text(formatted, encoding="utf-8")
    assert to_data(compile_file(root / "a.journey").document) == before


def test_validate_shows_a_library_problem_once_with_the_library_s_own_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from journeyspec.cli import main_group

    broken = LIBRARY.replace('when event == "login"', 'when event ~ "(?<=x)"')
    root = _project(tmp_path, {"shared/common.journey": broken, "a.journey": JOURNEY})
    monkeypatch.chdir(root)
    alone = CliRunner().invoke(main_group, ["validate", "a.journey"])
    assert alone.exit_code == 1
    assert ' --> shared/common.journey:7:10\n  |\n7 |     when event ~ "(?<=x)"\n' in alone.stdout
    assert "taken by a.journey here at a.journey:6:21" in alone.stdout
    together = CliRunner().invoke(main_group, ["validate", "."])
    assert together.stdout.count("error[JS214]") == 1 and "1 error, 0 warnings in 2 files" in together.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(library_projects())
def test_fmt_never_changes_what_a_library_or_its_journey_compiles_to(project):
    """Over generated libraries and journeys taking from them: formatting each file on its own keeps
    the journey's IR (provenance included) and every diagnostic, never copies the library in, and is
    idempotent."""
    library, journey = project
    with tempfile.TemporaryDirectory() as folder:
        root = _project(Path(folder), {"shared/lib.journey": library, "j.journey": journey})
        before = _compiled(root)
        formatted = {name: format_text(text, str(root / name)) for name, text in
                     (("shared/lib.journey", library), ("j.journey", journey))}
        assert all(format_text(text) == text for text in formatted.values())
        assert "library" not in formatted["j.journey"] and "when" not in formatted["j.journey"].split("journey j")[0]
        for name, text in formatted.items():
            (root / name).write_text(text, encoding="utf-8")
        assert _compiled(root) == before


def _compiled(root: Path):
    """What the journey and the library alone compile to, and their diagnostics (place and code)."""
    journey, alone = compile_file(root / "j.journey"), compile_file(root / "shared/lib.journey")
    assert journey.document is not None, [(d.code, d.message) for d in journey.diagnostics]
    assert not alone.errors, [(d.code, d.message) for d in alone.errors]
    # Lines move when a file is formatted; the code, the file and the message stay.
    where = [(d.code, Path(d.span.file).name if d.span else None, d.message)
             for d in (*journey.diagnostics, *alone.diagnostics)]
    return to_data(journey.document), where
