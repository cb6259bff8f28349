"""Bytes of an Atom or RSS feed into a :class:`Feed`, streaming entry by entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from ..errors import FeedError
from ..model import Entry, Feed, FeedFormat, FeedKind
from ..urls import web_url
from . import atom, rss
from .entry import build_entry, parse_date
from .raw import RawEntry, RawHeader
from .xmlsource import DEFAULT_MAX_BYTES, FeedSource, iter_elements

_KIND_MARKERS: tuple[tuple[str, FeedKind], ...] = (
    ("feedcontributions", FeedKind.CONTRIBUTIONS),
    ("Special:Contributions", FeedKind.CONTRIBUTIONS),
    ("feedrecentchanges", FeedKind.RECENT_CHANGES),
    ("Special:RecentChanges", FeedKind.RECENT_CHANGES),
    ("Special:NewPages", FeedKind.NEW_PAGES),
    ("action=history", FeedKind.HISTORY),
    ("feedwatchlist", FeedKind.WATCHLIST),
    ("Special:Watchlist", FeedKind.WATCHLIST),
)


@dataclass(frozen=True, slots=True)
class _Format:
    format: FeedFormat
    is_record: Callable[[object], bool]
    start_header: Callable[[etree._Element], RawHeader]
    read_header_field: Callable[[etree._Element, RawHeader], None]
    read_record: Callable[[etree._Element], RawEntry]


_ATOM = _Format(FeedFormat.ATOM, atom.is_entry, atom.start_header, atom.read_header_field, atom.read_entry)
_RSS = _Format(FeedFormat.RSS, rss.is_item, rss.start_header, rss.read_header_field, rss.read_item)


def _is_record(tag: object) -> bool:
    return atom.is_entry(tag) or rss.is_item(tag)


def _is_container(element: etree._Element | None, root: etree._Element | None) -> bool:
    """Whether ``element`` holds the feed's fields and entries: Atom's ``<feed>``, RSS's ``<channel>``."""
    if element is None or root is None:
        return False
    if element is root:
        return root.tag == atom.ROOT
    return element.tag == "channel" and element.getparent() is root


def feed_kind(header: RawHeader) -> FeedKind:
    """Which MediaWiki feed this is, from the feed's id and links."""
    for url in (header.id, header.self_link, header.link):
        for marker, kind in _KIND_MARKERS:
            if url and marker in url:
                return kind
    return FeedKind.UNKNOWN


class FeedStream:
    """Entries of a feed, read one at a time; ``header`` and ``format`` are known once iteration starts."""

    def __init__(self, source: FeedSource, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._source = source
        self._max_bytes = max_bytes
        self.header = RawHeader()
        self.format: FeedFormat | None = None
        self.warnings: list[str] = []

    def __iter__(self) -> Iterator[Entry]:
        shape: _Format | None = None
        root: etree._Element | None = None
        kind: FeedKind | None = None
        for event, element in iter_elements(self._source, _is_record, max_bytes=self._max_bytes):
            if event == "root":
                root = element
                shape = self._start(element)
                continue
            assert shape is not None
            in_feed = _is_container(element.getparent(), root)
            if event == "child":
                if in_feed:
                    shape.read_header_field(element, self.header)
                continue
            if not in_feed:
                where = f"line {element.sourceline}: <{element.tag!s}>"
                self.warnings.append(f"{where} outside the feed, ignored")
                continue
            if kind is None:
                kind = feed_kind(self.header)
            yield build_entry(shape.read_record(element), kind)

    def _start(self, root: etree._Element) -> _Format:
        if root.tag == atom.ROOT:
            self.format = FeedFormat.ATOM
            self.header = atom.start_header(root)
            return _ATOM
        if root.tag == rss.ROOT:
            self.format = FeedFormat.RSS
            self.header = rss.start_header(root)
            return _RSS
        raise FeedError(f"not an Atom or RSS feed: the root element is <{root.tag!s}>", line=root.sourceline)

    def feed(self, entries: tuple[Entry, ...]) -> Feed:
        """The Feed of this stream's header and the given entries."""
        header = self.header
        warnings = list(self.warnings)
        assert self.format is not None
        return Feed(
            format=self.format,
            kind=feed_kind(header),
            title=header.title,
            subtitle=header.subtitle,
            id=header.id if header.id is not None else header.self_link,
            link=header.link,
            updated=parse_date(header.updated, warnings, "feed updated"),
            language=header.language,
            generator=header.generator,
            entries=entries,
            warnings=tuple(warnings),
        )


def _fetched(source: FeedSource, max_bytes: int) -> FeedSource:
    """The bytes at ``source`` when it is an http(s) URL (downloaded with the command line's limits: see
    :mod:`wikifeedkit.fetch`), else ``source`` itself. Nothing else is ever fetched."""
    if not isinstance(source, str):
        return source
    from .. import fetch  # (imported late: fetch imports the package's version)

    url = web_url(source) if not source.lstrip().startswith("<") else None
    if url is None:
        return source
    try:
        return fetch.read_input(url, max_bytes=min(max_bytes, fetch.DEFAULT_MAX_BYTES))
    except fetch.InputError as error:
        raise FeedError(str(error)) from error


def read_feed(source: FeedSource, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Feed:
    """Read a MediaWiki Atom or RSS feed (format detected) into a :class:`Feed`.

    ``source`` is a path, an http(s) URL, bytes, a str of XML, or a binary file object. Raises
    :class:`FeedError` for anything that is not a readable feed (or a URL that could not be fetched); problems
    inside an entry are warnings on that entry.
    """
    stream = FeedStream(_fetched(source, max_bytes), max_bytes=max_bytes)
    entries = tuple(stream)
    return stream.feed(entries)


def iter_entries(source: FeedSource, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Entry]:
    """Yield a feed's entries one by one, in document order, keeping memory flat for long feeds (a URL is
    downloaded whole first, when iteration starts)."""
    yield from FeedStream(_fetched(source, max_bytes), max_bytes=max_bytes)
