"""Feeds: Feed, Entry and the Diff of an entry.

All classes are frozen dataclasses with slots: compare by value, hash where their fields hash, never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .article import Article


class FeedFormat(StrEnum):
    """The syndication format a feed was written in."""

    ATOM = "atom"
    RSS = "rss"


class FeedKind(StrEnum):
    """Which MediaWiki feed this is, told from its id and links."""

    CONTRIBUTIONS = "contributions"
    RECENT_CHANGES = "recentchanges"
    HISTORY = "history"
    NEW_PAGES = "newpages"
    UNKNOWN = "unknown"


class BodyKind(StrEnum):
    """What an entry's summary carries."""

    TEXT = "text"
    """The page's whole wikitext (``entry.wikitext``)."""
    DIFF = "diff"
    """A diff table (``entry.diff``)."""
    NONE = "none"
    """Nothing usable: a log entry, an omitted or cut-off diff, hidden content."""


class RowKind(StrEnum):
    """One row of a diff table."""

    CONTEXT = "context"
    ADDED = "added"
    DELETED = "deleted"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A run of a line's text; ``changed`` marks MediaWiki's word-level ``<ins>``/``<del>``."""

    text: str
    changed: bool = False


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One line pair of a diff: the old line, the new line, or both.

    ``old_text`` is None for an added row, ``new_text`` None for a deleted row. The spans keep the
    word-level marks; their texts joined give the line.
    """

    kind: RowKind
    old_text: str | None
    new_text: str | None
    old_spans: tuple[DiffSpan, ...] = ()
    new_spans: tuple[DiffSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class DiffHunk:
    """A block of rows that starts at ``old_start`` in the old text and ``new_start`` in the new (1-based)."""

    old_start: int
    new_start: int
    rows: tuple[DiffRow, ...]


@dataclass(frozen=True, slots=True)
class Diff:
    """A line diff between two revisions, as MediaWiki's diff table shows it.

    ``complete`` is False when the reader skipped rows it could not read or guessed where a hunk starts (the
    entry's warnings say which); :func:`wikifeedkit.apply_diff` refuses such a diff.
    """

    hunks: tuple[DiffHunk, ...]
    complete: bool = True

    @property
    def rows(self) -> tuple[DiffRow, ...]:
        """Every row of every hunk, in order."""
        return tuple(row for hunk in self.hunks for row in hunk.rows)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed: an edit, a page creation, or a log action.

    ``title`` is the feed's own item title; ``page`` is the page the entry is about (they differ in history
    feeds, whose item titles carry the edit summary). ``summary_html`` keeps MediaWiki's HTML as it came.
    """

    title: str
    id: str | None = None
    link: str | None = None
    updated: datetime | None = None
    author: str | None = None
    comment: str | None = None
    section: str | None = None
    page: str | None = None
    revision: int | None = None
    old_revision: int | None = None
    is_new_page: bool = False
    body: BodyKind = BodyKind.NONE
    wikitext: str | None = None
    diff: Diff | None = None
    summary_html: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def article(self) -> Article | None:
        """The page text parsed (:func:`wikifeedkit.parse_article`), or None where the entry has no text."""
        if self.wikitext is None:
            return None
        from ..wikitext import parse_article

        return parse_article(self.wikitext, title=self.page)


@dataclass(frozen=True, slots=True)
class Feed:
    """A MediaWiki feed: its header fields and every entry, in document order."""

    format: FeedFormat
    kind: FeedKind
    title: str | None = None
    subtitle: str | None = None
    id: str | None = None
    link: str | None = None
    updated: datetime | None = None
    language: str | None = None
    generator: str | None = None
    entries: tuple[Entry, ...] = ()
    warnings: tuple[str, ...] = ()
