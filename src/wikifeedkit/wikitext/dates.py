"""Dates in the forms Citation Style 1 allows: "16 December 2011", "December 16, 2011", "2011-12-16",
"Dec 2011", "Winter 2011", "2011", "c. 1900", "2011–2012"; read into (year, month, day)."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True, slots=True)
class CitationDate:
    """A date as far as it is known: a year always, a month and a day where given."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """``2011-12-16``, ``2011-12`` or ``2011``."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower())


def _valid(year: int, month: int | None, day: int | None) -> CitationDate | None:
    """The date, or None unless the year is 1–9999, the month 1–12 and the day one the month has."""
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= (monthrange(year, month)[1] if month else 31):
        return None
    return CitationDate(year, month, day)


def parse_date(text: str | None) -> CitationDate | None:
    """The date a CS1 date parameter names, or None when it holds no year or names no real day.

    Digits are matched four (year) or two (month, day) at a time, so no conversion meets a long number.
    """
    if not text:
        return None
    value = " ".join(text.replace("\u00a0", " ").split())
    if match := _ISO.match(value):
        return _valid(
            int(match.group(1)), int(match.group(2)), int(match.group(3)) if match.group(3) else None
        )
    if (match := _DAY_MONTH_YEAR.match(value)) and (month := _month(match.group(2))):
        return _valid(int(match.group(3)), month, int(match.group(1)))
    if (match := _MONTH_DAY_YEAR.match(value)) and (month := _month(match.group(1))):
        return _valid(int(match.group(3)), month, int(match.group(2)))
    if (match := _MONTH_YEAR.match(value)) and (month := _month(match.group(1))):
        return _valid(int(match.group(2)), month, None)
    if match := _YEAR.search(value):
        return _valid(int(match.group(1)), None, None)
    return None
