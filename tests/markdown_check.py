"""Reading our Markdown back: markdown-it-py with its footnote plugin, and the text a reader sees."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

import wikifeedkit as wfk

PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)
RAW_WIKITEXT = ("{{", "}}", "[[", "]]", "<ref")
"""Wikitext that must never show in the text of a page."""


def text_outside_code(tokens: list[Token]) -> str:
    """The text of every token, code left out."""
    parts = []
    for token in tokens:
        if token.type in {"code_inline", "code_block", "fence"}:
            continue
        if token.children:
            parts.append(text_outside_code(token.children))
        elif token.type == "text":
            parts.append(token.content)
    return "\n".join(parts)


def headings(tokens: list[Token]) -> list[str]:
    """The text of every heading below the title, footnote marks left out, spaces collapsed."""
    return [
        " ".join("".join(c.content for c in tokens[i + 1].children or () if c.type != "footnote_ref").split())
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag != "h1"
    ]


def shown_headings(article: wfk.Article) -> list[str]:
    """The sections whose heading the Markdown keeps: something of them shows, their notes aside (the notes
    are listed at the end of the page)."""
    return [" ".join(s.title.split()) for s in article.all_sections() if s.title.strip() and _shows(s)]


def _shows(section: wfk.Section) -> bool:
    blocks = tuple(b for s in section.walk() for b in s.blocks if not isinstance(b, wfk.tree.References))
    return bool(wfk.tree.plain(blocks).strip()) or any(
        isinstance(node, wfk.tree.Figure | wfk.tree.Gallery | wfk.tree.HorizontalRule | wfk.tree.CitationRef)
        for node in _nodes(blocks)
    )


def _nodes(value: object) -> Iterator[object]:
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value):
        yield value
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))
