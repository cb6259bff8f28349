"""MediaWiki XML exports (Special:Export, dumpBackup.php, Wikimedia's dumps) into pages and revisions."""

from __future__ import annotations

from .multistream import iter_index, stream_offsets
from .opening import DumpSource
from .reader import DEFAULT_MAX_PAGE_CHARS, iter_pages

__all__ = ["DEFAULT_MAX_PAGE_CHARS", "DumpSource", "iter_index", "iter_pages", "stream_offsets"]
