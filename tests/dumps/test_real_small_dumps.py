"""The small dumps in tests/dumps/data, written by the real MediaWiki 1.39 (make_testwiki.py says how)."""

from __future__ import annotations

import pickle
from datetime import UTC
from pathlib import Path

import pytest

import wikifeedkit as wfk
from wikifeedkit.dumps.sha1 import base36_sha1

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def full() -> dict[str, wfk.Page]:
    return {page.title: page for page in wfk.iter_pages(DATA / "testwiki-full.xml")}


def test_pages_come_in_file_order_with_their_namespace_and_id() -> None:
    pages = list(wfk.iter_pages(DATA / "testwiki-full.xml"))
    assert [(page.title, page.namespace) for page in pages] == [
        ("Main Page", 0),
        ("Ada Example", 0),
        ("Foo bar", 0),
        ("Ada", 0),
        ('Tom & Jerry "quoted"', 0),
        ("MediaWiki:Common.css", 8),
    ]
    assert [page.id for page in pages] == sorted(page.id for page in pages)


def test_revisions_are_oldest_first_with_every_field(full: dict[str, wfk.Page]) -> None:
    ada = full["Ada Example"]
    assert len(ada.revisions) == 3
    first, second, third = ada.revisions
    assert first.parent_id is None
    assert second.parent_id == first.id
    assert third.parent_id == second.id
    assert first.timestamp <= second.timestamp <= third.timestamp
    assert first.timestamp.tzinfo == UTC
    assert first.contributor is not None
    assert first.contributor.name == "Alice"
    assert first.contributor.id is not None
    assert first.contributor.id > 0
    assert not first.contributor.anonymous
    assert (first.comment, second.comment, third.comment) == ("Created page", "fix year", "from an IP")
    assert third.contributor == wfk.Contributor(name="127.0.0.1", id=None, anonymous=True)
    assert "1815" in (first.text or "")
    assert "1816" in (second.text or "")
    assert (third.text or "").endswith("One more line.")
    assert all(
        revision.model == "wikitext" and revision.format == "text/x-wiki" for revision in ada.revisions
    )
    assert all(revision.length == len((revision.text or "").encode()) for revision in ada.revisions)
    assert ada.latest is third


def test_every_text_matches_its_sha1(full: dict[str, wfk.Page]) -> None:
    revisions = [revision for page in full.values() for revision in page.revisions]
    assert len(revisions) == 8
    for revision in revisions:
        assert revision.text is not None
        assert revision.sha1 == base36_sha1(revision.text)
        assert revision.warnings == ()


def test_hidden_contributor_and_comment_are_none_and_the_rest_is_kept(full: dict[str, wfk.Page]) -> None:
    (revision,) = full["Foo bar"].revisions
    assert revision.contributor is None
    assert revision.contributor_deleted
    assert revision.comment is None
    assert revision.comment_deleted
    assert not revision.text_deleted
    assert revision.text == "Hello [[Ada Example]]: ünïcödé ✓ 𝄞 & <b>bold</b>"


def test_redirects_titles_and_models(full: dict[str, wfk.Page]) -> None:
    assert full["Ada"].redirect == "Ada Example"
    assert full["Ada Example"].redirect is None
    assert full["MediaWiki:Common.css"].latest is not None
    assert full["MediaWiki:Common.css"].latest.model == "css"
    assert full["MediaWiki:Common.css"].article() is None


def test_the_article_is_the_latest_text_parsed_with_the_page_title(full: dict[str, wfk.Page]) -> None:
    page = full["Ada Example"]
    article = page.article()
    assert article is not None
    assert article.title == "Ada Example"
    assert article.infobox is not None
    assert article.infobox.name == "person"
    assert article == wfk.parse_article(page.revisions[-1].text or "", title="Ada Example")
    redirect = full["Ada"].article()
    assert redirect is not None
    assert redirect.redirect == "Ada Example"


def test_schema_010_reads_into_the_same_pages(full: dict[str, wfk.Page]) -> None:
    old = {page.title: page for page in wfk.iter_pages(DATA / "testwiki-full-0.10.xml")}
    assert old == full


def test_current_dump_holds_each_latest_revision(full: dict[str, wfk.Page]) -> None:
    current = list(wfk.iter_pages(DATA / "testwiki-current.xml"))
    assert [page.title for page in current] == list(full)
    for page in current:
        assert page.revisions == full[page.title].revisions[-1:]


def test_stub_dump_has_no_text_says_so_and_keeps_the_rest(full: dict[str, wfk.Page]) -> None:
    for page in wfk.iter_pages(DATA / "testwiki-stub.xml"):
        assert len(page.revisions) == len(full[page.title].revisions)
        for stub, whole in zip(page.revisions, full[page.title].revisions, strict=True):
            assert stub.text is None
            assert not stub.text_deleted
            assert any("not in the dump" in warning for warning in stub.warnings)
            assert (stub.id, stub.sha1, stub.length, stub.contributor) == (
                whole.id,
                whole.sha1,
                whole.length,
                whole.contributor,
            )
        assert page.article() is None


def test_pages_pickle_and_compare_by_value(full: dict[str, wfk.Page]) -> None:
    # Pages travel to worker processes (the Dask step of issue 11) as pickles.
    for page in full.values():
        copy = pickle.loads(pickle.dumps(page))
        assert copy == page
        assert copy is not page
    assert full["Ada"] != full["Ada Example"]
