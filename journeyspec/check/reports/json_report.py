"""The JSON report: the whole result, values unrounded; schema in spec/check-result.schema.json."""

from __future__ import annotations

import json

from journeyspec.check.result import CheckResult
from journeyspec.inert import json_text

SCHEMA_ID = "https://journeyspec.dev/schema/check-result.schema.json"


def to_json(result: CheckResult) -> str:
    return json_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False)) + "\n"


def json_schema() -> str:
    """The JSON Schema of the report, as committed under spec/."""
    schema = CheckResult.model_json_schema(by_alias=True, mode="serialization")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


__all__ = ["json_schema", "to_json"]
