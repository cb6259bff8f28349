"""Issue 15 item 14 for wikitext: ``parse_article`` takes time linear in n copies of each hostile pattern.

Before the guard (wikitext/guard.py) mwparserfromhell rescanned the rest of the page for every unclosed opener:
10,000 copies took 6 s for ``<ref>`` or ``<div>``, 15 s for ``<ref name=x>`` or ``[http://x ``, 57 s for
``{{x|``; ``split_sections`` rescanned the page per heading. Patterns that make one real node per copy (closed
tags, headings, links) cost mwparserfromhell's tree builder about 0.1 ms each, so they are measured at smaller
sizes to keep the suite quick.
"""

from __future__ import annotations

import pytest

import wikifeedkit as wfk
from tests.security.complexity import SIZES, assert_linear
from wikifeedkit.wikitext.parsing import parse_page

# A run shorter than this counts as this long: on a busy machine a short run often gets a whole time slice
# while a long one gets its share, which alone can triple a ratio. The blowups fixed here took seconds at
# 10,000 copies, far above it.
_FLOOR = 0.1
_SMALLER = (300, 3_000, 30_000)
_NODE_PER_COPY = (100, 1_000, 10_000)

PATTERNS: dict[str, tuple[str, tuple[int, ...]]] = {
    "unclosed <ref>": ("<ref>", SIZES),
    "unclosed <ref name=x>": ("<ref name=x>", SIZES),
    'unclosed <ref name="': ('<ref name="', SIZES),
    "unclosed <div>": ("<div>", SIZES),
    "''": ("''", SIZES),
    "{{": ("{{", SIZES),
    "[[": ("[[", SIZES),
    "nested {|": ("{|\n", SIZES),
    "unclosed {{x|": ("{{x|", SIZES),
    "unclosed [[x|": ("[[x|", SIZES),
    "unclosed <!--": ("<!--", SIZES),
    "unclosed <nowiki>": ("<nowiki>", SIZES),
    "unclosed {{a|[[b": ("{{a|[[b", SIZES),
    "<ref> … one </ref>": ("<ref>", SIZES),  # closed once, at the end
    "unclosed [http://x": ("[http://x ", _SMALLER),
    "unclosed [[http://x": ("[[http://x ", _SMALLER),
    "headings": ("== H ==\n", _SMALLER),
    "<ref>{{x|</ref>": ("<ref>{{x|</ref>", _NODE_PER_COPY),
    "<div>{{x|</div>}}": ("<div>{{x|</div>}}", _NODE_PER_COPY),
    # found by a random search over pieces of wikitext
    "unclosed {{{x|": ("{{{x|", SIZES),
    "[[[http://x |": ("[[[http://x |", _SMALLER),
    '<ref name="<ref name=a/>': ('<ref name="<ref name=a/>', _NODE_PER_COPY),
    "{{{<ref name=a/>|}": ("{{{<ref name=a/>\n|}", _NODE_PER_COPY),
}
_ENDINGS = {"<ref> … one </ref>": "</ref>"}


@pytest.mark.parametrize("name", list(PATTERNS))
def test_parse_article_is_linear_in_copies_of(name: str) -> None:
    pattern, sizes = PATTERNS[name]
    ending = _ENDINGS.get(name, "") + "\ntail [[Kept]]"

    def run(n: int) -> None:
        parse_page.cache_clear()  # each timing parses afresh
        article = wfk.parse_article("Start " + pattern * n + ending)
        assert article.links[-1].target == "Kept"

    assert_linear(run, sizes, floor=_FLOOR, what=name)
