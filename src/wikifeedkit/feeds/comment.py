"""Edit summaries: the comment paragraph of an entry, back to the text the editor typed."""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from .summary import SummaryShape

_NON_SPACE = re.compile(r"\S")
_SEPARATOR = re.compile(r"[\s\u00a0]*[:\uff1a][\s\u00a0]?")
# User names cannot hold a colon ($wgInvalidUsernameCharacters), so the first one ends the name.
_COLON = re.compile(r"[:\uff1a]")
_AFTER_COLON = re.compile(r"[\s\u00a0]?")
_MARKS = "\u2192\u2190\u200e\u200f"  # the arrow and direction marks MediaWiki puts before a section link
_PREFIXED_SECTION = re.compile(r"(?<=\S) - (?=/\* )")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What lxml refuses in a text: C0 controls but tab and line breaks, lone surrogates, non-characters."""
_PARSER = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def section_of(comment: str | None) -> str | None:
    """The section an ``/* autocomment */`` names, or None."""
    if not comment:
        return None
    return _autocomment(comment) or None


def _autocomment(text: str) -> str | None:
    """What ``/\\*\\s*(.*?)\\s*\\*/`` finds first (its text, without newlines inside), in linear time.

    The expression would rescan the rest of the text from every ``/*``; here each ``/*`` takes the first
    ``*/`` after it, and a ``/*`` fails only for a newline between non-blank characters, which the ``/*``
    after it may be past.
    """
    start = text.find("/*")
    end = last = newline = -1
    while start >= 0:
        if end < start + 2:  # a new closing "*/": its inner text's last non-blank and last newline before it
            end = text.find("*/", start + 2)
            if end < 0:
                return None
            inner = text[start + 2 : end].rstrip()
            last = start + 2 + len(inner)
            newline = text.rfind("\n", start + 2, last)
        first = _NON_SPACE.search(text, start + 2, last)
        if first is None:
            return ""
        if first.start() > newline:
            return text[first.start() : last]
        start = text.find("/*", start + 1)
    return None


def comment_text(comment_html: str | None, shape: SummaryShape, author: str | None) -> str | None:
    """The edit summary as the editor typed it (links reduced to their labels)."""
    if comment_html is None:
        return None
    if shape is SummaryShape.CONTRIBUTIONS:
        # "Author: comment"; in new-pages feeds the author is the latest editor, not the entry's.
        text = html.unescape(comment_html)
        prefix = _SEPARATOR.match(text, len(author)) if author and text.startswith(author) else None
        if prefix is None:
            colon = _COLON.search(text)
            prefix = _AFTER_COLON.match(text, colon.end()) if colon is not None else None
        return text[prefix.end() :] if prefix is not None else text
    if "<" not in comment_html:
        return html.unescape(comment_html).strip()
    fragment = _fragment(comment_html)
    if fragment is None:
        fragment = _fragment(_UNSAFE.sub("\ufffd", comment_html.replace("&#", "&amp;#")))
    if fragment is None:
        return html.unescape(comment_html).strip()
    # MediaWiki puts its autocomment-prefix ("- ") before a section named mid-comment.
    return _PREFIXED_SECTION.sub(" ", "".join(_pieces(fragment))).strip()


def _fragment(comment_html: str) -> etree._Element | None:
    """The comment's HTML as a ``<p>``; None where lxml refuses it (a control character, ``&#12;``)."""
    try:
        return lxml_html.fragment_fromstring(comment_html, create_parent="p", parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return None


def _pieces(element: etree._Element) -> list[str]:
    """Text of a formatted comment, with ``<span class="autocomment">`` turned back into ``/* … */``."""
    out = [element.text or ""]
    for child in element:
        if "autocomment" in (child.get("class") or "").split():
            section = "".join(child.itertext()).lstrip(_MARKS).strip()
            if section.endswith(":"):
                section = section[:-1].rstrip()
            out.append(f"/* {section} */")
        else:
            out.extend(_pieces(child))
        out.append(child.tail or "")
    return out
