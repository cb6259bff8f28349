"""EPUB books checked by epubcheck: the seed, a 50-article book, and a feed from a real MediaWiki."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA, require

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


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
    with zipfile.ZipFile(path) as book:
        return [
            book.read(name).decode("utf-8") for name in sorted(book.namelist()) if name.endswith(".xhtml")
        ]


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
    assert "civil conflict" in text  # the infobox table
    assert text.count('role="doc-endnote"') + text.count('class="footnote') >= 24
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
