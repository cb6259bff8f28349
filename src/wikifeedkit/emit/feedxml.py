"""A :class:`Feed` as Atom or RSS, element for element as MediaWiki's ``AtomFeed`` and ``RSSFeed`` write it.

What the model holds comes back from :func:`wikifeedkit.read_feed`: fields that are None are left out,
empty strings are written as empty elements, carriage returns are written as ``&#13;`` (an XML parser
would turn a literal one into a line feed), and each entry's summary is the HTML MediaWiki would write for
it (see ``summary.py``). RSS has no feed id of its own, so the id goes into an ``<atom:link rel="self">``
as feeds commonly do; its dates are RFC 822 and carry whole seconds only.

The author is the exception to "None is left out": MediaWiki's ``FeedItem`` always has one, the empty
string for a hidden user name or the placeholder entry of a page without history, and its templates write
the element even then (``<author><name></name></author>``, ``<dc:creator></dc:creator>``), which reads back
as None.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable
from datetime import UTC, datetime

from ..checks import check_source
from ..errors import ConversionError
from ..model import Entry, Feed, FeedKind
from .difftable import html_escape
from .summary import summary_html

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NO_COMMENTS_LINK = "\t\t\t\n"
"""The line of ``RSSItem.mustache``'s ``{{#comments}}…{{/comments}}`` for an item without a talk-page link, as
every item of the API's watchlist feed is (``ApiFeedWatchlist`` passes none). Other feeds link the talk page,
which the model does not hold: their items get no line there."""


class _Writer:
    """Escapes values for XML, naming the entry and field of any value XML cannot carry."""

    def __init__(self) -> None:
        self.where = "the feed"

    def _check(self, value: str, field: str) -> None:
        bad = _NOT_XML.search(value)
        if bad is not None:
            raise ConversionError(
                f"{self.where}, {field}: character U+{ord(bad.group(0)):04X} at offset {bad.start()} "
                "cannot be written in XML"
            )

    def text(self, value: str, field: str) -> str:
        """MediaWiki's ``xmlEncode`` (``htmlspecialchars``, quotes included); a carriage return becomes a
        character reference, since a parser would read a literal one as a line feed."""
        self._check(value, field)
        return html_escape(value).replace("\r", "&#13;")

    def attribute(self, value: str, field: str) -> str:
        """As :meth:`text`, with tabs and line feeds as references too (a parser reads them as spaces)."""
        return self.text(value, field).replace("\t", "&#9;").replace("\n", "&#10;")

    def element(self, indent: str, tag: str, value: str | None, field: str) -> str:
        """``<tag>value</tag>`` on a line of its own, or nothing for None."""
        return "" if value is None else f"{indent}<{tag}>{self.text(value, field)}</{tag}>\n"


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def atom_date(when: datetime) -> str:
    """RFC 3339 in UTC, as MediaWiki writes it (``2024-01-31T12:00:00Z``); fractions of a second are kept."""
    utc = _utc(when)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "") + "Z"


def rss_date(when: datetime) -> str:
    """RFC 822 in GMT, as MediaWiki writes it (``Wed, 31 Jan 2024 12:00:00 GMT``)."""
    return email.utils.format_datetime(_utc(when).replace(microsecond=0), usegmt=True)


def to_atom(feed: Feed) -> str:
    """The feed as an Atom 1.0 document, in the shape of MediaWiki's ``AtomFeed``."""
    check_source(feed, "to_atom", Feed)
    out = _Writer()
    language = f' xml:lang="{out.attribute(feed.language, "language")}"' if feed.language is not None else ""
    parts = ['<?xml version="1.0"?>\n', f'<feed xmlns="http://www.w3.org/2005/Atom"{language}>\n']
    parts.append(out.element("\t", "id", feed.id, "id"))
    parts.append(out.element("\t", "title", feed.title, "title"))
    if feed.id is not None:
        href = out.attribute(feed.id, "id")
        parts.append(f'\t<link rel="self" type="application/atom+xml" href="{href}"/>\n')
    if feed.link is not None:
        parts.append(
            f'\t<link rel="alternate" type="text/html" href="{out.attribute(feed.link, "link")}"/>\n'
        )
    parts.append(out.element("\t", "updated", _date(feed.updated, atom_date), "updated"))
    parts.append(out.element("\t", "subtitle", feed.subtitle, "subtitle"))
    parts.append(out.element("\t", "generator", feed.generator, "generator"))
    for number, entry in enumerate(feed.entries, 1):
        out.where = _describe(number, entry)
        parts.append(_atom_entry(out, entry, feed))
    parts.append("</feed>")
    return "".join(parts)


def _atom_entry(out: _Writer, entry: Entry, feed: Feed) -> str:
    parts = [
        "\t<entry>\n",
        out.element("\t\t", "id", entry.id, "id"),
        out.element("\t\t", "title", entry.title, "title"),
    ]
    if entry.link is not None:
        href = out.attribute(entry.link, "link")
        parts.append(f'\t\t<link rel="alternate" type="text/html" href="{href}"/>\n')
    parts.append(out.element("\t\t", "updated", _date(entry.updated, atom_date), "updated"))
    summary = summary_html(entry, feed.kind)
    if summary is not None:
        parts.append(f'\n\t\t<summary type="html">{out.text(summary, "summary")}</summary>\n')
    parts.append(f"\t\t<author><name>{out.text(entry.author or '', 'author')}</name></author>\n")
    parts.append("\t</entry>\n")
    return "".join(parts)


def to_rss(feed: Feed) -> str:
    """The feed as an RSS 2.0 document, in the shape of MediaWiki's ``RSSFeed``."""
    check_source(feed, "to_rss", Feed)
    out = _Writer()
    atom = ' xmlns:atom="http://www.w3.org/2005/Atom"' if feed.id is not None else ""
    parts = [
        '<?xml version="1.0"?>\n',
        f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"{atom}>\n',
        "\t<channel>\n",
        out.element("\t\t", "title", feed.title, "title"),
        out.element("\t\t", "link", feed.link, "link"),
        out.element("\t\t", "description", feed.subtitle, "subtitle"),
        out.element("\t\t", "language", feed.language, "language"),
        out.element("\t\t", "generator", feed.generator, "generator"),
        out.element("\t\t", "lastBuildDate", _date(feed.updated, rss_date), "updated"),
    ]
    if feed.id is not None:
        href = out.attribute(feed.id, "id")
        parts.append(f'\t\t<atom:link rel="self" type="application/rss+xml" href="{href}"/>\n')
    for number, entry in enumerate(feed.entries, 1):
        out.where = _describe(number, entry)
        parts.append(_rss_item(out, entry, feed))
    parts.append("</channel></rss>")
    return "".join(parts)


def _rss_item(out: _Writer, entry: Entry, feed: Feed) -> str:
    parts = ["\t\t<item>\n", out.element("\t\t\t", "title", entry.title, "title")]
    parts.append(out.element("\t\t\t", "link", entry.link, "link"))
    if entry.id is not None:
        parts.append(f'\t\t\t<guid isPermaLink="false">{out.text(entry.id, "id")}</guid>\n')
    summary = summary_html(entry, feed.kind)
    parts.append(out.element("\t\t\t", "description", summary, "summary"))
    parts.append(out.element("\t\t\t", "pubDate", _date(entry.updated, rss_date), "updated"))
    parts.append(out.element("\t\t\t", "dc:creator", entry.author or "", "author"))
    if feed.kind is FeedKind.WATCHLIST:
        parts.append(_NO_COMMENTS_LINK)
    parts.append("\t\t</item>\n")
    return "".join(parts)


def _date(when: datetime | None, write: Callable[[datetime], str]) -> str | None:
    return None if when is None else write(when)


def _describe(number: int, entry: Entry) -> str:
    return f"entry {number} ({entry.id or entry.title!r})"
