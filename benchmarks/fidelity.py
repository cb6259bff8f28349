"""parse_article against MediaWiki's own parser (with Cite and ParserFunctions) on the 51 corpus pages.

Starts a private wiki from Debian's package (tests/integration/mediawiki.py) in a temporary folder, parses
each page there (``action=parse``) and with ``wfk.parse_article``, compares the two like with like and
prints the Markdown report: totals, a table per page (found / expected), and every difference left with its
cause (the known gaps of tests/integration/test_oracle.py, which pins the same numbers).

Run: ``python benchmarks/fidelity.py [--write docs/fidelity.md]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository's tests package holds the wiki and the comparison

from tests.integration.mediawiki import (  # noqa: E402
    EXTENSIONS,
    MEASURES,
    Fidelity,
    Measure,
    MediaWiki,
    missing_tools,
    oracle,
)
from tests.integration.test_oracle import KNOWN_GAPS, NAMES  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "articles"
TARGETS = {
    "sections": 1.0,
    "links": 0.999,
    "categories": 0.995,
    "external_links": 0.995,
    "footnotes": 1.0,
    "footnote_uses": 1.0,
}

HOW = """\
## How it is counted

MediaWiki answers `action=parse` with `prop=sections|links|categories|externallinks|text`; the library's
side is `wfk.parse_article(text, title=…)` of the same text. The private wiki has none of Wikipedia's
templates: each template call shows there as a red link to `Template:X` and nothing of what it holds.

- **Sections**: title and level of every heading, in order. The TOC line is read as text, less Cite's `[n]`
  marks (a footnote in a heading is not part of its title).
- **Links**: MediaWiki's namespace-0 links. The red links to `Template:` pages (namespace 10) are
  MediaWiki's rendering of unexpanded templates, not the page's, and are not counted. The library's links
  are normalised as MediaWiki normalises titles (character references and `%`-escapes decoded, anchor
  dropped, underscores and runs of spaces as one space, first letter upper case) and kept when their prefix is
  none of the wiki's namespaces or interwiki prefixes (`wikt:` is an interwiki link on both sides).
- **Foreign**: links such as `[[Datei:…]]`, `[[Kategorie:…]]`, `[[Lêer:…]]` or `[[de:…]]` are links to
  namespace-0 pages on an English wiki, while the library reads them as files, categories and language
  links (its namespace tables). Each counts here, found when the library has it as a file, category or
  language link, and in neither links nor categories.
- **Categories**: MediaWiki's, less its own tracking categories (as Special:TrackingCategories lists them,
  such as "Pages with broken file links"); sort keys are not compared.
- **External links**: every URL MediaWiki records, in references or not, free, bracketed and
  protocol-relative, against every URL the library holds: `external_links` (outside references) and each
  citation's URL fields (`url`, `archive-url`, …). Both sides are put in MediaWiki's canonical form
  (Parser::normalizeLinkUrl: unsafe bytes and non-ASCII `%`-escaped, needless escapes decoded). Character
  references are not decoded on the library's side: a URL with `&amp;` in it is not the link's URL.
- **Footnotes**: the entries of Cite's references lists (`<li id="cite_note-…">`), named as Cite names them
  (group, normalised name, or the n-th anonymous one), against the library's citations in references;
  **uses** are the `<sup class="reference">` marks of each entry against the citation's `uses`. Only what
  the wiki can render is expected: an entry Cite shows with an error (its text is inside an unexpanded
  template), marks of a group whose `<references group=…/>` sits in an unexpanded template (`{{notelist}}`),
  and references inside an unexpanded template are the library's **gains**.
- **Gains** (last column): what the library finds beyond MediaWiki, inside templates the private wiki
  cannot expand (infobox fields, citation templates' URLs, `{{efn}}` notes): links + external links +
  footnotes. A difference outside templates is never a gain; each is listed below.
"""


def _percent(found: int, expected: int) -> str:
    return f"{100 * found / expected:.2f} %" if expected else "–"


def _cell(measure: Measure) -> str:
    cell = f"{measure.found}/{measure.expected}"
    return f"**{cell}**" if measure.missed or measure.extra else cell


def report(results: list[Fidelity], generator: str) -> str:
    """The Markdown report of one run."""
    lines = [
        "# Fidelity: `parse_article` against MediaWiki's own parser",
        "",
        f"Written by `python benchmarks/fidelity.py --write docs/fidelity.md`: {len(results)} corpus pages "
        f"(tests/corpus/articles), {generator} with {' and '.join(EXTENSIONS)}. The same numbers are pinned "
        "by tests/integration/test_oracle.py. Found / expected, where expected is what MediaWiki finds; a "
        "page's cell is in bold where something differs (explained under *Differences*).",
        "",
        "The second oracle, MediaWiki's own parser tests, has its report in "
        "[fidelity-parser-tests.md](fidelity-parser-tests.md).",
        "",
        "## Totals",
        "",
        "| Measure | Found / expected | Share | Target | Extra, outside templates | Gains |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in MEASURES:
        found = sum(result.measures()[name].found for result in results)
        expected = sum(result.measures()[name].expected for result in results)
        extra = sum(len(result.measures()[name].extra) for result in results)
        gained = sum(len(result.measures()[name].gained) for result in results)
        target = f"{100 * TARGETS[name]:g} %" if name in TARGETS else "–"
        share = _percent(found, expected)
        lines.append(f"| {NAMES[name]} | {found} / {expected} | {share} | {target} | {extra} | {gained} |")
    lines += ["", HOW, "## Per page", ""]
    lines.append("| Page | " + " | ".join(NAMES[name] for name in MEASURES) + " | Gains |")
    lines.append("| --- " * (len(MEASURES) + 2) + "|")
    for result in sorted(results, key=lambda result: result.title.lower()):
        measures = result.measures()
        gains = "+".join(str(len(measures[name].gained)) for name in ("links", "external_links", "footnotes"))
        cells = " | ".join(_cell(measures[name]) for name in MEASURES)
        lines.append(f"| {result.title} | {cells} | {gains} |")
    lines += ["", "## Differences", ""]
    by_cause: dict[str, list[str]] = defaultdict(list)
    unknown: list[str] = []
    for result in results:
        known = KNOWN_GAPS.get(result.title, {})
        for name, measure in result.measures().items():
            for sign, items in (("-", measure.missed), ("+", measure.extra)):
                for item in items:
                    key = f"{sign} {item}"
                    entry = f"{result.title}, {NAMES[name].lower()}: `{key}`"
                    cause = known.get(name, {}).get(key)
                    (by_cause[cause] if cause else unknown).append(entry)
    lines.append(
        "`-` marks what MediaWiki found and the library did not, `+` what the library found outside "
        "templates and MediaWiki did not. Grouped by cause; the wikitext in backquotes reproduces it."
    )
    for cause, entries in sorted(by_cause.items(), key=lambda item: -len(item[1])):
        lines += ["", f"**{cause}** ({len(entries)})", ""]
        lines += [f"- {entry}" for entry in entries]
    if unknown:
        lines += ["", f"**Not yet in KNOWN_GAPS** ({len(unknown)})", ""]
        lines += [f"- {entry}" for entry in unknown]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the Markdown report here instead of stdout")
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        sys.exit(f"a real MediaWiki needs {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})")
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-fidelity-") as directory:
        wiki = MediaWiki(Path(directory))
        wiki.start()
        try:
            started = time.perf_counter()
            facts = wiki.facts()
            info = json.loads(wiki.get("/api.php?action=query&meta=siteinfo&format=json&formatversion=2"))
            # MediaWiki keeps a saved page without its trailing white space: read what a saved page holds.
            pages = [
                (path.stem.replace("_", " ").replace("-", " "), path.read_text(encoding="utf-8").rstrip())
                for path in sorted(CORPUS.glob("*.wiki"))
            ]
            results = [fidelity for _, fidelity in oracle(wiki, facts, pages)]
            text = report(results, info["query"]["general"]["generator"])
            print(f"{len(results)} pages in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        finally:
            wiki.stop()
    if args.write:
        # The block-structure section at the end is benchmarks/block_structure.py's: kept as it is.
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        start = old.find("<!-- block-structure:start -->")
        args.write.write_text(text + ("\n" + old[start:] if start != -1 else ""), encoding="utf-8")
        print(f"wrote {args.write}")
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
