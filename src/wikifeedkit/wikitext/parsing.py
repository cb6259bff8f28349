"""One parse per text: ``parse_article`` and the writers share mwparserfromhell's tree of the same wikitext.

The trees are read, never changed, so a small cache of the latest few lets ``parse_article`` followed by
``to_markdown`` parse each page once; it is kept small so that a long feed does not keep every tree.
"""

from __future__ import annotations

from functools import lru_cache

import mwparserfromhell
from mwparserfromhell.wikicode import Wikicode

from ..errors import WikitextError


@lru_cache(maxsize=2)
def parse_wikitext(wikitext: str) -> Wikicode:
    """mwparserfromhell's tree of ``wikitext`` (shared: do not change it)."""
    try:
        return mwparserfromhell.parse(wikitext)
    except Exception as error:  # mwparserfromhell's own failures (rare, e.g. recursion on pathological input)
        raise WikitextError(f"cannot parse the wikitext: {error}") from error
