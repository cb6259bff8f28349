"""The seed article ("Zhanaozen massacre", from the seed feed): exact expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

import wikifeedkit as wfk


@pytest.fixture(scope="module")
def article(seed_path: Path) -> wfk.Article:
    entry = wfk.read_feed(seed_path).entries[0]
    assert entry.wikitext is not None
    return wfk.parse_article(entry.wikitext, title="Zhanaozen massacre")


def test_entry_article(seed_path: Path, article: wfk.Article) -> None:
    feed = wfk.read_feed(seed_path)
    assert feed.entries[0].article == article
    assert wfk.Entry(title="no text").article is None


def test_infobox(article: wfk.Article) -> None:
    infobox = article.infobox
    assert infobox is not None
    assert article.infoboxes == (infobox,)
    assert infobox.name == "civil conflict"
    assert infobox.template == "Infobox civil conflict"
    assert len(infobox.fields) == 26
    assert list(infobox.fields)[:4] == ["title", "partof", "image", "caption"]
    assert infobox.fields["partof"] == ""  # empty fields are kept
    assert infobox.fields["date"] == "16–17 December 2011"
    place = infobox.text("place")
    assert place is not None
    assert place.endswith("Mangystau Region, Kazakhstan")
    assert [link.target for link in infobox.links("place")] == ["Mangystau Region", "Kazakhstan"]
    assert infobox.text("nonexistent") is None
    assert infobox.text("methods") == "Demonstrations, riots, strike actions, vandalism"


def test_references(article: wfk.Article) -> None:
    citations = article.citations
    assert sum(citation.uses for citation in citations) == 32
    assert len(citations) == 24
    assert sum(1 for citation in citations if citation.template) == 24
    by_name = {citation.ref_name: citation for citation in citations if citation.ref_name}
    assert by_name["BBC"].uses == 3
    assert by_name["Abuse"].uses == 4
    abuse = by_name["Abuse"]
    assert abuse.template == "cite news"
    assert abuse.kind == "news"
    assert abuse.title == "Abuse claims swamp Kazakh oil riot trial"
    assert abuse.url == "http://www.bbc.co.uk/news/world-asia-18055249"
    assert abuse.publisher == "BBC News"
    assert abuse.access_date == "May 16, 2012"
    assert abuse.date == "15 May 2012"
    assert abuse.authors == (wfk.Person(full="Demytrie, Rayhan and Shodiyor Eshaev"),)
    assert abuse.raw.startswith('<ref name="Abuse">{{cite news')


def test_citation_aliases_are_normalised(article: wfk.Article) -> None:
    amnesty = next(c for c in article.citations if c.title == "Kazakhstan: Crackdown on Human Rights")
    assert amnesty.url_status == "dead"  # dead-url = yes
    assert amnesty.archive_url is not None
    assert amnesty.archive_url.startswith("https://archive.is/20140824174110/")
    assert amnesty.archive_date == "24 August 2014"
    assert amnesty.access_date == "24 August 2014"  # accessdate
    assert amnesty.publisher == "Amnesty International"  # [[Amnesty International]] as text
    assert "dead-url" not in amnesty.fields
    assert "accessdate" not in amnesty.fields
    telegraph = next(c for c in article.citations if c.work == "The Daily Telegraph")
    assert telegraph.authors == (wfk.Person(last="Kilner", first="James"),)
    assert telegraph.location == "London"
    assert telegraph.fields["last1"] == "Kilner"
    first = article.citations[0]
    assert first.agency == "Al Jazeera English"
    assert first.ref_name is None
    assert first.uses == 1


def test_structure(article: wfk.Article) -> None:
    assert article.title == "Zhanaozen massacre"
    assert article.redirect is None
    assert [(s.title, s.level) for s in article.sections] == [
        ("Zhanaozen", 2),
        ("December 16, 2011", 2),
        ("Response", 2),
        ("References", 2),
    ]
    assert [s.title for s in article.sections[2].children] == ["Investigations", "In the media"]
    assert article.lead.startswith(
        "The Zhanaozen massacre took place in Kazakhstan's western Mangystau Region"
    )
    assert "<ref" not in article.lead
    assert [c.name for c in article.categories] == [
        "2011 in Kazakhstan",
        "2011 riots",
        "Protests in Kazakhstan",
        "Mangystau Region",
        "December 2011 events",
    ]
    assert article.categories[1].sort_key == "Kazakhstan clashes"
    image = article.images[0]
    assert image.file == "Mangystau Union Square Protest (2011-12-18).jpg"
    assert image.options == ("thumb", "300px")
    assert image.caption.startswith("Demonstrators in San Francisco, USA protesting")
    links = {link.target: link for link in article.links}
    assert links["Demonstration (people)"].text == "Demonstrations"
    assert links["Human rights in Kazakhstan"].text == "country's poor human rights record"
    assert wfk.ExternalLink("https://zhanaozen.bandcamp.com/", "Zhanaozen") in article.external_links
    assert article.warnings == ()


def test_plain_text(article: wfk.Article) -> None:
    text = article.plain_text()
    for markup in ("{{", "}}", "[[", "]]", "<ref", "''", "&quot;"):
        assert markup not in text
    assert "\nIn the media\n" in text
    assert 'released their first album "Zhanaozen" dedicated to the massacre.' in text
