"""The command line and downloads on hostile input: issue 15 items 6, 7, 9, 11, 16 and the CLI's part of 12.

Each test runs the real command (a process, as users run it) or the real library against a real local HTTP
server; the one monkeypatch replaces the CLI's own per-page step, nothing of the library.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.sax.saxutils import escape

import pytest
from markdown_it import MarkdownIt

import wikifeedkit as wfk
from tests.conftest import run_cli
from tests.mediawiki_html import changes_summary, contributions_summary
from wikifeedkit import cli
from wikifeedkit.fetch import InputError, read_input
from wikifeedkit.filenames import MAX_NAME_BYTES, file_name, relative_url, title_of

ROOT = Path(__file__).parent.parent.parent
_CONTROLS = {chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))} - {"\n"}
_BIDI = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args, stdin=stdin, cwd=cwd, timeout=120)


def _entry(number: int, page: str, html: str, *, link: str | None = None, author: str = "Ann") -> str:
    href = f'<link rel="alternate" href="{escape(link)}"/>' if link else ""
    return (
        f"<entry><id>e{number}</id><title>{escape(page)}</title>{href}"
        f"<updated>2024-01-{number:02d}T00:00:00Z</updated>"
        f'<summary type="html">{escape(html)}</summary><author><name>{escape(author)}</name></author></entry>'
    )


def _atom(*entries: str, kind: str = "feedcontributions&amp;user=Ann") -> str:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        f"<id>http://w.test/api.php?action={kind}</id><title>T</title>{''.join(entries)}</feed>"
    )


def _pages_feed(pages: dict[str, str]) -> str:
    """A contributions feed of whole pages, without links (so Markdown links between pages are relative)."""
    return _atom(
        *(
            _entry(n, page, contributions_summary("Ann", "edit", text))
            for n, (page, text) in enumerate(pages.items(), start=1)
        )
    )


def _no_controls(text: str) -> None:
    assert not (set(text) & (_CONTROLS | _BIDI)), [c for c in text if c in _CONTROLS | _BIDI]


# -- 6. terminal escapes --------------------------------------------------------------------------------------


def test_summary_shows_escape_sequences_instead_of_sending_them(tmp_path: Path) -> None:
    link = "http://w.test/index.php?title=Clear%1B%5B2J%1B%5D0;pwned%07Me%0Aforged&diff=7"
    feed = tmp_path / "hostile.atom"
    feed.write_text(
        '<?xml version="1.0"?>'
        + _atom(
            _entry(
                1,
                "x",
                "<p>Ann: sneaky\u009b2J \u202eevil</p>\n<hr />\n<div>text</div>",
                link=link,
                author="Mallory\u202e\u2066gnp.exe",
            )
        ),
        encoding="utf-8",
    )
    result = _run("summary", str(feed))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    _no_controls(out)
    assert "Clear␛[2J␛]0;pwned␇Me␊forged r7" in out  # visible, and the page's line is not split in two
    assert "Mallory<U+202E><U+2066>gnp.exe" in out
    assert "summary: sneaky<U+009B>2J <U+202E>evil" in out


def test_error_messages_show_escape_sequences_instead_of_sending_them(tmp_path: Path) -> None:
    missing = "gone\x1b[2J\u202e.atom"
    result = _run("convert", missing, "--to", "json", cwd=tmp_path)
    assert result.returncode == 1
    message = result.stderr.decode("utf-8")
    _no_controls(message)
    assert "cannot read gone␛[2J<U+202E>.atom" in message
    assert message.count("\n") == 1


def test_messages_naming_pages_and_files_are_safe(tmp_path: Path) -> None:
    feed = tmp_path / "pages.atom"
    evil = "Evil\u202eTitle"
    feed.write_text(_pages_feed({evil: "one", "Plain": "two"}), encoding="utf-8")
    (tmp_path / "md" / f"{file_name(evil)}.md").mkdir(parents=True)  # this page cannot be written
    result = _run("convert", str(feed), "--to", "markdown", "-o", str(tmp_path / "md"))
    message = result.stderr.decode("utf-8")
    _no_controls(message)
    assert "page 'Evil<U+202E>Title' was left out" in message
    assert "wrote " in message


# -- 7. downloads -----------------------------------------------------------------------------------------------


class _Hostile(http.server.BaseHTTPRequestHandler):
    """/to?url=U redirects to U; /feed is a small feed; /drip sends a byte every 0.5 s, /slow-headers too."""

    stop = threading.Event()

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/to":
            self.send_response(302)
            self.send_header("Location", parse_qs(parts.query)["url"][0])
            self.end_headers()
        elif parts.path == "/feed":
            body = _pages_feed({"Downloaded": "It [[works]]."}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif parts.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self._drip(b"<" * 100_000)
        elif parts.path == "/slow-headers":
            self._drip(b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 100_000)

    def _drip(self, data: bytes) -> None:
        for byte in data:
            if self.stop.is_set():
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        _Hostile.stop.set()
        httpd.shutdown()
        httpd.server_close()


def test_a_redirect_to_an_http_url_is_followed(server: str) -> None:
    data = read_input(f"{server}/to?url={quote(server + '/feed')}")
    assert wfk.read_feed(data).entries[0].wikitext == "It [[works]]."


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/feed.atom", "file:///etc/passwd", "data:,<feed/>"])
def test_a_redirect_to_another_scheme_is_refused(server: str, target: str) -> None:
    with pytest.raises(InputError, match="not an http\\(s\\) URL; refused") as caught:
        read_input(f"{server}/to?url={quote(target)}")
    assert target in str(caught.value)


def test_a_redirect_to_a_local_file_leaks_nothing_through_the_command(server: str, tmp_path: Path) -> None:
    canary = tmp_path / "canary.atom"
    canary.write_text(_pages_feed({"CANARY-7f3a": "secret"}), encoding="utf-8")
    url = f"{server}/to?url={quote(canary.as_uri())}"
    for command in (["summary", url], ["convert", url, "--to", "json"]):
        result = _run(*command)
        assert result.returncode == 1
        assert b"CANARY" not in result.stdout + result.stderr
        assert b"which is not an http(s) URL; refused" in result.stderr


def test_a_url_with_another_scheme_is_refused_at_the_start(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="only http and https URLs can be read"):
        read_input((tmp_path / "x.atom").as_uri())


@pytest.mark.parametrize("path", ["/drip", "/slow-headers"])
def test_a_slow_drip_is_cut_off_at_the_deadline(server: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="took longer than the limit of 2 s"):
        read_input(server + path, deadline=2, timeout=1.5)  # each byte comes well within the 1.5 s timeout
    assert 1.9 < time.monotonic() - started < 5


def test_the_command_cuts_a_slow_drip_off(server: str) -> None:
    started = time.monotonic()
    result = _run("convert", f"{server}/drip", "--to", "json", "--timeout", "2")
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert b"the download took longer than the limit of 2 s" in result.stderr


# -- 9. file names --------------------------------------------------------------------------------------------

_HOSTILE_TITLES = [
    "AC/DC", "AC:DC", "AC DC", "AC_DC", "AC%2FDC", "AC~2", "AC\\DC", 'a*b?c"d<e>f|g', ".hidden", "..",
    "Ends with a dot.", "CON", "con.txt", "Nul", "COM1", "LPT¹", "Über", "日本語", "Tab\there", "Esc\x1b[2J",
    "Evil\u202eTitle", "100%", "#anchor?q=1", "~tilde",
]  # fmt: skip


def test_file_names_of_different_titles_differ_and_give_the_title_back() -> None:
    names = [file_name(title) for title in _HOSTILE_TITLES]
    assert len(set(names)) == len(names)
    for title, name in zip(_HOSTILE_TITLES, names, strict=True):
        assert title_of(name) == title
        assert not set(name) & set('/\\:*?"<>|')
        assert not set(name) & (_CONTROLS | _BIDI)
        assert not name.startswith(".")
        assert not name.endswith((".", " "))
        assert name.split(".", 1)[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT¹"}
    assert file_name("AC/DC") == "AC%2FDC"
    assert file_name("AC DC") == "AC_DC"
    assert file_name("AC_DC") == "AC%5FDC"


def test_a_long_title_gets_a_name_a_file_system_takes() -> None:
    titles = ["/" * 255, "/" * 254 + "x", "ü" * 255, "ü" * 254 + "/"]
    names = [file_name(title) for title in titles]
    assert len(set(names)) == len(names)
    assert all(len(name.encode("utf-8")) <= MAX_NAME_BYTES for name in names)


def test_three_colliding_titles_give_three_files_and_links_that_resolve(tmp_path: Path) -> None:
    pages = {
        "Index": "index of [[AC/DC]], [[AC:DC]], [[AC DC]] and [[100%]].",
        "AC/DC": "slash, back to [[Index]]",
        "AC:DC": "colon, back to [[Index]]",
        "AC DC": "space, back to [[Index]]",
        "100%": "percent",
    }
    feed = tmp_path / "acdc.atom"
    feed.write_text(_pages_feed(pages), encoding="utf-8")
    out = tmp_path / "md"
    result = _run("convert", str(feed), "--to", "markdown", "-o", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(path.name for path in out.iterdir())
    assert files == sorted(file_name(page) + ".md" for page in pages)
    for page, text in pages.items():
        assert text.split(" ", 1)[0] in (out / f"{file_name(page)}.md").read_text(encoding="utf-8")
    index = (out / f"{file_name('Index')}.md").read_text(encoding="utf-8")
    targets = [
        token.attrGet("href")
        for block in MarkdownIt("commonmark").parse(index)
        for token in (block.children or [])
        if token.type == "link_open"
    ]
    assert sorted(targets) == sorted(relative_url(title) for title in ["AC/DC", "AC:DC", "AC DC", "100%"])
    for target in targets:
        assert (out / unquote(str(target))).is_file(), target


def test_a_name_the_file_system_takes_for_another_is_not_overwritten(tmp_path: Path) -> None:
    """A case-insensitive file system, played by a link: ``Abc.md`` and ``ABC.md`` are one file."""
    out = tmp_path / "md"
    out.mkdir()
    (out / "Abc.md").symlink_to("ABC.md")
    feed = tmp_path / "case.atom"
    feed.write_text(_pages_feed({"ABC": "upper case", "Abc": "mixed case"}), encoding="utf-8")
    result = _run("convert", str(feed), "--to", "markdown", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "upper case" in (out / "ABC.md").read_text(encoding="utf-8")
    assert "mixed case" in (out / "Abc~2.md").read_text(encoding="utf-8")
    assert "takes the file names of pages 'ABC' and 'Abc' for one" in result.stderr.decode()


# -- 11. telling a feed from wikitext and HTML -----------------------------------------------------------------

_FEED = _pages_feed({"Sniffed": "Found [[it]]."})


@pytest.mark.parametrize(
    "document",
    [
        _FEED.encode(),
        b"  \n" + _FEED.encode(),
        b"<!-- a comment first -->\n" + _FEED.encode(),
        b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>\n<!-- c -->' + _FEED.encode(),
        b'<?xml version="1.0"?>\n<!DOCTYPE feed>\n' + _FEED.encode(),
        b"\xef\xbb\xbf" + _FEED.encode(),
        '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + _FEED.encode("utf-16-le"),
        '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16-be") + _FEED.encode("utf-16-be"),
        b"\xfe\xff"
        + '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16-be")
        + _FEED.encode("utf-16-be"),
    ],
    ids=[
        "plain",
        "blank",
        "comment",
        "pi",
        "doctype",
        "utf8-bom",
        "utf16-le",
        "utf16-be-unmarked",
        "utf16-be",
    ],
)
def test_every_form_of_a_feed_is_read_as_a_feed(document: bytes, tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_bytes(document)
    summary = _run("summary", str(path))
    assert summary.returncode == 0, summary.stderr
    convert = _run("convert", str(path), "--to", "json")
    assert convert.returncode == 0, convert.stderr
    assert wfk.from_json(convert.stdout.decode()).entries[0].wikitext == "Found [[it]]."
    assert cli._sniff(document) == "feed"


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        (b"<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", "feed"),
        (b"<!-- x --><rss version='2.0'>", "feed"),
        (b'<!DOCTYPE feed [<!ENTITY a "]>">]><feed>', "feed"),
        (b"<?xml version='1.0'?><unknown/>", "feed"),  # XML: the feed reader says what is wrong with it
        (b"<!-- only a comment -->", "wikitext"),
        (b"<!-- unclosed comment", "wikitext"),
        (b"<!doctype html><p>", "html"),
        (b"", "wikitext"),
    ],
)
def test_the_first_element_decides(document: bytes, kind: str) -> None:
    assert cli._sniff(document) == kind


@pytest.mark.parametrize(
    "document",
    [
        b"<!DOCTYPE html>\n<html><body>Not found</body></html>",
        b"<!-- served by nginx -->\n<HTML><HEAD><TITLE>502</TITLE></HEAD></HTML>",
        b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        "<!doctype HTML><html></html>".encode("utf-16"),
    ],
)
def test_an_html_page_is_refused_clearly(document: bytes, tmp_path: Path) -> None:
    path = tmp_path / "page.atom"
    path.write_bytes(document)
    for command in (["summary", str(path)], ["convert", str(path), "--to", "markdown"]):
        result = _run(*command)
        assert result.returncode == 1
        assert f"{path} is an HTML page, not a feed or wikitext" in result.stderr.decode()
        assert result.stdout == b""


@pytest.mark.parametrize(
    ("document", "text"),
    [
        (b"<!-- lead comment -->Hello [[World]].", "<!-- lead comment -->Hello [[World]]."),
        (b"<ref>cite</ref> first", "<ref>cite</ref> first"),
        (b"\xef\xbb\xbfBOM [[World]]", "BOM [[World]]"),
        ("Wide [[Wörld]]\n".encode("utf-16"), "Wide [[Wörld]]\n"),
        (b"<div>feed</div>", "<div>feed</div>"),
    ],
)
def test_wikitext_is_read_as_wikitext(document: bytes, text: str) -> None:
    result = _run("convert", "-", "--to", "json", stdin=document)
    assert result.returncode == 0, result.stderr
    article = wfk.from_json(result.stdout.decode())
    assert isinstance(article, wfk.Article)
    assert article.wikitext == text


def test_errors_name_the_input_not_bytes(tmp_path: Path) -> None:
    bad = tmp_path / "broken.atom"
    bad.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>')
    for command in (["summary", str(bad)], ["convert", str(bad), "--to", "json"]):
        message = _run(*command).stderr.decode()
        assert str(bad) in message
        assert "<bytes>" not in message
    message = _run("summary", "-", stdin=bad.read_bytes()).stderr.decode()
    assert "standard input" in message
    assert "<bytes>" not in message


# -- 16. one bad page does not lose the others ----------------------------------------------------------------


def _feed_with_a_diff_that_does_not_apply() -> str:
    """Page A: a new page, then an edit whose diff does not fit it; page B: a new page. Real, not mocked."""
    return _atom(
        _entry(
            1,
            "A",
            changes_summary("new", text="Alpha one\nAlpha two"),
            link="http://w.test/index.php?title=A&diff=4",
        ),
        _entry(
            2,
            "A",
            changes_summary("edit", old="Not this\nAt all", new="Not this\nchanged"),
            link="http://w.test/index.php?title=A&diff=5&oldid=4",
        ),
        _entry(
            3, "B", changes_summary("new", text="Beta [[A]]"), link="http://w.test/index.php?title=B&diff=6"
        ),
        kind="feedrecentchanges",
    )


def test_a_page_whose_text_cannot_be_rebuilt_does_not_lose_the_others(tmp_path: Path) -> None:
    feed = tmp_path / "changes.atom"
    feed.write_text(_feed_with_a_diff_that_does_not_apply(), encoding="utf-8")
    result = _run("convert", str(feed), "--to", "all", "-o", str(tmp_path / "out"))
    message = result.stderr.decode()
    assert result.returncode == cli.EXIT_PAGES_FAILED, message
    assert "page 'A' was left out: entry 'e2' (page 'A', revision 5)" in message
    assert message.count("was left out") == 1
    assert "1 of the pages failed" in message
    out = tmp_path / "out"
    assert [path.name for path in (out / "markdown").iterdir()] == ["B.md"]
    assert (out / "changes.epub").stat().st_size > 1000
    assert "Beta" in (out / "changes.json").read_text(encoding="utf-8")


def test_a_page_that_cannot_be_written_does_not_lose_the_others(tmp_path: Path) -> None:
    feed = tmp_path / "three.atom"
    feed.write_text(_pages_feed({"One": "1", "Two": "2", "Three": "3"}), encoding="utf-8")
    out = tmp_path / "md"
    (out / "Two.md").mkdir(parents=True)  # a folder where the file of page Two would go
    result = _run("convert", str(feed), "--to", "markdown", "-o", str(out))
    assert result.returncode == cli.EXIT_PAGES_FAILED
    assert f"page 'Two' was left out: cannot write {out / 'Two.md'}" in result.stderr.decode()
    assert (out / "One.md").is_file()
    assert (out / "Three.md").is_file()


def test_hostile_pages_never_give_a_traceback_and_lose_no_other_page(tmp_path: Path) -> None:
    hostile = {
        "Birth": "{{birth date|1990|²|1}}",
        "Span": '{|\n|colspan="²"|x\n|}',
        "Huge": '{|\n|colspan="30000000"|x\n|}',
        "Good": "All [[fine]].",
    }
    feed = tmp_path / "hostile.atom"
    feed.write_text(_pages_feed(hostile), encoding="utf-8")
    result = _run("convert", str(feed), "--to", "all", "-o", str(tmp_path / "out"))
    message = result.stderr.decode()
    assert "Traceback" not in message
    assert result.returncode in {0, cli.EXIT_PAGES_FAILED}, message
    assert (tmp_path / "out" / "markdown" / "Good.md").is_file()
    assert (tmp_path / "out" / "hostile.epub").is_file()


def test_any_exception_from_one_page_is_reported_with_its_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last resort: the CLI's own per-page step (monkeypatched, the library untouched) raises a bug."""
    real = cli._Conversion.article

    def article(self: cli._Conversion, page: str, text: str) -> wfk.Article:
        if page == "Two":
            raise ZeroDivisionError("a bug")
        return real(self, page, text)

    monkeypatch.setattr(cli._Conversion, "article", article)
    feed = tmp_path / "three.atom"
    feed.write_text(_pages_feed({"One": "1", "Two": "2", "Three": "3"}), encoding="utf-8")
    code = cli.main(["convert", str(feed), "--to", "all", "-o", str(tmp_path / "out"), "-q"])
    message = capsys.readouterr().err
    assert code == cli.EXIT_PAGES_FAILED
    assert "page 'Two' was left out: ZeroDivisionError: a bug (a bug in wikifeedkit" in message
    assert sorted(p.name for p in (tmp_path / "out" / "markdown").iterdir()) == ["One.md", "Three.md"]
    bib = (tmp_path / "out" / "three.bib").read_text(encoding="utf-8")
    assert bib == wfk.to_bibtex([wfk.parse_article("1", title="One"), wfk.parse_article("3", title="Three")])


# -- 12 (CLI). a closed pipe --------------------------------------------------------------------------------------


def test_summary_into_head_ends_quietly(tmp_path: Path) -> None:
    feed = tmp_path / "long.atom"
    feed.write_text(_pages_feed({f"Page {n}": f"text {n}" for n in range(3000)}), encoding="utf-8")
    script = (
        f'"{sys.executable}" -m wikifeedkit summary "{feed}" 2>"{tmp_path / "err"}" | head -1; '
        'echo "status ${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, check=False, timeout=120, cwd=ROOT)
    lines = result.stdout.decode().splitlines()
    assert lines == ["T", f"status {cli.EXIT_BROKEN_PIPE}"]
    assert (tmp_path / "err").read_text() == ""


def test_sniffing_a_long_prolog_is_linear() -> None:
    from tests.security.complexity import assert_linear

    def sniff(n: int) -> object:
        return cli._sniff(b"<!--c--><?pi x?>\n" * (n // 2) + b"<feed/>")

    assert_linear(sniff, what="<!--c--><?pi x?> before the root")
