"""Minimal hand-written dumps: hostile XML, cut-off files, a wrong sha1, hidden text, and other edge cases."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import threading

import pytest

import wikifeedkit as wfk
from wikifeedkit.dumps.sha1 import base36_sha1

NS11 = "http://www.mediawiki.org/xml/export-0.11/"
HEAD = f'<mediawiki xmlns="{NS11}" version="0.11" xml:lang="en">\n'


def _revision(
    text: str | None = "Hello", *, sha1: str | None = None, rev_id: int = 10, extra: str = ""
) -> str:
    digest = base36_sha1(text or "") if sha1 is None else sha1
    body = "" if text is None else f'<text bytes="{len((text).encode())}" xml:space="preserve">{text}</text>'
    return (
        f"<revision><id>{rev_id}</id><timestamp>2024-01-02T03:04:05Z</timestamp>"
        f"<contributor><username>Alice</username><id>3</id></contributor>{extra}"
        f"<model>wikitext</model><format>text/x-wiki</format>{body}<sha1>{digest}</sha1></revision>"
    )


def _dump(*revisions: str, head: str = HEAD, title: str = "Page") -> bytes:
    page = f"<page><title>{title}</title><ns>0</ns><id>1</id>{''.join(revisions)}</page>\n"
    return (head + page + "</mediawiki>\n").encode()


def test_a_minimal_dump_reads() -> None:
    (page,) = wfk.iter_pages(_dump(_revision(extra="<minor/><comment>typo</comment>")))
    assert (page.title, page.namespace, page.id, page.redirect) == ("Page", 0, 1, None)
    (revision,) = page.revisions
    assert (revision.id, revision.text, revision.minor, revision.comment) == (10, "Hello", True, "typo")
    assert revision.contributor == wfk.Contributor("Alice", 3)
    assert revision.warnings == ()


def test_wrong_sha1_is_a_warning_on_the_revision() -> None:
    wrong = base36_sha1("something else")
    (page,) = wfk.iter_pages(_dump(_revision("Hello", sha1=wrong)))
    (revision,) = page.revisions
    assert revision.text == "Hello"
    assert revision.sha1 == wrong
    assert len(revision.warnings) == 1
    assert "does not match its sha1" in revision.warnings[0]
    assert base36_sha1("Hello") in revision.warnings[0]


def test_wrong_sha1_raises_in_strict_mode_with_the_line() -> None:
    data = _dump(_revision("Hello"), _revision("Bye", sha1="0" * 31, rev_id=11)).replace(
        b"<revision>", b"\n<revision>"
    )
    with pytest.raises(wfk.DumpChecksumError, match="revision 11") as caught:
        list(wfk.iter_pages(data, strict=True))
    assert caught.value.line == 4  # the second revision's line
    assert isinstance(caught.value, wfk.DumpError)
    assert isinstance(caught.value, ValueError)
    assert len(list(wfk.iter_pages(_dump(_revision("Hello")), strict=True))) == 1


def test_the_text_attribute_sha1_is_checked_before_the_revisions() -> None:
    # Schema 0.11 gives the main slot's sha1 on <text>; the revision's <sha1> covers every slot.
    revision = _revision("Hello", sha1="combined").replace(
        'xml:space="preserve"', f'sha1="{base36_sha1("Hello")}"'
    )
    (page,) = wfk.iter_pages(_dump(revision))
    assert page.revisions[0].warnings == ()
    bad = _revision("Hello").replace('xml:space="preserve"', f'sha1="{base36_sha1("x")}"')
    (page,) = wfk.iter_pages(_dump(bad))
    assert "does not match" in page.revisions[0].warnings[0]


def test_a_text_without_any_sha1_is_reported() -> None:
    (page,) = wfk.iter_pages(_dump(_revision("Hello", sha1="")))
    assert page.revisions[0].text == "Hello"
    assert page.revisions[0].warnings == ("revision 10: no sha1 to check the text against",)


def test_deleted_text_is_none_and_every_other_field_is_kept() -> None:
    revision = (
        "<revision><id>7</id><parentid>6</parentid><timestamp>2024-01-02T03:04:05Z</timestamp>"
        "<contributor><ip>192.0.2.1</ip></contributor><minor/><comment>kept</comment><model>wikitext</model>"
        '<format>text/x-wiki</format><text bytes="42" sha1="abc" deleted="deleted"/><sha1/></revision>'
    )
    (page,) = wfk.iter_pages(_dump(revision), strict=True)
    (kept,) = page.revisions
    assert kept.text is None
    assert kept.text_deleted
    assert (kept.id, kept.parent_id, kept.minor, kept.comment, kept.length, kept.sha1) == (
        7,
        6,
        True,
        "kept",
        42,
        "abc",
    )
    assert kept.contributor == wfk.Contributor("192.0.2.1", anonymous=True)
    assert kept.warnings == ()
    assert page.article() is None


def test_deleted_contributor_and_comment_are_none() -> None:
    extra = '<comment deleted="deleted"/>'
    revision = _revision("Hi", extra=extra).replace(
        "<contributor><username>Alice</username><id>3</id></contributor>", '<contributor deleted="deleted"/>'
    )
    (kept,) = next(wfk.iter_pages(_dump(revision))).revisions
    assert (kept.contributor, kept.contributor_deleted, kept.comment, kept.comment_deleted) == (
        None,
        True,
        None,
        True,
    )
    assert kept.text == "Hi"


def test_revisions_written_newest_first_are_given_oldest_first() -> None:
    newer = _revision("B", rev_id=12).replace("2024-01-02", "2024-02-02")
    (page,) = wfk.iter_pages(_dump(newer, _revision("A", rev_id=11)))
    assert [revision.id for revision in page.revisions] == [11, 12]


def test_schema_010_namespace_reads() -> None:
    head = HEAD.replace("0.11", "0.10")
    (page,) = wfk.iter_pages(_dump(_revision("Hello"), head=head))
    assert page.revisions[0].text == "Hello"


@pytest.mark.parametrize("compress", [bz2.compress, gzip.compress, lzma.compress, lambda data: data])
def test_bytes_files_and_compression_read_alike(compress: object) -> None:
    assert callable(compress)
    data = _dump(_revision("Hello"))
    expected = list(wfk.iter_pages(data))
    assert list(wfk.iter_pages(compress(data))) == expected
    assert list(wfk.iter_pages(io.BytesIO(compress(data)))) == expected


HOSTILE = {
    "entities": (
        '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n'
        + HEAD
        + "<page><title>&b;</title><ns>0</ns><id>1</id></page></mediawiki>",
        "entities",
    ),
    "external entity": (
        '<!DOCTYPE mediawiki [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + HEAD
        + "<page><title>&x;</title><ns>0</ns><id>1</id></page></mediawiki>",
        "entities",
    ),
    "internal subset": (
        '<!DOCTYPE mediawiki [<!ATTLIST text deleted CDATA "deleted">]>\n' + HEAD + "</mediawiki>",
        "DTD subset",
    ),
    "external DTD": (
        '<!DOCTYPE mediawiki SYSTEM "http://127.0.0.1:9/evil.dtd">\n' + HEAD + "</mediawiki>",
        "DOCTYPE",
    ),
    "undeclared entity": (
        HEAD + "<page><title>&nbsp;</title><ns>0</ns><id>1</id></page></mediawiki>",
        "nbsp",
    ),
    "not an export": ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "not a MediaWiki XML export"),
    "empty": ("  \n", "empty"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_or_wrong_documents_are_refused(name: str) -> None:
    text, message = HOSTILE[name]
    with pytest.raises(wfk.DumpError, match=message) as caught:
        list(wfk.iter_pages(text.encode()))
    if name not in {"empty"}:
        assert caught.value.line is not None


def test_the_entity_refusal_says_where() -> None:
    text, _ = HOSTILE["entities"]
    with pytest.raises(wfk.DumpError) as caught:
        list(wfk.iter_pages(text.encode()))
    assert (caught.value.line, caught.value.column) == (2, 21)  # the [ of the internal subset


def test_a_truncated_file_raises_after_the_pages_it_holds() -> None:
    data = _dump(_revision("Hello")) + b""
    two = (
        data.replace(b"</mediawiki>\n", b"") + b"<page><title>Cut</title><ns>0</ns><id>2</id><revision><id>3"
    )
    pages = wfk.iter_pages(two)
    assert next(pages).title == "Page"
    with pytest.raises(wfk.DumpError, match=r"truncated|malformed") as caught:
        next(pages)
    assert caught.value.line is not None


def test_a_truncated_bz2_file_is_a_dump_error() -> None:
    data = bz2.compress(_dump(*(_revision(f"text {n}" * 100, rev_id=n) for n in range(1, 50))))
    with pytest.raises(wfk.DumpError, match="truncated"):
        list(wfk.iter_pages(data[: len(data) // 2]))


def test_damaged_compressed_data_is_a_dump_error() -> None:
    with pytest.raises(wfk.DumpError, match="damaged"):
        list(wfk.iter_pages(b"BZh91AY&SYgarbage-garbage-garbage"))


def test_size_limits() -> None:
    data = _dump(_revision("Hello " * 1000))
    with pytest.raises(wfk.DumpError, match="limit of 1000 bytes"):
        list(wfk.iter_pages(data, max_bytes=1000))
    with pytest.raises(wfk.DumpError, match="max_page_chars"):
        list(wfk.iter_pages(data, max_page_chars=5000))
    assert len(list(wfk.iter_pages(data, max_bytes=len(data), max_page_chars=6000))) == 1


def test_a_missing_file_is_a_dump_error(tmp_path: object) -> None:
    with pytest.raises(wfk.DumpError, match="cannot open"):
        list(wfk.iter_pages("/nonexistent/dump.xml.bz2"))


def test_a_bad_number_says_where() -> None:
    data = _dump(_revision("Hello")).replace(b"<id>1</id>", b"<id>one</id>")
    with pytest.raises(wfk.DumpError, match="not a number") as caught:
        list(wfk.iter_pages(data))
    assert caught.value.line == 2


def test_stopping_early_leaves_no_decompressing_thread() -> None:
    page = _dump(_revision("text " * 1000)).removeprefix(HEAD.encode()).removesuffix(b"</mediawiki>\n")
    data = bz2.compress(HEAD.encode() + page * 2000 + b"</mediawiki>\n")  # 10 MB: more than the chunks ahead
    pages = wfk.iter_pages(data)
    next(pages)
    assert any(thread.name == "wikifeedkit-decompress" for thread in threading.enumerate())
    pages.close()
    assert not any(thread.name == "wikifeedkit-decompress" for thread in threading.enumerate())
