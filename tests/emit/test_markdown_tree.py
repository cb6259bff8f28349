"""The Markdown writer over the document tree, read back by markdown-it-py: MediaWiki's block structure kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.token import Token

import wikifeedkit as wfk
from tests.conftest import CORPUS
from tests.markdown_check import PARSER, RAW_WIKITEXT, text_outside_code
from wikifeedkit.emit.markdown import MarkdownWriter

PAGES = sorted((CORPUS / "articles").glob("*.wiki"))


def _markdown(wikitext: str) -> str:
    return MarkdownWriter(wfk.parse_article(wikitext)).body()


def _tokens(wikitext: str) -> list[Token]:
    return PARSER.parse(_markdown(wikitext))


def _count(tokens: list[Token], kind: str) -> int:
    return sum(1 for token in tokens if token.type == kind)


def test_blockquote_stands_apart() -> None:
    tokens = _tokens("He studied law.<blockquote>To be or not to be.</blockquote>He then moved.")
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "paragraph_open",
        "blockquote_open",
        "paragraph_open",
        "paragraph_open",
    ]


def test_indented_lines_stay_four_items() -> None:
    tokens = _tokens(":(a) first;\n:(b) second;\n::(i) nested\n:(c) third.")
    paragraphs = [t.content for t in tokens if t.type == "inline"]
    assert paragraphs == ["(a) first;", "(b) second;", "(i) nested", "(c) third."]
    assert _count(tokens, "blockquote_open") == 4  # three quotes, one nested in the second


def test_a_line_after_a_list_is_not_glued_to_it() -> None:
    tokens = _tokens("* One\n* Another\n'''Other books:'''\n* Third")
    assert _count(tokens, "bullet_list_open") == 2
    assert [t.content for t in tokens if t.type == "inline"] == [
        "One",
        "Another",
        "**Other books:**",
        "Third",
    ]


def test_lists_inside_small_are_lists() -> None:
    tokens = _tokens("Abbreviations used:\n<small>\n* M first\n* L second\n</small>")
    assert _count(tokens, "list_item_open") == 2


def test_a_nested_table_keeps_its_cells() -> None:
    markdown = _markdown(
        '{| style="background:none;"\n|\n{| class="wikitable"\n! State !! Capital\n|-\n| Bavaria || Munich\n|}\n|}'
    )
    assert "Bavaria" in markdown
    assert "Munich" in markdown


def test_quotes_left_open_stay_in_their_cell() -> None:
    tokens = _tokens("{|\n! A !! B\n|-\n| Alpha || ''First Boat\n|-\n| Beta || Gamma\n|}")
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells == ["A", "B", "Alpha", "*First Boat*", "Beta", "Gamma"]


def test_one_footnote_per_distinct_reference() -> None:
    markdown = _markdown('A.<ref name="x">First.</ref> B.<ref name="x"/> C.<ref>Second.</ref>\n{{reflist}}')
    assert markdown.count("[^1]:") == 1
    assert markdown.count("[^2]:") == 1
    assert markdown.count("[^1]") == 3  # two uses and the definition


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:30])
def test_every_corpus_page_reads_back_with_no_wikitext_but_what_the_page_shows(path: Path) -> None:
    """Markup left in the text is what MediaWiki shows too (a stray ``}}`` on United-Kingdom, anarchism's
    entities): the writer adds none, and writes no HTML but its own (``<br>`` in cells, ``<!---->`` after a note that looks like a link definition)."""
    article = wfk.parse_article(path.read_text(encoding="utf-8"))
    shown = wfk.tree.plain(article.body)
    tokens = PARSER.parse(_markdown(path.read_text(encoding="utf-8")))
    text = text_outside_code(tokens)
    assert [marker for marker in RAW_WIKITEXT if marker in text and marker not in shown] == []
    assert not [t for t in tokens if t.type == "html_block"]
    inline_html = {c.content for t in tokens if t.children for c in t.children if c.type == "html_inline"}
    assert inline_html <= {"<br>", "<!---->"}  # the writer's own: line breaks in cells, footnote guards
