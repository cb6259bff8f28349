"""Writers: the model into other formats."""

from __future__ import annotations

from .json import from_json, to_json

__all__ = ["from_json", "to_json"]
