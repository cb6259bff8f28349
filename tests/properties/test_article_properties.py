"""Properties 2 (wikitext round trips through to_wikitext) and 7 (Markdown of generated articles)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

from hypothesis import given

import wikifeedkit as wfk
from tests.markdown_check import PARSER, RAW_WIKITEXT, headings, shown_headings, text_outside_code
from tests.properties.article_strategies import Plan, articles, built_articles


def _check_plan(article: wfk.Article, plan: Plan) -> None:
    """The parse holds what was put in the page."""
    assert [(s.level, s.title) for s in article.all_sections()] == plan.headings
    assert [c.name for c in article.categories] == plan.categories
    if plan.infobox is not None:
        assert article.infobox is not None
        assert article.infobox.parameters == tuple(plan.infobox)
    cited = {citation.ref_name: citation for citation in article.citations}
    assert set(cited) == set(plan.references)
    for name, (kind, title) in plan.references.items():
        assert (cited[name].kind, cited[name].title, cited[name].uses) == (kind, title, plan.uses[name])
    assert Counter(link.target for link in article.links) == Counter(plan.links)


@given(articles())
def test_property_2_generated_pages_parse_to_their_parts_and_write_back_exactly(
    page: tuple[str, Plan],
) -> None:
    """parse_article holds what the page was built from; to_wikitext gives the page back; parsing that
    gives the same Article."""
    text, plan = page
    article = wfk.parse_article(text)
    _check_plan(article, plan)
    written = wfk.to_wikitext(article)
    assert written == text
    assert wfk.parse_article(written) == article


def _shape(article: wfk.Article) -> list[tuple[int, str]]:
    return [(section.level, section.title) for section in article.all_sections()]


@given(built_articles())
def test_property_2_built_articles_parse_back_to_what_they_hold(article: wfk.Article) -> None:
    """An Article made from parts: its sections, infoboxes, categories and language links come back, each
    section body is written as given, and a second round changes nothing."""
    text = wfk.to_wikitext(article)
    read = wfk.parse_article(text)
    assert _shape(read) == _shape(article)
    assert (read.infoboxes, read.categories, read.language_links) == (
        article.infoboxes,
        article.categories,
        article.language_links,
    )
    assert article.lead_wikitext in read.lead_wikitext
    for made, found in zip(article.all_sections(), read.all_sections(), strict=True):
        assert found.wikitext.startswith(made.wikitext)
    assert wfk.to_wikitext(read) == text


@given(articles())
def test_property_7_markdown_of_generated_pages_is_complete_and_clean(page: tuple[str, Plan]) -> None:
    """Same headings, one footnote per distinct citation, no wikitext in the text, every link target."""
    text, plan = page
    article = wfk.parse_article(text, title="Generated")
    markdown = wfk.to_markdown(article)
    tokens = PARSER.parse(markdown)
    assert [title for _, title in plan.headings] == [s.title for s in article.all_sections()]
    assert headings(tokens) == shown_headings(article)  # a section that shows nothing has no heading
    definitions = [t for t in tokens if t.type == "footnote_open"]
    assert len(definitions) == len(plan.references) == len(article.citations)
    shown = text_outside_code(tokens)
    for raw in RAW_WIKITEXT:
        assert raw not in shown
    hrefs = [
        child.attrs["href"]
        for token in tokens
        if token.children
        for child in token.children
        if child.type == "link_open"
    ]
    for target in plan.links:
        assert any(str(href).startswith(quote(target.replace(" ", "_"))) for href in hrefs), target
    assert not re.search(r"^\s*=+[^=]+=+\s*$", shown, re.MULTILINE)  # no heading left as wikitext
