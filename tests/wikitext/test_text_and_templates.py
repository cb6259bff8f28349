"""Plain text, entities, comments and the template registry."""

from __future__ import annotations

import wikifeedkit as wfk
from wikifeedkit.wikitext.text import render_text


def test_entities_and_comments() -> None:
    assert render_text("a&nbsp;b &ndash; c &#8212; d<!-- hidden --> e &amp;") == "a\u00a0b – c — d e &"


def test_common_inline_templates() -> None:
    assert render_text("{{flagicon|Kazakhstan}} [[Kazakhstan]]") == "Kazakhstan"
    assert render_text("{{lang|fr|bonjour}} {{small|tiny}} x{{nbsp}}y") == "bonjour tiny x\u00a0y"
    assert render_text("{{convert|5|km|mi}} and {{convert|3|to|4|m}}") == "5 km and 3 to 4 m"
    assert render_text("{{birth date and age|1963|10|19|df=y}}") == "19 October 1963"
    assert render_text("{{birth date|1963|10|19}}") == "October 19, 1963"
    assert render_text("{{ubl|one|two|three}}") == "one, two, three"
    assert render_text("{{sortname|John|Smith}} {{lang-de|Haus}}") == "John Smith Haus"
    assert render_text("{{citation needed|date=May 2020}}fact") == "fact"


def test_unknown_templates_vanish_from_text_but_stay_in_the_article() -> None:
    article = wfk.parse_article("Before {{My custom box|x=1}} after.")
    assert article.plain_text() == "Before after."
    assert article.templates == (wfk.TemplateCall("My custom box", (("x", "1"),)),)
    assert article.templates[0].get("x") == "1"


def test_users_can_extend_the_registry() -> None:
    registry = wfk.DEFAULT_TEMPLATES.copy()
    registry.register("shout", lambda call: call.arg(1).upper())
    article = wfk.parse_article("Say {{shout|hello}}.", templates=registry)
    assert article.plain_text(registry) == "Say HELLO."
    assert article.plain_text() == "Say HELLO."  # the tree holds what the renderers it was parsed with gave
    assert wfk.parse_article("Say {{shout|hello}}.").plain_text() == "Say ."
    assert article.plain_text(wfk.DEFAULT_TEMPLATES) == "Say ."
    assert "shout" not in wfk.DEFAULT_TEMPLATES


def test_links_images_categories_languages() -> None:
    article = wfk.parse_article(
        "[[foo_bar#Part|the label]] [[:Category:Shown]] [[File:A b.jpg|thumb|left|200px|alt=x|A [[c]] caption]]\n"
        "<gallery>\nFile:G1.png|First\nG2.png\n</gallery>\n[[Kategorie:Deutsch|Sort]] [[de:Titel]]"
    )
    assert article.links[0] == wfk.WikiLink("Foo bar", "the label", "Part")
    assert article.links[1] == wfk.WikiLink("Category:Shown", "Category:Shown")
    assert article.images[0] == wfk.Image(
        "A b.jpg", "A c caption", ("thumb", "left", "200px", "alt=x"), "link", "A [[c]] caption"
    )
    assert [(i.file, i.caption, i.source) for i in article.images[1:]] == [
        ("G1.png", "First", "gallery"),
        ("G2.png", "", "gallery"),
    ]
    assert article.categories == (wfk.Category("Deutsch", "Sort"),)
    assert article.language_links == (wfk.LanguageLink("de", "Titel"),)


def test_tables_and_lists() -> None:
    article = wfk.parse_article(
        "{| class=wikitable\n|+ The caption\n! H1 !! H2\n|-\n| a || colspan=2 | ''b''\n|}\n"
        "* one\n** two [[x|X]]\n# three\n; term : definition\n\nafter"
    )
    (table,) = article.tables
    assert table.caption == "The caption"
    assert [[(c.text, c.header, c.colspan) for c in row] for row in table.rows] == [
        [("H1", True, 1), ("H2", True, 1)],
        [("a", False, 1), ("b", False, 2)],
    ]
    (block,) = article.lists
    assert [(i.kind, i.level, i.text) for i in block.items] == [
        ("bullet", 1, "one"),
        ("bullet", 2, "two X"),
        ("number", 1, "three"),
        ("term", 1, "term definition"),
    ]


def test_redirect() -> None:
    article = wfk.parse_article("#REDIRECT [[toronto_Star#History]]\n{{R from move}}")
    assert article.redirect == "Toronto Star"
    assert article.lists == ()
