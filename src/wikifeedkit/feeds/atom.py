"""Atom 1.0 (RFC 4287): the element shapes MediaWiki's ``AtomFeed`` writes, read leniently."""

from __future__ import annotations

import html

from lxml import etree

from .raw import RawEntry, RawHeader

NS = "{http://www.w3.org/2005/Atom}"
ROOT = NS + "feed"
ENTRY = NS + "entry"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_HEADER_TEXT = {
    NS + "id": "id",
    NS + "title": "title",
    NS + "subtitle": "subtitle",
    NS + "updated": "updated",
    NS + "generator": "generator",
}


def is_entry(tag: object) -> bool:
    return tag == ENTRY


def start_header(root: etree._Element) -> RawHeader:
    return RawHeader(language=root.get(XML_LANG))


def read_header_field(element: etree._Element, header: RawHeader) -> None:
    """Store one finished child of ``<feed>`` in ``header``."""
    name = _HEADER_TEXT.get(str(element.tag))
    if name is not None:
        setattr(header, name, _text(element))
    elif element.tag == NS + "link":
        rel = element.get("rel", "alternate")
        if rel == "alternate" and header.link is None:
            header.link = element.get("href")
        elif rel == "self":
            header.self_link = element.get("href")


def read_entry(element: etree._Element) -> RawEntry:
    """An ``<entry>`` as a RawEntry."""
    raw = RawEntry(line=element.sourceline)
    for child in element:
        tag = child.tag
        if tag == NS + "title":
            raw.title = _text(child)
        elif tag == NS + "id":
            raw.id = _text(child)
        elif tag == NS + "link":
            if child.get("rel", "alternate") == "alternate" and raw.link is None:
                raw.link = child.get("href")
        elif tag == NS + "updated" or (tag == NS + "published" and raw.updated is None):
            raw.updated = _text(child)
        elif tag == NS + "author":
            raw.author = _text(child.find(NS + "name")) or None
        elif tag == NS + "summary" or (tag == NS + "content" and raw.summary_html is None):
            raw.summary_html = _html(child)
    return raw


def _text(element: etree._Element | None) -> str:
    return "" if element is None else (element.text or "")


def _html(element: etree._Element) -> str:
    """The HTML an Atom text construct carries, whatever its ``type``."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        parts = [etree.tostring(child, encoding="unicode", with_tail=True) for child in element]
        return (element.text or "") + "".join(parts)
    if kind == "html":
        return element.text or ""
    return html.escape(element.text or "", quote=False)
