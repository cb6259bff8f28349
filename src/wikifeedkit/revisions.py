"""Rebuilding page texts from diffs: one diff at a time, or every revision a feed can reach."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterator

from .errors import DiffError, RevisionRebuildError
from .feeds.difftable import escape_whitespace
from .model import Diff, DiffRow, Entry, Feed, RowKind

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


def rebuild_revisions(feed: Feed) -> dict[int, str]:
    """Every revision's full text that the feed holds or lets us rebuild, keyed by revision id.

    Full-text entries give their revision; diff entries are applied to the text of their base revision
    (``oldid=``; for history feeds, whose links say ``oldid=prev``, the page's previous revision in the
    feed). Revisions whose base is not in the feed are left out. A diff that does not apply or is incomplete,
    or a rebuilt text that disagrees with a full text of the same revision, raises
    :class:`RevisionRebuildError` naming the entry. Time grows linearly with the feed (and its texts).
    """
    known: dict[int, str] = {}
    for entry in feed.entries:
        if entry.revision is not None and entry.wikitext is not None:
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
    pages first appear. Newer means a higher revision id, or for entries without one a later date."""
    rebuilt = rebuild_revisions(feed)
    best: dict[str, tuple[tuple[int, float], Entry, str]] = {}
    for entry in feed.entries:
        text = entry.wikitext if entry.revision is None else rebuilt.get(entry.revision, entry.wikitext)
        if text is None:
            continue
        page = entry.page or entry.title
        rank = (entry.revision or 0, entry.updated.timestamp() if entry.updated else 0.0)
        if page not in best or rank > best[page][0]:
            best[page] = (rank, entry, text)
    return {page: (entry, text) for page, (_, entry, text) in best.items()}
