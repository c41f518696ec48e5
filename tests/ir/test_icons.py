"""The vendored icon set: every name a map may write has its SVG, and nothing else is shipped."""

from __future__ import annotations

import re
from importlib import resources
from xml.etree import ElementTree

import pytest

from journeyspec.ir import icons

FOLDER = resources.files("journeyspec.ir.icons").joinpath("lucide")


def test_every_listed_name_has_its_svg_and_every_svg_is_listed():
    shipped = sorted(p.name[: -len(".svg")] for p in FOLDER.iterdir() if p.name.endswith(".svg"))
    assert shipped == sorted(icons.NAMES)
    assert list(icons.NAMES) == sorted(icons.NAMES)


def test_the_licence_ships_with_the_icons():
    licence = FOLDER.joinpath("LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith("ISC License") and "Lucide" in licence


@pytest.mark.parametrize("name", icons.NAMES)
def test_each_icon_is_a_24_unit_stroke_drawing(name: str):
    root = ElementTree.fromstring(icons.svg(name))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 24 24" and root.get("stroke") == "currentColor"
    shapes = icons.shapes(name)
    assert shapes and "<svg" not in shapes and "\n" not in shapes
    # Only plain shapes: nothing that loads or runs anything when a picture embeds it.
    assert not re.search(r"<(script|image|use|foreignObject)|href|on\w+=", shapes)
    ElementTree.fromstring(f'<g xmlns="http://www.w3.org/2000/svg">{shapes}</g>')


def test_an_unknown_name_is_refused():
    with pytest.raises(KeyError):
        icons.svg("../__init__.py")
