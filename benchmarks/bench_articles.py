"""parse_article against mwparserfromhell's bare parse and wtf_wikipedia, on the 51 corpus pages.

Times, in one run and on the same texts (best of --repeat runs):
- ``mwparserfromhell.parse(text)``: the floor; parse_article parses once with it.
- ``wikifeedkit.parse_article(text)``: the target is at most 1.5 × the bare parse.
- ``wtf(text).json()`` from wtf_wikipedia (npm), where ``node`` is present: installed on first use into
  ``benchmarks/.npm`` (git-ignored).

Then prints what each extracts, field by field, summed over the corpus.

Run: ``python benchmarks/bench_articles.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import mwparserfromhell
from timing import best_of

import wikifeedkit as wfk
from wikifeedkit.wikitext.parsing import parse_page

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "corpus" / "articles"
NPM_PREFIX = HERE / ".npm"


def _each(work: Callable[[str], object], texts: list[str]) -> None:
    """Run ``work`` on every text, keeping no result alive (as a pipeline would)."""
    for text in texts:
        work(text)


def wtf_run(files: list[Path], repeat: int) -> dict[str, object] | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("node/npm not found: wtf_wikipedia skipped")
        return None
    modules = NPM_PREFIX / "node_modules"
    if not (modules / "wtf_wikipedia").exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund", "wtf_wikipedia"],
            check=True,
            capture_output=True,
        )
    result = subprocess.run(
        ["node", str(HERE / "wtf_bench.js"), str(repeat), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, NODE_PATH=str(modules)),
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def ours_counts(article: wfk.Article) -> dict[str, int]:
    return {
        "infoboxes": len(article.infoboxes),
        "citations": len(article.citations),
        "categories": len(article.categories),
        "images": len(article.images),
        "sections": sum(1 for _ in article.all_sections()),
        "links": len(article.links),
        "tables": len(article.tables),
        "redirect": int(article.redirect is not None),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    files = sorted(CORPUS.glob("*.wiki"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    print(f"{len(texts)} pages, {sum(map(len, texts)) / 1e6:.2f} million characters")
    bare = ours = float("inf")
    for _ in range(arguments.repeat):  # interleaved, so that both see the same machine state
        bare = min(bare, best_of(1, lambda: _each(mwparserfromhell.parse, texts)))
        parse_page.cache_clear()  # every parse cold, as for a page seen for the first time
        ours = min(ours, best_of(1, lambda: _each(wfk.parse_article, texts)))
    print(f"mwparserfromhell.parse     {bare * 1000:8.1f} ms")
    print(
        f"wikifeedkit.parse_article  {ours * 1000:8.1f} ms   {ours / bare:.2f} x the bare parse (target 1.5)"
    )
    wtf = wtf_run(files, arguments.repeat)
    if wtf is not None:
        seconds = float(wtf["seconds"])  # type: ignore[arg-type]
        print(
            f"wtf_wikipedia .json()      {seconds * 1000:8.1f} ms   (parse_article: {ours / seconds:.2f} x)"
        )
    articles = [wfk.parse_article(text) for text in texts]
    totals = {key: sum(ours_counts(a)[key] for a in articles) for key in ours_counts(articles[0])}
    print("\nextracted over the corpus   wikifeedkit   wtf_wikipedia")
    wtf_counts = wtf["counts"] if wtf is not None else None
    for key, value in totals.items():
        other = sum(c[key] for c in wtf_counts) if isinstance(wtf_counts, list) else "-"
        print(f"  {key:26s} {value:11}   {other:>13}")


if __name__ == "__main__":
    main()
