"""The icons a step may show (`icon "credit-card"`): a small set vendored as SVG, so pictures work offline.

The set is Lucide's (ISC licence, ``lucide/LICENSE.txt``), version 1.62.0 of
the ``lucide-static`` package, cut down to the icons in :data:`NAMES`: the
common moments of a customer journey. To add one, copy its SVG from that
package into ``lucide/`` and add its name here; tests/ir/test_icons.py holds
the two in step.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

LUCIDE_VERSION = "1.62.0"

NAMES: tuple[str, ...] = (
    "award", "bed", "bell", "calendar", "camera", "car", "circle-check", "circle-help", "clock", "coffee",
    "credit-card", "door-open", "download", "file-text", "gift", "globe", "headphones", "heart", "hotel", "house",
    "key", "list-checks", "lock", "log-in", "luggage", "mail", "map-pin", "message-circle", "monitor", "package",
    "phone", "plane", "qr-code", "receipt", "search", "settings", "shield-check", "shopping-cart", "smartphone",
    "star", "thumbs-down", "thumbs-up", "truck", "user", "users", "utensils", "wallet",
)  # fmt: skip
"""Every icon name a map may write, sorted."""

_INNER = re.compile(r"<svg[^>]*>(?P<body>.*)</svg>", re.DOTALL)


@cache
def svg(name: str) -> str:
    """The icon's file as vendored: a 24×24 SVG drawn with ``currentColor`` strokes."""
    if name not in NAMES:
        raise KeyError(name)
    return resources.files(__package__).joinpath("lucide", f"{name}.svg").read_text(encoding="utf-8")


@cache
def shapes(name: str) -> str:
    """The icon's shapes (the inside of its ``<svg>``), to place in a picture of 24×24 units."""
    match = _INNER.search(svg(name))
    if match is None:  # pragma: no cover - every vendored file is checked by tests/ir/test_icons.py
        raise ValueError(f"icon {name!r} has no <svg> element")
    return " ".join(line.strip() for line in match["body"].strip().splitlines())


__all__ = ["LUCIDE_VERSION", "NAMES", "shapes", "svg"]
