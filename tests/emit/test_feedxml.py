"""to_atom and to_rss on the seed feed, on hand-made entries and on the real MediaWiki 1.39 feeds stored in
tests/corpus/feeds (a live wiki's documents are checked in tests/integration/test_mediawiki_writers.py)."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS
from wikifeedkit.emit.difftable import diff_table_html
from wikifeedkit.emit.summary import revision_title, summary_html

STORED = sorted(path for path in (CORPUS / "feeds").glob("*mw1.39.17-*") if path.is_file())
"""The feeds a real MediaWiki 1.39 served (the other stored feed is a 1.33 one, laid out differently)."""
_COMMENTS_LINK = re.compile(r"\t\t\t<comments>[^<]*</comments>\n")  # the talk page, which the model lacks
_DIFF_MULTI = re.compile(r'<tr><td colspan="4" class="diff-multi" lang="en">([^<]*)</td></tr>')


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> wfk.Feed:
    return wfk.read_feed(seed_path)


def _same_but_format(read: wfk.Feed, original: wfk.Feed) -> None:
    assert read == dataclasses.replace(original, format=read.format)


def test_seed_round_trips_through_atom_and_rss(seed: wfk.Feed) -> None:
    _same_but_format(wfk.read_feed(wfk.to_atom(seed)), seed)
    rss = wfk.read_feed(wfk.to_rss(seed))
    assert rss.format is wfk.FeedFormat.RSS
    _same_but_format(rss, seed)


def test_seed_summaries_written_afresh_are_mediawikis(seed: wfk.Feed) -> None:
    """The contributions layout from the model alone equals what the wiki (MediaWiki 1.23) served."""
    for entry in seed.entries:
        assert summary_html(dataclasses.replace(entry, summary_html=None), seed.kind) == entry.summary_html


def _feed(*entries: wfk.Entry, kind: wfk.FeedKind = wfk.FeedKind.RECENT_CHANGES) -> wfk.Feed:
    marker = {"recentchanges": "feedrecentchanges", "contributions": "feedcontributions"}[kind.value]
    return wfk.Feed(
        format=wfk.FeedFormat.ATOM, kind=kind, id=f"http://w.test/api.php?action={marker}", entries=entries
    )


def _entry(**fields: object) -> wfk.Entry:
    base: dict[str, object] = {
        "title": "Page",
        "id": "http://w.test/index.php?title=Page&diff=5&oldid=0",
        "link": "http://w.test/index.php?title=Page&diff=5&oldid=0",
        "updated": datetime(2024, 1, 31, 12, 0, tzinfo=UTC),
        "author": "Ann",
        "comment": "made it",
        "page": "Page",
        "revision": 5,
        "is_new_page": True,
    }
    base.update(fields)
    return wfk.Entry(**base)  # type: ignore[arg-type]


def test_a_changed_wikitext_is_written_not_the_stale_summary() -> None:
    entry = _entry(body=wfk.BodyKind.TEXT, wikitext="old text")
    read = wfk.read_feed(wfk.to_atom(_feed(entry))).entries[0]
    edited = dataclasses.replace(read, wikitext="new\r\ntext & <more>")
    again = wfk.read_feed(wfk.to_atom(_feed(edited))).entries[0]
    assert again.wikitext == "new\r\ntext & <more>"  # the carriage return survives as &#13;
    assert again.comment == "made it"


def test_a_diff_entry_is_written_as_mediawikis_table() -> None:
    rows = (
        wfk.DiffRow(
            wfk.RowKind.CONTEXT,
            "same  line ",
            "same  line ",
            (wfk.DiffSpan("same  line "),),
            (wfk.DiffSpan("same  line "),),
        ),
        wfk.DiffRow(
            wfk.RowKind.CHANGED,
            "a b",
            "a c",
            (wfk.DiffSpan("a "), wfk.DiffSpan("b", True)),
            (wfk.DiffSpan("a "), wfk.DiffSpan("c", True)),
        ),
        wfk.DiffRow(wfk.RowKind.ADDED, None, "", (), ()),
        wfk.DiffRow(wfk.RowKind.DELETED, " <x> & 'y'", None, (wfk.DiffSpan(" <x> & 'y'", True),), ()),
    )
    diff = wfk.Diff((wfk.DiffHunk(1200, 1201, rows),))
    link = "http://w.test/index.php?title=Page&diff=6&oldid=5"
    entry = _entry(
        id=link, link=link, revision=6, old_revision=5, is_new_page=False, body=wfk.BodyKind.DIFF, diff=diff,
        comment="/* History */ fixed", section="History",
    )  # fmt: skip
    document = wfk.to_atom(_feed(entry))
    assert "Line 1,200:" in document
    read = wfk.read_feed(document).entries[0]
    assert read.diff == diff
    assert read.comment == "/* History */ fixed"
    assert read.section == "History"
    assert read.warnings == ()


def test_dates_keep_their_instant() -> None:
    when = datetime(2024, 2, 29, 23, 30, 15, tzinfo=timezone(timedelta(hours=-5)))
    entry = _entry(updated=when, body=wfk.BodyKind.TEXT, wikitext="x")
    atom = wfk.read_feed(wfk.to_atom(_feed(entry)))
    assert atom.entries[0].updated == when
    assert "2024-03-01T04:30:15Z" in wfk.to_atom(_feed(entry))
    assert "Fri, 01 Mar 2024 04:30:15 GMT" in wfk.to_rss(_feed(entry))
    fraction = dataclasses.replace(entry, updated=when.replace(microsecond=250))
    assert wfk.read_feed(wfk.to_atom(_feed(fraction))).entries[0].updated == fraction.updated


def test_a_character_xml_cannot_carry_is_an_error_naming_the_entry() -> None:
    entry = _entry(comment="bell \x07 here", body=wfk.BodyKind.NONE)
    with pytest.raises(wfk.ConversionError, match=r"entry 1 .*U\+0007"):
        wfk.to_atom(_feed(entry))
    with pytest.raises(wfk.ConversionError, match="U\\+0007"):
        wfk.to_rss(_feed(entry))


def test_an_entry_without_comment_or_body_has_no_summary() -> None:
    entry = _entry(comment=None, body=wfk.BodyKind.NONE)
    document = wfk.to_atom(_feed(entry))
    assert "<summary" not in document
    assert wfk.read_feed(document).entries[0] == entry


def test_an_empty_author_is_written_as_mediawiki_writes_it() -> None:
    """MediaWiki writes the author element even when the name is empty (a hidden user, the placeholder of a
    page without history); it used to be left out, so the document was not the one the wiki served."""
    for author in (None, ""):
        feed = _feed(_entry(author=author, body=wfk.BodyKind.TEXT, wikitext="x"))
        atom, rss = wfk.to_atom(feed), wfk.to_rss(feed)
        assert "\t\t<author><name></name></author>\n\t</entry>" in atom
        assert "\t\t\t<dc:creator></dc:creator>\n\t\t</item>" in rss
        assert wfk.read_feed(atom).entries[0].author is None
        assert wfk.read_feed(rss).entries[0].author is None


def test_stored_feeds_with_empty_authors_are_in_the_corpus() -> None:
    """The byte-for-byte test below covers hidden users and the deleted page's placeholder, in both formats."""
    empty = {path.name for path in STORED if "<name></name>" in path.read_text(encoding="utf-8")}
    empty |= {path.name for path in STORED if "<dc:creator></dc:creator>" in path.read_text(encoding="utf-8")}
    assert {"mw1.39.17-history-hidden.atom", "mw1.39.17-history-deleted.atom"} <= empty
    assert "mw1.39.17-history-deleted.rss" in empty


@pytest.mark.parametrize("path", STORED, ids=lambda path: path.name)
def test_stored_mediawiki_feeds_are_written_back_byte_for_byte(path: Path) -> None:
    """A feed MediaWiki 1.39 served, read and written, is the document it served (RSS without the talk-page
    ``<comments>`` links, which the model does not hold; the watchlist feed has none and is exact)."""
    served = path.read_text(encoding="utf-8")
    feed = wfk.read_feed(path)
    if feed.format is wfk.FeedFormat.ATOM:
        assert wfk.to_atom(feed) == served
    else:
        assert wfk.to_rss(feed) == _COMMENTS_LINK.sub("", served)
        if feed.kind is wfk.FeedKind.WATCHLIST:
            assert wfk.to_rss(feed) == served


def test_a_null_revisions_empty_diff_has_mediawikis_no_difference_table() -> None:
    """A Diff without rows (a move or protection's null revision) is written as ``DifferenceEngine::addHeader``
    writes an empty diff: no ``<col>``s, one-column titles and the "(No difference)" notice across both;
    the four-column table of an edit was written instead."""
    link = "http://w.test/index.php?title=Page&diff=6&oldid=5"
    entry = _entry(
        id=link, link=link, revision=6, old_revision=5, is_new_page=False, body=wfk.BodyKind.DIFF,
        diff=wfk.Diff(()), comment="moved",
    )  # fmt: skip
    title = "background-color: #fff; color: #202122; text-align: center;"
    assert summary_html(entry, wfk.FeedKind.RECENT_CHANGES) == (
        '<p>moved</p>\n<table style="background-color: #fff; color: #202122;" data-mw="interface">\n'
        '\t\t\t\t<tr class="diff-title" lang="en">\n'
        f'\t\t\t\t<td colspan="1" style="{title}">← Older revision</td>\n'
        f'\t\t\t\t<td colspan="1" style="{title}">Revision as of 12:00, 31 January 2024</td>\n'
        '\t\t\t\t</tr><tr><td colspan="2" class="diff-notice" lang="en">'
        '<div class="mw-diff-empty">(No difference)</div>\n</td></tr></table>'
    )
    for write in (wfk.to_atom, wfk.to_rss):
        read = wfk.read_feed(write(_feed(entry))).entries[0]
        assert (read.body, read.diff, read.warnings) == (wfk.BodyKind.DIFF, wfk.Diff(()), ())


def _served_tables() -> list[tuple[str, wfk.Entry]]:
    """Every diff table of the stored English feeds, with its entry."""
    tables = []
    for path in STORED:
        if path.suffix == ".atom" and "-de." not in path.name and "-fa." not in path.name:
            for entry in wfk.read_feed(path).entries:
                if entry.diff is not None and entry.summary_html is not None:
                    tables.append((entry.summary_html[entry.summary_html.index("<table") :], entry))
    return tables


def test_stored_diff_tables_are_written_afresh_as_served() -> None:
    """Each table of the real feeds, written from its Diff alone, is MediaWiki's byte for byte, the empty
    one of a page move and the one with an "intermediate revisions" row (given its text) included."""
    tables = _served_tables()
    shapes = {"empty": 0, "intermediate": 0}
    for served, entry in tables:
        multi = _DIFF_MULTI.search(served)
        intermediate = multi.group(1) if multi else None
        assert entry.diff is not None
        ours = diff_table_html(entry.diff, new_title=revision_title(entry), intermediate=intermediate)
        assert ours == served, entry.link
        shapes["empty"] += not entry.diff.hunks
        shapes["intermediate"] += multi is not None
    assert len(tables) >= 10
    assert shapes == {"empty": 1, "intermediate": 1}


def test_a_summary_written_afresh_keeps_the_intermediate_revisions_row() -> None:
    """MediaWiki's "(One intermediate revision by the same user not shown)" row, from the model alone."""
    feed = wfk.read_feed(CORPUS / "feeds" / "mw1.39.17-recentchanges.atom")
    entry = next(entry for entry in feed.entries if entry.summary_html and "diff-multi" in entry.summary_html)
    assert entry.diff is not None
    assert entry.diff.intermediate == "(One intermediate revision by the same user not shown)"
    assert summary_html(dataclasses.replace(entry, summary_html=None), feed.kind) == entry.summary_html
