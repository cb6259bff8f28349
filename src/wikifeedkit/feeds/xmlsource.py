"""Hardened, streaming XML parsing: no entity expansion, no DTD or network access, bounded size."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TypeAlias

from lxml import etree

from ..errors import FeedError
from .prolog import PrologScanner

FeedSource: TypeAlias = "str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes]"
"""A path, the document as bytes or as a str of XML, or a binary file object."""

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Documents larger than this are refused (a feed of 500 whole articles is a few tens of MB)."""

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHUNK = 64 * 1024
_BLANK_BYTES = b" \t\r\n\xef\xbb\xbf"


class _BoundedReader(io.RawIOBase):
    """Reads a binary stream, refuses to go past ``limit`` bytes, and checks the prolog as it goes by."""

    def __init__(self, stream: IO[bytes], limit: int, name: str) -> None:
        self._stream = stream
        self._limit = limit
        self._prolog = PrologScanner(name)
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
        self._prolog.feed(data, final=not data)
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
    """Refuse documents that declare entities, point at an external DTD (entity expansion, XXE) or have an
    internal DTD subset (attribute defaults), before any element is handed on.

    :class:`PrologScanner` refuses subsets as their bytes arrive; this catches those it cannot see (a declared
    encoding such as UTF-7 that spells the brackets differently).
    """
    tree = root.getroottree()
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is None:
        return
    line = root.sourceline
    if any(True for _ in dtd.iterentities()):
        raise FeedError(
            f"{name}: the document declares XML entities, which are refused (entity expansion)", line=line
        )
    if docinfo.system_url or docinfo.public_id:
        raise FeedError(
            f"{name}: the document points at an external DTD, which is refused (external entities)", line=line
        )
    # libxml2 writes "<!DOCTYPE name [" on the first line when the subset declares anything.
    if etree.tostring(tree).partition(b"\n")[0].endswith(b"["):
        raise FeedError(
            f"{name}: the document has an internal DTD subset (<!DOCTYPE … [ … ]>), which is refused "
            "(its declarations would change the feed's attribute values)",
            line=line,
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

    ``is_record(tag) -> bool`` names the repeated record elements (entries, items): each is yielded whole when
    it ends. Other elements outside records are yielded when they end. Each is dropped from the tree once the
    caller has it (a record cleared at once, the others in sweeps), so memory stays flat however long the feed
    is and however many other elements it holds: the caller reads what it needs at once.
    """
    stream, name, owned = _open(source)
    bounded = _BoundedReader(stream, max_bytes, name)
    try:
        parser = etree.iterparse(
            bounded,
            events=("start", "end"),
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
        yield from _events(parser, is_record, name)
    except etree.XMLSyntaxError as error:
        line, column, message = _where(error)
        if not bounded.seen_content:
            raise FeedError(f"{name}: the document is empty") from error
        raise FeedError(f"{name}: malformed XML: {message}", line=line, column=column) from error
    finally:
        if owned:
            stream.close()


_SWEEP_EVERY = 1024
"""Read elements are dropped from the tree in sweeps, one per this many (and one per record)."""


def _events(
    parser: Iterable[tuple[str, etree._Element]], is_record: Callable[[object], bool], name: str
) -> Iterator[tuple[str, etree._Element]]:
    depth = 0
    record_depth = 0  # the depth of the record being read, 0 outside records
    started = False
    read = 0
    for event, element in parser:
        if event == "start":
            depth += 1
            if record_depth:
                continue
            if not started:
                started = True
                _check_doctype(element, name)
                yield "root", element
            elif is_record(element.tag):
                record_depth = depth
            continue
        depth -= 1
        if record_depth and depth >= record_depth:
            continue  # inside a record: its reader needs it whole
        if record_depth:
            record_depth = 0
            yield "record", element
            element.clear(keep_tail=False)
            _sweep(element)
        elif depth >= 1:
            yield "child", element
            read += 1
            if read % _SWEEP_EVERY == 0:
                _sweep(element)
    if not started:
        raise FeedError(f"{name}: the document is empty")


def _sweep(element: etree._Element) -> None:
    """Drop the earlier siblings of ``element`` and of each of its ancestors: all of them were read.

    (Later siblings may be parsed already, not yet read: they stay.)
    """
    node, parent = element, element.getparent()
    while parent is not None:
        at = parent.index(node)
        if at:
            del parent[:at]
        node, parent = parent, parent.getparent()
