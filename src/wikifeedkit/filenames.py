"""Page titles as file names: one reversible encoding, safe on Linux, macOS and Windows, for files and links.

``file_name`` writes a space as ``_`` and percent-encodes (UTF-8, upper-case hex) exactly what a file name
cannot hold or would change: ``/ \\ : * ? " < > |``, controls (C0, DEL, C1), bidi embeddings, overrides and
isolates, and the encoding's own characters ``%``, ``_`` and ``~``; a leading and a trailing ``.``; and the
first letter of a Windows device name (``CON``, ``NUL``, ``COM1``…, with or without an extension). So two
titles never share a name, and :func:`title_of` gives the title back. Only a name longer than a file system
takes (over 240 UTF-8 bytes) is cut and ends in ``~`` and a hash of the whole title; ``~`` followed by a
number is what the command line adds when a case-insensitive file system sees two names as one.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote

from .errors import WikifeedkitError

MAX_NAME_BYTES = 240
"""The longest name :func:`file_name` gives, in UTF-8 bytes: room for ``~N`` and an extension within 255."""

_UNSAFE = re.compile('[ /\\\\:*?"<>|%_~\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"}
)
_HASH_LENGTH = 12


def _percent(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


def _encode_character(match: re.Match[str]) -> str:
    character = match.group()
    return "_" if character == " " else _percent(character)


def file_name(title: str) -> str:
    """The file name (without extension) of a page title; :func:`title_of` reverses it."""
    if not title:
        raise WikifeedkitError("a page without a title has no file name")
    name = _UNSAFE.sub(_encode_character, title)
    if name.startswith("."):
        name = "%2E" + name[1:]
    if name.endswith("."):
        name = name[:-1] + "%2E"
    if name.split(".", 1)[0].upper() in _DEVICES:
        name = _percent(name[0]) + name[1:]
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = _shortened(name, title)
    return name


def _shortened(name: str, title: str) -> str:
    """A name cut to fit, ending in ``~`` and a hash of the title (no escape or character cut in two)."""
    room = MAX_NAME_BYTES - 1 - _HASH_LENGTH
    cut = name.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    escape = cut.rfind("%", len(cut) - 2)
    if escape >= 0:
        cut = cut[:escape]
    return f"{cut}~{hashlib.sha1(title.encode('utf-8')).hexdigest()[:_HASH_LENGTH]}"


def title_of(name: str) -> str:
    """The title a :func:`file_name` stands for (for a shortened name, the part that was kept)."""
    return unquote(name.split("~", 1)[0].replace("_", " "), errors="strict")


def relative_url(title: str, extension: str = ".md") -> str:
    """The relative link to the file of ``title`` beside the linking one: the file name, percent-encoded."""
    return quote(file_name(title) + extension, safe="()',!")
