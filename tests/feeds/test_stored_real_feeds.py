"""Feeds a real MediaWiki 1.39 wrote (tests/corpus/feeds), read against what its API said each revision holds."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import wikifeedkit as wfk
from tests.conftest import CORPUS

FEEDS = CORPUS / "feeds"
STORED = sorted([*FEEDS.glob("*.atom"), *FEEDS.glob("*.rss")])
RECORDS = ("{http://www.w3.org/2005/Atom}entry", "item")


@cache
def _truth(wiki: str) -> dict[int, str | None]:
    """Revision id to text (None where the wiki hid it) for one of the three wikis the feeds came from."""
    name = {"en": "mw1.39.17-truth-revisions.json"}.get(wiki, f"mw1.39.17-{wiki}-truth-revisions.json")
    pages = json.loads((FEEDS / "truth" / name).read_text(encoding="utf-8"))["pages"]
    return {
        revision["revid"]: revision.get("slots", {}).get("main", {}).get("content")
        for page in pages.values()
        for revision in page["revisions"]
    }


def _wiki(path: Path) -> str | None:
    if not path.name.startswith("mw1.39.17-"):
        return None
    return next((code for code in ("de", "fa") if f"-{code}." in path.name), "en")


def test_the_corpus_holds_real_feeds() -> None:
    assert len(STORED) == 20


@pytest.mark.parametrize("path", STORED, ids=lambda p: p.stem)
def test_no_entry_is_dropped(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    written = sum(1 for element in root.iter() if element.tag in RECORDS)
    feed = wfk.read_feed(path)
    assert written > 0
    assert len(feed.entries) == written
    assert feed.kind != "unknown"


@pytest.mark.parametrize("path", [p for p in STORED if _wiki(p)], ids=lambda p: p.stem)
def test_texts_equal_what_the_wiki_stored(path: Path) -> None:
    truth = _truth(_wiki(path) or "en")
    feed = wfk.read_feed(path)
    for entry in feed.entries:
        if entry.wikitext is not None and entry.revision in truth:
            assert entry.wikitext == truth[entry.revision], entry.revision
    rebuilt = wfk.rebuild_revisions(feed)
    assert set(rebuilt) <= set(truth), "a revision the wiki does not have"
    for revision, text in rebuilt.items():
        assert text == truth[revision], revision


def test_every_reachable_revision_is_rebuilt() -> None:
    """Counts measured on these files: a regression guard on how much the feeds give back."""
    counts = {path.stem: len(wfk.rebuild_revisions(wfk.read_feed(path))) for path in STORED if _wiki(path)}
    assert counts["mw1.39.17-contributions-alice"] == 8
    assert counts["mw1.39.17-recentchanges"] == 10
    assert counts["mw1.39.17-history-tricky"] == 5
    assert counts["mw1.39.17-recentchanges-de"] == 3
