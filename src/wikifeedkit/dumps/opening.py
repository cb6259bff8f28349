"""A dump's bytes, decompressed as they are read: plain XML, bz2 (also multistream), gzip or xz.

The compression is told from the first bytes (magic numbers), not from the file's name, so a renamed file or
a stream without a name reads as well.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import queue
import threading
import typing
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO, TypeAlias

from ..errors import DumpError

DumpSource: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]"
"""A path, the dump as bytes, or a binary file object (read from where it stands)."""

CHUNK = 1024 * 1024
"""Decompressed bytes handed to the XML parser at a time."""

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"BZh", "bz2"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
)
_LONGEST_MAGIC = max(len(magic) for magic, _ in _MAGIC)


def compression(head: bytes) -> str | None:
    """``"bz2"``, ``"gzip"`` or ``"xz"`` from a file's first bytes; None for anything else (plain XML)."""
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def open_source(source: DumpSource) -> tuple[IO[bytes], str, bool]:
    """The source as a binary stream, a name for messages, and whether we opened it (and must close it)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source)), "<bytes>", True
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.open("rb"), str(path), True
        except OSError as error:
            raise DumpError(f"cannot open {path}: {error.strerror or error}") from error
    if hasattr(source, "read"):
        return source, str(getattr(source, "name", "<stream>")), False
    raise TypeError(f"iter_pages takes a path, bytes or a binary file, not {type(source).__name__}")


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to tell its compression): gives them back first."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_chunks(stream: IO[bytes], name: str) -> Generator[bytes, None, None]:
    """The decompressed bytes of ``stream`` in chunks; a damaged or cut-off compressed file is a DumpError.

    Compression is told from the first bytes; bz2 and xz read every stream of a multistream file in turn,
    gzip every member. A compressed stream is decompressed in a thread of its own, a few chunks ahead: the
    decompressors let go of the GIL, so decompression and parsing overlap on two cores (bz2 in large blocks,
    so that the thread seldom waits for the GIL). Close the iterator before the stream.
    """
    head = stream.read(_LONGEST_MAGIC)
    raw = io.BufferedReader(_Prefixed(head, stream), CHUNK)
    match compression(head):
        case "bz2":
            return prefetched(bz2_streams(raw, name, None))
        case "gzip":
            return prefetched(_chunks(typing.cast(IO[bytes], gzip.GzipFile(fileobj=raw)), name))
        case "xz":
            return prefetched(_chunks(lzma.LZMAFile(raw), name))
        case _:
            return _chunks(raw, name)


def bz2_streams(
    stream: IO[bytes], name: str, streams: int | None, where: str = "the bz2 data"
) -> Generator[bytes, None, None]:
    """Decompressed bytes of ``streams`` bz2 streams from where ``stream`` stands (to its end for None)."""
    decompressor = bz2.BZ2Decompressor()
    done = 0
    data = b""
    while True:
        if decompressor.eof:
            done += 1
            data = decompressor.unused_data
            if streams is not None and done == streams:
                return
            if not data:
                data = stream.read(CHUNK)
            if not data:
                return
            decompressor = bz2.BZ2Decompressor()
        elif decompressor.needs_input:
            data = stream.read(CHUNK)
            if not data:
                raise DumpError(f"{name}: {where} ends too early (truncated)")
        try:
            out = decompressor.decompress(data, CHUNK)
        except OSError as error:
            raise DumpError(f"{name}: {where} is damaged: {error}") from error
        data = b""
        if out:
            yield out


def _chunks(reader: IO[bytes], name: str) -> Generator[bytes, None, None]:
    try:
        while data := reader.read(CHUNK):
            yield data
    except EOFError as error:
        raise DumpError(f"{name}: the compressed file ends too early (truncated): {error}") from error
    except (OSError, lzma.LZMAError) as error:
        raise DumpError(f"{name}: the compressed data is damaged: {error}") from error


_AHEAD = 4
"""Chunks decompressed ahead of the parser at most (memory: this many times CHUNK)."""
_DONE = object()


def prefetched(chunks: Iterator[bytes]) -> Generator[bytes, None, None]:
    """``chunks`` produced by a thread, at most ``_AHEAD`` ahead; its errors are raised here, in order."""
    ahead: queue.Queue[object] = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
        except BaseException as error:  # handed to the reader, which raises it
            put(error)
            return
        put(_DONE)

    thread = threading.Thread(target=produce, name="wikifeedkit-decompress", daemon=True)
    thread.start()
    try:
        while (item := ahead.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item
    finally:
        stop.set()
        thread.join()
