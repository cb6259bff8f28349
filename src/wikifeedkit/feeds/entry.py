"""A RawEntry into an :class:`Entry`: dates, revision ids from the link, the decoded summary."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

from ..model import BodyKind, Entry, FeedKind
from .comment import comment_text, section_of
from .difftable import parse_diff_table
from .raw import RawEntry
from .summary import SummaryShape, decode_summary

ARTICLE_PATH_MARKERS = ("/index.php/", "/wiki/")
"""Where a page title follows in a wiki's page URLs."""


def parse_date(text: str | None, warnings: list[str], what: str) -> datetime | None:
    """An Atom (RFC 3339) or RSS (RFC 822) date as an aware datetime; a bad one is None and a warning."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            warnings.append(f"{what}: unreadable date {value!r}")
            return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _revision_ids(link: str | None) -> tuple[int | None, int | None, bool]:
    """``diff=`` and ``oldid=`` from an entry link, and whether ``oldid=0`` marks a page creation."""
    if not link:
        return None, None, False
    query = parse_qs(urlsplit(link).query)
    diff = query.get("diff", [""])[0]
    oldid = query.get("oldid", [""])[0]
    revision = int(diff) if diff.isdigit() else None
    old_revision = int(oldid) if oldid.isdigit() and int(oldid) > 0 else None
    return revision, old_revision, oldid == "0"


def page_of(link: str | None) -> str | None:
    """The page title an entry link points at, with spaces, or None."""
    if not link:
        return None
    parts = urlsplit(link)
    titles = parse_qs(parts.query).get("title")
    if titles:
        return titles[0].replace("_", " ")
    for marker in ARTICLE_PATH_MARKERS:
        at = parts.path.find(marker)
        if at >= 0 and len(parts.path) > at + len(marker):
            return unquote(parts.path[at + len(marker) :]).replace("_", " ")
    return None


def build_entry(raw: RawEntry, kind: FeedKind) -> Entry:
    """Decode one entry; never raises for what the entry holds, records warnings instead."""
    warnings = list(raw.warnings)
    updated = parse_date(raw.updated, warnings, "updated")
    revision, old_revision, created = _revision_ids(raw.link)
    page = page_of(raw.link)
    if page is None and kind is not FeedKind.HISTORY:
        page = raw.title
    body = BodyKind.NONE
    wikitext = diff = comment = None
    new_page = created or kind is FeedKind.NEW_PAGES
    if raw.summary_html is not None:
        decoded = decode_summary(raw.summary_html)
        warnings.extend(decoded.warnings)
        comment = comment_text(decoded.comment_html, decoded.shape, raw.author)
        new_page = new_page or decoded.new_page
        if decoded.wikitext is not None:
            body, wikitext = BodyKind.TEXT, decoded.wikitext
        elif decoded.table_html is not None:
            diff, diff_warnings = parse_diff_table(decoded.table_html)
            warnings.extend(diff_warnings)
            body = BodyKind.DIFF
        if decoded.shape is SummaryShape.OTHER:
            warnings.append("summary: not in a shape MediaWiki writes; no text or diff read from it")
    return Entry(
        title=raw.title,
        id=raw.id,
        link=raw.link,
        updated=updated,
        author=raw.author,
        comment=comment,
        section=section_of(comment),
        page=page,
        revision=revision,
        old_revision=old_revision,
        is_new_page=new_page,
        body=body,
        wikitext=wikitext,
        diff=diff,
        summary_html=raw.summary_html,
        warnings=tuple(warnings),
    )
