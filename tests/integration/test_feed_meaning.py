"""What MediaWiki means, read from the feeds a real MediaWiki 1.39 writes (issue 13): log rows are no page
creations and moves are followed, hidden texts are not empty pages, watchlist feeds are read, creations whose
text MediaWiki left out are creations, and ``latest_revisions`` says what is out of reach.

A private wiki of its own (small, so that every feed holds all of it): pages created, edited, moved, protected,
deleted, undeleted, with texts hidden by revision deletion, a page really blanked, a creation larger than the
feed's diff cutoff, and a watchlist with a token. The truth is what the API says.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import wikifeedkit as wfk
from tests.conftest import require
from tests.integration.mediawiki import PASSWORD, MediaWiki, missing_tools

pytestmark = pytest.mark.mediawiki

CUTOFF = 8000
"""The wiki's $wgFeedDiffCutoff: the big creation is larger, every other diff and text smaller."""
WATCHLIST_TOKEN = "0123456789abcdef"
SETTINGS = f"""
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgFeedDiffCutoff = {CUTOFF};
"""
BIG_TEXT = "\n".join(f"Line {n} of a page larger than the feed's diff cutoff." for n in range(200))


class Api:
    """A logged-in session of the wiki's action API (cookies and tokens)."""

    def __init__(self, wiki: MediaWiki, user: str) -> None:
        self.wiki = wiki
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        token = self.get(action="query", meta="tokens", type="login")["query"]["tokens"]["logintoken"]
        answer = self.post(action="login", lgname=user, lgpassword=PASSWORD, lgtoken=token)
        assert answer["login"]["result"] == "Success", answer

    def _call(self, fields: dict[str, str], *, post: bool) -> Any:
        fields = {**fields, "format": "json", "formatversion": "2"}
        data = urllib.parse.urlencode(fields).encode("utf-8")
        url = self.wiki.url("/api.php")
        request = (
            urllib.request.Request(url, data=data)
            if post
            else urllib.request.Request(f"{url}?{data.decode()}")
        )
        with self._opener.open(request, timeout=120) as response:
            answer = json.loads(response.read())
        assert "error" not in answer, answer
        return answer

    def get(self, **fields: str) -> Any:
        return self._call(fields, post=False)

    def post(self, **fields: str) -> Any:
        return self._call(fields, post=True)

    def act(self, action: str, token_type: str = "csrf", **fields: str) -> Any:
        token = self.get(action="query", meta="tokens", type=token_type)["query"]["tokens"][
            f"{token_type}token"
        ]
        return self.post(action=action, token=token, **fields)


@dataclass
class Wiki:
    """The private wiki, with what was done to it and the API's truth afterwards."""

    wiki: MediaWiki
    revisions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by current title, oldest first
    done: dict[str, int] = field(default_factory=dict)  # named revisions: "moved v2" -> revid

    def feed(self, path: str) -> wfk.Feed:
        return wfk.read_feed(self.wiki.get(path))

    def text(self, revid: int) -> str | None:
        for revisions in self.revisions.values():
            for revision in revisions:
                if revision["revid"] == revid:
                    main = revision["slots"]["main"]
                    return None if main.get("texthidden") else str(main["content"])
        raise KeyError(revid)

    def newest(self, title: str) -> dict[str, Any]:
        return self.revisions[title][-1]


def _revisions(wiki: MediaWiki, title: str) -> list[dict[str, Any]]:
    query = urllib.parse.urlencode(
        {
            "action": "query",
            "prop": "revisions",
            "titles": title,
            "rvprop": "ids|user|comment|content",
            "rvslots": "main",
            "rvlimit": "max",
            "rvdir": "newer",
            "format": "json",
            "formatversion": "2",
        }
    )
    page = json.loads(wiki.get("/api.php?" + query))["query"]["pages"][0]
    return list(page.get("revisions", []))


def _newest_id(wiki: MediaWiki, title: str) -> int:
    return int(_revisions(wiki, title)[-1]["revid"])


TITLES = (
    "Moved page (new)",
    "Moved twice (third)",
    "Protected page",
    "Hidden middle",
    "Hidden creation",
    "Blanked page",
    "Blanked by autosummary",
    "Big creation",
    "Restored page",
)


@pytest.fixture(scope="module")
def meaning() -> Iterator[Wiki]:
    require(missing_tools(), "a real MediaWiki")
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-meaning-") as directory:
        wiki = MediaWiki(Path(directory))
        wiki.start(SETTINGS)
        try:
            yield _build(wiki)
        finally:
            wiki.stop()


def _build(wiki: MediaWiki) -> Wiki:
    for user in ("Alice", "Bob"):
        wiki.create_user(user)
    admin, alice = Api(wiki, "Admin"), Api(wiki, "Alice")
    done: dict[str, int] = {}

    def edit(title: str, text: str, user: str, summary: str, name: str | None = None) -> None:
        wiki.edit(title, text, user=user, summary=summary)
        if name is not None:
            done[name] = _newest_id(wiki, title)

    # A page edited, moved (leaving a redirect), then edited under its new title.
    edit("Moved page", "Moved page, first text.", "Alice", "first", "moved v1")
    edit("Moved page", "Moved page, second text.\nA second line.", "Bob", "/* Intro */ second", "moved v2")
    admin.act("move", **{"from": "Moved page", "to": "Moved page (new)", "reason": "a better title"})
    done["moved null"] = _newest_id(wiki, "Moved page (new)")
    edit("Moved page (new)", "Moved page, third text.\nA second line.", "Alice", "after the move", "moved v3")
    # A page moved twice, the second time without leaving a redirect.
    edit("Moved twice", "Moved twice, the only text.", "Alice", "created")
    admin.act("move", **{"from": "Moved twice", "to": "Moved twice (second)", "reason": "once"})
    admin.act("move", **{"from": "Moved twice (second)", "to": "Moved twice (third)", "noredirect": "1"})
    # Protected: MediaWiki makes a null revision, which recent changes link as diff=N&oldid=0.
    edit("Protected page", "A page to protect.", "Alice", "created", "protected v1")
    admin.act("protect", title="Protected page", protections="edit=sysop|move=sysop", reason="vandalism")
    # Deleted, and another page deleted then restored.
    edit("Deleted page", "A page to delete.", "Alice", "created")
    admin.act("delete", title="Deleted page", reason="not needed")
    edit("Restored page", "A page deleted and restored.", "Alice", "created", "restored v1")
    admin.act("delete", title="Restored page", reason="by mistake")
    admin.act("undelete", title="Restored page", reason="restoring")
    # Texts hidden by revision deletion, in the middle of a history and at its start (MediaWiki refuses to hide
    # a page's current text).
    edit("Hidden middle", "Hidden middle, first text.", "Alice", "first", "middle v1")
    edit("Hidden middle", "Hidden middle, secret text.", "Bob", "the secret", "middle v2")
    edit("Hidden middle", "Hidden middle, third text.", "Alice", "third", "middle v3")
    edit("Hidden creation", "Hidden creation, secret first text.", "Alice", "first", "creation v1")
    edit("Hidden creation", "Hidden creation, second text.", "Bob", "second", "creation v2")
    for title, name in (("Hidden middle", "middle v2"), ("Hidden creation", "creation v1")):
        answer = admin.act(
            "revisiondelete",
            type="revision",
            target=title,
            ids=str(done[name]),
            hide="content",
            reason="hide",
        )
        assert answer["revisiondelete"]["status"] == "Success", answer
    # Really blanked, with a summary that does not say so (no feed tells this from a hidden text), and with
    # MediaWiki's automatic summary, which does.
    edit("Blanked page", "Text to remove.", "Bob", "created", "blanked v1")
    edit("Blanked page", "", "Bob", "emptied on purpose", "blanked v2")
    edit("Blanked by autosummary", "Text to remove.", "Bob", "created")
    wiki._php("maintenance/edit.php", "--user", "Bob", "--autosummary", "Blanked by autosummary", stdin="")
    # A creation larger than the diff cutoff: history feeds link it ("Show changes") instead of its text.
    edit("Big creation", BIG_TEXT, "Alice", "a big page", "big v1")
    # Alice's watchlist, read through a token.
    alice.act("options", change=f"watchlisttoken={WATCHLIST_TOKEN}")
    for title in TITLES:
        alice.act("watch", token_type="watch", titles=title)
    edit(
        "Hidden middle",
        "Hidden middle, fourth text.",
        "Bob",
        "/* Section */ fourth, after watching",
        "middle v4",
    )
    time.sleep(1.1)  # (MediaWiki caches a user's options for the next request within the second)
    return Wiki(wiki, {title: _revisions(wiki, title) for title in (*TITLES, "Main Page")}, done)


def _recent_changes(wiki: MediaWiki) -> list[dict[str, Any]]:
    """The API's list of recent changes (log rows with their type, action and parameters)."""
    query = "rcprop=title|ids|loginfo|comment|user|timestamp&rclimit=500&format=json&formatversion=2"
    return list(
        json.loads(wiki.get(f"/api.php?action=query&list=recentchanges&{query}"))["query"]["recentchanges"]
    )


RECENT_CHANGES = "/api.php?action=feedrecentchanges&feedformat={}&days=3650&limit=500"
FORMATS = ("atom", "rss")


@pytest.mark.parametrize("feedformat", FORMATS)
def test_log_rows_are_read_as_log_rows_not_creations(meaning: Wiki, feedformat: str) -> None:
    feed = meaning.feed(RECENT_CHANGES.format(feedformat))
    changes = _recent_changes(meaning.wiki)
    logs = [change for change in changes if change["type"] == "log"]
    read = [entry for entry in feed.entries if entry.log is not None]
    assert len(read) == len(logs) == 9
    expected = sorted((c["logtype"], c["logaction"], c["title"], c["comment"]) for c in logs)
    found = sorted((e.log.type, e.log.action, e.page, e.comment) for e in read if e.log is not None)
    assert found == expected
    moves = {c["title"]: c["logparams"]["target_title"] for c in logs if c["logtype"] == "move"}
    assert {e.page: e.log.target for e in read if e.log is not None and e.log.type == "move"} == moves
    assert not any(entry.is_new_page for entry in read)
    # A move's or protection's row carries its null revision's text: the page's text, exactly.
    for entry in read:
        if entry.wikitext is not None:
            assert entry.revision is not None
            assert entry.wikitext == meaning.text(entry.revision)
    # Creations are exactly the revisions without a parent.
    parents = {r["revid"]: r["parentid"] for revisions in meaning.revisions.values() for r in revisions}
    for entry in feed.entries:
        if entry.log is None and entry.revision in parents:
            assert entry.is_new_page == (parents[entry.revision] == 0), entry.link
        assert entry.warnings == (), entry.link


@pytest.mark.parametrize("feedformat", FORMATS)
def test_latest_texts_follow_moves_and_say_what_is_missing(meaning: Wiki, feedformat: str) -> None:
    feed = meaning.feed(RECENT_CHANGES.format(feedformat))
    latest = wfk.latest_revisions(feed)
    texts = {item.page: item for item in latest.texts}
    # Moved pages: the text is under the title the page has now, and the old titles are no pages of their own.
    assert texts["Moved page (new)"].former_titles == ("Moved page",)
    assert texts["Moved twice (third)"].former_titles == ("Moved twice", "Moved twice (second)")
    assert not {"Moved page", "Moved twice", "Moved twice (second)"} & set(texts)
    assert set(wfk.latest_texts(feed)) == set(texts)
    # Every text is the revision it says it is; "newest" ones are the page's current revision.
    for item in latest.texts:
        assert item.revision is not None
        assert item.text == meaning.text(item.revision), item.page
        if item.page in meaning.revisions:
            assert item.is_newest == (item.revision == meaning.newest(item.page)["revid"]), item.page
    newest = {title: meaning.newest(title)["revid"] for title in meaning.revisions}
    assert {t.page for t in latest.texts if t.is_newest} >= {
        "Moved page (new)", "Moved twice (third)", "Protected page", "Blanked page", "Blanked by autosummary"
    }  # fmt: skip
    # What is out of reach: a newest revision diffed against a hidden one, a creation over the cutoff, and a
    # page whose only revisions in the feed cannot be loaded.
    missing = {item.page: item for item in latest.out_of_reach}
    assert set(missing) == {"Hidden middle", "Big creation", "Hidden creation"}
    for page, item in missing.items():
        assert item.newest_revision == newest[page]
    assert missing["Hidden middle"].fallback_revision == meaning.done["middle v1"]
    assert texts["Hidden middle"].revision == meaning.done["middle v1"]
    assert not texts["Hidden middle"].is_newest
    assert "Big creation" not in texts
    assert "Hidden creation" not in texts
    assert "DiffCutoff" in missing["Big creation"].reason
    assert "hidden" in missing["Hidden creation"].reason


@pytest.mark.parametrize("feedformat", FORMATS)
@pytest.mark.parametrize("user", ["Alice", "Bob"])
def test_hidden_texts_are_uncertain_not_empty(meaning: Wiki, user: str, feedformat: str) -> None:
    feed = meaning.feed(f"/api.php?action=feedcontributions&user={user}&feedformat={feedformat}")
    hidden = {meaning.done["middle v2"], meaning.done["creation v1"]}
    flagged = set()
    for entry in feed.entries:
        assert entry.revision is not None
        truth = meaning.text(entry.revision)
        if entry.text_uncertain:
            flagged.add(entry.revision)
            assert entry.wikitext == ""
            assert any("hidden" in warning for warning in entry.warnings)
        else:
            assert entry.wikitext == truth, entry.link
            assert entry.warnings == ()
    # Flagged: every hidden text, and the page blanked with a summary that does not say so (a feed cannot
    # tell it from a hidden one); not the page blanked with MediaWiki's own summary.
    mine = {e.revision for e in feed.entries}
    assert flagged == (hidden | {meaning.done["blanked v2"]}) & mine
    rebuilt = wfk.rebuild_revisions(feed)
    assert not flagged & set(rebuilt)
    assert all(rebuilt[revision] == meaning.text(revision) for revision in rebuilt)
    with_uncertain = wfk.rebuild_revisions(feed, include_uncertain=True)
    assert {revision: with_uncertain[revision] for revision in flagged} == dict.fromkeys(flagged, "")
    if user == "Bob":
        missing = {item.page: item for item in wfk.latest_revisions(feed).out_of_reach}
        assert missing["Blanked page"].fallback_revision == meaning.done["blanked v1"]
        assert "hidden" in missing["Blanked page"].reason


@pytest.mark.parametrize("feedformat", FORMATS)
def test_creations_whose_text_is_left_out_are_creations(meaning: Wiki, feedformat: str) -> None:
    for title, name in (("Big creation", "big v1"), ("Hidden creation", "creation v1")):
        query = urllib.parse.urlencode({"title": title, "action": "history", "feed": feedformat})
        feed = meaning.feed(f"/index.php?{query}")
        creation = next(entry for entry in feed.entries if entry.revision == meaning.done[name])
        assert creation.is_new_page
        assert creation.body is wfk.BodyKind.NONE
        assert creation.wikitext is None
        assert creation.warnings == ()
        assert [entry.is_new_page for entry in feed.entries].count(True) == 1


WATCHLIST_FORMS = {
    "latest": "",
    "allrev": "&allrev=1",
    "linktosections": "&allrev=1&linktosections=1",
}


@pytest.mark.parametrize("feedformat", FORMATS)
@pytest.mark.parametrize("form", sorted(WATCHLIST_FORMS))
def test_watchlist_feeds(meaning: Wiki, form: str, feedformat: str) -> None:
    path = (
        f"/api.php?action=feedwatchlist&wlowner=Alice&wltoken={WATCHLIST_TOKEN}&feedformat={feedformat}"
        f"&hours=72{WATCHLIST_FORMS[form]}"
    )
    feed = meaning.feed(path)
    assert feed.kind is wfk.FeedKind.WATCHLIST
    assert len(feed.entries) >= 8
    changes = _recent_changes(meaning.wiki)
    by_log = {c["logid"]: c for c in changes if c["type"] == "log"}
    by_revision = {c["revid"]: c for c in changes if c["revid"]}
    for entry in feed.entries:
        assert entry.warnings == (), entry.link
        assert entry.link is not None
        logid = urllib.parse.parse_qs(urllib.parse.urlsplit(entry.link).query).get("logid")
        change = by_log[int(logid[0])] if logid else by_revision[entry.revision]  # type: ignore[index]
        assert entry.page == change["title"]
        assert entry.author == change["user"]
        assert entry.comment == change["comment"]
        assert (entry.log is not None) == bool(logid)
        assert not entry.is_new_page
        assert entry.wikitext is None
    section = next(entry for entry in feed.entries if entry.revision == meaning.done["middle v4"])
    assert section.section == "Section"
    latest = wfk.latest_revisions(feed)
    assert latest.texts == ()
    assert {item.page for item in latest.out_of_reach} == {
        entry.page for entry in feed.entries if entry.revision is not None
    }


def test_read_feed_and_iter_entries_take_a_url(meaning: Wiki) -> None:
    path = RECENT_CHANGES.format("atom")
    url = meaning.wiki.url(path)
    fetched = wfk.read_feed(url)
    assert fetched.kind is wfk.FeedKind.RECENT_CHANGES
    assert fetched.entries == meaning.feed(path).entries
    assert tuple(wfk.iter_entries(url)) == fetched.entries
    with pytest.raises(wfk.FeedError, match="HTTP 404"):
        wfk.read_feed(meaning.wiki.url("/no-such-feed.atom"))


def test_convert_says_which_pages_it_could_not_write(meaning: Wiki, tmp_path: Path) -> None:
    """`wikifeedkit convert` of a recent-changes feed names, on stderr, each page it wrote from an older
    revision or not at all (issue 12, "Say what is missing")."""
    import subprocess
    import sys

    url = meaning.wiki.url(RECENT_CHANGES.format("atom"))
    command = [
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
    ]
    result = subprocess.run(command, capture_output=True, check=False, timeout=600, text=True)
    assert result.returncode == 0, result.stderr
    latest = wfk.latest_revisions(meaning.feed(RECENT_CHANGES.format("atom")))
    assert len(list(tmp_path.glob("*.md"))) == len(latest.texts)
    lines = result.stderr.splitlines()
    assert len(lines) == len(latest.out_of_reach) == 3
    middle = meaning.done["middle v1"]
    assert any(
        f"page 'Hidden middle' is written at revision {middle}, not its newest" in line for line in lines
    )
    assert any("page 'Big creation' was not written: " in line for line in lines)
    assert any("page 'Hidden creation' was not written: " in line for line in lines)


_TALK_LINK = re.compile(
    r"\t\t\t(?:<comments>[^<]*</comments>)?\n"
)  # RSS: the talk-page link, not in the model


@pytest.mark.parametrize("feedformat", FORMATS)
def test_every_feed_of_this_wiki_is_written_back_as_served(meaning: Wiki, feedformat: str) -> None:
    """Issue 13, point 6, on the feeds this wiki serves (hidden texts and users, moves, log rows,
    watchlists): ``to_atom``/``to_rss`` of what was read give MediaWiki's document back, byte for byte."""
    paths = [
        f"/api.php?action=feedrecentchanges&feedformat={feedformat}&days=3650&limit=500",
        f"/index.php?title=Special:NewPages&feed={feedformat}&limit=500",
        *(
            f"/api.php?action=feedcontributions&user={user}&feedformat={feedformat}"
            for user in ("Alice", "Bob")
        ),
        *(
            f"/api.php?action=feedwatchlist&wlowner=Alice&wltoken={WATCHLIST_TOKEN}&feedformat={feedformat}"
            f"&hours=72{form}"
            for form in WATCHLIST_FORMS.values()
        ),
        *(
            "/index.php?" + urllib.parse.urlencode({"title": title, "action": "history", "feed": feedformat})
            for title in meaning.revisions
        ),
    ]
    for path in paths:
        document = meaning.wiki.get(path).decode("utf-8")
        feed = wfk.read_feed(document)
        if feedformat == "atom":
            assert wfk.to_atom(feed) == document, path
        else:
            assert _TALK_LINK.sub("", wfk.to_rss(feed)) == _TALK_LINK.sub("", document), path
