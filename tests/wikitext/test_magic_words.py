"""Parser functions that only format their argument (issue 12: ``{{formatnum:18}}`` lost its number).

Each case is read the two ways a page is read: the document tree (plain text of the lead, EPUB, pandoc) and
the Markdown writer; the expected text is what MediaWiki (English) renders.
"""

from __future__ import annotations

import re

import pytest

import wikifeedkit as wfk
from wikifeedkit.model import tree
from wikifeedkit.wikitext.templates import TemplateFrame

CASES = [
    ("{{formatnum:18}}", "18"),
    ("{{formatnum:1234567}}", "1,234,567"),
    ("{{formatnum:1234567.891}}", "1,234,567.891"),
    ("{{formatnum:-1234}}", "−1,234"),  # MediaWiki writes a true minus sign
    ("{{formatnum:about 5000 people}}", "about 5,000 people"),  # each number in a text
    ("{{formatnum:1,234,567|R}}", "1234567"),
    ("{{formatnum:1234567|NOSEP}}", "1234567"),
    ("{{ formatnum : 2500 }}", "2,500"),
    ("{{FORMATNUM:2500}}", "2,500"),
    ("{{lc:ABC Def}}", "abc def"),
    ("{{uc:abc Def}}", "ABC DEF"),
    ("{{lcfirst:ABC}}", "aBC"),
    ("{{ucfirst:abc def}}", "Abc def"),
    ("{{padleft:7|3|0}}", "007"),
    ("{{padleft:7|3}}", "007"),
    ("{{padleft:7|5|ab}}", "abab7"),
    ("{{padright:7|3|x}}", "7xx"),
    ("{{padleft:long|2|0}}", "long"),
    ("{{urlencode:a b&c~}}", "a+b%26c%7E"),
    ("{{urlencode:a b~|PATH}}", "a%20b~"),
    ("{{urlencode:a b:c|WIKI}}", "a_b:c"),
    ("{{anchorencode:Early life and career}}", "Early_life_and_career"),
    ("{{plural:1|item|items}}", "item"),
    ("{{plural:2|item|items}}", "items"),
    ("{{plural:1,000|item|items}}", "items"),
    ("{{plural:0|0=none|item|items}}", "none"),
    ("{{grammar:genitive|Wikipedia}}", "Wikipedia"),
    ("{{#time:j F Y|2011-12-16}}", "16 December 2011"),
    ("{{#time:Y-m-d|16 December 2011}}", "2011-12-16"),
    ('{{#time:l, "the" jS|2011-12-16}}', ""),  # S (a suffix) is not among the codes: nothing, as before
    ("{{#time:D, M j|2011-12-16}}", "Fri, Dec 16"),
    ("{{#time:Y}}", ""),  # now: not a function of the page
    ("{{#dateformat:2011-12-16|dmy}}", "16 December 2011"),
    ("{{#formatdate:2011-12-16|mdy}}", "December 16, 2011"),
    ("{{#dateformat:2011-12-16}}", "2011-12-16"),
    (
        "{{formatnum:{{padleft:5|2}}000}}",
        "05,000",
    ),  # a nested function first; leading zeros kept, as MediaWiki does
]


def _markdown(wikitext: str) -> str:
    return wfk.to_markdown(wfk.parse_article(wikitext)).strip()


def _tree_text(wikitext: str) -> str:
    return tree.plain(wfk.parse_article(wikitext).lead_blocks).strip()


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("wikitext", "text"), CASES)
def test_parser_function_in_the_tree(wikitext: str, text: str) -> None:
    assert _words(_tree_text(f"x {wikitext} y")) == _words(f"x {text} y")


@pytest.mark.parametrize(("wikitext", "text"), CASES)
def test_parser_function_in_markdown(wikitext: str, text: str) -> None:
    unescaped = re.sub(r"\\(.)", r"\1", _markdown(f"x {wikitext} y"))  # Markdown's escapes (a\_b) aside
    assert _words(unescaped) == _words(f"x {text} y")


def test_formatnum_18_keeps_its_number() -> None:
    """The report: "Population {{formatnum:18}}" read as "Population ", in plain text and Markdown."""
    assert _markdown("Population {{formatnum:18}}.") == "Population 18."
    assert _tree_text("Population {{formatnum:18}}.") == "Population 18."


def test_a_template_named_like_a_function_is_no_function() -> None:
    assert (
        _words(_tree_text("x {{uc}} y")) == "x y"
    )  # {{uc}} without a colon is a template, which has no renderer


def test_register_function_overrides_and_copies() -> None:
    registry = wfk.DEFAULT_TEMPLATES.copy()

    def shout(frame: TemplateFrame) -> str:
        return frame.function_argument().upper() + "!" * len(frame.positional())

    registry.register_function("#shout", shout)
    assert "#shout:a" in registry
    assert "#shout:a" not in wfk.DEFAULT_TEMPLATES
    article = wfk.parse_article("x {{#shout:hey|1|2}} y", templates=registry)
    assert tree.plain(article.lead_blocks).strip() == "x HEY!! y"
    assert wfk.to_markdown(article, templates=registry).strip() == "x HEY!! y"
