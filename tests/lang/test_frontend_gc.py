"""compile_text pauses the cyclic collector and hands what it built to the oldest generation."""

from __future__ import annotations

import gc

import pytest

from journeyspec.lang.frontend import compile_text

MAP = 'journey j { stage s { step a { when event == "a" } } start a success a }\n'


@pytest.fixture
def collector():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def test_the_collector_is_enabled_again_and_nothing_stays_frozen(collector):
    assert compile_text(MAP).ok
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_map_skips_the_young_generation(collector):
    gc.collect()
    compiled = compile_text(MAP)
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert id(compiled.document) not in young
    assert any(o is compiled.document for o in gc.get_objects(generation=2))


def test_objects_the_program_froze_stay_frozen(collector):
    sentinel = [object()]
    gc.freeze()
    assert not any(o is sentinel for o in gc.get_objects())
    assert compile_text(MAP).ok
    assert gc.get_freeze_count() > 0
    assert not any(o is sentinel for o in gc.get_objects())


def test_a_disabled_collector_stays_disabled(collector):
    gc.disable()
    assert compile_text(MAP).ok
    assert not gc.isenabled()
    gc.enable()
