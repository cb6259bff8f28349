"""Facts about a whole page that every reading shares: where it redirects, and which citation dates CS1 could
not read."""

from __future__ import annotations

import re

from ..model import Citation
from .dates import parse_date
from .titles import normalise_title

_REDIRECT = re.compile(
    r"^\s*#(?:redirect|weiterleitung|doorverwijzing|aanstuur|redirection|redirección|rinvia|перенаправление)"
    r"\s*:?\s*\[\[([^\]|]+)",
    re.IGNORECASE,
)


def redirect_target(wikitext: str) -> str | None:
    """The page a redirect page points at (its title normalised, the anchor left out), or None."""
    found = _REDIRECT.match(wikitext)
    return normalise_title(found.group(1).split("#", 1)[0]) if found else None


_CITATION_DATES = ("date", "year", "access-date", "archive-date", "orig-date")
_NO_DATE = frozenset({"n.d.", "nd", "n.d", "no date", "undated"})


def date_warnings(citations: list[Citation]) -> list[str]:
    """A warning for each citation date CS1 could not read (``date=2011-13-45``, ``year=0``); the value
    stays as written."""
    warnings = []
    for number, citation in enumerate(citations, 1):
        for cited in (citation, *citation.bundled):
            for key in _CITATION_DATES:
                value = cited.get(key)
                if value and value.strip().lower() not in _NO_DATE and parse_date(value) is None:
                    warnings.append(f"citation {number}: {key} {value[:40]!r} is not a date; kept as written")
    return warnings
