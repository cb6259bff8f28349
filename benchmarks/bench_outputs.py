"""Markdown and EPUB against what users do today with pandoc, on the same corpus text, in one run.

- Markdown: ``parse_article`` + ``to_markdown`` over the 51 corpus pages, against
  ``pypandoc.convert_text(text, "gfm", format="mediawiki")`` called once per page (what users do today), and
  against one pandoc process on all the text at once.
- EPUB: ``to_epub`` of the first 50 pages as one book, against pandoc's own mediawiki → epub3 of the same
  text in one process; and ``to_epub``'s two parts: writing the book's pandoc JSON document
  (``book_document``), and pandoc's json → epub3 of it.

Run: ``python benchmarks/bench_outputs.py [--repeat N]`` (pandoc from ``pip install 'wikifeedkit[pandoc]'``).
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
from timing import best_of

import wikifeedkit as wfk
from wikifeedkit.emit.epub import book_document

logging.getLogger("pypandoc").setLevel(logging.ERROR)  # pandoc's own run warns about every missing image

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    pages = [(p.stem.replace("_", " "), p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.wiki"))]
    size = sum(len(text) for _, text in pages) / 1e6
    print(f"pandoc {pypandoc.get_pandoc_version()}, {len(pages)} pages, {size:.2f} M characters")
    failed: list[str] = []

    def ours_markdown() -> None:
        for title, text in pages:
            wfk.to_markdown(wfk.parse_article(text, title=title))

    def pandoc_markdown(title: str, text: str) -> None:
        try:
            pypandoc.convert_text(text, "gfm", format="mediawiki")
        except RuntimeError:  # pandoc's mediawiki reader gives up on some real pages
            failed.append(title)

    ours = best_of(arguments.repeat, ours_markdown)
    per_page = best_of(1, lambda: [pandoc_markdown(title, text) for title, text in pages])
    readable = [(title, text) for title, text in pages if title not in failed]
    joined = "\n\n".join(text for _, text in readable)
    one_process = best_of(arguments.repeat, lambda: pypandoc.convert_text(joined, "gfm", format="mediawiki"))
    print(f"\nMarkdown ({len(pages)} pages)")
    print(f"  wikifeedkit parse + to_markdown     {ours:7.2f} s")
    print(f"  pandoc, one process per page        {per_page:7.2f} s   x{per_page / ours:4.1f} our time")
    joined_label = f"pandoc, one process, {len(readable)} pages"
    print(f"  {joined_label:35s} {one_process:7.2f} s   x{one_process / ours:4.1f} our time")
    print(f"  pages pandoc's mediawiki reader rejects: {len(failed)} ({', '.join(failed)})")

    book = readable[:50]
    articles = [wfk.parse_article(text, title=title) for title, text in book]
    chapters = "\n\n".join(f"= {title} =\n{text}" for title, text in book)
    with tempfile.TemporaryDirectory() as work:
        ours_epub = best_of(
            arguments.repeat, lambda: wfk.to_epub(articles, Path(work) / "ours.epub", title="Corpus")
        )
        document = best_of(arguments.repeat, lambda: book_document(articles, base_url=None))
        source = json.dumps(book_document(articles, base_url=None), ensure_ascii=False)
        options = ["--metadata=title:Corpus", "--toc", "--split-level=1"]
        target = str(Path(work) / "pandoc.epub")
        from_json = best_of(
            arguments.repeat,
            lambda: pypandoc.convert_text(
                source, "epub3", format="json", outputfile=target, extra_args=["--sandbox", *options]
            ),
        )
        bare = best_of(
            arguments.repeat,
            lambda: pypandoc.convert_text(
                chapters, "epub3", format="mediawiki", outputfile=target, extra_args=options
            ),
        )
    print(f"\nEPUB ({len(book)} pages pandoc can read, one book)")
    print(f"  wikifeedkit to_epub (parsed pages)   {ours_epub:6.2f} s")
    print(f"  pandoc mediawiki -> epub3            {bare:6.2f} s   ours / pandoc = {ours_epub / bare:4.2f}")
    print(f"    of ours: book_document (JSON AST)  {document:6.2f} s")
    json_size = len(source) / 1e6
    print(f"    of ours: pandoc json -> epub3      {from_json:6.2f} s   ({json_size:.1f} M characters)")


if __name__ == "__main__":
    main()
