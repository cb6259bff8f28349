"""The command line, run as users run it: a real process, on the bundled example feed and real pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS, run_cli
from wikifeedkit import cli

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "feeds" / "contributions-seed.atom"


def _run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args, stdin=stdin, cwd=cwd, timeout=300)


def test_summary_of_the_example_feed() -> None:
    result = _run("summary", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "atom contributions feed, 1 entries, MediaWiki 1.23.15" in out
    assert "- Zhanaozen massacre by Nbuend at 2017-04-18T02:16:58+00:00: full text, 15105 characters" in out


def test_summary_from_standard_input() -> None:
    result = _run("summary", "-", stdin=EXAMPLE.read_bytes())
    assert result.returncode == 0
    assert b"Zhanaozen massacre" in result.stdout


def test_convert_all_formats(tmp_path: Path) -> None:
    result = _run("convert", str(EXAMPLE), "--to", "all", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    markdown = (out / "markdown" / "Zhanaozen_massacre.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Zhanaozen massacre\n\n| civil conflict |  |")
    assert "(https://en.encyclopedia.kz/index.php/Mangystau_Region)" in markdown  # the wiki's own page URL
    library = bibtexparser.parse_string((out / "contributions-seed.bib").read_text(encoding="utf-8"))
    assert len(library.entries) == 23
    feed = wfk.from_json((out / "contributions-seed.json").read_text(encoding="utf-8"))
    assert feed == wfk.read_feed(EXAMPLE)
    assert (out / "contributions-seed.epub").stat().st_size > 10_000
    assert b"wrote " in result.stderr


def test_convert_a_wiki_file_to_standard_output() -> None:
    result = _run(
        "convert", str(CORPUS / "articles" / "jodie_emery.wiki"), "--to", "markdown", "--title", "Jodie Emery"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("# Jodie Emery\n\n| person |  |")
    result = _run("convert", "-", "--to", "json", stdin=b"Hello [[World]].")
    document = json.loads(result.stdout)
    assert document["type"] == "Article"
    assert document["value"]["links"] == [{"target": "World", "text": "World", "anchor": None}]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["convert", "missing.atom", "--to", "json"], 1, "cannot read missing.atom"),
        (
            ["convert", str(EXAMPLE), "--to", "json", "-o", "/proc/none/x.json"],
            3,
            "cannot write /proc/none/x.json",
        ),
        (["convert", str(EXAMPLE), "--to", "pdf"], 2, "invalid choice: 'pdf'"),
        (["convert", "http://127.0.0.1:9/feed", "--to", "json"], 1, "http://127.0.0.1:9/feed"),
    ],
)
def test_errors_are_clear_and_non_zero(args: list[str], code: int, message: str) -> None:
    result = _run(*args)
    assert result.returncode == code
    assert result.stdout == b""
    assert message in result.stderr.decode()


def test_malformed_feed_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.atom"
    bad.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>')
    result = _run("summary", str(bad))
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.startswith("wikifeedkit: ")
    assert "malformed XML" in message
    assert message.count("\n") == 1


def test_example_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "read_feed.py")],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"72 lines of wikitext, starting '{{Infobox civil conflict'" in result.stdout


def _feed_of(pages: int) -> bytes:
    from xml.sax.saxutils import escape

    entries = []
    for n in range(1, pages + 1):
        summary = escape(f"<p>Ann: edit</p>\n<hr />\n<div>Text of page {n}.</div>")
        entries.append(
            f"<entry><id>e{n}</id><title>Page {n}</title>"
            f'<link rel="alternate" href="http://w.test/index.php?title=Page_{n}&amp;diff={n}"/>'
            f'<updated>2024-01-01T00:00:00Z</updated><summary type="html">{summary}</summary>'
            "<author><name>Ann</name></author></entry>"
        )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        "<id>http://w.test/api.php?action=feedcontributions&amp;user=Ann</id><title>T</title>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import os

    feed = tmp_path / "twelve.atom"
    feed.write_bytes(_feed_of(12))
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "wikifeedkit",
                "convert",
                str(feed),
                "--to",
                "markdown",
                "-o",
                str(tmp_path / "md"),
            ],
            stderr=follower,
            stdout=subprocess.PIPE,
            check=False,
            timeout=120,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"markdown [" in shown
    assert b"12/12" in shown
    assert len(list((tmp_path / "md").glob("*.md"))) == 12
    quiet = _run("convert", str(feed), "--to", "markdown", "-o", str(tmp_path / "md2"))
    assert b"[" not in quiet.stderr  # not a terminal: no bar, only the report


# -- issue 12: HTML given as wikitext, a missing pandoc, the BibTeX dialect -----------------------------------

_HTML_PAGES = [
    b"<!DOCTYPE html>\n<html lang=en><head><title>Jodie Emery - Wikipedia</title></head><body>x</body></html>",
    b"<html><body>Not found</body></html>",
    b"<head><meta charset=utf-8><title>Saved page</title></head><p>text</p>",  # no <html>: a browser's save
]


@pytest.mark.parametrize("document", _HTML_PAGES)
def test_an_html_page_named_wiki_is_refused(document: bytes, tmp_path: Path) -> None:
    """Found by a user: a page saved from the browser as Page.wiki was "converted" (exit 0) into its HTML."""
    path = tmp_path / "Page.wiki"
    path.write_bytes(document)
    result = _run("convert", str(path), "--to", "markdown")
    assert result.returncode == 1
    assert f"{path} is an HTML page, not a feed or wikitext" in result.stderr.decode()
    assert "action=raw" in result.stderr.decode()  # it says what to give instead
    assert result.stdout == b""


def test_wikitext_that_starts_with_a_tag_is_still_wikitext(tmp_path: Path) -> None:
    path = tmp_path / "Page.wiki"
    path.write_bytes(b"<div>Hello [[World]].</div>")
    result = _run("convert", str(path), "--to", "markdown")
    assert result.returncode == 0, result.stderr
    assert "Hello" in result.stdout.decode()


def _run_without_pandoc(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The command where pypandoc finds no pandoc: PYPANDOC_PANDOC names the only place it may look."""
    environment = {**os.environ, "PYPANDOC_PANDOC": str(cwd / "no-such-pandoc"), "PATH": os.defpath}
    return subprocess.run(
        [sys.executable, "-m", "wikifeedkit", *args],
        capture_output=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env=environment,
    )


def test_epub_without_pandoc_is_one_line_naming_the_fix_before_any_work(tmp_path: Path) -> None:
    # The input does not exist: had the command read it first, the error would be about the input.
    result = _run_without_pandoc("convert", str(tmp_path / "missing.atom"), "--to", "epub", cwd=tmp_path)
    assert result.returncode == 5
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert 'pip install "wikifeedkit[pandoc]"' in lines[0]
    assert "system" in lines[0]
    assert "Traceback" not in result.stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_all_without_pandoc_writes_the_other_formats_and_says_so(tmp_path: Path) -> None:
    result = _run_without_pandoc("convert", str(EXAMPLE), "--to", "all", "-o", "out", cwd=tmp_path)
    assert result.returncode == 5, result.stderr
    out = tmp_path / "out"
    assert (out / "markdown" / "Zhanaozen_massacre.md").exists()
    assert (
        len(bibtexparser.parse_string((out / "contributions-seed.bib").read_text(encoding="utf-8")).entries)
        == 23
    )
    assert (out / "contributions-seed.json").exists()
    assert not (out / "contributions-seed.epub").exists()
    assert "EPUB skipped: EPUB, DOCX, ODT, HTML and LaTeX need pandoc" in result.stderr.decode()


def test_the_pandoc_check_passes_where_pandoc_is() -> None:
    try:
        import pypandoc  # type: ignore[import-untyped]

        pypandoc.get_pandoc_path()
    except OSError:
        pytest.skip("no pandoc here")
    assert cli.pandoc_missing() is None


@pytest.mark.parametrize(
    ("dialect", "pmid"),
    [(None, "eprinttype = {pubmed}"), ("biblatex", "eprinttype = {pubmed}"), ("bibtex", "note = {PMID: ")],
)
def test_bibtex_dialect_option(dialect: str | None, pmid: str) -> None:
    page = CORPUS / "articles" / "Chemical-biology.wiki"
    result = _run("convert", str(page), "--to", "bibtex", *(["--bibtex-dialect", dialect] if dialect else []))
    assert result.returncode == 0, result.stderr
    bib = result.stdout.decode()
    assert pmid in bib
    assert ("eprinttype" in bib) == (dialect != "bibtex")
