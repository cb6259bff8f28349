"""Golden snapshots: every corpus article (and the seed) parsed, compared with a reviewed JSON snapshot.

The snapshot is ``wfk.to_json(article)`` without the slices of the input text (``wikitext``,
``lead_wikitext``, section bodies), which other tests check for exactness, and without the document tree
(``lead_blocks``, each section's ``heading`` and ``blocks``, each citation's ``content``), which the writers'
tests and the oracles check. Regenerate after a deliberate change with
``UPDATE_GOLDEN=1 python -m pytest tests/corpus`` and review the diff; see REVIEWED.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA

GOLDEN = Path(__file__).parent / "golden"
_SLICES = {"wikitext", "lead_wikitext"} | {"lead_blocks", "heading", "blocks", "content"}


def _snapshot(article: wfk.Article) -> str:
    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in _SLICES}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    document = json.loads(wfk.to_json(article))
    return json.dumps(strip(document), ensure_ascii=False, indent=1) + "\n"


def _pages() -> list[tuple[str, str, str]]:
    pages = [
        (path.stem, path.read_text(encoding="utf-8"), path.stem.replace("_", " "))
        for path in sorted((CORPUS / "articles").glob("*.wiki"))
    ]
    seed = wfk.read_feed(DATA / "contributions-seed.atom").entries[0]
    assert seed.wikitext is not None
    pages.append(("Zhanaozen-massacre-seed", seed.wikitext, "Zhanaozen massacre"))
    return pages


@pytest.mark.parametrize(("stem", "wikitext", "title"), _pages(), ids=lambda value: str(value)[:40])
def test_article_matches_its_golden_snapshot(stem: str, wikitext: str, title: str) -> None:
    article = wfk.parse_article(wikitext, title=title)
    snapshot = _snapshot(article)
    path = GOLDEN / f"{stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(snapshot, encoding="utf-8")
    assert path.exists(), f"no golden snapshot for {stem}; run with UPDATE_GOLDEN=1 and review it"
    assert snapshot == path.read_text(encoding="utf-8")
    assert wfk.from_json(wfk.to_json(article)) == article
    sections = "".join(s.wikitext for s in article.all_sections())
    assert len(article.lead_wikitext) + len(sections) <= len(wikitext)
