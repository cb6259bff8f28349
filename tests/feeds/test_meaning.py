"""What MediaWiki means (issue 13): log rows, hidden texts, watchlists, creations whose text is left out, and
``latest_revisions``. Minimal feeds in MediaWiki's shapes (includes/FeedUtils.php, ApiFeedContributions.php,
ApiFeedWatchlist.php, SpecialNewpages.php), then the real feeds of tests/corpus/feeds/meaning-*."""

from __future__ import annotations

import html
import json
from functools import cache
from typing import Any

import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS
from wikifeedkit import fetch

WIKI = "http://wiki.test/index.php"
RC_ID = "http://wiki.test/api.php?action=feedrecentchanges&amp;feedformat=atom"
CONTRIBUTIONS_ID = "http://wiki.test/api.php?action=feedcontributions&amp;user=Bob&amp;feedformat=atom"
NEW_PAGES_ID = f"{WIKI}?title=Special:NewPages&amp;feed=atom"
WATCHLIST_ID = (
    "http://wiki.test/api.php?action=feedwatchlist&amp;wlowner=Alice&amp;wltoken=x&amp;feedformat=atom"
)
ADMIN = (
    '<a href="/index.php?title=User:Admin&amp;action=edit&amp;redlink=1" class="new mw-userlink" '
    'title="User:Admin (page does not exist)"><bdi>Admin</bdi></a>'
)


def _feed(feed_id: str, *entries: tuple[str, str, str, str]) -> bytes:
    """An Atom feed as MediaWiki writes it; each entry is (title, link, author, summary HTML)."""
    items = "".join(
        f"<entry><id>{html.escape(link)}</id><title>{html.escape(title)}</title>"
        f'<link rel="alternate" type="text/html" href="{html.escape(link)}"/>'
        f"<updated>2026-01-01T00:00:{second:02d}Z</updated>"
        f'<summary type="html">{html.escape(summary)}</summary><author><name>{html.escape(author)}</name></author>'
        "</entry>"
        for second, (title, link, author, summary) in zip(range(len(entries), 0, -1), entries, strict=True)
    )
    return (
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>{feed_id}</id><title>t</title>'
        f"{items}</feed>"
    ).encode()


def _new_page(comment: str, text: str) -> str:
    return f"<p>{comment}</p>\n{_text(text)}"


def _text(text: str) -> str:
    return f"<p><b>New page</b></p><div>{html.escape(text)}</div>"


def _move(old: str, new: str, comment: str) -> str:
    return (
        f'<p>{ADMIN} moved page <a href="/index.php?title={old}&amp;redirect=no" class="mw-redirect" '
        f'title="{old}">{old}</a> to <a href="/index.php/{new}" title="{new}">{new}</a> {comment}</p>'
    )


def test_a_move_row_is_no_creation_and_latest_texts_follow_it() -> None:
    feed = wfk.read_feed(
        _feed(
            RC_ID,
            (
                "B",
                f"{WIKI}?title=B&diff=3&oldid=2",
                "Alice",
                "<p>after</p>\n<p>Can&#039;t load revision 3</p>",
            ),
            (
                "A",
                f"{WIKI}?title=A&diff=2&oldid=0",
                "Admin",
                _move("A", "B", "a better name") + "\n" + _text("one"),
            ),
            ("A", f"{WIKI}?title=A&diff=1&oldid=0", "Alice", _new_page("first", "one")),
        )
    )
    move = feed.entries[1]
    assert move.log == wfk.LogEvent("move", "move", "B", "Admin moved page A to B")
    assert move.comment == "a better name"
    assert not move.is_new_page
    assert move.wikitext == "one"  # the null revision's text: the page's, under its new title
    assert move.warnings == ()
    assert feed.entries[2].is_new_page
    assert feed.entries[2].log is None
    assert list(wfk.latest_texts(feed)) == ["B"]
    latest = wfk.latest_revisions(feed)
    assert [(t.page, t.revision, t.former_titles, t.is_newest) for t in latest.texts] == [
        ("B", 2, ("A",), False)
    ]
    assert latest.out_of_reach == (
        wfk.MissingText(
            "B",
            "MediaWiki could not load revision 3 or its base (hidden by revision deletion, or missing)",
            newest_revision=3,
            fallback_revision=2,
        ),
    )


def test_protection_deletion_and_undeletion_rows() -> None:
    protect = (
        f'<p>{ADMIN} protected <a href="/index.php/P" title="P">P</a> [Edit=Allow only administrators] '
        "(indefinite) vandalism</p>\n"
    )
    delete = (
        f'<p>{ADMIN} deleted page <a href="/index.php?title=D&amp;action=edit&amp;redlink=1">D</a> gone</p>\n'
    )
    feed = wfk.read_feed(
        _feed(
            RC_ID,
            ("D", f"{WIKI}/D", "Admin", delete),
            ("P", f"{WIKI}?title=P&diff=4&oldid=0", "Admin", protect + _text("p")),
            ("D", f"{WIKI}?title=D&diff=2&oldid=0", "Alice", _new_page("made", "d")),
        )
    )
    deleted, protected, created = feed.entries
    assert deleted.log == wfk.LogEvent("delete", "delete", None, "Admin deleted page D")
    assert deleted.comment == "gone"
    assert protected.log is not None
    assert (protected.log.type, protected.log.action, protected.comment) == (
        "protect",
        "protect",
        "vandalism",
    )
    assert not protected.is_new_page
    assert created.is_new_page
    latest = wfk.latest_revisions(feed)
    assert [t.page for t in latest.texts] == ["P", "D"]
    (gone,) = latest.out_of_reach
    assert gone.page == "D"
    assert gone.reason.startswith("deleted (Admin deleted page D at ")
    assert gone.fallback_revision == 2


def test_a_summary_linking_a_user_page_is_no_log_row() -> None:
    comment = 'thanks to <a href="/index.php/User:Bob" title="User:Bob">User:Bob</a>'
    feed = wfk.read_feed(_feed(RC_ID, ("N", f"{WIKI}?title=N&diff=1&oldid=0", "Al", _new_page(comment, "x"))))
    (entry,) = feed.entries
    assert entry.log is None
    assert entry.is_new_page
    assert entry.comment == "thanks to User:Bob"


def test_a_log_row_in_another_language_is_a_log_row_of_unknown_type() -> None:
    summary = (
        f'<p>{ADMIN} verschob die Seite <a href="/index.php/A">A</a> nach <a href="/index.php/B">B</a></p>\n'
    )
    feed = wfk.read_feed(_feed(RC_ID, ("A", f"{WIKI}?title=A&diff=2&oldid=0", "Admin", summary + _text("a"))))
    (entry,) = feed.entries
    assert entry.log == wfk.LogEvent(text="Admin verschob die Seite A nach B")
    assert entry.comment is None
    assert not entry.is_new_page
    assert entry.warnings == ()


@pytest.mark.parametrize(("query", "created"), [("diff=5", True), ("diff=5&amp;oldid=4", False)])
def test_a_show_changes_link_without_oldid_is_a_creation(query: str, created: bool) -> None:
    history = f"{WIKI}?title=P&amp;action=history&amp;feed=atom"
    summary = f'<p>big</p>\n<a href="{WIKI}?title=P&amp;{query}">Show changes</a>'
    feed = wfk.read_feed(
        _feed(history, ("Alice: big", f"{WIKI}?title=P&diff=5&oldid=prev", "Alice", summary))
    )
    (entry,) = feed.entries
    assert entry.is_new_page is created
    assert entry.body is wfk.BodyKind.NONE
    assert entry.warnings == ()


def _contributions(comment: str, text: str, feed_id: str = CONTRIBUTIONS_ID) -> wfk.Feed:
    summary = f"<p>Bob: {comment}</p>\n<hr />\n<div>{text}</div>"
    return wfk.read_feed(
        _feed(
            feed_id,
            ("P", f"{WIKI}?title=P&diff=2", "Bob", summary),
            ("P", f"{WIKI}?title=P&diff=1", "Bob", "<p>Bob: made</p>\n<hr />\n<div>first</div>"),
        )
    )


def test_an_empty_text_in_a_contributions_feed_is_uncertain() -> None:
    feed = _contributions("the secret", "")
    hidden = feed.entries[0]
    assert hidden.text_uncertain
    assert hidden.wikitext == ""
    assert any("hidden" in warning for warning in hidden.warnings)
    assert wfk.rebuild_revisions(feed) == {1: "first"}
    assert wfk.rebuild_revisions(feed, include_uncertain=True) == {1: "first", 2: ""}
    assert wfk.latest_texts(feed)["P"][1] == "first"
    (missing,) = wfk.latest_revisions(feed).out_of_reach
    assert (missing.page, missing.newest_revision, missing.fallback_revision) == ("P", 2, 1)
    assert wfk.latest_revisions(feed, include_uncertain=True).texts[0].text == ""


def test_an_empty_text_that_mediawiki_says_was_blanked_is_certain() -> None:
    feed = _contributions("Blanked the page", "")
    assert not feed.entries[0].text_uncertain
    assert wfk.rebuild_revisions(feed)[2] == ""
    assert not _contributions("the secret", "x").entries[0].text_uncertain


def test_a_new_pages_feed_shows_current_texts_which_cannot_be_hidden() -> None:
    feed = _contributions("emptied", "", feed_id=NEW_PAGES_ID)
    assert feed.kind is wfk.FeedKind.NEW_PAGES
    assert not feed.entries[0].text_uncertain
    assert feed.entries[0].warnings == ()


def test_an_empty_new_pages_summary_is_said_so_not_called_a_strange_shape() -> None:
    feed = wfk.read_feed(_feed(NEW_PAGES_ID, ("P", f"{WIKI}/P", "Bob", "")))
    (entry,) = feed.entries
    assert entry.wikitext is None
    assert entry.warnings == (
        "summary: empty; MediaWiki writes nothing when it cannot load the page's latest text",
    )


def test_watchlist_descriptions_are_comment_and_user() -> None:
    feed = wfk.read_feed(
        _feed(
            WATCHLIST_ID,
            ("P", f"{WIKI}?title=P&diff=7#Intro", "Bob", "/* Intro */ fixed [[a|link]] <b> (Bob) (Bob)"),
            ("Q", f"{WIKI}?title=Q&diff=6", "", "by a hidden user"),
            ("R", f"{WIKI}?title=Special:Log&logid=3", "Admin", "protected it (Admin)"),
            ("S", f"{WIKI}?title=S&diff=5", "Carol", " (Carol)"),
        )
    )
    assert feed.kind is wfk.FeedKind.WATCHLIST
    p, q, r, s = feed.entries
    assert (p.page, p.revision, p.comment, p.section) == (
        "P",
        7,
        "/* Intro */ fixed [[a|link]] <b> (Bob)",
        "Intro",
    )
    assert (q.page, q.comment) == ("Q", "by a hidden user")
    assert (r.page, r.comment, r.log) == ("R", "protected it", wfk.LogEvent())
    assert s.comment == ""
    assert all(entry.warnings == () and not entry.is_new_page for entry in feed.entries)
    assert wfk.latest_texts(feed) == {}
    assert [m.page for m in wfk.latest_revisions(feed).out_of_reach] == ["P", "Q", "S"]


def test_latest_revisions_names_the_revision_and_the_newest_out_of_reach() -> None:
    """Issue 13's example: entries up to revision 84 whose bases are not in the feed; the text is of 10."""
    number = '<td colspan="2" class="diff-lineno">Line 1:</td>'
    table = f'<table class="diff"><tr>{number}{number}</tr></table>'
    feed = wfk.read_feed(
        _feed(
            RC_ID,
            ("P", f"{WIKI}?title=P&diff=84&oldid=80", "Bob", f"<p>later</p>\n{table}"),
            ("P", f"{WIKI}?title=P&diff=10&oldid=0", "Alice", _new_page("made", "ten")),
        )
    )
    assert wfk.latest_texts(feed) == {"P": (feed.entries[1], "ten")}
    latest = wfk.latest_revisions(feed)
    assert latest.texts == (wfk.LatestText("P", 10, "ten", feed.entries[1], False, 84, ()),)
    assert latest.out_of_reach == (
        wfk.MissingText(
            "P", "revision 84 is a diff against revision 80, whose text the feed does not give", 84, 10
        ),
    )


def test_read_feed_fetches_only_http_urls_with_the_command_lines_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, int]] = []

    def read_input(location: str, *, max_bytes: int) -> bytes:
        calls.append((location, max_bytes))
        return _feed(RC_ID, ("N", f"{WIKI}?title=N&diff=1&oldid=0", "Al", _new_page("", "x")))

    monkeypatch.setattr(fetch, "read_input", read_input)
    url = "https://wiki.test/api.php?action=feedrecentchanges"
    assert wfk.read_feed(url).entries[0].wikitext == "x"
    assert [entry.page for entry in wfk.iter_entries(url)] == ["N"]
    assert wfk.read_feed(url, max_bytes=1000).entries
    assert calls == [(url, fetch.DEFAULT_MAX_BYTES), (url, fetch.DEFAULT_MAX_BYTES), (url, 1000)]
    with pytest.raises(wfk.FeedError, match="cannot open"):
        wfk.read_feed("ftp://wiki.test/feed.atom")  # a path that does not exist, never a download
    assert len(calls) == 3


def test_a_failed_download_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_input(location: str, *, max_bytes: int) -> bytes:
        raise fetch.InputError(f"{location}: HTTP 404 Not Found")

    monkeypatch.setattr(fetch, "read_input", read_input)
    with pytest.raises(wfk.FeedError, match="HTTP 404"):
        wfk.read_feed("http://wiki.test/feed")


# The real feeds (tests/corpus/SOURCES.md says how they were made) against what the wiki's API said.

FEEDS = CORPUS / "feeds"


@cache
def _truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (FEEDS / "truth" / "meaning-mw1.39.17-truth.json").read_text(encoding="utf-8")
    )
    return data


def _texts() -> dict[int, str | None]:
    return {
        revision["revid"]: None
        if revision["slots"]["main"].get("texthidden")
        else revision["slots"]["main"]["content"]
        for revisions in _truth()["revisions"].values()
        for revision in revisions
    }


def test_real_recent_changes_log_rows_and_latest_texts() -> None:
    feed = wfk.read_feed(FEEDS / "meaning-mw1.39.17-recentchanges.atom")
    logs = [change for change in _truth()["recentchanges"] if change["type"] == "log"]
    read = [entry.log for entry in feed.entries if entry.log is not None]
    assert sorted((log.type or "", log.action or "") for log in read) == sorted(
        (change["logtype"], change["logaction"]) for change in logs
    )
    assert len(read) == 9
    assert not any(entry.is_new_page for entry in feed.entries if entry.log is not None)
    assert all(entry.warnings == () for entry in feed.entries)
    texts = _texts()
    latest = wfk.latest_revisions(feed)
    for item in latest.texts:
        assert item.revision is not None
        assert item.text == texts[item.revision]
    pages = [item.page for item in latest.texts]
    assert "Moved page (new)" in pages
    assert "Moved page" not in pages
    assert {item.page for item in latest.out_of_reach} == {"Hidden middle", "Big creation", "Hidden creation"}


def test_real_contributions_flag_exactly_the_empty_texts() -> None:
    feed = wfk.read_feed(FEEDS / "meaning-mw1.39.17-contributions-bob.atom")
    texts = _texts()
    flagged = {entry.revision for entry in feed.entries if entry.text_uncertain}
    assert flagged == {revision for revision in texts if texts[revision] in (None, "")} & {
        entry.revision for entry in feed.entries
    } - {23}  # 23 was blanked with MediaWiki's automatic summary, which says so
    assert flagged == {16, 21}
    for entry in feed.entries:
        if not entry.text_uncertain:
            assert entry.wikitext == texts[entry.revision]  # type: ignore[index]


def test_real_watchlist_is_read_without_warnings() -> None:
    feed = wfk.read_feed(FEEDS / "meaning-mw1.39.17-watchlist-allrev.rss")
    assert feed.kind is wfk.FeedKind.WATCHLIST
    changes = {change["revid"]: change for change in _truth()["recentchanges"] if change["revid"]}
    for entry in feed.entries:
        assert entry.warnings == ()
        if entry.log is None:
            assert entry.comment == changes[entry.revision]["comment"]  # type: ignore[index]
    assert sum(1 for entry in feed.entries if entry.log is not None) == 4


@pytest.mark.parametrize("name", ["big-creation", "hidden-creation"])
def test_real_history_creations_without_their_text(name: str) -> None:
    feed = wfk.read_feed(FEEDS / f"meaning-mw1.39.17-history-{name}.atom")
    creation = feed.entries[-1]
    assert creation.is_new_page
    assert creation.wikitext is None
    assert all(entry.warnings == () for entry in feed.entries)
