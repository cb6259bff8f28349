"""Rebuilding page texts from diffs: one diff at a time, or every revision a feed can reach."""

from __future__ import annotations

from collections import defaultdict

from .errors import DiffError, RevisionRebuildError
from .feeds.difftable import escape_whitespace
from .model import Diff, Entry, Feed, RowKind

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

    Context and deleted lines are checked against ``old_text``; a mismatch raises :class:`DiffError`
    saying where, rather than returning a wrong text.
    """
    lines = old_text.split("\n")
    out: list[str] = []
    position = 0
    for hunk in diff.hunks:
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
        for row in hunk.rows:
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


def _describe(entry: Entry) -> str:
    return f"entry {entry.id or entry.title!r} (page {entry.page!r}, revision {entry.revision})"


def rebuild_revisions(feed: Feed) -> dict[int, str]:
    """Every revision's full text that the feed holds or lets us rebuild, keyed by revision id.

    Full-text entries give their revision; diff entries are applied to the text of their base revision
    (``oldid=``; for history feeds, whose links say ``oldid=prev``, the page's previous revision in the
    feed). Revisions whose base is not in the feed are left out. A diff that does not apply, or a rebuilt
    text that disagrees with a full text of the same revision, raises :class:`RevisionRebuildError`.
    """
    known: dict[int, str] = {}
    revisions_of_page: dict[str | None, list[int]] = defaultdict(list)
    for entry in feed.entries:
        if entry.revision is None:
            continue
        revisions_of_page[entry.page].append(entry.revision)
        if entry.wikitext is not None:
            _store(known, entry, entry.wikitext)
    pending: list[tuple[Entry, int]] = []
    for entry in feed.entries:
        if entry.diff is None or entry.revision is None:
            continue
        base = entry.old_revision
        if base is None:
            earlier = [rev for rev in revisions_of_page[entry.page] if rev < entry.revision]
            if not earlier:
                continue
            base = max(earlier)
        if base != entry.revision:  # category-membership rows of recent changes say diff=N&oldid=N
            pending.append((entry, base))
    while pending:
        ready = [(entry, base) for entry, base in pending if base in known]
        if not ready:
            break
        for entry, base in ready:
            try:
                text = apply_diff(known[base], entry.diff)  # type: ignore[arg-type]
            except DiffError as error:
                raise RevisionRebuildError(f"{_describe(entry)}: {error}") from error
            _store(known, entry, text)
        pending = [item for item in pending if item not in ready]
    return dict(sorted(known.items()))


def _store(known: dict[int, str], entry: Entry, text: str) -> None:
    assert entry.revision is not None
    previous = known.get(entry.revision)
    if previous is not None and previous != text:
        raise RevisionRebuildError(f"{_describe(entry)}: two different texts for the same revision")
    known[entry.revision] = text


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
