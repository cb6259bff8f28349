"""wikifeedkit: MediaWiki feeds and wikitext into clean, typed data and documents.

>>> import wikifeedkit as wfk
>>> feed = wfk.read_feed("feed.atom")  # doctest: +SKIP
"""

from __future__ import annotations

from .errors import DiffError, FeedError, RevisionRebuildError, WikifeedkitError
from .feeds import iter_entries, read_feed
from .model import (
    BodyKind,
    Diff,
    DiffHunk,
    DiffRow,
    DiffSpan,
    Entry,
    Feed,
    FeedFormat,
    FeedKind,
    RowKind,
)
from .revisions import apply_diff, rebuild_revisions

__version__ = "0.1.0"

__all__ = [
    "BodyKind",
    "Diff",
    "DiffError",
    "DiffHunk",
    "DiffRow",
    "DiffSpan",
    "Entry",
    "Feed",
    "FeedError",
    "FeedFormat",
    "FeedKind",
    "RevisionRebuildError",
    "RowKind",
    "WikifeedkitError",
    "__version__",
    "apply_diff",
    "iter_entries",
    "read_feed",
    "rebuild_revisions",
]
