"""The shared wiki of the integration tests: every corpus page with three revisions, and the API's truth.

The wiki (with Cite and ParserFunctions) gets every article of tests/corpus/articles/ as a new page (Alice),
then two edits: Bob's, with a ``/* section */`` summary, changes a word, adds and deletes lines; Carol's adds
lines at both ends, lines with leading, doubled and trailing spaces and tabs, and changes lines far apart
(several hunks). The truth is what the API says each revision holds.
"""

from __future__ import annotations

import random
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.conftest import require
from tests.integration.mediawiki import MediaWiki, Revision, missing_tools

USERS = ("Alice", "Bob", "Carol")
_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")


def _title(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ")


def _bob_edit(text: str, rng: random.Random) -> tuple[str, str]:
    """Change a word, add a line, delete a line; the summary names a section."""
    lines = text.split("\n")
    sections = [(i, m.group(2)) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    if not sections:
        lines.append("== Notes ==")
        sections = [(len(lines) - 1, "Notes")]
        lines.append("A note.")
    at, section = sections[rng.randrange(len(sections))]
    body = [i for i in range(at + 1, len(lines)) if lines[i].strip()][:6] or [len(lines) - 1]
    target = body[rng.randrange(len(body))]
    lines[target] = (
        lines[target].replace(" ", "  revised ", 1) if " " in lines[target] else lines[target] + "!"
    )
    lines.insert(target + 1, 'Added by Bob:\t"quoted" & <b>bold</b> &nbsp; ünïcödé ✓ 𝄞 and  two  spaces  ')
    candidates = [i for i in range(len(lines)) if i not in (target, target + 1) and lines[i].strip()]
    if len(candidates) > 3:
        del lines[candidates[rng.randrange(len(candidates))]]
    return "\n".join(lines), f"/* {section} */ copy-edit by Bob"


def _carol_edit(text: str, rng: random.Random) -> tuple[str, str]:
    """Lines at both ends, whitespace-heavy lines, and changes far apart."""
    lines = text.split("\n")
    lines.insert(0, "{{Short description|Edited by Carol}}")
    middle = len(lines) // 2
    lines.insert(middle, "  leading spaces, a\ttab,   three spaces and an end space ")
    lines.insert(middle + 1, "")
    lines.insert(middle + 2, " ")
    far = [i for i in range(len(lines)) if lines[i].strip() and abs(i - middle) > 8]
    for index in rng.sample(far, min(2, len(far))):
        lines[index] = lines[index] + ' <ref name="carol">Carol\'s note</ref>'
    lines.append("")
    lines.append("[[Category:Edited by Carol]]")
    return "\n".join(lines), "Carol: lines at both ends"


@dataclass
class Site:
    wiki: MediaWiki
    titles: list[str]
    truth: dict[int, Revision]
    created: dict[str, Revision]  # each page's first revision (Alice's: the corpus file as the wiki keeps it)

    def feed(self, path: str) -> wfk.Feed:
        return wfk.read_feed(self.wiki.get(path))


@pytest.fixture(scope="session")
def site(corpus_articles: list[Path]) -> Iterator[Site]:
    require(missing_tools(), "a real MediaWiki")
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-mw-") as directory:
        wiki = MediaWiki(Path(directory))
        wiki.start()
        try:
            for user in USERS:
                wiki.create_user(user)
            titles = []
            for number, path in enumerate(corpus_articles):
                rng = random.Random(number)
                title = _title(path)
                text = path.read_text(encoding="utf-8")
                wiki.edit(title, text, user="Alice", summary="Created page from the corpus")
                text, summary = _bob_edit(text, rng)
                wiki.edit(title, text, user="Bob", summary=summary)
                text, summary = _carol_edit(text, rng)
                wiki.edit(title, text, user="Carol", summary=summary)
                titles.append(title)
            truth: dict[int, Revision] = {}
            created: dict[str, Revision] = {}
            for title in titles:
                revisions = wiki.revisions(title)
                created[title] = revisions[0]
                for revision in revisions:
                    truth[revision.revid] = revision
            yield Site(wiki, titles, truth, created)
        finally:
            wiki.stop()


def page_title(title: str) -> str:
    """The title as MediaWiki stores it (first letter capitalised)."""
    return title[:1].upper() + title[1:]
