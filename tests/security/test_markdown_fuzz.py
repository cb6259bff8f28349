"""Fuzz targets (issue 15): hostile strings inside generated wikitext never come out of the Markdown writer
as live markup, neither in markdown-it-py's CommonMark (raw HTML on) nor in pandoc's reading of the book."""

from __future__ import annotations

import json
from datetime import timedelta

import pypandoc  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.conftest import IN_CI
from tests.security.test_markdown_epub import BASE, inert_html, inert_markdown, pandoc_html
from wikifeedkit.emit.epub import book_document

_HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", "{onclick=x}", "{.c onclick=x}", "{#i onmouseover=x}", "{=html}", "$", "$$", "`",
     "``", "```", "~~~", ":::", "::: {onclick=x}", "<img src=x onerror=y>", '<video src="http://127.0.0.1:9/">',
     "javascript:alert(1)", "[j](javascript:x)", "![i](/etc/passwd)", "<javascript:x>", "\n", "\n\n", "\r", "|",
     "||", "{", "}", "\\", "&lt;", "&amp;lt;", "&#60;", "<", ">", "#", "- ", "1. ", ": ", "*", "_", "~", "^", "[",
     "]", "(", ")", "http://127.0.0.1:9/x", "<!-- c -->", "]]", "[[", "'''", "''", " ", "x", "é", "\t", "    ",
     "<div>", "</td>", "<style>", "\\$", "\\}", "data:text/html,x", "//evil.test/x", "../../etc/passwd", "<br>",
     "!", "http://x.test/a_(b"]
)  # fmt: skip
_TEXT = st.lists(_HOSTILE, min_size=1, max_size=5).map("".join)
_WRAPPERS = st.sampled_from(
    ["{}", "<math>{}</math>", "<nowiki>{}</nowiki>", "<code>{}</code>", "<pre>{}</pre>", "<tt>{}</tt>",
     "<syntaxhighlight lang=html>{}</syntaxhighlight>", "\n== {} ==\n", "[[X|{}]]", "[[{}]]", "'''{}'''",
     "[http://x.test/{} {}]", "[{} label]", "<ref>{}</ref>", "{{{{cite web|url={}|title={}|archive-url={}}}}}",
     "{{{{cite journal|doi={}|title=T}}}}", "\n{{| class=wikitable\n|+ {}\n! {} !! {}\n|-\n| {}\n| {}\n|}}\n",
     "\n* {}\n", "\n; {}\n: {}\n", "[[File:P.png|thumb|{}]]", "{{{{refn|{}}}}}", "{{{{#tag:ref|{}|name=n}}}}",
     "<ref name=a>{}<ref name=b>{}</ref></ref>", "{{{{Infobox thing|name={}|key={}}}}}", "<span>{}</span>",
     "\n<gallery>\nFile:A.png|{}\n</gallery>\n", "{{{{lang|fr|{}}}}}", "<s>{}</s>", "[[Category:{}]]",
     "#REDIRECT [[{}]]\n", "<ref>{{{{cite book|last={}|first={}|title={}|isbn={}}}}}</ref>", "<br>{}<br/>"]
)  # fmt: skip


@st.composite
def hostile_pages(draw: st.DrawFn) -> str:
    """Wikitext made of wrapped hostile strings."""
    chunks = []
    for _ in range(draw(st.integers(1, 6))):
        wrapper = draw(_WRAPPERS)
        chunks.append(wrapper.format(*(draw(_TEXT) for _ in range(wrapper.count("{}")))))
    return "".join(chunks)


@given(hostile_pages())
def test_fuzz_markdown_is_inert(page: str) -> None:
    article = wfk.parse_article(page, title="Fuzz")
    inert_markdown(wfk.to_markdown(article, base_url=BASE), image_prefixes=(BASE + "Special:FilePath/",))
    inert_markdown(wfk.to_markdown(article), image_prefixes=("File%253A",))


@settings(
    max_examples=150 if IN_CI else 30,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(hostile_pages())
def test_fuzz_book_read_by_pandoc_is_inert(page: str) -> None:
    """Pandoc's HTML of the book's document (what goes into the EPUB), and of the page's Markdown read by
    pandoc: no image, script, handler or bad link."""
    article = wfk.parse_article(page, title="Fuzz")
    for base in (None, BASE):
        document = json.dumps(book_document([article], base_url=base))
        html: str = pypandoc.convert_text(document, "html", format="json", extra_args=["--sandbox"])
        inert_html(html)
        inert_html(pandoc_html(wfk.to_markdown(article, base_url=base, offline_images=True)))
