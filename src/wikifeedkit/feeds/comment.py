"""Edit summaries: the comment paragraph of an entry, back to the text the editor typed."""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from .summary import SummaryShape

_AUTOCOMMENT = re.compile(r"/\*\s*(.*?)\s*\*/")
_SEPARATOR = re.compile(r"[\s\u00a0]*[:\uff1a][\s\u00a0]?")
# User names cannot hold a colon ($wgInvalidUsernameCharacters), so the first one ends the name.
_ANY_AUTHOR = re.compile(r"[^:\uff1a]*?[\s\u00a0]*[:\uff1a][\s\u00a0]?")
_MARKS = "\u2192\u2190\u200e\u200f"  # the arrow and direction marks MediaWiki puts before a section link
_PREFIXED_SECTION = re.compile(r"(?<=\S) - (?=/\* )")
_PARSER = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def section_of(comment: str | None) -> str | None:
    """The section an ``/* autocomment */`` names, or None."""
    if not comment:
        return None
    match = _AUTOCOMMENT.search(comment)
    return match.group(1) if match and match.group(1) else None


def comment_text(comment_html: str | None, shape: SummaryShape, author: str | None) -> str | None:
    """The edit summary as the editor typed it (links reduced to their labels)."""
    if comment_html is None:
        return None
    if shape is SummaryShape.CONTRIBUTIONS:
        # "Author: comment"; in new-pages feeds the author is the latest editor, not the entry's.
        text = html.unescape(comment_html)
        prefix = _SEPARATOR.match(text, len(author)) if author and text.startswith(author) else None
        if prefix is None:
            prefix = _ANY_AUTHOR.match(text)
        return text[prefix.end() :] if prefix is not None else text
    if "<" not in comment_html:
        return html.unescape(comment_html).strip()
    fragment = lxml_html.fragment_fromstring(comment_html, create_parent="p", parser=_PARSER)
    # MediaWiki puts its autocomment-prefix ("- ") before a section named mid-comment.
    return _PREFIXED_SECTION.sub(" ", "".join(_pieces(fragment))).strip()


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
