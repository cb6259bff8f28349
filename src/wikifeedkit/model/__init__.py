"""The typed, immutable model that every reader fills and every writer reads."""

from __future__ import annotations

from . import tree
from .article import (
    Article,
    Category,
    Citation,
    ExternalLink,
    Image,
    Infobox,
    LanguageLink,
    ListBlock,
    ListItem,
    Person,
    Section,
    Table,
    TableCell,
    TemplateCall,
    WikiLink,
)
from .feed import BodyKind, Diff, DiffHunk, DiffRow, DiffSpan, Entry, Feed, FeedFormat, FeedKind, RowKind

__all__ = [
    "Article",
    "BodyKind",
    "Category",
    "Citation",
    "Diff",
    "DiffHunk",
    "DiffRow",
    "DiffSpan",
    "Entry",
    "ExternalLink",
    "Feed",
    "FeedFormat",
    "FeedKind",
    "Image",
    "Infobox",
    "LanguageLink",
    "ListBlock",
    "ListItem",
    "Person",
    "RowKind",
    "Section",
    "Table",
    "TableCell",
    "TemplateCall",
    "WikiLink",
    "tree",
]
