"""An :class:`Article` back to wikitext, from its parts.

The page is written from its structure: the lead, then each section's heading and body, depth first. A
heading keeps the way it was written in ``article.wikitext`` (``==''Foo''==``) while its level and title
are unchanged, and is written afresh (``== Foo ==``) otherwise. Then the page metadata the model lists is made
true of the text: categories, interlanguage links and infoboxes that were added to the model are written,
ones removed from it are taken out, and an infobox whose fields changed is rewritten from them. An
article read with :func:`wikifeedkit.parse_article` and not changed comes back as the text it was read from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import mwparserfromhell
from mwparserfromhell.nodes import Heading, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from ..checks import check_source
from ..model import Article, Category, Infobox, LanguageLink, Section
from ..model.tree import tidy
from ..wikitext.article import parse_article
from ..wikitext.links import classify
from ..wikitext.structure import infobox_from_template, infobox_kind, template_parameters, written_name
from ..wikitext.templates import template_key
from ..wikitext.text import TextRenderer


def to_wikitext(article: Article) -> str:
    """The article as wikitext: ``parse_article(to_wikitext(a))`` holds what ``a`` holds."""
    check_source(article, "to_wikitext", Article)
    text = _compose(article)
    written = parse_article(text)
    if (written.categories, written.language_links, written.infoboxes) == (
        article.categories,
        article.language_links,
        article.infoboxes,
    ):
        return text
    code = mwparserfromhell.parse(text)
    _reconcile_links(code, article.categories, article.language_links)
    _reconcile_infoboxes(code, article.infoboxes)
    return str(code)


# --- structure -------------------------------------------------------------------------------------


def _compose(article: Article) -> str:
    parts = [article.lead_wikitext]
    if article.redirect is not None and not article.lead_wikitext.lstrip().startswith("#"):
        parts.insert(0, f"#REDIRECT [[{article.redirect}]]\n")
    originals = _original_headings(article)
    for section in _walk(article.sections):
        if parts[-1] and not parts[-1].endswith("\n"):
            parts.append("\n")
        body = section.wikitext
        original = originals.get(id(section))
        if original is None and body and not body.lstrip(" \t").startswith("\n"):
            body = "\n" + body  # a fresh heading ends its line
        parts.append(original or _heading(section))
        parts.append(body)
    return "".join(parts)


def _walk(sections: Sequence[Section]) -> Iterator[Section]:
    for section in sections:
        yield from section.walk()


def _heading(section: Section) -> str:
    level = max(1, min(6, section.level))
    marks = "=" * level
    return f"{marks} {section.title} {marks}"


def _original_headings(article: Article) -> dict[int, str]:
    """Each section's heading as written in ``article.wikitext``, where the parts still line up with it."""
    source = article.wikitext
    if not source.startswith(article.lead_wikitext):
        return {}
    renderer = TextRenderer()
    found: dict[int, str] = {}
    cursor = len(article.lead_wikitext)
    for section in _walk(article.sections):
        end = source.find(section.wikitext, cursor) if section.wikitext else len(source)
        if end < 0:
            break
        gap = source[cursor:end]
        if _is_heading_of(gap, section, renderer):
            found[id(section)] = gap
        cursor = end + len(section.wikitext)
    return found


def _is_heading_of(written: str, section: Section, renderer: TextRenderer) -> bool:
    nodes = mwparserfromhell.parse(written).nodes
    if len(nodes) != 1 or not isinstance(nodes[0], Heading):
        return False
    heading = nodes[0]
    return bool(heading.level == section.level and tidy(renderer.render(heading.title)) == section.title)


# --- categories and interlanguage links -----------------------------------------------------------------


def _reconcile_links(
    code: Wikicode, categories: Sequence[Category], language_links: Sequence[LanguageLink]
) -> None:
    renderer = TextRenderer()
    wanted: list[Category | LanguageLink] = [*categories, *language_links]
    present: list[Category | LanguageLink] = []
    for link in code.filter_wikilinks(recursive=True):
        found = classify(link, renderer)
        if not isinstance(found, Category | LanguageLink):
            continue
        if found in wanted and found not in present:
            present.append(found)
        else:
            _remove_line_of(code, link)
    missing = [link for link in wanted if link not in present]
    if missing:
        text = str(code)
        text += ("" if not text or text.endswith("\n") else "\n") + "\n".join(map(_link_text, missing)) + "\n"
        code.nodes.clear()
        code.nodes.extend(mwparserfromhell.parse(text).nodes)


def _link_text(link: Category | LanguageLink) -> str:
    if isinstance(link, LanguageLink):
        return f"[[{link.language}:{link.title}]]"
    return f"[[Category:{link.name}|{link.sort_key}]]" if link.sort_key else f"[[Category:{link.name}]]"


def _remove_line_of(code: Wikicode, node: Wikilink) -> None:
    """Remove a link, and the line break after it when the link was alone on its line."""
    nodes = code.nodes
    index = next((i for i, other in enumerate(nodes) if other is node), None)
    if index is None:  # inside another node: just the link
        code.remove(node)
        return
    before = nodes[index - 1] if index > 0 else None
    after = nodes[index + 1] if index + 1 < len(nodes) else None
    alone = before is None or (isinstance(before, Text) and str(before).endswith("\n"))
    if alone and isinstance(after, Text) and str(after).startswith("\n"):
        after.value = str(after)[1:]
    del nodes[index]


# --- infoboxes --------------------------------------------------------------------------------------


def _reconcile_infoboxes(code: Wikicode, infoboxes: Sequence[Infobox]) -> None:
    written = [(template, _infobox_of(template)) for template in code.filter_templates(recursive=True)]
    found = [(template, infobox) for template, infobox in written if infobox is not None]
    for (template, held), infobox in zip(found, infoboxes, strict=False):
        if held != infobox:
            code.replace(template, infobox_wikitext(infobox))
    for template, _ in found[len(infoboxes) :]:
        code.remove(template)
    extra = infoboxes[len(found) :]
    if extra:
        code.insert(0, "".join(infobox_wikitext(infobox) + "\n" for infobox in extra))


def _infobox_of(template: Template) -> Infobox | None:
    """The Infobox a template is, read as ``parse_article`` reads it, or None for any other template."""
    name = written_name(template)
    kind = infobox_kind(template_key(name))
    return None if kind is None else infobox_from_template(name, kind, template_parameters(template))


def infobox_wikitext(infobox: Infobox) -> str:
    """An infobox written one field a line: ``{{Infobox person\\n| name = Ada\\n}}``."""
    lines = ["{{" + infobox.template]
    for name, value in infobox.parameters:
        lines.append(f"| {name} = {value}")
    return "\n".join(lines) + "\n}}"
