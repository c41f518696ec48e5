"""The reduced facts, and how both routes build them.

The frozen models (:mod:`.models`, with the :class:`~.variant.Variant` model and
the lazily built sequence of them in :mod:`.variant`), a population's variants
as numpy arrays (:mod:`.arrays`), and the builder that turns the Arrow tables
either route produces into those models (:mod:`.build`). Everything both the
Arrow route (:mod:`journeyspec.engine.arrow`) and the SQL route
(:mod:`journeyspec.engine.sql`) share lives here, so neither needs the other.
It may import :mod:`journeyspec.ir`, :mod:`journeyspec.gc_pause`, pydantic,
and numpy or pyarrow inside functions; nothing else of the engine.
"""
