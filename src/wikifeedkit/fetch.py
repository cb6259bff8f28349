"""Reading an input from a path, standard input, or an http(s) URL (with a timeout and a size limit)."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from . import __version__
from .errors import WikifeedkitError

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


class InputError(WikifeedkitError):
    """An input could not be read: a missing file, a URL that failed, too large."""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_input(
    location: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The bytes at ``location``: a path, ``-`` for standard input, or an http(s) URL."""
    if location == "-":
        return _bounded(sys.stdin.buffer, max_bytes, "standard input")
    if is_url(location):
        request = urllib.request.Request(location, headers={"User-Agent": f"wikifeedkit/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return _bounded(response, max_bytes, location)
        except urllib.error.HTTPError as error:
            raise InputError(f"{location}: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise InputError(f"{location}: {reason}") from error
    path = Path(location)
    try:
        with path.open("rb") as stream:
            return _bounded(stream, max_bytes, location)
    except OSError as error:
        raise InputError(f"cannot read {location}: {error.strerror or error}") from error


def _bounded(stream: object, max_bytes: int, name: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    read = getattr(stream, "read")  # noqa: B009 (file objects and HTTP responses alike)
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{name} is larger than the limit of {max_bytes} bytes")
        chunks.append(chunk)
