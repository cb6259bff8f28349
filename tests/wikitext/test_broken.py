"""Broken wikitext never raises anything but the library's errors, and mostly recovers with warnings."""

from __future__ import annotations

import pytest

import wikifeedkit as wfk


@pytest.mark.parametrize(
    ("wikitext", "warning"),
    [
        ("Text {{Infobox person|name=X\n\nMore text", "an unclosed template"),
        ("Text <ref>unclosed reference\n\nMore", "an unclosed <ref>"),
        ("{| class=wikitable\n| a\n\nno end", None),
        ("[[broken link\n\nMore", "an unclosed link"),
        ("a<ref name=X/> b", "<ref name='X'/> is used but never defined"),
        ("}} ]] |} </ref> ==", None),
        ("{{{{{{{{{{x", "an unclosed template"),
        ("<ref name=>x</ref><ref name/>", None),
    ],
)
def test_broken_wikitext_recovers(wikitext: str, warning: str | None) -> None:
    article = wfk.parse_article(wikitext)
    assert article.wikitext == wikitext
    if warning is not None:
        assert any(warning in w for w in article.warnings), article.warnings
    article.plain_text()
    wfk.from_json(wfk.to_json(article))


def test_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not bytes"):
        wfk.parse_article(b"bytes")  # type: ignore[arg-type]


def test_deep_nesting_does_not_crash() -> None:
    text = "{{a|" * 300 + "x" + "}}" * 300
    article = wfk.parse_article(text)
    assert article.wikitext == text
    text = "[[a|" * 200 + "x" + "]]" * 200
    assert wfk.parse_article(text).wikitext == text


def test_unclosed_markup_is_reported_in_any_case() -> None:
    """The prefilter used to look for "<ref" only in lower case, so an unclosed <REF> went unreported."""
    article = wfk.parse_article("Text <REF>unclosed reference\n\nMore")
    assert "broken wikitext: an unclosed <ref>" in article.warnings
