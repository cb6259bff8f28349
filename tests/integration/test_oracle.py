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
WHOLE_PAGE = (
    "MediaWiki's doing: the URL follows an unclosed bracketed link whose text runs over `[[…]]` links, "
    "`[http://a.org/ A [[B]] … [http://c.org/x D]`; MediaWiki reads it as a free link in the whole page only, "
    "and as the library does (no link) in every excerpt of the page tried: no library fix"
)

KNOWN_GAPS: dict[str, dict[str, dict[str, str]]] = {
    "Anarchism": {
        "external_links": {
            "- http://www.theanarchistlibrary.org/HTML/Sebastien_Faure__Libertarian_Communism.html": WHOLE_PAGE,
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
