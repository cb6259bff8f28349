"""The document tree inside the Article: sections own their blocks, notes their text, JSON keeps it all."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS
from wikifeedkit.model import tree
from wikifeedkit.wikitext.document import with_tree

PAGES = sorted((CORPUS / "articles").glob("*.wiki"))


def _parse(wikitext: str, title: str | None = None) -> wfk.Article:
    return wfk.parse_article(wikitext, title=title, tree=True)


def test_parse_article_builds_the_tree_unless_told_not_to() -> None:
    text = "Lead.\n== A ==\nBody."
    bare = wfk.parse_article(text, tree=False)
    assert bare.lead_blocks is None
    assert wfk.parse_article(text) == with_tree(bare)
    assert wfk.parse_article(text).lead_blocks == (wfk.tree.Paragraph((wfk.tree.Text("Lead."),)),)


def _article(path: Path) -> wfk.Article:
    return _parse(path.read_text(encoding="utf-8"), title=path.stem.replace("_", " "))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:30])
def test_the_body_has_every_section_and_loads_back_from_json(path: Path) -> None:
    article = _article(path)
    headings = [block for block in article.body if isinstance(block, tree.Heading)]
    sections = list(article.all_sections())
    assert [(h.level, tree.plain(h.content).strip()) for h in headings] == [
        (s.level, tree.plain(s.heading).strip()) for s in sections
    ]
    loaded = wfk.from_json(wfk.to_json(article))
    assert loaded == article
    assert loaded.body == article.body


def test_the_tree_validates_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(wfk.json_schema())
    for path in PAGES[:10]:
        errors = list(validator.iter_errors(json.loads(wfk.to_json(_article(path)))))
        assert errors == [], (path.stem, errors[:1])


def test_notes_hold_the_references_own_text() -> None:
    article = _parse("A.<ref>See ''[[Book]]'' p. 4.</ref>\n\n== Notes ==\n<references/>")
    (citation,) = article.citations
    assert citation.content == (
        tree.Text("See "),
        tree.Italic((tree.Link("Book", (tree.Text("Book"),)),)),
        tree.Text(" p. 4."),
    )
    assert article.sections[0].blocks == (tree.References(None),)
    assert article.lead_blocks == (tree.Paragraph((tree.Text("A."), tree.FootnoteRef(0))),)


def test_section_headings_keep_their_formatting() -> None:
    article = _parse("== The ''Ship'' ==\ntext")
    assert article.sections[0].title == "The Ship"
    assert article.sections[0].heading == (tree.Text("The "), tree.Italic((tree.Text("Ship"),)))


def test_sections_keep_their_bodies_when_a_heading_stands_inside_a_block() -> None:
    """A heading inside a block quote is a section to the section splitter but not a top-level heading of the
    tree: each section's own text is then read on its own."""
    article = _parse("Lead.\n<blockquote>\n== Q ==\nquoted\n</blockquote>\n== R ==\nafter")
    assert [section.title for section in article.all_sections()] == ["Q", "R"]
    quoted, after = (tree.plain(section.blocks).split() for section in article.all_sections())
    assert quoted[0] == "quoted"  # read alone, the section shows the quote's stray closing tag as text
    assert after == ["after"]
    assert tree.plain(article.lead_blocks).split()[0] == "Lead."
