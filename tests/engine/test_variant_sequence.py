"""Variants made from the engine's arrays (journeyspec/engine/facts/variant.py) behave as a tuple of models.

Random variant tables are held against the tuple of validated models they
stand for: length, indexing (negative too), slices, iteration, equality both
ways, hashing, serialisation, pickling, the arrays handed to the check; and
nothing is built that was not read.
"""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from journeyspec.engine.facts.arrays import VariantArrays
from journeyspec.engine.facts.models import PopulationFacts, StepFacts
from journeyspec.engine.facts.variant import Variant, Variants, _variant

STEP_IDS = ("home", "search", "product", "pay")

tables = st.lists(
    st.tuples(st.lists(st.integers(0, len(STEP_IDS) - 1), min_size=1, max_size=5), st.integers(1, 50), st.booleans()),
    max_size=12,
)


def arrays_of(rows, dtype=np.uint8) -> VariantArrays:
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(path) for path, _, _ in rows], out=offsets[1:])
    return VariantArrays(
        steps=np.array([s for path, _, _ in rows for s in path], dtype=dtype),
        offsets=offsets,
        counts=np.array([count for _, count, _ in rows], dtype=np.int64),
        success=np.array([count if won else 0 for _, count, won in rows], dtype=np.int64),
    )


def models_of(rows) -> tuple[Variant, ...]:
    return tuple(Variant(path=tuple(STEP_IDS[s] for s in path), count=count, success=count if won else 0)
                 for path, count, won in rows)


def population(variants) -> PopulationFacts:
    return PopulationFacts(sessions=0, success=0, variants=variants,
                           distinct_variants=len(variants), transitions=(),
                           steps=tuple(StepFacts(step=s, reached=0, ended=0, visits=0, friction_sessions=0,
                                                 friction_events=0, sentiment_count=0, sentiment_sum=0.0)
                                       for s in STEP_IDS))


@settings(max_examples=200, deadline=None)
@given(tables, st.data())
def test_variants_from_arrays_are_the_tuple_of_models(rows, data):
    expected = models_of(rows)
    size = data.draw(st.none() | st.integers(0, len(rows)), label="cap")
    if size is not None:
        expected = expected[:size]
    variants = Variants.from_arrays(arrays_of(rows, data.draw(st.sampled_from([np.uint8, np.uint16]))),
                                    STEP_IDS, size)
    assert len(variants) == len(expected)
    for i in range(-len(expected), len(expected)):
        assert variants[i] == expected[i]
    start, stop = data.draw(st.integers(-15, 15)), data.draw(st.integers(-15, 15))
    assert variants[start:stop] == expected[start:stop]
    assert variants[::-1] == expected[::-1]
    for wrong in (len(expected), -len(expected) - 1):
        with pytest.raises(IndexError):
            variants[wrong]
    assert tuple(variants) == expected
    assert variants == expected and expected == variants and variants == list(expected)
    assert variants == Variants(expected) and hash(variants) == hash(Variants(expected)) == hash(expected)
    if expected:
        last = expected[-1]
        recounted = expected[:-1] + (Variant(path=last.path, count=last.count + 1, success=last.success),)
        assert variants != expected[:-1] and variants != recounted and variants != expected + (last,)
    assert pickle.loads(pickle.dumps(variants)) == expected


@settings(max_examples=100, deadline=None)
@given(tables)
def test_arrays_from_the_engine_equal_arrays_from_models(rows):
    from_arrays = Variants.from_arrays(arrays_of(rows), STEP_IDS).arrays(STEP_IDS)
    from_models = Variants(models_of(rows)).arrays(STEP_IDS)
    for got, want in zip(from_arrays, from_models):
        assert got.dtype == want.dtype == np.int64
        assert got.tolist() == want.tolist()


def test_arrays_over_other_steps_are_made_from_the_models():
    variants = Variants.from_arrays(arrays_of([([0, 3], 2, True)]), STEP_IDS)
    steps, offsets, counts, success = variants.arrays(("pay", "home"))
    assert steps.tolist() == [1, 0] and offsets.tolist() == [0, 2] and counts.tolist() == [2]
    assert success.tolist() == [2]
    with pytest.raises(KeyError):
        variants.arrays(("home",))


def test_nothing_is_built_that_was_not_read():
    rows = [([0, 1, 2], 5, False), ([0, 3], 2, True), ([2], 1, False)]
    variants = Variants.from_arrays(arrays_of(rows), STEP_IDS)
    assert len(variants) == 3 and variants[0].count == 5 and variants[1:2] == models_of(rows)[1:2]
    variants.arrays(STEP_IDS)
    assert variants._models is None
    assert list(variants) == list(models_of(rows))
    assert variants._models is not None


@settings(max_examples=50, deadline=None)
@given(tables)
def test_facts_serialise_validate_and_compare_as_with_a_tuple(rows):
    lazy, eager = population(Variants.from_arrays(arrays_of(rows), STEP_IDS)), population(models_of(rows))
    assert lazy == eager and hash(lazy) == hash(eager)
    assert lazy.model_dump() == eager.model_dump()
    dumped = lazy.model_dump_json()
    assert json.loads(dumped)["variants"] == [{"path": list(v.path), "count": v.count, "success": v.success}
                                              for v in models_of(rows)]
    again = PopulationFacts.model_validate_json(dumped)
    assert again == lazy and isinstance(again.variants, Variants)
    assert PopulationFacts.model_validate(lazy.model_dump()) == lazy


def test_facts_accept_tuples_and_lists_of_models_and_reject_the_rest():
    models = models_of([([0, 1], 3, False)])
    assert population(list(models)).variants == models
    assert isinstance(population(models).variants, Variants)
    with pytest.raises(ValidationError):
        population(({"path": ["home"], "count": "many", "success": 0},))
    with pytest.raises(ValidationError):
        population("home")
    schema = PopulationFacts.model_json_schema()
    assert schema["properties"]["variants"]["type"] == "array"


def test_variants_built_without_validation_equal_validated_models():
    fast_built = _variant(Variant, ("home", "pay"), 3, 1)
    with pytest.raises(ValidationError):
        fast_built.count = 4
    assert fast_built.model_fields_set is not _variant(Variant, ("pay",), 1, 1).model_fields_set
    validated = Variant(path=("home", "pay"), count=3, success=1)
    assert fast_built == validated and hash(fast_built) == hash(validated)
    assert fast_built.model_dump() == validated.model_dump()
    assert fast_built.model_fields_set == validated.model_fields_set
    assert fast_built.__getstate__() == validated.__getstate__()
