"""BibTeX from the seed and the corpus, read back by bibtexparser 2, pybtex and biber."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database import parse_string

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
        if citation.title and entry.entry_type != "incollection":
            assert fields["title"] == citation.title
        if citation.work and entry.entry_type == "article":
            assert fields["journal"] == citation.work
        if citation.isbn:
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


@pytest.mark.parametrize(
    ("template", "entry_type"),
    [
        ("cite journal|journal=J", "article"),
        ("cite news|work=N", "article"),
        ("cite magazine|magazine=M", "article"),
        ("cite book|publisher=P", "book"),
        ("cite book|chapter=C", "incollection"),
        ("cite web", "misc"),
        ("cite conference|conference=C", "inproceedings"),
        ("cite encyclopedia|encyclopedia=E", "incollection"),
        ("cite thesis|degree=PhD", "phdthesis"),
        ("cite thesis|degree=MA", "mastersthesis"),
        ("cite report|publisher=I", "techreport"),
        ("cite press release", "misc"),
        ("cite AV media", "misc"),
    ],
)
def test_entry_types(template: str, entry_type: str) -> None:
    (entry,) = bibtexparser.parse_string(
        wfk.to_bibtex(wfk.parse_article(f"<ref>{{{{{template}|title=T|year=2000}}}}</ref>"))
    ).entries
    assert entry.entry_type == entry_type


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
