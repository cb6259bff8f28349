"""Rebuilding page texts from diffs: one diff at a time, or every revision a feed can reach."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from .checks import check_source
from .errors import DiffError, RevisionRebuildError
from .feeds.difftable import escape_whitespace
from .feeds.summary import decode_summary
from .model import (
    BodyKind,
    Diff,
    DiffRow,
    Entry,
    Feed,
    FeedKind,
    LatestRevisions,
    LatestText,
    MissingText,
    RowKind,
)

_NBSP = "\u00a0"


def _same_line(actual: str, shown: str) -> bool:
    """Whether a line of the text is the line the diff shows: MediaWiki's diff HTML cannot tell a no-break
    space next to a space from two spaces, so lines it shows alike compare equal."""
    if actual == shown or actual.replace(_NBSP, " ") == shown.replace(_NBSP, " "):
        return True
    if _NBSP not in actual:
        return False
    # A changed row shows an empty line as a lone no-break space, and escaping shows " x" as NBSP + " x".
    return (actual == _NBSP and shown == "") or escape_whitespace([actual]) == escape_whitespace([shown])


def apply_diff(old_text: str, diff: Diff) -> str:
    """The new revision's text: ``diff`` applied to ``old_text``.

    Context and deleted lines are checked against ``old_text``; a mismatch, a row that contradicts itself
    (a context row whose sides differ, a deleted row with a new line, an added row with an old one) or an
    incomplete diff (``diff.complete`` is False: the reader skipped rows) raises :class:`DiffError` saying
    where, rather than returning a wrong text.
    """
    if not diff.complete:
        raise DiffError("the diff is incomplete: rows of its table could not be read (the entry's warnings)")
    lines = old_text.split("\n")
    out: list[str] = []
    position = 0
    for number, hunk in enumerate(diff.hunks, start=1):
        start = hunk.old_start - 1
        if start < position or start > len(lines):
            raise DiffError(
                f"a hunk starts at old line {hunk.old_start}, but the text has {len(lines)} lines "
                f"and line {position + 1} was reached already"
            )
        out.extend(lines[position:start])
        position = start
        if len(out) != hunk.new_start - 1:
            raise DiffError(
                f"a hunk starts at new line {hunk.new_start}, but {len(out)} lines come before it"
            )
        for index, row in enumerate(hunk.rows, start=1):
            problem = _contradiction(row)
            if problem is not None:
                raise DiffError(f"hunk {number} (old line {hunk.old_start}), row {index}: {problem}")
            if row.old_text is not None:
                if position >= len(lines) or not _same_line(lines[position], row.old_text):
                    found = repr(lines[position][:80]) if position < len(lines) else "the end of the text"
                    raise DiffError(
                        f"old line {position + 1}: the diff expects {row.old_text[:80]!r}, found {found}"
                    )
                if row.kind is RowKind.CONTEXT:
                    out.append(lines[position])
                position += 1
            if row.new_text is not None and row.kind is not RowKind.CONTEXT:
                out.append(row.new_text)
    out.extend(lines[position:])
    return "\n".join(out)


def _contradiction(row: DiffRow) -> str | None:
    """What is wrong with a row whose kind and lines contradict each other, or None."""
    old, new = row.old_text, row.new_text
    if row.kind is RowKind.CONTEXT:
        wrong = old is None or new != old
    elif row.kind is RowKind.DELETED:
        wrong = old is None or new is not None
    elif row.kind is RowKind.ADDED:
        wrong = new is None or old is not None
    else:
        wrong = old is None or new is None
    if not wrong:
        return None
    article = "an" if row.kind is RowKind.ADDED else "a"
    return f"{article} {row.kind.value} row with old line {old!r:.80} and new line {new!r:.80}"


def _describe(entry: Entry) -> str:
    return f"entry {entry.id or entry.title!r} (page {entry.page!r}, revision {entry.revision})"


def rebuild_revisions(feed: Feed, *, include_uncertain: bool = False) -> dict[int, str]:
    """Every revision's full text that the feed holds or lets us rebuild, keyed by revision id.

    Full-text entries give their revision; diff entries are applied to the text of their base revision
    (``oldid=``; for history feeds, whose links say ``oldid=prev``, the page's previous revision in the
    feed). Revisions whose base is not in the feed are left out, and so are texts that may not be the
    revision's (``entry.text_uncertain``: hidden and empty texts look alike) unless ``include_uncertain``.
    A diff that does not apply or is incomplete, or a rebuilt text that disagrees with a full text of the same
    revision, raises :class:`RevisionRebuildError` naming the entry. Time grows linearly with the feed.
    """
    check_source(feed, "rebuild_revisions", Feed)
    known: dict[int, str] = {}
    for entry in feed.entries:
        if entry.revision is not None and entry.wikitext is not None:
            if entry.text_uncertain and not include_uncertain:
                continue
            _store(known, entry, entry.revision, entry.wikitext)
    waiting: dict[int, list[tuple[Entry, int, Diff]]] = defaultdict(list)
    for entry, revision, diff, base in _diffs(feed):
        waiting[base].append((entry, revision, diff))
    ready = deque(revision for revision in known if revision in waiting)
    while ready:  # each revision becomes known once, and is then the base of its waiting diffs once
        base = ready.popleft()
        for entry, revision, diff in waiting.pop(base):
            try:
                text = apply_diff(known[base], diff)
            except DiffError as error:
                raise RevisionRebuildError(f"{_describe(entry)}: {error}") from error
            if revision not in known and revision in waiting:
                ready.append(revision)
            _store(known, entry, revision, text)
    return dict(sorted(known.items()))


def _diffs(feed: Feed) -> Iterator[tuple[Entry, int, Diff, int]]:
    """Each diff entry with its revision, its diff and the revision it applies to, where that is known."""
    revisions_of_page: dict[str | None, list[int]] = defaultdict(list)
    for entry in feed.entries:
        if entry.revision is not None:
            revisions_of_page[entry.page].append(entry.revision)
    for revisions in revisions_of_page.values():
        revisions.sort()
    for entry in feed.entries:
        if entry.diff is None or entry.revision is None:
            continue
        base = entry.old_revision
        if base is None:
            earlier = revisions_of_page[entry.page]
            at = bisect_left(earlier, entry.revision)
            if at == 0:
                continue
            base = earlier[at - 1]
        if base != entry.revision:  # category-membership rows of recent changes say diff=N&oldid=N
            yield entry, entry.revision, entry.diff, base


def _store(known: dict[int, str], entry: Entry, revision: int, text: str) -> None:
    previous = known.get(revision)
    if previous is not None and previous != text:
        raise RevisionRebuildError(f"{_describe(entry)}: two different texts for the same revision")
    known[revision] = text


def latest_texts(feed: Feed) -> dict[str, tuple[Entry, str]]:
    """Each page's latest text the feed holds or lets us rebuild, with the entry it comes from, in the order
    pages first appear. Newer means a higher revision id, or for entries without one a later date.

    The texts of :func:`latest_revisions`, which also says which revision each text is and which pages'
    newest revision is out of reach: moves are followed (a page's text is under its new title), log rows are
    no pages of their own, and texts that may be hidden ones are left out.
    """
    check_source(feed, "latest_texts", Feed)
    return {latest.page: (latest.entry, latest.text) for latest in latest_revisions(feed).texts}


_Rank = tuple[int, float]


def _rank(entry: Entry) -> _Rank:
    return (entry.revision or 0, entry.updated.timestamp() if entry.updated else 0.0)


def _when(item: tuple[int, Entry]) -> tuple[float, float, int]:
    """The order in which things happened: date, then revision id (a log row without one after the revisions
    of its second), then (feeds list newest first) the later place in the document first."""
    index, entry = item
    revision = entry.revision if entry.revision is not None else (float("inf") if entry.log else -1.0)
    return (entry.updated.timestamp() if entry.updated else float("-inf"), revision, -index)


@dataclass
class _Page:
    """What the feed says about one page, under its current title, while the feed is read in time order."""

    first: int
    newest: tuple[_Rank, Entry] | None = None
    best: tuple[_Rank, Entry, str] | None = None
    former_titles: list[str] = field(default_factory=list)
    deleted_by: Entry | None = None

    def add(self, index: int, entry: Entry, text: str | None) -> None:
        self.first = min(self.first, index)
        self.deleted_by = None
        rank = _rank(entry)
        if self.newest is None or rank > self.newest[0]:
            self.newest = (rank, entry)
        if text is not None and (self.best is None or rank > self.best[0]):
            self.best = (rank, entry, text)


def latest_revisions(feed: Feed, *, include_uncertain: bool = False) -> LatestRevisions:
    """Each page's latest text with the revision it is, and the pages whose newest state the feed does not
    give (:class:`MissingText`, with the reason and the older revision given instead).

    A move log row moves what the feed says of the page to its new title (with the text of the null
    revision MediaWiki made); a deletion marks the page deleted (until a later revision or an undeletion).
    Texts that may be hidden ones (``entry.text_uncertain``) count only with ``include_uncertain``.
    """
    check_source(feed, "latest_revisions", Feed)
    rebuilt = rebuild_revisions(feed, include_uncertain=include_uncertain)
    bases = {revision: base for _, revision, _, base in _diffs(feed)}
    current: dict[str, _Page] = {}
    every: list[tuple[str, _Page]] = []
    for index, entry in sorted(enumerate(feed.entries), key=_when):
        title = entry.page or entry.title
        log = entry.log
        if log is not None and log.type == "move" and log.target:
            page = current.pop(title, None) or _Page(index)
            page.former_titles.append(title)
            current[log.target] = page
            every.append((log.target, page))
            title = log.target
        elif log is not None and entry.revision is None:
            page_now = current.get(title)
            if page_now is not None and log.type == "delete" and log.action in ("delete", "delete_redir"):
                page_now.deleted_by = entry
            elif page_now is not None and log.type == "delete" and log.action == "restore":
                page_now.deleted_by = None
            continue
        if title not in current:
            current[title] = _Page(index)
            every.append((title, current[title]))
        current[title].add(index, entry, _text(entry, rebuilt, include_uncertain))
    texts: list[tuple[int, LatestText]] = []
    missing: list[tuple[int, MissingText]] = []
    for title, page in every:
        if current.get(title) is not page:
            continue  # moved on, or replaced by a page moved over it
        best = page.best
        newest = page.newest
        newest_revision = newest[1].revision if newest is not None else None
        if best is not None:
            is_newest = newest is not None and best[0] == newest[0]
            former = tuple(page.former_titles)
            latest = LatestText(title, best[1].revision, best[2], best[1], is_newest, newest_revision, former)
            texts.append((page.first, latest))
        fallback = best[1].revision if best is not None else None
        if page.deleted_by is not None:
            reason = f"deleted ({_log_text(page.deleted_by)})"
            missing.append((page.first, MissingText(title, reason, newest_revision, fallback)))
        elif newest is not None and (best is None or best[0] != newest[0]):
            why = _why(newest[1], feed, bases)
            missing.append((page.first, MissingText(title, why, newest_revision, fallback)))
    return LatestRevisions(
        texts=tuple(latest for _, latest in sorted(texts, key=lambda item: item[0])),
        out_of_reach=tuple(item for _, item in sorted(missing, key=lambda item: item[0])),
    )


def _text(entry: Entry, rebuilt: dict[int, str], include_uncertain: bool) -> str | None:
    if entry.text_uncertain and not include_uncertain:
        return None
    if entry.revision is None:
        return entry.wikitext
    return rebuilt.get(entry.revision, entry.wikitext)


def _log_text(entry: Entry) -> str:
    when = f" at {entry.updated.isoformat()}" if entry.updated else ""
    what = entry.log.text if entry.log is not None and entry.log.text else "a log row"
    return f"{what}{when}"


def _why(entry: Entry, feed: Feed, bases: dict[int, int]) -> str:
    """Why the feed gives no text for this (newest) entry of a page."""
    what = f"revision {entry.revision}" if entry.revision is not None else "the newest entry"
    if entry.text_uncertain:
        return f"the text of {what} may be hidden: MediaWiki shows a hidden text as an empty page"
    if entry.body is BodyKind.DIFF:
        base = bases.get(entry.revision or 0, entry.old_revision)
        against = f"revision {base}" if base else "an earlier revision"
        return f"{what} is a diff against {against}, whose text the feed does not give"
    if feed.kind is FeedKind.WATCHLIST:
        return f"a watchlist feed gives no text ({what})"
    if entry.log is not None:
        return f"{what} is a log row without a text ({_log_text(entry)})"
    decoded = decode_summary(entry.summary_html) if entry.summary_html else None
    if decoded is not None and decoded.diff_link is not None:
        return f"MediaWiki left out the diff or text of {what} (larger than its $wgFeedDiffCutoff, or hidden)"
    if decoded is not None and decoded.unavailable:
        return f"MediaWiki could not load {what} or its base (hidden by revision deletion, or missing)"
    return f"the feed gives neither the text nor a diff of {what}"
