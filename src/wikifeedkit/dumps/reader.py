"""A MediaWiki XML export into :class:`Page` objects, streaming: one page in memory at a time.

The XML is parsed with the feed reader's hardened settings (no entity expansion, no DTD, no network, libxml2's
limits on one text node and on depth) and a DOCTYPE of any kind is refused: an export never has one. Each
revision is built when it ends and its element dropped; each page likewise, so memory stays flat however
large the dump is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterable, Iterator

from lxml import etree

from ..errors import DumpError, FeedError
from ..feeds.prolog import PrologScanner
from ..model import Page, Revision
from .build import Tags, build_page, build_revision
from .multistream import read_streams
from .opening import DumpSource, open_source, read_chunks

DEFAULT_MAX_PAGE_CHARS = 1 << 30
"""A page whose revisions' texts add up to more characters than this is refused (``max_page_chars``)."""

_EXPORT_NAMESPACE = re.compile(r"http://www\.mediawiki\.org/xml/export-0\.\d+/")
_ROOT = "mediawiki"
_BLANK_BYTES = b" \t\r\n\xef\xbb\xbf"


def iter_pages(
    source: DumpSource,
    *,
    offset: int | None = None,
    streams: int | None = 1,
    strict: bool = False,
    max_bytes: int | None = None,
    max_page_chars: int | None = DEFAULT_MAX_PAGE_CHARS,
) -> Generator[Page, None, None]:
    """Yield the pages of a MediaWiki XML export (schema 0.10, 0.11), in file order, one at a time.

    ``source`` is a path, bytes or a binary file, plain or compressed (bz2, also multistream; gzip; xz: told
    from the first bytes). With ``offset`` (from a multistream index) only the bz2 stream starting there is
    read, or ``streams`` streams from it (None: to the end of the file). ``strict`` raises
    :class:`DumpChecksumError` where a text does not match its SHA-1 (otherwise a warning on the revision).
    ``max_bytes`` bounds the decompressed XML; ``max_page_chars`` one page's text. Anything that is not a
    readable export raises :class:`DumpError`, with the line and column where the parser knows them. Stopping
    early, ``close()`` the generator (or let it go) to close the file and stop the decompressing thread.
    """
    if offset is None:
        if streams != 1:
            raise ValueError("streams= is for reading from an offset of a multistream dump")
        stream, name, owned = open_source(source)
        chunks = read_chunks(stream, name)
        try:
            yield from _Reader(name, strict, max_bytes, max_page_chars).pages(chunks)
        finally:
            chunks.close()  # stops the decompressing thread before the file closes
            if owned:
                stream.close()
        return
    name = str(source) if isinstance(source, str | os.PathLike) else str(getattr(source, "name", "<bytes>"))
    reader = _Reader(f"{name} at offset {offset}", strict, max_bytes, max_page_chars)
    streamed = read_streams(source, offset, streams)
    try:
        yield from reader.pages(streamed, fragment=True)
    finally:
        streamed.close()


class _Reader:
    """One pass over one document: the parser's events into pages."""

    def __init__(self, name: str, strict: bool, max_bytes: int | None, max_page_chars: int | None) -> None:
        self.name = name
        self.strict = strict
        self.max_bytes = max_bytes
        self.max_page_chars = max_page_chars
        self.parser = etree.XMLPullParser(
            events=("end",),
            attribute_defaults=False,
            dtd_validation=False,
            load_dtd=False,
            no_network=True,
            resolve_entities=False,
            huge_tree=False,
            remove_pis=True,
            remove_comments=True,
            recover=False,
        )
        self.prolog = PrologScanner(name)
        self.root: etree._Element | None = None
        self.root_closed = False
        self.tags: Tags | None = None
        self.revisions: list[Revision] = []
        self.page_chars = 0
        self.seen_content = False

    def pages(self, chunks: Iterable[bytes], *, fragment: bool = False) -> Iterator[Page]:
        """Parse ``chunks`` in turn; a ``fragment`` (streams of a multistream dump) gets its root closed."""
        consumed = 0
        for data in chunks:
            consumed += len(data)
            if not self.seen_content and data.strip(_BLANK_BYTES):
                self.seen_content = True
            if self.max_bytes is not None and consumed > self.max_bytes:
                raise DumpError(f"{self.name}: the dump is larger than the limit of {self.max_bytes} bytes")
            self._scan_prolog(data, final=False)
            yield from self._feed(data)
        self._scan_prolog(b"", final=True)
        if fragment and not self.root_closed:
            prefix = f"{self.root.prefix}:" if self.root is not None and self.root.prefix else ""
            yield from self._feed(f"</{prefix}{_ROOT}>".encode())
        try:
            self.parser.close()
        except etree.XMLSyntaxError as error:
            raise self._syntax_error(error) from error
        yield from self._events()
        if self.root is None:
            raise DumpError(f"{self.name}: the dump is empty")

    def _scan_prolog(self, data: bytes, *, final: bool) -> None:
        if self.prolog.done:
            return
        try:
            self.prolog.feed(data, final=final)
        except FeedError as error:
            message = str(error).rsplit(" (line", 1)[0]
            raise DumpError(message, line=error.line, column=error.column) from None

    def _feed(self, data: bytes) -> Iterator[Page]:
        try:
            self.parser.feed(data)
        except etree.XMLSyntaxError as error:
            raise self._syntax_error(error) from error
        yield from self._events()

    def _syntax_error(self, error: etree.XMLSyntaxError) -> DumpError:
        line, column, message = _where(error)
        if not self.seen_content and self.root is None:
            return DumpError(f"{self.name}: the dump is empty")
        if "Premature end" in message or "end of data" in message or "not properly terminated" in message:
            return DumpError(
                f"{self.name}: the dump ends too early (truncated): {message}", line=line, column=column
            )
        return DumpError(f"{self.name}: malformed XML: {message}", line=line, column=column)

    def _events(self) -> Iterator[Page]:
        for _, element in self.parser.read_events():
            if self.root is None:
                self._start(element.getroottree().getroot())
            tags = self.tags
            assert tags is not None
            tag = element.tag
            if tag == tags.revision:
                self._end_revision(element, tags)
            elif tag == tags.page:
                yield self._end_page(element, tags)
            elif element is self.root:
                self.root_closed = True
            elif tag == tags.siteinfo or element.getparent() is self.root:
                element.clear(keep_tail=False)

    def _start(self, root: etree._Element) -> None:
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise DumpError(
                f"{self.name}: the dump has a DOCTYPE, which is refused (an export has none; its "
                "declarations could expand entities or change attribute values)",
                line=root.sourceline,
            )
        qname = etree.QName(root)
        if qname.localname != _ROOT or not _EXPORT_NAMESPACE.fullmatch(qname.namespace or ""):
            raise DumpError(
                f"{self.name}: not a MediaWiki XML export: the root element is <{root.tag!s}>",
                line=root.sourceline,
            )
        self.root = root
        self.tags = Tags.of(qname.namespace or "")

    def _end_revision(self, element: etree._Element, tags: Tags) -> None:
        revision = build_revision(element, tags, strict=self.strict)
        self.revisions.append(revision)
        if revision.text is not None and self.max_page_chars is not None:
            self.page_chars += len(revision.text)
            if self.page_chars > self.max_page_chars:
                raise DumpError(
                    f"{self.name}: a page's texts are longer than the limit of {self.max_page_chars} "
                    "characters (max_page_chars)",
                    line=element.sourceline,
                )
        element.clear(keep_tail=False)
        _drop_earlier(element, tags.revision)

    def _end_page(self, element: etree._Element, tags: Tags) -> Page:
        revisions, self.revisions, self.page_chars = self.revisions, [], 0
        page = build_page(element, revisions, tags, [])
        element.clear(keep_tail=False)
        _drop_earlier(element)
        return page


def _drop_earlier(element: etree._Element, tag: str | None = None) -> None:
    """Remove the siblings before ``element`` (those with ``tag`` only, if given): all of them were read.

    (Later siblings may be parsed already, not yet read: they stay.)
    """
    parent = element.getparent()
    if parent is None:
        return
    earlier = element.getprevious()
    while earlier is not None:
        before = earlier.getprevious()
        if tag is None or earlier.tag == tag:
            parent.remove(earlier)
        earlier = before


def _where(error: etree.XMLSyntaxError) -> tuple[int | None, int | None, str]:
    """Line, column and message of the first real error (the parser's own message can be a bare summary)."""
    for entry in reversed(error.error_log):
        if entry.level >= etree.ErrorLevels.ERROR:
            return entry.line, entry.column, entry.message.strip()
    line, column = error.position if error.position else (None, None)
    return line or None, column, error.msg or str(error)
