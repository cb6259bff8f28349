"""Feeds that a real MediaWiki 1.39 writes, read back exactly: every page of the corpus, three revisions each
(the wiki and its truth are in conftest.py)."""

from __future__ import annotations

import urllib.parse
import zipfile
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.integration.conftest import USERS, Site, page_title

pytestmark = pytest.mark.mediawiki


def _page_revisions(site: Site) -> int:
    return sum(1 for rev in site.truth.values())


def test_every_page_has_three_revisions(site: Site) -> None:
    assert len(site.titles) >= 20
    assert _page_revisions(site) == 3 * len(site.titles)


@pytest.mark.parametrize("feedformat", ["atom", "rss"])
@pytest.mark.parametrize("user", USERS)
def test_contributions_feed_gives_exact_wikitext(site: Site, user: str, feedformat: str) -> None:
    feed = site.feed(f"/api.php?action=feedcontributions&user={user}&feedformat={feedformat}&limit=500")
    assert feed.kind is wfk.FeedKind.CONTRIBUTIONS
    assert feed.format == feedformat
    assert feed.generator is not None
    assert feed.generator.startswith("MediaWiki 1.")
    assert len(feed.entries) == len(site.titles)
    for entry in feed.entries:
        assert entry.revision is not None, entry.link
        truth = site.truth[entry.revision]
        assert entry.body is wfk.BodyKind.TEXT
        assert entry.wikitext == truth.text, entry.title
        assert entry.author == user == truth.user
        assert entry.comment == truth.comment
        assert entry.warnings == ()
        assert entry.updated is not None
        assert entry.updated.tzinfo is not None
        if user == "Bob":
            assert entry.section is not None
            assert truth.comment == f"/* {entry.section} */ copy-edit by Bob"


@pytest.mark.parametrize("feedformat", ["atom", "rss"])
def test_recent_changes_feed_diffs_and_new_pages(site: Site, feedformat: str) -> None:
    feed = site.feed(f"/api.php?action=feedrecentchanges&feedformat={feedformat}&days=3650&limit=500")
    assert feed.kind is wfk.FeedKind.RECENT_CHANGES
    pages = {page_title(title) for title in site.titles}
    ours = [entry for entry in feed.entries if entry.page in pages]
    assert len(ours) == len(site.truth)
    for entry in ours:
        truth = site.truth[entry.revision]  # type: ignore[index]
        assert entry.author == truth.user
        assert entry.comment == truth.comment
        assert entry.warnings == ()
        if truth.parentid == 0:
            assert entry.is_new_page
            assert entry.body is wfk.BodyKind.TEXT
            assert entry.wikitext == truth.text
        else:
            assert not entry.is_new_page
            assert entry.old_revision == truth.parentid
            assert entry.body is wfk.BodyKind.DIFF
            assert entry.diff is not None
            assert entry.diff.hunks
            old = site.truth[truth.parentid].text
            assert wfk.apply_diff(old, entry.diff) == truth.text, entry.title
            _check_rows(entry.diff, old, truth.text)
    rebuilt = wfk.rebuild_revisions(feed)
    for revid, revision in site.truth.items():
        assert rebuilt[revid] == revision.text


def _check_rows(diff: wfk.Diff, old: str, new: str) -> None:
    """Every row's lines are where the hunk headers say they are."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    for hunk in diff.hunks:
        o, n = hunk.old_start - 1, hunk.new_start - 1
        for row in hunk.rows:
            if row.old_text is not None:
                assert old_lines[o] == row.old_text
                o += 1
            if row.new_text is not None:
                assert new_lines[n] == row.new_text
                assert "".join(span.text for span in row.new_spans) == row.new_text
                n += 1
            if row.kind is wfk.RowKind.CHANGED:
                assert any(span.changed for span in row.old_spans + row.new_spans)


@pytest.mark.parametrize("feedformat", ["atom", "rss"])
def test_history_feed_rebuilds_every_revision(site: Site, feedformat: str) -> None:
    for title in site.titles:
        query = urllib.parse.urlencode({"title": title, "action": "history", "feed": feedformat})
        feed = site.feed(f"/index.php?{query}")
        assert feed.kind is wfk.FeedKind.HISTORY
        assert len(feed.entries) == 3
        assert {entry.page for entry in feed.entries} == {page_title(title)}
        creation = [entry for entry in feed.entries if entry.is_new_page]
        assert len(creation) == 1
        assert creation[0].author == "Alice"
        rebuilt = wfk.rebuild_revisions(feed)
        assert len(rebuilt) == 3, title
        for revid, text in rebuilt.items():
            assert text == site.truth[revid].text, (title, revid)
        bob = next(entry for entry in feed.entries if entry.author == "Bob")
        assert bob.section is not None
        assert bob.comment == site.truth[bob.revision].comment  # type: ignore[index]


def test_new_pages_feed_carries_latest_text(site: Site) -> None:
    feed = site.feed("/index.php?title=Special:NewPages&feed=atom&limit=500")
    assert feed.kind is wfk.FeedKind.NEW_PAGES
    latest = {}
    for revision in site.truth.values():
        latest[revision.revid] = revision
    texts = {rev.text for rev in site.truth.values() if rev.user == "Carol"}
    ours = [entry for entry in feed.entries if entry.wikitext in texts]
    assert len(ours) == len(site.titles)
    assert all(entry.is_new_page and entry.author == "Alice" for entry in ours)


def test_a_wrong_base_text_raises_naming_the_line(site: Site) -> None:
    feed = site.feed("/api.php?action=feedrecentchanges&feedformat=atom&days=3650&limit=500")
    entry = next(entry for entry in feed.entries if entry.diff is not None and entry.diff.hunks)
    assert entry.diff is not None
    with pytest.raises(wfk.DiffError, match="old line"):
        wfk.apply_diff("something else entirely\n" * 400, entry.diff)


def test_recent_changes_feed_as_a_book(site: Site, tmp_path: Path) -> None:
    """A real feed becomes one EPUB: one chapter per page with its latest text (rebuilt from the diffs)."""
    from tests.emit.test_epub import epubcheck

    feed = site.feed("/api.php?action=feedrecentchanges&feedformat=atom&days=3650&limit=500")
    latest = wfk.latest_texts(feed)
    pages = {page_title(title) for title in site.titles}
    assert pages <= set(latest)
    carol = {rev.revid: rev.text for rev in site.truth.values() if rev.user == "Carol"}
    for page in pages:
        entry, text = latest[page]
        assert entry.revision in carol
        assert text == carol[entry.revision]
    path = wfk.to_epub(feed, tmp_path / "recent-changes.epub")
    epubcheck(path)
    with zipfile.ZipFile(path) as book:
        text = "\n".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))
    assert text.count("Edited by Carol") >= len(site.titles)
    assert site.wiki.base in text  # links go to the wiki's own pages


def test_command_converts_a_feed_url(site: Site, tmp_path: Path) -> None:
    """`wikifeedkit convert URL` fetches the feed over HTTP (loopback) and writes one Markdown file a page."""
    import subprocess
    import sys

    url = site.wiki.url("/api.php?action=feedcontributions&user=Carol&feedformat=atom&limit=500")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wikifeedkit",
            "convert",
            url,
            "--to",
            "markdown",
            "-o",
            str(tmp_path),
            "--quiet",
        ],
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("*.md"))
    assert len(files) == len(site.titles)
    assert all("Edited by Carol" in path.read_text(encoding="utf-8") for path in files)
    assert result.stderr == b""
