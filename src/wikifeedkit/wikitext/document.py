"""The document tree put into an Article: the lead's blocks, each section's heading and blocks, each note.

``build_tree`` reads the whole page once; its top-level headings cut the blocks into the lead and the
sections' own bodies. Where the page's headings and the sections do not pair up (a heading inside a table
cell, say), each section's own wikitext is read on its own instead, so no section is left without its body.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..model import Article, Section, tree
from .blocks import Document, build_tree
from .templates import TemplateRegistry


def with_tree(
    article: Article, templates: TemplateRegistry | None = None, *, document: Document | None = None
) -> Article:
    """``article`` with its document tree filled in (``lead_blocks``, sections' ``heading`` and ``blocks``,
    citations' ``content``) and the builder's warnings added; ``document`` is the page's tree when it is
    already built."""

    def build(wikitext: str) -> Document:
        return build_tree(
            wikitext, citations=article.citations, templates=templates, infoboxes=article.infoboxes
        )

    if document is None:
        document = build(article.wikitext)
    lead, chunks = _cut(document.blocks)
    sections = list(article.all_sections())
    notes = dict(document.notes)
    warnings = list(document.warnings)
    if len(chunks) == len(sections):
        bodies = iter(chunks)
    else:
        lead_document = build(article.lead_wikitext)
        lead = lead_document.blocks
        own = [build(section.wikitext) for section in sections]
        for part in (lead_document, *own):
            notes = {**part.notes, **notes}
        bodies = iter(
            [
                (tree.Heading(s.level, (tree.Text(s.title),)), part.blocks)
                for s, part in zip(sections, own, strict=True)
            ]
        )
    citations = tuple(
        dataclasses.replace(citation, content=notes[number]) if number in notes else citation
        for number, citation in enumerate(article.citations)
    )
    known = set(article.warnings)
    return dataclasses.replace(
        article,
        lead_blocks=lead,
        sections=tuple(_filled(section, bodies) for section in article.sections),
        citations=citations,
        warnings=article.warnings + tuple(dict.fromkeys(w for w in warnings if w not in known)),
    )


def _cut(blocks: tree.Blocks) -> tuple[tree.Blocks, list[tuple[tree.Heading, tree.Blocks]]]:
    """The blocks before the first heading, then each heading with the blocks up to the next one."""
    lead: list[tree.Block] = []
    chunks: list[tuple[tree.Heading, list[tree.Block]]] = []
    for block in blocks:
        if isinstance(block, tree.Heading):
            chunks.append((block, []))
        elif chunks:
            chunks[-1][1].append(block)
        else:
            lead.append(block)
    return tuple(lead), [(heading, tuple(body)) for heading, body in chunks]


def _filled(section: Section, bodies: Iterator[tuple[tree.Heading, tree.Blocks]]) -> Section:
    heading, blocks = next(bodies)
    children = tuple(_filled(child, bodies) for child in section.children)
    return dataclasses.replace(section, heading=heading.content, blocks=blocks, children=children)
