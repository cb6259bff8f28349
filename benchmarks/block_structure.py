"""Block structure against MediaWiki's own HTML on the corpus pages (issue 16): the document tree and the
Markdown, kind by kind.

Starts a private wiki from Debian's package (tests/integration/mediawiki.py) in a temporary folder, parses
each page there (``action=parse``) and with ``wfk.parse_article``, reads the block units of MediaWiki's
HTML, of the tree and of the Markdown (tests/integration/blocks_oracle.py) and prints the report: recall and
precision per kind in total, per page, and every difference left with its cause (the known differences of
tests/integration/test_block_oracle.py, which pins the same numbers).

Run: ``python benchmarks/block_structure.py [--write docs/fidelity.md]``. With ``--write``, only the part of
the file between the block-structure markers is replaced (appended when the file has none); the rest of
docs/fidelity.md is benchmarks/fidelity.py's.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository's tests package holds the wiki and the comparison

from tests.integration.blocks_oracle import KINDS, BlockFidelity, KindMeasure, Unit, compare_blocks  # noqa: E402
from tests.integration.mediawiki import MediaWiki, missing_tools  # noqa: E402
from tests.integration.test_block_oracle import CAUSES, KNOWN_DIFFERENCES, SIDES, Cause  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "articles"
START = "<!-- block-structure:start -->"
END = "<!-- block-structure:end -->"
TARGET = 0.995
SHOWN = 8  # units listed per page, side and kind; the rest are counted

HOW = """\
### How it is counted

*Units* are the blocks a reader sees: headings (with their level), paragraphs, list items (`ul`, `ol`,
and `dt`/`dd` of definition lists and indented lines, with their depth: the lists and quotes around
them, themselves included), block quotes, table captions and cells (with the depth of their table: 2 for
a table inside a cell) and preformatted text. A unit's text is its own, less the units nested in it (an
item less its sub-list, a cell less a table inside it); everything else in a cell is the cell's text.
Text is compared with white space collapsed, Cite's footnote marks left out, and numbered external links
(`[1]`) left out. Units are matched by kind, depth and text as multisets: **recall** is MediaWiki's
units the library has, **precision** the library's units MediaWiki has.

- MediaWiki's side is its `action=parse` HTML, less edit links, the table of contents, references lists
  (the library lists footnotes at the end), Cite's errors, figures, galleries and a redirect's message.
- **Templates** are left out on every side. The lab wiki has none of Wikipedia's templates: it shows a
  red link to `Template:X` for each call, and nothing of its parameters. The red link's text is left out
  of MediaWiki's units (a link trail, `{{x}}the`, stays); the library parses with its own templates,
  each that the wiki does not expand writing private-use marks around its output, and what is between
  the marks is left out of its units, with unrendered templates, citation templates written in the text,
  footnotes that are templates (`{{efn}}`, `{{sfn}}`), block quotes made by quote templates and
  infoboxes. A unit left with no text is not counted. Templates the wiki expands (parser functions,
  magic words) count on both sides.
- Links into another language's File or Category namespace or wiki (`[[Datei:…]]`, `[[de:…]]`), which
  the English lab wiki shows as links, are left out of MediaWiki's text; the library reads them as
  figures, categories and language links.
- **The Markdown** is the library's own writer read back by markdown-it-py (CommonMark, tables,
  footnotes), less its category line, infobox tables and figures. It has no definition lists, no
  `<blockquote>` apart from quoted lines and no table inside a table: MediaWiki's units are compared in
  its terms (a `dt` or a caption is a paragraph, a quote a quoted line `dd`, a level-1 heading of level
  2). Its precision for `paragraph` counts terms and captions too, for `dd` quotes.
"""


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "–"


def _measures(page: BlockFidelity, side: str) -> dict[str, KindMeasure]:
    return page.tree_measures if side == "tree" else page.markdown_measures


def _total(pages: list[BlockFidelity], side: str, kind: str) -> KindMeasure:
    total = KindMeasure()
    for page in pages:
        total = total + _measures(page, side).get(kind, KindMeasure())
    return total


def _cell(measure: KindMeasure | None) -> str:
    if measure is None or not (measure.expected or measure.produced):
        return ""
    cell = f"{measure.found}/{measure.expected}"
    if measure.extra:
        cell += f" +{len(measure.extra)}"
    return f"**{cell}**" if measure.missed or measure.extra else cell


def report(pages: list[BlockFidelity], generator: str) -> str:
    """The block-structure section of docs/fidelity.md, markers included."""
    lines = [
        START,
        "## Block structure: the tree and the Markdown against MediaWiki's HTML",
        "",
        f"Written by `python benchmarks/block_structure.py --write docs/fidelity.md` (this section only): "
        f"{len(pages)} corpus pages, {generator}. The same numbers are pinned by "
        "tests/integration/test_block_oracle.py, which also checks the six reproducers of issue 16 and each "
        f"cause below against the wiki. Target: {100 * TARGET:g} % recall and precision for every kind.",
        "",
        "### Totals",
        "",
        "| Side | Kind | Recall (found / expected) | Share | Precision (matched / produced) | Share |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for side in SIDES:
        for kind in KINDS:
            total = _total(pages, side, kind)
            lines.append(
                f"| {side} | {kind} | {total.found} / {total.expected} "
                f"| {_share(total.found, total.expected)} "
                f"| {total.matched} / {total.produced} | {_share(total.matched, total.produced)} |"
            )
    left_out = {
        "MediaWiki": sum(page.wiki.left_out for page in pages),
        "tree": sum(page.tree.left_out for page in pages),
        "Markdown": sum(page.markdown.left_out for page in pages),
    }
    trimmed = {
        "MediaWiki": sum(page.wiki.trimmed for page in pages),
        "tree": sum(page.tree.trimmed for page in pages),
        "Markdown": sum(page.markdown.trimmed for page in pages),
    }
    lines += [
        "",
        "Units made only of templates, not counted: "
        + ", ".join(f"{side} {count}" for side, count in left_out.items())
        + "; units counted less their templates' text: "
        + ", ".join(f"{side} {count}" for side, count in trimmed.items())
        + ".",
        "",
        HOW,
    ]
    for side in SIDES:
        kinds = [kind for kind in KINDS if _total(pages, side, kind).expected]
        lines += [
            f"### Per page: {side}",
            "",
            "Found / expected (MediaWiki's units of the kind), `+n` the library's units MediaWiki does not "
            "have; bold where something differs.",
            "",
            "| Page | " + " | ".join(kinds) + " |",
            "| --- " * (len(kinds) + 1) + "|",
        ]
        for page in sorted(pages, key=lambda page: page.title.lower()):
            measures = _measures(page, side)
            lines.append(
                f"| {page.title} | " + " | ".join(_cell(measures.get(kind)) for kind in kinds) + " |"
            )
        lines.append("")
    lines += _differences(pages)
    lines.append(END)
    return "\n".join(lines) + "\n"


def _differences(pages: list[BlockFidelity]) -> list[str]:
    """Every difference, grouped by cause; the causes ordered by how many units they cost."""
    by_cause: dict[tuple[Cause, ...], list[str]] = defaultdict(list)
    cost: dict[tuple[Cause, ...], int] = defaultdict(int)
    unknown: list[str] = []
    for page in sorted(pages, key=lambda page: page.title.lower()):
        known = KNOWN_DIFFERENCES.get(page.title, {})
        for side in SIDES:
            for kind, measure in sorted(_measures(page, side).items()):
                if not (measure.missed or measure.extra):
                    continue
                units = _paired(measure.missed, measure.extra)
                shown = ", ".join(
                    _short(unit, 200 if unit.startswith("`~") else 90) for unit in units[:SHOWN]
                )
                more = f" and {len(units) - SHOWN} more" if len(units) > SHOWN else ""
                counts = f"−{len(measure.missed)} +{len(measure.extra)}"
                entry = f"{page.title}, {side}, {kind} ({counts}): {shown}{more}"
                pinned = known.get((side, kind))
                if pinned is None:
                    unknown.append(entry)
                else:
                    by_cause[pinned[2]].append(entry)
                    cost[pinned[2]] += len(units)
    names = {cause: name for name, cause in CAUSES.items()}
    lines = [
        "### Differences",
        "",
        "`-` a unit of MediaWiki's that the library does not have, `+` one of the library's that MediaWiki "
        "does not have, as `kind depth: text`. Grouped by cause, most units first; the wikitext in "
        "backquotes reproduces the cause on the lab wiki. *Fix in*: the tree builder, the Markdown writer, "
        "or nowhere in the library (the lab wiki lacks Wikipedia's templates, extensions or the page's "
        "language).",
    ]
    for causes, entries in sorted(by_cause.items(), key=lambda item: -cost[item[0]]):
        lines += ["", f"**{' + '.join(names[cause] for cause in causes)}** ({cost[causes]} units)", ""]
        for cause in causes:
            where = {
                "tree": "the tree builder",
                "markdown": "the Markdown writer",
                "wiki": "nowhere (lab wiki)",
            }
            lines.append(f"- {cause.text}: `{_escaped(cause.reproducer)}` (fix in {where[cause.side]})")
        lines += [f"  - {entry}" for entry in entries]
    if unknown:
        lines += ["", f"**Not yet in KNOWN_DIFFERENCES** ({len(unknown)})", ""]
        lines += [f"- {entry}" for entry in unknown]
    lines.append("")
    return lines


def _paired(missed: tuple[Unit, ...], extra: tuple[Unit, ...]) -> list[str]:
    """The differing units; a missed unit and an extra one that are nearly the same text are shown as one
    change, ``~``, around where they first differ (MediaWiki's text, then the library's)."""
    left = list(extra)
    shown = []
    for unit in missed:
        best = max(left, key=lambda other: _likeness(unit.text, other.text), default=None)
        if best is None or _likeness(unit.text, best.text) < 0.6:
            shown.append(f"`- {unit}`")
            continue
        left.remove(best)
        matcher = difflib.SequenceMatcher(None, unit.text, best.text, autojunk=False)
        _, start, stop, other_start, other_stop = next(op for op in matcher.get_opcodes() if op[0] != "equal")
        ours = _around(unit.text, start, stop)
        theirs = _around(best.text, other_start, other_stop)
        shown.append(f"`~ {unit.kind} {unit.depth}: {ours}` → `{theirs}`")
    return shown + [f"`+ {unit}`" for unit in left]


def _likeness(one: str, other: str) -> float:
    return difflib.SequenceMatcher(None, one[:300], other[:300], autojunk=False).ratio()


def _around(text: str, start: int, stop: int, context: int = 30) -> str:
    before = ("…" if start > context else "") + text[max(0, start - context) : start]
    after = text[stop : stop + context] + ("…" if stop + context < len(text) else "")
    return before + text[start:stop][:80] + after


def _escaped(wikitext: str) -> str:
    return wikitext.replace("\n", "⏎").replace("|", "\\|")


def _short(unit: str, width: int = 90) -> str:
    unit = unit.replace("|", "\\|")
    return unit if len(unit) <= width else unit[: width - 2] + "…`"


def replace_section(document: str, section: str) -> str:
    """``document`` with the text between the markers (the markers included) replaced by ``section``; the
    section is appended when the document has no markers."""
    start, end = document.find(START), document.find(END)
    if start == -1 or end == -1:
        return document.rstrip("\n") + "\n\n" + section
    return document[:start] + section + document[end + len(END) :].lstrip("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", type=Path, help="replace the block-structure section of this Markdown file"
    )
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        sys.exit(f"a real MediaWiki needs {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})")
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-blocks-") as directory:
        wiki = MediaWiki(Path(directory))
        wiki.start()
        try:
            started = time.perf_counter()
            facts = wiki.facts()
            info = json.loads(wiki.get("/api.php?action=query&meta=siteinfo&format=json&formatversion=2"))
            generator = info["query"]["general"]["generator"]
            pages = []
            for path in sorted(CORPUS.glob("*.wiki")):
                # MediaWiki keeps a saved page without its trailing white space: read what a saved page holds.
                title = path.stem.replace("_", " ").replace("-", " ")
                text = path.read_text(encoding="utf-8").rstrip()
                pages.append(compare_blocks(title, wiki.parse(title, text)["text"], text, facts))
            section = report(pages, generator)
            print(f"{len(pages)} pages in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        finally:
            wiki.stop()
    if args.write:
        args.write.write_text(
            replace_section(args.write.read_text(encoding="utf-8"), section), encoding="utf-8"
        )
        print(f"wrote the block-structure section of {args.write}")
    else:
        print(section, end="")


if __name__ == "__main__":
    main()
