"""``parse_article``: wikitext into an :class:`Article`, from one read of mwparserfromhell's token stream.

The token reader (:mod:`.tokens`) reads the page once into light items; one walk over them gathers what the
Article lists (:mod:`.collect`), another builds its document tree (:mod:`.blocks`). mwparserfromhell's own
tree is built only where the token reader cannot read a page (:mod:`.fallback`), with a warning.
"""

from __future__ import annotations

from ..errors import WikitextError
from ..model import Article
from . import tokens as tk
from .blocks import Document, FootnoteIndex, TreeBuilder
from .collect import Collector, TextBuilder, lists_of, sections_of
from .document import with_tree
from .items import read_items
from .page import date_warnings, redirect_target
from .templates import TemplateRegistry
from .titles import normalise_title


def parse_article(
    wikitext: str, title: str | None = None, *, templates: TemplateRegistry | None = None, tree: bool = True
) -> Article:
    """Parse a page's wikitext into an :class:`Article`.

    The article holds its document tree (``article.body``, the sections' ``heading`` and ``blocks``, the
    citations' ``content``), which every writer renders. ``tree=False`` leaves it out (``lead_blocks`` is
    None) for callers that only read the lists (citations, links, …).

    Broken wikitext never raises: what was recovered is listed in ``article.warnings``. Only a failure of
    the parser itself raises :class:`WikitextError`.
    """
    if not isinstance(wikitext, str):
        raise TypeError(f"parse_article takes wikitext as a str, not {type(wikitext).__name__}")
    try:
        source, items, read_warnings = read_items(wikitext)
    except tk.TokenReadError as error:
        return _read_otherwise(wikitext, title, templates, tree, f"the token reader gave up ({error})")
    except RecursionError as error:
        raise WikitextError(f"{title or 'the page'}: cannot parse the wikitext: {error}") from error
    text = TextBuilder(source, templates=templates)
    collector = Collector(text)
    collector.walk(items)
    found = collector.found
    lead, sections = sections_of(items, source, wikitext, text)
    citations = collector.references.citations() + found.outside_citations
    warnings = [
        *read_warnings,
        *sorted(f"broken wikitext: {message}" for message in found.broken),
        *collector.references.warnings,
        *found.problems,
        *date_warnings(citations),
    ]
    redirect = redirect_target(wikitext)
    article = Article(
        wikitext=wikitext,
        title=normalise_title(title) if title else None,
        redirect=redirect,
        lead_wikitext=lead,
        sections=sections,
        infoboxes=tuple(found.infoboxes),
        citations=tuple(citations),
        links=tuple(found.links),
        external_links=tuple(found.external_links),
        categories=tuple(found.categories),
        images=tuple(found.images),
        tables=tuple(found.tables),
        lists=() if redirect else lists_of(items, text),
        templates=tuple(found.templates),
        language_links=tuple(found.language_links),
        warnings=tuple(warnings),
    )
    if not tree:
        return article
    builder = TreeBuilder(
        source,
        footnotes=FootnoteIndex.of(article.citations),
        templates=templates,
        infoboxes=article.infoboxes,
    )
    blocks = tuple(builder.blocks(items))
    return with_tree(article, templates, document=Document(blocks, builder.notes, tuple(builder.warnings)))


def _read_otherwise(
    wikitext: str, title: str | None, templates: TemplateRegistry | None, tree: bool, reason: str
) -> Article:
    """The page read by mwparserfromhell's own parser, with a warning saying why."""
    import dataclasses

    from .fallback import read_with_mwparserfromhell

    article = read_with_mwparserfromhell(wikitext, title, templates=templates)
    article = dataclasses.replace(
        article, warnings=(f"{reason}; read by mwparserfromhell", *article.warnings)
    )
    return with_tree(article, templates) if tree else article
