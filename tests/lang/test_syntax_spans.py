"""`Loc.to_span` makes its IR span without pydantic's validation: it must make the same model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from journeyspec.ir.base import Span
from journeyspec.lang.front.syntax import Loc

positions = st.integers(min_value=0, max_value=10**9)
locs = st.builds(Loc, st.one_of(st.none(), st.text(max_size=20)), positions, positions, positions, positions, positions,
                 positions)


@given(locs)
def test_to_span_equals_the_validated_model(loc: Loc):
    made, validated = loc.to_span(), Span(**loc._asdict())
    assert made == validated
    assert hash(made) == hash(validated)
    assert made.model_dump() == validated.model_dump()
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump_json() == validated.model_dump_json()


def test_to_span_is_frozen_and_each_span_owns_its_fields_set():
    first, second = Loc("a.journey", 0, 3, 1, 1, 1, 4).to_span(), Loc(None, 5, 6, 2, 1, 2, 2).to_span()
    with pytest.raises(ValidationError):
        first.line = 9
    first.model_fields_set.discard("line")
    assert "line" in second.model_fields_set
    assert first.with_file("b.journey").file == "b.journey"
    assert first.model_copy(update={"end": 4}).end == 4
