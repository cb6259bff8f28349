"""Elements of a MediaWiki export into :class:`Revision` and :class:`Page` (schemas 0.10 and 0.11).

A revision holds ``id``, ``parentid``, ``timestamp``, ``contributor`` (``username`` and ``id``, or ``ip``),
``minor``, ``comment``, ``origin``, ``model``, ``format``, ``text`` (with ``bytes`` and, in 0.11, the slot's
``sha1``), non-main slots in ``content`` (0.11, not read) and the revision's ``sha1``. Hidden parts carry
``deleted="deleted"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from lxml import etree

from ..errors import DumpChecksumError, DumpError
from ..model import Contributor, Page, Revision
from .sha1 import base36_sha1

_DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Tags:
    """The qualified tag names of one export namespace (``{http://www.mediawiki.org/xml/export-0.11/}``)."""

    page: str
    revision: str
    title: str
    ns: str
    id: str
    redirect: str
    parentid: str
    timestamp: str
    contributor: str
    username: str
    ip: str
    minor: str
    comment: str
    model: str
    format: str
    text: str
    sha1: str
    siteinfo: str

    @classmethod
    def of(cls, namespace: str) -> Tags:
        prefix = f"{{{namespace}}}" if namespace else ""
        return cls(**{field: prefix + field for field in cls.__slots__})


def _int(element: etree._Element, what: str) -> int:
    try:
        return int((element.text or "").strip())
    except ValueError:
        raise DumpError(f"{what} is not a number: {element.text!r}", line=element.sourceline) from None


def _contributor(element: etree._Element, tags: Tags) -> Contributor | None:
    name: str | None = None
    user_id: int | None = None
    anonymous = False
    for child in element:
        if child.tag == tags.username:
            name = child.text or ""
        elif child.tag == tags.id:
            user_id = _int(child, "a contributor's <id>")
        elif child.tag == tags.ip:
            name, anonymous = child.text or "", True
    if name is None:
        return None
    return Contributor(name=name, id=user_id, anonymous=anonymous)


def _timestamp(element: etree._Element) -> datetime:
    text = (element.text or "").strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise DumpError(f"a <timestamp> that is not a date: {text!r}", line=element.sourceline) from None


def build_revision(element: etree._Element, tags: Tags, *, strict: bool) -> Revision:
    """The revision of a ``<revision>`` element; checks its text against its SHA-1."""
    fields: dict[str, object] = {}
    warnings: list[str] = []
    revision_id: int | None = None
    timestamp: datetime | None = None
    text_element: etree._Element | None = None
    revision_sha1: str | None = None
    for child in element:
        tag = child.tag
        if tag == tags.text:
            text_element = child
        elif tag == tags.id:
            revision_id = _int(child, "a revision's <id>")
        elif tag == tags.timestamp:
            timestamp = _timestamp(child)
        elif tag == tags.parentid:
            fields["parent_id"] = _int(child, "a revision's <parentid>")
        elif tag == tags.contributor:
            if child.get(_DELETED) == _DELETED:
                fields["contributor_deleted"] = True
            else:
                fields["contributor"] = _contributor(child, tags)
        elif tag == tags.comment:
            if child.get(_DELETED) == _DELETED:
                fields["comment_deleted"] = True
            else:
                fields["comment"] = child.text or ""
        elif tag == tags.minor:
            fields["minor"] = True
        elif tag == tags.model:
            fields["model"] = child.text
        elif tag == tags.format:
            fields["format"] = child.text
        elif tag == tags.sha1:
            revision_sha1 = (child.text or "").strip() or None
    if revision_id is None or timestamp is None:
        missing = "<id>" if revision_id is None else "<timestamp>"
        raise DumpError(f"a <revision> without its {missing}", line=element.sourceline)
    sha1 = revision_sha1
    if text_element is not None:
        sha1 = (text_element.get("sha1") or "").strip() or revision_sha1
        fields.update(_text(text_element, revision_id, sha1, warnings, strict=strict))
    else:
        warnings.append(f"revision {revision_id}: no <text> in the dump")
    return Revision(
        id=revision_id,
        timestamp=timestamp,
        sha1=sha1,
        warnings=tuple(warnings),
        **fields,  # type: ignore[arg-type]
    )


def _text(
    element: etree._Element, revision_id: int, sha1: str | None, warnings: list[str], *, strict: bool
) -> dict[str, object]:
    """The text fields of a revision from its ``<text>``: the text, its length, whether it is hidden."""
    fields: dict[str, object] = {}
    length = element.get("bytes")
    if length and length.strip().isdigit():
        fields["length"] = int(length)
    if element.get(_DELETED) == _DELETED:
        fields["text_deleted"] = True
        return fields
    text = element.text or ""
    if not text and (
        element.get("id") is not None or element.get("location") is not None or fields.get("length")
    ):
        warnings.append(
            f"revision {revision_id}: the text is not in the dump (a stub dump, or it failed to load)"
        )
        return fields
    fields["text"] = text
    if sha1 is None:
        warnings.append(f"revision {revision_id}: no sha1 to check the text against")
        return fields
    actual = base36_sha1(text)
    if actual != sha1:
        message = f"revision {revision_id}: the text does not match its sha1 {sha1} (it hashes to {actual})"
        if strict:
            raise DumpChecksumError(message, line=element.sourceline)
        warnings.append(message)
    return fields


def build_page(element: etree._Element, revisions: list[Revision], tags: Tags, warnings: list[str]) -> Page:
    """The page of a ``<page>`` element, whose revisions were read (and dropped) as they ended."""
    title: str | None = None
    namespace = 0
    page_id: int | None = None
    redirect: str | None = None
    for child in element:
        tag = child.tag
        if tag == tags.title:
            title = child.text or ""
        elif tag == tags.ns:
            namespace = _int(child, "a page's <ns>")
        elif tag == tags.id:
            page_id = _int(child, "a page's <id>")
        elif tag == tags.redirect:
            redirect = child.get("title") or ""
    if title is None or page_id is None:
        missing = "<title>" if title is None else "<id>"
        raise DumpError(f"a <page> without its {missing}", line=element.sourceline)
    if any(later.timestamp < earlier.timestamp for earlier, later in pairwise(revisions)):
        revisions = sorted(revisions, key=lambda revision: (revision.timestamp, revision.id))
    return Page(
        title=title,
        namespace=namespace,
        id=page_id,
        revisions=tuple(revisions),
        redirect=redirect,
        warnings=tuple(warnings),
    )
