"""Dumps that the real MediaWiki writes (dumpBackup.php --full and --current, Special:Export over HTTP) read
back into exactly the revisions its API holds, plain, compressed and as a multistream file with its index."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.dumps.multistream import build_multistream
from tests.integration.conftest import Site, page_title
from wikifeedkit.dumps.sha1 import base36_sha1

pytestmark = pytest.mark.mediawiki


@pytest.fixture(scope="module")
def full_dump(site: Site) -> bytes:
    return site.wiki.dump("--full")


def _pages(source: wfk.dumps.DumpSource, **options: object) -> dict[str, wfk.Page]:
    pages = list(wfk.iter_pages(source, **options))  # type: ignore[arg-type]
    by_title = {page.title: page for page in pages}
    assert len(by_title) == len(pages), "a title came twice"
    return by_title


def _check_against_api(site: Site, pages: dict[str, wfk.Page], *, current: bool = False) -> None:
    """Every corpus page is there with the API's revisions, oldest first: ids, parents, users, summaries and
    texts (the fixture's truth), each text matching its sha1."""
    for title in site.titles:
        page = pages[page_title(title)]
        ids = [revision.revid for revision in site.wiki.revisions(title)]
        assert [revision.id for revision in page.revisions] == (ids[-1:] if current else ids)
        for revision in page.revisions:
            truth = site.truth[revision.id]
            assert revision.text == truth.text, f"{title} revision {revision.id}"
            assert revision.parent_id == (truth.parentid or None)
            assert revision.contributor is not None
            assert revision.contributor.name == truth.user
            assert (revision.comment or "") == truth.comment
            assert revision.model == "wikitext"
            assert revision.sha1 == base36_sha1(truth.text)
            assert revision.warnings == ()
        assert page.redirect is None
        assert page.warnings == ()


def test_full_dump_holds_every_revision_the_api_holds(site: Site, full_dump: bytes) -> None:
    pages = _pages(full_dump)
    _check_against_api(site, pages)
    assert all(len(pages[page_title(title)].revisions) == 3 for title in site.titles)


def test_full_dump_in_schema_010_reads_the_same_pages(site: Site, full_dump: bytes) -> None:
    old = site.wiki.dump("--full", "--schema-version=0.10")
    assert b'version="0.10"' in old[:1000]
    assert _pages(old) == _pages(full_dump)


def test_current_dump_holds_the_latest_revision_of_each_page(site: Site, full_dump: bytes) -> None:
    current = _pages(site.wiki.dump("--current"))
    _check_against_api(site, current, current=True)
    full = _pages(full_dump)
    for title, page in current.items():
        assert page.revisions == full[title].revisions[-1:]


def test_special_export_over_http_reads_the_same_pages(site: Site, full_dump: bytes) -> None:
    exported = site.wiki.post(
        "/index.php?title=Special:Export",
        {"pages": "\n".join(site.titles), "history": "1", "action": "submit"},
    )
    pages = _pages(exported)
    _check_against_api(site, pages)
    full = _pages(full_dump)
    assert pages == {title: full[title] for title in pages}


def test_the_article_is_the_latest_text_parsed_and_titled(site: Site, full_dump: bytes) -> None:
    pages = _pages(full_dump)
    for title in site.titles[:10]:
        page = pages[page_title(title)]
        article = page.article()
        assert article is not None
        assert article == wfk.parse_article(site.truth[page.revisions[-1].id].text, title=page.title)
        assert article.title == page_title(title)


@pytest.mark.parametrize(
    ("suffix", "compress"), [(".bz2", bz2.compress), (".gz", gzip.compress), (".xz", lzma.compress)]
)
def test_compressed_dumps_read_the_same_pages(
    full_dump: bytes, tmp_path: Path, suffix: str, compress: object
) -> None:
    assert callable(compress)
    data = compress(full_dump)
    expected = _pages(full_dump)
    named = tmp_path / f"dump.xml{suffix}"
    named.write_bytes(data)
    renamed = tmp_path / "dump.xml"  # told by its first bytes, not its name
    renamed.write_bytes(data)
    assert _pages(named) == expected
    assert _pages(renamed) == expected
    with named.open("rb") as stream:
        assert _pages(stream) == expected


def test_multistream_dump_and_index_read_the_same_pages(full_dump: bytes, tmp_path: Path) -> None:
    built = build_multistream(full_dump, tmp_path, pages_per_stream=10)
    assert len(built.offsets) >= 5
    expected = list(wfk.iter_pages(full_dump))
    assert list(wfk.iter_pages(built.path)) == expected
    index = list(wfk.iter_index(built.index))
    assert [(entry.page_id, entry.title) for entry in index] == [(page.id, page.title) for page in expected]
    assert wfk.stream_offsets(built.index) == tuple(built.offsets)
    by_id = {page.id: page for page in expected}
    for offset, ids in zip(built.offsets, built.pages, strict=True):
        alone = list(wfk.iter_pages(built.path, offset=offset))
        assert [page.id for page in alone] == ids
        assert alone == [by_id[page_id] for page_id in ids]
        assert {entry.page_id for entry in index if entry.offset == offset} == set(ids)
    rest = list(wfk.iter_pages(built.path, offset=built.offsets[2], streams=None))
    assert rest == expected[sum(len(ids) for ids in built.pages[:2]) :]
    two = list(wfk.iter_pages(built.path, offset=built.offsets[1], streams=2))
    assert [page.id for page in two] == built.pages[1] + built.pages[2]
