"""Reading MediaWiki feeds: Atom and RSS bytes into a Feed of Entries."""

from __future__ import annotations

from .reader import iter_entries, read_feed

__all__ = ["iter_entries", "read_feed"]
