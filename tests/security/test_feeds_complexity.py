"""Linear time on hostile feeds (issue 15 items 13 and 14's rebuild_revisions): n, 10n and 100n copies.

Each pattern took quadratic (or, for the NBSP search, 4,095-fold) time before: the numbers in the docstrings
are the issue's measurements. The decoders stay exact: the NBSP reader is checked against the exhaustive
search it replaces.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Sequence
from functools import cache
from itertools import combinations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.security.complexity import SIZES, assert_linear
from wikifeedkit.emit.difftable import html_escape
from wikifeedkit.feeds.comment import comment_text, section_of
from wikifeedkit.feeds.difftable import (
    _greedy_unescape,
    escape_whitespace,
    parse_diff_table,
    unescape_whitespace,
)
from wikifeedkit.feeds.summary import SummaryShape, decode_summary

NBSP = "\u00a0"
_AUTOCOMMENT = re.compile(r"/\*\s*(.*?)\s*\*/")
"""The expression section_of used: the reference for what it finds."""
GREEDY_FAILS = "a " + NBSP + " "
"""MediaWiki shows it as it is; read greedily, its "NBSP␠" is taken for two spaces and the line comes out wrong."""


def _assert_linear(run: Callable[[int], object], *, sizes: Sequence[int] = SIZES, what: str) -> None:
    """:func:`assert_linear`, steadied for a busy machine: the largest size runs once untimed first (the first
    run also pays for fresh memory pages), and the check is tried up to three times. A quadratic step (100×)
    still fails every time, and fails on the smaller sizes before the largest ever runs."""
    assert_linear(run, sizes[:2], what=what)
    run(sizes[-1])
    for attempt in range(3):
        try:
            assert_linear(run, sizes, what=what)
            return
        except AssertionError:
            if attempt == 2:
                raise


def _context_table(*shown: str) -> str:
    """A diff table of context rows whose lines MediaWiki showed (escaped) as ``shown``."""
    rows = []
    for line in shown:
        cell = f'<td style="c"><div>{html_escape(line)}</div></td>'
        rows.append(f'<tr><td class="diff-marker"></td>{cell}<td class="diff-marker"></td>{cell}</tr>')
    head = (
        '<tr><td colspan="2" class="diff-lineno" id="mw-diff-left-l1">Line 1:</td>'
        '<td colspan="2" class="diff-lineno">Line 1:</td></tr>'
    )
    return f"<table>{head}{''.join(rows)}</table>"


def test_nbsp_decoding_is_linear_and_exact_on_one_long_line() -> None:
    """Before: up to 4,095 combinations per line, and past 12 NBSPs the wrong (greedy) reading."""

    def run(n: int) -> None:
        line = "x" + GREEDY_FAILS * n
        diff, warnings = parse_diff_table(_context_table(escape_whitespace([line])[0]))
        assert [row.old_text for row in diff.rows] == [line]
        assert warnings == []

    _assert_linear(run, what="a diff line of n × 'a NBSP '")


def test_many_lines_that_need_the_search_cost_about_what_plain_lines_cost() -> None:
    """The issue's 61 KB feed (11 s): lines of 12 NBSPs that no escaping gives (none ends in a bare space),
    each tried against all 4,095 sets of real NBSPs (26 ms a line)."""
    hostile = (NBSP + " ") * 12 + " "
    plain = "p" * len(hostile)

    def seconds(line: str) -> float:
        start = time.perf_counter()
        diff, _ = parse_diff_table(_context_table(*[line] * 300))
        assert len(diff.rows) == 300
        return time.perf_counter() - start

    baseline = min(seconds(plain) for _ in range(3))
    taken = min(seconds(hostile) for _ in range(2))
    assert taken <= 20 * max(baseline, 0.02), f"{taken:.3f} s for 300 hostile lines, {baseline:.3f} s plain"


def _undone(segments: list[str], literal: set[tuple[int, int]]) -> list[str] | None:
    """The line if the NBSPs at ``literal`` were real and every other one escaping (None: impossible)."""
    out = []
    for i, segment in enumerate(segments):
        chars = []
        for j, char in enumerate(segment):
            if char != NBSP or (i, j) in literal:
                chars.append(char)
            elif (i, j) == (0, 0) or (i == len(segments) - 1 and j == len(segment) - 1):
                continue  # the NBSP added before a leading or after a trailing space
            elif segment[j + 1 : j + 2] == " ":
                chars.append(" ")
            else:
                return None
        out.append("".join(chars))
    return out


def _searched(segments: list[str]) -> list[str]:
    """The exhaustive search :func:`unescape_whitespace` replaced: the fewest real NBSPs, leftmost first."""
    guess = _greedy_unescape(segments)
    if escape_whitespace(guess) == segments:
        return guess
    places = [(i, j) for i, segment in enumerate(segments) for j, char in enumerate(segment) if char == NBSP]
    for count in range(1, len(places) + 1):
        for literal in combinations(places, count):
            candidate = _undone(segments, set(literal))
            if candidate is not None and escape_whitespace(candidate) == segments:
                return candidate
    return guess


_PIECES = st.lists(st.sampled_from([" ", NBSP, "a", "  ", " " + NBSP]), max_size=6).map("".join)


@given(st.lists(_PIECES, min_size=1, max_size=3), st.booleans())
@example([" " + NBSP + " "], True)
@example(["a" + NBSP + " " + NBSP], False)
@example([NBSP], False)
@example(["", " " + NBSP, NBSP], False)
def test_linear_nbsp_reading_is_the_exhaustive_searchs(segments: list[str], escape_first: bool) -> None:
    """Same reading as the search on every line the search could afford (its own 12-NBSP limit aside)."""
    escaped = escape_whitespace(segments) if escape_first else list(segments)
    if sum(segment.count(NBSP) for segment in escaped) <= 10:
        assert unescape_whitespace(escaped) == _searched(escaped)


def test_the_table_search_is_linear() -> None:
    """``<table\\b.*</table>`` backtracked from every ``<table`` (240 KB: 7–14 s)."""

    def run(n: int) -> None:
        decoded = decode_summary("<p>x</p>\n" + "<table " * n)
        assert decoded.table_html is None

    _assert_linear(run, what="a summary of n × '<table '")
    table = "<p>x</p>\n<table>a</table> b <TABLE>c</Table> d"
    assert decode_summary(table).table_html == "<table>a</table> b <TABLE>c</Table>"


def test_the_author_prefix_search_is_linear() -> None:
    """``[^:]*?[\\s]*[:]`` rescanned the blanks from every position (40 KB: 14–17 s)."""

    def run(n: int) -> None:
        assert comment_text("x" + " " * n, SummaryShape.CONTRIBUTIONS, None) == "x" + " " * n

    _assert_linear(run, what="a contributions comment of n blanks without a colon")
    assert comment_text("Bob \uff1a\u00a0hi", SummaryShape.CONTRIBUTIONS, "Ann") == "hi"


@pytest.mark.parametrize(
    ("copy", "tail"),
    [("/*", ""), ("/* x\n", "*/"), ("/*" + " " * 3, "x"), (" \n", "/* a */")],
    ids=["openers", "openers-before-a-newline", "openers-and-blanks", "blank-lines"],
)
def test_the_autocomment_search_is_linear(copy: str, tail: str) -> None:
    """``/\\*\\s*(.*?)\\s*\\*/`` rescanned the rest of the line from every ``/*`` (40 KB: 14–17 s)."""

    def run(n: int) -> None:
        section_of(copy * n + tail)

    _assert_linear(run, what=f"a comment of n × {copy!r}")
    for n in range(4):
        text = copy * n + tail
        found = _AUTOCOMMENT.search(text)
        assert section_of(text) == (found.group(1) if found and found.group(1) else None)


_AROUND = ("one", "two", "four", "five")


def _flip(old: str, new: str) -> wfk.Diff:
    """The diff of a five-line text whose middle line goes from ``old`` to ``new``."""
    context = [
        wfk.DiffRow(wfk.RowKind.CONTEXT, line, line, (wfk.DiffSpan(line),), (wfk.DiffSpan(line),))
        for line in _AROUND
    ]
    change = wfk.DiffRow(
        wfk.RowKind.CHANGED, old, new, (wfk.DiffSpan(old, True),), (wfk.DiffSpan(new, True),)
    )
    return wfk.Diff((wfk.DiffHunk(1, 1, (*context[:2], change, *context[2:])),))


def _text(middle: str) -> str:
    return "\n".join((*_AROUND[:2], middle, *_AROUND[2:]))


_FLIPS = {"a": _flip("b", "a"), "b": _flip("a", "b")}


@cache
def _history(n: int) -> wfk.Feed:
    """A history feed, newest first: revision 1 in full (middle line "a"), then n - 1 diffs flipping it."""
    entries = [wfk.Entry(title="P", page="P", revision=1, wikitext=_text("a"), body=wfk.BodyKind.TEXT)]
    entries += [
        wfk.Entry(title="P", page="P", revision=k, diff=_FLIPS["ab"[k % 2 == 0]], body=wfk.BodyKind.DIFF)
        for k in range(2, n + 1)
    ]
    return wfk.Feed(wfk.FeedFormat.ATOM, wfk.FeedKind.HISTORY, entries=tuple(reversed(entries)))


def test_rebuild_revisions_is_linear() -> None:
    """It rescanned every pending diff per round, and every revision of the page per diff (16 k diffs: 47 s)."""
    for n in (1_000, 10_000, 100_000):
        _history(n)  # built before timing, and kept out of the garbage collector's scans while timing
    gc.freeze()
    try:

        def run(n: int) -> None:
            gc.disable()  # the collector's passes over what the rebuild keeps are not the rebuild's time
            try:
                rebuilt = wfk.rebuild_revisions(_history(n))
            finally:
                gc.enable()
            assert len(rebuilt) == n
            assert rebuilt[n] == _text("ab"[n % 2 == 0])

        _assert_linear(run, what="a history feed of n revisions")
    finally:
        gc.unfreeze()


def test_a_long_prolog_is_scanned_once() -> None:
    """The DOCTYPE check reads the prolog as it streams in: comments before the root cost their length."""

    def run(n: int) -> None:
        document = f'<!--{"-x" * n}-->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
        assert wfk.read_feed(document.encode()).title == "t"

    _assert_linear(run, sizes=(3_000, 30_000, 300_000), what="a prolog comment of n × '-x'")
