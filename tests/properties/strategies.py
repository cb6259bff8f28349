"""Hypothesis strategies that stress every layer: any Unicode, markup characters, whitespace runs."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that break naive decoders: HTML/XML specials, wiki markup, LaTeX specials, whitespace, NBSP.
_NASTY = [*"&<>\"'|={}[]%$#_~^\\\t ", "\u00a0", "\u200e", "\u0301", "\U0001d11e", "\u05d0", "  "]

_XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),  # surrogates cannot be encoded
    exclude_characters="\r\x0b\x0c\ufffe\uffff" + "".join(chr(c) for c in range(0x20) if c not in (9, 10)),
)


def xml_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text that XML 1.0 can carry: any Unicode but C0 controls other than tab and newline, and CR.

    MediaWiki stores text with LF line ends and no control characters, so this is every text it can serve.
    """
    piece = st.one_of(_XML_CHARS, st.sampled_from(_NASTY), st.just("\n"))
    return st.lists(piece, max_size=max_size).map("".join)


def wiki_line(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """One line of text (no line break), rich in spaces and no-break spaces."""
    piece = st.one_of(
        _XML_CHARS.filter(lambda c: c != "\n"), st.sampled_from([" ", "  ", "\u00a0", "a", "é"])
    )
    return st.lists(piece, max_size=max_size).map("".join)
