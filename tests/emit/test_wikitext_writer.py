"""to_wikitext on every corpus page, and on articles changed the way users change them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import wikifeedkit as wfk


def test_every_corpus_page_comes_back_exactly(corpus_articles: list[Path]) -> None:
    for path in corpus_articles:
        text = path.read_text(encoding="utf-8")
        assert wfk.to_wikitext(wfk.parse_article(text)) == text, path.name


@pytest.fixture
def page() -> wfk.Article:
    return wfk.parse_article(
        "{{Infobox settlement\n| name = Aktau\n| country = [[Kazakhstan]]\n}}\n"
        "'''Aktau''' is a city.\n==History==\nOld.\n=== ''Soviet'' era ===\nMore.\n"
        "[[Category:Cities]]\n[[Category:Ports|Aktau]]\n[[de:Aqtau]]\n"
    )


def test_headings_keep_how_they_were_written(page: wfk.Article) -> None:
    text = wfk.to_wikitext(page)
    assert "==History==\n" in text
    assert "=== ''Soviet'' era ===" in text


def test_a_renamed_section_gets_a_fresh_heading(page: wfk.Article) -> None:
    history = page.sections[0]
    renamed = dataclasses.replace(page, sections=(dataclasses.replace(history, title="Past"),))
    text = wfk.to_wikitext(renamed)
    assert "== Past ==\nOld.\n=== ''Soviet'' era ===" in text
    assert [s.title for s in wfk.parse_article(text).all_sections()] == ["Past", "Soviet era"]


def test_categories_and_language_links_follow_the_model(page: wfk.Article) -> None:
    changed = dataclasses.replace(
        page,
        categories=(wfk.Category("Ports", "Aktau"), wfk.Category("Mangystau Region")),
        language_links=(wfk.LanguageLink("fr", "Aktaou"),),
    )
    text = wfk.to_wikitext(changed)
    read = wfk.parse_article(text)
    assert read.categories == changed.categories
    assert read.language_links == changed.language_links
    assert "[[Category:Cities]]" not in text
    assert "[[de:" not in text
    assert "\n\n\n" not in text  # removed links take their line with them


def test_an_edited_infobox_is_rewritten_and_the_rest_kept(page: wfk.Article) -> None:
    assert page.infobox is not None
    fields = (*page.infobox.parameters, ("population", "185,000"))
    changed = dataclasses.replace(page, infoboxes=(dataclasses.replace(page.infobox, parameters=fields),))
    text = wfk.to_wikitext(changed)
    read = wfk.parse_article(text)
    assert read.infoboxes == changed.infoboxes
    assert read.infobox is not None
    assert read.infobox.text("population") == "185,000"
    assert text.endswith(wfk.to_wikitext(page).split("}}\n", 1)[1])


def test_infoboxes_added_and_removed(page: wfk.Article) -> None:
    assert wfk.parse_article(wfk.to_wikitext(dataclasses.replace(page, infoboxes=()))).infoboxes == ()
    person = wfk.Infobox("Infobox person", "person", (("name", "Ada"), ("1", "positional")))
    article = wfk.Article(wikitext="", lead_wikitext="Ada was here.\n", infoboxes=(person,))
    text = wfk.to_wikitext(article)
    assert text.startswith("{{Infobox person\n| name = Ada\n")
    assert wfk.parse_article(text).infoboxes == (person,)


def test_a_redirect_is_written() -> None:
    article = wfk.Article(wikitext="", redirect="Aktau")
    assert wfk.parse_article(wfk.to_wikitext(article)).redirect == "Aktau"
