"""Writers: the model into other formats."""

from __future__ import annotations

from .bibtex import BibtexWriter, to_bibtex
from .documents import to_document
from .epub import to_epub
from .feedxml import to_atom, to_rss
from .json import from_json, json_schema, to_json
from .markdown import MarkdownWriter, to_markdown
from .pandoc import PandocWriter, to_pandoc
from .wikitext import to_wikitext

__all__ = [
    "BibtexWriter",
    "MarkdownWriter",
    "PandocWriter",
    "from_json",
    "json_schema",
    "to_atom",
    "to_bibtex",
    "to_document",
    "to_epub",
    "to_json",
    "to_markdown",
    "to_pandoc",
    "to_rss",
    "to_wikitext",
]
