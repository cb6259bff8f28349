"""Reading a large MediaWiki contributions feed: wikifeedkit against the tools users reach for instead.

Builds an Atom feed the way MediaWiki's ApiFeedContributions writes it, from every article of
tests/corpus/articles (repeated to reach a realistic size), then times, in one run:

- ``wikifeedkit.read_feed`` (full decode: exact wikitext, comments, revision ids),
- ``feedparser.parse`` (pip install feedparser): generic parsing only; its summary is still HTML,
- ``lxml.etree.fromstring`` alone: the floor for any XML-based reader.

Also times writing the feed back (to_atom, to_rss) against lxml serialising the parsed tree.

Run: ``python benchmarks/bench_feeds.py [--repeat N]``. Prints seconds and ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from timing import best_of

import wikifeedkit as wfk

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "articles"


def mediawiki_atom(texts: list[tuple[str, str]]) -> bytes:
    """An Atom contributions feed, shaped as MediaWiki 1.39 writes it."""
    parts = [
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        "<id>http://wiki.test/api.php?action=feedcontributions&amp;user=Ann&amp;feedformat=atom</id>\n"
        "<title>Test - User contributions [en]</title>\n<updated>2024-01-01T00:00:00Z</updated>\n"
        "<generator>MediaWiki 1.39.17</generator>\n"
    ]
    for number, (title, text) in enumerate(texts, start=1):
        body = html.escape(text, quote=True).replace("&#x27;", "&#039;").replace("\n", "<br />\n")
        summary = f"<p>Ann: edit {number}</p>\n<hr />\n<div>{body}</div>"
        url = f"http://wiki.test/index.php?title={title.replace(' ', '_')}&amp;diff={number}"
        parts.append(
            f"<entry><id>{url}</id><title>{escape(title)}</title>"
            f'<link rel="alternate" type="text/html" href="{url}"/>'
            f'<updated>2024-01-01T00:00:00Z</updated><summary type="html">{escape(summary)}</summary>'
            "<author><name>Ann</name></author></entry>\n"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=4, help="how many times the corpus is repeated")
    arguments = parser.parse_args()
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.wiki"))]
    document = mediawiki_atom(texts * arguments.copies)
    feed = wfk.read_feed(document)
    assert [entry.wikitext for entry in feed.entries] == [text for _, text in texts * arguments.copies]
    print(f"feed: {len(feed.entries)} entries, {len(document) / 1e6:.1f} MB")
    results = {"wikifeedkit.read_feed": best_of(arguments.repeat, lambda: wfk.read_feed(document))}
    results["wikifeedkit.iter_entries"] = best_of(
        arguments.repeat, lambda: sum(1 for _ in wfk.iter_entries(document))
    )
    results["lxml.etree.fromstring"] = best_of(
        arguments.repeat, lambda: etree.fromstring(document, etree.XMLParser(huge_tree=True))
    )
    try:
        import feedparser  # type: ignore[import-untyped]

        results["feedparser.parse"] = best_of(arguments.repeat, lambda: feedparser.parse(document))
    except ImportError:
        print("feedparser not installed: pip install feedparser")
    ours = results["wikifeedkit.read_feed"]
    for name, seconds in results.items():
        print(f"{name:28s} {seconds * 1000:9.1f} ms   wikifeedkit.read_feed / this = {ours / seconds:6.2f}")
    _writers(feed, document, arguments.repeat)


def _writers(feed: wfk.Feed, document: bytes, repeat: int) -> None:
    """Writing the feed back: to_atom keeps each summary after checking it still matches its entry; written
    afresh, every summary is built from the model. lxml's serialisation of the parsed tree is the floor."""
    tree = etree.fromstring(document, etree.XMLParser(huge_tree=True))
    afresh = dataclasses.replace(
        feed, entries=tuple(dataclasses.replace(entry, summary_html=None) for entry in feed.entries)
    )
    written = wfk.read_feed(wfk.to_atom(afresh))
    assert [entry.wikitext for entry in written.entries] == [entry.wikitext for entry in feed.entries]
    results = {
        "lxml.etree.tostring": best_of(repeat, lambda: etree.tostring(tree)),
        "wikifeedkit.to_atom": best_of(repeat, lambda: wfk.to_atom(feed)),
        "wikifeedkit.to_atom (afresh)": best_of(repeat, lambda: wfk.to_atom(afresh)),
        "wikifeedkit.to_rss": best_of(repeat, lambda: wfk.to_rss(feed)),
    }
    floor = results["lxml.etree.tostring"]
    for name, seconds in results.items():
        print(f"{name:28s} {seconds * 1000:9.1f} ms   this / lxml.etree.tostring = {seconds / floor:6.2f}")


if __name__ == "__main__":
    main()
