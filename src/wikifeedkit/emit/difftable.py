"""A :class:`Diff` as the table MediaWiki 1.39 puts in a feed entry.

The shapes are those of ``TableDiffFormatter`` after ``FeedUtils::applyDiffStyle``: one ``diff-lineno`` row
per hunk, then a row per line pair, with the CSS classes MediaWiki turns into inline styles. Word-level
changes become ``<ins>``/``<del>``, spaces are escaped the way ``escapeWhiteSpace`` escapes them, and an empty
line is a ``<br/>`` (context), a lone no-break space (changed row) or an empty ``<ins>``/``<del>`` (whole-line
add or delete), so :func:`wikifeedkit.read_feed` reads the table back into the same Diff.

The table around the rows is ``DifferenceEngine::addHeader``'s: four columns when there are rows; for a Diff
with none (a null revision: a move, a protection) two title cells of one column each and the
"(No difference)" notice instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..feeds.difftable import NBSP, escape_whitespace
from ..model import Diff, DiffRow, DiffSpan, RowKind

_BASE = "font-size: 88%; border-style: solid; border-width: 1px 1px 1px 4px; border-radius: 0.33em; "
_TAIL = "vertical-align: top; white-space: pre-wrap;"
STYLES = {
    "diff": "background-color: #fff; color: #202122;",
    "title": "background-color: #fff; color: #202122; text-align: center;",
    "added": f"color: #202122; {_BASE}border-color: #a3d3ff; {_TAIL}",
    "deleted": f"color: #202122; {_BASE}border-color: #ffe49c; {_TAIL}",
    "context": f"background-color: #f8f9fa; color: #202122; {_BASE}border-color: #eaecf0; {_TAIL}",
    "change": "font-weight: bold; text-decoration: none;",
}
"""``FeedUtils::applyDiffStyle``'s inline styles, by the class they replace."""


INCOMPLETE_ROW = (
    '<tr><td colspan="2" class="diff-side-deleted">(rows that could not be read were left out)</td>'
    '<td colspan="2" class="diff-side-added"></td></tr>'
)
"""Ends the table of an incomplete Diff: a row that is no line, so the Diff read back from the table is
incomplete too (:func:`wikifeedkit.read_feed` skips the row with a warning)."""


def html_escape(text: str, *, quotes: bool = True) -> str:
    """PHP's ``htmlspecialchars``: with its default flags since PHP 8.1 (``ENT_QUOTES``), or with
    ``quotes=False`` as ``ENT_COMPAT`` (single quotes left alone)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return escaped.replace("'", "&#039;") if quotes else escaped


def _element_escape(text: str) -> str:
    """What ``Html::element`` escapes in an element's text: ``&`` and ``<`` only."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


EMPTY_NOTICE = '<div class="mw-diff-empty">(No difference)</div>\n'
"""What ``DifferenceEngine::getDiff`` shows in place of rows when the two revisions have the same text."""


def diff_table_html(
    diff: Diff,
    *,
    old_title: str = "← Older revision",
    new_title: str = "Revision",
    intermediate: str | None = None,
) -> str:
    """The diff table of a recent-changes or history entry, as MediaWiki writes it.

    ``intermediate`` is the text of MediaWiki's "(N intermediate revisions by … not shown)" notice, written
    above the rows as its ``diff-multi`` row; None writes no such row.
    """
    body = _rows_html(diff)
    columns = 2 if body else 1  # addHeader: no <col>s and one-column titles when there is no row
    out = [f'<table style="{STYLES["diff"]}" data-mw="interface">', _titles(old_title, new_title, columns)]
    if intermediate is not None:
        out.append(_notice_row(html_escape(intermediate), "diff-multi", 2 * columns))
    if not body:
        out.append(_notice_row(EMPTY_NOTICE, "diff-notice", 2 * columns))
    out.extend((body, "</table>"))
    return "".join(out)


def _titles(old_title: str, new_title: str, columns: int) -> str:
    """The ``<col>``s (when there are rows) and the two titles, each ``columns`` wide."""
    cols = (
        '\n\t\t\t\t<col class="diff-marker" />\n\t\t\t\t<col class="diff-content" />'
        '\n\t\t\t\t<col class="diff-marker" />\n\t\t\t\t<col class="diff-content" />'
    )
    cell = f'\t\t\t\t<td colspan="{columns}" style="{STYLES["title"]}">'
    return (
        (cols if columns == 2 else "")
        + '\n\t\t\t\t<tr class="diff-title" lang="en">\n'
        + f"{cell}{html_escape(old_title)}</td>\n{cell}{html_escape(new_title)}</td>\n\t\t\t\t</tr>"
    )


def _notice_row(html: str, css_class: str, colspan: int) -> str:
    """A row of one cell across the table (``diff-multi``, ``diff-notice``); ``html`` is written as it is."""
    return f'<tr><td colspan="{colspan}" class="{css_class}" lang="en">{html}</td></tr>'


def _rows_html(diff: Diff) -> str:
    """Every hunk's line-number row and line rows, then the incomplete marker row if the Diff is one."""
    out = []
    for hunk in diff.hunks:
        old, new = f"Line {hunk.old_start:,}:", f"Line {hunk.new_start:,}:"
        out.append(
            f'<tr><td colspan="2" class="diff-lineno" id="mw-diff-left-l{hunk.old_start}">{old}</td>\n'
            f'<td colspan="2" class="diff-lineno">{new}</td></tr>\n'
        )
        in_change = False
        for row in hunk.rows:
            # A one-sided row right after a changed row is the rest of MediaWiki's change block: it is
            # written word by word, not as a whole added or deleted line.
            in_change = row.kind is RowKind.CHANGED or (in_change and row.kind is not RowKind.CONTEXT)
            out.append(row_html(row, whole=not in_change) + "\n")
    if not diff.complete:
        out.append(INCOMPLETE_ROW + "\n")
    return "".join(out)


def row_html(row: DiffRow, *, whole: bool = True) -> str:
    """One ``<tr>``: its two sides, each an empty ``colspan=2`` cell or a marker cell and a line.

    ``whole`` writes an added or deleted row as a whole line (``TableDiffFormatter::added``); otherwise it
    is written as the word-level rest of a change block.
    """
    if row.kind is RowKind.CONTEXT:
        line = _context_line(row.old_text or "")
        side = f'<td class="diff-marker"></td><td style="{STYLES["context"]}">{line}</td>'
        return f"<tr>{side}{side}</tr>"
    whole = whole and row.kind is not RowKind.CHANGED
    old = _side(row.old_text, row.old_spans, "−", "deleted", "del", whole=whole)
    new = _side(row.new_text, row.new_spans, "+", "added", "ins", whole=whole)
    return f"<tr>{old}{new}</tr>"


def _context_line(text: str) -> str:
    if not text:
        return "<br/>"
    return f"<div>{html_escape(escape_whitespace([text])[0])}</div>"


def _side(
    text: str | None, spans: Sequence[DiffSpan], marker: str, style: str, tag: str, *, whole: bool
) -> str:
    if text is None:
        empty_side = "diff-side-added" if style == "added" else "diff-side-deleted"
        return f'<td colspan="2" class="{empty_side}"></td>'
    if "".join(span.text for span in spans) != text:
        spans = (DiffSpan(text, changed=True),) if text else ()
    return (
        f'<td class="diff-marker" data-marker="{marker}"></td>'
        f'<td style="{STYLES[style]}"><div>{_marked_line(spans, tag, whole=whole)}</div></td>'
    )


def _marked_line(spans: Sequence[DiffSpan], tag: str, *, whole: bool) -> str:
    """A changed line's runs, in the segments ``escapeWhiteSpace`` saw: text, then tag and text in turn."""
    if not spans:
        # MediaWiki wraps a whole added or deleted empty line in an empty tag; a word-level one is an NBSP.
        return f'<{tag} style="{STYLES["change"]}"></{tag}>' if whole else NBSP
    # MediaWiki's line is text, then <tag>run</tag> and the text after it, in turn; the whitespace escaping
    # sees that line, so the runs go in the same order here, with empty texts where nothing is between.
    segments = [""]
    marked = [False]
    for span in spans:
        if span.changed:
            segments.extend((span.text, ""))
            marked.extend((True, False))
        else:
            segments[-1] += span.text
    escaped = escape_whitespace(segments)
    escape = _element_escape if whole else html_escape  # Html::element escapes only & and <
    return "".join(
        f'<{tag} style="{STYLES["change"]}">{escape(segment)}</{tag}>' if changed else escape(segment)
        for segment, changed in zip(escaped, marked, strict=True)
    )
