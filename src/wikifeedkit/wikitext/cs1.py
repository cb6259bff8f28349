"""Citation Style 1/2 templates: parameters normalised across their aliases, name lists into Persons.

Canonical names follow Module:Citation/CS1/Configuration: hyphenated (``access-date``, ``archive-url``),
``work`` for the periodical (``website``, ``newspaper``, ``journal``, ``magazine``, ``periodical``),
``url-status`` for the deprecated ``dead-url``, numbered name lists (``last1``, ``first1``,
``author-link1``, ``editor-last1``, …). Small pure functions; ``citation_from_template`` puts them together.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..model import Citation, Person
from .templates import template_key

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Template

    from .text import TextRenderer

_ALIASES = {
    "accessdate": "access-date", "access date": "access-date", "archiveurl": "archive-url",
    "archivedate": "archive-date", "deadurl": "url-status", "dead-url": "url-status",
    "website": "work", "newspaper": "work", "journal": "work", "magazine": "work", "periodical": "work",
    "place": "location", "publication-place": "location", "publicationplace": "location",
    "publicationdate": "publication-date", "origyear": "orig-date", "orig-year": "orig-date",
    "chapterurl": "chapter-url", "transtitle": "trans-title", "trans_title": "trans-title",
    "transchapter": "trans-chapter", "trans_chapter": "trans-chapter", "titlelink": "title-link",
    "isbn13": "isbn", "p": "page", "pp": "pages", "number": "issue", "lang": "language",
    "subscription": "url-access", "registration": "url-access", "displayauthors": "display-authors",
    "display authors": "display-authors", "displayeditors": "display-editors", "lastauthoramp": "name-list-style",
    "name-list-format": "name-list-style", "laysummary": "lay-url", "layurl": "lay-url", "laydate": "lay-date",
    "laysource": "lay-source", "conferenceurl": "conference-url", "booktitle": "book-title",
    "episodelink": "episode-link", "serieslink": "series-link", "archive-format": "archive-format",
    "dateformat": "df", "ignoreisbnerror": "isbn-ignore", "ignore-isbn-error": "isbn-ignore",
    "doi-broken": "doi-broken-date", "doi_brokendate": "doi-broken-date", "doi-inactive-date": "doi-broken-date",
    "embargo": "pmc-embargo-date", "separator": "separator", "postscript": "postscript",
    "authorformat": "name-list-style", "author-format": "name-list-style", "origdate": "orig-date",
    "airdate": "date", "titleyear": "title-year", "chapter-link": "chapter-link",
}  # fmt: skip
_UPPER_IDENTIFIERS = {"ISBN", "ISSN", "DOI", "PMID", "PMC", "OCLC", "LCCN", "ASIN", "ARXIV", "JSTOR", "ISMN",
                      "EISSN", "SSRN", "OSTI", "RFC", "ZBL", "MR", "BIBCODE", "JFM", "OL", "SBN", "S2CID"}  # fmt: skip
# German citation templates (de.wikipedia's Internetquelle and Literatur), mapped to CS1 names.
_GERMAN = {
    "titel": "title", "autor": "author", "werk": "work", "hrsg": "publisher", "datum": "date",
    "abruf": "access-date", "zugriff": "access-date", "sprache": "language", "archiv-url": "archive-url",
    "archiv-datum": "archive-date", "verlag": "publisher", "ort": "location", "jahr": "year",
    "seiten": "pages", "seite": "page", "band": "volume", "nummer": "issue", "auflage": "edition",
    "sammelwerk": "work", "kommentar": "note", "offline": "url-status", "reihe": "series",
    "titelerg": "title-note", "herausgeber": "editor",
}  # fmt: skip
_GERMAN_KINDS = {"internetquelle": "web", "literatur": "book"}
_NAME_PART = re.compile(
    r"^(?P<role>author|editor|translator|contributor|interviewer|host)?-?(?P<n1>\d*)-?"
    r"(?P<part>last|surname|first|given|link|mask|full)?(?P<n2>\d*)$"
)
_ROLE_ALIASES = {"last": ("author", "last"), "surname": ("author", "last"), "first": ("author", "first"),
                 "given": ("author", "first"), "authorlink": ("author", "link"), "editorlink": ("editor", "link"),
                 "editorlast": ("editor", "last"), "editorfirst": ("editor", "first"),
                 "editorsurname": ("editor", "last"), "editorgiven": ("editor", "first"),
                 "authorfirst": ("author", "first"), "authorlast": ("author", "last")}  # fmt: skip
_LONGEST_SLOT = 40  # "contributor-last" and the like with a number of a few digits
_DEAD = {"yes": "dead", "true": "dead", "y": "dead", "no": "live", "false": "live", "n": "live"}
_PERIODICAL_KINDS = {"web", "news", "journal", "magazine", "press release", "conference", "report"}


def citation_kind(key: str) -> str | None:
    """``"news"`` for ``cite news``, ``"citation"`` for ``citation``; None for other templates."""
    if key.startswith("cite "):
        return key[5:]
    if key == "citation":
        return "citation"
    return _GERMAN_KINDS.get(key)


def canonical_name(name: str, *, german: bool = False) -> str:
    """A parameter's canonical CS1 name."""
    name = name.strip()
    if name.upper() in _UPPER_IDENTIFIERS and name.isupper():
        return name.lower()
    lowered = name.lower().replace("_", "-")
    if german and lowered in _GERMAN:
        return _GERMAN[lowered]
    return _ALIASES.get(lowered, _ALIASES.get(lowered.replace("-", ""), lowered))


def name_list_slot(name: str) -> tuple[str, int, str] | None:
    """``("author", 2, "last")`` for ``last2``/``author2-last``/``surname2``; None for other parameters."""
    compact = name.replace("_", "-").lower()
    if not compact.isascii() or len(compact) > _LONGEST_SLOT:
        return None  # CS1 numbers name lists in ASCII digits; "last²" and 5,000-digit names are parameters
    digits = "".join(ch for ch in compact if ch.isdigit())
    letters = re.sub(r"[\d-]", "", compact)
    if letters in _ROLE_ALIASES:
        role, part = _ROLE_ALIASES[letters]
    else:
        match = _NAME_PART.match(compact)
        if match is None or not (match.group("role") or match.group("part")):
            return None
        role = match.group("role") or "author"
        part = match.group("part") or "full"
        part = {"surname": "last", "given": "first"}.get(part, part)
    if part == "mask" or role not in {"author", "editor"}:
        return None
    return role, int(digits) if digits else 1, part


def _canonical_slot(role: str, index: int, part: str) -> str:
    if role == "author":
        return {"last": f"last{index}", "first": f"first{index}", "link": f"author-link{index}",
                "full": f"author{index}"}[part]  # fmt: skip
    return {"last": f"editor-last{index}", "first": f"editor-first{index}", "link": f"editor-link{index}",
            "full": f"editor{index}"}[part]  # fmt: skip


def people(slots: dict[int, dict[str, str]]) -> tuple[Person, ...]:
    """Persons from numbered name parts, in number order; ``author=`` alone is a free-form name."""
    result = []
    for _, parts in sorted(slots.items()):
        last = parts.get("last") or (parts.get("full") if parts.get("first") else None)
        full = None if last else parts.get("full")
        if last or full or parts.get("first"):
            result.append(Person(last=last, first=parts.get("first"), full=full, link=parts.get("link")))
    return tuple(result)


def vancouver(value: str) -> tuple[Person, ...]:
    """``vauthors=Smith AB, Jones C`` into Persons (last name, initials as first)."""
    persons = []
    for name in (part.strip() for part in value.split(",")):
        if not name:
            continue
        last, _, initials = name.rpartition(" ")
        persons.append(
            Person(last=last, first=initials) if last and initials.isupper() else Person(full=name)
        )
    return tuple(persons)


def citation_from_template(template: Template, renderer: TextRenderer, raw: str | None = None) -> Citation:
    """A Citation from a citation template: canonical parameters as plain text, authors and editors, and
    its readable form (:func:`format_citation`) as ``text``."""
    from ..model.tree import tidy

    written = [(str(param.name), tidy(renderer.render(param.value))) for param in template.params]
    return citation_from_parameters(
        template_key(str(template.name)), str(template) if raw is None else raw, written
    )


def citation_from_parameters(key: str, raw: str, written: list[tuple[str, str]]) -> Citation:
    """A Citation from a citation template's key, its wikitext and its parameters (name, plain text)."""
    german = key in _GERMAN_KINDS
    parameters: list[tuple[str, str]] = []
    names: dict[str, dict[int, dict[str, str]]] = {"author": {}, "editor": {}}
    extra: dict[str, list[Person]] = {"author": [], "editor": []}
    for written_name, value in written:
        if not value:
            continue
        name = canonical_name(written_name, german=german)
        slot = None if german and name in _GERMAN.values() else name_list_slot(name)
        if name in {"vauthors", "veditors"}:
            extra["author" if name == "vauthors" else "editor"].extend(vancouver(value))
        elif name in {"authors", "coauthors", "coauthor", "people", "editors"}:
            extra["editor" if name == "editors" else "author"].append(Person(full=value))
        elif slot is not None:
            role, index, part = slot
            names[role].setdefault(index, {})[part] = value
            name = _canonical_slot(role, index, part)
        elif name == "url-status":
            value = _DEAD.get(value.lower(), value)
        parameters.append((name, value))
    if german:
        for target, source in (("author", "author"), ("editor", "editor")):
            for name, value in parameters:
                if name == source:
                    extra[target].extend(
                        Person(full=part.strip()) for part in value.split(";") if part.strip()
                    )
    citation = Citation(
        raw=raw,
        template=key,
        kind=citation_kind(key),
        parameters=tuple(parameters),
        authors=people(names["author"]) + tuple(extra["author"]),
        editors=people(names["editor"]) + tuple(extra["editor"]),
    )
    return dataclasses.replace(citation, text=format_citation(citation))


def _display(person: Person) -> str:
    if person.last and person.first:
        return f"{person.last}, {person.first}"
    return person.name


def format_citation(citation: Citation) -> str:
    """A short readable form: Authors (date). "Title". Work. Location: Publisher. Pages. Retrieved …."""
    parts: list[str] = []
    names = "; ".join(_display(person) for person in citation.authors)
    when = citation.date or citation.year
    if names:
        parts.append(f"{names} ({when})." if when else f"{names}.")
    title = citation.title or citation.get("chapter")
    if title:
        quoted = citation.kind in _PERIODICAL_KINDS or citation.get("chapter") is not None
        parts.append(f'"{title}".' if quoted else f"{title}.")
    if citation.work:
        parts.append(f"{citation.work}.")
    publisher = ": ".join(value for value in (citation.location, citation.publisher) if value)
    if publisher:
        parts.append(f"{publisher}.")
    if when and not names:
        parts.append(f"{when}.")
    if citation.pages:
        parts.append(f"p. {citation.pages}." if citation.get("page") and not citation.get("pages") else
                     f"pp. {citation.pages}.")  # fmt: skip
    for label, value in (("doi", citation.doi), ("ISBN", citation.isbn)):
        if value:
            parts.append(f"{label}:{value}." if label == "doi" else f"{label} {value}.")
    if citation.access_date:
        parts.append(f"Retrieved {citation.access_date}.")
    return " ".join(parts) or (citation.url or "")
