"""Hypothesis strategies that stress every layer: any Unicode, markup characters, whitespace runs."""

from __future__ import annotations

from hypothesis import strategies as st

from wikifeedkit import Citation, Person

# Characters that break naive decoders: HTML/XML specials, wiki markup, LaTeX specials, whitespace, NBSP.
_NASTY = [*"&<>\"'|={}[]%$#_~^\\\t ", "\u00a0", "\u200e", "\u0301", "\U0001d11e", "\u05d0", "  "]

_XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs",),  # surrogates cannot be encoded
    exclude_characters="\r\x0b\x0c\ufffe\uffff" + "".join(chr(c) for c in range(0x20) if c not in (9, 10)),
)


def xml_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text that XML 1.0 can carry: any Unicode but C0 controls other than tab and newline, and CR.

    MediaWiki stores text with LF line ends and no control characters, so this is every text it can serve.
    """
    piece = st.one_of(_XML_CHARS, st.sampled_from(_NASTY), st.just("\n"))
    return st.lists(piece, max_size=max_size).map("".join)


def wiki_line(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """One line of text (no line break), rich in spaces and no-break spaces."""
    piece = st.one_of(
        _XML_CHARS.filter(lambda c: c != "\n"), st.sampled_from([" ", "  ", "\u00a0", "a", "é"])
    )
    return st.lists(piece, max_size=max_size).map("".join)


def field_text(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """A citation field's value as CS1 leaves it after rendering: one line, single spaces, trimmed."""
    piece = st.one_of(
        _XML_CHARS.filter(lambda c: not c.isspace()),
        st.sampled_from([*_NASTY, " ", "-", "--", "'", "''", "`"]),
    )
    return (
        st.lists(piece, min_size=min_size, max_size=max_size)
        .map(lambda parts: " ".join("".join(parts).split()))
        .filter(lambda text: len(text) >= min_size)
    )


CS1_KINDS = ("web", "news", "journal", "book", "magazine", "conference", "thesis", "report", "press release",
             "encyclopedia", "av media", "citation")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


@st.composite
def cs1_dates(draw: st.DrawFn) -> str:
    """Dates in the forms CS1 allows."""
    year = draw(st.integers(1000, 2099))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    form = draw(st.sampled_from(["dmy", "mdy", "iso", "my", "y"]))
    return {
        "dmy": f"{day} {MONTHS[month - 1]} {year}",
        "mdy": f"{MONTHS[month - 1]} {day}, {year}",
        "iso": f"{year:04d}-{month:02d}-{day:02d}",
        "my": f"{MONTHS[month - 1]} {year}",
        "y": str(year),
    }[form]


@st.composite
def people(draw: st.DrawFn, max_size: int = 4) -> tuple[Person, ...]:
    names = field_text(max_size=15).filter(lambda t: "," not in t and " and " not in f" {t} ")
    return tuple(Person(last=draw(names), first=draw(names)) for _ in range(draw(st.integers(0, max_size))))


@st.composite
def citations(draw: st.DrawFn) -> Citation:
    """A Citation of any CS1 kind with several authors and a date in a CS1 form."""
    kind = draw(st.sampled_from(CS1_KINDS))
    parameters: list[tuple[str, str]] = [("title", draw(field_text()))]
    for name, strategy in (
        ("work", field_text()), ("publisher", field_text()), ("url", st.just("http://example.test/")
         .map(lambda base: base + draw(st.text("abcXYZ019-_~%", max_size=12)))), ("date", cs1_dates()),
        ("volume", st.integers(1, 999).map(str)), ("issue", st.integers(1, 99).map(str)),
        ("doi", st.just("10.1000/").map(lambda p: p + draw(st.text("abc019.-/", min_size=1, max_size=8)))),
        ("isbn", st.sampled_from(["978-0-7710-8545-1", "0-306-40615-2"])), ("access-date", cs1_dates()),
    ):  # fmt: skip
        if draw(st.booleans()):
            parameters.append((name, draw(strategy)))
    return Citation(
        raw="",
        template="citation" if kind == "citation" else f"cite {kind}",
        kind=kind,
        parameters=tuple(parameters),
        authors=draw(people()),
        editors=draw(people(max_size=2)),
    )
