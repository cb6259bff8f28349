"""MediaWiki's entry HTML: the edit-summary paragraph, then the page text, a diff table, or nothing.

The shapes (``FeedUtils::formatDiffRow2`` and ``ApiFeedContributions::feedItemDesc``, MediaWiki 1.23–1.39):

- contributions and new pages: ``<p>Author: comment</p>\\n<hr />\\n<div>TEXT</div>``
- recent changes and history, a page creation: ``<p>comment</p>\\n<p><b>New page</b></p><div>TEXT</div>``
- recent changes and history, an edit: ``<p>comment</p>\\n<table …>…</table>``
- recent changes and history, a diff or new page over ``$wgFeedDiffCutoff`` or whose text is hidden:
  ``<p>comment</p>\n<a href="…diff=N[&oldid=M]">Show changes</a>`` (``FeedUtils::getDiffLink``; no ``oldid``
  for a creation)
- recent changes and history, a diff MediaWiki could not make (a hidden or missing revision):
  ``<p>comment</p>\n<p>Can't load revision N</p>``
- log rows: ``<p>ACTION COMMENT</p>`` and, for moves and protections, the null revision's text as a new page.

``TEXT`` is ``nl2br(htmlspecialchars(wikitext))``; :func:`decode_page_text` inverts it exactly.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from enum import StrEnum


class SummaryShape(StrEnum):
    """Which of MediaWiki's summary layouts an entry uses."""

    CONTRIBUTIONS = "contributions"
    """``<p>Author: comment</p><hr /><div>…`` (contributions and new-pages feeds)."""
    FORMATTED = "formatted"
    """``<p>formatted comment</p>`` then a new-page text, a diff table or nothing (changes and history)."""
    OTHER = "other"
    """Not written by MediaWiki's feed code."""


@dataclass(slots=True)
class DecodedSummary:
    """The parts of an entry's summary HTML."""

    shape: SummaryShape
    comment_html: str | None = None
    wikitext: str | None = None
    table_html: str | None = None
    new_page: bool = False
    diff_link: str | None = None
    """The href of a "Show changes" link that stands for an omitted diff or page text."""
    unavailable: bool = False
    """MediaWiki wrote "Can't load revision N": it could not make the diff."""
    warnings: list[str] = field(default_factory=list)


_COMMENT = re.compile(r"\A\s*<p>(.*?)</p>", re.DOTALL)
_CONTRIBUTIONS_BODY = re.compile(r"\A\s*<hr\s*/?>\s*<div>", re.IGNORECASE)
_NEW_PAGE_BODY = re.compile(r"\A\s*<p><b>[^<]*</b></p>\s*<div>", re.IGNORECASE)
_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_END = re.compile(r"</table>", re.IGNORECASE)
_DIV_END = "</div>"
_DIFF_LINK = re.compile(r"""\A\s*<a href="([^"<>]*)">[^<]*</a>\s*\Z""", re.IGNORECASE)
_CANT_LOAD = re.compile(
    r"\A\s*<p>Can(?:'|&#0*39;|&#x0*27;|&apos;)t load revision \d+</p>\s*\Z", re.IGNORECASE
)

# nl2br puts "<br />" before every line break ("\r\n", "\n\r", "\n" or "\r").
_BR_BEFORE_BREAK = re.compile(r"<br\s*/?>(?=\r\n|\n\r|\n|\r)", re.IGNORECASE)
_BR_ANYWHERE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# htmlspecialchars writes exactly these five (ENT_QUOTES adds &#039;; PHP 8.1+ defaults to it).
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#0*39|#x0*27|#0*34|#x0*22|apos);|&[^;&\s<]{0,32};?|&")
_SPECIALS = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_QUOTE_REFERENCES = {"#39": "'", "#34": '"', "#x27": "'", "#x22": '"'}


def decode_summary(summary_html: str) -> DecodedSummary:
    """Split an entry's summary HTML into its comment and its body, decoding a page text exactly."""
    comment = _COMMENT.match(summary_html)
    if comment is None:
        return DecodedSummary(SummaryShape.OTHER)
    rest = summary_html[comment.end() :]
    body_start = _CONTRIBUTIONS_BODY.match(rest)
    if body_start is not None:
        decoded = DecodedSummary(SummaryShape.CONTRIBUTIONS, comment_html=comment.group(1))
        _decode_div(rest, body_start.end(), decoded)
        return decoded
    decoded = DecodedSummary(SummaryShape.FORMATTED, comment_html=comment.group(1))
    body_start = _NEW_PAGE_BODY.match(rest)
    if body_start is not None:
        decoded.new_page = True
        _decode_div(rest, body_start.end(), decoded)
        return decoded
    link = _DIFF_LINK.match(rest)
    if link is not None:
        decoded.diff_link = html.unescape(link.group(1))
    elif _CANT_LOAD.match(rest) is not None:
        decoded.unavailable = True
    else:
        decoded.table_html = _table(rest)
    return decoded


def _table(html_text: str) -> str | None:
    """From the first ``<table`` to the last ``</table>`` after it (what ``<table\\b.*</table>`` finds), in
    linear time: the regular expression backtracks from the end of the text at every ``<table``."""
    start = _TABLE_START.search(html_text)
    if start is None:
        return None
    ends = [match.end() for match in _TABLE_END.finditer(html_text, start.end())]
    return html_text[start.start() : ends[-1]] if ends else None


def _decode_div(rest: str, start: int, decoded: DecodedSummary) -> None:
    body = rest.rstrip()
    if not body.endswith(_DIV_END):
        decoded.warnings.append("summary: the page text is cut off (no closing </div>); text not decoded")
        return
    text, warnings = decode_page_text(body[start : len(body) - len(_DIV_END)])
    decoded.wikitext = text
    decoded.warnings.extend(warnings)


def decode_page_text(page_html: str) -> tuple[str, list[str]]:
    """Invert ``nl2br(htmlspecialchars(text))`` exactly; report anything MediaWiki would not have written."""
    warnings: list[str] = []
    text = _BR_BEFORE_BREAK.sub("", page_html)
    if "<" in text:
        stray = _BR_ANYWHERE.subn("\n", text)
        text = stray[0]
        if stray[1]:
            warnings.append(f"summary: {stray[1]} <br> not followed by a line break, read as line breaks")
        if "<" in text:
            warnings.append("summary: unexpected markup in the page text, kept as it is")
    if "&" not in text:
        return text, warnings
    odd: list[str] = []

    def replace(match: re.Match[str]) -> str:
        entity = match.group(0)
        known = _SPECIALS.get(entity)
        if known is not None:
            return known
        quote = _quote(entity)
        if quote is not None:
            return quote
        odd.append(entity)
        return html.unescape(entity)

    text = _ENTITY.sub(replace, text)
    if odd:
        shown = ", ".join(sorted(set(odd))[:5])
        warnings.append(f"summary: {len(odd)} character references htmlspecialchars does not write ({shown})")
    return text, warnings


def _quote(entity: str) -> str | None:
    """The quote a numeric reference such as ``&#039;`` or ``&#x22;`` stands for, else None (read without
    ``int``: a reference can hold any number of digits)."""
    if not entity.startswith("&#") or not entity.endswith(";"):
        return None
    number = entity[2:-1].lower()
    key = "#x" + number[1:].lstrip("0") if number.startswith("x") else "#" + number.lstrip("0")
    return _QUOTE_REFERENCES.get(key)
