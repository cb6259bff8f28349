"""CS1 normalisation: aliases, name lists, identifiers, German templates."""

from __future__ import annotations

import pytest

import wikifeedkit as wfk
from wikifeedkit.wikitext.cs1 import canonical_name, name_list_slot, vancouver


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("accessdate", "access-date"),
        ("access-date", "access-date"),
        ("archiveurl", "archive-url"),
        ("archive-date", "archive-date"),
        ("dead-url", "url-status"),
        ("deadurl", "url-status"),
        ("website", "work"),
        ("newspaper", "work"),
        ("journal", "work"),
        ("magazine", "work"),
        ("periodical", "work"),
        ("ISBN", "isbn"),
        ("DOI", "doi"),
        ("PMID", "pmid"),
        ("place", "location"),
        ("pp", "pages"),
        ("p", "page"),
        ("number", "issue"),
        ("lang", "language"),
        ("title", "title"),
    ],
)
def test_aliases(written: str, canonical: str) -> None:
    assert canonical_name(written) == canonical


@pytest.mark.parametrize(
    ("written", "slot"),
    [
        ("last", ("author", 1, "last")),
        ("last2", ("author", 2, "last")),
        ("surname3", ("author", 3, "last")),
        ("author2-last", ("author", 2, "last")),
        ("first1", ("author", 1, "first")),
        ("given", ("author", 1, "first")),
        ("author", ("author", 1, "full")),
        ("author4", ("author", 4, "full")),
        ("authorlink", ("author", 1, "link")),
        ("author-link2", ("author", 2, "link")),
        ("editor-last", ("editor", 1, "last")),
        ("editor2-first", ("editor", 2, "first")),
        ("editor", ("editor", 1, "full")),
        ("title", None),
        ("author-mask", None),
        ("display-authors", None),
        ("translator", None),
    ],
)
def test_name_list_slots(written: str, slot: tuple[str, int, str] | None) -> None:
    assert name_list_slot(written) == slot


def test_every_kind_and_name_list() -> None:
    text = (
        "<ref>{{Cite Journal|last1=Curie|first1=Marie|author1-link=Marie Curie|last2=Curie|first2=Pierre"
        "|editor-last=Ed|editor-first=A.|title=Rays|journal=Nature|volume=5|issue=2|pages=1–9|year=1903"
        "|doi=10.1/x|PMID=123|url-status=live}}</ref>"
    )
    (citation,) = wfk.parse_article(text).citations
    assert citation.template == "cite journal"
    assert citation.kind == "journal"
    assert citation.authors == (
        wfk.Person(last="Curie", first="Marie", link="Marie Curie"),
        wfk.Person(last="Curie", first="Pierre"),
    )
    assert citation.editors == (wfk.Person(last="Ed", first="A."),)
    assert (citation.work, citation.volume, citation.issue, citation.pages) == ("Nature", "5", "2", "1–9")
    assert (citation.doi, citation.pmid, citation.year) == ("10.1/x", "123", "1903")
    assert list(citation.fields)[:5] == ["last1", "first1", "author-link1", "last2", "first2"]


@pytest.mark.parametrize(
    ("template", "kind"),
    [
        ("cite web", "web"),
        ("cite news", "news"),
        ("cite journal", "journal"),
        ("cite book", "book"),
        ("cite magazine", "magazine"),
        ("cite conference", "conference"),
        ("cite thesis", "thesis"),
        ("cite report", "report"),
        ("cite press release", "press release"),
        ("cite encyclopedia", "encyclopedia"),
        ("cite AV media", "av media"),
        ("Citation", "citation"),
        ("CITE WEB", "web"),
        ("Cite_web", "web"),
    ],
)
def test_citation_templates_in_any_case(template: str, kind: str) -> None:
    (citation,) = wfk.parse_article(f"<ref>{{{{{template}|title=T}}}}</ref>").citations
    assert citation.kind == kind
    assert citation.title == "T"


def test_vancouver_and_free_form_authors() -> None:
    assert vancouver("Smith AB, Jones C") == (
        wfk.Person(last="Smith", first="AB"),
        wfk.Person(last="Jones", first="C"),
    )
    (citation,) = wfk.parse_article("<ref>{{cite journal|vauthors=Smith AB, Lee K|title=T}}</ref>").citations
    assert [person.name for person in citation.authors] == ["AB Smith", "K Lee"]


def test_german_internetquelle() -> None:
    text = "<ref>{{Internetquelle|url=http://x.test|titel=Titel|autor=A. Autor|werk=Werk|datum=2001-02-03|abruf=2020-01-01}}</ref>"
    (citation,) = wfk.parse_article(text).citations
    assert (citation.kind, citation.title, citation.work) == ("web", "Titel", "Werk")
    assert (citation.date, citation.access_date) == ("2001-02-03", "2020-01-01")
    assert citation.authors == (wfk.Person(full="A. Autor"),)


def test_empty_parameters_are_dropped_and_markup_becomes_text() -> None:
    (citation,) = wfk.parse_article(
        "<ref>{{cite web|title=''It'' &amp; [[Link|label]]|url=|date= }}</ref>"
    ).citations
    assert citation.fields == {"title": "It & label"}
