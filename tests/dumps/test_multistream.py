"""Multistream bz2 dumps and their index, built from the real small dump as Wikimedia builds them."""

from __future__ import annotations

import bz2
import io
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.dumps.multistream import Multistream, build_multistream

DATA = Path(__file__).parent / "data"


@pytest.fixture
def built(tmp_path: Path) -> Multistream:
    return build_multistream((DATA / "testwiki-full.xml").read_bytes(), tmp_path, pages_per_stream=2)


def test_the_whole_file_reads_like_the_plain_dump(built: Multistream) -> None:
    assert len(built.offsets) == 3
    assert list(wfk.iter_pages(built.path)) == list(wfk.iter_pages(DATA / "testwiki-full.xml"))


def test_the_index_names_each_page_and_its_stream(built: Multistream) -> None:
    pages = list(wfk.iter_pages(DATA / "testwiki-full.xml"))
    index = list(wfk.iter_index(built.index))
    assert [(entry.page_id, entry.title) for entry in index] == [(page.id, page.title) for page in pages]
    assert 'Tom & Jerry "quoted"' in {entry.title for entry in index}  # written escaped, read back
    assert [entry.offset for entry in index] == [
        offset for offset, ids in zip(built.offsets, built.pages, strict=True) for _ in ids
    ]
    assert wfk.stream_offsets(built.index) == tuple(built.offsets)
    assert wfk.stream_offsets(bz2.decompress(built.index.read_bytes())) == tuple(built.offsets)


def test_each_stream_reads_alone_from_its_offset(built: Multistream) -> None:
    by_id = {page.id: page for page in wfk.iter_pages(DATA / "testwiki-full.xml")}
    for offset, ids in zip(built.offsets, built.pages, strict=True):
        assert list(wfk.iter_pages(built.path, offset=offset)) == [by_id[page_id] for page_id in ids]
        with built.path.open("rb") as stream:
            assert [page.id for page in wfk.iter_pages(stream, offset=offset)] == ids
    assert [
        page.id for page in wfk.iter_pages(built.path.read_bytes(), offset=built.offsets[1])
    ] == built.pages[1]


def test_several_streams_or_the_rest_of_the_file(built: Multistream) -> None:
    everything = [page_id for ids in built.pages for page_id in ids]
    first_two = list(wfk.iter_pages(built.path, offset=built.offsets[0], streams=2))
    assert [page.id for page in first_two] == everything[:4]
    rest = list(wfk.iter_pages(built.path, offset=built.offsets[1], streams=None))
    assert [page.id for page in rest] == everything[2:]
    assert list(wfk.iter_pages(built.path, offset=0)) == []  # the header stream holds no page


def test_an_offset_that_is_not_a_stream_is_refused(built: Multistream) -> None:
    with pytest.raises(wfk.DumpError, match="no bz2 stream starts at offset"):
        list(wfk.iter_pages(built.path, offset=built.offsets[1] + 1))


def test_a_single_stream_file_cannot_be_read_from_an_offset(tmp_path: Path) -> None:
    single = tmp_path / "single.xml.bz2"
    single.write_bytes(bz2.compress((DATA / "testwiki-full.xml").read_bytes()) * 2)
    with pytest.raises(wfk.DumpError, match="not a multistream dump"):
        list(wfk.iter_pages(single, offset=len(single.read_bytes()) // 2))


def test_streams_without_an_offset_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="streams="):
        list(wfk.iter_pages(DATA / "testwiki-full.xml", streams=2))


def test_a_non_seekable_file_cannot_be_read_from_an_offset(built: Multistream) -> None:
    class Pipe(io.RawIOBase):
        def seekable(self) -> bool:
            return False

    with pytest.raises(wfk.DumpError, match="seekable"):
        list(wfk.iter_pages(Pipe(), offset=10))  # type: ignore[arg-type]


def test_a_truncated_stream_is_a_dump_error(built: Multistream) -> None:
    cut = built.path.read_bytes()[: built.offsets[1] + 40]
    with pytest.raises(wfk.DumpError, match="truncated"):
        list(wfk.iter_pages(cut, offset=built.offsets[1]))


def test_a_bad_index_line_says_which(tmp_path: Path) -> None:
    index = tmp_path / "index.txt"
    index.write_text("12:3:Title: with colons\nnot a line\n", encoding="utf-8")
    entries = wfk.iter_index(index)
    assert next(entries) == wfk.IndexEntry(12, 3, "Title: with colons")
    with pytest.raises(wfk.DumpError, match="not an index line") as caught:
        next(entries)
    assert caught.value.line == 2
