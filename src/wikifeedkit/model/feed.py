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
    WATCHLIST = "watchlist"
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
    intermediate: str | None = None
    """MediaWiki's notice of the revisions between the two, as served ("(One intermediate revision by the same
    user not shown)"), or None where there is none."""

    @property
    def rows(self) -> tuple[DiffRow, ...]:
        """Every row of every hunk, in order."""
        return tuple(row for hunk in self.hunks for row in hunk.rows)


@dataclass(frozen=True, slots=True)
class LogEvent:
    """A log action that a recent-changes or watchlist row reports (a move, a protection, a deletion, …).

    ``type`` and ``action`` are MediaWiki's log type and subtype (``move``/``move_redir``, ``protect``/
    ``modify``, ``delete``/``revision``, ``upload``/``overwrite``, …), None where the row does not say them in
    a wording the library knows. ``target`` is the new title of a moved page. ``text`` is MediaWiki's sentence
    ("Admin moved page A to B"), without the comment where the library can tell them apart.
    """

    type: str | None = None
    action: str | None = None
    target: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed: an edit, a page creation, or a log action.

    ``title`` is the feed's own item title; ``page`` is the page the entry is about (they differ in history
    feeds, whose item titles carry the edit summary). ``summary_html`` keeps MediaWiki's HTML as it came.

    ``log`` is set for a log row (then ``is_new_page`` is False: a move or a protection is not a creation; a
    text it carries is that of the null revision MediaWiki made, on the moved page's new title).
    ``text_uncertain`` is True where ``wikitext`` may not be the revision's text: MediaWiki writes a hidden
    text (revision deletion) exactly as an empty page; :func:`wikifeedkit.rebuild_revisions` leaves such
    texts out unless asked.
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
    log: LogEvent | None = None
    text_uncertain: bool = False

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

    def __repr__(self) -> str:
        """Short: what the feed is and how many entries it has, never their texts."""
        return (
            f"<Feed {self.kind.value} ({self.format.value}) {self.title!r}: {len(self.entries)} entries, "
            f"{len(self.warnings)} warnings>"
        )


@dataclass(frozen=True, slots=True)
class LatestText:
    """A page's latest text that a feed gives or lets us rebuild (:func:`wikifeedkit.latest_revisions`).

    ``revision`` is the revision the text is (None for feeds whose links carry no revision id);
    ``newest_revision`` the newest revision the feed names for the page; ``is_newest`` whether the text is
    the page's newest entry's. ``former_titles`` are the titles the page had before moves the feed shows.
    """

    page: str
    revision: int | None
    text: str
    entry: Entry
    is_newest: bool = True
    newest_revision: int | None = None
    former_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MissingText:
    """A page whose newest state the feed does not give: why, and the older revision given instead, if any."""

    page: str
    reason: str
    newest_revision: int | None = None
    fallback_revision: int | None = None


@dataclass(frozen=True, slots=True)
class LatestRevisions:
    """Each page's latest text (in the order pages first appear), and the pages whose newest state the feed
    does not give."""

    texts: tuple[LatestText, ...] = ()
    out_of_reach: tuple[MissingText, ...] = ()
