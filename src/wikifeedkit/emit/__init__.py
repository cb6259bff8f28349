"""Writers: the model into other formats."""

from __future__ import annotations

from .bibtex import BibtexWriter, to_bibtex
from .json import from_json, to_json

__all__ = ["BibtexWriter", "from_json", "to_bibtex", "to_json"]
