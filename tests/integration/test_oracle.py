"""MediaWiki's own parser is the oracle for ``parse_article``, on every corpus page (issue 10).

The shared wiki (conftest.py: Cite and ParserFunctions loaded) parses each page as Alice created it
(``action=parse``); the library reads the same text; mediawiki.py compares the two like with like (how:
docs/fidelity.md, which ``python benchmarks/fidelity.py --write docs/fidelity.md`` writes). What holds
today is pinned exactly: sections are equal, in order, on every page, and every difference left is in
KNOWN_GAPS with its cause. A new difference fails, and so does a fixed one until it leaves the table.
What the library finds inside templates the wiki cannot expand (a red link to "Template:X" there) is its
gain, counted apart, never a miss.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.integration.conftest import Site
from tests.integration.mediawiki import EXTENSIONS, MEASURES, Fidelity, Reading, WikiFacts, oracle

pytestmark = pytest.mark.mediawiki

REPORT = Path(__file__).parent.parent.parent / "docs" / "fidelity.md"
NAMES = {  # the measures as docs/fidelity.md names them
    "sections": "Sections",
    "links": "Links",
    "foreign": "Foreign",
    "categories": "Categories",
    "external_links": "External links",
    "footnotes": "Footnotes",
    "footnote_uses": "Footnote uses",
}

# Why each difference is there; the wikitext in backquotes reproduces it.
ENTITIES = (
    "the library keeps character references in a URL, MediaWiki decodes them: `[http://a.org/?x=1&amp;y=2 T]`"
)
GLUED_TEMPLATE = "a free URL runs on into the template after it: `http://a.org/x{{dead link}}`"
GLUED_ENTITY = "a free URL runs on over `&lt;`, where MediaWiki ends it: `http://a.org/x&lt;/ref&gt;`"
SECOND_LINK = (
    "a reference without a citation template keeps only its first external link: "
    "`<ref>[http://a.org/ A] and [http://b.org/ B]</ref>`"
)
WHOLE_PAGE = (
    "MediaWiki's doing: the URL follows an unclosed bracketed link whose text runs over `[[…]]` links, "
    "`[http://a.org/ A [[B]] … [http://c.org/x D]`; MediaWiki reads it as a free link in the whole page only, "
    "and as the library does (no link) in every excerpt of the page tried: no library fix"
)

KNOWN_GAPS: dict[str, dict[str, dict[str, str]]] = {
    "Anwar Kamal Khan": {
        "external_links": {
            "- http://pakistanherald.com/profile.aspx?hofid=756": GLUED_TEMPLATE,
            "+ http://pakistanherald.com/profile.aspx?hofid=756%7B%7Bdead%20link%7Cdate=October%202016%20%7Cbot=InternetArchiveBot%20%7Cfix-attempted=yes%20%7D%7D": GLUED_TEMPLATE,
        },
    },
    "United Kingdom": {
        "external_links": {
            "- http://www.britannica.com/EBchecked/topic/293754/Ireland/22978/The-Reformation-period": SECOND_LINK,
            "- http://www.prisonstudies.org/world-prison-brief": SECOND_LINK,
        },
    },
    "Anarchism": {
        "external_links": {
            "- http://books.google.com.ec/books/about/L_acitivit%C3%A9_d_un_socialiste_de_1848.html?id=wbrfSAAACAAJ&redir_esc=y": ENTITIES,
            "- http://books.google.com.ec/books?id=6o-8P3iqf7IC&pg=PA18&lpg=PA18&dq=anarchism+la+boetie&source=bl&ots=z79GU1rW1t&sig=4ini7oZUie2U8-P0BpMLogXYWPs&hl=en&sa=X&ei=eAOFUJCYJ4Le9AT_iYG4DA&ved=0CD0Q6AEwBQ#v=onepage&q=anarchism%20la%20boetie&f=false": ENTITIES,
            "- http://books.google.com.ec/books?id=PQOvkB7UoWgC&pg=PA44&dq=": ENTITIES,
            "- http://books.google.com.ec/books?id=apstK1qIvvMC&pg=PA130&dq=": ENTITIES,
            "- http://books.google.com.ec/books?id=kkj5i3CeGbQC&printsec=frontcover#v=onepage&q&f=false": ENTITIES,
            "- http://books.google.com.ec/books?id=mppLKlwHx7oC&printsec=frontcover&dq=Contemporary+_+Anarchism&ei=vSDBSuXHMo2mM8mu-OsP#v=onepage&q=&f=false": ENTITIES,
            "- http://books.google.com/books?id=CJhCvx_Z0CAC&printsec=frontcover&dq=Anarchism:+Arguments+For+and+Against&ei=GHi-StvuEo6MNfKjyZMD&hl=es#v=onepage&q=&f=false": ENTITIES,
            "- http://books.google.com/books?id=SiqBiViUsOkC&pg=PA43&dq=anarcho-capitalism+right+libertarian&hl=en&ei=TxeYTKOLFYH-8Aaa77WlAQ&sa=X&oi=book_result&ct=result&resnum=3&ved=0CDEQ6AEwAjge#v=onepage&q=anarcho-capitalism%20right%20libertarian&f=false": ENTITIES,
            "- http://books.google.com/books?id=nft4e62nicsC&pg=PA51&dq=anarcho-capitalism+libertarian&hl=en&ei=R9JiTMCQOYH6lwfGw-SICg&sa=X&oi=book_result&ct=result&resnum=8&ved=0CE4Q6AEwBw#v=onepage&q=anarcho-capitalism%20libertarian&f=false": ENTITIES,
            "- http://books.google.com/books?id=yxNgXs3TkJYC&pg=PT50&dq=anarcho-capitalism+libertarian&hl=en&ei=guxiTNrmIMP7lweDmPC1Dw&sa=X&oi=book_result&ct=result&resnum=2&ved=0CCwQ6AEwAQ#v=onepage&q=anarcho-capitalism%20libertarian&f=false": ENTITIES,
            "- http://books.google.com/books?id=yxNgXs3TkJYC&pg=PT50&dq=anarcho-capitalism+libertarian&hl=en&ei=guxiTNrmIMP7lweDmPC1Dw&sa=X&oi=book_result&ct=result&resnum=2&ved=0CCwQ6AEwAQ#v=onepage&q=radical%20%20libertarian&f=false": ENTITIES,
            "- http://books.google.es/books?id=s9iwZGv44psC&pg=PA402&dq=Enciclopedia+teor%C3%ADa+pol%C3%ADtica&lr=&as_brr=3#PPA57,M1": ENTITIES,
            "- http://dwardmac.pitzer.edu/anarchist_archives/worldwidemovements/fabbrianarandcom.html": GLUED_ENTITY,
            "- http://www.etymonline.com/index.php?term=-ism&allowed_in_frame=0": ENTITIES,
            "- http://www.etymonline.com/index.php?term=anarchism&allowed_in_frame=0": ENTITIES,
            "- http://www.etymonline.com/index.php?term=anarchy&allowed_in_frame=0": ENTITIES,
            "- http://www.independent.org/publications/tir/article.asp?issueID=53&articleID=686": ENTITIES,
            "- http://www.nestormakhno.info/english/platform/constructive.htm": GLUED_ENTITY,
            "- http://www.theanarchistlibrary.org/HTML/Sebastien_Faure__Libertarian_Communism.html": WHOLE_PAGE,
            "- http://www.zmag.org/content/showarticle.cfm?SectionID=41&ItemID=4796": ENTITIES,
            "+ http://books.google.com.ec/books/about/L_acitivit%C3%A9_d_un_socialiste_de_1848.html?id=wbrfSAAACAAJ&amp;redir_esc=y": ENTITIES,
            "+ http://books.google.com.ec/books?id=6o-8P3iqf7IC&amp;pg=PA18&amp;lpg=PA18&amp;dq=anarchism+la+boetie&amp;source=bl&amp;ots=z79GU1rW1t&amp;sig=4ini7oZUie2U8-P0BpMLogXYWPs&amp;hl=en&amp;sa=X&amp;ei=eAOFUJCYJ4Le9AT_iYG4DA&amp;ved=0CD0Q6AEwBQ#v=onepage&amp;q=anarchism%20la%20boetie&amp;f=false": ENTITIES,
            "+ http://books.google.com.ec/books?id=PQOvkB7UoWgC&amp;pg=PA44&amp;dq=": ENTITIES,
            "+ http://books.google.com.ec/books?id=apstK1qIvvMC&amp;pg=PA130&amp;dq=": ENTITIES,
            "+ http://books.google.com.ec/books?id=kkj5i3CeGbQC&amp;printsec=frontcover#v=onepage&amp;q&amp;f=false": ENTITIES,
            "+ http://books.google.com.ec/books?id=mppLKlwHx7oC&amp;printsec=frontcover&amp;dq=Contemporary+_+Anarchism&amp;ei=vSDBSuXHMo2mM8mu-OsP#v=onepage&amp;q=&amp;f=false": ENTITIES,
            "+ http://books.google.com/books?id=CJhCvx_Z0CAC&amp;printsec=frontcover&amp;dq=Anarchism:+Arguments+For+and+Against&amp;ei=GHi-StvuEo6MNfKjyZMD&amp;hl=es#v=onepage&amp;q=&amp;f=false": ENTITIES,
            "+ http://books.google.com/books?id=SiqBiViUsOkC&amp;pg=PA43&amp;dq=anarcho-capitalism+right+libertarian&amp;hl=en&amp;ei=TxeYTKOLFYH-8Aaa77WlAQ&amp;sa=X&amp;oi=book_result&amp;ct=result&amp;resnum=3&amp;ved=0CDEQ6AEwAjge#v=onepage&amp;q=anarcho-capitalism%20right%20libertarian&amp;f=false": ENTITIES,
            "+ http://books.google.com/books?id=nft4e62nicsC&amp;pg=PA51&amp;dq=anarcho-capitalism+libertarian&amp;hl=en&amp;ei=R9JiTMCQOYH6lwfGw-SICg&amp;sa=X&amp;oi=book_result&amp;ct=result&amp;resnum=8&amp;ved=0CE4Q6AEwBw#v=onepage&amp;q=anarcho-capitalism%20libertarian&amp;f=false": ENTITIES,
            "+ http://books.google.com/books?id=yxNgXs3TkJYC&amp;pg=PT50&amp;dq=anarcho-capitalism+libertarian&amp;hl=en&amp;ei=guxiTNrmIMP7lweDmPC1Dw&amp;sa=X&amp;oi=book_result&amp;ct=result&amp;resnum=2&amp;ved=0CCwQ6AEwAQ#v=onepage&amp;q=anarcho-capitalism%20libertarian&amp;f=false": ENTITIES,
            "+ http://books.google.com/books?id=yxNgXs3TkJYC&amp;pg=PT50&amp;dq=anarcho-capitalism+libertarian&amp;hl=en&amp;ei=guxiTNrmIMP7lweDmPC1Dw&amp;sa=X&amp;oi=book_result&amp;ct=result&amp;resnum=2&amp;ved=0CCwQ6AEwAQ#v=onepage&amp;q=radical%20%20libertarian&amp;f=false": ENTITIES,
            "+ http://books.google.es/books?id=s9iwZGv44psC&amp;pg=PA402&amp;dq=Enciclopedia+teor%C3%ADa+pol%C3%ADtica&amp;lr=&amp;as_brr=3#PPA57,M1": ENTITIES,
            "+ http://dwardmac.pitzer.edu/anarchist_archives/worldwidemovements/fabbrianarandcom.html&lt;/ref&gt;&lt;ref&gt;Makhno": GLUED_ENTITY,
            "+ http://www.etymonline.com/index.php?term=-ism&amp;allowed_in_frame=0": ENTITIES,
            "+ http://www.etymonline.com/index.php?term=anarchism&amp;allowed_in_frame=0": ENTITIES,
            "+ http://www.etymonline.com/index.php?term=anarchy&amp;allowed_in_frame=0": ENTITIES,
            "+ http://www.independent.org/publications/tir/article.asp?issueID=53&amp;articleID=686": ENTITIES,
            "+ http://www.nestormakhno.info/english/platform/constructive.htm&lt;/ref&gt;": GLUED_ENTITY,
            "+ http://www.zmag.org/content/showarticle.cfm?SectionID=41&amp;ItemID=4796": ENTITIES,
        },
    },
}


@pytest.fixture(scope="module")
def readings(site: Site) -> dict[str, tuple[Reading, Fidelity]]:
    """Every corpus page, parsed once by the wiki and once by the library, by page title."""
    facts = site.wiki.facts()
    pages = [(title, site.created[title].text) for title in site.titles]
    return {fidelity.title: (reading, fidelity) for reading, fidelity in oracle(site.wiki, facts, pages)}


def _differences(fidelity: Fidelity) -> dict[str, set[str]]:
    return {
        name: {f"- {item}" for item in measure.missed} | {f"+ {item}" for item in measure.extra}
        for name, measure in fidelity.measures().items()
    }


def test_the_wiki_runs_cite_and_parserfunctions(site: Site) -> None:
    info = json.loads(site.wiki.get("/api.php?action=query&meta=siteinfo&siprop=extensions&format=json"))
    assert set(EXTENSIONS) <= {extension["name"] for extension in info["query"]["extensions"]}
    facts: WikiFacts = site.wiki.facts()
    assert all(map(facts.expands, ["#tag:ref", "#if: x", "DEFAULTSORT:X", "!", "PAGENAME"]))
    assert not any(map(facts.expands, ["Infobox person", "reflist", "SORTIERUNG:X"]))
    assert "Pages with reference errors" in facts.tracking


def test_every_page_is_read(site: Site, readings: dict[str, tuple[Reading, Fidelity]]) -> None:
    assert len(readings) == len(site.titles)
    assert sum(fidelity.template_links for _, fidelity in readings.values()) > 0  # red links, not counted
    totals = {name: sum(f.measures()[name].expected for _, f in readings.values()) for name in MEASURES}
    assert all(totals.values()), totals


def test_sections_are_mediawikis_on_every_page(readings: dict[str, tuple[Reading, Fidelity]]) -> None:
    """Titles and levels, in order (a heading's footnote mark is not part of its title)."""
    for title, (reading, fidelity) in readings.items():
        assert fidelity.library_sections == reading.sections, title


def test_every_difference_is_a_known_gap(readings: dict[str, tuple[Reading, Fidelity]]) -> None:
    """Misses (``-``) and unexplained extras (``+``), per page and measure, are exactly KNOWN_GAPS."""
    new: list[str] = []
    fixed: list[str] = []
    for title, (_, fidelity) in readings.items():
        known = KNOWN_GAPS.get(title, {})
        for name, found in _differences(fidelity).items():
            new.extend(f"{title} / {name}: {item}" for item in sorted(found - known.get(name, {}).keys()))
            fixed.extend(f"{title} / {name}: {item}" for item in sorted(known.get(name, {}).keys() - found))
    assert not new, "new differences from MediaWiki:\n" + "\n".join(new)
    assert not fixed, "fixed (remove them from KNOWN_GAPS):\n" + "\n".join(fixed)
    assert KNOWN_GAPS.keys() <= readings.keys()


def test_foreign_namespace_links_are_files_categories_and_languages(
    readings: dict[str, tuple[Reading, Fidelity]],
) -> None:
    """[[Datei:…]], [[Kategorie:…]], [[Lêer:…]] are namespace-0 links to an English wiki; the library knows
    them for what they are, and they count in neither links nor categories."""
    assert sum(fidelity.foreign.expected for _, fidelity in readings.values()) > 0
    for title, (_, fidelity) in readings.items():
        assert fidelity.foreign.missed == (), title


def test_footnotes_cite_could_not_render_are_the_librarys(
    readings: dict[str, tuple[Reading, Fidelity]],
) -> None:
    """Each footnote Cite lists with an error (its text is inside an unexpanded template) is a gain of the
    library's, and so is each mark of a group whose list is an unexpanded template (``{{notelist}}``)."""
    for title, (reading, fidelity) in readings.items():
        errors = {note.key for note in reading.footnotes if note.error}
        assert errors <= set(fidelity.footnotes.gained), title
        unrendered = reading.unlisted_uses + sum(note.uses for note in reading.footnotes if note.error)
        assert unrendered <= len(fidelity.footnote_uses.gained), title
    assert any(fidelity.footnotes.gained for _, fidelity in readings.values())


def test_the_report_in_docs_is_current(readings: dict[str, tuple[Reading, Fidelity]]) -> None:
    """docs/fidelity.md's totals are today's (else: python benchmarks/fidelity.py --write docs/fidelity.md)."""
    text = REPORT.read_text(encoding="utf-8")
    for name in MEASURES:
        found = sum(fidelity.measures()[name].found for _, fidelity in readings.values())
        expected = sum(fidelity.measures()[name].expected for _, fidelity in readings.values())
        assert re.search(rf"^\| {NAMES[name]} \| {found} / {expected} \|", text, re.MULTILINE), name
