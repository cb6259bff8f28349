"""BibTeX from the seed and the corpus, read back by bibtexparser 2, pybtex and biber."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
from bibtexparser.model import Entry
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA, require
from tests.latex_decoding import decode


@cache
def _articles() -> tuple[wfk.Article, ...]:
    corpus = tuple(
        wfk.parse_article(path.read_text(encoding="utf-8"), title=path.stem)
        for path in sorted((CORPUS / "articles").glob("*.wiki"))
    )
    seed = wfk.read_feed(DATA / "contributions-seed.atom").entries[0].article
    assert seed is not None
    return (seed, *corpus)


@cache
def _bib() -> str:
    return wfk.to_bibtex(list(_articles()))


def _wanted() -> list[wfk.Citation]:
    citations = []
    for article in _articles():
        for citation in article.citations:
            citations.extend([citation, *citation.bundled])
    return [c for c in citations if c.template is not None or c.url is not None]


def test_bibtexparser_reads_every_entry() -> None:
    library = bibtexparser.parse_string(_bib())
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys))
    assert len(keys) > 900


def test_pybtex_reads_it_strictly() -> None:
    pybtex.errors.set_strict_mode(True)
    data = parse_string(_bib(), "bibtex")
    assert len(data.entries) == len(bibtexparser.parse_string(_bib()).entries)


def test_field_values_come_back_equal() -> None:
    entries = {}
    for entry in bibtexparser.parse_string(_bib()).entries:
        if "url" in entry.fields_dict and "title" in entry.fields_dict:
            entries[entry.fields_dict["url"].value, decode(entry.fields_dict["title"].value)] = entry
    checked = 0
    for citation in _wanted():
        entry = entries.get((citation.url or "", citation.title or ""))
        if entry is None:
            continue  # the same source was written once, from its first citation
        fields = {name: decode(field.value) for name, field in entry.fields_dict.items()}
        if citation.title and not citation.get("chapter"):
            assert fields["title"] == citation.title
        if citation.work and entry.entry_type == "article":
            assert fields["journal"] == citation.work
        if citation.isbn and entry.entry_type == "misc":  # biblatex's @misc has no isbn
            assert f"ISBN: {citation.isbn}" in fields["note"]
        elif citation.isbn:
            assert fields["isbn"] == citation.isbn
        if citation.doi:
            assert fields["doi"] == citation.doi
        checked += 1
    assert checked > 700


def test_seed_entries() -> None:
    seed = _articles()[0]
    library = bibtexparser.parse_string(wfk.to_bibtex(seed))
    # 24 citations, but the RFE/RL article is cited twice (once named, once in full): one entry, the fuller one.
    assert len(library.entries) == 23
    rferl = next(e for e in library.entries if "rferl.org" in e.fields_dict["url"].value)
    assert decode(rferl.fields_dict["author"].value) == "Tolken, Sania"
    kilner = next(e for e in library.entries if e.key == "kilner2011ten")
    assert kilner.entry_type == "article"
    assert decode(kilner.fields_dict["author"].value) == "Kilner, James"
    assert decode(kilner.fields_dict["journal"].value) == "The Daily Telegraph"
    assert kilner.fields_dict["month"].value == "dec"
    abuse = next(e for e in library.entries if "18055249" in e.fields_dict["url"].value)
    assert abuse.fields_dict["author"].value == "{Demytrie, Rayhan and Shodiyor Eshaev}"  # one free-form name
    assert abuse.fields_dict["urldate"].value == "2012-05-16"
    amnesty = next(e for e in library.entries if e.key == "amnestykazakhstan")
    assert "Archived from the original on 24 August 2014" in decode(amnesty.fields_dict["note"].value)


def test_keys_are_stable_and_unique() -> None:
    assert wfk.to_bibtex(list(_articles())) == _bib()
    same = wfk.Citation(
        raw="", template="cite web", kind="web", parameters=(("title", "Same title"), ("year", "2001"))
    )
    other = wfk.Citation(
        raw="", template="cite web", kind="web", parameters=(("title", "Same words"), ("year", "2001"))
    )
    keys = [e.key for e in bibtexparser.parse_string(wfk.to_bibtex([same, other])).entries]
    assert keys == ["anon2001same", "anon2001samea"]


def test_one_entry_per_source_across_articles() -> None:
    text = "a<ref>{{cite web|url=http://x.test/a|title=A}}</ref>"
    first, second = wfk.parse_article(text), wfk.parse_article(text + " again")
    assert wfk.to_bibtex([first, second]).count("@") == 1


def _entry(wikitext: str, dialect: wfk.BibtexDialect = "biblatex") -> Entry:
    (entry,) = bibtexparser.parse_string(wfk.to_bibtex(wfk.parse_article(wikitext), dialect=dialect)).entries
    return entry


@pytest.mark.parametrize(
    ("template", "entry_type"),
    [
        ("cite journal|journal=J", "article"),
        ("cite news|work=N", "article"),
        ("cite magazine|magazine=M", "article"),
        ("cite book|publisher=P", "book"),
        ("cite book|chapter=C|editor=E", "incollection"),
        ("cite book|chapter=C", "inbook"),  # biblatex's @incollection needs an editor
        ("cite web", "misc"),
        ("cite conference|conference=C", "inproceedings"),
        ("cite encyclopedia|encyclopedia=E|editor=F", "incollection"),
        ("cite encyclopedia|encyclopedia=E", "inbook"),
        ("cite thesis|degree=PhD|publisher=U", "phdthesis"),
        ("cite thesis|degree=MA|publisher=U", "mastersthesis"),
        ("cite report|publisher=I", "techreport"),
        ("cite press release", "misc"),
        ("cite AV media", "misc"),
    ],
)
def test_entry_types(template: str, entry_type: str) -> None:
    assert _entry(f"<ref>{{{{{template}|author=A B|title=T|year=2000}}}}</ref>").entry_type == entry_type


@pytest.mark.parametrize(
    ("template", "dialect", "entry_type"),
    [
        # Found by pybtex's plain style: an @article without a year stopped it.
        ("cite journal|author=A B|title=T|journal=J", "bibtex", "misc"),
        ("cite journal|author=A B|title=T|journal=J", "biblatex", "article"),  # a date is no reason there
        ("cite journal|title=T|journal=J|year=2000", "bibtex", "misc"),
        ("cite journal|title=T|journal=J|year=2000", "biblatex", "misc"),
        ("cite book|author=A B|title=T|year=2000", "bibtex", "misc"),  # BibTeX's @book needs a publisher
        ("cite book|author=A B|title=T|year=2000", "biblatex", "book"),
        ("cite book|editor=E F|title=T|publisher=P|year=2000", "bibtex", "book"),
        ("cite book|author=A B|chapter=C|title=T|publisher=P|year=2000", "bibtex", "incollection"),
        ("cite thesis|author=A B|title=T|degree=PhD|year=2000", "bibtex", "misc"),
    ],
)
def test_an_entry_without_its_types_required_fields_falls_back(
    template: str, dialect: wfk.BibtexDialect, entry_type: str
) -> None:
    assert _entry(f"<ref>{{{{{template}}}}}</ref>", dialect).entry_type == entry_type


def test_a_chapter_that_falls_back_to_misc_keeps_its_book() -> None:
    entry = _entry("<ref>{{cite book|chapter=The Chapter|title=The Book|year=2000}}</ref>", "bibtex")
    assert entry.entry_type == "misc"
    assert decode(entry.fields_dict["title"].value) == "The Chapter"
    assert decode(entry.fields_dict["howpublished"].value) == "The Book"


def test_an_encyclopedia_cited_whole_is_the_title() -> None:
    entry = _entry(
        "<ref>{{cite encyclopedia|encyclopedia=Encyclopaedia of Wales|editor=J D|year=2008}}</ref>"
    )
    assert entry.entry_type == "misc"
    assert decode(entry.fields_dict["title"].value) == "Encyclopaedia of Wales"
    assert "howpublished" not in entry.fields_dict


def test_a_citation_with_nothing_to_write_is_no_entry() -> None:
    # {{cite gnis}} is no CS1 template: none of its parameters is a field, and "@misc{anon,}" helps no one.
    assert wfk.to_bibtex(wfk.parse_article("<ref>{{cite gnis|1562127|Bradley}}</ref>")) == ""


def test_accept_as_written_names_are_braced_without_parentheses() -> None:
    entry = _entry(
        "<ref>{{cite journal|vauthors=((Gingras A-C)), Gstaiger M|title=T|journal=J|year=2007}}</ref>"
    )
    assert entry.fields_dict["author"].value == "{Gingras A-C} and Gstaiger, M"
    assert entry.key == "gingras2007t"
    whole = _entry("<ref>{{cite journal|vauthors=((Cox Jü)), Mann M|title=T|journal=J|year=2007}}</ref>")
    assert whole.fields_dict["author"].value == '{Cox J{\\"u}} and Mann, M'
    assert whole.key == "cox2007t"
    last = _entry("<ref>{{cite web|last=((World Health Organization))|title=T}}</ref>")
    assert last.fields_dict["author"].value == "{World Health Organization}"


@pytest.mark.parametrize(
    ("authors", "written"),
    [
        ("vauthors=Hett EC et al", "Hett, EC and others"),
        ("vauthors=Hett EC, Xu H, et al.", "Hett, EC and Xu, H and others"),
        ("vauthors=((Chung C-W)) etal", "{Chung C-W} and others"),
        ("author=Smith, John|author2=et al.", "Smith, John and others"),
        ("author=Tom Petal", "{Tom Petal}"),  # a name ending in "etal" is a name
    ],
)
def test_et_al_is_and_others(authors: str, written: str) -> None:
    entry = _entry(f"<ref>{{{{cite journal|{authors}|title=T|journal=J|year=2010}}}}</ref>")
    assert entry.fields_dict["author"].value == written
    (read,) = parse_string(
        wfk.to_bibtex(
            wfk.parse_article(f"<ref>{{{{cite journal|{authors}|title=T|journal=J|year=2010}}}}</ref>")
        ),
        "bibtex",
    ).entries.values()
    assert (str(read.persons["author"][-1]) == "others") == written.endswith(" and others")


def test_pmid_by_dialect() -> None:
    text = "<ref>{{cite journal|author=A B|title=T|journal=J|year=2000|pmid=17693247}}</ref>"
    biblatex = _entry(text, "biblatex").fields_dict
    assert biblatex["eprint"].value == "17693247"
    assert biblatex["eprinttype"].value == "pubmed"
    assert "note" not in biblatex
    bibtex = _entry(text, "bibtex").fields_dict
    assert "eprint" not in bibtex
    assert "eprinttype" not in bibtex
    assert bibtex["note"].value == "PMID: 17693247"
    assert "PMID: 17693247" in _plain([wfk.parse_article(text)], "bibtex")[0]


def test_biblatex_volume_that_is_no_number_goes_to_the_note() -> None:
    text = "<ref>{{cite book|author=A B|title=T|year=2000|volume=Band 1+2}}</ref>"
    assert "volume" not in _entry(text, "biblatex").fields_dict
    assert "Volume: Band 1+2" in decode(_entry(text, "biblatex").fields_dict["note"].value)
    assert _entry(text.replace("Band 1+2", "12"), "biblatex").fields_dict["volume"].value == "12"


def test_unknown_dialect_and_a_writer_of_another_dialect_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown BibTeX dialect 'bibtek'"):
        wfk.to_bibtex([], dialect="bibtek")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="dialect='bibtex'"):
        wfk.to_bibtex([], dialect="bibtex", writer=wfk.BibtexWriter("biblatex"))
    assert wfk.BibtexWriter().dialect == "biblatex"


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("NASA's budget for 2010", "{NASA's} budget for 2010"),
        ("The iPhone and McDonald", "The {iPhone} and {McDonald}"),
        # Sentence case: a capital after the first word can only be a proper noun.
        (
            "Chemical biology of the proteasome in Escherichia coli",
            "Chemical biology of the proteasome in {Escherichia} coli",
        ),
        # Title case: the capitals of "Battle" and "Waterloo" cannot be told apart; neither is braced.
        ("The Battle of Waterloo", "The Battle of Waterloo"),
        ("Vitamin A and the U.S. Army", "Vitamin {A} and the {U.S.} Army"),
        ("NASA", "{NASA}"),
        ("Émile Zola et la presse", "{\\'E}mile {Zola} et la presse"),
    ],
)
def test_title_capitals_are_protected(title: str, written: str) -> None:
    entry = _entry(f"<ref>{{{{cite web|title={title}|url=http://x.test}}}}</ref>")
    assert entry.fields_dict["title"].value == written
    assert decode(entry.fields_dict["title"].value) == title


def test_plain_style_keeps_protected_capitals() -> None:
    (text,) = _plain(
        [
            wfk.parse_article(
                "<ref>{{cite journal|author=A B|title=NASA and the Moon landing program|journal=J|year=1969}}</ref>"
            )
        ],
        "bibtex",
    )
    assert (
        "NASA and the Moon landing program" in text
    )  # plain lowercases what is not braced: "Nasa and the moon…"


# --- proof: every corpus page and the seed, through pybtex's styles and biber ----------------------------------


def _pages() -> list[tuple[str, wfk.Article]]:
    corpus = sorted((CORPUS / "articles").glob("*.wiki"))
    return [
        ("seed", _articles()[0]),
        *((path.stem, article) for path, article in zip(corpus, _articles()[1:], strict=True)),
    ]


class _PageKeys(wfk.BibtexWriter):
    """Keys prefixed with the page, so that every page's own entries can share one file and name their page."""

    def __init__(self, page: str, dialect: wfk.BibtexDialect) -> None:
        super().__init__(dialect)
        self.page = page

    def key_base(self, citation: wfk.Citation) -> str:
        return f"{self.page}:{super().key_base(citation)}"


@cache
def _per_page_bib(dialect: wfk.BibtexDialect) -> str:
    pages = [
        wfk.to_bibtex(article, writer=_PageKeys(f"p{i}", dialect)) for i, (_, article) in enumerate(_pages())
    ]
    return "\n".join(page for page in pages if page)


def _plain(articles: list[wfk.Article], dialect: wfk.BibtexDialect, style: str = "plain") -> list[str]:
    pybtex.errors.set_strict_mode(True)
    data = parse_string(wfk.to_bibtex(articles, dialect=dialect), "bibtex")
    formatted = find_plugin("pybtex.style.formatting", style)().format_bibliography(data)
    backend = find_plugin("pybtex.backends", "text")()
    return [entry.text.render(backend) for entry in formatted]


@pytest.mark.parametrize("style", ["plain", "alpha"])
def test_pybtex_styles_format_every_page(style: str) -> None:
    pybtex.errors.set_strict_mode(True)  # any error raises, FieldIsMissing included
    data = parse_string(_per_page_bib("bibtex"), "bibtex")
    formatted = list(find_plugin("pybtex.style.formatting", style)().format_bibliography(data))
    backend = find_plugin("pybtex.backends", "text")()
    texts = [entry.text.render(backend) for entry in formatted]
    assert len(texts) == len(data.entries) > 1000
    assert all(texts)
    pages = {key.split(":")[0] for key in data.entries}
    assert pages == {f"p{i}" for i, (_, article) in enumerate(_pages()) if wfk.to_bibtex(article)}
    assert len(pages) > 30
    assert "{NASA}" not in "".join(texts)


def test_biber_warns_only_of_what_the_sources_lack(tmp_path: Path) -> None:
    require([] if shutil.which("biber") else ["biber"], "validating BibTeX with biber")
    path = tmp_path / "pages.bib"
    bib = _per_page_bib("biblatex")
    path.write_text(bib, encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("WARN - ")]
    undated = re.compile(
        r"Entry '([^']+)' .*: Missing mandatory field - one of 'date, year' must be defined$"
    )
    others = [w for w in warnings if not undated.search(w)]
    assert others == [], others[:5]
    entries = {entry.key: entry for entry in bibtexparser.parse_string(bib).entries}
    for warning in warnings:
        entry = entries[undated.search(warning).group(1)]  # type: ignore[union-attr]
        assert "year" not in entry.fields_dict
        note = decode(entry.fields_dict["note"].value) if "note" in entry.fields_dict else ""
        assert "Date:" not in note.replace("Date: n.d.", ""), note  # a date we failed to read is our fault
    assert 0 < len(warnings) < len(entries) / 2


def test_latex_specials_and_unicode_round_trip() -> None:
    title = "50% of $x_1^2 & {a} ~ #1 \\ – “Zürich” 東京 a--b ''q''"
    bib = wfk.to_bibtex(wfk.Citation(raw="", template="cite web", kind="web", parameters=(("title", title),)))
    (entry,) = bibtexparser.parse_string(bib).entries
    assert decode(entry.fields_dict["title"].value) == title
    parse_string(bib, "bibtex")


def test_biber_validates_the_corpus_file(tmp_path: Path) -> None:
    require([] if shutil.which("biber") else ["biber"], "validating BibTeX with biber")
    path = tmp_path / "corpus.bib"
    path.write_text(_bib(), encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if "WARN" in line]
    # Only data the sources lack may be reported (a date, an author); never a field we put in the wrong type.
    assert not [w for w in warnings if "Invalid field" in w], warnings[:5]
