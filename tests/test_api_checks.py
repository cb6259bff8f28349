"""A wrong argument type is a clear TypeError in every public function that takes an Article or a Feed.

Found by a user: ``to_bibtex("abc")`` recursed until RecursionError (a string is an iterable of strings).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import wikifeedkit as wfk
from wikifeedkit.checks import check_items, check_source

_ARTICLE = wfk.parse_article("Text.<ref>{{cite web|url=http://x.test|title=T}}</ref>")
_FEED = wfk.Feed(format=wfk.FeedFormat.ATOM, kind=wfk.FeedKind.UNKNOWN)


def _calls(tmp_path: Path) -> dict[str, Callable[[object], object]]:
    return {
        "to_markdown": lambda x: wfk.to_markdown(x),  # type: ignore[arg-type]
        "to_epub": lambda x: wfk.to_epub(x, tmp_path / "book.epub"),  # type: ignore[arg-type]
        "to_pandoc": lambda x: wfk.to_pandoc(x),  # type: ignore[arg-type]
        "to_bibtex": lambda x: wfk.to_bibtex(x),  # type: ignore[arg-type]
        "to_json": lambda x: wfk.to_json(x),
        "to_wikitext": lambda x: wfk.to_wikitext(x),  # type: ignore[arg-type]
        "to_atom": lambda x: wfk.to_atom(x),  # type: ignore[arg-type]
        "to_rss": lambda x: wfk.to_rss(x),  # type: ignore[arg-type]
        "latest_texts": lambda x: wfk.latest_texts(x),  # type: ignore[arg-type]
        "rebuild_revisions": lambda x: wfk.rebuild_revisions(x),  # type: ignore[arg-type]
    }


# Functions in modules whose owners add the one-line check_source call; strict, so that the test says when
# the line is in (an unexpected pass fails: then drop the name from here).
_PENDING: set[str] = set()
_NAMES = sorted(_calls(Path()))


@pytest.mark.parametrize("name", _NAMES)
@pytest.mark.parametrize(
    "wrong", ["abc", None, 3, b"<feed/>", ["abc"]], ids=["str", "None", "int", "bytes", "list"]
)
def test_a_wrong_argument_is_a_clear_type_error(
    name: str, wrong: object, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if name in _PENDING:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"check_source call not yet in {name}"))
    with pytest.raises(TypeError, match=rf"^{name}\b.*\btakes\b.*\b(Article|Feed|model object)"):
        _calls(tmp_path)[name](wrong)


def test_to_bibtex_of_a_string_is_no_recursion_error() -> None:
    with pytest.raises(TypeError) as raised:
        wfk.to_bibtex("abc")  # type: ignore[arg-type]
    assert str(raised.value) == (
        "to_bibtex() takes a Citation, Article, Entry or Feed (or a list of them), not str: 'abc'"
    )


def test_to_bibtex_still_takes_lists_generators_and_nesting() -> None:
    single = wfk.to_bibtex(_ARTICLE)
    assert single.startswith("@misc{")
    assert wfk.to_bibtex([_ARTICLE]) == single
    assert wfk.to_bibtex(article for article in [_ARTICLE]) == single
    assert wfk.to_bibtex([[_ARTICLE], _FEED]) == single
    with pytest.raises(TypeError, match="not str"):
        wfk.to_bibtex([_ARTICLE, "abc"])  # type: ignore[list-item]


def test_check_source_message_is_short() -> None:
    with pytest.raises(TypeError) as raised:
        check_source("x" * 10_000, "to_atom", wfk.Feed)
    assert len(str(raised.value)) < 120
    assert str(raised.value).startswith("to_atom() takes a Feed, not str: 'xxx")
    check_source(_FEED, "to_atom", wfk.Feed)  # the right type passes
    with pytest.raises(TypeError, match="takes an Article"):
        check_source({"a": 1}, "f", wfk.Article, iterable=True)  # a mapping is no list of articles


def test_check_items_reads_a_generator_once_and_checks_each_item() -> None:
    assert check_items((a for a in [_ARTICLE, _ARTICLE]), "to_epub", wfk.Article) == [_ARTICLE, _ARTICLE]
    with pytest.raises(TypeError, match=r"^to_epub\(\) takes an Article, not str: 'abc'$"):
        check_items([_ARTICLE, "abc"], "to_epub", wfk.Article)


def test_reprs_stay_short() -> None:
    """A 671 KB repr helps no one: repr(article) and repr(feed) name the thing and count its parts."""
    page = (Path(__file__).parent / "corpus" / "articles" / "United-Kingdom.wiki").read_text(encoding="utf-8")
    article = wfk.parse_article(page, title="United Kingdom")
    assert len(page) > 100_000
    assert repr(article).startswith("<Article 'United Kingdom': ")
    assert f"{len(page):,} characters" in repr(article)
    assert len(repr(article)) < 200
    feed = wfk.read_feed(Path(__file__).parent / "data" / "contributions-seed.atom")
    assert repr(feed) == (
        "<Feed contributions (atom) 'Kazakhstan Encyclopedia - User contributions [en]': 1 entries, 0 warnings>"
    )


def test_from_json_takes_the_type_it_gives() -> None:
    text = wfk.to_json(_ARTICLE)
    article = wfk.from_json(text, wfk.Article)
    assert article == _ARTICLE
    assert wfk.from_json(text) == _ARTICLE
    with pytest.raises(wfk.WikifeedkitError, match="holds a Article, not a Feed"):
        wfk.from_json(text, wfk.Feed)
    with pytest.raises(TypeError, match="str is not a wikifeedkit model type"):
        wfk.from_json(text, str)


def test_the_renderer_argument_type_is_exported_and_distinct() -> None:
    """``wfk.TemplateCall`` is the model's record of a template; a renderer receives a ``wfk.TemplateFrame``."""
    seen: list[object] = []

    def renderer(frame: wfk.TemplateFrame) -> str:
        seen.append(frame)
        return frame.arg(1).upper()

    typed: wfk.TemplateRenderer = renderer
    registry = wfk.DEFAULT_TEMPLATES.copy()
    registry.register("shout", typed)
    article = wfk.parse_article("Say {{shout|hi}}.", templates=registry)
    assert wfk.to_markdown(article, templates=registry).strip() == "Say HI."
    assert seen
    assert all(isinstance(frame, wfk.TemplateFrame) for frame in seen)
    assert wfk.TemplateFrame is not wfk.TemplateCall
    assert article.templates == (wfk.TemplateCall("shout", (("1", "hi"),)),)
