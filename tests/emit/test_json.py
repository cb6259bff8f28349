"""JSON: every model type round-trips, and every document validates against the shipped schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jsonschema
import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA
from wikifeedkit.emit.json import build_json_schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = wfk.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _round_trip(value: Any) -> None:
    text = wfk.to_json(value)
    _validator().validate(json.loads(text))
    back = wfk.from_json(text)
    assert back == value
    assert type(back) is type(value)


def test_shipped_schema_matches_the_model() -> None:
    assert wfk.json_schema() == build_json_schema()


def test_seed_feed_and_everything_in_it() -> None:
    feed = wfk.read_feed(DATA / "contributions-seed.atom")
    _round_trip(feed)
    entry = feed.entries[0]
    _round_trip(entry)
    article = entry.article
    assert article is not None
    for value in (article, *article.citations, *article.sections, *article.infoboxes, *article.links,
                  *article.images, *article.categories, *article.templates[:5]):  # fmt: skip
        _round_trip(value)


@pytest.mark.parametrize("path", sorted((CORPUS / "articles").glob("*.wiki")), ids=lambda p: p.stem[:30])
def test_corpus_articles(path: Any) -> None:
    _round_trip(wfk.parse_article(path.read_text(encoding="utf-8"), title=path.stem))


def test_diffs_and_dates() -> None:
    row = wfk.DiffRow(
        wfk.RowKind.CHANGED,
        "a b",
        "a c",
        (wfk.DiffSpan("a "), wfk.DiffSpan("b", True)),
        (wfk.DiffSpan("a "), wfk.DiffSpan("c", True)),
    )
    diff = wfk.Diff((wfk.DiffHunk(3, 4, (row,)),))
    entry = wfk.Entry(
        title="T", updated=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), diff=diff, body=wfk.BodyKind.DIFF
    )
    _round_trip(entry)
    assert '"updated": "2024-01-02T03:04:05+00:00"' in wfk.to_json(entry)


def test_key_order_is_stable() -> None:
    document = json.loads(wfk.to_json(wfk.Category("X", "k")))
    assert list(document) == ["type", "value"]
    assert list(document["value"]) == ["name", "sort_key"]


def test_bad_json_is_a_library_error() -> None:
    for text in ("not json", "[]", '{"type": "Nope", "value": {}}', '{"type": "Category", "value": {"name": 1}}',
                 '{"type": "Category", "value": {"name": "x", "extra": 1}}'):  # fmt: skip
        with pytest.raises(wfk.WikifeedkitError):
            wfk.from_json(text)
    with pytest.raises(TypeError):
        wfk.to_json({"not": "a model object"})
