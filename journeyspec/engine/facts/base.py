"""The base of every facts model: frozen, and refusing any field it does not declare."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """A frozen pydantic model with ``extra="forbid"``: the facts are read, never changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


__all__ = ["Frozen"]
