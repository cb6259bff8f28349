"""Articles: what a page's wikitext holds, as typed, immutable values.

Ordered parameters are kept as tuples of ``(name, value)`` pairs so that the objects stay immutable and
comparable; ``fields`` properties give them as ordered dicts. Plain-text views render on demand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from . import tree

if TYPE_CHECKING:
    from ..wikitext.templates import TemplateRegistry

Parameters: TypeAlias = tuple[tuple[str, str], ...]


def _lookup(parameters: Parameters, name: str) -> str | None:
    for key, value in parameters:
        if key == name:
            return value
    return None


@dataclass(frozen=True, slots=True)
class WikiLink:
    """An internal link: ``target`` is the normalised page title, ``text`` what the reader sees."""

    target: str
    text: str
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A link out of the wiki; ``text`` is None for a bare URL."""

    url: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A category the page is in (name without the namespace), with its sort key if one is given."""

    name: str
    sort_key: str | None = None


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """An interlanguage link such as ``[[de:Titel]]``."""

    language: str
    title: str


@dataclass(frozen=True, slots=True)
class Image:
    """A file shown on the page: from an image link, a gallery, or an infobox field (``source``)."""

    file: str
    caption: str = ""
    options: tuple[str, ...] = ()
    source: str = "link"
    caption_wikitext: str = ""


@dataclass(frozen=True, slots=True)
class TemplateCall:
    """A template as written: its normalised ``name`` and its parameters with raw wikitext values.

    Positional parameters are named ``"1"``, ``"2"``, … as MediaWiki names them.
    """

    name: str
    parameters: Parameters = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        """A parameter's raw value, or ``default``."""
        value = _lookup(self.parameters, name)
        return default if value is None else value


@dataclass(frozen=True, slots=True)
class Infobox:
    """An infobox or taxobox: ``template`` is the name as written, ``name`` its kind ("civil conflict")."""

    template: str
    name: str
    parameters: Parameters = ()

    @property
    def fields(self) -> dict[str, str]:
        """Every parameter in order, empty ones included, with raw wikitext values."""
        return dict(self.parameters)

    def text(self, key: str, templates: TemplateRegistry | None = None) -> str | None:
        """A field's value as plain text, or None when the field is absent."""
        from ..wikitext.text import render_text

        value = _lookup(self.parameters, key)
        return None if value is None else render_text(value, templates)

    def links(self, key: str) -> tuple[WikiLink, ...]:
        """The internal links in a field's value."""
        from ..wikitext.links import links_in

        value = _lookup(self.parameters, key)
        return () if value is None else links_in(value)


@dataclass(frozen=True, slots=True)
class Person:
    """An author or editor of a cited work: ``last``/``first`` where given, else ``full`` as written."""

    last: str | None = None
    first: str | None = None
    full: str | None = None
    link: str | None = None

    @property
    def name(self) -> str:
        """The name as a reader writes it: "First Last", or the free-form name."""
        if self.last:
            return f"{self.first} {self.last}" if self.first else self.last
        return self.full or self.first or ""


@dataclass(frozen=True, slots=True)
class Citation:
    """One distinct reference of the article, or a citation template outside any reference.

    ``template`` and ``kind`` are None for a reference without a citation template (a bare URL or plain
    text); ``parameters`` hold every template parameter under its canonical CS1 name, as plain text.
    ``uses`` counts the ``<ref>`` tags that cite it; ``in_reference`` is False for a citation written
    outside any reference (a bibliography or further-reading list). A reference that bundles several
    citation templates is one Citation (the first template) with the others in ``bundled``.
    """

    raw: str
    template: str | None = None
    kind: str | None = None
    parameters: Parameters = ()
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    ref_name: str | None = None
    group: str | None = None
    uses: int = 0
    in_reference: bool = True
    text: str = ""
    bundled: tuple[Citation, ...] = ()
    content: tree.Inlines = ()
    """The reference's own text as the document tree holds it (its note, as a reader sees it)."""

    @property
    def fields(self) -> dict[str, str]:
        """Every parameter under its canonical CS1 name, in the order written."""
        return dict(self.parameters)

    def get(self, name: str) -> str | None:
        """A parameter by canonical CS1 name (``access-date``, ``archive-url``, …), or None."""
        return _lookup(self.parameters, name)

    @property
    def title(self) -> str | None:
        return self.get("title")

    @property
    def url(self) -> str | None:
        return self.get("url")

    @property
    def date(self) -> str | None:
        return self.get("date")

    @property
    def year(self) -> str | None:
        return self.get("year")

    @property
    def work(self) -> str | None:
        """The periodical, website or work (CS1's ``work`` and its aliases)."""
        return self.get("work")

    @property
    def publisher(self) -> str | None:
        return self.get("publisher")

    @property
    def location(self) -> str | None:
        return self.get("location")

    @property
    def access_date(self) -> str | None:
        return self.get("access-date")

    @property
    def archive_url(self) -> str | None:
        return self.get("archive-url")

    @property
    def archive_date(self) -> str | None:
        return self.get("archive-date")

    @property
    def url_status(self) -> str | None:
        return self.get("url-status")

    @property
    def doi(self) -> str | None:
        return self.get("doi")

    @property
    def isbn(self) -> str | None:
        return self.get("isbn")

    @property
    def issn(self) -> str | None:
        return self.get("issn")

    @property
    def pmid(self) -> str | None:
        return self.get("pmid")

    @property
    def pages(self) -> str | None:
        """``pages``, or the single ``page``."""
        return self.get("pages") or self.get("page")

    @property
    def volume(self) -> str | None:
        return self.get("volume")

    @property
    def issue(self) -> str | None:
        return self.get("issue")

    @property
    def language(self) -> str | None:
        return self.get("language")

    @property
    def agency(self) -> str | None:
        return self.get("agency")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and what follows it up to the next heading; deeper headings are its ``children``."""

    title: str
    level: int
    wikitext: str = ""
    children: tuple[Section, ...] = ()
    heading: tree.Inlines = ()
    """The heading as the document tree holds it (with its formatting)."""
    blocks: tree.Blocks = ()
    """The section's own body (its subsections not included) as the document tree holds it."""

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self, templates: TemplateRegistry | None = None) -> str:
        """The section's own body (without its subsections) as plain text."""
        from ..wikitext.text import render_text

        return render_text(self.wikitext, templates)


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell: its plain text, whether it is a header cell, and its spans."""

    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    wikitext: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells, with its caption."""

    rows: tuple[tuple[TableCell, ...], ...]
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list line: ``kind`` is bullet, number, term or definition; ``level`` counts its markers."""

    kind: str
    level: int
    text: str
    wikitext: str = ""


@dataclass(frozen=True, slots=True)
class ListBlock:
    """Consecutive list lines."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """A page's wikitext, parsed. Build it with :func:`wikifeedkit.parse_article`."""

    wikitext: str
    title: str | None = None
    redirect: str | None = None
    lead_wikitext: str = ""
    sections: tuple[Section, ...] = ()
    infoboxes: tuple[Infobox, ...] = ()
    citations: tuple[Citation, ...] = ()
    links: tuple[WikiLink, ...] = ()
    external_links: tuple[ExternalLink, ...] = ()
    categories: tuple[Category, ...] = ()
    images: tuple[Image, ...] = ()
    tables: tuple[Table, ...] = ()
    lists: tuple[ListBlock, ...] = ()
    templates: tuple[TemplateCall, ...] = ()
    language_links: tuple[LanguageLink, ...] = ()
    warnings: tuple[str, ...] = ()
    lead_blocks: tree.Blocks | None = None
    """The blocks before the first heading, as the document tree holds them; None where the article holds
    no tree (parsed with ``tree=False``)."""

    def __repr__(self) -> str:
        """Short: the title and a count of each part, never the text (a page's repr was 671 KB)."""
        sections = sum(1 for _ in self.all_sections())
        return (
            f"<Article {self.title!r}: {len(self.wikitext):,} characters, {sections} sections, "
            f"{len(self.citations)} citations, {len(self.warnings)} warnings>"
        )

    @property
    def body(self) -> tree.Blocks:
        """The whole page as one sequence of blocks: the lead, then each section's heading and blocks."""
        blocks: list[tree.Block] = list(self.lead_blocks or ())
        for section in self.all_sections():
            blocks.append(tree.Heading(section.level, section.heading or (tree.Text(section.title),)))
            blocks.extend(section.blocks)
        return tuple(blocks)

    @property
    def infobox(self) -> Infobox | None:
        """The first infobox, or None."""
        return self.infoboxes[0] if self.infoboxes else None

    @property
    def lead(self) -> str:
        """The text before the first heading, as plain text."""
        if self.lead_blocks is not None:
            return tree.tidy(tree.plain(self.lead_blocks, tables=False))
        from ..wikitext.text import render_text

        return render_text(self.lead_wikitext)

    def all_sections(self) -> Iterator[Section]:
        """Every section at every level, in document order."""
        for section in self.sections:
            yield from section.walk()

    def plain_text(self, templates: TemplateRegistry | None = None) -> str:
        """The article as readable text: no markup, headings on lines of their own, tables left out (they
        are in ``tables``).

        It is the document tree's text; ``templates`` renders the page again, from its wikitext, with
        other template renderers than the ones it was parsed with.
        """
        if self.lead_blocks is not None and templates is None:
            parts = [tree.tidy(tree.plain(self.lead_blocks, tables=False))]
            for section in self.all_sections():
                parts.append(section.title)
                parts.append(tree.tidy(tree.plain(section.blocks, tables=False)))
            return "\n\n".join(part for part in parts if part)
        from ..wikitext.text import render_article_text

        return render_article_text(self, templates)
