"""The pandoc AST writer: pandoc reads what it writes, page text stays data, notes are one per reference."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from lxml import html

import wikifeedkit as wfk
from tests.conftest import CORPUS, require
from wikifeedkit.emit.pandoc import PANDOC_API_VERSION, PandocWriter, text_inlines
from wikifeedkit.wikitext.blocks import build_tree

PAGES = sorted((CORPUS / "articles").glob("*.wiki"))


def _pandoc() -> str:
    try:
        import pypandoc  # type: ignore[import-untyped]

        path: str = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        require(["pandoc (pip install 'wikifeedkit[pandoc]')"], "the pandoc AST tests")
        raise
    return path


def _writer(wikitext: str, **options: object) -> tuple[PandocWriter, wfk.Article]:
    article = wfk.parse_article(wikitext)
    return PandocWriter(citations=article.citations, infoboxes=article.infoboxes, **options), article  # type: ignore[arg-type]


def _html(wikitext: str) -> str:
    writer, article = _writer(wikitext)
    built = build_tree(wikitext, citations=article.citations)
    writer.notes = built.notes
    blocks = built.blocks
    return _to_html(writer.document(blocks, title="Page"))


def _to_html(document: dict[str, object]) -> str:
    """What pandoc (sandboxed) writes as HTML for an AST; its errors fail the test with pandoc's message."""
    result = subprocess.run(
        [_pandoc(), "-f", "json", "-t", "html5", "--sandbox"],
        input=json.dumps(document),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[:2000]
    return result.stdout


def test_the_ast_version_is_the_bundled_pandocs() -> None:
    result = subprocess.run(
        [_pandoc(), "-f", "markdown", "-t", "json"], input="x", capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout)["pandoc-api-version"] == PANDOC_API_VERSION


def test_text_becomes_words_and_spaces() -> None:
    assert text_inlines("a  b\nc") == [
        {"t": "Str", "c": "a"},
        {"t": "Space"},
        {"t": "Str", "c": "b"},
        {"t": "SoftBreak"},
        {"t": "Str", "c": "c"},
    ]


def test_page_text_is_never_markup() -> None:
    page = html.fromstring(
        _html(
            "<script>alert(1)</script> <img src=x onerror=y> [[X]]{onmouseover=y}\n"
            "== Heading {onclick=alert(6)} ==\n"
            'Math <math>x$<img src="/etc/passwd"/>$y</math> and <code>a\n\nb</code> {=html} ::: div\n'
            "[javascript:alert(1) click] {{cite web|url=javascript:alert(2)|title=T}}"
        )
    )
    assert not page.xpath("//script | //img | //video")
    assert not [a for a in page.xpath("//*[@*]") if any(k.startswith("on") for k in a.attrib)]
    assert all(href.startswith(("http", "#", "mailto:")) for href in page.xpath("//a/@href"))
    assert "<script>alert(1)</script>" in page.text_content()


def test_one_note_per_distinct_reference_every_use_linking_to_it() -> None:
    text = (
        'A.<ref name="x">{{cite web|url=http://a.org|title=First}}</ref> B.<ref name="x"/> '
        "C.<ref>Plain note with [[Link]].</ref>\n\n== References ==\n{{Reflist}}\n\n== Empty ==\n{{Reflist}}\n"
    )
    page = html.fromstring(_html(text))
    notes = page.xpath("//div[contains(@class, 'references')]//li")
    assert len(notes) == 2
    uses = page.xpath("//sup/a[@role='doc-noteref']")
    assert [a.text for a in uses] == ["[1]", "[1]", "[2]"]
    ids = {span.get("id") for span in page.xpath("//div[contains(@class, 'references')]//span[@id]")}
    assert {a.get("href")[1:] for a in uses} == ids
    assert "Plain note with Link." in notes[1].text_content()
    assert [h.text_content() for h in page.xpath("//h2")] == ["References"]  # the empty section is left out


def test_numbered_external_links_count_up() -> None:
    page = html.fromstring(_html("See [http://a.org] and [http://b.org] or [http://c.org C]."))
    assert [a.text_content() for a in page.xpath("//a")] == ["[1]", "[2]", "C"]


def test_every_corpus_page_is_read_by_pandoc() -> None:
    """One pandoc process for all 51 pages: their blocks in one document, each under its title."""
    blocks: list[dict[str, object]] = []
    for number, path in enumerate(PAGES):
        text = path.read_text(encoding="utf-8")
        writer, article = _writer(text, id_prefix=f"p{number}-")
        built = build_tree(text, citations=article.citations)
        writer.notes = built.notes
        tree = built.blocks
        blocks.append({"t": "Header", "c": [1, [f"page-{number}", [], []], text_inlines(path.stem)]})
        blocks.extend(writer.body(tree))
    document = {"pandoc-api-version": PANDOC_API_VERSION, "meta": {}, "blocks": blocks}
    written = _to_html(document)
    page = html.fromstring(written)
    assert len(page.xpath("//h1")) == len(PAGES)
    assert not page.xpath("//script")
    assert re.search(r"Jodie Emery", written)


@pytest.mark.parametrize(
    "path", [p for p in PAGES if "<ref" in p.read_text(encoding="utf-8")][:3], ids=lambda p: p.stem[:30]
)
def test_notes_are_listed_once(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    writer, article = _writer(text)
    built = build_tree(text, citations=article.citations)
    writer.notes = built.notes
    rendered = json.dumps(writer.body(built.blocks))
    targets = set(re.findall(r'"#(note-[\w-]+)"', rendered))
    assert targets
    for target in targets:
        assert rendered.count(f'"{target}"') == 1, target


def test_definition_lists_pair_terms_and_details() -> None:
    """XHTML's <dl> wants a <dd> after each <dt>: a lone term is a bold line, lone details are indented."""
    page = html.fromstring(_html(": indented\n:: deeper\n; Term\n: detail\n; Lone term\n\nAfter."))
    assert [dt.text_content() for dt in page.xpath("//dt")] == ["Term"]
    assert [dd.text_content().strip() for dd in page.xpath("//dd")] == ["detail"]
    assert "indented" in page.xpath("//blockquote")[0].text_content()
    assert page.xpath("//p/strong")[-1].text_content() == "Lone term"


def test_links_are_valid_uris() -> None:
    """Characters a wiki takes in a URL and XHTML does not are percent-encoded (epubcheck: RSC-020)."""
    page = html.fromstring(
        _html(
            'A<ref>{{cite web|url=https://books.test/b?id=9&dq="Great power"|title=Q}}</ref>'
            " b<ref>{{cite journal|doi=10.1002/1439-7633(2002)3:11<1135::AID-CBIC1135>3.0.CO;2-M|title=D}}</ref>"
            " c [http://a.test/100% pct] [http://a.test/é#f#g frag].\n\n{{reflist}}"
        )
    )
    hrefs = [href for href in page.xpath("//a/@href") if not href.startswith("#")]
    assert hrefs == [
        "http://a.test/100%25",
        "http://a.test/%C3%A9#f%23g",
        "https://books.test/b?id=9&dq=%22Great%20power%22",
        "https://doi.org/10.1002/1439-7633(2002)3:11%3C1135::AID-CBIC1135%3E3.0.CO;2-M",
    ]


def test_to_pandoc_renders_from_the_tree_alone(seed_path: Path) -> None:
    """A JSON round trip gives the same document: no wikitext is needed after parsing."""
    from wikifeedkit.wikitext.document import with_tree

    entry = wfk.read_feed(seed_path).entries[0]
    assert entry.wikitext is not None
    article = with_tree(wfk.parse_article(entry.wikitext, title=entry.page))
    document = wfk.to_pandoc(article, base_url="https://en.wikipedia.org/wiki/")
    assert (
        wfk.to_pandoc(wfk.from_json(wfk.to_json(article)), base_url="https://en.wikipedia.org/wiki/")
        == document
    )
    page = html.fromstring(_to_html(document))
    hrefs = page.xpath("//a/@href")
    assert any(href.startswith("https://en.wikipedia.org/wiki/") for href in hrefs)
    assert len(page.xpath("//div[contains(@class, 'references')]//li")) == len(article.citations) - sum(
        1 for c in article.citations if not c.in_reference or c.uses == 0
    )


def test_to_pandoc_needs_the_tree() -> None:
    with pytest.raises(wfk.ConversionError, match="tree"):
        wfk.to_pandoc(wfk.parse_article("Some text.", tree=False))
    with pytest.raises(TypeError):
        wfk.to_pandoc("Some text.")  # type: ignore[arg-type]
