"""Dumps: the pages of a MediaWiki XML export, each with its revisions, and the index of a multistream dump.

All classes are frozen dataclasses with slots: compare by value, never change, pickle as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..wikitext.templates import TemplateRegistry
    from .article import Article

WIKITEXT_MODEL = "wikitext"


@dataclass(frozen=True, slots=True)
class Contributor:
    """Who saved a revision: a user (``name`` and ``id``) or, ``anonymous``, an IP address (``name``).

    Users imported from another wiki keep their ``prefix>Name`` and have ``id`` 0, as MediaWiki writes them.
    """

    name: str
    id: int | None = None
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Revision:
    """One revision of a page as the dump holds it.

    ``text`` is the main slot's wikitext; it is None where the text is hidden (``text_deleted``), or not in
    the dump (a stub dump; a warning says so). ``contributor`` and ``comment`` are None where they are hidden
    (``contributor_deleted``, ``comment_deleted``); ``comment`` is also None where the edit has no summary.
    ``sha1`` is MediaWiki's base-36 SHA-1 of the text as written; a text that does not match it is kept and
    named in ``warnings`` (or refused, with ``strict=True``). ``length`` is the text's size in bytes as
    MediaWiki counts it.
    """

    id: int
    timestamp: datetime
    parent_id: int | None = None
    contributor: Contributor | None = None
    comment: str | None = None
    minor: bool = False
    model: str | None = None
    format: str | None = None
    sha1: str | None = None
    length: int | None = None
    text: str | None = None
    text_deleted: bool = False
    comment_deleted: bool = False
    contributor_deleted: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a dump: its title (with its namespace's prefix), namespace number, id, the target of a
    redirect, and its revisions, oldest first (one in a current-only dump)."""

    title: str
    namespace: int
    id: int
    revisions: tuple[Revision, ...] = ()
    redirect: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def latest(self) -> Revision | None:
        """The newest revision, or None for a page without any in the dump."""
        return self.revisions[-1] if self.revisions else None

    def article(self, *, templates: TemplateRegistry | None = None, tree: bool = True) -> Article | None:
        """The latest revision's text parsed (:func:`wikifeedkit.parse_article`), titled with the page.

        None where that text is hidden or missing, or is not wikitext (CSS, JavaScript, Lua, JSON pages).
        A method, not a property: each call parses again, with the options given.
        """
        latest = self.latest
        if latest is None or latest.text is None or latest.model not in (None, WIKITEXT_MODEL):
            return None
        from ..wikitext import parse_article

        return parse_article(latest.text, title=self.title, templates=templates, tree=tree)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One line of a multistream dump's index: the byte offset of the bz2 stream that holds the page."""

    offset: int
    page_id: int
    title: str
