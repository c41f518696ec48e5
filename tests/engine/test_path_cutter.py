"""Paths cut batch by batch (journeyspec/engine/arrow/kernels.py's PathCutter) equal paths cut at once.

The fast path cuts each batch of the sorted stream as it arrives, carrying
over what the next batch needs (path count, last kept time, last step
event). Random streams, split at random points, must give the same paths,
visits and population as the whole stream in one batch: with and without a
session gap, with repeats collapsed or kept. (The parity tests in
test_fast_path.py hold the one-batch cut to the shared Ibis pass.)
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from journeyspec.engine.arrow.kernels import IGNORED, PathCutter, Paths

STEPS = 3
FIELDS = ("kept", "path", "bounds", "member", "step_rows", "visit_step", "visit_t", "visit_member", "offsets")


@st.composite
def streams(draw):
    size = draw(st.integers(0, 40))
    # Codes: steps 0..2, then friction, off-map, ignored, skipped (only where a key is missing, last).
    code = np.array(draw(st.lists(st.integers(0, STEPS + IGNORED), min_size=size, max_size=size)), dtype=np.uint8)
    t = np.cumsum(draw(st.lists(st.integers(0, 4), min_size=size, max_size=size))).astype(np.int64)
    changed = np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype=bool)
    if size:
        changed[0] = True
    cuts = sorted(draw(st.lists(st.integers(0, size), max_size=6)))
    return code, t, changed, cuts


def batched(code, t, changed, cuts, *, gap, keep_repeats) -> Paths:
    cutter = PathCutter(STEPS, gap=gap, keep_repeats=keep_repeats, total=len(code))
    for start, end in zip([0, *cuts], [*cuts, len(code)]):
        cutter.add(code[start:end], t[start:end], changed[start:end])
    return cutter.finish(code)


@settings(max_examples=400, deadline=None)
@given(streams(), st.sampled_from([None, 0, 2]), st.booleans())
def test_any_split_gives_the_paths_of_the_whole_stream(stream, gap, keep_repeats):
    code, t, changed, cuts = stream
    whole = batched(code, t, changed, [], gap=gap, keep_repeats=keep_repeats)
    split = batched(code, t, changed, cuts, gap=gap, keep_repeats=keep_repeats)
    for field in FIELDS:
        assert getattr(split, field).tolist() == getattr(whole, field).tolist(), field
        assert getattr(split, field).dtype == getattr(whole, field).dtype, field
    assert split.size == whole.size


def test_a_gap_and_a_repeat_across_a_batch_boundary():
    # One key: step 0 at t=0 and t=1 (a repeat), step 1 at t=10 (after a gap of 5).
    code = np.array([0, 0, 1], dtype=np.uint8)
    t = np.array([0, 1, 10], dtype=np.int64)
    changed = np.array([True, False, False])
    for cuts in ([], [1], [2], [1, 2]):
        paths = batched(code, t, changed, cuts, gap=5, keep_repeats=False)
        assert paths.path.tolist() == [0, 0, 1]
        assert paths.visit_step.tolist() == [0, 1] and paths.offsets.tolist() == [0, 1, 2]
        assert batched(code, t, changed, cuts, gap=None, keep_repeats=True).visit_step.tolist() == [0, 0, 1]
