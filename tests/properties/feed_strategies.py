"""Strategies for feeds: page texts and edits as MediaWiki stores them, Diff models, entries and whole feeds.

Two kinds of entry are drawn. *Served* entries carry the summary HTML MediaWiki would serve, written by the
tests' own encoders (tests/mediawiki_html.py), with every field set to what that HTML and link say. *Built*
entries are model objects with no summary HTML, as a user would make them; the library's writers write it.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from hypothesis import assume
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.mediawiki_html import changes_summary, contributions_summary
from tests.properties.strategies import wiki_line, xml_text
from wikifeedkit.feeds.difftable import parse_diff_table
from wikifeedkit.feeds.entry import _BLANKING_SUMMARIES, _UNCERTAIN_TEXT

NBSP = "\u00a0"
BASE = "http://w.test"
_MEDIAWIKI_TRAILING = " \t\n\r\0\x0b"  # what PHP's rtrim takes off every saved text

_LINES = st.sampled_from(
    [
        "",
        "== History ==",
        "=== Early life ===",
        "* a [[Linked page|link]] and ''italic''",
        "# numbered",
        "{{Infobox person|name=A & B|birth_date={{birth date|1900|1|1}}}}",
        'Text.<ref name="a">{{cite web|url=http://x.test/?a=1&b=2|title=T}}</ref>',
        '<ref name="a" />',
        '{| class="wikitable"',
        "| cell || cell",
        "|}",
        "[[Category:Tests]]",
        "  two  spaces  ",
        "\ttab\tseparated",
        "ünïcödé 𝄞 עברית",
    ]
)


def page_line() -> st.SearchStrategy[str]:
    """One line of a page: realistic wikitext lines and arbitrary ones."""
    return st.one_of(_LINES, wiki_line())


def mediawiki_text(text: str) -> str:
    """A text as MediaWiki saves it: NFC, no carriage returns, trailing whitespace trimmed."""
    return unicodedata.normalize("NFC", text.replace("\r", "")).rstrip(_MEDIAWIKI_TRAILING)


def page_texts(*, max_lines: int = 12) -> st.SearchStrategy[str]:
    return st.lists(page_line(), min_size=1, max_size=max_lines).map(
        lambda lines: mediawiki_text("\n".join(lines))
    )


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str]:
    """An old text and a new one made from it by a few line and word edits (different from it)."""
    old = draw(st.lists(page_line(), min_size=1, max_size=12))
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(new)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "word"]))
        if operation == "insert" or not new:
            new[at:at] = draw(st.lists(page_line(), min_size=1, max_size=3))
            continue
        at = min(at, len(new) - 1)
        if operation == "delete":
            del new[at]
        elif operation == "replace":
            new[at] = draw(page_line())
        else:
            words = new[at].split(" ")
            spot = draw(st.integers(0, len(words)))
            words[spot:spot] = [draw(st.sampled_from(["new", "word", "&", "<b>", "x\ty", NBSP + "z"]))]
            new[at] = " ".join(words)
    before, after = mediawiki_text("\n".join(old)), mediawiki_text("\n".join(new))
    assume(before != after)
    return before, after


# --- model Diffs -----------------------------------------------------------------------------------

_SPAN_TEXT = wiki_line(max_size=12).map(lambda text: unicodedata.normalize("NFC", text))


def _readable(text: str) -> bool:
    """Text whose whitespace escaping MediaWiki's HTML can undo (no no-break space beside a space)."""
    return (
        NBSP + " " not in text
        and " " + NBSP not in text
        and not text.startswith(NBSP)
        and not text.endswith(NBSP)
    )


@st.composite
def _spans(draw: st.DrawFn, *, changed_only: bool = False) -> tuple[wfk.DiffSpan, ...]:
    """A line's runs in the reader's form: no empty runs, unchanged runs never side by side."""
    spans: list[wfk.DiffSpan] = []
    for _ in range(draw(st.integers(0, 4))):
        text = draw(_SPAN_TEXT.filter(lambda t: t != "" and _readable(t)))
        changed = True if changed_only else draw(st.booleans())
        if not changed and spans and not spans[-1].changed:
            spans[-1] = wfk.DiffSpan(spans[-1].text + text)
        else:
            spans.append(wfk.DiffSpan(text, changed))
    line = "".join(span.text for span in spans)
    assume(_readable(line) and line != NBSP)
    return tuple(spans)


def _text(spans: tuple[wfk.DiffSpan, ...]) -> str:
    return "".join(span.text for span in spans)


@st.composite
def diff_rows(draw: st.DrawFn) -> wfk.DiffRow:
    kind = draw(st.sampled_from(list(wfk.RowKind)))
    if kind is wfk.RowKind.CONTEXT:
        text = draw(_SPAN_TEXT.filter(_readable))
        spans = (wfk.DiffSpan(text),) if text else ()
        return wfk.DiffRow(kind, text, text, spans, spans)
    if kind is wfk.RowKind.ADDED:
        spans = draw(_spans())
        return wfk.DiffRow(kind, None, _text(spans), (), spans)
    if kind is wfk.RowKind.DELETED:
        spans = draw(_spans())
        return wfk.DiffRow(kind, _text(spans), None, spans, ())
    old, new = draw(_spans()), draw(_spans())
    return wfk.DiffRow(kind, _text(old), _text(new), old, new)


@st.composite
def diffs(draw: st.DrawFn) -> wfk.Diff:
    """Up to three hunks; none is a null revision's diff (a move, a protection), "(No difference)"."""
    hunks = []
    old_start = new_start = 1
    for _ in range(draw(st.integers(0, 3))):
        old_start += draw(st.integers(0, 2000))
        new_start += draw(st.integers(0, 2000))
        hunks.append(
            wfk.DiffHunk(old_start, new_start, tuple(draw(st.lists(diff_rows(), min_size=1, max_size=6))))
        )
    return wfk.Diff(tuple(hunks))


# --- entries and feeds -------------------------------------------------------------------------------

_NAME = st.text(st.sampled_from("AaBbZzéÅß0189 .-'ñ文"), min_size=1, max_size=12).map(
    lambda s: " ".join(s.split())
)
authors = _NAME.filter(lambda name: name != "")
page_titles = (
    st.text(st.sampled_from("AaBbZzéÅß0189 .,-'()&+?#%/文ñ"), min_size=1, max_size=20)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda title: title != "" and title[0].isalnum())
)

_COMMENT_TEXT = (
    xml_text(max_size=40)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda text: all(mark not in text for mark in ("[[", "]]", "/*", "*/")))
)
_SECTION = _COMMENT_TEXT.filter(
    lambda s: s != "" and not s.endswith(":") and s[0] not in "\u2192\u2190\u200e\u200f"
)


@st.composite
def comments(draw: st.DrawFn) -> tuple[str, str | None]:
    """An edit summary as MediaWiki keeps it (one line, trimmed), with the section it names."""
    text = draw(_COMMENT_TEXT)
    if not draw(st.booleans()):
        return text, None
    section = draw(_SECTION)
    return (f"/* {section} */ {text}" if text else f"/* {section} */"), section


dates = st.builds(
    lambda when, minutes: when.replace(tzinfo=UTC).astimezone(timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda when: when.replace(microsecond=0)
    ),
    st.integers(-12 * 60, 14 * 60),
)


def _page_url(page: str, **query: str | int) -> str:
    url = f"{BASE}/index.php?title={quote(page.replace(' ', '_'), safe='')}"
    return url + "".join(f"&{key}={value}" for key, value in query.items())


def _uncertain(kind: wfk.FeedKind, text: str, comment: str | None) -> dict[str, Any]:
    """What the reader says of an empty text in a contributions feed: MediaWiki writes a hidden text alike
    (unless the summary says the page was blanked)."""
    if kind is not wfk.FeedKind.CONTRIBUTIONS or text or comment in _BLANKING_SUMMARIES:
        return {}
    return {"text_uncertain": True, "warnings": (_UNCERTAIN_TEXT,)}


@st.composite
def served_entries(draw: st.DrawFn, kind: wfk.FeedKind) -> wfk.Entry:
    """An entry as MediaWiki serves it in a feed of ``kind``, summary HTML included."""
    page, author, updated = draw(page_titles), draw(authors), draw(dates)
    comment, section = draw(comments())
    revision = draw(st.integers(2, 10**9))
    if kind is wfk.FeedKind.CONTRIBUTIONS or kind is wfk.FeedKind.NEW_PAGES:
        text = draw(page_texts())
        if kind is wfk.FeedKind.CONTRIBUTIONS:
            link, latest, new_page, number = _page_url(page, diff=revision), author, False, revision
        else:
            link = f"{BASE}/index.php/{quote(page.replace(' ', '_'))}"
            latest, new_page, number = draw(authors), True, None
        return wfk.Entry(
            title=page, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
            page=page, revision=number, is_new_page=new_page, body=wfk.BodyKind.TEXT, wikitext=text,
            summary_html=contributions_summary(latest, comment, text), **_uncertain(kind, text, comment),
        )  # fmt: skip
    history = kind is wfk.FeedKind.HISTORY
    title = f"{author}: {comment}" if history else page
    shape = draw(st.sampled_from(["new", "edit", "none"]))
    if shape == "none":  # a log entry: the comment and nothing else
        link = f"{BASE}/index.php/Special:Log/move"
        return wfk.Entry(
            title=title, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
            page="Special:Log/move", summary_html=changes_summary(comment),
        )  # fmt: skip
    if shape == "new":
        text = draw(page_texts())
        link = _page_url(page, diff=revision, oldid="prev" if history else 0)
        return wfk.Entry(
            title=title, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
            page=page, revision=revision, is_new_page=True, body=wfk.BodyKind.TEXT, wikitext=text,
            summary_html=changes_summary(comment, text=text),
        )  # fmt: skip
    old_text, new_text = draw(edits())
    old_revision = draw(st.integers(1, revision - 1))
    link = _page_url(page, diff=revision, oldid="prev" if history else old_revision)
    summary = changes_summary(comment, old=old_text, new=new_text)
    diff, _ = parse_diff_table(summary[summary.index("<table") :])
    return wfk.Entry(
        title=title, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
        page=page, revision=revision, old_revision=None if history else old_revision, body=wfk.BodyKind.DIFF,
        diff=diff, summary_html=summary,
    )  # fmt: skip


@st.composite
def built_entries(draw: st.DrawFn, kind: wfk.FeedKind) -> wfk.Entry:
    """An entry made as a user would make it: fields only, no summary HTML; its diff a drawn Diff model."""
    page, author, updated = draw(page_titles), draw(authors), draw(st.none() | dates)
    comment, section = draw(comments())
    revision = draw(st.integers(2, 10**9))
    if kind is wfk.FeedKind.CONTRIBUTIONS or kind is wfk.FeedKind.NEW_PAGES:
        new_page = kind is wfk.FeedKind.NEW_PAGES
        link = _page_url(page, diff=revision)
        text = draw(page_texts())
        return wfk.Entry(
            title=page, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
            page=page, revision=revision, is_new_page=new_page, body=wfk.BodyKind.TEXT, wikitext=text,
            **_uncertain(kind, text, comment),
        )  # fmt: skip
    if draw(st.booleans()):
        link = _page_url(page, diff=revision, oldid=0)
        return wfk.Entry(
            title=page, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
            page=page, revision=revision, is_new_page=True, body=wfk.BodyKind.TEXT, wikitext=draw(page_texts()),
        )  # fmt: skip
    old_revision = draw(st.integers(1, revision - 1))
    link = _page_url(page, diff=revision, oldid=old_revision)
    return wfk.Entry(
        title=page, id=link, link=link, updated=updated, author=author, comment=comment, section=section,
        page=page, revision=revision, old_revision=old_revision, body=wfk.BodyKind.DIFF, diff=draw(diffs()),
    )  # fmt: skip


_FEED_IDS = {
    wfk.FeedKind.CONTRIBUTIONS: "/api.php?action=feedcontributions&user=Ann&feedformat=",
    wfk.FeedKind.RECENT_CHANGES: "/api.php?action=feedrecentchanges&feedformat=",
    wfk.FeedKind.HISTORY: "/index.php?title=Page&action=history&feed=",
    wfk.FeedKind.NEW_PAGES: "/index.php?title=Special:NewPages&feed=",
}
_HEADER_TEXT = st.none() | xml_text(max_size=30)


@st.composite
def feeds(draw: st.DrawFn, *, served: bool) -> wfk.Feed:
    """A feed of any kind and format, with served (summary HTML) or built (fields only) entries."""
    feed_format = draw(st.sampled_from(list(wfk.FeedFormat)))
    kind = draw(st.sampled_from(list(_FEED_IDS)))
    entry = served_entries(kind) if served else built_entries(kind)
    return wfk.Feed(
        format=feed_format,
        kind=kind,
        title=draw(_HEADER_TEXT),
        subtitle=draw(_HEADER_TEXT),
        id=BASE + _FEED_IDS[kind] + feed_format.value,
        link=draw(st.none() | st.just(f"{BASE}/index.php/Special:RecentChanges")),
        updated=draw(st.none() | dates),
        language=draw(st.none() | st.sampled_from(["en", "de", "zh-hans", "kk-latn"])),
        generator=draw(st.none() | st.just("MediaWiki 1.39.17")),
        entries=tuple(draw(st.lists(entry, max_size=4))),
    )
