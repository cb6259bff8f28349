"""DOCX, ODT, HTML and LaTeX from the pandoc document of the seed feed and of corpus pages, each read by a real
reader: python-docx, odfpy, lxml's HTML parser, LuaLaTeX (Debian's texlive-luatex) compiling the LaTeX (it
reads any Unicode a page holds, which pdflatex does not)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA, require, run_cli


@pytest.fixture(scope="module")
def seed() -> wfk.Feed:
    return wfk.read_feed(DATA / "contributions-seed.atom")


def _pages() -> list[wfk.Article]:
    names = ("Jerry-Mumphrey", "Chemical-biology", "Alsea-(company)")
    return [
        wfk.parse_article((CORPUS / "articles" / f"{name}.wiki").read_text(encoding="utf-8"), title=name)
        for name in names
    ]


def test_docx_holds_every_chapter_its_notes_and_links(seed: wfk.Feed, tmp_path: Path) -> None:
    import docx  # type: ignore[import-untyped]

    path = wfk.to_document(seed, tmp_path / "seed.docx", "docx")
    document = docx.Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == ["Zhanaozen massacre"]
    assert any("Mangystau Region" in text for text in texts)
    assert any(text.startswith("Categories:") for text in texts)
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
        relations = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<w:hyperlink" in body
    assert 'TargetMode="External"' in relations  # links to the wiki's pages
    assert 'w:vertAlign w:val="superscript"' in body  # the note markers


def test_odt_holds_the_text(seed: wfk.Feed, tmp_path: Path) -> None:
    from odf import teletype  # type: ignore[import-untyped]
    from odf.opendocument import load  # type: ignore[import-untyped]
    from odf.text import H, P  # type: ignore[import-untyped]

    path = wfk.to_document(seed, tmp_path / "seed.odt", "odt")
    document = load(str(path))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert "Zhanaozen massacre" in headings
    assert any("Mangystau Region" in text for text in paragraphs)


def test_html_is_one_standalone_inert_page(tmp_path: Path) -> None:
    articles = _pages()
    path = wfk.to_document(articles, tmp_path / "pages.html", "html")
    page = lxml_html.fromstring(path.read_bytes())
    assert [h.text_content() for h in page.iter("h1")][-3:] == [a.title for a in articles]
    assert not page.xpath("//script | //img | //iframe | //object | //embed")
    ids = set(page.xpath("//@id"))
    targets = [href[1:] for href in page.xpath("//a/@href") if href.startswith("#")]
    assert targets
    assert all(target in ids for target in targets)  # every note marker and chapter link lands
    assert all(href.startswith(("#", "http://", "https://")) for href in page.xpath("//a/@href"))


def test_latex_compiles_with_lualatex(tmp_path: Path) -> None:
    require([] if shutil.which("lualatex") else ["texlive-luatex"], "compiling the LaTeX")
    articles = _pages()
    path = wfk.to_document(articles, tmp_path / "pages.tex", "latex", title="Three pages")
    source = path.read_text(encoding="utf-8")
    assert source.count("\\section{") >= 3
    result = subprocess.run(
        ["lualatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", path.name],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout.decode("utf-8", "replace")[-3000:]
    assert (tmp_path / "pages.pdf").read_bytes().startswith(b"%PDF")


def test_a_wrong_format_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docx"):
        wfk.to_document(_pages()[:1], tmp_path / "x.rtf", "rtf")  # type: ignore[arg-type]


@pytest.mark.parametrize(("to", "suffix"), [("docx", ".docx"), ("odt", ".odt"), ("html", ".html")])
def test_the_command_writes_each_format(to: str, suffix: str, tmp_path: Path) -> None:
    result = run_cli(
        "convert", str(DATA / "contributions-seed.atom"), "--to", to, "-o", str(tmp_path / f"b{suffix}")
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / f"b{suffix}").stat().st_size > 1000
