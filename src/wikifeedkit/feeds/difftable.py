"""MediaWiki's diff table (``TableDiffFormatter``, ``FeedUtils::applyDiffStyle``) into a :class:`Diff`.

Rows are told apart by their shape, not their CSS: a side is either an empty ``colspan=2`` cell or a
marker cell followed by a content cell. Left empty is an added line, right empty a deleted one, both
filled with empty markers a context line, both filled with ``−``/``+`` markers a changed line.

``TableDiffFormatter::escapeWhiteSpace`` turns a leading space into ``NBSP␠``, a trailing one into ``␠NBSP``
and every other double space into ``NBSP␠``; :func:`unescape_whitespace` inverts it. In word-level
(changed) rows, ``WordAccumulator`` shows an empty line as a lone NBSP. A line that holds a
real no-break space next to a space reads the same as one that held two spaces: MediaWiki's HTML cannot tell
them apart, and the decoder reads the spaces (see docs/feeds.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from lxml import etree
from lxml import html as lxml_html

from ..model import Diff, DiffHunk, DiffRow, DiffSpan, RowKind

NBSP = "\u00a0"
_CHANGE_TAGS = frozenset({"ins", "del"})
_MARKERS_STRIP = " \t\r\n" + NBSP
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_HTML_PARSER = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def escape_whitespace(segments: Sequence[str]) -> list[str]:
    """What ``escapeWhiteSpace`` makes of a line whose text runs are ``segments`` (tags between them)."""
    out = list(segments)
    if not out:
        return out
    if out[0].startswith(" "):
        out[0] = NBSP + out[0]
    if out[-1].endswith(" "):
        out[-1] = out[-1] + NBSP
    return [segment.replace("  ", NBSP + " ") for segment in out]


def _greedy_unescape(segments: Sequence[str]) -> list[str]:
    """Read every escaped-looking no-break space as escaping; right for lines with no real NBSP."""
    out = list(segments)
    if not out:
        return out
    first = out[0]
    if first.startswith(NBSP) and (first[1:2] == " " or first[1:3] == NBSP + " "):
        out[0] = first[1:]
    last = out[-1]
    if last.endswith(" " + NBSP):
        out[-1] = last[:-1]
    return [segment.replace(NBSP + " ", "  ") for segment in out]


def _undo(segments: Sequence[str], literal: set[tuple[int, int]]) -> list[str] | None:
    """The line if the no-break spaces at ``literal`` were in the text and every other one was escaping."""
    out = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        chars = []
        for j, char in enumerate(segment):
            if char != NBSP or (i, j) in literal:
                chars.append(char)
            elif (i, j) == (0, 0) or (i == last and j == len(segment) - 1):
                continue  # the NBSP added before a leading or after a trailing space
            elif segment[j + 1 : j + 2] == " ":
                chars.append(" ")
            else:
                return None
        out.append("".join(chars))
    return out


_MAX_SEARCHED_NBSP = 12


def unescape_whitespace(segments: Sequence[str]) -> list[str]:
    """Invert :func:`escape_whitespace`: a line whose escaping gives ``segments`` back.

    No-break spaces are read as escaping where they can be; where that does not give the line back (the line
    held real no-break spaces next to spaces), the fewest real ones that do are searched for.
    """
    escaped = list(segments)
    guess = _greedy_unescape(escaped)
    if escape_whitespace(guess) == escaped:
        return guess
    places = [(i, j) for i, segment in enumerate(escaped) for j, char in enumerate(segment) if char == NBSP]
    if len(places) > _MAX_SEARCHED_NBSP:
        return guess
    for count in range(1, len(places) + 1):
        for literal in combinations(places, count):
            candidate = _undo(escaped, set(literal))
            if candidate is not None and escape_whitespace(candidate) == escaped:
                return candidate
    return guess


def parse_diff_table(table_html: str) -> tuple[Diff, list[str]]:
    """Read a diff table; warnings say what was recovered."""
    warnings: list[str] = []
    try:
        table = etree.fromstring(table_html, _XML_PARSER)
    except etree.XMLSyntaxError:
        table = lxml_html.fragment_fromstring(table_html, parser=_HTML_PARSER)
    hunks: list[DiffHunk] = []
    old_start = new_start = 0
    rows: list[DiffRow] = []
    for tr in table.iter("tr"):
        cells = [td for td in tr if td.tag == "td"]
        if not cells or "diff-title" in tr.get("class", ""):
            continue
        if any("diff-lineno" in td.get("class", "") for td in cells):
            if rows or old_start:
                hunks.append(DiffHunk(old_start, new_start, tuple(rows)))
            old_start, new_start = _line_numbers(cells, warnings)
            rows = []
            continue
        row = _read_row(cells)
        if row is None:
            continue
        if not old_start:
            warnings.append("diff: rows before the first line number; assumed to start at line 1")
            old_start = new_start = 1
        rows.append(row)
    if rows or old_start:
        hunks.append(DiffHunk(old_start, new_start, tuple(rows)))
    return Diff(tuple(hunks)), warnings


def _line_numbers(cells: list[etree._Element], warnings: list[str]) -> tuple[int, int]:
    numbers = [_number("".join(td.itertext())) for td in cells if "diff-lineno" in td.get("class", "")]
    anchor = cells[0].get("id", "")
    if anchor.startswith("mw-diff-left-l") and anchor[14:].isdigit():
        numbers[0] = int(anchor[14:])
    old, new = [*numbers, None, None][:2]
    if len(numbers) != 2 or old is None or new is None:
        warnings.append(f"diff: unreadable line numbers {numbers!r}; assumed line 1")
        return 1, 1
    return old, new


def _number(text: str) -> int | None:
    digits = "".join(ch for ch in text if ch.isdecimal())
    return int(digits) if digits else None


def _read_row(cells: list[etree._Element]) -> DiffRow | None:
    """A content row from its cells, or None for a row that is not one (notices, empty-diff messages)."""
    sides: list[tuple[str, etree._Element] | None] = []
    index = 0
    while index < len(cells) and len(sides) < 2:
        cell = cells[index]
        if cell.get("colspan") == "2":
            sides.append(None)
            index += 1
        elif "diff-marker" in cell.get("class", "") and index + 1 < len(cells):
            marker = (cell.get("data-marker") or "".join(cell.itertext())).strip(_MARKERS_STRIP)
            sides.append((marker, cells[index + 1]))
            index += 2
        else:
            return None
    if len(sides) != 2 or sides == [None, None]:
        return None
    old, new = sides
    if old is None and new is not None:
        spans = _spans(new[1], word_level=True)
        return DiffRow(RowKind.ADDED, None, _join(spans), (), spans)
    if new is None and old is not None:
        spans = _spans(old[1], word_level=True)
        return DiffRow(RowKind.DELETED, _join(spans), None, spans, ())
    if old is None or new is None:
        return None
    kind = RowKind.CONTEXT if not old[0] and not new[0] else RowKind.CHANGED
    word_level = kind is RowKind.CHANGED
    old_spans, new_spans = _spans(old[1], word_level=word_level), _spans(new[1], word_level=word_level)
    return DiffRow(kind, _join(old_spans), _join(new_spans), old_spans, new_spans)


def _spans(cell: etree._Element, *, word_level: bool) -> tuple[DiffSpan, ...]:
    """The text runs of a content cell, marked where MediaWiki marked a word-level change."""
    line = next((child for child in cell if child.tag == "div"), None)
    if line is None:
        return ()  # an empty line: MediaWiki writes <br/> instead of a <div>
    if word_level and len(line) == 0 and line.text == NBSP:
        return ()  # an empty line of a word-level block
    pieces: list[tuple[str, bool]] = [(line.text or "", False)]
    for child in line:
        pieces.append(("".join(child.itertext()), child.tag in _CHANGE_TAGS))
        pieces.append((child.tail or "", False))
    texts = unescape_whitespace([text for text, _ in pieces])
    return tuple(_merge(DiffSpan(text, changed) for text, (_, changed) in zip(texts, pieces, strict=True)))


def _merge(spans: Iterable[DiffSpan]) -> list[DiffSpan]:
    """Drop empty runs and join neighbours of the same kind."""
    merged: list[DiffSpan] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].changed == span.changed and not span.changed:
            merged[-1] = DiffSpan(merged[-1].text + span.text, False)
        else:
            merged.append(span)
    return merged


def _join(spans: Iterable[DiffSpan]) -> str:
    return "".join(span.text for span in spans)
