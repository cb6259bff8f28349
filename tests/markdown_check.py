"""Reading our Markdown back: markdown-it-py with its footnote plugin, and the text a reader sees."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

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
