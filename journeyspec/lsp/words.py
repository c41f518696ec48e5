"""The texts hover shows for the language's own words, copied from the spec.

``tests/lsp/test_words.py`` holds every text here to ``spec/metrics.md`` and
``spec/language.md``, so a definition changed there fails the suite until it
is changed here too.
"""

from __future__ import annotations

# `keyword` -> (how it is written, what it measures: spec/metrics.md's table, links as plain words)
METRICS: dict[str, tuple[str, str]] = {
    "sessions": ("sessions", "N"),
    "conformance": (
        "conformance",
        (
            "share of paths that conform: the first step is a `start` step and every consecutive pair is a designed "
            "`flow` edge. A path may end anywhere: abandoning is a drop-off, not a deviation."
        ),
    ),
    "conversion": (
        "conversion A -> B [within W]",
        "among paths containing A, the share with B after the first A (and no later than W after it)",
    ),
    "reach": ("reach X", "share of paths containing X"),
    "dropoff": (
        "dropoff at X",
        (
            "among paths containing X, the share that are abandoned (neither successful nor ended by design) and whose "
            "last step is X (see Drop-off)"
        ),
    ),
    "time": (
        "time Q A -> B",
        (
            "over paths with B after the first A, the quantile Q (linear interpolation, as DuckDB's `quantile_cont`) or "
            "the mean of the time from the first A to the first B after it"
        ),
    ),
    "skips": ("skips X", "among paths that reach a success step, the share that never visit X"),
    "unexpected": (
        "unexpected transitions",
        "share of all observed transitions (consecutive pairs, all paths) that are not designed edges",
    ),
    "friction": (
        "friction at X",
        "among paths containing X, the share with at least one friction event attributed to X",
    ),
    "switches": ("switches FIELD", "share of paths whose events carry more than one distinct value of FIELD"),
    "share": ("share where C", "share of paths whose first event matches C (see Share)"),
    "emotion": (
        "emotion at STAGE",
        (
            "mean of the `sentiment` field over the events carrying it that are attributed to the stage's steps, "
            "rescaled linearly from LO..HI to -3..+3"
        ),
    ),
}
METRICS["transitions"] = METRICS["unexpected"]

# The designed emotion scale: spec/language.md's table.
EMOTIONS: tuple[tuple[str, str], ...] = (
    ("-3", "very negative: angry, desperate"),
    ("-2", "negative: frustrated, stuck"),
    ("-1", "slightly negative: anxious, impatient"),
    ("0", "neutral"),
    ("+1", "slightly positive: curious, hopeful"),
    ("+2", "positive: relieved, pleased"),
    ("+3", "very positive: delighted"),
)


def emotion_scale(score: int | None = None) -> str:
    """The scale as a Markdown table, the row of ``score`` in bold."""
    rows = ["| score | reads as |", "|---|---|"]
    for written, meaning in EMOTIONS:
        mark = "**" if score is not None and int(written) == score else ""
        rows.append(f"| {mark}`{written}`{mark} | {mark}{meaning}{mark} |")
    return "\n".join(rows)
