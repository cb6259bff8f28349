"""Wikitext as readable plain text: one small method per node kind, so a subclass can change one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from ..model.tree import tidy
from .nodes import LIST_TAGS
from .parsing import parse_text
from .templates import DEFAULT_TEMPLATES, Call, TemplateRegistry, is_citation_template, template_key
from .titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, split_namespace

if TYPE_CHECKING:
    from ..model import Article

# Tags whose content is not running text.
_SILENT_TAGS = frozenset(
    {"ref", "references", "table", "gallery", "imagemap", "timeline", "graph", "templatedata", "mapframe",
     "maplink", "score", "inputbox", "categorytree", "hr", "indicator", "section", "noinclude", "style",
     "templatestyles", "chem", "ce"}
)  # fmt: skip
_BLOCK_TAGS = frozenset({"p", "div", "blockquote", "center", "poem", "pre", "ul", "ol", "dl"})


class TextRenderer:
    """Renders parsed wikitext to plain text."""

    def __init__(self, templates: TemplateRegistry | None = None) -> None:
        self.templates = DEFAULT_TEMPLATES if templates is None else templates

    def render(self, code: object) -> str:
        """Plain text of a Wikicode (or a string of wikitext), not yet tidied."""
        if isinstance(code, str):
            code = parse_text(code)
        assert isinstance(code, Wikicode)
        nodes = code.nodes
        if len(nodes) == 1 and isinstance(nodes[0], Text):
            return str(nodes[0].value)
        return "".join([self.node(node) for node in nodes])

    def node(self, node: object) -> str:
        if isinstance(node, Text):
            return str(node.value)
        if isinstance(node, Wikilink):
            return self.wikilink(node)
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, HTMLEntity):
            return str(node.normalize())
        if isinstance(node, ExternalLink):
            return self.external_link(node)
        if isinstance(node, Heading):
            return self.heading(node)
        if isinstance(node, Argument):
            return self.render(node.default) if node.default is not None else ""
        if isinstance(node, Comment):
            return ""
        return str(node)

    def wikilink(self, link: Wikilink) -> str:
        target = str(link.title).strip()
        if target.startswith(":"):
            target = target[1:]
        else:
            namespace, _ = split_namespace(target)
            if (
                namespace in FILE_NAMESPACES
                or namespace in CATEGORY_NAMESPACES
                or namespace in LANGUAGE_CODES
            ):
                return ""
        if link.text is not None:
            return self.render(link.text)
        return target.lstrip("#") if target.startswith("#") else target.split("#", 1)[0]

    def external_link(self, link: ExternalLink) -> str:
        if link.title is not None:
            return self.render(link.title)
        return "" if link.brackets else str(link.url)

    def template(self, template: Template) -> str:
        key = template_key(str(template.name))
        renderer = self.templates.lookup(key)
        if renderer is not None:
            return renderer(Call(template, self.render))
        if is_citation_template(key):
            from .cs1 import citation_from_template

            return citation_from_template(template, self).text
        return ""

    def tag(self, tag: Tag) -> str:
        name = str(tag.tag).lower()
        if name in _SILENT_TAGS or (name in LIST_TAGS and tag.wiki_markup):
            return ""
        if name == "br":
            return "\n"
        if tag.contents is None:
            return ""
        if name in {"nowiki", "pre", "math", "source", "syntaxhighlight", "code"}:
            return str(tag.contents) if name != "code" else self.render(tag.contents)
        inner = self.render(tag.contents)
        if name in _BLOCK_TAGS or name == "li":
            return f"\n{inner}\n"
        return inner

    def heading(self, heading: Heading) -> str:
        return f"\n{self.render(heading.title).strip()}\n"


def render_text(wikitext: object, templates: TemplateRegistry | None = None) -> str:
    """Plain text of a piece of wikitext (a str or a parsed Wikicode)."""
    return tidy(TextRenderer(templates).render(wikitext))


def render_article_text(article: Article, templates: TemplateRegistry | None = None) -> str:
    """The whole article as text: lead, then each section's title and body."""
    renderer = TextRenderer(templates)
    parts = [tidy(renderer.render(article.lead_wikitext))]
    for section in article.all_sections():
        parts.append(section.title)
        parts.append(tidy(renderer.render(section.wikitext)))
    return "\n\n".join(part for part in parts if part)
