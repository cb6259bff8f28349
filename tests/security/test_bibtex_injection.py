"""BibTeX injection (issue 15, items 5, 12 and 4): a page's text is data in every reader of the .bib.

Each reproducer is read back by pybtex (strict), bibtexparser 2 and biber, which must all see the entries,
fields and names the citations have, and nothing a value forged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.library import Library
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, parse_string

import wikifeedkit as wfk
from tests.conftest import IN_CI, require
from tests.latex_decoding import decode
from tests.properties.strategies import xml_text
from tests.security.complexity import assert_linear
from wikifeedkit.emit.bibtex import _inside, as_written, without_et_al
from wikifeedkit.emit.latex import latex_escape

FORGED_TITLE = 'Real}, note = "FORGED", author = "Evil Author"'
# Every backslash the writer emits starts one of its own commands.
_OWN_COMMAND = re.compile(
    r"\\(?:(?:textbackslash|textbraceleft|textbraceright|textasciicircum|textasciitilde)(?![A-Za-z])|[$&#_%])"
)


def _cite(
    title: str, *, kind: str = "web", authors: tuple[wfk.Person, ...] = (), **more: str
) -> wfk.Citation:
    parameters = (("title", title), *((name.replace("_", "-"), value) for name, value in more.items()))
    return wfk.Citation(raw="", template=f"cite {kind}", kind=kind, parameters=parameters, authors=authors)


def _pybtex(bib: str) -> BibliographyData:
    return parse_string(bib, "bibtex")  # strict: any error raises


def _bibtexparser(bib: str) -> Library:
    library = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    return library


def _biber(bib: str, tmp_path: Path) -> BibliographyData:
    """What biber reads: its --tool output (field names upper-case, ``year`` as ``DATE``), parsed by pybtex."""
    require([] if shutil.which("biber") else ["biber"], "reading BibTeX with biber")
    source, output = tmp_path / "hostile.bib", tmp_path / "biber-out.bib"
    source.write_text(bib, encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(output), str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr, result.stdout
    return _pybtex(output.read_text(encoding="utf-8"))


def _fields(entry: object) -> dict[str, str]:
    """A pybtex entry's fields and names, lower-case names, values decoded."""
    fields = {name.lower(): decode(value) for name, value in entry.fields.items()}  # type: ignore[attr-defined]
    for role, people in entry.persons.items():  # type: ignore[attr-defined]
        fields[role.lower()] = " and ".join(decode(str(person)) for person in people)
    return fields


def _authors(entry: object) -> list[str]:
    return [decode(str(person)) for person in entry.persons.get("author", [])]  # type: ignore[attr-defined]


def _balanced(bib: str) -> bool:
    """Every brace counts (BibTeX's rule, backslash or not): depth never below 0, back to 0 at each entry end."""
    depth = 0
    for char in bib:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and all(block.endswith("\n}") for block in bib.strip().split("\n\n"))


# --- item 5: brace forging ------------------------------------------------------------------------------------


def _forged_page() -> wfk.Article:
    return wfk.parse_article(
        f"Text.<ref>{{{{cite web |title={FORGED_TITLE} |url=https://example.org/ |year=2000}}}}</ref>",
        title="Forged",
    )


def test_forged_title_is_one_field_for_pybtex_and_bibtexparser() -> None:
    bib = wfk.to_bibtex(_forged_page())
    assert _balanced(bib)
    (entry,) = _pybtex(bib).entries.values()
    assert _fields(entry) == {"title": FORGED_TITLE, "url": "https://example.org/", "year": "2000"}
    (parsed,) = _bibtexparser(bib).entries
    assert {name: decode(field.value) for name, field in parsed.fields_dict.items()} == {
        "title": FORGED_TITLE,
        "url": "https://example.org/",
        "year": "2000",
    }


def test_forged_title_is_one_field_for_biber(tmp_path: Path) -> None:
    (entry,) = _biber(wfk.to_bibtex(_forged_page()), tmp_path).entries.values()
    assert _fields(entry) == {"title": FORGED_TITLE, "url": "https://example.org/", "date": "2000"}


def test_stray_braces_do_not_hide_entries_from_biber(tmp_path: Path) -> None:
    titles = ["a{b", "c}d", "}}{{", "{", "}"]
    bib = wfk.to_bibtex([_cite(title, date=f"{2000 + i}") for i, title in enumerate(titles)])
    assert _balanced(bib)
    read = _biber(bib, tmp_path)
    assert sorted(decode(entry.fields["TITLE"]) for entry in read.entries.values()) == sorted(titles)
    assert len(_pybtex(bib).entries) == len(_bibtexparser(bib).entries) == len(titles)


def test_backslash_commands_in_a_value_are_text(tmp_path: Path) -> None:
    canary = tmp_path / "canary.tex"
    canary.write_text("CANARY-SECRET", encoding="utf-8")
    title = f"\\input{{{canary}}} \\url{{x}} \\def\\x{{y}} \\\\ \\{{ \\}} \\textbraceright"
    bib = wfk.to_bibtex(_cite(title, publisher="\\include{/etc/passwd}"))
    assert _balanced(bib)
    assert len(_OWN_COMMAND.findall(bib)) == bib.count("\\")  # no \input, \url, \def: only escapes
    assert "CANARY-SECRET" not in bib
    (entry,) = _pybtex(bib).entries.values()
    assert decode(entry.fields["title"]) == title
    assert decode(entry.fields["organization"]) == "\\include{/etc/passwd}"


def test_line_break_before_an_at_sign_starts_no_entry() -> None:
    title = "x\n@misc{evil,\n  note = {FORGED}\n}\n@comment{"
    bib = wfk.to_bibtex(_cite(title, doi="10.1/a\n@misc{doi,", url="https://example.org/\n@misc{url,"))
    (entry,) = _bibtexparser(bib).entries
    assert set(entry.fields_dict) == {"title", "doi", "url"}
    # a line break reads as a space
    assert decode(entry.fields_dict["title"].value) == title.replace("\n", " ")
    assert len(_pybtex(bib).entries) == 1


# biber (Biber::Entry::add_xdata_ref) reads a field or a name matching this as a reference to another entry's
# field, resolved when LaTeX runs (biber --tool does not resolve it, so the check is on what biber is given).
_BIBER_XDATA = re.compile(r"^xdata=(\S+)$", re.IGNORECASE)


def test_xdata_marker_in_a_value_is_no_reference() -> None:
    marker = "xdata=source2001-title"
    bib = wfk.to_bibtex(_cite(marker, doi=marker, authors=(wfk.Person(full="xdata=source2001-author"),)))
    (entry,) = _pybtex(bib).entries.values()
    values = [*entry.fields.values(), *(str(p) for p in entry.persons["author"])]
    assert [v for v in values if _BIBER_XDATA.match(v.strip("{}"))] == []
    assert decode(entry.fields["title"]) == marker


# --- item 12: "and" and "others" in names ---------------------------------------------------------------------

_NAMED_PAGE = (
    "<ref>{{cite book |last=Smith and Jones |first=A |title=One |year=2000}}</ref>"
    "<ref>{{cite book |last1=Ben AND Jerry |first1=Z |last2=Roe |first2=R |title=Two |year=2001}}</ref>"
    "<ref>{{cite book |author=Procter and Gamble, Inc |title=Three |year=2002}}</ref>"
)
_NAMED_AUTHORS = {
    "One": ["Smith and Jones, A"],
    "Two": ["Ben AND Jerry, Z", "Roe, R"],
    "Three": ["Procter and Gamble, Inc"],
}


def test_and_inside_a_name_is_one_author_for_pybtex_and_bibtexparser() -> None:
    bib = wfk.to_bibtex(wfk.parse_article(_NAMED_PAGE))
    read = {decode(e.fields["title"]): _authors(e) for e in _pybtex(bib).entries.values()}
    assert read == _NAMED_AUTHORS
    for entry in _bibtexparser(bib).entries:
        names = entry.fields_dict["author"].value
        assert [decode(name) for name in names] == _NAMED_AUTHORS[decode(entry.fields_dict["title"].value)]


def test_and_inside_a_name_is_one_author_for_biber(tmp_path: Path) -> None:
    read = _biber(wfk.to_bibtex(wfk.parse_article(_NAMED_PAGE)), tmp_path)
    assert {decode(e.fields["TITLE"]): len(e.persons["AUTHOR"]) for e in read.entries.values()} == {
        title: len(names) for title, names in _NAMED_AUTHORS.items()
    }


@pytest.mark.parametrize(
    "person",
    [
        wfk.Person(full="others"),
        wfk.Person(last="Others"),
        wfk.Person(first="OTHERS"),
        wfk.Person(last="Oth", first="ers"),
        wfk.Person(full="ot hers"),
    ],
)
def test_a_name_spelling_others_is_no_et_al(person: wfk.Person, tmp_path: Path) -> None:
    bib = wfk.to_bibtex(_cite("T", kind="book", authors=(person, wfk.Person(last="Doe", first="J"))))
    (entry,) = _pybtex(bib).entries.values()
    assert len(entry.persons["author"]) == 2
    (read,) = _biber(bib, tmp_path).entries.values()
    assert len(read.persons["AUTHOR"]) == 2  # biber writes "and others" for an et al.
    assert "others" not in [str(p).lower() for p in read.persons["AUTHOR"]]


def test_biber_name_syntax_in_a_name_is_text(tmp_path: Path) -> None:
    people = (
        wfk.Person(full="family=Evil, given=Author"),
        wfk.Person(last="useprefix=true", first="x"),
        wfk.Person(full="xdata=k-author-1"),
        wfk.Person(last="A, B", first="C, D"),
    )
    bib = wfk.to_bibtex(_cite("T", kind="book", authors=people, date="2000"))
    (entry,) = _pybtex(bib).entries.values()
    assert _authors(entry) == [
        "family=Evil, given=Author",
        "useprefix=true, x",
        "xdata=k-author-1",
        "A, B, C, D",
    ]
    (read,) = _biber(bib, tmp_path).entries.values()
    assert len(read.persons["AUTHOR"]) == len(people)
    assert "Evil" in str(read.persons["AUTHOR"][0])  # not split into biber's family/given parts


# --- item 4: URL schemes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd",
     "www.example.org/page", "../relative"],
)  # fmt: skip
def test_a_url_without_an_allowed_scheme_is_text_in_the_note(url: str) -> None:
    bib = wfk.to_bibtex(_cite("T", url=url, archive_url=url, access_date="1 May 2020"))
    (entry,) = _pybtex(bib).entries.values()
    fields = _fields(entry)
    assert "url" not in fields
    assert f"URL: {url}" in fields["note"]
    assert f"Archived from the original: {url}" in fields["note"]


def test_allowed_urls_are_kept_and_protocol_relative_ones_get_https() -> None:
    bib = wfk.to_bibtex(
        [_cite("A", url="//example.org/a", archive_url="//web.archive.org/a"), _cite("B", url="mailto:x@y.z")]
    )
    read = {decode(e.fields["title"]): _fields(e) for e in _pybtex(bib).entries.values()}
    assert read["A"]["url"] == "https://example.org/a"
    assert read["A"]["note"] == "Archived from the original: https://web.archive.org/a"
    assert read["B"]["url"] == "mailto:x@y.z"
    assert "note" not in read["B"]


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_writes_the_hostile_page_as_data(tmp_path: Path) -> None:
    page = tmp_path / "hostile.wiki"
    page.write_text(
        f"<ref>{{{{cite web |title={FORGED_TITLE} |url=javascript:alert(1) |last=Smith and Jones |first=A "
        "|year=2000}}</ref>\n<ref>{{cite book |title=a{b |year=2001}}</ref>\n",
        encoding="utf-8",
    )
    out = tmp_path / "hostile.bib"
    result = subprocess.run(
        [sys.executable, "-m", "wikifeedkit", "convert", str(page), "--to", "bibtex", "-o", str(out)],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    bib = out.read_text(encoding="utf-8")
    assert _balanced(bib)
    read = {decode(e.fields["title"]): e for e in _pybtex(bib).entries.values()}
    assert set(read) == {FORGED_TITLE, "a{b"}
    assert _fields(read[FORGED_TITLE]) == {
        "title": FORGED_TITLE,
        "author": "Smith and Jones, A",
        "year": "2000",
        "note": "URL: javascript:alert(1)",
    }
    assert len(_bibtexparser(bib).entries) == 2


# --- time: linear in the input ---------------------------------------------------------------------------------


def test_latex_escape_is_linear() -> None:
    assert_linear(lambda n: latex_escape("{}\\&" * n), what="latex_escape on {}\\&")
    assert_linear(lambda n: latex_escape("x" * 10 * n), what="latex_escape on a long title")


def test_bibtex_writer_is_linear() -> None:
    def run(n: int) -> str:
        author = wfk.Person(last="Smith and Jones " * (n // 10 + 1), first="{=}, " * (n // 10 + 1))
        return wfk.to_bibtex(_cite("{}\\&" * n, kind="book", authors=(author,), publisher="}{" * n))

    # 10k copies take ~0.02 s, at the default floor, where load noise alone can make a 15× step; quadratic
    # growth (100×) still fails with a floor of 0.05 s.
    assert_linear(run, floor=0.05, what="to_bibtex of a citation with hostile {}\\& fields and names")


def test_names_and_title_capitals_are_linear() -> None:
    """The "et al.", "((…))" and Vancouver readings of a name, and the title's case protection, on input
    made to make a backtracking pattern quadratic (long white space runs between almost-matches)."""

    def run(n: int) -> str:
        spaces = " " * n
        people = (
            wfk.Person(full=f"a{spaces}et{spaces}x"),
            wfk.Person(full=f"(({spaces}Hett{spaces}EC"),
            wfk.Person(last=f"((a{spaces}", first=f"{spaces}b)"),
            wfk.Person(full=f"Hett{spaces}EC{spaces}et al"),
        )
        title = "Word lower " * (n // 10 + 1) + "A" + "B." * n
        return wfk.to_bibtex(_cite(title, kind="journal", authors=people, journal="J", year="2000"))

    assert_linear(run, floor=0.05, what="to_bibtex of names and titles made for backtracking")


# --- fuzz: hostile strings in every field ---------------------------------------------------------------------

_HOSTILE = st.one_of(
    xml_text(max_size=30),
    st.lists(
        st.sampled_from(
            ["}", "{", "\\", "@", "%", "#", '"', ",", "=", "and", " and ", "AND", "others", "xdata=", "\n",
             "~", "\u00a0", "\\input{", "@misc{x,", "--", " ", "((", "))", " et al.", "etal"]
        ),
        max_size=12,
    ).map("".join),
)  # fmt: skip
_FIELDS = ("title", "work", "publisher", "location", "volume", "issue", "pages", "edition", "series", "isbn",
           "issn", "doi", "url", "archive-url", "archive-date", "agency", "language", "chapter", "date",
           "access-date", "pmid")  # fmt: skip
_KINDS = ("web", "news", "journal", "book", "conference", "thesis", "report", "encyclopedia", "press release")


@st.composite
def _hostile_citations(draw: st.DrawFn) -> wfk.Citation:
    person = st.builds(wfk.Person, st.none() | _HOSTILE, st.none() | _HOSTILE, st.none() | _HOSTILE)
    parameters = tuple((name, draw(_HOSTILE)) for name in _FIELDS if draw(st.booleans()))
    kind = draw(st.sampled_from(_KINDS))
    return wfk.Citation(
        raw="",
        template=f"cite {kind}",
        kind=kind,
        parameters=(("title", draw(_HOSTILE) + "t"), *parameters),
        authors=tuple(draw(st.lists(person, max_size=3))),
        editors=tuple(draw(st.lists(person, max_size=2))),
    )


def _written(bib: str) -> list[dict[str, str]]:
    """What the writer meant to write: each entry's ``field = {value}`` lines, read by line (values are one line)."""
    entries = []
    for block in bib.strip().split("\n\n"):
        lines = block.splitlines()[1:-1]
        entries.append(dict(line.strip().rstrip(",").split(" = ", 1) for line in lines))
    return entries


def _same_text(value: str) -> str:
    """Text as BibTeX readers compare it: a line break is a space, white space runs are one, none at the ends."""
    return " ".join(value.split())


def _commands(bib: str, citations: list[wfk.Citation]) -> int:
    """Backslashes in ``bib`` that start no escape of ours, nor the LaTeX form of an input's non-ASCII letter."""
    texts = [v for c in citations for _, v in c.parameters]
    texts += [v or "" for c in citations for p in (*c.authors, *c.editors) for v in (p.last, p.first, p.full)]
    for char in {char for text in texts for char in text if ord(char) > 127}:
        bib = bib.replace(latex_escape(char), "")
    return bib.count("\\") - len(_OWN_COMMAND.findall(bib))


def _name(person: wfk.Person) -> str:
    """The name as the writer means it: ``Last, First``, or the free-form name (one comma: ``Last, First``)."""
    if person.last and person.first:
        return f"{person.last}, {person.first}"
    name = person.last or person.full or person.first or ""
    if name.count(",") == 1 and " and " not in name and not person.last:
        return ", ".join(part.strip() for part in name.split(","))
    return name


def _names(people: tuple[wfk.Person, ...]) -> list[str]:
    """The names as the writer means them: CS1's ``((…))`` without its parentheses, a closing "et al." as a
    last name ``others``."""
    names, others = [], False
    for person in people:
        kept, et_al = without_et_al(person)
        others = others or et_al
        if kept is None:
            continue
        inner = _inside(kept.last)
        if as_written(kept) is not None:
            names.append(as_written(kept) or "")
        elif inner is not None and kept.first:
            names.append(f"{inner}, {kept.first}")
        else:
            names.append(_name(kept))
    return [*names, "others"] if others and names else names


def _chosen(citations: list[wfk.Citation]) -> list[wfk.Citation]:
    """The citations the writer writes, in its order: one per source, the fullest (as BibtexWriter.write)."""
    writer, chosen = wfk.BibtexWriter(), dict[tuple[str, ...], wfk.Citation]()
    for citation in filter(writer.wanted, citations):
        known = chosen.get(writer.identity(citation))
        if known is None or len(citation.parameters) > len(known.parameters):
            chosen[writer.identity(citation)] = citation
    return list(chosen.values())


@settings(max_examples=300 if IN_CI else 150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_hostile_citations(), min_size=1, max_size=4))
def test_fuzz_every_entry_reads_back_as_written(citations: list[wfk.Citation]) -> None:
    bib = wfk.to_bibtex(citations)
    assert _balanced(bib)
    assert _commands(bib, citations) == 0
    written, chosen = _written(bib), _chosen(citations)
    read, parsed = list(_pybtex(bib).entries.values()), _bibtexparser(bib).entries
    assert len(read) == len(written) == len(chosen) == len(parsed)
    for entry, citation in zip(parsed, chosen, strict=True):
        for role, people in (("author", citation.authors), ("editor", citation.editors)):
            if _names(people):  # each name decodes back to itself
                assert [_same_text(decode(n)) for n in entry.fields_dict[role].value] == [
                    _same_text(n) for n in _names(people)
                ]
    for entry, fields, citation in zip(read, written, chosen, strict=True):
        names = {role: len(people) for role, people in entry.persons.items()}
        assert set(entry.fields) | set(names) == set(fields)  # no field forged, none lost
        expected = {
            r: len(_names(p)) for r, p in [("author", citation.authors), ("editor", citation.editors)]
        }
        assert names == {role: count for role, count in expected.items() if count}
        for name, value in fields.items():
            if name not in names and value.startswith("{"):
                assert _same_text(entry.fields[name]) == _same_text(value[1:-1])
        if not citation.get("chapter"):
            assert _same_text(decode(entry.fields["title"])) == _same_text(citation.title or "")


def test_a_page_range_dash_never_splits_an_escape() -> None:
    """Found by the fuzz test: a soft hyphen's ``{\\-}`` became ``{\\--}`` when range dashes were doubled."""
    citation = wfk.Citation(
        raw="",
        template="cite book",
        kind="book",
        parameters=(("title", "T"), ("pages", "1\xad2–3")),
        authors=(wfk.Person(last="A", first="B"),),  # a @book (biblatex's needs an author), with its pages
    )
    bib = wfk.to_bibtex([citation])
    assert "pages = {1{\\-}2--3}" in bib
