"""An entry's summary HTML, in the layouts MediaWiki writes (the inverse of ``feeds/summary.py``).

- contributions and new pages (``ApiFeedContributions::feedItemDesc``):
  ``<p>Author: comment</p>\\n<hr />\\n<div>nl2br(htmlspecialchars(text))</div>``
- recent changes and history (``FeedUtils::formatDiffRow2``): ``<p>formatted comment</p>\\n`` and then
  ``<p><b>New page</b></p><div>…</div>`` for a page creation, a diff table for an edit, or nothing.

An entry whose ``summary_html`` still says what the entry holds keeps it as it came; otherwise the summary is
written afresh from the entry's fields.
"""

from __future__ import annotations

import re

from ..feeds.entry import build_entry
from ..feeds.raw import RawEntry
from ..model import BodyKind, Entry, FeedKind
from ..wikitext.templates import MONTH_NAMES
from .difftable import diff_table_html, html_escape

_TEXT_FEEDS = frozenset({FeedKind.CONTRIBUTIONS, FeedKind.NEW_PAGES})
_LINE_BREAK = re.compile(r"\r\n|\n\r|\n|\r")  # what nl2br puts a <br /> before
_LEADING_SECTION = re.compile(r"/\* (.+?) \*/(.*)", re.DOTALL)


def page_text_html(text: str, *, quotes: bool = True) -> str:
    """``nl2br(htmlspecialchars(text))``: every line break gets a ``<br />`` before it.

    ``quotes=False`` leaves single quotes as they are (``ENT_COMPAT``, as the contributions feed has it).
    """
    escaped = html_escape(text, quotes=quotes)
    if "\r" not in escaped:
        return escaped.replace("\n", "<br />\n")
    return _LINE_BREAK.sub(lambda match: "<br />" + match.group(0), escaped)


def formatted_comment_html(comment: str) -> str:
    """A comment as ``Linker::formatComment`` shows a leading ``/* section */`` (links are not made)."""
    match = _LEADING_SECTION.fullmatch(comment)
    if match is None or "*/" in match.group(1):
        return html_escape(comment)
    section, rest = match.groups()
    label = html_escape(section) + (": " if rest.strip() else "")
    return f'<span dir="auto"><span class="autocomment">{label}</span>{html_escape(rest)}</span>'


def revision_title(entry: Entry) -> str:
    """The diff table's right-hand title: "Revision as of 20:51, 24 November 2026"."""
    when = entry.updated
    if when is None:
        return "Revision"
    return f"Revision as of {when:%H:%M}, {when.day} {MONTH_NAMES[when.month - 1]} {when.year}"


def summary_html(entry: Entry, kind: FeedKind) -> str | None:
    """The summary to write for ``entry`` in a feed of ``kind``, or None when it has nothing to say."""
    if entry.summary_html is not None and _still_says(entry, kind):
        return entry.summary_html
    comment = entry.comment or ""
    if entry.body is BodyKind.TEXT and kind in _TEXT_FEEDS:
        author = html_escape(entry.author or "")
        body = page_text_html(entry.wikitext or "", quotes=kind is FeedKind.NEW_PAGES)
        return f"<p>{author}: {html_escape(comment)}</p>\n<hr />\n<div>{body}</div>"
    if entry.comment is None and entry.body is BodyKind.NONE:
        return None
    html = f"<p>{formatted_comment_html(comment)}</p>\n"
    if entry.body is BodyKind.TEXT:
        html += f"<p><b>New page</b></p><div>{page_text_html(entry.wikitext or '')}</div>"
    elif entry.body is BodyKind.DIFF and entry.diff is not None:
        html += diff_table_html(
            entry.diff, new_title=revision_title(entry), intermediate=entry.diff.intermediate
        )
    return html


def _still_says(entry: Entry, kind: FeedKind) -> bool:
    """Whether the entry's own summary HTML decodes to the comment and body the entry now holds."""
    raw = RawEntry(title=entry.title, link=entry.link, author=entry.author, summary_html=entry.summary_html)
    read = build_entry(raw, kind)
    return (read.comment, read.body, read.wikitext, read.diff, read.is_new_page) == (
        entry.comment,
        entry.body,
        entry.wikitext,
        entry.diff,
        entry.is_new_page,
    )
