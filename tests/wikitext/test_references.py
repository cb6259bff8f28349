"""References: reuse, late definitions, list-defined references, groups, broken ones."""

from __future__ import annotations

import pytest

import wikifeedkit as wfk


def _citations(wikitext: str) -> tuple[wfk.Citation, ...]:
    return wfk.parse_article(wikitext).citations


@pytest.mark.parametrize(
    "reuse",
    ['<ref name="a"/>', "<ref name=a/>", "<ref name=a />", '<ref name = "a" />', "<ref name='a'></ref>"],
)
def test_named_reuse_in_every_spelling(reuse: str) -> None:
    citations = _citations(f"x<ref name=a>{{{{cite web|url=http://u.test|title=T}}}}</ref> y{reuse} z{reuse}")
    assert len(citations) == 1
    assert citations[0].uses == 3
    assert citations[0].ref_name == "a"
    assert citations[0].title == "T"


def test_definition_after_first_use_keeps_first_use_order() -> None:
    text = "a<ref name=late/> b<ref>{{cite book|title=Early}}</ref> c<ref name=late>{{cite news|title=Late}}</ref>"
    citations = _citations(text)
    assert [c.title for c in citations] == ["Late", "Early"]
    assert [c.uses for c in citations] == [2, 1]


def test_list_defined_references() -> None:
    text = (
        "a<ref name=x/> b<ref name=y/> c<ref name=x/>\n"
        "{{reflist|refs=\n<ref name=x>{{cite web|title=X}}</ref>\n<ref name=y>{{cite web|title=Y}}</ref>\n}}\n"
        "d<ref name=z/>\n<references>\n<ref name=z>{{cite journal|title=Z|journal=J}}</ref>\n</references>"
    )
    citations = _citations(text)
    assert [(c.title, c.uses) for c in citations] == [("X", 2), ("Y", 1), ("Z", 1)]
    assert citations[2].work == "J"


def test_groups_keep_names_apart() -> None:
    text = 'a<ref name=n group=note>Note text.</ref> b<ref name=n>{{cite web|title=Source}}</ref> c<ref name=n group="note"/>'
    citations = _citations(text)
    assert [(c.group, c.ref_name, c.uses) for c in citations] == [("note", "n", 2), (None, "n", 1)]
    assert citations[0].template is None
    assert citations[0].text == "Note text."


def test_bare_url_and_plain_text_references() -> None:
    citations = _citations(
        "a<ref>[http://example.test/page Example page] retrieved 2020</ref> b<ref>Smith 2001, p. 4.</ref>"
    )
    assert citations[0].url == "http://example.test/page"
    assert citations[0].title == "Example page"
    assert citations[0].template is None
    assert citations[0].text == "Example page retrieved 2020"
    assert citations[1].fields == {}
    assert citations[1].text == "Smith 2001, p. 4."


def test_tag_ref_and_refn() -> None:
    citations = _citations(
        "a{{#tag:ref|{{cite web|title=Tagged}}|name=t}} b<ref name=t/> c{{refn|A note|group=n}}"
    )
    assert [(c.title or c.text, c.uses, c.group) for c in citations] == [
        ("Tagged", 2, None),
        ("A note", 1, "n"),
    ]


def test_citations_outside_references_are_marked() -> None:
    article = wfk.parse_article("==Further reading==\n* {{Cite book|last=Doe|first=J|title=Book|year=1999}}")
    (citation,) = article.citations
    assert citation.in_reference is False
    assert citation.uses == 0
    assert citation.template == "cite book"
    assert citation.authors == (wfk.Person(last="Doe", first="J"),)


def test_undefined_and_unused_references_are_warnings() -> None:
    article = wfk.parse_article("a<ref name=ghost/> b <ref/>\n{{reflist|refs=<ref name=spare>Spare</ref>}}")
    assert article.citations == (
        wfk.Citation(
            raw="<ref name=spare>Spare</ref>",
            ref_name="spare",
            uses=0,
            text="Spare",
            content=(wfk.tree.Text("Spare"),),
        ),
    )
    assert "<ref name='ghost'/> is used but never defined" in article.warnings
    assert "reference 'spare' is defined but never used" in article.warnings
    assert any("empty reference" in warning for warning in article.warnings)


def test_conflicting_definitions_keep_the_first() -> None:
    article = wfk.parse_article("a<ref name=d>One</ref> b<ref name=d>Two</ref>")
    assert [(c.text, c.uses) for c in article.citations] == [("One", 2)]
    assert any("defined twice" in warning for warning in article.warnings)
