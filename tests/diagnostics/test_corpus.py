"""The corpus of broken maps: each yields exactly the diagnostics in its snapshot.

Every ``tests/corpus/broken/NN-name.journey`` has a ``NN-name.expected`` beside
it with one line per diagnostic, ``CODE line:col severity message``, in the
order ``validate`` reports them. Regenerate with ``pytest --update-goldens`` and
review the diff: a changed line is a changed message a map author will read.
A few files also have the full ``journeyspec validate`` text output as a golden
under ``tests/diagnostics/goldens/``, so the layout (arrow, excerpt, underline,
help) is pinned too.

The corpus is checked as a project with ``require_events = true`` would be: its
maps are written to be checked against data, so a step without `when` is a
warning there (JS216); a design-first project does not see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.diagnostics.codes import CODES
from journeyspec.lang.frontend import compile_file, compile_paths

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "broken"
BROKEN = sorted(CORPUS.glob("*.journey"))

# Files whose complete rendered output is pinned: one per family of mistakes.
RENDERED = [
    "03-binary-junk",
    "05-missing-brace-at-end",
    "08-single-equals",
    "09-flow-greater-than",
    "14-unclosed-string",
    "16-misspelt-step-keyword",
    "38-unknown-step-did-you-mean",
    "58-duplicate-edge",
    "80-several-syntax-errors",
    "81-several-design-errors",
    "84-label-control-characters",
    "261-curly-quotes",
    "262-hyphen-in-id",
    "263-stage-as-step",
    "264-step-missing-brace",
    "265-time-without-statistic",
]


def snapshot_lines(path: Path) -> str:
    result = compile_file(path, require_events=True)
    lines = [
        f"{d.code} {d.span.line}:{d.span.column} {d.severity.value} {d.message}" if d.span else f"{d.code} - {d.severity.value} {d.message}"
        for d in result.diagnostics
    ]
    return "".join(line + "\n" for line in lines)


def test_corpus_is_large_enough():
    assert len(BROKEN) >= 45


def test_every_file_has_a_snapshot():
    missing = [p.name for p in BROKEN if not p.with_suffix(".expected").exists()]
    orphans = [p.name for p in CORPUS.glob("*.expected") if not p.with_suffix(".journey").exists()]
    assert not missing and not orphans, (missing, orphans)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_map_matches_snapshot(path: Path, snapshot):
    actual = snapshot_lines(path)
    assert actual, f"{path.name} is in the broken corpus but yields no diagnostic"
    snapshot(path.with_suffix(".expected"), actual)


def test_corpus_covers_every_syntax_and_semantic_code():
    seen = set()
    for path in BROKEN:
        seen.update(d.code for d in compile_file(path, require_events=True).diagnostics)
    # A library entry no journey takes (JS255) shows only when the library is validated with its users.
    seen.update(d.code for result in compile_paths([CORPUS], require_events=True) for d in result.diagnostics)
    wanted = {code for code in CODES if code.startswith(("JS1", "JS2"))}
    assert wanted - seen == set(), f"no broken map yields {sorted(wanted - seen)}"


@pytest.mark.parametrize("stem", RENDERED)
def test_rendered_diagnostics_match_golden(stem: str, golden, monkeypatch):
    # Run from the repository root so the `-->` paths in the output are relative and stable.
    monkeypatch.chdir(ROOT)
    relative = (CORPUS / f"{stem}.journey").relative_to(ROOT).as_posix()
    result = CliRunner().invoke(main_group, ["validate", relative])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout + f"--- stderr ---\n{result.stderr}--- exit code {result.exit_code} ---\n"
    golden(f"{stem}.txt", text)
