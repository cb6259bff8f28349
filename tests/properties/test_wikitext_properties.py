"""Property 8 for wikitext: parse_article and the writers on arbitrary and wiki-shaped text raise nothing but
the library's own errors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.properties.strategies import xml_text

_PIECES = st.sampled_from(
    [
        "{{", "}}", "[[", "]]", "|", "=", "==", "\n== H ==\n", "\n* ", "\n# ", "\n; ", "\n: ", "{|", "|-", "|}",
        "!!", "||", "<ref>", "</ref>", "<ref name=a/>", '<ref name="b">', "<references/>", "''", "'''",
        "{{cite web|title=", "{{Infobox x|a=", "[[File:X.jpg|thumb|", "[[Category:", "<gallery>\n", "</gallery>",
        "&nbsp;", "&amp;", "<!--", "-->", "<nowiki>", "</nowiki>", "[http://x.test ", "#REDIRECT [[", "{{{", "}}}",
        "<math>", "</math>", "<br>", "__NOTOC__", "~~~~", "x", " ", "é", "𝄞",
    ]
)  # fmt: skip
_WIKITEXT = st.one_of(xml_text(max_size=200), st.lists(_PIECES, max_size=60).map("".join))


@given(_WIKITEXT)
def test_property_8_parse_article_raises_only_its_own_errors(text: str) -> None:
    try:
        article = wfk.parse_article(text, title="Fuzz")
    except wfk.WikifeedkitError:
        return
    assert article.wikitext == text
    article.plain_text()
    markdown = wfk.to_markdown(article)
    assert markdown.startswith("# Fuzz")
    wfk.to_bibtex(article)
    wfk.to_wikitext(article)
    assert wfk.from_json(wfk.to_json(article)) == article


@given(_WIKITEXT)
def test_property_2_to_wikitext_is_stable_after_one_round(text: str) -> None:
    """to_wikitext(parse_article(t)) gives t back, even for broken wikitext, and is idempotent."""
    try:
        once = wfk.to_wikitext(wfk.parse_article(text))
    except wfk.WikifeedkitError:
        return
    assert once == text
    assert wfk.to_wikitext(wfk.parse_article(once)) == once
