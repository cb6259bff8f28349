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

import re
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from ..model import Diff, DiffHunk, DiffRow, DiffSpan, RowKind

NBSP = "\u00a0"
_CHANGE_TAGS = frozenset({"ins", "del"})
_MARKERS_STRIP = " \t\r\n" + NBSP
_XML_PARSER = etree.XMLParser(
    attribute_defaults=False,
    dtd_validation=False,
    load_dtd=False,
    no_network=True,
    resolve_entities=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
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


def _undo(segments: Sequence[str], literal: Sequence[Container[int]]) -> list[str] | None:
    """The line if the no-break spaces at ``literal[i]`` of each segment ``i`` were in the text and every
    other one was escaping; None where an escaping one is not before a space."""
    out = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        pieces = []
        begin = 0
        at = segment.find(NBSP)
        while at >= 0:
            pieces.append(segment[begin:at])
            if at in literal[i]:
                pieces.append(NBSP)
            elif (i, at) == (0, 0) or (i == last and at == len(segment) - 1):
                pass  # the NBSP added before a leading or after a trailing space
            elif segment[at + 1 : at + 2] == " ":
                pieces.append(" ")
            else:
                return None
            begin = at + 1
            at = segment.find(NBSP, begin)
        pieces.append(segment[begin:])
        out.append("".join(pieces))
    return out


# What escape_whitespace's "  " -> NBSP + " " needs of the line it escaped, read one character at a time.
# States: _FREE (the next space starts a pair), _FREE_AFTER_SPACE (the same, after the second space of a
# pair), _LONE (after a space left as it was: the next cannot be a space), _PAIR (after an escaping NBSP: the
# next is the pair's space), _START (a first segment, which cannot start with a space), _LEADING (after the
# NBSP put before a leading space: the next must be one), _END (after the NBSP put after a trailing space).
_FREE, _FREE_AFTER_SPACE, _LONE, _PAIR, _START, _LEADING, _END = range(7)
_STATES = range(6)
_NO = -1
_ON_SPACE = (_LONE, _LONE, _NO, _FREE_AFTER_SPACE, _NO, _LONE)
_ON_LITERAL = (_FREE, _FREE, _FREE, _NO, _FREE, _NO)
_ON_ESCAPE = (_PAIR, _PAIR, _NO, _NO, _NO, _PAIR)
_UNREACHABLE = 1 << 62
_BLANK_RUN = re.compile("[ \u00a0]+")

_Option = tuple[int, int, bool]
"""A reading of one character: the state after it, the real NBSPs it costs (0 or 1), whether it is one."""


def _table(*readings: tuple[tuple[int, ...], int, bool]) -> tuple[tuple[_Option, ...], ...]:
    """Per state, the readings whose transition table allows it (a real NBSP first)."""
    return tuple(
        tuple(
            (targets[state], price, literal) for targets, price, literal in readings if targets[state] != _NO
        )
        for state in _STATES
    )


_AFTER_LEADING = tuple(_LEADING if state == _START else _NO for state in _STATES)
_AFTER_TRAILING = tuple(_END if state in (_FREE_AFTER_SPACE, _LONE) else _NO for state in _STATES)
_SPACE_READINGS = _table((_ON_SPACE, 0, False))
_NBSP_READINGS = {  # by where the NBSP is: before a space, elsewhere, first of the line, last of the line
    "pair": _table((_ON_LITERAL, 1, True), (_ON_ESCAPE, 0, False)),
    "lone": _table((_ON_LITERAL, 1, True)),
    "leading": _table((_ON_LITERAL, 1, True), (_AFTER_LEADING, 0, False)),
    "trailing": _table((_ON_LITERAL, 1, True), (_AFTER_TRAILING, 0, False)),
}


def _literal_positions(segment: str, *, first: bool, last: bool) -> list[int] | None:
    """The fewest no-break spaces of an escaped segment that must be real for it to come from escaping a
    text (the leftmost such set), or None when no text escapes to it. Linear in the segment's length.

    Any other character leaves the reading free (``_FREE``), so each run of spaces and NBSPs is read alone.
    """
    positions: list[int] = []
    for run in _BLANK_RUN.finditer(segment):
        start, stop = run.span()
        found = _run_literals(run.group(), first and start == 0, stop == len(segment), last)
        if found is None:
            return None
        if found:
            positions.extend([start + k for k in found])
    return positions


@lru_cache(maxsize=4096)
def _run_literals(run: str, leading: bool, at_end: bool, last: bool) -> tuple[int, ...] | None:
    """:func:`_literal_positions` for one run of spaces and NBSPs (``leading``: it starts the line,
    ``at_end``: it ends its segment, ``last``: the segment ends the line)."""
    tables = [_readings(run, k, leading, at_end and last) for k in range(len(run))]
    # cost[k][state]: the fewest real NBSPs from run[k] in that state to the end of the run.
    cost = [[_UNREACHABLE] * 7 for _ in range(len(run) + 1)]
    for state in (_FREE, _END) if at_end and last else (_FREE, _FREE_AFTER_SPACE, _LONE):
        cost[-1][state] = 0
    for k in range(len(run) - 1, -1, -1):
        row, after, table = cost[k], cost[k + 1], tables[k]
        for state in _STATES:
            row[state] = min(
                (price + after[target] for target, price, _ in table[state]), default=_UNREACHABLE
            )
    state = _START if leading else _FREE
    if cost[0][state] >= _UNREACHABLE:
        return None
    positions = []
    for k, table in enumerate(tables):
        best, after = cost[k][state], cost[k + 1]
        # The cheapest reading, a real NBSP first when it is as cheap (the leftmost set of real ones).
        state, literal = next((t, lit) for t, price, lit in table[state] if price + after[t] == best)
        if literal:
            positions.append(k)
    return tuple(positions)


def _readings(run: str, k: int, leading: bool, tail: bool) -> tuple[tuple[_Option, ...], ...]:
    if run[k] == " ":
        return _SPACE_READINGS
    if leading and k == 0:
        return _NBSP_READINGS["leading"]
    if tail and k == len(run) - 1:
        return _NBSP_READINGS["trailing"]
    return _NBSP_READINGS["pair" if run[k + 1 : k + 2] == " " else "lone"]


def unescape_whitespace(segments: Sequence[str]) -> list[str]:
    """Invert :func:`escape_whitespace`: a line whose escaping gives ``segments`` back.

    No-break spaces are read as escaping where they can be; where that does not give the line back (the line
    held real no-break spaces next to spaces), the fewest real ones that do (the leftmost such) are found,
    in time linear in the line's length.
    """
    escaped = list(segments)
    guess = _greedy_unescape(escaped)
    if escape_whitespace(guess) == escaped:
        return guess
    literal: list[set[int]] = []
    for i, segment in enumerate(escaped):
        positions = _literal_positions(segment, first=i == 0, last=i == len(escaped) - 1)
        if positions is None:
            return guess
        literal.append(set(positions))
    candidate = _undo(escaped, literal)
    return candidate if candidate is not None and escape_whitespace(candidate) == escaped else guess


def parse_diff_table(table_html: str) -> tuple[Diff, list[str]]:
    """Read a diff table; warnings say what was recovered or skipped.

    A row that is neither a line pair nor a notice is skipped with a warning naming it, and the Diff is
    marked incomplete (``complete=False``), as it is when a hunk's line numbers had to be guessed.
    """
    warnings: list[str] = []
    table = _parse_table(table_html, warnings)
    complete = not warnings
    hunks: list[DiffHunk] = []
    old_start = new_start = 0
    rows: list[DiffRow] = []
    intermediate: str | None = None
    for number, tr in enumerate((row for row in table.iter() if _name(row) == "tr"), start=1):
        cells = [cell for cell in tr if isinstance(cell.tag, str)]
        if not cells or "diff-title" in tr.get("class", ""):
            continue
        if len(cells) == 1 and "diff-multi" in cells[0].get("class", "").split():
            intermediate = "".join(cells[0].itertext()).strip() or None
            continue
        if any("diff-lineno" in td.get("class", "") for td in cells):
            if rows or old_start:
                hunks.append(DiffHunk(old_start, new_start, tuple(rows)))
            numbers = _line_numbers(cells, warnings)
            complete = complete and numbers is not None
            old_start, new_start = numbers or (1, 1)
            rows = []
            continue
        row = _read_row(cells)
        if row is None:
            continue
        if isinstance(row, str):
            warnings.append(f"diff: table row {number} skipped: {row}")
            complete = False
            continue
        if not old_start:
            warnings.append("diff: rows before the first line number; assumed to start at line 1")
            old_start = new_start = 1
            complete = False
        rows.append(row)
    if rows or old_start:
        hunks.append(DiffHunk(old_start, new_start, tuple(rows)))
    return Diff(tuple(hunks), complete=complete, intermediate=intermediate), warnings


def _name(element: etree._Element) -> str:
    """An element's lower-case local name ("" for comments and processing instructions)."""
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _parse_table(table_html: str, warnings: list[str]) -> etree._Element:
    """The table as XHTML when it is well-formed lower-case XML, else as HTML (whose names ignore case)."""
    try:
        table = etree.fromstring(table_html, _XML_PARSER)
    except etree.XMLSyntaxError:
        pass
    else:
        if all(_is_plain(element) for element in table.iter()):
            return table
    try:
        holder = lxml_html.fragment_fromstring(table_html, create_parent="div", parser=_HTML_PARSER)
    except (etree.LxmlError, ValueError) as error:
        warnings.append(f"diff: the table could not be parsed ({error}); no rows read")
        return etree.Element("table")
    tables = [child for child in holder if _name(child) == "table"]
    stray = (holder.text or "").strip() or any((child.tail or "").strip() for child in holder)
    if len(tables) != 1 or len(holder) != 1 or stray:
        warnings.append("diff: markup outside the diff table; only the first table read")
    return tables[0] if tables else holder


def _is_plain(element: etree._Element) -> bool:
    """Whether XML and HTML read the element alike: a lower-case name without a namespace, lower-case
    attribute names."""
    tag = element.tag
    if isinstance(tag, str) and (tag != tag.lower() or tag.startswith("{")):
        return False
    return all(key == key.lower() for key in element.attrib)


_MAX_DIGITS = 18
"""Longer numbers are not line numbers (and ``int`` refuses more than 4,300 digits)."""


def _line_numbers(cells: list[etree._Element], warnings: list[str]) -> tuple[int, int] | None:
    """A hunk's first old and new line numbers; None and a warning when they cannot be read."""
    numbers = [_number("".join(td.itertext())) for td in cells if "diff-lineno" in td.get("class", "")]
    anchor = cells[0].get("id", "")
    if anchor.startswith("mw-diff-left-l") and numbers:
        numbers[0] = _number(anchor[14:], strict=True) or numbers[0]
    old, new = [*numbers, None, None][:2]
    if len(numbers) != 2 or old is None or new is None:
        warnings.append(f"diff: unreadable line numbers {numbers!r}; assumed line 1")
        return None
    return old, new


def _number(text: str, *, strict: bool = False) -> int | None:
    """The decimal digits of ``text`` as a number (``strict``: only if it is nothing else)."""
    digits = "".join(ch for ch in text if ch.isdecimal())
    if not digits or len(digits) > _MAX_DIGITS or (strict and digits != text):
        return None
    return int(digits)


_Side = tuple[str, etree._Element] | None
"""One side of a row: its marker and its line cell, or None for an empty side."""


def _read_row(cells: list[etree._Element]) -> DiffRow | str | None:
    """A line pair from a row's cells, None for a notice (one cell across the table), or why it is neither."""
    if len(cells) == 1:
        return None  # "(No difference)", "(N intermediate revisions not shown)"
    if any(_name(cell) != "td" for cell in cells):
        return "a cell that is not a <td>"
    sides: list[_Side] = []
    index = 0
    while index < len(cells) and len(sides) < 2:
        cell = cells[index]
        if cell.get("colspan") == "2":
            if "".join(cell.itertext()).strip():
                return "an empty side (colspan=2) that holds text"
            sides.append(None)
            index += 1
        elif "diff-marker" in cell.get("class", "").split() and index + 1 < len(cells):
            marker = (cell.get("data-marker") or "".join(cell.itertext())).strip(_MARKERS_STRIP)
            sides.append((marker, cells[index + 1]))
            index += 2
        else:
            return "a cell that is neither an empty side (colspan=2) nor a diff-marker cell before a line"
    if len(sides) != 2 or index != len(cells):
        return f"{len(cells)} cells that do not make two sides"
    return _row_of(sides[0], sides[1])


def _row_of(old: _Side, new: _Side) -> DiffRow | str:
    if old is None:
        return _one_sided(RowKind.ADDED, new)
    if new is None:
        return _one_sided(RowKind.DELETED, old)
    if bool(old[0]) != bool(new[0]):
        return f"one side marked {old[0] or new[0]!r}, the other unmarked"
    kind = RowKind.CHANGED if old[0] else RowKind.CONTEXT
    old_spans = _spans(old[1], word_level=kind is RowKind.CHANGED)
    new_spans = _spans(new[1], word_level=kind is RowKind.CHANGED)
    if isinstance(old_spans, str):
        return old_spans
    if isinstance(new_spans, str):
        return new_spans
    return DiffRow(kind, _join(old_spans), _join(new_spans), old_spans, new_spans)


def _one_sided(kind: RowKind, side: _Side) -> DiffRow | str:
    """An added or deleted line (MediaWiki marks its words as one changed run)."""
    if side is None:
        return "two empty sides"
    spans = _spans(side[1], word_level=True)
    if isinstance(spans, str):
        return spans
    if kind is RowKind.ADDED:
        return DiffRow(kind, None, _join(spans), (), spans)
    return DiffRow(kind, _join(spans), None, spans, ())


def _spans(cell: etree._Element, *, word_level: bool) -> tuple[DiffSpan, ...] | str:
    """The text runs of a line cell, marked where MediaWiki marked a word-level change, or why the cell is
    not one MediaWiki writes (a line is one ``<div>``; an empty line is ``<br/>`` or nothing)."""
    lines = [child for child in cell if _name(child) == "div"]
    outside = (cell.text or "").strip() or any((child.tail or "").strip() for child in cell)
    if outside:
        return "a line cell with text outside its <div>"
    if len(lines) > 1:
        return f"a line cell with {len(lines)} <div>s"
    if not lines:
        if any(_name(child) not in ("br", "") for child in cell):
            return "a line cell without its <div>"
        return ()  # an empty line: MediaWiki writes <br/> instead of a <div>
    line = lines[0]
    if word_level and len(line) == 0 and line.text == NBSP:
        return ()  # an empty line of a word-level block
    pieces: list[tuple[str, bool]] = [(line.text or "", False)]
    for child in line:
        pieces.append(("".join(child.itertext()), _name(child) in _CHANGE_TAGS))
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
