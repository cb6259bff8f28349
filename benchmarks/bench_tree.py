"""The document tree builder against mwparserfromhell, on the 51 corpus pages, side by side in one run.

Times (best of --repeat interleaved runs, every parse cold):
- mwparserfromhell's C tokenizer alone: the floor for anything built on its tokens;
- ``mwparserfromhell.parse(text)``: its tree (what ``parse_article`` builds on today);
- ``build_tree(text)``: tokens read once into the document tree, MediaWiki's block and quote rules applied;
- ``parse_article(text)``: every list and the document tree, from one read of the tokens;
- ``parse_article(text, tree=False)``: the lists alone;
- the reading before it (mwparserfromhell's tree walked for the lists, then the document tree built), which
  ``parse_article`` still uses where its token reader gives up: the before/after of one read;
- ``parse_article`` + ``to_markdown``: the Markdown job, the writer walking the tree.

Run: ``python benchmarks/bench_tree.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import mwparserfromhell
from mwparserfromhell.parser._tokenizer import CTokenizer
from timing import best_of

import wikifeedkit as wfk
from wikifeedkit.wikitext.blocks import build_tree
from wikifeedkit.wikitext.document import with_tree
from wikifeedkit.wikitext.fallback import read_with_mwparserfromhell
from wikifeedkit.wikitext.parsing import parse_page

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "articles"


def _each(work: Callable[[str], object], texts: list[str]) -> None:
    for text in texts:
        work(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.wiki"))]
    print(f"{len(texts)} pages, {sum(map(len, texts)) / 1e6:.2f} million characters")
    jobs: dict[str, Callable[[str], object]] = {
        "tokenizer alone": lambda text: CTokenizer().tokenize(text, 0, True),
        "mwparserfromhell.parse": mwparserfromhell.parse,
        "build_tree": build_tree,
        "parse_article": wfk.parse_article,
        "parse_article, tree=False": lambda text: wfk.parse_article(text, tree=False),
        "mwparserfromhell reading": lambda text: with_tree(read_with_mwparserfromhell(text)),
        "parse + to_markdown": lambda text: wfk.to_markdown(wfk.parse_article(text)),
    }
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(arguments.repeat):  # interleaved, so that every job sees the same machine state
        for name, job in jobs.items():
            parse_page.cache_clear()
            best[name] = min(best[name], best_of(1, lambda job=job: _each(job, texts)))  # type: ignore[misc]
    bare = best["mwparserfromhell.parse"]
    for name, seconds in best.items():
        print(f"{name:26s} {seconds * 1000:8.1f} ms   {bare / seconds:5.2f} x the speed of its parse")


if __name__ == "__main__":
    main()
