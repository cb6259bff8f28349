"""The wikitext parser on hostile input: issue 15 items 12 (U+0000), 14 (the guard's reading), 15 (spans) and
16 (numbers and dates that used to raise). The growth checks are in test_wikitext_complexity.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikifeedkit as wfk
from wikifeedkit.wikitext.dates import parse_date
from wikifeedkit.wikitext.guard import LIMIT, PLACEHOLDERS, find_unclosed, neutralise, restore
from wikifeedkit.wikitext.parsing import clean, parse_wikitext
from wikifeedkit.wikitext.structure import MAX_COLSPAN, MAX_ROWSPAN

# --- item 12: characters MediaWiki does not store --------------------------------------------------------

NUL_PAGE = "Hi\x00 there [[Link]] more\n== Heading ==\nbody \x00 after [[Other]]\n"


def test_text_after_a_nul_is_not_lost() -> None:
    article = wfk.parse_article(NUL_PAGE, title="Nul")
    text = article.plain_text()
    assert "there" in text
    assert "more" in text
    assert "after" in text
    assert [link.target for link in article.links] == ["Link", "Other"]
    assert [section.title for section in article.sections] == ["Heading"]
    assert "after" in article.sections[0].text()
    assert "\x00" not in text
    assert any("U+0000" in warning and "line 1, column 3" in warning for warning in article.warnings)


def test_a_page_with_nul_keeps_its_text_and_gives_it_back() -> None:
    """Article.wikitext, the lead and the section bodies hold the page as written; only reading sees U+FFFD."""
    article = wfk.parse_article(NUL_PAGE)
    assert article.wikitext == NUL_PAGE
    assert "\x00" in article.lead_wikitext
    assert "\x00" in article.sections[0].wikitext
    assert wfk.to_wikitext(article) == NUL_PAGE
    assert wfk.from_json(wfk.to_json(article)) == article


def test_nul_does_not_cut_the_markdown() -> None:
    markdown = wfk.to_markdown(wfk.parse_article(NUL_PAGE, title="Nul"))
    assert "more" in markdown
    assert "after" in markdown
    assert "\x00" not in markdown


def test_nul_does_not_cut_the_cli_markdown(tmp_path: Path) -> None:
    page = tmp_path / "nul.wiki"
    page.write_bytes(NUL_PAGE.encode())
    done = subprocess.run(
        [sys.executable, "-m", "wikifeedkit", "convert", str(page), "--to", "markdown", "-q"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"after" in done.stdout
    assert b"\x00" not in done.stdout


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"]
)
def test_characters_mediawiki_replaces_are_read_as_replacement_characters(character: str) -> None:
    article = wfk.parse_article(f"a{character}b [[Link]]")
    assert article.plain_text() == "a\ufffdb Link"
    assert len(article.warnings) == 1
    assert f"U+{ord(character):04X}" in article.warnings[0]


def test_tabs_newlines_and_carriage_returns_are_kept() -> None:
    assert clean("a\tb\nc\rd") == ("a\tb\nc\rd", None)


def test_the_guards_placeholders_in_a_page_are_not_mistaken_for_its_own() -> None:
    text = "<ref>" * (LIMIT + 1) + PLACEHOLDERS + "{{x}}"
    article = wfk.parse_article(text)
    assert "\ufffd" * len(PLACEHOLDERS) in article.plain_text()
    assert [template.name for template in article.templates] == ["x"]


# --- item 14: the guard against unclosed markup reads the text it was given ----------------------------------


@pytest.mark.parametrize(
    "opener", ["<ref>", "<ref name=x>", '<ref name="', "<div>", "{{x|", "[[x|", "{|\n", "<!--", "[http://x "]
)
def test_many_unclosed_openers_lose_nothing(opener: str) -> None:
    text = "Start " + opener * 500 + "\ntail [[Kept]] {{nowrap|shown}}"
    article = wfk.parse_article(text)
    assert str(parse_wikitext(text)) == text
    assert "Kept" in [link.target for link in article.links]
    assert "tail" in article.plain_text()
    assert "shown" in article.plain_text()
    assert any("unclosed constructs" in warning for warning in article.warnings)
    assert wfk.to_wikitext(article) == text


def test_a_few_unclosed_openers_are_parsed_as_written() -> None:
    text = "<ref>" * LIMIT + " [[Kept]]"
    assert not any("unclosed constructs" in w for w in wfk.parse_article(text).warnings)


def _shape(code: mwparserfromhell.wikicode.Wikicode) -> list[object]:
    shape: list[object] = []
    for node in code.nodes:
        shape.append(type(node).__name__)
        shape.append(str(node) if isinstance(node, mwparserfromhell.nodes.Text) else None)
        shape.extend(_shape(child) for child in node.__children__())
    return shape


def test_the_guards_model_agrees_with_mwparserfromhell_on_real_pages(corpus_articles: list[Path]) -> None:
    """Neutralising what the guard calls unclosed, on every corpus page, gives mwparserfromhell's own tree."""
    for path in corpus_articles:
        text = clean(path.read_text(encoding="utf-8"))[0]
        guarded = mwparserfromhell.parse(neutralise(text, find_unclosed(text)))
        restore(guarded)
        assert _shape(guarded) == _shape(mwparserfromhell.parse(text)), path.name


@pytest.mark.parametrize(
    "text",
    ["{{x|<div>}}</div>", "<div>{{x|</div>}}", "<div>{{x|</div>", "\n{|{{x|\n|}", "<ref>text</p> more</ref>",
     "{{Infobox x\n|a=1\n|}}", "[[a|<b>]]</b>", "{{x|\n{|\n}}", "<b><li></li></b>", "[[{{x|]]", "{{x|{{}}"],
)  # fmt: skip
def test_the_guards_model_agrees_with_mwparserfromhell_on_mixed_closers(text: str) -> None:
    guarded = mwparserfromhell.parse(neutralise(text, find_unclosed(text)))
    restore(guarded)
    assert _shape(guarded) == _shape(mwparserfromhell.parse(text))


# --- item 15: spans as browsers read them -------------------------------------------------------------------


def _spans(attributes: str) -> tuple[int, int]:
    cell = wfk.parse_article(f"{{|\n|-\n| {attributes} | x\n|}}").tables[0].rows[0][0]
    return cell.colspan, cell.rowspan


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ('colspan="30000000"', (MAX_COLSPAN, 1)),
        ('rowspan="70000"', (1, MAX_ROWSPAN)),
        (f'colspan="{"9" * 5000}" rowspan="{"9" * 5000}"', (MAX_COLSPAN, MAX_ROWSPAN)),
        ('colspan="²"', (1, 1)),
        ('colspan="-5"', (1, 1)),
        ('colspan="1e9"', (1, 1)),
        ('colspan="0" rowspan="0"', (1, 1)),
        ('colspan="3px" rowspan=" +2"', (3, 2)),
        ('colspan="٣"', (1, 1)),
    ],
)
def test_spans_are_clamped_and_never_raise(attributes: str, expected: tuple[int, int]) -> None:
    assert _spans(attributes) == expected


def test_a_27_byte_colspan_does_not_make_a_huge_markdown_table() -> None:
    article = wfk.parse_article('{|\n| colspan="30000000" | x\n|}', title="Span")
    assert len(wfk.to_markdown(article)) < 20 * MAX_COLSPAN


# --- item 16: numbers and dates that raised ValueError ---------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        ("{{birth date|1990|²|1}}", "1990-²-1"),
        ("{{birth date|1990|13|1}}", "1990-13-1"),
        ("{{birth date|1990|2|30}}", "1990-2-30"),
        ("{{birth date|1990|1|40}}", "1990-1-40"),
        ("{{start date|0|1|1}}", "0-1-1"),
        ("{{start date|99999|1|1}}", "99999-1-1"),
        ("{{death date|" + "9" * 5000 + "|1|1}}", "9" * 5000 + "-1-1"),
        ("{{birth date|1990|1|" + "1" * 5000 + "}}", "1990-1-" + "1" * 5000),
    ],
)
def test_unreadable_date_templates_are_shown_as_written_with_a_warning(call: str, shown: str) -> None:
    article = wfk.parse_article(f"Born {call}.")
    assert article.plain_text() == f"Born {shown}."
    assert any(warning.startswith("{{") and "shown as written" in warning for warning in article.warnings)


def test_readable_date_templates_read_as_before() -> None:
    article = wfk.parse_article("{{birth date|1963|10|19}}, {{birth date|2000|02|29|df=y}}")
    assert article.plain_text() == "October 19, 1963, 29 February 2000"
    assert article.warnings == ()


@pytest.mark.parametrize(
    "value", ["2011-13-01", "40 December 2011", "0000", "99999", "2011-02-30", "9" * 5000]
)
def test_unreadable_citation_dates_are_kept_with_a_warning(value: str) -> None:
    article = wfk.parse_article(f"Text.<ref>{{{{cite web|title=T|url=https://e.test|date={value}}}}}</ref>")
    assert parse_date(value) is None
    assert article.citations[0].date == value
    assert any(re.match(r"citation 1: date '.*' is not a date", warning) for warning in article.warnings)
    wfk.to_bibtex(article)


def test_no_date_is_not_a_bad_date() -> None:
    article = wfk.parse_article("T.<ref>{{cite web|title=T|url=https://e.test|date=n.d.}}</ref>")
    assert article.warnings == ()


@pytest.mark.parametrize("name", ["last²", "last" + "1" * 5000, "first٣"])
def test_odd_name_list_parameters_do_not_raise(name: str) -> None:
    article = wfk.parse_article(f"T.<ref>{{{{cite book|title=T|{name}=Smith|year=2001}}}}</ref>")
    assert article.citations[0].title == "T"
    wfk.to_bibtex(article)


# --- the property: hostile values anywhere raise nothing but the library's errors --------------------------

_HOSTILE = st.sampled_from(
    ["²", "0", "-5", "13", "40", "99999", "1e9", "٣", "9" * 5000, "\x00", "\ud800", "\ufffe", "\ufdd0", "n.d.",
     "2011-13-45", "0000-00-00", "30000000", "+7", " "]
)  # fmt: skip
_PIECES = st.one_of(
    _HOSTILE,
    st.sampled_from(
        ["{{birth date|", "{{death date and age|", "{{start date|", "|", "}}", "{{cite web|title=T|date=",
         "|year=", "|last", "=X", "|access-date=", '{|\n| colspan="', '{|\n! rowspan="', '" | c\n|}', "\n|-\n",
         "<ref>", "</ref>", "<ref name=", "[[", "]]", "{{", "\n== H ==\n", "<!--", "-->", "''", "<div>", "x"]
    ),
)  # fmt: skip


@settings(deadline=None, max_examples=150)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_hostile_values_raise_nothing_but_the_librarys_errors(text: str) -> None:
    try:
        article = wfk.parse_article(text, title="Fuzz")
    except wfk.WikifeedkitError:
        return
    assert article.wikitext == text
    article.plain_text()
    wfk.to_markdown(article)
    wfk.to_bibtex(article)
    wfk.to_json(article)
    wfk.to_wikitext(article)  # gives the text back (property 2) but for "=X=X", a heading with text after it
