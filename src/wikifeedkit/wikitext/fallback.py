"""A page read through mwparserfromhell's parser: the reading for pages the token reader cannot read."""

from __future__ import annotations

import re

from mwparserfromhell.nodes import ExternalLink as ExternalLinkNode
from mwparserfromhell.nodes import Heading, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from ..errors import WikitextError
from ..model import (
    Article,
    Category,
    Citation,
    ExternalLink,
    Image,
    Infobox,
    LanguageLink,
    Table,
    TemplateCall,
    WikiLink,
)
from ..model.tree import tidy
from .links import classify, gallery_images
from .page import date_warnings, redirect_target
from .parsing import parse_page
from .references import ReferenceCollector, is_ref_template, outside_citation
from .structure import (
    infobox_from_template,
    infobox_images,
    infobox_kind,
    list_blocks,
    split_sections,
    table_from_tag,
    template_parameters,
    written_name,
)
from .templates import DATE_TEMPLATES, TemplateRegistry, date_parts, is_citation_template, template_key
from .text import TextRenderer
from .titles import normalise_title

_LIST_DEFINING_TEMPLATES = frozenset({"reflist", "references", "notelist", "reflist-talk"})
# Markup that mwparserfromhell left as text: something in the source is unclosed.
_BROKEN = {
    "{{": "an unclosed template '{{'",
    "[[": "an unclosed link '[['",
    "<ref": "an unclosed <ref>",
    "{|": "an unclosed table '{|'",
}
_BROKEN_MARKER = re.compile("|".join(re.escape(marker) for marker in _BROKEN), re.IGNORECASE)


class _Walker:
    """Visits every node once, collecting what the Article holds."""

    def __init__(self, renderer: TextRenderer) -> None:
        self.renderer = renderer
        self.references = ReferenceCollector(renderer)
        self.links: list[WikiLink] = []
        self.external_links: list[ExternalLink] = []
        self.categories: list[Category] = []
        self.images: list[Image] = []
        self.language_links: list[LanguageLink] = []
        self.templates: list[TemplateCall] = []
        self.infoboxes: list[Infobox] = []
        self.tables: list[Table] = []
        self.outside_citations: list[Citation] = []
        self.broken: set[str] = set()
        self.problems: list[str] = []

    def walk(self, code: Wikicode, *, in_ref: bool = False, defining: bool = False) -> None:
        for node in code.nodes:
            if isinstance(node, Text):
                if not in_ref:
                    self._check_broken(str(node.value))
            elif isinstance(node, Wikilink):
                self._wikilink(node)
                if node.text is not None:
                    self.walk(node.text, in_ref=in_ref, defining=defining)
            elif isinstance(node, Template):
                self._template(node, in_ref=in_ref, defining=defining)
            elif isinstance(node, Tag):
                self._tag(node, in_ref=in_ref, defining=defining)
            elif isinstance(node, ExternalLinkNode):
                if not in_ref:  # a reference's links belong to its citation
                    title = tidy(self.renderer.render(node.title)) if node.title is not None else None
                    self.external_links.append(ExternalLink(str(node.url), title))
                if node.title is not None:
                    self.walk(node.title, in_ref=in_ref, defining=defining)
            elif isinstance(node, Heading):
                self.walk(node.title, in_ref=in_ref, defining=defining)

    def _check_broken(self, text: str) -> None:
        for marker in _BROKEN_MARKER.findall(text):
            self.broken.add(_BROKEN[marker.lower()])

    def _wikilink(self, node: Wikilink) -> None:
        found = classify(node, self.renderer)
        if isinstance(found, WikiLink):
            self.links.append(found)
        elif isinstance(found, Image):
            self.images.append(found)
        elif isinstance(found, Category):
            self.categories.append(found)
        else:
            self.language_links.append(found)

    def _template(self, node: Template, *, in_ref: bool, defining: bool) -> None:
        name = written_name(node)
        key = template_key(name)
        parameters = template_parameters(node)
        self.templates.append(TemplateCall(" ".join(name.replace("_", " ").split()), parameters))
        if key in DATE_TEMPLATES:
            self._check_date(name, parameters)
        if is_ref_template(key):
            self.references.add_template(node, defining=defining)
            if node.has("1"):
                self.walk(node.get("1").value, in_ref=True, defining=defining)
            return
        kind = infobox_kind(key)
        if kind is not None:
            infobox = infobox_from_template(name, kind, parameters)
            self.infoboxes.append(infobox)
            self.images.extend(infobox_images(infobox, self.renderer))
        elif is_citation_template(key) and not in_ref:
            self.outside_citations.append(outside_citation(node, self.renderer))
        list_defining = key in _LIST_DEFINING_TEMPLATES
        for param in node.params:
            self.walk(
                param.value,
                in_ref=in_ref,
                defining=defining or (list_defining and str(param.name).strip() == "refs"),
            )

    def _check_date(self, name: str, parameters: tuple[tuple[str, str], ...]) -> None:
        positional = [value for key, value in parameters if key.isascii() and key.isdigit()]
        _, problem = date_parts(positional)
        if problem is not None:
            self.problems.append(f"{{{{{name[:40]}}}}}: {problem}; shown as written")

    def _tag(self, node: Tag, *, in_ref: bool, defining: bool) -> None:
        name = str(node.tag).lower()
        if name == "ref":
            self.references.add_tag(node, defining=defining)
            if node.contents is not None:
                self.walk(node.contents, in_ref=True, defining=defining)
            return
        if name == "references":
            if node.contents is not None:
                self.walk(node.contents, in_ref=in_ref, defining=True)
            return
        if name == "gallery":
            if node.contents is not None:
                self.images.extend(gallery_images(node.contents, self.renderer))
            return
        if name == "table":
            self.tables.append(table_from_tag(node, self.renderer))
        if name in {"nowiki", "pre", "math", "source", "syntaxhighlight", "score", "timeline", "graph"}:
            return
        if node.contents is not None:
            self.walk(node.contents, in_ref=in_ref, defining=defining)


def read_with_mwparserfromhell(
    wikitext: str, title: str | None = None, *, templates: TemplateRegistry | None = None
) -> Article:
    """A page read through mwparserfromhell's own parser and tree, without the document tree: the way
    :func:`~wikifeedkit.parse_article` reads a page that its token reader cannot read."""
    try:
        parsed = parse_page(wikitext)
    except WikitextError as error:
        raise WikitextError(f"{title or 'the page'}: {error}") from error
    code = parsed.code
    renderer = TextRenderer(templates)
    walker = _Walker(renderer)
    walker.walk(code)
    lead, sections = split_sections(code, wikitext, renderer)
    citations = walker.references.citations() + walker.outside_citations
    warnings = [
        *parsed.warnings,
        *sorted(f"broken wikitext: {message}" for message in walker.broken),
        *walker.references.warnings,
        *walker.problems,
        *date_warnings(citations),
    ]
    redirect = redirect_target(wikitext)
    return Article(
        wikitext=wikitext,
        title=normalise_title(title) if title else None,
        redirect=redirect,
        lead_wikitext=lead,
        sections=sections,
        infoboxes=tuple(walker.infoboxes),
        citations=tuple(citations),
        links=tuple(walker.links),
        external_links=tuple(walker.external_links),
        categories=tuple(walker.categories),
        images=tuple(walker.images),
        tables=tuple(walker.tables),
        lists=() if redirect else list_blocks(code, renderer),
        templates=tuple(walker.templates),
        language_links=tuple(walker.language_links),
        warnings=tuple(warnings),
    )
