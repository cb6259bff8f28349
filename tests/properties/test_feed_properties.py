"""Properties of the feed layer (issue 5's properties 4 and 8, and the diff whitespace code)."""

from __future__ import annotations

import contextlib
import html
from xml.sax.saxutils import escape

from hypothesis import example, given
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.mediawiki_html import nl2br_htmlspecialchars
from tests.properties.strategies import wiki_line, xml_text
from wikifeedkit.feeds.difftable import escape_whitespace, unescape_whitespace
from wikifeedkit.feeds.summary import decode_page_text

NBSP = "\u00a0"


def _atom(summary_html: str, author: str) -> str:
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        "<id>http://w.test/api.php?action=feedcontributions&amp;user=x</id><title>t</title>"
        '<entry><id>i</id><title>P</title><link rel="alternate" href="http://w.test/index.php?title=P&amp;diff=7"/>'
        f'<updated>2024-01-01T00:00:00Z</updated><summary type="html">{escape(summary_html)}</summary>'
        f"<author><name>{escape(author)}</name></author></entry></feed>"
    )


@given(xml_text(), st.booleans())
@example('a\n\nb  \t&nbsp;<ref name="x"/>\'', True)
def test_property_entry_body_text_round_trips(text: str, quotes: bool) -> None:
    """Property 4 (HTML level): decoding nl2br(htmlspecialchars(text)) gives the text back exactly."""
    assert decode_page_text(nl2br_htmlspecialchars(text, quotes=quotes)) == (text, [])


@given(xml_text(), xml_text(max_size=30).filter(lambda s: s.strip() == s and s != ""))
def test_property_entry_body_survives_the_feed(text: str, comment: str) -> None:
    """Property 4 (feed level): a contributions entry in XML gives back the text, comment and author."""
    text = text.rstrip()  # MediaWiki strips trailing whitespace from every saved text
    comment = comment.replace(":", ";")
    summary = f"<p>Ann: {html.escape(comment, quote=False)}</p>\n<hr />\n<div>"
    summary += nl2br_htmlspecialchars(text, quotes=False) + "</div>"
    entry = wfk.read_feed(_atom(summary, "Ann")).entries[0]
    assert entry.wikitext == text
    assert entry.comment == comment
    assert entry.revision == 7
    # An empty text may be a hidden one (revision deletion): the reader says so.
    assert entry.text_uncertain == (text == "" and comment not in {"Blanked the page", "Created blank page"})
    assert len(entry.warnings) == entry.text_uncertain


@given(st.lists(wiki_line(), min_size=1, max_size=4))
@example(["a" + NBSP + " b"])
@example([" ", "", "  "])
@example([" " + NBSP + " "])  # found by the ci profile: a real NBSP between spaces
def test_property_diff_whitespace_escape_is_undone(segments: list[str]) -> None:
    """MediaWiki's escapeWhiteSpace is inverted exactly whenever no real NBSP sits next to a space, and
    otherwise the decoded line still shows the same as the original (documented limit)."""
    decoded = unescape_whitespace(escape_whitespace(segments))
    assert escape_whitespace(decoded) == escape_whitespace(segments)
    if all(NBSP + " " not in s and " " + NBSP not in s and not s.startswith(NBSP) for s in segments):
        assert decoded == segments


@given(st.binary(max_size=400))
def test_property_read_feed_raises_only_its_own_errors_on_bytes(data: bytes) -> None:
    """Property 8 (feeds): arbitrary bytes give a Feed or a FeedError, nothing else."""
    with contextlib.suppress(wfk.FeedError):
        wfk.read_feed(data)


_FRAGMENTS = st.sampled_from(
    [
        "<entry>",
        "</entry>",
        "<title>",
        "</title>",
        '<summary type="html">',
        "</summary>",
        "&lt;p&gt;",
        "&lt;/p&gt;",
        "&lt;hr /&gt;",
        "&lt;div&gt;",
        "&lt;/div&gt;",
        "&lt;table&gt;",
        '&lt;tr&gt;&lt;td colspan="2" class="diff-lineno"&gt;',
        '&lt;td class="diff-marker"&gt;',
        "&lt;br /&gt;",
        '<link href="http://w.test/?diff=x&amp;oldid=1"/>',
        "<updated>",
        "</updated>",
        "2024-13-45",
        "&amp;",
        "<item>",
        "</item>",
        "<description>",
        "</description>",
        "x",
        "\n",
    ]
)


@given(st.lists(_FRAGMENTS, max_size=40), st.sampled_from(["atom", "rss"]))
def test_property_read_feed_raises_only_its_own_errors_on_feed_like_text(parts: list[str], kind: str) -> None:
    """Property 8 (feeds): feed-shaped garbage gives a Feed (entries kept) or a FeedError, nothing else."""
    body = "".join(parts)
    if kind == "atom":
        document = f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    else:
        document = f'<rss version="2.0"><channel>{body}</channel></rss>'
    try:
        feed = wfk.read_feed(document)
    except wfk.FeedError:
        return
    records = body.count("<entry>" if kind == "atom" else "<item>")
    assert len(feed.entries) == records
