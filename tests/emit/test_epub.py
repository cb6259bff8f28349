"""EPUB books checked by epubcheck: the seed, a 50-article book, and a feed from a real MediaWiki."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA, require
from wikifeedkit.emit.epub import book_document, book_of
from wikifeedkit.emit.pandoc import PANDOC_API_VERSION

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
NOTES = "//div[contains(@class, 'references')]//li"


def epubcheck(path: Path) -> str:
    """Run epubcheck (Debian's package) and return its report; fails the test on any error or warning."""
    if EPUBCHECK_JAR.exists() and shutil.which("java"):
        command = ["java", "-jar", str(EPUBCHECK_JAR), str(path)]
    elif shutil.which("epubcheck"):
        command = ["epubcheck", str(path)]
    else:
        require(["epubcheck"], "validating EPUB")
        raise AssertionError("unreachable")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report
    return report


def _chapters(path: Path) -> list[str]:
    """The chapters' XHTML, in order (not the title page or the table of contents)."""
    with zipfile.ZipFile(path) as book:
        names = sorted(name for name in book.namelist() if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", name))
        return [book.read(name).decode("utf-8") for name in names]


def test_seed_feed_book(tmp_path: Path) -> None:
    feed = wfk.read_feed(DATA / "contributions-seed.atom")
    path = wfk.to_epub(feed, tmp_path / "seed.epub")
    epubcheck(path)
    with zipfile.ZipFile(path) as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert "Kazakhstan Encyclopedia - User contributions [en]" in opf
    assert "<dc:language>en</dc:language>" in opf
    assert "Nbuend" in opf  # the feed's contributor
    assert "2026-07-03" in opf
    text = "\n".join(_chapters(path))
    assert "Zhanaozen massacre" in text
    assert '<table class="infobox">' in text
    assert "Repayment of wages" in text  # a field of the infobox
    notes = [html.fromstring(chapter.encode()).xpath(NOTES) for chapter in _chapters(path)]
    assert sum(len(found) for found in notes) >= 24
    assert "<img" not in text  # images become their captions
    assert "Demonstrators in" in text


def test_fifty_article_book_in_one_pandoc_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [
        wfk.parse_article(
            path.read_text(encoding="utf-8"), title=path.stem.replace("_", " ").replace("-", " ")
        )
        for path in sorted((CORPUS / "articles").glob("*.wiki"))
    ][:50]
    launched: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args: list[str], *rest: object, **options: object) -> subprocess.Popen[bytes]:
        launched.append(list(args))
        return real_popen(args, *rest, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    path = wfk.to_epub(articles, tmp_path / "fifty.epub", title="Fifty wiki pages")
    monkeypatch.undo()
    conversions = [args for args in launched if any("epub3" in arg for arg in args)]
    assert len(conversions) == 1
    epubcheck(path)
    chapters = _chapters(path)
    assert sum("<h1" in chapter for chapter in chapters) >= 50
    with zipfile.ZipFile(path) as book:
        nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
    assert nav.count("<li") >= 50


def test_nothing_to_convert_is_a_conversion_error(tmp_path: Path) -> None:
    with pytest.raises(wfk.ConversionError):
        wfk.to_epub([], tmp_path / "empty.epub")
    with pytest.raises(wfk.ConversionError):
        wfk.to_epub(wfk.Feed(wfk.FeedFormat.ATOM, wfk.FeedKind.UNKNOWN), tmp_path / "empty.epub")


def _nodes(value: object) -> Iterator[dict[str, Any]]:
    """Every node of pandoc JSON, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _nodes(value.get("c"))


def test_the_book_is_one_pandoc_document_of_chapters() -> None:
    """A level-1 heading ``chapter-N`` per page (the page's own headings below it), links between chapters,
    other pages on the wiki (or text without its URL), and note ids that differ from chapter to chapter."""
    first = wfk.parse_article(
        "To [[Second]], [[Elsewhere|out]] and [[#Top]].<ref>One</ref>\n\n= Top =\nText<ref>Two</ref>\n",
        title="First",
    )
    second = wfk.parse_article("Back to [[First]].<ref>Three</ref>", title="Second")
    for base in ("https://wiki.test/wiki/", None):
        document = book_document([first, second], base_url=base)
        assert document["pandoc-api-version"] == PANDOC_API_VERSION
        headers = [(b["c"][0], b["c"][1][0]) for b in document["blocks"] if b["t"] == "Header"]
        assert headers == [(1, "chapter-1"), (2, ""), (1, "chapter-2")]  # "= Top =" is a section of its page
        text = json.dumps(document)
        links = [node["c"][2][0] for node in _nodes(document["blocks"]) if node["t"] == "Link"]
        expected = ["#chapter-2", *(["https://wiki.test/wiki/Elsewhere"] if base else []), "#chapter-1"]
        assert [link for link in links if "note" not in link] == expected
        assert sorted(re.findall(r'"(c\d-note-\d+)"', text)) == ["c1-note-1", "c1-note-2", "c2-note-1"]


def test_an_article_without_its_tree_gets_one(tmp_path: Path) -> None:
    """``to_epub`` builds the tree of an article parsed without it; characters XML cannot hold (here in a
    title set by the caller: the parser already replaces them in page text) are dropped."""
    parsed = wfk.parse_article("Some text.<ref>A note.</ref>\n\n== Part ==\nMore.", title="T", tree=False)
    article = dataclasses.replace(parsed, title="Bell\x07 page\ufffe")
    assert article.lead_blocks is None
    ((chapter,), _, _) = book_of(article)
    assert chapter.lead_blocks
    path = wfk.to_epub(article, tmp_path / "tree.epub")
    epubcheck(path)
    (text,) = _chapters(path)
    assert "<h1>Bell page</h1>" in text
    assert "<p>Some text.<sup>" in text
    assert "<h2>Part</h2>" in text
    assert [note.text_content() for note in html.fromstring(text.encode()).xpath(NOTES)] == ["A note."]


def test_pandoc_reads_json_in_its_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypandoc  # type: ignore[import-untyped]

    calls: list[tuple[str, str, dict[str, Any]]] = []
    real = pypandoc.convert_text

    def recording(source: str, to: str, **options: Any) -> Any:
        calls.append((source, to, options))
        return real(source, to, **options)

    monkeypatch.setattr(pypandoc, "convert_text", recording)
    wfk.to_epub(wfk.parse_article("Text.", title="T"), tmp_path / "t.epub")
    ((source, to, options),) = calls
    assert to == "epub3"
    assert options["format"] == "json"
    assert json.loads(source)["blocks"][0]["c"][1][0] == "chapter-1"
    arguments = options["extra_args"]
    assert {"--sandbox", "--toc", "--toc-depth=2", "--split-level=1"} <= set(arguments)
    assert any(argument.startswith("--metadata-file=") for argument in arguments)
    assert any(argument.startswith("--include-in-header=") for argument in arguments)
