"""A variant (a distinct path and how many took it), and a population's variants as a read-only
sequence whose models are made when they are read.

At 10M events a population has tens of thousands of variants, and a check
reads them as arrays (its alignment runs over a code matrix) and lists only
the hundred most frequent. :class:`Variants` keeps what the engine computed,
:class:`~journeyspec.engine.facts.arrays.VariantArrays` and the step ids, and
builds :class:`Variant` models on demand: one when one is indexed, a slice's
when sliced, all of them (once) when iterated, compared, hashed or serialised.
To every reader it is a sequence of models; :meth:`Variants.arrays` hands the
arrays to those who want numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field

from journeyspec.gc_pause import paused_cyclic_gc
from journeyspec.ir.base import FrozenModel as Frozen
from journeyspec.ir.base import unvalidated

if TYPE_CHECKING:
    from journeyspec.engine.facts.arrays import VariantArrays


class Variant(Frozen):
    """One distinct path (ordered step ids) and how many sessions took it."""

    path: tuple[str, ...] = Field(description="Step ids, in path order.")
    count: int = Field(description="Sessions (or users) whose path this is.")
    success: int = Field(description="Of those, how many reached a success step (0 or `count`).")


class Variants(Sequence):
    """Variants, most frequent first (ties by path), as :class:`Variant` models.

    Made from models (``Variants((Variant(...), ...))``, as pydantic does when
    it validates a tuple or JSON) or from the engine's arrays
    (:meth:`from_arrays`). Equal to another :class:`Variants`, a tuple or a
    list holding equal models in the same order.
    """

    __slots__ = ("_arrays", "_step_ids", "_size", "_models")

    def __init__(self, models: Sequence[Variant] = ()) -> None:
        self._models: tuple[Variant, ...] | None = tuple(models)
        self._arrays: VariantArrays | None = None
        self._step_ids: tuple[str, ...] = ()
        self._size = len(self._models)

    @classmethod
    def from_arrays(cls, arrays: VariantArrays, step_ids: tuple[str, ...], size: int | None = None) -> Variants:
        """The first ``size`` variants of ``arrays`` (all when None); step indexes name ``step_ids``."""
        made = cls.__new__(cls)
        made._arrays = arrays
        made._step_ids = tuple(step_ids)
        made._size = arrays.size if size is None else min(size, arrays.size)
        made._models = None
        return made

    # --- the sequence --------------------------------------------------------------
    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):
        if self._models is not None:
            return self._models[index]
        if isinstance(index, slice):
            return tuple(self._model(i) for i in range(*index.indices(self._size)))
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("variant index out of range")
        return self._model(index)

    def __iter__(self):
        return iter(self.models())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Variants, tuple, list)):
            return len(self) == len(other) and self.models() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.models())

    def __repr__(self) -> str:
        return f"Variants({list(self[:3])!r}{', ...' if len(self) > 3 else ''}; {len(self)} variants)"

    def __reduce__(self):
        return (Variants, (self.models(),))

    # --- models and arrays -----------------------------------------------------------
    def models(self) -> tuple[Variant, ...]:
        """Every variant as a model (made once, then kept)."""
        if self._models is None:
            self._models = self._all_models()
        return self._models

    def arrays(self, step_ids: tuple[str, ...]):
        """The variants as numpy arrays over ``step_ids``' indexes: ``(steps, offsets, counts, success)``.

        ``steps`` holds every variant's step indexes, one path after another;
        ``offsets`` where each path starts, and their total (V+1); ``counts``
        the paths per variant and ``success`` how many of them succeeded. Taken
        from the engine's arrays as they are when they index the same steps;
        otherwise made from the models (a step outside ``step_ids`` raises KeyError).
        """
        import numpy as np

        if self._arrays is not None and self._step_ids == tuple(step_ids):
            arrays, size = self._arrays, self._size
            offsets = np.asarray(arrays.offsets[:size + 1], dtype=np.int64)
            return (np.asarray(arrays.steps[:offsets[-1]], dtype=np.int64), offsets,
                    np.asarray(arrays.counts[:size], dtype=np.int64), np.asarray(arrays.success[:size], dtype=np.int64))
        models = self.models()
        steps, offsets = flat_paths([v.path for v in models], step_ids)
        counts = np.fromiter((v.count for v in models), dtype=np.int64, count=len(models))
        success = np.fromiter((v.success for v in models), dtype=np.int64, count=len(models))
        return steps, offsets, counts, success

    def _model(self, row: int) -> Variant:
        arrays, names = self._arrays, self._step_ids
        start, end = int(arrays.offsets[row]), int(arrays.offsets[row + 1])
        path = tuple(names[i] for i in arrays.steps[start:end].tolist())
        return _variant(Variant, path, int(arrays.counts[row]), int(arrays.success[row]))

    def _all_models(self) -> tuple[Variant, ...]:
        import numpy as np

        arrays, size = self._arrays, self._size
        if size == 0:
            return ()
        bounds = arrays.offsets[:size + 1]
        names = np.array(self._step_ids, dtype=object)[arrays.steps[:bounds[-1]]].tolist()
        starts, ends = bounds[:-1].tolist(), bounds[1:].tolist()
        model = Variant
        # Tens of thousands of small objects that all stay alive: a cyclic collection
        # would walk them again and again for nothing (0.5 s -> 0.2 s at 62,501 variants).
        with paused_cyclic_gc():
            return tuple(
                _variant(model, tuple(names[start:end]), count, success)
                for start, end, count, success in zip(starts, ends, arrays.counts[:size].tolist(),
                                                       arrays.success[:size].tolist())
            )

    # --- pydantic ----------------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler) -> Any:
        from pydantic_core import core_schema

        models = handler.generate_schema(tuple[Variant, ...])
        from_models = core_schema.no_info_after_validator_function(cls, models)
        return core_schema.json_or_python_schema(
            json_schema=from_models,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_models]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda variants: variants.models(), return_schema=models),
        )


def flat_paths(paths, step_ids: tuple[str, ...]):
    """Paths of step ids as numpy arrays: every path's step indexes in ``step_ids``, one path after
    another, and where each path starts with their total (V+1). A step outside ``step_ids`` raises KeyError."""
    from itertools import chain

    import numpy as np

    index = {step: i for i, step in enumerate(step_ids)}
    offsets = np.zeros(len(paths) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, paths), dtype=np.int64, count=len(paths)), out=offsets[1:])
    steps = np.fromiter(map(index.__getitem__, chain.from_iterable(paths)), dtype=np.int64, count=int(offsets[-1]))
    return steps, offsets


def _variant(model: type[Variant], path: tuple[str, ...], count: int, success: int) -> Variant:
    """``Variant(path=..., count=..., success=...)`` without validating again what the arrays gave
    (2.6 -> 1.7 µs each; tests/engine/test_variant_sequence.py holds them equal to validated models)."""
    return unvalidated(model, {"path": path, "count": count, "success": success})


__all__ = ["Variant", "Variants", "flat_paths"]
