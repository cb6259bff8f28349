"""The feed reader and revisions on hostile feeds: issue 15 items 8, 10, 15 (iter_entries) and 16 (feeds).

Each test builds the feed MediaWiki would serve, changed the way an attacker (or a broken proxy) would, and
reads it with the real reader: a FeedError saying where, or the feed read with a warning on the one entry.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import wikifeedkit as wfk
from tests.mediawiki_html import changes_summary, diff_table
from wikifeedkit.emit.difftable import diff_table_html
from wikifeedkit.feeds.difftable import parse_diff_table

ROOT = Path(__file__).parent.parent.parent
HEAD = '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><id>http://w.test/h?action=history</id><title>t</title>'
LINK = "http://w.test/index.php?title=P&amp;diff=5&amp;oldid=4"
OLD, NEW = "intro\nsame line\nold words here\nend", "intro\nsame line\nnew words here\nend"


def _entry(*, link: str = LINK, updated: str = "2024-01-02T03:04:05Z", summary: str = "<p>x</p>\n") -> str:
    return (
        f'<entry><id>{link}</id><title>P</title><link rel="alternate" type="text/html" href="{link}"/>'
        f'<updated>{updated}</updated><summary type="html">{escape(summary)}</summary>'
        "<author><name>Ann</name></author></entry>"
    )


def _feed(*entries: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> str:
    return prolog + HEAD + "".join(entries) + "</feed>"


def _good_entry() -> str:
    return _entry(link="http://w.test/index.php?title=Q&amp;diff=9&amp;oldid=8", summary="<p>fine</p>\n")


# -- item 8: internal DTD subsets ------------------------------------------------------------------------

ATTLIST = '<!DOCTYPE feed [<!ATTLIST link href CDATA "http://injected/">]>'


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""), ("utf-32", b"")],
)
def test_attlist_default_in_an_internal_subset_is_refused(encoding: str, bom: bytes) -> None:
    """The reproducer: an ATTLIST default set every link to the attacker's URL."""
    declared = encoding.removesuffix("-le")
    document = _feed(_entry(link=""), prolog=f'<?xml version="1.0" encoding="{declared}"?>\n{ATTLIST}\n')
    document = document.replace(' href=""', "")
    with pytest.raises(wfk.FeedError, match="internal DTD subset") as caught:
        wfk.read_feed(bom + document.encode(encoding))
    assert (caught.value.line, caught.value.column) == (2, 16)  # at the "["
    with pytest.raises(wfk.FeedError, match="internal DTD subset"):
        next(wfk.iter_entries(bom + document.encode(encoding)))  # refused before any entry is handed on


def test_a_subset_the_prolog_scan_cannot_see_is_refused_after_parsing() -> None:
    """UTF-7 spells "[" as "+AFs-": the bytes hide the subset, libxml2 decodes and applies it."""
    subset = '<!DOCTYPE feed +AFs-<!ATTLIST link href CDATA "http://injected/">+AF0->\n'
    document = _feed(_entry(link=""), prolog=f'<?xml version="1.0" encoding="UTF-7"?>{subset}')
    with pytest.raises(wfk.FeedError, match="internal DTD subset"):
        wfk.read_feed(document.replace(' href=""', "").encode("ascii"))


@pytest.mark.parametrize(
    "doctype",
    [
        "<!DOCTYPE feed []>",
        "<!DOCTYPE feed [<!-- nothing -->]>",
        '<!DOCTYPE feed [<!ELEMENT feed ANY><!ATTLIST entry xml:base CDATA "http://injected/">]>',
        "<!-- a long comment: " + "-x" * 70_000 + ' -->\n<?pi ?>\n<!DOCTYPE feed [<!ATTLIST a b CDATA "c">]>',
    ],
    ids=["empty", "comment", "element-and-attlist", "after-140-KB-of-comment"],
)
def test_any_internal_subset_is_refused(doctype: str) -> None:
    with pytest.raises(wfk.FeedError, match="internal DTD subset"):
        wfk.read_feed(_feed(_good_entry(), prolog=doctype))


@pytest.mark.parametrize(
    "prolog", ["<!DOCTYPE feed>", "<!-- [ not a subset ] -->\n<!DOCTYPE feed>", '<?pi "[" ?><!DOCTYPE feed >']
)
def test_a_doctype_without_a_subset_is_still_read(prolog: str) -> None:
    feed = wfk.read_feed(_feed(_good_entry(), prolog=prolog))
    assert [entry.page for entry in feed.entries] == ["Q"]


# -- item 10: diff rows the reader cannot classify ---------------------------------------------------------


def _history(table_html: str) -> wfk.Feed:
    """A history feed: the old text in full (revision 4), then the edit's diff (revision 5)."""
    full = _entry(
        link="http://w.test/index.php?title=P&amp;diff=4&amp;oldid=0",
        summary=changes_summary("made", text=OLD),
    )
    return wfk.read_feed(_feed(_entry(summary="<p>edit</p>\n" + table_html), full))


def test_the_untouched_table_rebuilds_the_new_text() -> None:
    """The baseline for the tests below: MediaWiki's own table gives the new text back."""
    feed = _history(diff_table(OLD, NEW))
    assert feed.entries[0].diff is not None
    assert feed.entries[0].diff.complete
    assert wfk.rebuild_revisions(feed)[5] == NEW


def test_a_marker_cell_without_its_class_is_a_warning_and_no_rebuild() -> None:
    """The reproducer: the changed row's marker cells lost their class; the row was dropped silently and the
    rebuilt text was the old one."""
    table = diff_table(OLD, NEW).replace('<td class="diff-marker" data-marker="−">', "<td>−")
    entry = _history(table).entries[0]
    assert entry.diff is not None
    assert not entry.diff.complete
    assert [w for w in entry.warnings if "skipped" in w] == [
        "diff: table row 5 skipped: a cell that is neither an empty side (colspan=2) nor a diff-marker cell "
        "before a line"
    ]
    with pytest.raises(wfk.RevisionRebuildError, match=r"page 'P', revision 5\): the diff is incomplete"):
        wfk.rebuild_revisions(_history(table))
    with pytest.raises(wfk.DiffError, match="incomplete"):
        wfk.apply_diff(OLD, entry.diff)


def _upper_names(table: str) -> str:
    """Tag and attribute names in upper case, as HTML allows (XML reads them as other names)."""
    table = re.sub(r"(</?)([a-z]+)", lambda m: m.group(1) + m.group(2).upper(), table)
    return re.sub(r' ([a-z-]+)="', lambda m: f' {m.group(1).upper()}="', table)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda t: t.replace("<tr>", "<TR>").replace("</tr>", "</TR>"), id="upper-case-rows"),
        pytest.param(_upper_names, id="upper-case-names"),
        pytest.param(
            lambda t: t.replace("<table ", '<table xmlns="http://www.w3.org/1999/xhtml" '), id="xhtml"
        ),
        pytest.param(lambda t: t.replace("<br/>", "<br>").replace("<td ", "<td  "), id="html"),
    ],
)
def test_an_html_not_xhtml_table_gives_the_same_diff(change: Callable[[str], str]) -> None:
    """The reproducer: a table XML reads with other element names (upper case, a namespace) lost every row."""
    table = diff_table(OLD, NEW)
    diff, warnings = parse_diff_table(change(table))
    assert warnings == []
    assert diff == parse_diff_table(table)[0]
    assert len(diff.rows) == 4


def test_rows_of_an_upper_case_table_rebuild_the_new_text() -> None:
    assert wfk.rebuild_revisions(_history(_upper_names(diff_table(OLD, NEW))))[5] == NEW


@pytest.mark.parametrize(
    ("row", "why"),
    [
        (
            '<tr><td colspan="2">text</td><td colspan="2"></td></tr>',
            "an empty side (colspan=2) that holds text",
        ),
        ('<tr><td colspan="2"></td><td colspan="2"></td></tr>', "two empty sides"),
        (
            '<tr><td class="diff-marker"></td><td><b>stray</b></td><td class="diff-marker"></td><td><div>a</div></td></tr>',
            "a line cell without its <div>",
        ),
        (
            '<tr><td class="diff-marker" data-marker="+"></td><td><div>a</div></td><td class="diff-marker"></td>'
            "<td><div>a</div></td></tr>",
            "one side marked '+', the other unmarked",
        ),
        ('<tr><th>x</th><td colspan="2"></td></tr>', "a cell that is not a <td>"),
        (
            '<tr><td colspan="2"></td><td class="diff-marker" data-marker="+"></td><td><div>a</div></td><td/></tr>',
            "4 cells that do not make two sides",
        ),
    ],
    ids=["text-in-empty-side", "two-empty-sides", "no-div", "one-marker", "th", "extra-cell"],
)
def test_each_unreadable_row_is_named(row: str, why: str) -> None:
    table = diff_table(OLD, NEW).replace("</table>", row + "</table>")
    diff, warnings = parse_diff_table(table)
    assert not diff.complete
    assert warnings == [f"diff: table row 7 skipped: {why}"]


def test_notices_are_not_unreadable_rows() -> None:
    """MediaWiki's one-cell rows ("No difference", intermediate revisions) carry no line: no warning."""
    notice = (
        '<tr><td colspan="4" class="diff-multi" lang="en">(One intermediate revision not shown)</td></tr>'
    )
    diff, warnings = parse_diff_table(diff_table(OLD, NEW).replace("</table>", notice + "</table>"))
    assert diff.complete
    assert warnings == []


def test_guessed_line_numbers_make_the_diff_incomplete() -> None:
    table = diff_table(OLD, NEW).replace('id="mw-diff-left-l1">Line 1:', 'id="mw-diff-left-lx">Line ?:')
    diff, warnings = parse_diff_table(table)
    assert not diff.complete
    assert warnings == ["diff: unreadable line numbers [None, 1]; assumed line 1"]


def test_two_tables_in_one_summary_are_an_incomplete_diff() -> None:
    table = diff_table(OLD, NEW)
    entry = _history(table + " and " + table).entries[0]
    assert entry.diff is not None
    assert not entry.diff.complete
    assert "diff: markup outside the diff table; only the first table read" in entry.warnings


def test_an_incomplete_diff_stays_incomplete_through_json_and_the_table_writer() -> None:
    diff, _ = parse_diff_table(diff_table(OLD, NEW).replace('class="diff-marker" data-marker="−"', ""))
    assert not diff.complete
    assert wfk.from_json(wfk.to_json(diff)) == diff
    again, warnings = parse_diff_table(diff_table_html(diff))
    assert again == diff
    assert len(warnings) == 1


def test_an_incomplete_diff_whose_base_is_missing_is_left_out_without_error() -> None:
    table = diff_table(OLD, NEW).replace('class="diff-marker" data-marker="−"', "")
    feed = wfk.read_feed(_feed(_entry(summary="<p>edit</p>\n" + table)))
    assert wfk.rebuild_revisions(feed) == {}


def _row(kind: wfk.RowKind, old: str | None, new: str | None) -> wfk.Diff:
    return wfk.Diff((wfk.DiffHunk(1, 1, (wfk.DiffRow(kind, old, new),)),))


@pytest.mark.parametrize(
    ("diff", "problem"),
    [
        (_row(wfk.RowKind.CONTEXT, "a", "b"), "a context row with old line 'a' and new line 'b'"),
        (_row(wfk.RowKind.CONTEXT, "a", None), "a context row with old line 'a' and new line None"),
        (_row(wfk.RowKind.DELETED, "a", "b"), "a deleted row with old line 'a' and new line 'b'"),
        (_row(wfk.RowKind.ADDED, "a", "b"), "an added row with old line 'a' and new line 'b'"),
        (_row(wfk.RowKind.CHANGED, None, "b"), "a changed row with old line None and new line 'b'"),
    ],
    ids=["context-differs", "context-without-new", "deleted-with-new", "added-with-old", "changed-one-side"],
)
def test_apply_diff_refuses_rows_that_contradict_themselves(diff: wfk.Diff, problem: str) -> None:
    """Before: a context row applied its old line and dropped the new, an added row dropped its old line."""
    with pytest.raises(wfk.DiffError, match=r"hunk 1 \(old line 1\), row 1: " + problem):
        wfk.apply_diff("a\nz", diff)


# -- item 16: values the reader's int() and datetime refused ---------------------------------------------


@pytest.mark.parametrize(
    ("link", "ids", "warning"),
    [
        ("http://w.test/index.php?title=P&amp;diff=%C2%B2&amp;oldid=4", (None, 4), "link: diff='²' is not a"),
        ("http://w.test/index.php?title=P&amp;diff=5&amp;oldid=²", (5, None), "link: oldid='²' is not a"),
        ("http://w.test/index.php?title=P&amp;diff=" + "9" * 5000, (None, None), "link: diff='99999999"),
        ("http://[::1/index.php?title=P&amp;diff=5", (None, None), "link: unreadable URL 'http://[::1/"),
    ],
    ids=["diff-superscript-two", "oldid-superscript-two", "diff-5000-digits", "bad-ipv6-host"],
)
def test_unreadable_revision_ids_are_warnings(
    link: str, ids: tuple[int | None, int | None], warning: str
) -> None:
    """Before: int() raised ValueError (str.isdigit accepts "²"; more than 4,300 digits), or urlsplit did, and
    the whole feed was lost."""
    feed = wfk.read_feed(_feed(_entry(link=link), _good_entry()))
    entry = feed.entries[0]
    assert (entry.revision, entry.old_revision) == ids
    assert len(entry.warnings) == 1, entry.warnings
    assert entry.warnings[0].startswith(warning)
    assert feed.entries[1].revision == 9


@pytest.mark.parametrize(
    "date",
    [
        "0000-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z",
        "2024-01-01T00:00:00+24:00",
        "9999-12-31T23:00:00-05:00",  # a valid datetime that no UTC datetime can hold
        "0001-01-01T00:00:00+05:00",
        "Mon, 01 Jan 99999999999999999999 00:00:00 +0000",  # OverflowError in email.utils
        "Mon, 01 Jan 2024 00:00:00 +99999999999999999999999",
        "Mon, 01 Jan 2024 00:00:00 +" + "9" * 5000,
    ],
    ids=[
        "year-0",
        "year-10000",
        "offset-24h",
        "utc-after-9999",
        "utc-before-1",
        "rfc822-huge-year",
        "rfc822-huge-offset",
        "rfc822-5000-digits",
    ],
)
def test_extreme_dates_are_warnings(date: str) -> None:
    feed = wfk.read_feed(_feed(_entry(updated=date), _good_entry()))
    entry = feed.entries[0]
    assert entry.updated is None
    assert len(entry.warnings) == 1, entry.warnings
    assert entry.warnings[0].startswith("updated:")
    assert feed.entries[1].updated is not None


@pytest.mark.parametrize(
    "summary",
    [
        "<p>x</p>\n" + diff_table(OLD, NEW).replace('mw-diff-left-l1">Line 1:', 'mw-diff-left-l²">Line ²:'),
        "<p>x</p>\n" + diff_table(OLD, NEW).replace("Line 1:", "Line " + "9" * 5000 + ":"),
        "<p>Ann: x</p>\n<hr />\n<div>a &#x; b &#; &#x110000; &#99999999999999; &#" + "0" * 5000 + "39;</div>",
        "<p>a < b&#12; <b>&#0;</b></p>\n",  # lxml refuses the control character that &#12; stands for
        "<p>x</p>\n" + diff_table(OLD, NEW) + "<table></table></table>",
    ],
    ids=["line-superscript-two", "line-5000-digits", "bad-references", "control-references", "two-tables"],
)
def test_odd_summaries_are_read_with_warnings(summary: str) -> None:
    feed = wfk.read_feed(_feed(_entry(summary=summary), _good_entry()))
    assert len(feed.entries) == 2
    assert feed.entries[1].warnings == ()


def test_the_cli_summary_of_a_hostile_feed_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "hostile.atom"
    path.write_text(
        _feed(_entry(link="http://w.test/index.php?title=P&amp;diff=%C2%B2"), _entry(updated="10000-01-01")),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "wikifeedkit", "summary", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "is not a revision id" in done.stdout + done.stderr


# -- item 15: iter_entries keeps what is not an entry -----------------------------------------------------

_MEMORY_PROBE = textwrap.dedent(
    """
    import json, resource, sys
    import wikifeedkit as wfk

    class Feed:
        '''A feed of COUNT <x/> elements and one entry, made as it is read.'''

        def __init__(self, count):
            head = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            blocks = (b"<x/>" * min(16384, count - i) for i in range(0, count, 16384))
            self.chunks = iter([head, *blocks, b"<entry><title>P</title></entry></feed>"])
            self.buffer = b""

        def read(self, size=-1):
            while len(self.buffer) < size and (chunk := next(self.chunks, b"")):
                self.buffer += chunk
            data, self.buffer = self.buffer[:size], self.buffer[size:]
            return data

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    titles = [entry.title for entry in wfk.iter_entries(Feed(int(sys.argv[1])))]
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"titles": titles, "grown_kb": grown}))
    """
)


def test_non_entry_elements_are_dropped_as_they_are_read() -> None:
    """A million ``<x/>`` (4 MB) kept 126 MB before the fix (100 MB of them: 3.1 GB); now it stays flat."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, "1000000"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result = json.loads(done.stdout)
    assert result["titles"] == ["P"]
    assert result["grown_kb"] < 40 * 1024, f"peak memory grew by {result['grown_kb'] // 1024} MB"
