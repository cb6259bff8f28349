"""Markdown text helpers: escaping, URLs, emphasis and block joining, shared by the Markdown writer."""

from __future__ import annotations

import re
from urllib.parse import quote

_ESCAPE = re.compile(r"([\\`*_\[\]<>|$~])")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Plain text made safe in Markdown: specials escaped, no accidental headings or list markers."""
    return _LINE_START.sub(r"\1\\\2", _ESCAPE.sub(r"\\\1", text))


_URI_SAFE = ":/?@!$&'*+,;=%~-._"


def safe_url(url: str) -> str:
    """A URL as a valid URI: characters a URI cannot hold percent-encoded, one ``#`` at most."""
    base, hash_mark, fragment = url.strip().partition("#")
    encoded = quote(base, safe=_URI_SAFE + "[]()")
    return encoded + (hash_mark + quote(fragment, safe=_URI_SAFE) if hash_mark else "")


def slug(anchor: str) -> str:
    """The id GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", anchor.strip().lower()).replace(" ", "-")


def wrap(text: str, mark: str) -> str:
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def strip_markdown(text: str) -> str:
    return re.sub(r"\]\([^)]*\)|[*\\]", "", text).replace("[", "")


def join_blocks(blocks: list[str]) -> str:
    """Blank lines between blocks, none between the items of one list."""
    out: list[str] = []
    for block in blocks:
        if not block.strip():
            continue
        is_item = bool(re.match(r"^\s*(- |1\. |\*\*|> )", block))
        previous_item = bool(out) and bool(re.match(r"^\s*(- |1\. |\*\*|> )", out[-1].split("\n")[-1]))
        if out:
            out.append("\n" if is_item and previous_item else "\n\n")
        out.append(block)
    return "".join(out)
