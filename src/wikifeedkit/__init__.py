"""wikifeedkit: MediaWiki feeds and wikitext into clean, typed data and documents.

>>> import wikifeedkit as wfk
>>> feed = wfk.read_feed("feed.atom")  # doctest: +SKIP
"""

from __future__ import annotations

from .emit import (
    BibtexWriter,
    MarkdownWriter,
    from_json,
    json_schema,
    to_atom,
    to_bibtex,
    to_epub,
    to_json,
    to_markdown,
    to_rss,
)
from .errors import (
    ConversionError,
    DiffError,
    FeedError,
    RevisionRebuildError,
    WikifeedkitError,
    WikitextError,
)
from .feeds import iter_entries, read_feed
from .model import (
    Article,
    BodyKind,
    Category,
    Citation,
    Diff,
    DiffHunk,
    DiffRow,
    DiffSpan,
    Entry,
    ExternalLink,
    Feed,
    FeedFormat,
    FeedKind,
    Image,
    Infobox,
    LanguageLink,
    ListBlock,
    ListItem,
    Person,
    RowKind,
    Section,
    Table,
    TableCell,
    TemplateCall,
    WikiLink,
)
from .revisions import apply_diff, latest_texts, rebuild_revisions
from .wikitext import DEFAULT_TEMPLATES, TemplateRegistry, parse_article

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TEMPLATES",
    "Article",
    "BibtexWriter",
    "BodyKind",
    "Category",
    "Citation",
    "ConversionError",
    "Diff",
    "DiffError",
    "DiffHunk",
    "DiffRow",
    "DiffSpan",
    "Entry",
    "ExternalLink",
    "Feed",
    "FeedError",
    "FeedFormat",
    "FeedKind",
    "Image",
    "Infobox",
    "LanguageLink",
    "ListBlock",
    "ListItem",
    "MarkdownWriter",
    "Person",
    "RevisionRebuildError",
    "RowKind",
    "Section",
    "Table",
    "TableCell",
    "TemplateCall",
    "TemplateRegistry",
    "WikiLink",
    "WikifeedkitError",
    "WikitextError",
    "__version__",
    "apply_diff",
    "from_json",
    "iter_entries",
    "json_schema",
    "latest_texts",
    "parse_article",
    "read_feed",
    "rebuild_revisions",
    "to_atom",
    "to_bibtex",
    "to_epub",
    "to_json",
    "to_markdown",
    "to_rss",
]
