"""What the format readers hand on: an entry's and a feed's fields as found, before any decoding."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawEntry:
    """An Atom entry or RSS item as strings; ``summary_html`` is the HTML MediaWiki wrote."""

    title: str = ""
    id: str | None = None
    link: str | None = None
    updated: str | None = None
    author: str | None = None
    summary_html: str | None = None
    line: int | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RawHeader:
    """A feed's own fields as strings."""

    title: str | None = None
    subtitle: str | None = None
    id: str | None = None
    link: str | None = None
    self_link: str | None = None
    updated: str | None = None
    language: str | None = None
    generator: str | None = None
