"""Markdown text helpers for the Markdown writer: escaping, code, math, URLs, tables, emphasis, blocks.

Everything a page controls goes through one of these before it is written: ``escape`` for text, ``code_span``
and ``code_block`` for literal text, ``pandoc_math``/``gfm_math`` for ``<math>``, ``safe_url`` for a link
target already checked by :mod:`wikifeedkit.urls`. The result reads back as the same text in CommonMark
(markdown-it-py), GitHub and pandoc's ``commonmark_x``: no raw HTML, no attributes, no fenced divs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from ..filenames import relative_url

# ``{`` opens pandoc's attributes and raw attributes, ``^`` superscripts; ``&`` only before an entity;
# ``!`` at the end, where the link the writer puts next would make it an image.
_ESCAPE = re.compile(r"([\\`*_\[\]<>|$~{^])|&(?=#?[0-9A-Za-z]+;)|!(?=[ \t\n]*\Z)")
# Horizontal space only: ``^\s*`` would rescan every following blank line at each line start (quadratic).
_LINE_START = re.compile(r"^([ \t]*)(\d*)([#+\-=:.)])", re.MULTILINE)
_LINE_BREAKS = re.compile(r"\r\n?|\n")
_BACKTICKS = re.compile(r"`+")
_BARE_PIPE = re.compile(r"(?<!\\)\|")


def _escape_one(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def escape(text: str) -> str:
    """Plain text made literal in Markdown: specials escaped, no accidental headings, list markers, fenced
    divs or entities; line breaks are ``\\n`` (CommonMark also breaks lines at a lone ``\\r``)."""
    text = _ESCAPE.sub(_escape_one, _LINE_BREAKS.sub("\n", text))
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    space, digits, mark = match.groups()
    if bool(digits) != (mark in ".)"):
        return match.group(0)  # "1#" or ".": no block starts there
    return f"{space}{digits}\\{mark}"  # "\#", "\-", "1\." (a backslash before a digit would show)


# What a CommonMark reader without footnotes would take for a link reference definition's destination (and
# title): "[^1]: javascript:x" would make the mark "[^1]" a link there.
_DEFINITION_SHAPE = re.compile(r"\S+(?:[ \t]+[\"'(].*)?")


def footnote_definition(label: str, text: str, *, html: bool) -> str:
    """A GFM footnote definition; where its text could be read as a link reference definition, an empty
    HTML comment after it (with ``html``; never first, where it would open an HTML block) keeps it from being
    one."""
    guard = " <!---->" if html and _DEFINITION_SHAPE.fullmatch(text) else ""
    return f"[^{label}]: {text}{guard}"


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces: what must stay in one paragraph, cell or footnote line."""
    return _LINE_BREAKS.sub(" ", text)


def _fence(text: str, shortest: int) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(shortest, longest + 1)


def code_span(text: str) -> str:
    """Literal text as an inline code span on one line, fenced by a backtick run longer than any inside."""
    content = one_line(text)
    if not content.strip():
        return ""
    fence = _fence(content, 1)
    if content[0] == "`" or content[-1] == "`" or (content[0] == " " and content[-1] == " "):
        content = f" {content} "  # CommonMark takes one space off each side
    return f"{fence}{content}{fence}"


def code_block(text: str) -> str:
    """Literal text as a fenced code block, fenced by a backtick run longer than any inside."""
    content = _LINE_BREAKS.sub("\n", text).strip("\n")
    fence = _fence(content, 3)
    return f"{fence}\n{content}\n{fence}"


def gfm_math(tex: str) -> str:
    """TeX as GitHub's ``$`…`$`` math: a code span to any other CommonMark reader, never live markup."""
    span = code_span(tex.strip())
    return f"${span}$" if span else ""


def pandoc_math(tex: str) -> str:
    """TeX as pandoc's ``$…$`` math that always closes where it should: none of it is read as Markdown.

    Pandoc ends the math at a ``$`` outside braces and gives up on an unbalanced ``}`` or a space before
    the closing ``$``: every ``$`` and stray ``}`` is escaped, open braces are closed, a lone backslash at
    the end is dropped, and line breaks become spaces (TeX reads them so).
    """
    out: list[str] = []
    depth = 0
    content = one_line(tex).strip()
    index = 0
    while index < len(content):
        char = content[index]
        if char == "\\":
            if index + 1 < len(content):
                out.append(content[index : index + 2])
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                char = "\\}"
            else:
                depth -= 1
        elif char == "$":
            char = "\\$"
        out.append(char)
        index += 1
    while out and out[-1][-1].isspace():  # before a dropped backslash: pandoc wants no space before "$"
        out.pop()
    body = "".join(out) + "}" * depth
    return f"${body}$" if body else ""


def table_cell(markdown: str) -> str:
    """A cell of a pipe table: on one line, every ``|`` escaped (inside code spans too, as GFM and pandoc
    split cells before reading them)."""
    return _BARE_PIPE.sub(r"\\|", one_line(markdown))


def pipe_table(rows: list[list[str]], spans: list[list[int]]) -> str:
    """Rows of Markdown cells as a pipe table; the first row is the header.

    A cell spanning columns is followed by empty cells only where a later cell of its row needs them, and
    never more of them, over the table, than it has cells: a huge ``colspan`` cannot blow up the output,
    and short rows are left short (readers fill them in).
    """
    budget = sum(len(row) for row in rows)
    laid_out: list[list[str]] = []
    for row, row_spans in zip(rows, spans, strict=True):
        cells: list[str] = []
        for index, (cell, span) in enumerate(zip(row, row_spans, strict=True)):
            cells.append(table_cell(cell))
            if index < len(row) - 1 and span > 1:
                padding = min(span - 1, budget)
                budget -= padding
                cells.extend([""] * padding)
        laid_out.append(cells)
    width = max(len(cells) for cells in laid_out)
    if width == 0:
        return ""
    header = laid_out[0] + [""] * (width - len(laid_out[0]))
    lines = [_table_row(header), "|" + " --- |" * width]
    lines.extend(_table_row(cells) for cells in laid_out[1:])
    return "\n".join(lines)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


_URI_SAFE = ":/?@!$&'*+,;=%~-._"
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?]*")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def safe_url(url: str) -> str:
    """A URL as a valid URI and link destination: characters a URI cannot hold (brackets outside the host,
    a ``%`` that starts no escape) and parentheses (which could end the destination early) percent-encoded;
    one ``#`` at most. Check the scheme first (:func:`wikifeedkit.urls.external_url`): this does not."""
    base, hash_mark, fragment = _LONE_PERCENT.sub("%25", url.strip()).partition("#")
    authority = _AUTHORITY.match(base)
    head = authority.group(0) if authority else ""
    encoded = quote(head, safe=_URI_SAFE + "[]") + quote(base[len(head) :], safe=_URI_SAFE)
    return encoded + (hash_mark + quote(fragment, safe=_URI_SAFE) if hash_mark else "")


def page_link(
    title: str,
    anchor: str | None,
    *,
    book_pages: Mapping[str, str],
    base_url: str | None,
    relative_links: bool,
) -> str | None:
    """Where an internal link points: a chapter of the same book, the wiki's page when a base URL is known,
    else the page's file beside this one (:func:`wikifeedkit.filenames.relative_url`, the name the command
    line gives it), or nowhere with ``relative_links=False`` (the label stays as text)."""
    if title in book_pages:
        return "#" + book_pages[title]
    fragment = "#" + quote(anchor.replace(" ", "_")) if anchor else ""
    if not title:  # a section of this page: GitHub's heading slug; a book has no such id
        return "#" + slug(anchor) if anchor and relative_links else None
    if base_url:
        return base_url + quote(title.replace(" ", "_"), safe="/:()',!") + fragment
    if not relative_links:
        return None
    return relative_url(title) + fragment


def slug(anchor: str) -> str:
    """The id GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", anchor.strip().lower()).replace(" ", "-")


def wrap(text: str, mark: str) -> str:
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def join_blocks(blocks: list[str]) -> str:
    """Blank lines between blocks, none between the items of one list."""
    out: list[str] = []
    for block in blocks:
        if not block.strip():
            continue
        is_item = bool(re.match(r"^\s*(- |1\. |\*\*|> )", block))
        previous_item = bool(out) and bool(re.match(r"^\s*(- |1\. |\*\*|> )", out[-1].split("\n")[-1]))
        if out:
            out.append("\n" if is_item and previous_item else "\n\n")
        out.append(block)
    return "".join(out)
