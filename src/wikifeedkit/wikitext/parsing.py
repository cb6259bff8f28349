"""One parse per text: ``parse_article`` and the writers share mwparserfromhell's tree of the same wikitext.

The trees are read, never changed, so a small cache of the latest few lets ``parse_article`` followed by
``to_markdown`` parse each page once; it is kept small so that a long feed does not keep every tree.

Every parse goes through two steps first, both keeping the text's length so that offsets in the tree are
offsets in the page:

- characters MediaWiki never stores (it replaces them with U+FFFD when a page is saved: C0 controls other
  than tab, newline and carriage return, U+FFFE, U+FFFF, and lone surrogates) are read as U+FFFD, as are
  the noncharacters U+FDD0–U+FDEF that :mod:`.guard` uses. mwparserfromhell stops at U+0000: without this
  everything after it was lost;
- a page with many unclosed constructs is neutralised by :mod:`.guard` so that tokenizing stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import mwparserfromhell
from mwparserfromhell.wikicode import Wikicode

from ..errors import WikitextError
from .guard import LIMIT, find_unclosed, neutralise, restore

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """A page's tree and what reading it needed to change (as warnings for the article)."""

    code: Wikicode
    warnings: tuple[str, ...] = ()


def _where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - text.rfind(chr(10), 0, position)}"


def clean(text: str) -> tuple[str, str | None]:
    """``text`` with the characters MediaWiki does not store read as U+FFFD, and a warning if any were."""
    first = _UNSTORABLE.search(text)
    if first is None:
        return text, None
    cleaned, count = _UNSTORABLE.subn("\ufffd", text)
    return cleaned, (
        f"the wikitext holds {count} character{'s' if count != 1 else ''} that MediaWiki does not store "
        f"(the first, U+{ord(first.group()):04X}, at {_where(text, first.start())}); read as U+FFFD"
    )


def _tokenize(text: str) -> tuple[Wikicode, str | None]:
    """The tree of cleaned text, neutralising unclosed openers when there are more than the guard's limit."""
    unclosed = find_unclosed(text)
    if len(unclosed.starts) <= LIMIT:
        return mwparserfromhell.parse(text), None
    code = mwparserfromhell.parse(neutralise(text, unclosed))
    restore(code)
    if str(code) != text:  # the placeholders were not all put back: never hand out a wrong tree
        raise WikitextError("the guard against unclosed markup could not restore the text")
    return code, guard_warning(text, unclosed.starts)


def guard_warning(text: str, starts: Sequence[int]) -> str:
    """The warning for a page whose unclosed openers the guard read as text."""
    first = starts[0]
    return (
        f"the wikitext has {len(starts)} unclosed constructs (the first, {text[first : first + 12]!r}, at "
        f"{_where(text, first)}); they are read as text without trying to close each, which keeps parsing "
        "linear but may read some markup around them differently"
    )


def _parse(text: str) -> ParsedPage:
    cleaned, cleaning = clean(text)
    try:
        code, guarding = _tokenize(cleaned)
    except WikitextError:
        raise
    except Exception as error:  # mwparserfromhell's own failures (rare, e.g. recursion on pathological input)
        raise WikitextError(f"cannot parse the wikitext: {error}") from error
    return ParsedPage(code, tuple(warning for warning in (cleaning, guarding) if warning))


@lru_cache(maxsize=2)
def parse_page(wikitext: str) -> ParsedPage:
    """A page's tree (shared: do not change it) and the warnings reading it gave."""
    return _parse(wikitext)


def parse_wikitext(wikitext: str) -> Wikicode:
    """mwparserfromhell's tree of a page's ``wikitext`` (shared: do not change it)."""
    return parse_page(wikitext).code


def parse_text(wikitext: str) -> Wikicode:
    """A fresh tree of a piece of wikitext (a section body, a parameter value), read as pages are.

    Use it instead of ``mwparserfromhell.parse`` on text that comes from a page.
    """
    return _parse(wikitext).code
