"""A RawEntry into an :class:`Entry`: dates, revision ids from the link, the decoded summary."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from ..model import BodyKind, Diff, Entry, FeedKind, LogEvent
from .comment import comment_text, section_of
from .difftable import parse_diff_table
from .logrow import is_log_row, read_log_row
from .raw import RawEntry
from .summary import SummaryShape, decode_summary

ARTICLE_PATH_MARKERS = ("/index.php/", "/wiki/")
"""Where a page title follows in a wiki's page URLs."""


_BLANKING_SUMMARIES = frozenset({"Blanked the page", "Created blank page"})
"""MediaWiki's automatic summaries (``autosumm-blank``, ``autosumm-newblank``) of a text made empty."""
_UNCERTAIN_TEXT = (
    "summary: the page text is empty, and MediaWiki writes a hidden text (revision deletion) the same way; "
    "it may not be this revision's text"
)
_HIDDEN_NEW_PAGE = "summary: empty; MediaWiki writes nothing when it cannot load the page's latest text"
_MAX_DATE_LENGTH = 100
_MAX_ID_DIGITS = 19
"""Revision ids are MediaWiki's unsigned 64-bit integers (``int`` refuses more than 4,300 digits)."""


def parse_date(text: str | None, warnings: list[str], what: str) -> datetime | None:
    """An Atom (RFC 3339) or RSS (RFC 822) date as an aware datetime; a bad one is None and a warning.

    Dates whose UTC time falls outside years 1–9999 are bad dates too: they could not be compared or written.
    """
    if text is None or not text.strip():
        return None
    value = text.strip()
    parsed = _date(value) if len(value) <= _MAX_DATE_LENGTH else None
    if parsed is None:
        warnings.append(f"{what}: unreadable date {value[:_MAX_DATE_LENGTH]!r}")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        warnings.append(f"{what}: date {value!r} is out of range in UTC")
        return None
    return parsed


def _date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _split(link: str | None, warnings: list[str]) -> SplitResult | None:
    """The parts of an entry link, or None (with a warning for a link ``urlsplit`` cannot read)."""
    if not link:
        return None
    try:
        return urlsplit(link)
    except ValueError as error:
        warnings.append(f"link: unreadable URL {link[:200]!r} ({error})")
        return None


def _revision_ids(parts: SplitResult | None, warnings: list[str]) -> tuple[int | None, int | None, bool]:
    """``diff=`` and ``oldid=`` from an entry link, and whether ``oldid=0`` marks a page creation."""
    if parts is None:
        return None, None, False
    query = parse_qs(parts.query)
    diff = query.get("diff", [""])[0]
    oldid = query.get("oldid", [""])[0]
    revision = _revision_id(diff, "diff", warnings)
    old_revision = _revision_id(oldid, "oldid", warnings)
    return revision, old_revision or None, oldid == "0"


def _revision_id(value: str, name: str, warnings: list[str]) -> int | None:
    """A revision id; None for MediaWiki's words (``prev``, ``cur``) and, with a warning, for digits that
    are not one (``²``, too many)."""
    if not value.isdigit():
        return None
    if not value.isascii() or len(value) > _MAX_ID_DIGITS:
        warnings.append(f"link: {name}={value[:40]!r} is not a revision id; ignored")
        return None
    return int(value)


def page_of(link: str | None) -> str | None:
    """The page title an entry link points at, with spaces, or None."""
    return _page_of(_split(link, []))


def _page_of(parts: SplitResult | None) -> str | None:
    if parts is None:
        return None
    titles = parse_qs(parts.query).get("title")
    if titles:
        return titles[0].replace("_", " ")
    for marker in ARTICLE_PATH_MARKERS:
        at = parts.path.find(marker)
        if at >= 0 and len(parts.path) > at + len(marker):
            return unquote(parts.path[at + len(marker) :]).replace("_", " ")
    return None


@dataclass(slots=True)
class _Body:
    """What an entry's summary gives: its body, the comment, and whether it shows a page creation."""

    kind: BodyKind = BodyKind.NONE
    wikitext: str | None = None
    diff: Diff | None = None
    comment: str | None = None
    new_page: bool = False
    log: LogEvent | None = None
    uncertain: bool = False


def build_entry(raw: RawEntry, kind: FeedKind) -> Entry:
    """Decode one entry; never raises for what the entry holds, records warnings instead."""
    warnings = list(raw.warnings)
    updated = parse_date(raw.updated, warnings, "updated")
    parts = _split(raw.link, warnings)
    revision, old_revision, created = _revision_ids(parts, warnings)
    page = _page_of(parts)
    if kind is FeedKind.WATCHLIST and raw.title:
        page = raw.title  # a watchlist item's title is its page; its link may go to Special:Log
    elif page is None and kind is not FeedKind.HISTORY:
        page = raw.title
    try:
        body = _watchlist_body(raw, parts) if kind is FeedKind.WATCHLIST else _body(raw, kind, warnings)
    except Exception as error:  # a bug must not lose the feed: the entry stays, its warning names the bug
        warnings.append(f"summary: not decoded ({type(error).__name__}: {error}); a bug in wikifeedkit")
        body = _Body()
    return Entry(
        title=raw.title,
        id=raw.id,
        link=raw.link,
        updated=updated,
        author=raw.author,
        comment=body.comment,
        section=section_of(body.comment),
        page=page,
        revision=revision,
        old_revision=old_revision,
        is_new_page=body.log is None and (created or kind is FeedKind.NEW_PAGES or body.new_page),
        body=body.kind,
        wikitext=body.wikitext,
        diff=body.diff,
        summary_html=raw.summary_html,
        warnings=tuple(warnings),
        log=body.log,
        text_uncertain=body.uncertain,
    )


def _body(raw: RawEntry, kind: FeedKind, warnings: list[str]) -> _Body:
    if kind is FeedKind.NEW_PAGES and not (raw.summary_html or "").strip():
        warnings.append(_HIDDEN_NEW_PAGE)  # SpecialNewpages::feedItemDesc gives "" for a hidden text
        return _Body()
    if raw.summary_html is None:
        return _Body()
    decoded = decode_summary(raw.summary_html)
    warnings.extend(decoded.warnings)
    body = _Body(
        comment=comment_text(decoded.comment_html, decoded.shape, raw.author), new_page=decoded.new_page
    )
    if decoded.wikitext is not None:
        body.kind, body.wikitext = BodyKind.TEXT, decoded.wikitext
    elif decoded.table_html is not None:
        body.diff, diff_warnings = parse_diff_table(decoded.table_html)
        warnings.extend(diff_warnings)
        body.kind = BodyKind.DIFF
    elif decoded.diff_link is not None:
        # FeedUtils::getDiffLink leaves out oldid= for a page creation whose text it omits.
        link = _split(decoded.diff_link, warnings)
        query = parse_qs(link.query) if link is not None else {}
        body.new_page = "diff" in query and "oldid" not in query
    if decoded.shape is SummaryShape.FORMATTED and decoded.comment_html and is_log_row(decoded.comment_html):
        body.log, body.comment = read_log_row(decoded.comment_html, body.comment)
        body.new_page = False
    # A page's current text cannot be hidden, and a new-pages feed shows the current one: there "" is "".
    blank = (
        decoded.shape is SummaryShape.CONTRIBUTIONS and body.wikitext == "" and kind is not FeedKind.NEW_PAGES
    )
    if blank and body.comment not in _BLANKING_SUMMARIES:
        body.uncertain = True
        warnings.append(_UNCERTAIN_TEXT)
    if decoded.shape is SummaryShape.OTHER:
        warnings.append("summary: not in a shape MediaWiki writes; no text or diff read from it")
    return body


def _watchlist_body(raw: RawEntry, parts: SplitResult | None) -> _Body:
    """``ApiFeedWatchlist::createFeedItem``: the description is the plain ``"<comment> (<user>)"``, or the
    comment alone where the user is hidden; a log row without a revision links to ``Special:Log?logid=N``."""
    text = raw.summary_html or ""
    user = raw.author or ""
    suffix = f" ({user})"
    comment = text[: -len(suffix)] if user and text.endswith(suffix) else text
    log = LogEvent() if parts is not None and "logid" in parse_qs(parts.query) else None
    return _Body(comment=comment, log=log)
