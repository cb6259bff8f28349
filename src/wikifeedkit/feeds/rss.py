"""RSS 2.0: the element shapes MediaWiki's ``RSSFeed`` writes, read leniently."""

from __future__ import annotations

from lxml import etree

from .raw import RawEntry, RawHeader

ROOT = "rss"
ITEM = "item"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"

_HEADER_TEXT = {
    "title": "title",
    "description": "subtitle",
    "language": "language",
    "generator": "generator",
    "lastBuildDate": "updated",
    "link": "link",
}


def is_item(tag: object) -> bool:
    return tag == ITEM


def start_header(root: etree._Element) -> RawHeader:
    del root
    return RawHeader()


def read_header_field(element: etree._Element, header: RawHeader) -> None:
    """Store one finished child of ``<channel>`` in ``header``."""
    name = _HEADER_TEXT.get(str(element.tag))
    if name is not None:
        setattr(header, name, element.text or "")
    elif element.tag == "pubDate" and header.updated is None:
        header.updated = element.text or ""
    elif element.tag == ATOM_LINK and element.get("rel") == "self":
        header.self_link = element.get("href")


def read_item(element: etree._Element) -> RawEntry:
    """An ``<item>`` as a RawEntry."""
    raw = RawEntry(line=element.sourceline)
    guid: str | None = None
    for child in element:
        tag = child.tag
        text = child.text or ""
        if tag == "title":
            raw.title = text
        elif tag == "link":
            raw.link = text.strip()
        elif tag == "guid":
            guid = text.strip()
        elif tag == "pubDate":
            raw.updated = text
        elif tag == DC_CREATOR or (tag == "author" and raw.author is None):
            raw.author = text or None
        elif tag == "description" or (tag == CONTENT_ENCODED and raw.summary_html is None):
            raw.summary_html = text
    raw.id = guid if guid is not None else raw.link
    return raw
