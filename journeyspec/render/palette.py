"""Colours shared by every drawing, so the graph, the canvas and Mermaid agree.

Emotion runs on one diverging scale: red for -3, grey for 0, green for +3.
The number is always printed beside the colour, so a map still reads when it
is printed in black and white or seen by someone who cannot tell red from green.
"""

from __future__ import annotations

# One colour per score, red through grey to green; each dark enough to carry
# white text (contrast 4:1 or better), so badges stay legible.
_SCALE = {
    -3: (0x99, 0x1B, 0x1B),
    -2: (0xB9, 0x1C, 0x1C),
    -1: (0xC2, 0x56, 0x4F),
    0: (0x6B, 0x72, 0x80),
    1: (0x4D, 0x8A, 0x5E),
    2: (0x15, 0x80, 0x3D),
    3: (0x16, 0x65, 0x34),
}

INK = "#1e293b"
MUTED = "#64748b"
FAINT = "#94a3b8"
RULE = "#cbd5e1"
PAPER = "#ffffff"
PANEL = "#f8fafc"

START_FILL = "#dbeafe"
START_STROKE = "#1d4ed8"
SUCCESS_FILL = "#dcfce7"
SUCCESS_STROKE = "#15803d"
# A designed ending (`end`): the journey stops there by design, without success. Neutral slate,
# so it reads as an outcome (a double frame, like success) that is neither good nor bad.
ENDING_FILL = "#f1f5f9"
ENDING_STROKE = "#475569"

PAIN_FILL = "#fef2f2"
PAIN_STROKE = "#dc2626"
OPPORTUNITY_FILL = "#ecfdf5"
OPPORTUNITY_STROKE = "#059669"
# A moment of truth: amber, apart from the start's blue, success's green and a pain's red.
MOMENT_STROKE = "#b45309"

# One emotion curve per persona that has emotions of its own (`emotion ... for ID`), in written
# order: colours apart from the emotion scale's reds and greens, each with its own dash, so the
# curves stay apart in grey print too.
PERSONA_CURVES = (
    ("#7c3aed", "8 4"),
    ("#0891b2", "2 4"),
    ("#db2777", "12 4 2 4"),
    ("#ca8a04", "4 4"),
    ("#4d7c0f", "10 3 3 3 3 3"),
    ("#9f1239", "1 3"),
)

# Each lane of notes: (fill, the stripe on the note's left edge). Thinking in violet, what people
# said in sky blue, the service blueprint in cool to warm greys from frontstage to support.
NOTE_COLORS = {
    "thoughts": ("#f5f3ff", "#7c3aed"),
    "quotes": ("#f0f9ff", "#0369a1"),
    "pains": (PAIN_FILL, PAIN_STROKE),
    "opportunities": (OPPORTUNITY_FILL, OPPORTUNITY_STROKE),
    "frontstage": ("#eef2ff", "#4338ca"),
    "backstage": ("#f1f5f9", "#475569"),
    "support": ("#fafaf9", "#78716c"),
}

UNEXPECTED = "#dc2626"
UNOBSERVED = "#94a3b8"

# What a diff marks: GitHub's green, red and amber, as reviewers know them from pull requests.
ADDED = "#1a7f37"
REMOVED = "#cf222e"
CHANGED = "#bf8700"
MARKS = {"added": ADDED, "removed": REMOVED, "changed": CHANGED}

# A step taken from a library (`step login from common`): violet, apart from every other mark.
SHARED = "#6d28d9"

FONT_FAMILY = "Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif"
MONO_FAMILY = "Menlo, Consolas, DejaVu Sans Mono, monospace"


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def _mix(a: tuple[float, ...], b: tuple[float, ...], t: float) -> tuple[float, float, float]:
    return tuple(x + (y - x) * t for x, y in zip(a, b))  # type: ignore[return-value]


def _scale(score: int) -> tuple[int, int, int]:
    return _SCALE[max(-3, min(3, score))]


def emotion_color(score: int) -> str:
    """The strong colour of an emotion score (for dots, badges, lines)."""
    return _hex(_scale(score))


def emotion_tint(score: int, strength: float = 0.14) -> str:
    """A pale tint of the emotion colour, for backgrounds behind dark text."""
    return _hex(_mix((255, 255, 255), _scale(score), strength))


def emotion_edge(score: int) -> str:
    """A mid-strength emotion colour for outlines."""
    return emotion_tint(score, 0.55)
