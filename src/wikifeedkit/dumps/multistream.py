"""Multistream bz2 dumps: the index of streams, and reading some streams alone from their offset.

Wikimedia writes ``*-multistream.xml.bz2`` as bz2 streams one after another: the first holds the
``<mediawiki>`` start tag and ``<siteinfo>``, each next one 100 ``<page>`` elements, the last the end tag.
The index (``*-multistream-index.txt.bz2``) has one ``offset:page_id:title`` line per page, ``offset`` being
where the page's stream starts in the compressed file. A stream read alone is not a document: it is read as
the first stream (for the root element and its namespace) followed by the chosen streams, and the root
closed after them.
"""

from __future__ import annotations

import html
from collections.abc import Generator, Iterator
from typing import IO

from ..errors import DumpError
from ..model import IndexEntry
from .opening import DumpSource, bz2_streams, open_source, read_chunks


def iter_index(source: DumpSource) -> Iterator[IndexEntry]:
    """The entries of a multistream dump's index (plain text or compressed), in file order.

    Titles are written XML-escaped (``AT&amp;T``) and read back as the page's title (``AT&T``): MediaWiki
    refuses titles that hold character references, so unescaping cannot change a real title.
    """
    stream, name, owned = open_source(source)
    chunks = read_chunks(stream, name)
    try:
        pending = b""
        line_number = 0
        for data in chunks:
            lines = (pending + data).split(b"\n")
            pending = lines.pop()
            for line in lines:
                line_number += 1
                if line.strip():
                    yield _entry(line, name, line_number)
        if pending.strip():
            yield _entry(pending, name, line_number + 1)
    finally:
        chunks.close()
        if owned:
            stream.close()


def _entry(line: bytes, name: str, line_number: int) -> IndexEntry:
    offset, _, rest = line.rstrip(b"\r").partition(b":")
    page_id, _, title = rest.partition(b":")
    try:
        return IndexEntry(int(offset), int(page_id), html.unescape(title.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as error:
        raise DumpError(
            f"{name}: not an index line (offset:page_id:title): {line[:80]!r}", line=line_number
        ) from error


def stream_offsets(source: DumpSource) -> tuple[int, ...]:
    """The distinct stream offsets of a multistream index, ascending: where each stream of pages starts."""
    return tuple(sorted({entry.offset for entry in iter_index(source)}))


def read_streams(source: DumpSource, offset: int, streams: int | None) -> Generator[bytes, None, None]:
    """The decompressed bytes of the first stream, then of ``streams`` streams from ``offset`` (all the
    rest for None). The source must be seekable; the first stream must hold no page (Wikimedia's layout)."""
    if offset < 0 or (streams is not None and streams < 1):
        raise ValueError(f"a stream offset is >= 0 and a number of streams >= 1, not {offset} and {streams}")
    stream, name, owned = open_source(source)
    try:
        if not stream.seekable():
            raise DumpError(f"{name}: reading from an offset needs a seekable file")
        stream.seek(0)
        if offset > 0:
            header = b"".join(_decompress(stream, name, 0, 1))
            if b"<page>" in header or b"<page " in header:
                raise DumpError(
                    f"{name}: not a multistream dump: its first bz2 stream already holds pages, so a stream "
                    "cannot be read alone"
                )
            yield header
        yield from _decompress(stream, name, offset, streams)
    finally:
        if owned:
            stream.close()


def _decompress(stream: IO[bytes], name: str, offset: int, streams: int | None) -> Iterator[bytes]:
    """Decompressed bytes of ``streams`` bz2 streams from ``offset`` (to the end for None), in chunks."""
    stream.seek(offset)
    if stream.read(3) != b"BZh":
        raise DumpError(f"{name}: no bz2 stream starts at offset {offset}")
    stream.seek(offset)
    yield from bz2_streams(stream, name, streams, f"the bz2 stream at offset {offset}")
