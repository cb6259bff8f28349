"""Reading an input from a path, standard input, or an http(s) URL.

A download follows http(s) redirects only (a redirect to ``ftp:``, ``file:`` or any other scheme is refused),
waits at most ``timeout`` seconds for any one step, and ends after ``deadline`` seconds in all however the
server drips its bytes: a watchdog shuts the connection at the deadline, so no read outlives it.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urljoin

from . import __version__
from .errors import WikifeedkitError
from .urls import web_url

DEFAULT_TIMEOUT = 30.0
"""The longest wait, in seconds, for a connection or for any one read."""
DEFAULT_DEADLINE = 60.0
"""The longest time, in seconds, a whole download may take (redirects included)."""
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_READ_SIZE = 64 * 1024
_OTHER_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class InputError(WikifeedkitError):
    """An input could not be read: a missing file, a URL that failed, too large, too slow."""


def is_url(location: str) -> bool:
    """Whether ``location`` is an http(s) URL (anything else is a path or ``-``)."""
    return web_url(location) is not None


def read_input(
    location: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The bytes at ``location``: a path, ``-`` for standard input, or an http(s) URL.

    A download gives up after ``deadline`` seconds in all, or ``timeout`` seconds without progress.
    """
    if location == "-":
        return _bounded(sys.stdin.buffer, max_bytes, "standard input")
    url = web_url(location)
    if url is not None:
        return _download(url, timeout=timeout, deadline=deadline, max_bytes=max_bytes)
    if _OTHER_SCHEME.match(location):
        raise InputError(f"{location}: only http and https URLs can be read")
    try:
        with Path(location).open("rb") as stream:
            return _bounded(stream, max_bytes, location)
    except OSError as error:
        raise InputError(f"cannot read {location}: {error.strerror or error}") from error


def _bounded(stream: IO[bytes], max_bytes: int, name: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{name} is larger than the limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _Deadline:
    """The end of one download: the connections it opened are shut down when the time is up."""

    def __init__(self, seconds: float, timeout: float) -> None:
        self.seconds = seconds
        self._timeout = timeout
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._timer.cancel()
        with self._lock:
            for duplicate in self._sockets:
                duplicate.close()
            self._sockets = []

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self._end

    def timeout(self) -> float:
        """The socket timeout for a new connection: the per-step timeout, or less when time is short."""
        return max(0.001, min(self._timeout, self._end - time.monotonic()))

    def watch(self, connection: socket.socket) -> None:
        """Shut ``connection`` down at the deadline (through a duplicate we own, closed when we end)."""
        with self._lock:
            if self.expired:
                raise TimeoutError("the deadline passed while connecting")
            self._sockets.append(connection.dup())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for duplicate in self._sockets:
                with contextlib.suppress(OSError):
                    duplicate.shutdown(socket.SHUT_RDWR)


class _Watched(http.client.HTTPConnection):
    """An HTTP connection whose socket a deadline watches from the moment it is connected."""

    deadline: _Deadline | None = None

    def connect(self) -> None:
        super().connect()
        if self.deadline is not None and self.sock is not None:
            self.deadline.watch(self.sock)


class _WatchedTLS(http.client.HTTPSConnection, _Watched):
    """The HTTPS one: watched before the TLS handshake (HTTPSConnection.connect calls _Watched.connect)."""


class _Connections:
    """Makes the connections of one download, each with the deadline's timeout and watched by it."""

    def __init__(self, kind: type[_Watched], deadline: _Deadline) -> None:
        self._kind = kind
        self._deadline = deadline

    def __call__(self, host: str, /, **options: Any) -> http.client.HTTPConnection:
        options["timeout"] = self._deadline.timeout()
        connection = self._kind(host, **options)
        connection.deadline = self._deadline
        return connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._connections = _Connections(_Watched, deadline)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connections, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._connections = _Connections(_WatchedTLS, deadline)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connections, req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an http(s) URL."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        target = headers.get("location") or headers.get("uri")
        if target is not None and web_url(urljoin(req.full_url, target.strip())) is None:
            fp.close()
            raise InputError(
                f"{req.full_url}: the server redirects to {target[:200]}, which is not an http(s) URL; "
                "refused"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener for http(s) only: no file, ftp or data handler to reach by any path."""
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTP(deadline),
        _HTTPS(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ]
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def _download(url: str, *, timeout: float, deadline: float, max_bytes: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": f"wikifeedkit/{__version__}"})
    with _Deadline(deadline, timeout) as limit:
        try:
            with _opener(limit).open(request) as response:
                return _read_response(response, limit, max_bytes, url)
        except urllib.error.HTTPError as error:
            raise InputError(f"{url}: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            if limit.passed():
                raise _too_slow(url, limit) from error
            reason = getattr(error, "reason", None) or error
            raise InputError(f"{url}: {reason}") from error


def _read_response(response: http.client.HTTPResponse, limit: _Deadline, max_bytes: int, url: str) -> bytes:
    """The body, read in small steps so that the deadline is checked between reads."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_READ_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url} is larger than the limit of {max_bytes} bytes")
        chunks.append(chunk)
        if limit.passed():
            raise _too_slow(url, limit)
    if limit.expired:  # the watchdog shut the connection: what was read is cut short
        raise _too_slow(url, limit)
    return b"".join(chunks)


def _too_slow(url: str, limit: _Deadline) -> InputError:
    return InputError(f"{url}: the download took longer than the limit of {limit.seconds:g} s; stopped")
