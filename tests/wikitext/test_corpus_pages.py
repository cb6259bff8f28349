"""Exact expectations on real corpus pages with infoboxes and CS1 citations (counts checked with grep)."""

from __future__ import annotations

from functools import cache

import wikifeedkit as wfk
from tests.conftest import CORPUS


@cache
def _article(stem: str) -> wfk.Article:
    return wfk.parse_article((CORPUS / "articles" / f"{stem}.wiki").read_text(encoding="utf-8"), title=stem)


def _uses(article: wfk.Article) -> dict[str, int]:
    return {c.ref_name: c.uses for c in article.citations if c.ref_name}


def test_jodie_emery() -> None:
    article = _article("jodie_emery")
    assert [(i.name, len(i.fields)) for i in article.infoboxes] == [("person", 15)]
    assert len(article.citations) == 9
    assert sum(c.uses for c in article.citations) == 16
    assert _uses(article) == {"facebook": 2, "jodiemla": 4, "liberal": 2, "princess": 3}
    assert article.infobox is not None
    assert article.infobox.text("birth_place") == "Kamloops, BC"
    assert [s.title for s in article.sections] == [
        "Early life",
        "Cannabis activism",
        "Political career",
        "References",
        "External links",
    ]
    assert len(article.categories) == 8


def test_arts_club_of_chicago() -> None:
    article = _article("Arts_Club_of_Chicago")
    assert [(i.name, len(i.fields)) for i in article.infoboxes] == [("museum", 9)]
    assert len(article.citations) == 34
    assert sum(c.uses for c in article.citations) == 54
    assert sum(1 for c in article.citations if c.template) == 11
    assert _uses(article)["ACoCBFactSheet"] == 8
    kruty = next(c for c in article.citations if c.title == "Armory Show of 1913")
    assert kruty.work == "The Electronic Encyclopedia of Chicago"
    assert kruty.publisher == "Chicago Historical Society"
    assert kruty.authors == (wfk.Person(full="Kruty, Paul"),)


def test_alsea() -> None:
    article = _article("Alsea-(company)")
    assert [(i.name, len(i.fields)) for i in article.infoboxes] == [("company", 41)]
    web = next(c for c in article.citations if c.kind == "web")
    assert web.url_status == "dead"
    assert web.archive_date == "2014-06-27"
    bare = [c.title for c in article.citations if c.template is None]
    assert bare == ["Alsea. Investor Relations", "Alsea's 2014 Annual Report"]
    assert [image.file for image in article.images] == ["Alsea logo.png"]
    assert article.tables[0].rows[1][0].text == "Domino's Pizza"


def test_toronto_star() -> None:
    article = _article("toronto_star")
    assert [(i.name, len(i.fields)) for i in article.infoboxes] == [("newspaper", 19)]
    inside = [c for c in article.citations if c.in_reference]
    outside = [c for c in article.citations if not c.in_reference]
    assert (len(inside), sum(c.uses for c in inside)) == (32, 33)
    assert [c.template for c in outside] == ["cite book", "cite book", "cite web", "cite book"]
    templeton = outside[1]
    assert templeton.get("author-link1") == "Charles Templeton"
    assert templeton.get("chapter-url") == "http://www.templetons.com/charles/memoir/chap5.html"
    assert templeton.isbn == "978-0-7710-8545-1"


def test_maurische_netzwuhle_german_taxobox() -> None:
    article = _article("Maurische-Netzwuhle")
    assert [(i.name, len(i.fields)) for i in article.infoboxes] == [("taxobox", 21)]
    assert article.infobox is not None
    assert article.infobox.text("Taxon_WissName") == "Blanus cinereus"
    assert [s.title for s in article.sections[4].children] == ["Einzelnachweise", "Literatur"]
    assert [c.name for c in article.categories] == ["Doppelschleichen"]


def test_united_kingdom() -> None:
    article = _article("United-Kingdom")
    assert [i.name for i in article.infoboxes] == ["country", "Infobox"]
    assert len(article.infoboxes[0].fields) == 94
    assert len(article.citations) == 623
    assert sum(c.uses for c in article.citations) == 695
    assert {c.kind for c in article.citations if c.kind} == {
        "book",
        "citation",
        "encyclopedia",
        "journal",
        "news",
        "press release",
        "report",
        "web",
    }
    assert sum(1 for _ in article.all_sections()) == 46
    flag = next(i for i in article.images if i.source == "infobox")
    assert flag.file == "Flag of the United Kingdom.svg"


def test_mark_behr_afrikaans_infobox() -> None:
    article = _article("Mark-Behr")
    assert article.infobox is not None
    assert (article.infobox.template, article.infobox.name) == ("Inligtingskas Persoon", "Persoon")
    assert len(article.infobox.fields) == 26
    assert len(article.citations) == 29


def test_toronto_star_sections_survive_an_unclosed_italic() -> None:
    """An unclosed '' makes mwparserfromhell nest the rest of the page; the sections are still found."""
    article = _article("toronto_star")
    titles = [(s.title, s.level) for s in article.all_sections()]
    assert len(titles) == 15
    assert titles[6:9] == [
        ("Publishers", 2),
        ("Notable journalists and columnists (past and present)", 2),
        ("Notable cartoonists", 3),
    ]
    publishers = article.sections[5]
    assert publishers.title == "Publishers"
    assert publishers.wikitext.startswith("\n")
    assert "==Publishers==" not in publishers.wikitext


def test_aacta_bundled_citations() -> None:
    article = _article("AACTA-Award-for-Outstanding-Achievement-in-Short-Film-Screen-Craft")
    winners = next(c for c in article.citations if c.ref_name == "Winners")
    assert winners.title == "AACTA - Past Winners - 2000-2010 - 2006"
    assert [b.title[-4:] for b in winners.bundled if b.title] == ["2007", "2008", "2009", "2010"]
    assert all(b.kind == "web" for b in winners.bundled)
