"""Issue 15, items 1-4 (and parts of 12, 14, 15) for the Markdown and EPUB writers: a page's text never
reaches pandoc or a Markdown renderer as live markup, never makes pandoc read a file or fetch a URL, and
hostile sizes stay linear.

``inert_html`` is the invariant: rendered output holds only the elements a Markdown writer makes, no script,
no event handler, links only to allowed schemes (or within the book) and images only where the writer put
them. The fuzz targets in ``test_markdown_fuzz.py`` use it too.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pypandoc  # type: ignore[import-untyped]
import pytest
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

import wikifeedkit as wfk
from tests.emit.test_epub import epubcheck
from tests.security.complexity import SIZES, assert_linear
from wikifeedkit.emit.epub import PANDOC_FORMAT, book_document, literal_markdown, wiki_base_url
from wikifeedkit.emit.markdown import MarkdownWriter
from wikifeedkit.emit.markdown_text import code_block, code_span, escape, pandoc_math
from wikifeedkit.urls import URL_PROTOCOLS

BASE = "https://wiki.test/wiki/"
WEB_SCHEMES = frozenset({"http", "https", "mailto"})
WIKI_SCHEMES = frozenset(protocol.split(":")[0] for protocol in URL_PROTOCOLS)


# -- the hostile page and the checks --------------------------------------------------------------------
def hostile_page(canary: str, loopback: str, relative_canary: str) -> str:
    """A page with every trick the review found to make a writer embed a file, fetch a URL or run a script:
    ``canary`` is a local file's path, ``loopback`` a URL whose server records requests."""
    return f"""Hi <math>x$<img src="{canary}"/>$y</math> and <math>}}<img src="{loopback}math"/></math> end.

<math>a\\</math> <math>{{$</math> <math>\\$<script>alert(1)</script>$</math>

<nowiki>a

<img src=x onerror=alert(1)></nowiki>

Code <code>b

<img src="{relative_canary}" onerror=alert(2)></code> and <code>c</code>{{=html}} and `d`{{=html}}

<pre>p

<script>alert(3)</script>
```{{=html}}
<img src="{canary}">
```
</pre>

<syntaxhighlight lang="html">x ``` y</syntaxhighlight>{{=html}}

<video src="{loopback}video"></video> <img src="{canary}"> <script>alert(4)</script>

== Heading {{onclick=alert(6)}} ==
[[X]]{{onmouseover=alert(7)}} and [text]{{.class onclick=alert(8)}} and [[Y|y]]{{#id onclick=alert(9)}}

::: {{onclick=alert(10)}}
div
:::

Line with :::{{.x onclick=alert(11)}} and ![img]({canary}) and [j](javascript:alert(12)) and <javascript:alert(13)>

[javascript:alert(14) click] and [//example.org/ok protocol-relative]

&amp;lt;script&amp;gt;alert(15)&amp;lt;/script&amp;gt; &lt;img src=x onerror=alert(16)&gt;

{{| class="wikitable"
! A !! B
|-
| `x|<img src=x onerror=alert(17)>` || <code>|<img src=x onerror=alert(18)></code>
|-
| colspan="30000000" | wide || after
|}}

A ref<ref>{{{{cite web|url=javascript:alert(19)|title=T1|archive-url=bugzilla.mozilla.org/show_bug.cgi?id=1|doi=10.1/x)![i]({loopback}doi}}}}</ref>
and<ref>{{{{cite web|url=data:text/html,<script>alert(20)</script>|title=T2}}}}</ref>
and<ref name="outer">Outer text<ref name="inner">Inner text</ref></ref> and<ref name="self">Self<ref name="self"/></ref>.

[[File:Pic.png|thumb|Caption with <img src=x onerror=alert(21)> and [[link]]]]
"""


def markdown_parsers() -> list[MarkdownIt]:
    """CommonMark with raw HTML on (markdown-it-py's preset) and the GFM-like one with tables and footnotes,
    both taking every link as written (markdown-it would otherwise hide a ``javascript:`` one itself)."""
    parsers = [
        MarkdownIt("commonmark"),
        MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin),
    ]
    for parser in parsers:
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parsers


_ELEMENTS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li",
     "blockquote", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "caption", "s", "del", "sup", "sub",
     "section", "aside", "div", "span", "nav", "header", "figure", "figcaption", "dl", "dt", "dd", "colgroup",
     "col"}
)  # fmt: skip
_BOOK_ELEMENTS = frozenset({"html", "head", "meta", "title", "style", "link", "body"})
_BOOK_HREF = re.compile(
    r"(?:(?:text/)?(?:ch\d+|title_page)\.xhtml)?(?:#\S*)?|(?:\.\./)?styles/stylesheet\d+\.css"
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def inert_html(
    html: str,
    *,
    image_prefixes: tuple[str, ...] = (),
    schemes: frozenset[str] = WIKI_SCHEMES,
    book: bool = False,
) -> None:
    """Fail unless ``html`` holds only the elements a Markdown writer (or pandoc's EPUB) makes, no event
    handler or ``style`` attribute, links only to ``schemes`` or within the document, and images only
    under ``image_prefixes``."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    allowed = _ELEMENTS | _BOOK_ELEMENTS if book else _ELEMENTS
    for tag, attrs in parser.found:
        assert tag in allowed, f"<{tag} {attrs}> in the output"
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            assert name not in {"style", "srcset", "formaction", "xlink:href", "poster"}, f"<{tag} {name}>"
            if name == "href":
                _check_href(value or "", schemes, book)
            if name == "src":
                made = tag == "img" and bool(image_prefixes) and (value or "").startswith(image_prefixes)
                assert made, f"<{tag} src={value!r}>: not an image the writer made"


def _check_href(href: str, schemes: frozenset[str], book: bool) -> None:
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        assert scheme in schemes, f"href={href!r}"
    elif book:
        assert _BOOK_HREF.fullmatch(href), f"href={href!r}: a relative link pandoc did not make"
    else:
        assert not href.startswith("//"), f"href={href!r}"
        assert href.startswith("#") or href.split("#")[0].endswith(".md"), f"href={href!r}: not the writer's"


def inert_markdown(markdown: str, *, image_prefixes: tuple[str, ...] = ()) -> None:
    """``markdown`` rendered by each markdown-it parser is inert (:func:`inert_html`)."""
    for parser in markdown_parsers():
        inert_html(parser.render(markdown), image_prefixes=image_prefixes)


def book_html(articles: list[wfk.Article], *, base_url: str | None) -> str:
    """What pandoc (sandboxed) makes of the EPUB's JSON document (:func:`book_document`) as HTML."""
    document = json.dumps(book_document(articles, base_url=base_url))
    html: str = pypandoc.convert_text(document, "html", format="json", extra_args=["--sandbox"])
    return html


def pandoc_html(markdown: str) -> str:
    """What pandoc (sandboxed) makes of ``book_markdown``'s Markdown, which the EPUB was made of before
    :func:`book_document` (the command line and the fuzz tests still read it)."""
    html: str = pypandoc.convert_text(markdown, "html", format=PANDOC_FORMAT, extra_args=["--sandbox"])
    return html


@contextmanager
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server in a thread: its base URL and the paths it was asked for."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"LOOPBACK-BODY")

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    """A local file no output may hold: its content is unique to this test."""
    path = tmp_path / "secret" / "canary.txt"
    path.parent.mkdir()
    path.write_text(f"WIKIFEEDKIT-CANARY-{uuid.uuid4().hex}\n", encoding="utf-8")
    return path


def _hostile_article(canary: Path, loopback: str, cwd: Path | None = None) -> wfk.Article:
    relative = os.path.relpath(canary, cwd or Path.cwd())
    return wfk.parse_article(hostile_page(str(canary), loopback, relative), title="Hostile <img src=x>")


def assert_inert_book(path: Path, canary: Path, *, chapters: int = 1) -> dict[str, bytes]:
    """The EPUB at ``path``: no media, no script, no event handler, no link but http(s)/mailto or within
    the book, the canary's content nowhere, and epubcheck 0 errors 0 warnings. Returns its files."""
    with zipfile.ZipFile(path) as book:
        files = {name: book.read(name) for name in book.namelist()}
    secret = canary.read_bytes().strip()
    for name, data in files.items():
        assert secret not in data, f"the canary file is in {name}"
        assert b"LOOPBACK-BODY" not in data, f"a fetched body is in {name}"
        assert not re.search(rb"<script", data, re.IGNORECASE), name
        assert re.fullmatch(
            r"mimetype|META-INF/[\w.-]+|EPUB/(content\.opf|toc\.ncx|nav\.xhtml|text/\w+\.xhtml|styles/\w+\.css)",
            name,
        ), f"{name}: a file the article does not name"
        if name.endswith(".xhtml"):
            inert_html(data.decode("utf-8"), schemes=WEB_SCHEMES, book=True)
    assert sum(name.startswith("EPUB/text/ch") for name in files) == chapters
    epubcheck(path)
    return files


# -- Markdown ---------------------------------------------------------------------------------------------
def test_markdown_of_a_hostile_page_is_inert(canary: Path) -> None:
    article = _hostile_article(canary, "http://127.0.0.1:9/")
    with_base = wfk.to_markdown(article, base_url=BASE)
    inert_markdown(with_base, image_prefixes=(BASE + "Special:FilePath/",))
    inert_markdown(wfk.to_markdown(article), image_prefixes=("File%253A",))
    inert_markdown(wfk.to_markdown(article, relative_links=False, offline_images=True))
    html = markdown_parsers()[1].render(with_base)
    # What the page says stays as text a reader sees.
    assert "Heading {onclick=alert(6)}</h2>" in html
    assert "{onmouseover=alert(7)}" in html
    assert "[text]{.class onclick=alert(8)}" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the nowiki text, after its blank line
    assert f"<code>x$&lt;img src=&quot;{canary}&quot;/&gt;$y</code>" in html  # math as GitHub's $`…`$
    assert "&amp;lt;script&amp;gt;" in html  # &amp;lt; on the wiki shows as "&lt;"
    assert re.search(r"<code[^>]*>x ``` y\n?</code>", html)  # <syntaxhighlight>: a code block
    assert "&lt;script&gt;alert(3)&lt;/script&gt;\n```{=html}" in html  # a <pre> block, fenced as code
    assert "Outer text (Inner text)" in html  # a reference inside a reference keeps its text


def test_markdown_table_cells_hold_only_the_writers_html(canary: Path) -> None:
    """Cells of several lines stay cells of the pipe table (lines joined): the page's text in them, HTML
    included, stays text; the only HTML is the writer's ``<br>``."""
    page = f"""{{| class="wikitable"
|+ Caption <script>alert(1)</script>

[j](javascript:alert(2))
! A<br>B
|-
| <img src="{canary}" onerror=alert(3)>
line two {{onclick=alert(4)}}

</td></tr></table><script>alert(5)</script>
| <code>c

<img src=x onerror=alert(6)></code>
|}}"""
    markdown = wfk.to_markdown(wfk.parse_article(page, title="T"))
    assert "<table>" not in markdown
    assert "| A<br>B |" in markdown
    inert_markdown(markdown)
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in markdown_parsers()[0].render(markdown)


def test_markdown_links_only_to_allowed_schemes() -> None:
    page = """[ftp://example.org/f ftp] [//example.org/p rel] [mailto:a@example.org mail] [https://x.test/a_(b) paren]
<ref>{{cite web|url=bugzilla.mozilla.org/show_bug.cgi?id=1|title=Bug}}</ref>
<ref>{{cite web|url=javascript:alert(1)|title=J|archive-url=file:///etc/passwd}}</ref>
<ref>{{cite web|url=https://ok.test/x|title=Ok|archive-url=//archive.test/y}}</ref>"""
    markdown = wfk.to_markdown(wfk.parse_article(page, title="T"))
    inert_markdown(markdown)
    assert "[ftp](ftp://example.org/f)" in markdown  # MediaWiki links ftp: so do we
    assert "[rel](https://example.org/p)" in markdown  # protocol-relative: https
    assert "[paren](https://x.test/a_%28b%29)" in markdown  # a ")" cannot end the destination early
    assert '"Bug". bugzilla.mozilla.org/show\\_bug.cgi?id=1.' in markdown  # issue 10: text, not a link
    assert '"J". javascript:alert(1). Archived at file:///etc/passwd.' in markdown
    assert '"[Ok](https://ok.test/x)". [Archived](https://archive.test/y).' in markdown
    html = markdown_parsers()[1].render(markdown)
    assert 'href="bugzilla' not in html


def test_nested_references_keep_their_text() -> None:
    page = (
        "A<ref name=x>Outer<ref name=y>Inner</ref></ref> b{{refn|Note with source<ref>Source</ref>}}"
        " c{{#tag:ref|Named|name=n}} d<ref name=loop>Loop<ref name=loop/></ref>"
        " e{{#tag:ref|Self {{#tag:ref|x}}|name=s}}."
    )
    markdown = wfk.to_markdown(wfk.parse_article(page, title="T"))
    notes = [line.removesuffix(" <!---->") for line in markdown.splitlines() if line.startswith("[^")]
    lines = [" ".join(line.split()) for line in notes]
    assert any(line.endswith(": Outer (Inner)") for line in lines), markdown
    assert any(line.endswith(": Note with source (Source)") for line in lines), markdown
    assert any(line.endswith(": Named") for line in lines), markdown  # a named #tag:ref: not lost
    assert any(line.endswith(": Loop") for line in lines), markdown  # a reference to itself ends
    assert any(line.endswith(": Self (x)") for line in lines), markdown


def test_epub_nested_references_keep_their_text() -> None:
    """A reference inside a reference is a note of its own, listed with the others and linked from its
    outer note (as MediaWiki shows ``{{#tag:ref}}``); a reference to itself ends."""
    page = (
        "A<ref name=x>Outer<ref name=y>Inner</ref></ref> b{{refn|Note with source<ref>Source</ref>}}"
        " c{{#tag:ref|Named|name=n}} d<ref name=loop>Loop<ref name=loop/></ref>"
        " e{{#tag:ref|Self {{#tag:ref|x}}|name=s}}."
    )
    book = lxml_html.fromstring(book_html([wfk.parse_article(page, title="T")], base_url=None))
    notes = {span.get("id"): span.getparent() for span in book.xpath("//div[@class='references']//li/span")}
    texts = [" ".join(note.text_content().split()) for note in notes.values()]
    for expected in ("Outer", "Inner", "Note with source", "Source", "Named", "Loop", "Self", "x"):
        assert any(text.startswith(expected) for text in texts), (expected, texts)
    for link in book.xpath("//a[@role='doc-noteref']"):
        assert link.get("href")[1:] in notes  # every marker, in the text or in a note, has its note
    outer = next(note for note in notes.values() if note.text_content().startswith("Outer"))
    inner = outer.xpath(".//a[@role='doc-noteref']/@href")
    assert len(inner) == 1
    assert notes[inner[0][1:]].text_content().startswith("Inner")


@pytest.mark.parametrize(
    "page",
    [
        '<span><br>\n<video src="http://127.0.0.1:9/"></span>',  # "<br>" alone on a line opens an HTML block
        "a\n\n<span><br>\n\n<br>\n<img src=x onerror=y></span>",
        '* <br>\n<video src="http://127.0.0.1:9/">',
        "<ref><br>\n<script>alert(1)</script></ref>",
        "{|\n| a<br>\n\n<br>\n<img src=x onerror=y>\n|}",
        "<code>{onclick=x}`</code><code><script>alert(1)</script></code>",  # code spans side by side
        "<code>`[j](javascript:x)</code><tt>a`</tt><code>`<img src=x onerror=y></code>",
        "Wow![http://127.0.0.1:9/ image] and Yes![[Page]] and <b>Bold!</b>[[Other]]",  # "!" before a link
        "Text<ref>javascript:alert(1)</ref> and Wow!<ref><http://127.0.0.1:9/x></ref>",  # [^1]: as a link definition
        "See<ref>See (p. 5)</ref>",
    ],
)
def test_writer_syntax_never_makes_page_text_live(page: str) -> None:
    """Where the writer's own Markdown meets the page's text: a line break, two code spans, a "!" before a
    link, a footnote whose text a reader without footnotes would take for a link definition."""
    article = wfk.parse_article(page, title="T")
    inert_markdown(wfk.to_markdown(article, base_url=BASE))
    inert_markdown(wfk.to_markdown(article))
    for base in (None, BASE):
        inert_html(book_html([article], base_url=base))


def test_colspan_of_thirty_million_gives_a_small_output() -> None:
    page = '{|\n|colspan="30000000"|x\n|}'
    assert len(page.encode()) == 27
    assert len(wfk.to_markdown(wfk.parse_article(page, title="T"))) < 200
    wide = "{|\n" + "".join(f'|-\n| colspan="30000000" | {i} || after\n' for i in range(1000)) + "|}"
    markdown = wfk.to_markdown(wfk.parse_article(wide, title="T"))
    assert len(markdown) < 20 * len(wide), len(markdown)  # never the table width times the rows
    assert "| 999 |" in markdown
    assert "after |" in markdown


# -- the pieces, read back by the real readers ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["a`b", "``x``", "`", " lead", "trail ", " both ", "a\n\nb", "a\n# b\n<script>x</script>", "x{=html}"],
)
def test_code_span_holds_its_text_on_one_line(text: str) -> None:
    tokens = markdown_parsers()[0].parseInline(code_span(text))[0].children or []
    assert [t.type for t in tokens] == ["code_inline"]
    assert tokens[0].content == text.replace("\n", " ")


@pytest.mark.parametrize("text", ["a\n\n<script>x</script>", "```\nx\n```", "````{=html}\n<img src=x>"])
def test_code_block_cannot_be_closed_by_its_text(text: str) -> None:
    tokens = markdown_parsers()[0].parse(code_block(text))
    assert [t.type for t in tokens] == ["fence"]
    assert tokens[0].content == text + "\n"
    assert not tokens[0].info


@pytest.mark.parametrize(
    "tex",
    ["x$<img src=/tmp/c>$y", "}<img src=x>", "{$", "a\\", "a \\", "\\$", "$", "a}b}c{", "x\\ \\", "\n<b>\n"],
)
def test_pandoc_math_always_closes(tex: str) -> None:
    """Every inline of the paragraph is the one math span: nothing of it is read as Markdown."""
    written = pandoc_math(tex)
    document = json.loads(pypandoc.convert_text(f"a {written} b", "json", format=PANDOC_FORMAT))
    inlines = document["blocks"][0]["c"]
    assert [inline["t"] for inline in inlines] == ["Str", "Space", "Math", "Space", "Str"], (written, inlines)


@pytest.mark.parametrize(
    "value",
    [
        '<img src="/tmp/c"/> ![](/tmp/c) \\includegraphics{/tmp/c}',
        "true",
        "FALSE",
        "A -- B ... 'q' \"d\" Mr. X",
        "i. roman",
        "H~2~O ^s^ $m$ @cite [@c] :smile: `c`",
        "&amp; <!-- c --> x\\ y",
    ],
)
def test_metadata_values_are_literal(value: str, tmp_path: Path) -> None:
    metadata = tmp_path / "m.json"
    metadata.write_text(json.dumps({"title": literal_markdown(value)}), encoding="utf-8")
    document = json.loads(
        pypandoc.convert_text(
            "x", "json", format=PANDOC_FORMAT, extra_args=["-s", f"--metadata-file={metadata}"]
        )
    )
    title = document["meta"]["title"]
    assert title["t"] == "MetaInlines"
    shown = "".join(
        i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else f"<{i['t']}>" for i in title["c"]
    )
    assert shown == value


@pytest.mark.parametrize(
    "text",
    [
        "a *b* _c_ `d` <e> &amp; &#65; [f](g) {h} ^i^ ~j~ $k$ \\ | x:::y",
        "1. one",
        "1) one",
        "# h",
        "- i",
        "+ i",
        "= x",
        "::: {.x}",
        ": definition",
        "> quote",
        "10.1/doi",
        "<script>alert(1)</script>",
        "{=html}",
    ],
)
def test_escape_reads_back_as_the_same_text(text: str) -> None:
    """At the start of a line too, in markdown-it and in pandoc's reading of the book."""
    for before in ("", "x\n", "x\r"):
        rendered = markdown_parsers()[0].render(escape(before + text))
        assert unescape(re.sub(r"</?p>", "", rendered)).strip() == (before + text).replace("\r", "\n")
    document = json.loads(pypandoc.convert_text(escape(text), "json", format=PANDOC_FORMAT))
    inlines = document["blocks"][0]["c"]
    assert document["blocks"][0]["t"] == "Para"
    assert "".join(i["c"] if i["t"] == "Str" else " " for i in inlines) == text, inlines


# -- EPUB -----------------------------------------------------------------------------------------------
def test_epub_of_a_hostile_page_reads_no_file_and_fetches_nothing(canary: Path, tmp_path: Path) -> None:
    with recording_server() as (loopback, requests):
        article = _hostile_article(canary, loopback)
        path = wfk.to_epub(article, tmp_path / "hostile.epub")
        assert requests == []
    files = assert_inert_book(path, canary)
    chapter = files["EPUB/text/ch001.xhtml"].decode("utf-8")
    assert "Heading {onclick=alert(6)}</h2>" in chapter
    assert "Outer text" in chapter
    assert "Inner text" in chapter  # a reference inside a reference keeps its text, as a note of its own
    assert "wikifeedkit: a small stylesheet" in chapter  # our stylesheet, inside the sandbox


_PAGE_LINK = re.compile(r"https?://\S+|mailto:\S+|#chapter-\d+|#c\d+-note-(?:g\d+-)?\d+")


def _nodes(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _nodes(value.get("c"))


def test_book_document_holds_the_page_only_as_data(canary: Path) -> None:
    """What pandoc reads for the EPUB: no raw HTML or TeX, no image, links only to the web or in the book."""
    articles = [
        _hostile_article(canary, "http://127.0.0.1:9/"),
        wfk.parse_article("See [[Other page]] and [[Elsewhere]].", title="Linker"),
        wfk.parse_article("Text.", title="Other page"),
    ]
    for base in (None, BASE):
        document = book_document(articles, base_url=base)
        kinds = {node["t"] for node in _nodes(document["blocks"])}
        assert not kinds & {"RawInline", "RawBlock", "Image"}, kinds
        assert {"Math", "Code", "CodeBlock"} <= kinds  # the page's math and code, as data
        targets = [node["c"][2][0] for node in _nodes(document["blocks"]) if node["t"] == "Link"]
        assert [t for t in targets if not _PAGE_LINK.fullmatch(t)] == []
        assert "#chapter-3" in targets  # the second chapter links to the third
        assert (BASE + "Elsewhere" in targets) == (base == BASE)  # a page not in the book: the wiki's
        assert document["meta"] == {}  # the metadata goes as literal text, in a file of its own


def _hostile_feed(canary: Path, loopback: str, page: str) -> wfk.Feed:
    hostile = f'T <img src="{canary}"/> ![]({canary}) ![]({loopback}title) \\includegraphics{{{canary}}} true'
    entry = wfk.Entry(
        title="Hostile page",
        link="javascript:alert(1)//wiki/Hostile_page",
        page="Hostile page",
        author=f'Evil <img src="{canary}"> ![x]({loopback}author)',
        wikitext=page,
        is_new_page=True,
        body=wfk.BodyKind.TEXT,
    )
    return wfk.Feed(
        wfk.FeedFormat.ATOM,
        wfk.FeedKind.CONTRIBUTIONS,
        title=hostile,
        id=f"urn:x:<img src='{canary}'>",
        language='en" onload="alert(2)',
        entries=(entry,),
    )


def test_epub_of_a_hostile_feed_has_literal_metadata(canary: Path, tmp_path: Path) -> None:
    with recording_server() as (loopback, requests):
        relative = os.path.relpath(canary)
        feed = _hostile_feed(canary, loopback, hostile_page(str(canary), loopback, relative))
        assert wiki_base_url(feed) is None  # a javascript: link is no base for the page links
        path = wfk.to_epub(feed, tmp_path / "feed.epub")
        assert requests == []
    files = assert_inert_book(path, canary)
    opf = files["EPUB/content.opf"].decode("utf-8")
    titles = re.findall(r"<dc:title[^>]*>(.*?)</dc:title>", opf)
    assert [unescape(title) for title in titles] == [feed.title]
    contributors = [unescape(c) for c in re.findall(r"<dc:contributor[^>]*>(.*?)</dc:contributor>", opf)]
    assert contributors == [feed.entries[0].author]
    assert "<dc:language>en</dc:language>" in opf


def test_wiki_base_url_is_an_http_url_or_none() -> None:
    def base(link: str) -> str | None:
        entry = wfk.Entry(title="P", link=link, page="P")
        return wiki_base_url(wfk.Feed(wfk.FeedFormat.ATOM, wfk.FeedKind.UNKNOWN, entries=(entry,)))

    assert base("https://wiki.test/wiki/P") == "https://wiki.test/wiki/"
    assert base("http://wiki.test/w/index.php?title=P") == "http://wiki.test/w/index.php?title="
    for link in (
        "javascript:alert(1)//wiki/P",
        "//wiki.test/wiki/P",
        "/wiki/P",
        "data:,/wiki/P",
        "file:///wiki/P",
    ):
        assert base(link) is None, link


# -- the command line -------------------------------------------------------------------------------------
def _cli(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wikifeedkit", *args], cwd=cwd, capture_output=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr.decode()


def test_cli_epub_and_markdown_of_a_hostile_page(canary: Path, tmp_path: Path) -> None:
    with recording_server() as (loopback, requests):
        page = tmp_path / "hostile.wiki"
        page.write_text(
            hostile_page(str(canary), loopback, os.path.relpath(canary, tmp_path)), encoding="utf-8"
        )
        _cli("convert", "hostile.wiki", "--to", "epub", "-o", "out.epub", "-q", cwd=tmp_path)
        _cli("convert", "hostile.wiki", "--to", "markdown", "-o", "out.md", "-q", cwd=tmp_path)
        assert requests == []
    assert_inert_book(tmp_path / "out.epub", canary)
    inert_markdown((tmp_path / "out.md").read_text(encoding="utf-8"), image_prefixes=("File%253A",))


def test_cli_epub_of_a_hostile_feed(canary: Path, tmp_path: Path) -> None:
    with recording_server() as (loopback, requests):
        feed = _hostile_feed(
            canary, loopback, hostile_page(str(canary), loopback, os.path.relpath(canary, tmp_path))
        )
        (tmp_path / "hostile.atom").write_text(wfk.to_atom(feed), encoding="utf-8")
        _cli("convert", "hostile.atom", "--to", "epub", "-o", "feed.epub", "-q", cwd=tmp_path)
        assert requests == []
    opf = assert_inert_book(tmp_path / "feed.epub", canary)["EPUB/content.opf"].decode("utf-8")
    assert unescape(re.findall(r"<dc:title[^>]*>(.*?)</dc:title>", opf)[0]) == feed.title


# -- time: linear on hostile sizes ------------------------------------------------------------------------
def test_escape_is_linear_in_blank_lines() -> None:
    assert_linear(lambda n: escape("\n" * n + " \n" * n + "x"), what="escape() of blank lines")
    assert_linear(lambda n: escape(" " * n + "1" * n + "x"), what="escape() of a long line start")


def test_footnote_marks_are_linear_in_references() -> None:
    articles = {
        n: wfk.Article(
            wikitext="",
            lead_blocks=(),
            citations=tuple(wfk.Citation(raw=f"<ref>r{i}</ref>") for i in range(n)),
        )
        for n in SIZES
    }

    def run(n: int) -> None:
        writer = MarkdownWriter(articles[n])
        for _ in range(2):  # each citation cited twice: the second time it is found among the cited
            for number in range(n):
                writer.footnote_ref(number)

    assert_linear(run, what="footnote marks")


def test_stray_markup_and_table_cells_are_linear() -> None:
    assert_linear(
        lambda n: wfk.to_markdown(wfk.parse_article("<ref " * n + "\n" * n + "x")),
        what="unclosed <ref and blank lines",
    )
    assert_linear(lambda n: code_span("`" * n + "a" + "``" * n), what="code span of backticks")
    assert_linear(lambda n: pandoc_math("{" * n + "$}" * n), what="math of braces")
