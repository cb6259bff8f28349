"""Hardened, streaming XML parsing: no entity expansion, no DTD or network access, bounded size."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeAlias

from lxml import etree

from ..errors import FeedError

FeedSource: TypeAlias = "str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes]"
"""A path, the document as bytes or as a str of XML, or a binary file object."""

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Documents larger than this are refused (a feed of 500 whole articles is a few tens of MB)."""

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHUNK = 64 * 1024
_BLANK_BYTES = b" \t\r\n\xef\xbb\xbf"


class _BoundedReader(io.RawIOBase):
    """Reads a binary stream and refuses to go past ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.consumed = 0
        self.seen_content = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = _CHUNK if size is None or size < 0 else size
        data = self._stream.read(want)
        self.consumed += len(data)
        if not self.seen_content and data.strip(_BLANK_BYTES):
            self.seen_content = True
        if self.consumed > self._limit:
            raise FeedError(f"the document is larger than the limit of {self._limit} bytes")
        return data


def _open(source: FeedSource) -> tuple[IO[bytes], str, bool]:
    """The source as a binary stream, a name for messages, and whether we opened it (and must close it)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source)), "<bytes>", True
    if isinstance(source, str):
        stripped = source.lstrip("\ufeff \t\r\n")
        if stripped.startswith("<"):
            # The text is already decoded: drop its declaration, whose encoding no longer applies.
            return io.BytesIO(_XML_DECLARATION.sub("", stripped, count=1).encode("utf-8")), "<string>", True
        if not stripped:
            return io.BytesIO(b""), "<string>", True
        source = Path(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            return path.open("rb"), str(path), True
        except OSError as error:
            raise FeedError(f"cannot open {path}: {error.strerror or error}") from error
    if hasattr(source, "read"):
        return source, getattr(source, "name", "<stream>"), False
    raise TypeError(
        f"read_feed takes a path, bytes, a str of XML or a binary file, not {type(source).__name__}"
    )


def _check_doctype(root: etree._Element, name: str) -> None:
    """Refuse documents that declare entities or point at an external DTD (entity expansion, XXE)."""
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FeedError(f"{name}: the document declares XML entities, which are refused (entity expansion)")
    if docinfo.system_url or docinfo.public_id:
        raise FeedError(
            f"{name}: the document points at an external DTD, which is refused (external entities)"
        )


def _where(error: etree.XMLSyntaxError) -> tuple[int | None, int | None, str]:
    """Line, column and message of the first real error (iterparse's own message can be a bare summary)."""
    for entry in reversed(error.error_log):  # the log can hold older parses' errors too: take the newest
        if entry.level >= etree.ErrorLevels.ERROR:
            return entry.line, entry.column, entry.message.strip()
    line, column = error.position if error.position else (None, None)
    return line or None, column, error.msg or str(error)


def iter_elements(
    source: FeedSource, is_record: Callable[[object], bool], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ``("root", root)`` once, then ``("child", element)`` or ``("record", element)`` as each ends.

    ``is_record(tag) -> bool`` names the repeated record elements (entries, items): each is yielded when it
    ends and then cleared, so memory stays flat however long the feed is. Other elements are yielded when
    they end; the caller reads what it needs at once, as earlier siblings of a record are dropped.
    """
    stream, name, owned = _open(source)
    bounded = _BoundedReader(stream, max_bytes)
    try:
        parser = etree.iterparse(
            bounded,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_pis=True,
            remove_comments=True,
            recover=False,
        )
        depth = 0
        started = False
        for event, element in parser:
            if event == "start":
                depth += 1
                if not started:
                    started = True
                    _check_doctype(element, name)
                    yield "root", element
                continue
            depth -= 1
            if is_record(element.tag):
                yield "record", element
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
            elif depth >= 1:
                yield "child", element
        if not started:
            raise FeedError(f"{name}: the document is empty")
    except etree.XMLSyntaxError as error:
        line, column, message = _where(error)
        if not bounded.seen_content:
            raise FeedError(f"{name}: the document is empty") from error
        raise FeedError(f"{name}: malformed XML: {message}", line=line, column=column) from error
    finally:
        if owned:
            stream.close()
