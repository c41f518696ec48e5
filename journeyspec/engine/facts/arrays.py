"""A population's variants as arrays: grouping paths into variants, ordering them, and what they sum to.

Both ways of reducing end in the same :class:`VariantArrays`. The DuckDB fast
path groups its cut paths once (:func:`group_paths`: every path's step bytes,
dictionary-encoded by Arrow, so equal paths get one number exactly) and
counts each population's variants from those numbers
(:func:`population_variants`); the shared pass's variant query is already
grouped and only needs ordering (:func:`from_table`). Per-step reach, ends
and visits and the paths containing each transition are exact sums over
(variant, count), taken from the arrays with numpy
(:func:`step_counts`, :func:`transition_paths`).

Variants are ordered most frequent first, ties by path, where paths compare
as the lists of their step indexes do (element by element, a prefix first):
that is how the bytes of the step indexes, big-endian, compare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VariantArrays:
    """A population's distinct paths, most frequent first (ties by path).

    Attributes:
        steps: The step indexes of every variant's path, one path after another.
        offsets: Where each variant's path starts in ``steps``, and their total (V+1).
        counts: Paths (sessions or users) per variant.
        success: Of those, how many reached a success step.
    """

    steps: object
    offsets: object
    counts: object
    success: object

    @property
    def size(self) -> int:
        """Number of distinct variants V."""
        return len(self.counts)

    def path(self, row: int) -> tuple[int, ...]:
        """The step indexes of one variant's path."""
        return tuple(self.steps[self.offsets[row]:self.offsets[row + 1]].tolist())


@dataclass(frozen=True)
class PathGroups:
    """Every population path's variant number, with the distinct paths numbered in path order.

    Attributes:
        variant: Per population path, the number of its distinct path (0..D-1, in path order).
        steps: The distinct paths' step indexes, one after another, in path order.
        offsets: Where each distinct path starts in ``steps``, and their total (D+1).
    """

    variant: object
    steps: object
    offsets: object


def group_paths(visit_step, offsets) -> PathGroups:
    """Group paths (given as their visits' step indexes and each path's first visit) into distinct paths.

    Exact: each path becomes the bytes of its step indexes, which Arrow's
    dictionary encoding (a hash table that compares the bytes) numbers;
    the distinct byte strings are then sorted, which is path order.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = np.asarray(offsets, dtype=np.int64)
    keys = _path_bytes(visit_step, offsets)
    encoded = pc.dictionary_encode(keys)
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    variant = rank[encoded.indices.to_numpy()] if len(order) else np.zeros(len(keys), dtype=np.int64)
    one = np.zeros(len(order), dtype=np.int64)
    one[variant] = np.arange(len(variant))  # one path of each variant (which one does not matter: they are equal)
    steps, bounds = _gather(np.asarray(visit_step), offsets, one)
    return PathGroups(variant=variant, steps=steps, offsets=bounds)


def population_variants(groups: PathGroups, success, inside=None) -> VariantArrays:
    """The variants of a population: all paths of ``groups``, or those where ``inside`` holds.

    Args:
        groups: What :func:`group_paths` returned for every population path.
        success: Per population path, whether it reached a success step.
        inside: Per population path, whether it belongs to this population; None for all.
    """
    import numpy as np

    variant = groups.variant if inside is None else groups.variant[inside]
    chosen_success = success if inside is None else success[inside]
    number = len(groups.offsets) - 1
    counts = np.bincount(variant, minlength=number)
    successes = np.bincount(variant[chosen_success], minlength=number)
    present = np.flatnonzero(counts)  # in path order
    order = present[np.argsort(-counts[present], kind="stable")]
    steps, offsets = _gather(groups.steps, groups.offsets, order)
    return VariantArrays(steps=steps, offsets=offsets, counts=counts[order].astype(np.int64),
                         success=successes[order].astype(np.int64))


def from_table(variants) -> VariantArrays:
    """The ordered arrays of a variant table (``path`` list of step indexes, ``count``, ``success``),
    one row per distinct path in any order, as the shared pass's variant query returns it."""
    import numpy as np
    import pyarrow.compute as pc

    if variants.num_rows == 0:
        empty = np.zeros(0, dtype=np.int64)
        return VariantArrays(steps=np.zeros(0, dtype=np.int16), offsets=np.zeros(1, dtype=np.int64),
                             counts=empty, success=empty)
    paths = variants.column("path").combine_chunks()
    steps = pc.list_flatten(paths).to_numpy(zero_copy_only=False).astype(np.int16)
    offsets = paths.offsets.to_numpy().astype(np.int64)
    offsets = offsets - offsets[0]
    counts = variants.column("count").to_numpy().astype(np.int64)
    success = variants.column("success").to_numpy().astype(np.int64)
    by_path = pc.sort_indices(_path_bytes(steps, offsets)).to_numpy()
    order = by_path[np.argsort(-counts[by_path], kind="stable")]
    steps, offsets = _gather(steps, offsets, order)
    return VariantArrays(steps=steps, offsets=offsets, counts=counts[order], success=success[order])


def step_counts(variants: VariantArrays, steps: int) -> tuple[list[int], list[int], list[int]]:
    """Per step index: paths reaching it, paths ending at it, visits, weighted by variant count."""
    import numpy as np

    if variants.size == 0:
        zeros = [0] * steps
        return zeros, list(zeros), list(zeros)
    owner = _owners(variants)
    flat = variants.steps.astype(np.int64)
    weights = variants.counts[owner]
    visits = np.zeros(steps, dtype=np.int64)
    np.add.at(visits, flat, weights)
    present = distinct(owner * steps + flat)
    reached = np.zeros(steps, dtype=np.int64)
    np.add.at(reached, present % steps, variants.counts[present // steps])
    ended = np.zeros(steps, dtype=np.int64)
    np.add.at(ended, flat[variants.offsets[1:] - 1], variants.counts)
    return reached.tolist(), ended.tolist(), visits.tolist()


def transition_paths(variants: VariantArrays, steps: int) -> dict[tuple[int, int], int]:
    """Per (source, target) step index: paths containing the transition, weighted by variant count."""
    import numpy as np

    if variants.size == 0:
        return {}
    owner = _owners(variants)
    flat = variants.steps.astype(np.int64)
    consecutive = owner[:-1] == owner[1:]
    pairs = steps * steps
    present = distinct(owner[:-1][consecutive] * pairs + flat[:-1][consecutive] * steps + flat[1:][consecutive])
    totals = np.zeros(pairs, dtype=np.int64)
    np.add.at(totals, present % pairs, variants.counts[present // pairs])
    return {(int(c) // steps, int(c) % steps): int(totals[c]) for c in np.flatnonzero(totals)}


def distinct(values):
    """The distinct values, sorted (``np.unique`` without its hash table, which is several times slower here)."""
    import numpy as np

    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _owners(variants: VariantArrays):
    """The variant of every element of ``variants.steps``."""
    import numpy as np

    return np.repeat(np.arange(variants.size, dtype=np.int64), np.diff(variants.offsets))


def _path_bytes(steps, offsets):
    """Each path as an Arrow binary value: its step indexes' big-endian bytes (no copy for one-byte steps)."""
    import numpy as np
    import pyarrow as pa

    steps = np.asarray(steps)
    width = steps.dtype.itemsize
    data = steps if width == 1 else steps.astype(f">u{width}")
    data = np.ascontiguousarray(data).view(np.uint8)
    offsets = np.asarray(offsets, dtype=np.int64)
    return pa.Array.from_buffers(pa.large_binary(), len(offsets) - 1,
                                 [None, pa.py_buffer(offsets * width), pa.py_buffer(data)])


def _gather(steps, offsets, rows):
    """The paths ``rows`` (in that order) of flat ``steps`` with ``offsets``: (steps, offsets)."""
    import numpy as np

    lengths = np.diff(offsets)[rows]
    bounds = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    index = np.repeat(offsets[:-1][rows] - bounds[:-1], lengths) + np.arange(bounds[-1], dtype=np.int64)
    return steps[index], bounds


__all__ = [
    "PathGroups",
    "VariantArrays",
    "distinct",
    "from_table",
    "group_paths",
    "population_variants",
    "step_counts",
    "transition_paths",
]
