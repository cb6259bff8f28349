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
    assert wfk.from_json(wfk.to_json(article)) == article
