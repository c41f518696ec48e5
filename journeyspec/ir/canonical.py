"""Canonical JSON of the IR, and its JSON Schema.

Canonical means: keys in model order, elements in declaration order, two-space
indentation, a final newline, and no source spans or file paths unless asked
for, so the output is stable under reformatting and fit for git and goldens.
"""

from __future__ import annotations

import json
from typing import Any

from journeyspec.ir.journey import Document, Journey

_LOCATION_KEYS = ("span", "file")


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _LOCATION_KEYS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def to_data(model: Document | Journey, *, spans: bool = False) -> Any:
    """Plain JSON-able data of an IR model; spans and file paths only when ``spans`` is true."""
    data = model.model_dump(mode="json")
    return data if spans else _strip(data)


def to_json(model: Document | Journey, *, spans: bool = False) -> str:
    """Canonical JSON text of an IR model."""
    return json.dumps(to_data(model, spans=spans), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> str:
    """The JSON Schema of a compiled document, as committed under ``spec/``."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "journeyspec IR"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
