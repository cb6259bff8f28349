"""The seed feed (MediaWiki 1.23.15, one contributions entry): every field."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

import wikifeedkit as wfk


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> wfk.Feed:
    return wfk.read_feed(seed_path)


def test_feed_fields(seed: wfk.Feed) -> None:
    assert seed.format is wfk.FeedFormat.ATOM
    assert seed.kind is wfk.FeedKind.CONTRIBUTIONS
    assert seed.title == "Kazakhstan Encyclopedia - User contributions [en]"
    assert seed.subtitle == "User contributions"
    assert (
        seed.id == "https://en.encyclopedia.kz/api.php?action=feedcontributions&feedformat=atom&user=Nbuend"
    )
    assert seed.link == "https://en.encyclopedia.kz/index.php/Special:Contributions/Nbuend"
    assert seed.updated == datetime(2026, 7, 3, 17, 16, 20, tzinfo=UTC)
    assert seed.language == "en"
    assert seed.generator == "MediaWiki 1.23.15"
    assert seed.warnings == ()
    assert len(seed.entries) == 1


def test_entry_fields(seed: wfk.Feed) -> None:
    entry = seed.entries[0]
    assert entry.id == "https://en.encyclopedia.kz/index.php/Zhanaozen_massacre"
    assert entry.title == "Zhanaozen massacre"
    assert entry.page == "Zhanaozen massacre"
    assert entry.link == "https://en.encyclopedia.kz/index.php/Zhanaozen_massacre"
    assert entry.updated == datetime(2017, 4, 18, 2, 16, 58, tzinfo=UTC)
    assert entry.author == "Nbuend"
    assert entry.comment == "Edited"
    assert entry.section is None
    assert entry.revision is None  # MediaWiki 1.23 links to the page, not to a diff
    assert entry.old_revision is None
    assert entry.is_new_page is False
    assert entry.body is wfk.BodyKind.TEXT
    assert entry.diff is None
    assert entry.warnings == ()
    assert entry.summary_html is not None
    assert entry.summary_html.startswith("<p>Nbuend: Edited</p>\n<hr />\n<div>{{Infobox civil conflict<br />")


def test_wikitext_is_exact(seed: wfk.Feed) -> None:
    text = seed.entries[0].wikitext
    assert text is not None
    assert text.startswith("{{Infobox civil conflict\n| title = Zhanaozen massacre\n| partof =\n")
    assert text.endswith("[[Category:Mangystau Region]]\n[[Category:December 2011 events]]")
    assert "<br" not in text
    assert "&lt;" not in text
    assert "| coordinates = \n" in text  # a trailing space inside a line survives
    assert text.count("<ref") == 32
    assert '<ref name="Abuse"/>' in text
    assert "“a one-industry town...centered on the ageing oilfield of Ozen”" in text
    assert text.count("\n") == 71
    assert len(text) == 15105


def test_sources_agree(seed_path: Path) -> None:
    data = seed_path.read_bytes()
    from_path = wfk.read_feed(seed_path)
    assert wfk.read_feed(str(seed_path)) == from_path
    assert wfk.read_feed(data) == from_path
    assert wfk.read_feed(data.decode("utf-8")) == from_path
    assert wfk.read_feed(io.BytesIO(data)) == from_path
    assert tuple(wfk.iter_entries(seed_path)) == from_path.entries


def test_model_is_immutable(seed: wfk.Feed) -> None:
    with pytest.raises(AttributeError):
        seed.entries[0].title = "x"  # type: ignore[misc]
