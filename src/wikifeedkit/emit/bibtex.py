"""Citations as BibTeX that BibTeX, biber, bibtexparser and pybtex all read.

One small method per decision (entry type, key, names, each group of fields), so a subclass of
:class:`BibtexWriter` can change one piece. The mapping is documented in docs/bibtex.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Literal, TypeAlias, get_args

from ..checks import check_source
from ..model import Article, Citation, Entry, Feed, Person
from ..urls import external_url
from ..wikitext.dates import parse_date
from .latex import latex_escape

BibtexSource: TypeAlias = "Citation | Article | Entry | Feed | Iterable[Citation | Article | Entry | Feed]"
BibtexDialect: TypeAlias = Literal["biblatex", "bibtex"]
"""``biblatex`` (the default: biber's data model, PMIDs as ``eprint``) or ``bibtex`` (the classic styles)."""
DIALECTS: tuple[BibtexDialect, ...] = get_args(BibtexDialect)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "and",
        "for",
        "to",
        "at",
        "by",
        "with",
        "from",
        "la",
        "le",
        "les",
        "el",
        "der",
        "die",
        "das",
        "de",
    }
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_PAGE_DASHES = re.compile(r"-+|–")
_COMMON = {"author", "editor", "title", "year", "month", "url", "urldate", "note", "language", "doi"}
# Fields each type holds in both BibTeX's standard styles and biblatex's data model; others go to the note.
ALLOWED_FIELDS = {
    "article": _COMMON | {"journal", "volume", "number", "pages", "issn", "eprint", "eprinttype"},
    "book": _COMMON | {"publisher", "address", "edition", "volume", "number", "series", "isbn", "pages"},
    "incollection": _COMMON
    | {"booktitle", "publisher", "address", "edition", "volume", "series", "isbn", "pages"},
    "inproceedings": _COMMON
    | {"booktitle", "publisher", "address", "organization", "volume", "series", "isbn", "pages"},
    "misc": _COMMON | {"howpublished", "organization", "address", "eprint", "eprinttype", "issn"},
    "phdthesis": _COMMON | {"school", "address", "isbn"},
    "mastersthesis": _COMMON | {"school", "address", "isbn"},
    "techreport": _COMMON | {"institution", "address", "number", "isbn"},
}
ALLOWED_FIELDS["inbook"] = ALLOWED_FIELDS["incollection"]
# What each type must hold, as groups of which one field is enough; an entry that lacks one falls back.
_Required: TypeAlias = dict[str, tuple[tuple[str, ...], ...]]
_AUTHOR, _TITLE, _YEAR = ("author",), ("title",), ("year",)
REQUIRED_FIELDS: dict[BibtexDialect, _Required] = {
    # BibTeX's standard styles (btxdoc), as pybtex's plain and alpha read them.
    "bibtex": {
        "article": (_AUTHOR, _TITLE, ("journal",), _YEAR),
        "book": (("author", "editor"), _TITLE, ("publisher",), _YEAR),
        "incollection": (_AUTHOR, _TITLE, ("booktitle",), ("publisher",), _YEAR),
        "inproceedings": (_AUTHOR, _TITLE, ("booktitle",), _YEAR),
        "phdthesis": (_AUTHOR, _TITLE, ("school",), _YEAR),
        "mastersthesis": (_AUTHOR, _TITLE, ("school",), _YEAR),
        "techreport": (_AUTHOR, _TITLE, ("institution",), _YEAR),
        "misc": (),
    },
    # biblatex's data model, as biber --validate-datamodel checks it; a date is mandatory in every type
    # (misc too), so a source without one cannot avoid the warning: it does not decide the type.
    "biblatex": {
        "article": (_AUTHOR, _TITLE, ("journal",)),
        "book": (_AUTHOR, _TITLE),
        "incollection": (_AUTHOR, ("editor",), _TITLE, ("booktitle",)),
        "inbook": (_AUTHOR, _TITLE, ("booktitle",)),
        "inproceedings": (_AUTHOR, _TITLE, ("booktitle",)),
        "phdthesis": (_AUTHOR, _TITLE, ("school",)),
        "mastersthesis": (_AUTHOR, _TITLE, ("school",)),
        "techreport": (_AUTHOR, _TITLE, ("institution",)),
        "misc": (),
    },
}
# Where an entry goes when it lacks a required field: the next type in its list, and at last @misc.
FALLBACKS: dict[BibtexDialect, dict[str, tuple[str, ...]]] = {
    "bibtex": {},
    "biblatex": {"incollection": ("inbook",)},
}
_FIELD_LABELS = {
    "publisher": "Publisher",
    "address": "Place",
    "volume": "Volume",
    "number": "Number",
    "pages": "Pages",
    "series": "Series",
    "edition": "Edition",
    "isbn": "ISBN",
    "issn": "ISSN",
}
_THESIS_MASTERS = re.compile(r"\b(master|m\.?a\.?|m\.?sc?\.?|msc|mphil)\b", re.IGNORECASE)
# Name syntax at brace depth 0. BibTeX, biber, pybtex and bibtexparser split a name list at a word "and" (any
# case); biber reads "=" as its extended name format ("family=…") or a name list option ("useprefix=…").
_PART_SYNTAX = re.compile(r"\band\b|=", re.IGNORECASE)
_WHOLE_SYNTAX = re.compile(r"=")
# biber reads a name whose parts spell "others" (any case, parts joined) as "et al.".
_NAME_GAPS = re.compile(r"[\s,~]")
_FIRST_LETTER = re.compile(r"[A-Za-z]")
# CS1's "accept as written" markup: ``((Gingras A-C))`` is a name to keep as it is.
_AS_WRITTEN = re.compile(r"^\s*\(\((.*)\)\)\s*$", re.DOTALL)
# "et al." closing a name list (``Hett EC et al``, ``((Chung C-W)) etal``): BibTeX's ``and others``. Bounded,
# and searched for only in a name's last characters: a hostile name costs linear time.
_ET_AL = re.compile(r"\bet\.?\s{0,2}al(?:ii|ia)?\.?$", re.IGNORECASE)
_ET_AL_REACH = 12
# Vancouver initials (``Hett EC``): up to four capitals after the family name.
_INITIALS = re.compile(r"[A-Z]{1,4}")
# A word for case protection: letters and digits, apostrophes and dots inside (``NASA's``, ``U.S.``).
_TITLE_WORD = re.compile(r"\w+(?:[.'’]\w+)*\.?")
# Percent-encoded in a URL or DOI (else written as is): braces and backslashes (LaTeX syntax), whitespace and
# controls (after a line break, bibtexparser takes an "@" for a new entry).
_URL_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f-\x9f]")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def _protected(text: str, syntax: re.Pattern[str]) -> str:
    """``text`` escaped, each match of ``syntax`` in braces: ``Smith and Jones`` is ``Smith {and} Jones``."""
    out: list[str] = []
    start = 0
    for match in syntax.finditer(text):
        out.append(latex_escape(text[start : match.start()]))
        out.append("{" + latex_escape(match.group()) + "}")
        start = match.end()
    out.append(latex_escape(text[start:]))
    return "".join(out)


def _not_others(name: str) -> str:
    """A written name that biber would read as "et al." (``others``), with its first letter braced."""
    if _NAME_GAPS.sub("", name).lower() == "others":
        return _FIRST_LETTER.sub(lambda match: "{" + match.group() + "}", name, count=1)
    return name


def _parts(last: str, first: str) -> str:
    """``Last, First`` for parts without a comma: one name for every reader, decoding back the same."""
    return _not_others(f"{_protected(last, _PART_SYNTAX)}, {_protected(first, _PART_SYNTAX)}")


def _whole(name: str) -> str:
    """A name kept whole in braces: no "and" or comma inside splits it; biber reads one family name."""
    return "{" + _not_others(_protected(name, _WHOLE_SYNTAX)) + "}"


def _inside(text: str | None) -> str | None:
    """The name inside CS1's ``((…))``, or None when ``text`` is not so marked."""
    match = _AS_WRITTEN.match(text or "")
    return match.group(1).strip() if match else None


def as_written(person: Person) -> str | None:
    """The name CS1 marks "accept as written" (``((Gingras A-C))``), without its parentheses, or None.

    A Vancouver list item split in two (``last="((Gingras"``, ``first="A-C))"``) counts as one name.
    """
    last, first = (person.last or "").strip(), (person.first or "").strip()
    if last.startswith("((") and first.endswith("))") and "))" not in last:
        return _inside(f"{last} {first}")
    if last and first:
        return None
    return _inside(last or person.full or first)


def without_et_al(person: Person) -> tuple[Person | None, bool]:
    """The person without a closing "et al." (None when nothing else is left), and whether there was one."""
    changes: dict[str, str | None] = {}
    for part in ("full", "first", "last"):
        value = (getattr(person, part) or "").rstrip()
        match = _ET_AL.search(value, max(0, len(value) - _ET_AL_REACH))
        if match:
            changes[part] = value[: match.start()].rstrip(" \t,;") or None
            break
    if not changes:
        return person, False
    stripped = replace(person, **changes)
    if not (stripped.last or stripped.first or stripped.full):
        return None, True
    words = (stripped.full or "").rsplit(maxsplit=1) if not stripped.last else []
    if len(words) == 2 and _INITIALS.fullmatch(words[1]) and _inside(stripped.full) is None:
        stripped = replace(stripped, last=words[0], first=words[1], full=None)  # "Hett EC et al": "Hett, EC"
    return stripped, True


def _keeps_case(word: str, first: bool, sentence_case: bool) -> bool:
    """Whether a title word's capitals must be protected from a style's change of case."""
    if any(char.isupper() for char in word[1:]):  # NASA, iPhone, McDonald, U.S. (Zotero's rule)
        return True
    if first or not word[:1].isupper():
        return False
    return len(word.rstrip(".")) == 1 or sentence_case  # "Vitamin A"; a proper noun in a sentence


def protected_title(title: str) -> str:
    """A title in LaTeX, its proper nouns and acronyms braced (``{NASA}``) so that no style lowercases them.

    Zotero braces every word with a capital after its first letter; so does this, and in a title written in
    sentence case (more lower-case words than capitalised ones, small words aside) every capitalised word
    after the first, which can only be a proper noun. In a title-case title those cannot be told apart.
    """
    words = list(_TITLE_WORD.finditer(title))
    capitalised = lower = 0
    for match in words[1:]:
        word = match.group()
        if word[:1].isalpha() and word.lower() not in _STOP_WORDS:
            capitalised += word[:1].isupper()
            lower += word[:1].islower()
    sentence_case = lower > capitalised
    out: list[str] = []
    start = 0
    for index, match in enumerate(words):
        if _keeps_case(match.group(), index == 0, sentence_case):
            out.append(latex_escape(title[start : match.start()]))
            out.append("{" + latex_escape(match.group()) + "}")
            start = match.end()
    out.append(latex_escape(title[start:]))
    return "".join(out)


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _raw(value: str) -> str:
    """A URL or DOI as a field value: as it is, but for what BibTeX or biber would read as syntax.

    biber reads a value ``xdata=KEY-FIELD`` as a reference to another entry's field: its ``=`` is encoded.
    """
    encoded = _URL_UNSAFE.sub(_percent, value)
    if encoded[:6].lower() == "xdata=":
        encoded = encoded[:5] + "%3D" + encoded[6:]
    return encoded


def iter_citations(source: BibtexSource) -> Iterator[Citation]:
    """Every citation a source holds, bundled ones included, in order."""
    if isinstance(source, Citation):
        yield source
        yield from source.bundled
    elif isinstance(source, Article):
        for citation in source.citations:
            yield from iter_citations(citation)
    elif isinstance(source, Entry):
        article = source.article
        if article is not None:
            yield from iter_citations(article)
    elif isinstance(source, Feed):
        for entry in source.entries:
            yield from iter_citations(entry)
    else:
        check_source(source, "to_bibtex", (Citation, Article, Entry, Feed), iterable=True)
        for item in source:
            yield from iter_citations(item)


class BibtexWriter:
    """Writes citations as BibTeX entries; override a method to change one decision.

    ``dialect`` is ``"biblatex"`` (the default) or ``"bibtex"``: see :data:`BibtexDialect`.
    """

    def __init__(self, dialect: BibtexDialect = "biblatex") -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unknown BibTeX dialect {dialect!r}: one of {', '.join(DIALECTS)}")
        self.dialect: BibtexDialect = dialect

    def wanted(self, citation: Citation) -> bool:
        """Citations with a template, and bare-URL references."""
        return citation.template is not None or citation.url is not None

    def identity(self, citation: Citation) -> tuple[str, ...]:
        """What makes two citations the same source (one entry for both)."""
        if citation.doi:
            return ("doi", citation.doi.strip().lower())
        if citation.url:  # the same URL cited under two titles is two sources (it happens)
            return ("url", citation.url.strip().rstrip("/").lower(), (citation.title or "").strip().lower())
        authors = tuple(person.name.lower() for person in citation.authors)
        return (
            "work",
            (citation.title or citation.text).lower(),
            citation.date or citation.year or "",
            *authors,
        )

    def entry_type(self, citation: Citation) -> str:
        kind = citation.kind
        if kind == "journal" or (kind in {"news", "magazine", "citation"} and citation.work):
            return "article"
        if kind == "book" or (kind == "citation" and citation.publisher):
            return "incollection" if citation.get("chapter") else "book"
        if kind == "conference":
            return "inproceedings"
        if kind == "encyclopedia":
            return "incollection"
        if kind == "thesis":
            degree = citation.get("degree") or citation.get("type") or ""
            return "mastersthesis" if _THESIS_MASTERS.search(degree) else "phdthesis"
        if kind == "report":
            return "techreport"
        return "misc"

    def key_base(self, citation: Citation) -> str:
        """First author's last name, year, first significant title word: ``kilner2011ten``."""
        person = citation.authors[0] if citation.authors else None
        written = as_written(person) if person is not None else None
        if written is not None:  # "((Cox Jü))": a Vancouver name as written, family name first
            words = _ascii_words(written)
            name = words[0] if words else ""
        elif person is not None:
            words = _ascii_words((person.last or person.full or person.first or "").split(",")[0])
            name = words[-1] if words else ""  # a person's last name comes last in "First Last"
        else:
            words = _ascii_words(citation.work or citation.publisher or "")
            name = next((w for w in words if w.lower() not in _STOP_WORDS), "")
        date = parse_date(citation.date or citation.year)
        title_words = [
            w for w in _ascii_words(citation.title or citation.text) if w.lower() not in _STOP_WORDS
        ]
        base = (name or "anon") + (str(date.year) if date else "")
        return (base + (title_words[0] if title_words else "")).lower()

    def person(self, person: Person) -> str:
        """A name as BibTeX reads it: ``Last, First``; a free-form or corporate name is kept whole.

        Whatever it holds, it is one name to BibTeX, biber, pybtex and bibtexparser: a word ``and`` and
        a ``=`` are braced, parts with a comma are written whole, a name spelling ``others`` is no "et al.".
        A name CS1 marks "accept as written" (``((…))``) is kept whole, without its parentheses.
        """
        written = as_written(person)
        if written is not None:
            return _whole(written)
        last_written = _inside(person.last)
        if last_written is not None and person.first:
            return _whole(last_written) + ", " + _protected(person.first, _PART_SYNTAX)
        if person.last and person.first:
            if "," in person.last + person.first:
                return _whole(f"{person.last}, {person.first}")
            return _parts(person.last, person.first)
        name = person.last or person.full or person.first or ""
        if name.count(",") == 1 and " and " not in name and not person.last:
            last, first = (part.strip() for part in name.split(","))
            return _parts(last, first)
        return _whole(name)

    def names(self, people: tuple[Person, ...]) -> str | None:
        """The name list; an "et al." closing a name becomes BibTeX's ``and others``."""
        written: list[str] = []
        others = False
        for person in people:
            kept, et_al = without_et_al(person)
            others = others or et_al
            if kept is not None:
                written.append(self.person(kept))
        if others and written:
            written.append("others")
        return " and ".join(written) or None

    def fields(self, citation: Citation, entry_type: str) -> list[tuple[str, str]]:
        """``(field, value)`` pairs, values already in BibTeX syntax (braced, or a month macro)."""
        out: list[tuple[str, str]] = []

        def text(field: str, value: str | None) -> None:
            if value:
                out.append((field, "{" + latex_escape(value) + "}"))

        def raw(field: str, value: str | None) -> None:
            if value:
                out.append((field, "{" + _raw(value) + "}"))

        out.extend(("author", "{" + a + "}") for a in [self.names(citation.authors)] if a)
        out.extend(("editor", "{" + e + "}") for e in [self.names(citation.editors)] if e)

        def title(field: str, value: str | None) -> None:
            if value:
                out.append((field, "{" + protected_title(value) + "}"))

        chapter = citation.get("chapter")
        container = citation.work or citation.get("encyclopedia")
        part_of_book = entry_type in {"incollection", "inbook"}
        if part_of_book and chapter:
            title("title", chapter)
            text("booktitle", citation.title)
        elif part_of_book:
            title("title", citation.title)
            text("booktitle", container)
        elif entry_type == "misc" and chapter and citation.title:  # a chapter that fell back to @misc
            title("title", chapter)
            container = citation.title
        elif entry_type == "misc" and not citation.title and container:  # a whole encyclopedia, say
            title("title", container)
            container = None
        else:
            title("title", citation.title or (citation.text if citation.template is None else None))
        series = citation.get("series")
        if entry_type == "article":
            text("journal", citation.work)
        elif entry_type == "inproceedings":
            text("booktitle", citation.get("conference") or citation.work)
        elif entry_type == "misc":
            text("howpublished", container)
        elif not part_of_book:
            series = series or citation.work
        text("series", series)
        if entry_type in {"phdthesis", "mastersthesis"}:
            text("school", citation.publisher)
        elif entry_type == "techreport":
            text("institution", citation.publisher)
        else:
            text("publisher", citation.publisher)
        text("address", citation.location)
        text("edition", citation.get("edition"))
        text("volume", citation.volume)
        text("number", citation.issue)
        pages = citation.pages
        if pages:
            # A range's dash is BibTeX's "--"; each side is escaped on its own, so no escape is split.
            ranges = "--".join(latex_escape(side) for side in _PAGE_DASHES.split(pages))
            out.append(("pages", "{" + ranges + "}"))
        self._date(citation, out)
        raw("doi", citation.doi)
        text("isbn", citation.isbn)
        text("issn", citation.issn)
        if citation.pmid and self.dialect == "biblatex":
            text("eprint", citation.pmid)
            text("eprinttype", "pubmed")
        raw("url", external_url(citation.url))  # a rejected URL is text in the note
        access = parse_date(citation.access_date)
        if access and access.day:
            out.append(("urldate", "{" + access.iso() + "}"))
        text("language", citation.language)
        text("note", self.note(citation, access is not None and access.day is not None))
        return out

    def _date(self, citation: Citation, out: list[tuple[str, str]]) -> None:
        date = parse_date(citation.date or citation.year)
        if date is None:
            return
        out.append(("year", "{" + str(date.year) + "}"))
        if date.month:
            out.append(("month", MONTHS[date.month - 1]))

    def note(self, citation: Citation, urldate_written: bool) -> str | None:
        """What has no field of its own: archive copies, agencies, unparsed dates, the kind of medium.

        A ``url`` that :func:`~wikifeedkit.urls.external_url` rejects (``javascript:``, ``data:``, ``file:``,
        no scheme) is kept here as text, never in the ``url`` field; so is such an archive URL.
        """
        parts = []
        if citation.kind == "press release":
            parts.append("Press release")
        elif citation.kind == "av media":
            parts.append(citation.get("type") or "Audiovisual material")
        if citation.agency:
            parts.append(f"Agency: {citation.agency}")
        if citation.url and external_url(citation.url) is None:
            parts.append(f"URL: {citation.url}")
        if citation.archive_url:
            when = f" on {citation.archive_date}" if citation.archive_date else ""
            archive = external_url(citation.archive_url) or citation.archive_url
            parts.append(f"Archived from the original{when}: {archive}")
        if citation.access_date and not urldate_written:
            parts.append(f"Accessed {citation.access_date}")
        date = citation.date or citation.year
        if date and parse_date(date) is None:
            parts.append(f"Date: {date}")
        if citation.pmid and self.dialect == "bibtex":  # BibTeX's styles print no eprint, but every note
            parts.append(f"PMID: {citation.pmid}")
        return ". ".join(parts) or None

    def fit(self, entry_type: str, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Keep the fields the type holds; a misc's publisher is its organization; the rest joins the note."""
        allowed = ALLOWED_FIELDS.get(entry_type, _COMMON)
        kept: list[tuple[str, str]] = []
        moved: list[str] = []
        for field, value in fields:
            if entry_type == "misc" and field == "publisher":
                field = "organization"
            integer = field != "volume" or self.dialect == "bibtex" or value[1:-1].isdigit()
            if field in allowed and integer:  # biblatex's volume is a number: "Band 1+2" goes to the note
                kept.append((field, value))
            elif field in _FIELD_LABELS:
                moved.append(f"{_FIELD_LABELS[field]}: {value[1:-1]}")
        if moved:
            notes = [value[1:-1] for field, value in kept if field == "note"]
            kept = [(f, v) for f, v in kept if f != "note"]
            kept.append(("note", "{" + ". ".join(moved + notes) + "}"))
        return kept

    def complete(self, entry_type: str, fields: list[tuple[str, str]]) -> bool:
        """Whether ``fields`` hold every field the type requires in this dialect."""
        present = {field for field, _ in fields}
        required = REQUIRED_FIELDS[self.dialect].get(entry_type, ())
        return all(any(field in present for field in group) for group in required)

    def typed_fields(self, citation: Citation) -> tuple[str, list[tuple[str, str]]]:
        """The entry type and its fields: :meth:`entry_type`'s, or the first fallback's that are complete."""
        preferred = self.entry_type(citation)
        for entry_type in (preferred, *FALLBACKS[self.dialect].get(preferred, ())):
            fields = self.fit(entry_type, self.fields(citation, entry_type))
            if self.complete(entry_type, fields):
                return entry_type, fields
        return "misc", self.fit("misc", self.fields(citation, "misc"))

    def entry(self, citation: Citation, key: str) -> str:
        entry_type, fields = self.typed_fields(citation)
        if not fields:  # a template with nothing CS1 reads ({{cite gnis|1562127|Bradley}}): no entry
            return ""
        body = ",\n".join(f"  {field} = {value}" for field, value in fields)
        return f"@{entry_type}{{{key},\n{body}\n}}\n"

    def write(self, citations: Iterable[Citation]) -> str:
        """The BibTeX file: one entry per distinct source (the fullest of its citations), keys unique; a
        citation with nothing to write is left out."""
        chosen: dict[tuple[str, ...], Citation] = {}
        for citation in citations:
            if not self.wanted(citation):
                continue
            identity = self.identity(citation)
            known = chosen.get(identity)
            if known is None or len(citation.parameters) > len(known.parameters):
                chosen[identity] = citation  # keeps the first one's place in the file
        used: set[str] = set()
        entries = []
        for citation in chosen.values():
            key = base = self.key_base(citation)
            suffix = 0
            while key in used:
                suffix += 1
                key = base + _suffix(suffix)
            entry = self.entry(citation, key)
            if entry:
                used.add(key)
                entries.append(entry)
        return "\n".join(entries)


def _suffix(number: int) -> str:
    """a, b, …, z, aa, ab, …"""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def to_bibtex(
    source: BibtexSource, *, dialect: BibtexDialect | None = None, writer: BibtexWriter | None = None
) -> str:
    """BibTeX for the citations of a Citation, Article, Entry or Feed, or any list of them.

    ``dialect`` is ``"biblatex"`` (the default) or ``"bibtex"``; a ``writer`` brings its own.
    """
    check_source(source, "to_bibtex", (Citation, Article, Entry, Feed), iterable=True)
    if writer is None:
        writer = BibtexWriter(dialect or "biblatex")
    elif dialect is not None and dialect != writer.dialect:
        raise ValueError(f"to_bibtex: dialect={dialect!r} but the writer writes {writer.dialect!r}")
    return writer.write(iter_citations(source))
