"""The library's own exception types: every error it raises is a ``WikifeedkitError``."""

from __future__ import annotations


class WikifeedkitError(Exception):
    """Base class of every error wikifeedkit raises."""


class FeedError(WikifeedkitError):
    """A feed could not be read: malformed, hostile, too large, or not a feed.

    ``line`` and ``column`` say where in the document, when the XML parser knows.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        where = f" (line {line}, column {column})" if line is not None and column is not None else ""
        if line is not None and column is None:
            where = f" (line {line})"
        super().__init__(message + where)
        self.line = line
        self.column = column


class DiffError(WikifeedkitError):
    """A diff could not be applied: its context does not match the text it is applied to."""


class RevisionRebuildError(DiffError):
    """A revision could not be rebuilt from a feed; the message names the entry."""


class WikitextError(WikifeedkitError):
    """Wikitext could not be parsed at all (mwparserfromhell gave up); recoverable problems are warnings."""


class ConversionError(WikifeedkitError):
    """A document could not be written (pandoc failed, nothing to convert, an output not writable)."""


class DumpError(WikifeedkitError, ValueError):
    """A dump could not be read: malformed, hostile, truncated, too large, or not a MediaWiki XML export.

    ``line`` and ``column`` say where in the (decompressed) XML, when the parser knows.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        where = f" (line {line}, column {column})" if line is not None and column is not None else ""
        if line is not None and column is None:
            where = f" (line {line})"
        super().__init__(message + where)
        self.line = line
        self.column = column


class DumpChecksumError(DumpError):
    """A revision's text does not match its SHA-1 (raised with ``strict=True``; a warning otherwise)."""
