"""to_atom and to_rss on the seed feed and on hand-made entries (the real wiki's documents are checked in
tests/integration/test_mediawiki_writers.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

import wikifeedkit as wfk
from wikifeedkit.emit.summary import summary_html


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
