"""The document tree builder: MediaWiki's block rules and quote rules, one pass over the tokens."""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mwparserfromhell.parser._tokenizer import CTokenizer

import wikifeedkit as wfk
from tests.conftest import CORPUS
from wikifeedkit.model import tree
from wikifeedkit.wikitext import tokens as tk
from wikifeedkit.wikitext.blocks import build_tree

PAGES = sorted((CORPUS / "articles").glob("*.wiki"))


def _blocks(wikitext: str) -> tree.Blocks:
    return build_tree(wikitext).blocks


def _text(node: object) -> str:
    """The visible text under a node, for assertions."""
    if isinstance(node, tree.Text):
        return node.text
    if isinstance(node, tuple):
        return "".join(_text(child) for child in node)
    for name in ("content", "items", "rows", "cells"):
        children = getattr(node, name, None)
        if isinstance(children, tuple):
            return " ".join(_text(child) for child in children) if name != "content" else _text(children)
    return ""


# -- issue "Block structure as MediaWiki renders it": the six reproducers ------------------------------------
def test_a_table_inside_a_table_cell_is_kept() -> None:
    (outer,) = _blocks(
        '{| style="background:none;"\n|\n{| class="wikitable"\n! State !! Capital\n|-\n'
        "| Bavaria || Munich\n|}\n|}"
    )
    assert isinstance(outer, tree.Table)
    (inner,) = outer.rows[0].cells[0].content
    assert isinstance(inner, tree.Table)
    assert [[_text(cell.content) for cell in row.cells] for row in inner.rows] == [
        ["State", "Capital"],
        ["Bavaria", "Munich"],
    ]
    assert [cell.header for cell in inner.rows[0].cells] == [True, True]


def test_quotes_left_open_close_at_the_end_of_the_cell_line() -> None:
    (table,) = _blocks("{|\n| Alpha || ''First Boat (ON 1) <br> ''Second'' (D-6)\n|-\n| Beta || Gamma\n|}")
    assert isinstance(table, tree.Table)
    assert len(table.rows) == 2
    (paragraph,) = table.rows[0].cells[1].content
    assert paragraph == tree.Paragraph(
        (
            tree.Italic((tree.Text("First Boat (ON 1) "), tree.LineBreak(), tree.Text(" "))),
            tree.Text("Second"),
            tree.Italic((tree.Text(" (D-6)"),)),
        )
    )
    assert [_text(cell.content) for cell in table.rows[1].cells] == ["Beta", "Gamma"]


def test_blockquote_stands_between_two_paragraphs() -> None:
    blocks = _blocks("He studied law.<blockquote>To be or not to be.</blockquote>He then moved.")
    assert blocks == (
        tree.Paragraph((tree.Text("He studied law."),)),
        tree.BlockQuote((tree.Paragraph((tree.Text("To be or not to be."),)),)),
        tree.Paragraph((tree.Text("He then moved."),)),
    )


def test_indented_lines_are_items_at_their_depth() -> None:
    (dl,) = _blocks(":(a) first;\n:(b) second;\n::(i) nested\n:(c) third.")
    assert isinstance(dl, tree.DefinitionList)
    assert [type(item) for item in dl.items] == [tree.Detail] * 3
    assert [_text(item.content[0]) for item in dl.items] == ["(a) first;", "(b) second;", "(c) third."]
    nested = dl.items[1].content[1]
    assert isinstance(nested, tree.DefinitionList)
    assert _text(nested.items[0].content) == "(i) nested"


def test_a_line_after_a_list_ends_it() -> None:
    blocks = _blocks("* One\n* Another\n'''Other books:'''\n* Third")
    assert [type(block) for block in blocks] == [tree.BulletList, tree.Paragraph, tree.BulletList]
    assert blocks[1] == tree.Paragraph((tree.Bold((tree.Text("Other books:"),)),))
    assert len(blocks[0].items) == 2  # type: ignore[union-attr]


def test_lists_inside_inline_tags_are_lists() -> None:
    blocks = _blocks("Abbreviations used:\n<small>\n* M first\n* L second\n</small>")
    assert blocks[0] == tree.Paragraph((tree.Text("Abbreviations used:"),))
    assert isinstance(blocks[1], tree.BulletList)
    assert [_text(item) for item in blocks[1].items] == ["M first", "L second"]


# -- the block-structure oracle's tree-builder causes (tests/integration/test_block_oracle.py) --------------
def _cells(table: tree.Block) -> list[list[str]]:
    assert isinstance(table, tree.Table)
    return [[_text(cell.content) for cell in row.cells] for row in table.rows]


def test_a_table_on_an_indented_line_is_a_table_in_a_detail() -> None:
    blocks = _blocks(':a\n:{| class="wikitable"\n| A || B\n|}\n:After.')
    assert [type(block) for block in blocks] == [tree.DefinitionList] * 3
    assert blocks[0] == tree.DefinitionList((tree.Detail((tree.Paragraph((tree.Text("a"),)),)),))
    assert isinstance(blocks[1], tree.DefinitionList)
    (detail,) = blocks[1].items
    assert isinstance(detail, tree.Detail)
    (table,) = detail.content
    assert _cells(table) == [["A", "B"]]
    assert blocks[2] == tree.DefinitionList((tree.Detail((tree.Paragraph((tree.Text("After."),)),)),))


def test_a_table_on_a_doubly_indented_line_is_two_details_deep() -> None:
    (outer,) = _blocks("::  {|\n| [[A]] || B\n|}")
    assert isinstance(outer, tree.DefinitionList)
    (detail,) = outer.items
    assert isinstance(detail, tree.Detail)
    (inner,) = detail.content
    assert isinstance(inner, tree.DefinitionList)
    (inner_detail,) = inner.items
    assert isinstance(inner_detail, tree.Detail)
    (table,) = inner_detail.content
    assert isinstance(table, tree.Table)
    assert table.rows[0].cells[0].content == (tree.Paragraph((tree.Link("A", (tree.Text("A"),)),)),)


def test_an_indented_table_never_closed_stays_text_in_linear_time() -> None:
    from tests.security.complexity import assert_linear

    (dl, paragraph) = _blocks(":{|\n| A")
    assert dl == tree.DefinitionList((tree.Detail((tree.Paragraph((tree.Text("{|"),)),)),))
    assert paragraph == tree.Paragraph((tree.Text("| A"),))
    for pattern in (":{|\n", ":{|\n|\n", ":{|\n|}\n"):
        assert_linear(lambda n, p=pattern: build_tree(p * n), floor=0.05, what=f"build_tree({pattern!r} * n)")
    assert_linear(lambda n: build_tree(":{|\n" * n + "|}\n" * n), floor=0.05, what="opened n times, closed n")


def test_text_after_a_thumbnail_is_its_own_paragraph_and_so_is_the_next_line() -> None:
    blocks = _blocks("Before.\n[[File:X.jpg|thumb|Cap]]First line.\nSecond line.")
    assert blocks == (
        tree.Paragraph((tree.Text("Before."),)),
        tree.Figure("X.jpg", (tree.Text("Cap"),), ("thumb",)),
        tree.Paragraph((tree.Text("First line."),)),
        tree.Paragraph((tree.Text("Second line."),)),
    )


def test_text_on_a_line_with_a_block_quote_is_not_joined_to_the_lines_around() -> None:
    blocks = _blocks("A\nB<blockquote>Q</blockquote>C\nD")
    assert blocks == (
        tree.Paragraph((tree.Text("A"),)),
        tree.Paragraph((tree.Text("B"),)),
        tree.BlockQuote((tree.Paragraph((tree.Text("Q"),)),)),
        tree.Paragraph((tree.Text("C"),)),
        tree.Paragraph((tree.Text("D"),)),
    )


@pytest.mark.parametrize(
    "caption_line",
    ['|+ style="color:red" | Caption', '|+style="color:red"|Caption', "|+ Caption"],
)
def test_a_caption_with_or_without_attributes_is_the_tables_caption(caption_line: str) -> None:
    (table,) = _blocks("{|\n" + caption_line + "\n|-\n| A\n|}")
    assert isinstance(table, tree.Table)
    assert table.caption == (tree.Text("Caption"),)
    assert _cells(table) == [["A"]]


def test_a_cell_with_attributes_and_a_plus_in_its_text_is_a_cell() -> None:
    (table,) = _blocks('{|\n| style="x" | +1\n|}')
    assert isinstance(table, tree.Table)
    assert table.caption == ()
    assert _cells(table) == [["+1"]]


def test_a_redirect_line_is_no_list_item_but_the_rest_of_the_page_is_read() -> None:
    assert _blocks("#REDIRECT [[Toronto]]") == ()
    assert _blocks("#redirect: [[Toronto#History|x]]\n\n# First\nText.") == (
        tree.OrderedList(((tree.Paragraph((tree.Text("First"),)),),)),
        tree.Paragraph((tree.Text("Text."),)),
    )
    article = wfk.parse_article("#REDIRECT [[Toronto]]")
    assert article.redirect == "Toronto"
    assert article.body == ()


def test_a_redirect_written_after_the_first_line_or_inside_a_table_is_text() -> None:
    (paragraph, ordered) = _blocks("Text\n#REDIRECT [[X]]")
    assert paragraph == tree.Paragraph((tree.Text("Text"),))
    assert isinstance(ordered, tree.OrderedList)
    (table,) = _blocks("{|\n|#REDIRECT [[X]]\n|}")
    assert _cells(table) == [["#REDIRECT X"]]


def test_unclosed_and_stray_styling_tags_in_cells_show_nothing() -> None:
    (table,) = _blocks('{|\n| <small>Note\n|-\n| Text </span>\n|-\n| <SPAN style="a">x <boo>\n|}')
    assert _cells(table) == [["Note"], ["Text"], ["x <boo>"]]


def test_comments_in_a_references_group_or_name_are_left_out_by_the_tree_and_the_citations() -> None:
    article = wfk.parse_article(
        "A{{#tag:ref|T|group=note<!--(end #tag:)-->}} B<ref group=note<!--x-->>U</ref> "
        'C<ref name="n<!--y-->">V</ref> D<ref name=n/>\n<references group=note/>'
    )
    assert [(c.group, c.ref_name, c.text, c.uses) for c in article.citations] == [
        ("note", None, "T", 1),
        ("note", None, "U", 1),
        (None, "n", "V", 2),
    ]
    paragraph, references = article.body
    refs = [inline.citation for inline in paragraph.content if isinstance(inline, tree.FootnoteRef)]
    assert refs == [0, 1, 2, 2]
    assert references == tree.References("note")


# -- lists as MediaWiki's prefix comparison makes them -------------------------------------------------------
def test_nested_and_mixed_lists() -> None:
    (top,) = _blocks("* a\n*# b\n*# c\n* d\n** e")
    assert isinstance(top, tree.BulletList)
    first, second = top.items
    assert isinstance(first[1], tree.OrderedList)
    assert [_text(item) for item in first[1].items] == ["b", "c"]
    assert isinstance(second[1], tree.BulletList)


def test_a_deeper_line_with_no_parent_gets_an_empty_item() -> None:
    (top,) = _blocks("** deep")
    assert isinstance(top, tree.BulletList)
    (item,) = top.items
    assert isinstance(item[0], tree.BulletList)


def test_term_and_definition_on_one_line() -> None:
    (dl,) = _blocks("; Term : its definition\n: more")
    assert isinstance(dl, tree.DefinitionList)
    assert dl.items[0] == tree.Term((tree.Text("Term"),))
    assert [_text(item.content) for item in dl.items[1:]] == ["its definition", "more"]


def test_numbered_list_breaks_a_bullet_list() -> None:
    blocks = _blocks("* a\n# b")
    assert [type(block) for block in blocks] == [tree.BulletList, tree.OrderedList]


# -- paragraphs, preformatted text, headings ---------------------------------------------------------------
def test_paragraphs_end_at_blank_lines() -> None:
    blocks = _blocks("one\ntwo\n\nthree")
    assert blocks == (
        tree.Paragraph((tree.Text("one\ntwo"),)),
        tree.Paragraph((tree.Text("three"),)),
    )


def test_a_leading_space_is_preformatted_but_not_in_a_blockquote_or_after_a_cell_bar() -> None:
    assert _blocks(" code here\n more") == (tree.Preformatted((tree.Text("code here\nmore"),)),)
    quoted = _blocks("<blockquote>\n quoted\n</blockquote>")
    assert quoted == (tree.BlockQuote((tree.Paragraph((tree.Text("quoted"),)),)),)
    (table,) = _blocks("{|\n| cell\n|}")
    assert isinstance(table, tree.Table)
    assert table.rows[0].cells[0].content == (tree.Paragraph((tree.Text("cell"),)),)


def test_headings_and_rules() -> None:
    blocks = _blocks("== A ''b'' ==\ntext\n----\n=== C ===")
    assert blocks == (
        tree.Heading(2, (tree.Text("A "), tree.Italic((tree.Text("b"),)))),
        tree.Paragraph((tree.Text("text"),)),
        tree.HorizontalRule(),
        tree.Heading(3, (tree.Text("C"),)),
    )


# -- quotes as Parser::doQuotes resolves them --------------------------------------------------------------
@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        ("''a''", (tree.Italic((tree.Text("a"),)),)),
        ("'''a'''", (tree.Bold((tree.Text("a"),)),)),
        ("'''''a'''''", (tree.Italic((tree.Bold((tree.Text("a"),)),)),)),
        ("'''''A'' B'''", (tree.Bold((tree.Italic((tree.Text("A"),)), tree.Text(" B"))),)),
        ("''''a''''", (tree.Text("'"), tree.Bold((tree.Text("a'"),)))),
        ("l'''amour'' x", (tree.Text("l'"), tree.Italic((tree.Text("amour"),)), tree.Text(" x"))),
        ("''open\nnext", (tree.Italic((tree.Text("open"),)), tree.Text("\nnext"))),
    ],
)
def test_quotes(wikitext: str, expected: tree.Inlines) -> None:
    (paragraph,) = _blocks(wikitext)
    assert isinstance(paragraph, tree.Paragraph)
    assert paragraph.content == expected


def test_a_stray_quote_in_a_citation_keeps_the_template() -> None:
    (paragraph,) = _blocks("A<ref>{{cite web|title=Rock ''n Roll|url=http://x.org}}</ref> b.")
    assert isinstance(paragraph, tree.Paragraph)
    assert paragraph.content == (tree.Text("A b."),)  # no citation index given: the ref shows nothing


def test_quotes_do_not_run_into_a_link_label() -> None:
    (paragraph,) = _blocks("[[X|''label]] after")
    assert paragraph == tree.Paragraph(
        (tree.Link("X", (tree.Italic((tree.Text("label"),)),)), tree.Text(" after"))
    )


# -- inlines -------------------------------------------------------------------------------------------------
def test_links_of_every_kind() -> None:
    (paragraph,) = _blocks(
        "[[main page|Main]] [[#History|here]] [http://a.org/x A] [http://b.org] http://c.org/y "
        "[javascript:alert(1) bad] [[Category:Z]] [[de:Titel]]"
    )
    assert isinstance(paragraph, tree.Paragraph)
    links = [node for node in paragraph.content if not isinstance(node, tree.Text)]
    assert links == [
        tree.Link("Main page", (tree.Text("Main"),)),
        tree.Link("", (tree.Text("here"),), "History"),
        tree.WebLink("http://a.org/x", (tree.Text("A"),), "labelled"),
        tree.WebLink("http://b.org", (), "numbered"),
        tree.WebLink("http://c.org/y", (tree.Text("http://c.org/y"),), "free"),
    ]
    assert "[javascript:alert(1) bad]" in _text(paragraph.content)


def test_literal_text_and_code() -> None:
    (paragraph,) = _blocks("<nowiki>''[[x]]''</nowiki> <code>a&lt;b</code> <math>x^2</math> a&amp;b<br/>c")
    assert paragraph == tree.Paragraph(
        (
            tree.Text("''[[x]]'' "),
            tree.Code("a<b"),
            tree.Text(" "),
            tree.Math("x^2"),
            tree.Text(" a&b"),
            tree.LineBreak(),
            tree.Text("c"),
        )
    )


def test_templates_without_a_renderer_are_kept_as_calls() -> None:
    (paragraph,) = _blocks("a {{Nobody renders|5|unit=km|unit=mi}} b")
    assert isinstance(paragraph, tree.Paragraph)
    (call,) = [node for node in paragraph.content if isinstance(node, tree.UnrenderedTemplate)]
    assert call.name == "Nobody renders"
    assert call.parameters == (("1", "5"), ("unit", "km"), ("unit", "mi"))


def test_templates_render_through_the_registry_with_the_last_value_of_a_repeated_parameter() -> None:
    (paragraph,) = _blocks("a {{convert|5|km}} and {{lang|fr|''bonjour''}} {{flag|name=A|name=B}}")
    assert paragraph == tree.Paragraph((tree.Text("a 5 km and bonjour B"),))


def test_reference_lists_quotes_and_figures_are_blocks() -> None:
    blocks = _blocks(
        "Text.\n{{Quote|text=To be.}}\n[[File:A b.jpg|thumb|A ''caption'']]\n{{Reflist}}\n<references group=n/>"
    )
    assert blocks == (
        tree.Paragraph((tree.Text("Text."),)),
        tree.BlockQuote((tree.Paragraph((tree.Text("To be."),)),)),
        tree.Figure("A b.jpg", (tree.Text("A "), tree.Italic((tree.Text("caption"),))), ("thumb",)),
        tree.References(None),
        tree.References("n"),
    )


def test_a_nul_character_loses_nothing_after_it() -> None:
    document = build_tree("before\x00after [[Link]]")
    assert tree.plain(document.blocks) == "before\ufffdafter Link\n"
    assert any("U+0000" in warning for warning in document.warnings)


def test_spans_are_clamped_as_mediawiki_clamps_them() -> None:
    (table,) = _blocks('{|\n| colspan="30000000" | a || rowspan="²" | b || colspan=-2 | c\n|}')
    assert isinstance(table, tree.Table)
    assert [(cell.colspan, cell.rowspan) for cell in table.rows[0].cells] == [(1000, 1), (1, 1), (1, 1)]


# -- the token reader: offsets add up, slices are the source -------------------------------------------------
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:30])
def test_token_offsets_slice_the_source_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reader = tk.TokenReader(CTokenizer().tokenize(text, 0, True))
    items = reader.read()
    assert reader.position == len(text)
    ours = sorted(text[item.start : item.end] for item in _templates(items))
    theirs = sorted(
        str(node) for node in mwparserfromhell.parse(text, skip_style_tags=True).filter_templates()
    )
    assert set(ours) <= set(theirs)
    assert len(theirs) - len(ours) <= 1  # a template standing in a table's attribute names is not read


def _templates(items: tk.Items) -> list[tk.Template]:
    found: list[tk.Template] = []
    for item in items:
        if isinstance(item, tk.Template):
            found.append(item)
            found.extend(_templates(item.name))
            for parameter in item.parameters:
                found.extend(_templates(parameter.value))
        elif isinstance(item, tk.Wikilink):
            found.extend(_templates(item.title) + _templates(item.text or []))
        elif isinstance(item, tk.ExternalLink):
            found.extend(_templates(item.url) + _templates(item.title or []))
        elif isinstance(item, tk.Heading):
            found.extend(_templates(item.title))
        elif isinstance(item, tk.Tag):
            found.extend(_templates(item.body or []))
            for attribute in item.attributes:
                found.extend(_templates(attribute.value or []))
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:30])
def test_every_corpus_page_builds(path: Path) -> None:
    blocks = build_tree(path.read_text(encoding="utf-8")).blocks
    assert all(isinstance(block, tree.BLOCK_TYPES) for block in blocks)


_WIKI_PIECES = st.sampled_from(
    [
        "''",
        "'''",
        "'",
        "\n",
        "\n\n",
        "* ",
        "# ",
        ": ",
        "; ",
        " ",
        "{|\n",
        "\n|-\n",
        "\n| ",
        " || ",
        "\n|}",
        "[[a|b]]",
        "[[",
        "]]",
        "{{",
        "}}",
        "{{x|y=",
        "<ref>",
        "</ref>",
        "<b>",
        "</b>",
        "<small>",
        "</small>",
        "text",
        "&amp;",
        "<blockquote>",
        "</blockquote>",
        "== h ==\n",
        "[http://x.org y]",
        "<nowiki>",
        "</nowiki>",
        "----\n",
    ]
)


@given(st.lists(_WIKI_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_any_wiki_shaped_text_reads_and_builds(wikitext: str) -> None:
    readable = wikitext.replace("\x00", "\ufffd")  # the tokenizer stops at U+0000; build_tree replaces it
    reader = tk.TokenReader(CTokenizer().tokenize(readable, 0, True))
    reader.read()
    assert reader.position == len(readable)
    blocks = build_tree(wikitext).blocks
    assert all(isinstance(block, tree.BLOCK_TYPES) for block in blocks)


def test_runs_of_unclosed_markup_build_in_linear_time() -> None:
    from tests.security.complexity import assert_linear

    for pattern in ("<ref>", "{{x|", "[[x|", "<div>", "{|\n"):
        assert_linear(lambda n, p=pattern: build_tree(p * n), floor=0.05, what=f"build_tree({pattern!r} * n)")
    assert any("unclosed" in warning for warning in build_tree("<ref>" * 100).warnings)
