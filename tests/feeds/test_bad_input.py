"""Hostile, malformed and odd feeds: a FeedError saying where and what, or an entry kept with a warning.

The time bounds below are guards against a hang (entity expansion, quadratic work), not speed measurements.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import wikifeedkit as wfk

ATOM_HEAD = '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>t</title>'


def _atom(entries: str, head: str = "") -> str:
    return f'<?xml version="1.0"?>{head}{ATOM_HEAD}{entries}</feed>'


def _entry(summary_html: str, title: str = "Page") -> str:
    from xml.sax.saxutils import escape

    return (
        f"<entry><id>x</id><title>{title}</title>"
        '<link rel="alternate" type="text/html" href="http://w.test/index.php?title=Page&amp;diff=5&amp;oldid=4"/>'
        f'<updated>2024-01-02T03:04:05Z</updated><summary type="html">{escape(summary_html)}</summary>'
        "<author><name>Ann</name></author></entry>"
    )


def _refused(document: str | bytes, match: str) -> wfk.FeedError:
    started = time.monotonic()
    with pytest.raises(wfk.FeedError, match=match) as caught:
        wfk.read_feed(document)
    assert time.monotonic() - started < 5
    return caught.value


def test_billion_laughs_is_refused_unexpanded() -> None:
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    document = f'<?xml version="1.0"?><!DOCTYPE feed [{lol}]>{ATOM_HEAD}<subtitle>&lol9;</subtitle></feed>'
    _refused(document, "declares XML entities")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://127.0.0.1:9/never", "file:///etc/hostname"])
def test_external_entities_are_never_fetched(target: str) -> None:
    document = (
        f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "{target}">]>'
        f"{ATOM_HEAD}<subtitle>&xxe;</subtitle></feed>"
    )
    error = _refused(document, "declares XML entities")
    assert "root:" not in str(error)


def test_external_dtd_is_refused() -> None:
    document = f'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "http://127.0.0.1:9/x.dtd">{ATOM_HEAD}</feed>'
    _refused(document, "external DTD")


def test_a_50_mb_text_node_ends_in_a_feed_error() -> None:
    document = _atom(f"<subtitle>{'a' * (50 * 1024 * 1024)}</subtitle>").encode()
    _refused(document, "malformed XML")


def test_a_document_over_the_size_limit_is_refused() -> None:
    document = _atom(_entry("<p>c</p>\n<hr />\n<div>x</div>") * 200).encode()
    with pytest.raises(wfk.FeedError, match="larger than the limit of 10000 bytes"):
        wfk.read_feed(document, max_bytes=10_000)
    assert len(wfk.read_feed(document).entries) == 200


def test_malformed_xml_says_line_and_column() -> None:
    document = _atom("<entry><title>x</titel></entry>").replace("<entry>", "\n\n<entry>")
    error = _refused(document, "malformed XML")
    assert error.line == 3
    assert error.column is not None
    assert "line 3, column" in str(error)


def test_undeclared_html_entity_in_xml_is_malformed() -> None:
    error = _refused(_atom("\n<subtitle>a&nbsp;b</subtitle>"), "nbsp")
    assert error.line == 2


def test_not_a_feed() -> None:
    _refused(
        '<?xml version="1.0"?><html><body/></html>', r"not an Atom or RSS feed: the root element is <html>"
    )


@pytest.mark.parametrize("document", [b"", "", "   \n", b"\xef\xbb\xbf"])
def test_empty_documents(document: str | bytes) -> None:
    _refused(document, "empty")


def test_missing_file(tmp_path: Path) -> None:
    _refused(str(tmp_path / "nope.atom"), "cannot open")


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError, match="not int"):
        wfk.read_feed(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["iso-8859-1", "utf-16", "windows-1252"])
def test_declared_encodings(encoding: str) -> None:
    text = "Zürich – café" if encoding != "iso-8859-1" else "Zürich café"
    document = _atom(_entry(f"<p>Ann: été</p>\n<hr />\n<div>{text}<br />\nfin</div>", title="Zürich"))
    document = document.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    feed = wfk.read_feed(document.encode(encoding))
    entry = feed.entries[0]
    assert entry.title == "Zürich"
    assert entry.wikitext == f"{text}\nfin"
    assert entry.comment == "été"
    # A str has already been decoded: its declaration no longer applies and is ignored.
    assert wfk.read_feed(document).entries[0].wikitext == entry.wikitext


def test_cut_off_summary_is_kept_with_a_warning() -> None:
    feed = wfk.read_feed(_atom(_entry("<p>Ann: x</p>\n<hr />\n<div>{{Infobox<br />\n| name = A")))
    entry = feed.entries[0]
    assert entry.wikitext is None
    assert entry.body is wfk.BodyKind.NONE
    assert entry.comment == "x"
    assert entry.revision == 5
    assert any("cut off" in warning for warning in entry.warnings)


def test_stray_markup_in_page_text_is_recovered_with_a_warning() -> None:
    feed = wfk.read_feed(_atom(_entry("<p>Ann: x</p>\n<hr />\n<div>a<br>b<i>c</i> &nbsp;d</div>")))
    entry = feed.entries[0]
    assert entry.wikitext == "a\nb<i>c</i> \u00a0d"
    assert len(entry.warnings) == 3


def test_summaries_mediawiki_did_not_write_keep_the_entry() -> None:
    feed = wfk.read_feed(_atom(_entry("just some words") + _entry("") + "<entry><title>bare</title></entry>"))
    assert [entry.title for entry in feed.entries] == ["Page", "Page", "bare"]
    assert all(entry.body is wfk.BodyKind.NONE for entry in feed.entries)
    assert "not in a shape MediaWiki writes" in feed.entries[0].warnings[0]
    assert feed.entries[2].summary_html is None
    assert feed.entries[2].warnings == ()


def test_log_entries_and_omitted_diffs_have_no_body() -> None:
    omitted = (
        '<p>big edit</p>\n<a href="http://w.test/index.php?title=Page&amp;diff=5&amp;oldid=4">(diff)</a>'
    )
    log = "<p>Ann moved page [[A]] to [[B]]</p>\n"
    feed = wfk.read_feed(_atom(_entry(omitted) + _entry(log)))
    assert [entry.body for entry in feed.entries] == [wfk.BodyKind.NONE, wfk.BodyKind.NONE]
    assert [entry.comment for entry in feed.entries] == ["big edit", "Ann moved page [[A]] to [[B]]"]
    assert all(entry.warnings == () for entry in feed.entries)


def test_bad_dates_are_warnings() -> None:
    document = _atom(_entry("<p>x</p>\n").replace("2024-01-02T03:04:05Z", "yesterday"))
    entry = wfk.read_feed(document).entries[0]
    assert entry.updated is None
    assert entry.warnings == ("updated: unreadable date 'yesterday'",)


def test_a_huge_feed_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.atom"
    body = "<p>Ann: x</p>\n<hr />\n<div>" + "line &amp; more<br />\n" * 2000 + "end</div>"
    with path.open("w", encoding="utf-8") as out:
        out.write(_atom("").removesuffix("</feed>"))
        for _ in range(1000):
            out.write(_entry(body))
        out.write("</feed>")
    count = 0
    for entry in wfk.iter_entries(path):
        assert entry.wikitext is not None
        assert entry.wikitext.endswith("line & more\nend")
        count += 1
    assert count == 1000
