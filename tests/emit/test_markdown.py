"""Markdown of the seed and every corpus article, parsed back by markdown-it-py with its footnote plugin."""

from __future__ import annotations

import re
from functools import cache

import pytest
from markdown_it.token import Token

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA
from tests.markdown_check import PARSER, RAW_WIKITEXT, headings, shown_headings, text_outside_code


def _pages() -> list[tuple[str, str]]:
    pages = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "articles").glob("*.wiki"))]
    seed = wfk.read_feed(DATA / "contributions-seed.atom").entries[0].wikitext
    assert seed is not None
    return [("Zhanaozen massacre", seed), *pages]


@cache
def _rendered(title: str, wikitext: str) -> tuple[wfk.Article, str, list[Token]]:
    article = wfk.parse_article(wikitext, title=title)
    markdown = wfk.to_markdown(article, base_url="https://wiki.test/wiki/")
    return article, markdown, PARSER.parse(markdown)


@pytest.mark.parametrize(("title", "wikitext"), _pages(), ids=lambda v: str(v)[:30])
def test_markdown_is_complete_and_clean(title: str, wikitext: str) -> None:
    article, markdown, tokens = _rendered(title, wikitext)
    assert headings(tokens) == shown_headings(article)
    text = text_outside_code(tokens)
    shown = wfk.tree.plain(article.body)  # markup the page shows as text (it is broken there too)
    for raw in RAW_WIKITEXT:
        assert raw not in text or raw in shown, (raw, text[text.find(raw) - 80 : text.find(raw) + 80])
    bodies = [t for t in tokens if t.type == "footnote_open"]
    for index, token in enumerate(bodies):
        inline = next(t for t in tokens[tokens.index(token) :] if t.type == "inline")
        assert inline.content.strip(), f"footnote {index + 1} is empty"
    references = re.findall(r"\[\^(\d+)\](?!:)", markdown)
    definitions = set(re.findall(r"^\[\^(\d+)\]:", markdown, re.MULTILINE))
    assert set(references) == definitions
    if article.infobox is not None:
        # The infobox stands where the page puts it: in the lead, before the first section.
        lead = markdown.split("\n## ", 1)[0]
        assert f"\n| {article.infobox.name} |" in lead


def test_seed_footnotes_follow_references() -> None:
    article, markdown, _ = _rendered(*_pages()[0])
    in_references = [c for c in article.citations if c.in_reference]
    definitions = re.findall(r"^\[\^(\d+)\]:", markdown, re.MULTILINE)
    assert len(definitions) == len(in_references) == 24
    bbc = next(i for i, c in enumerate(article.citations, start=1) if c.ref_name == "BBC")
    assert markdown.count(f"[^{bbc}]") == 3 + 1  # three uses, one definition
    assert "[Mangystau Region](https://wiki.test/wiki/Mangystau_Region)" in markdown
    assert markdown.rstrip().endswith(
        "[December 2011 events](https://wiki.test/wiki/Category:December_2011_events)"
    )


def test_relative_links_without_a_base_url() -> None:
    markdown = wfk.to_markdown(wfk.parse_article("See [[Foo bar#Part|foo]] and [[Baz]].", title="T"))
    assert "[foo](Foo_bar.md#Part)" in markdown
    assert "[Baz](Baz.md)" in markdown


def test_tables_lists_and_escaping() -> None:
    article = wfk.parse_article(
        "Text with *stars* and_under [brackets] 1<2.\n\n* a\n** b\n# c\n\n{| class=wikitable\n! H1 !! H2\n|-\n| x || y\n|}",
        title="T",
    )
    markdown = wfk.to_markdown(article)
    assert "Text with \\*stars\\* and\\_under \\[brackets\\] 1\\<2." in markdown
    assert "- a\n  - b\n\n1. c" in markdown
    assert "| H1 | H2 |\n| --- | --- |\n| x | y |" in markdown
    tokens = PARSER.parse(markdown)
    assert [t.type for t in tokens].count("table_open") == 1


def test_text_after_a_nul_character_is_written() -> None:
    markdown = wfk.to_markdown(wfk.parse_article("before\x00after [[Link]] end"))
    assert "after" in markdown
    assert "[Link](Link.md) end" in markdown
