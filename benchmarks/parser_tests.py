"""wikifeedkit against MediaWiki's own parser tests: the pass rate per family, and why cases fail.

Reads ``parserTests.txt`` and ``citeParserTests.txt`` from the npm package parsoid@0.11.1 (fetched with
``npm pack`` into the cache on first use, as the test suite does), selects the comparable cases and compares
each with ``wfk.parse_article`` (how: ``tests/parsertests/cases.py`` and ``compare.py``). Prints the table
per family, the exclusions, and the failures grouped by cause with a minimal reproducer each (the
reproducer's wikifeedkit column is computed now, so it shows whether the cause is still there).

Run: ``python benchmarks/parser_tests.py [--write docs/fidelity-parser-tests.md] [--pin] [--show TEXT]``.

- ``--write PATH``: the report as Markdown (the lead merges it into ``docs/fidelity.md``).
- ``--pin``: write the ids of the passing cases to ``tests/parsertests/passing.txt``; the test suite then
  checks that each still passes. Pin again after a fix makes more pass.
- ``--show TEXT``: the details of every failing case whose id contains TEXT (``--show ''``: all of them).

The target is 95 % of the comparable cases in each family: a benchmark figure, not a test threshold.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository's tests package holds the reader and the comparison

from tests.parsertests.cases import FAMILIES, SPEC, Case, fetch, select  # noqa: E402
from tests.parsertests.compare import Result, compare  # noqa: E402

import wikifeedkit as wfk  # noqa: E402

PINNED = ROOT / "tests" / "parsertests" / "passing.txt"
TARGET = 0.95


@dataclass(frozen=True, slots=True)
class Cause:
    """A reason cases fail, how to spot it, and a minimal reproducer with what MediaWiki shows."""

    label: str
    reproducer: str
    mediawiki: str
    shows: Callable[[wfk.Article], str]
    matches: Callable[[Case, Result], bool]


def _text(article: wfk.Article) -> str:
    return " ".join(article.plain_text().split())


def _links(article: wfk.Article) -> str:
    return f"links {[link.target for link in article.links]}"


def _external(article: wfk.Article) -> str:
    return f"external_links {[link.url for link in article.external_links]}"


def _citations(article: wfk.Article) -> str:
    return f"citations {[citation.text for citation in article.citations]}"


def _tables(article: wfk.Article) -> str:
    return f"tables {[(t.caption, [[c.text for c in row] for row in t.rows]) for t in article.tables]}"


def _sections(article: wfk.Article) -> str:
    return f"sections {[(s.level, s.title) for s in article.all_sections()]}"


def _got_text(result: Result) -> str:
    return str(result.details["text"][1]) if "text" in result.details else ""


def _want_text(result: Result) -> str:
    return str(result.details["text"][0]) if "text" in result.details else ""


def _failed(result: Result, *checks: str) -> bool:
    return any(check in result.failed_checks() for check in checks)


def _wikitext(pattern: str, flags: int = re.IGNORECASE | re.MULTILINE) -> Callable[[Case], bool]:
    compiled = re.compile(pattern, flags)
    return lambda case: compiled.search(case.test.wikitext) is not None


_INTERWIKI = _wikitext(
    r"\[\[\s*:*\s*(?:meatball|memoryalpha|wikipedia|google|gerrit|local|mi|mul|es|zh|ko|fr|ru|de|en|ro)\s*:"
)
_BARE_BRACKETED_URL = _wikitext(r"\[(?:[a-z]+:)?//[^\s\]]*\]|\[(?:mailto|news):[^\s\]]*\]")
_ENTITY = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_INCLUSION = _wikitext(r"<\s*/?\s*(?:noinclude|includeonly|onlyinclude)")
_INDENTED_TABLE = _wikitext(r"^[:*#;]+\s*\{\|")
_DEFINITION = _wikitext(r"^;")
_SOL_COMMENT = _wikitext(r"^(?:<!--.*?-->\s*)+[*#:;=]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")

CAUSES: tuple[Cause, ...] = (
    Cause(
        "Interwiki prefixes (the wiki's interwiki table: meatball:, wikipedia:, local:, …) are read as page"
        " titles",
        "[[MeatBall:SoftSecurity]]",
        "no page link: an interwiki link to meatballwiki.org",
        _links,
        lambda case, result: _INTERWIKI(case) and _failed(result, "links", "text"),
    ),
    Cause(
        "A bracketed URL without text shows as a number, [1], in MediaWiki; plain_text() drops it",
        "See [http://example.com].",
        "See [1].",
        _text,
        lambda case, result: (
            _BARE_BRACKETED_URL(case) and re.search(r"\[\d+\]", _want_text(result)) is not None
        ),
    ),
    Cause(
        "Apostrophes that do not pair up on a line stay in the text",
        "''Covarrubias''' ''Tesoro''",
        "Covarrubias' Tesoro (''' after an open '' is ' then '')",
        _text,
        lambda case, result: "''" in _got_text(result) and "''" not in _want_text(result),
    ),
    Cause(
        "Character references are not decoded in free URLs, <pre>, <nowiki> and unlinked link text",
        "http://example.com/?a&amp;b <pre>&lt;</pre> [[Foo&nbsp;bar]]",
        "http://example.com/?a&b < Foo bar",
        _text,
        lambda case, result: (
            _ENTITY.search(_got_text(result)) is not None and _ENTITY.search(_want_text(result)) is None
        ),
    ),
    Cause(
        "Invalid link targets are links in the model; MediaWiki shows them as text",
        "[[]] [[Project:]] [[Foo#<bar>]] [[./foo]] [[|bar]] [[Piped|]]",
        "[[]] [[Project:]] Foo#<bar> [[./foo]] [[|bar]] [[Piped|]] (and one link, to Foo)",
        lambda a: f"{_text(a)!r}, {_links(a)}",
        lambda case, result: "[[" in _want_text(result) and "[[" not in _got_text(result),
    ),
    Cause(
        "A link's fragment is dropped from the text shown for an unpiped link",
        "[[Main Page#History]] [[#Notes]]",
        "Main Page#History #Notes",
        _text,
        lambda case, result: (
            "#" in _want_text(result) and _want_text(result).count("#") > _got_text(result).count("#")
        ),
    ),
    Cause(
        "<noinclude>, <includeonly> and <onlyinclude> are not read as a page view reads them",
        "A<noinclude>B</noinclude><includeonly>C</includeonly>",
        "AB",
        _text,
        lambda case, result: _INCLUSION(case),
    ),
    Cause(
        "Tables indented with ':' (or in a list item) are not tables in the model",
        ":{|\n|a\n|}",
        "tables [(None, [['a']])], and no '{|' in the text",
        lambda a: f"{_tables(a)}, text {_text(a)!r}",
        lambda case, result: _INDENTED_TABLE(case),
    ),
    Cause(
        "Definition list ';term:definition': no space between term and definition",
        ";name:Definition",
        "name Definition",
        _text,
        lambda case, result: _DEFINITION(case) and _failed(result, "text"),
    ),
    Cause(
        "Comments before a line's list or heading marker hide the marker",
        "<!--c-->*item\n<!--c-->==Heading==",
        "item Heading (a list item and a section)",
        lambda a: f"{_text(a)!r}, {_sections(a)}",
        lambda case, result: _SOL_COMMENT(case),
    ),
    Cause(
        "Cite: invalid references and follow= (MediaWiki shows an error, or merges, instead of a reference)",
        '<ref name="0">Zero</ref><ref name="a">A</ref><ref follow="a">more</ref><references />',
        "references ['A more'] (a numeric name is an error; follow= appends to its parent)",
        _citations,
        lambda case, result: case.family == "Cite" and _failed(result, "references"),
    ),
    Cause(
        "Tags that are neither HTML nor an extension's (<boo>, <President>) are text in MediaWiki; the model"
        " drops them",
        "<boo>x</boo> <President></President>",
        "<boo>x</boo> <President></President>",
        _text,
        lambda case, result: any(tag not in _got_text(result) for tag in _TAG.findall(_want_text(result))),
    ),
    Cause(
        "Unclosed or misnested HTML tags stay in the text as markup",
        "<ul>\n<li>One\n<li>Two\n</ul> <s>open",
        "One Two open",
        _text,
        lambda case, result: any(tag not in _want_text(result) for tag in _TAG.findall(_got_text(result))),
    ),
    Cause(
        "Table cells: captions with attributes, '||' after a comment line, cells of mixed syntax",
        '{|\n|+ style="color: red;" |caption\n|-\n|foo\n|}',
        "tables [('caption', [['foo']])]",
        _tables,
        lambda case, result: _failed(result, "tables"),
    ),
    Cause(
        "URLs: where a free or bracketed URL ends (entities, U+3000, IPv6 hosts, a lone protocol); a URL in a"
        " link's text is no link",
        "http://example.com/x&nbsp; http:// [http://[::1]/ loopback]",
        "external_links ['http://example.com/x', 'http://[::1]/']",
        _external,
        lambda case, result: _failed(result, "external links"),
    ),
    Cause(
        "Heading edge cases: a line of only '=', text after the closing '='",
        "= x = y\n===============",
        "sections [(6, '===')]: '= x = y' is no heading, the second line is",
        _sections,
        lambda case, result: _failed(result, "sections"),
    ),
)
OTHER = "Other (each its own: see the list of failures)"


def cause_of(case: Case, result: Result) -> str:
    for cause in CAUSES:
        if cause.matches(case, result):
            return cause.label
    return OTHER


def run() -> tuple[list[tuple[Case, Result]], dict[str, list[str]], float]:
    files = fetch()
    cases, excluded = select(files)
    started = time.perf_counter()
    results = [(case, compare(case.test.wikitext, case.expected_html)) for case in cases]
    return results, excluded, time.perf_counter() - started


def family_table(results: list[tuple[Case, Result]]) -> list[str]:
    lines = [
        "| family | comparable | pass | % | words pass | model checks failed |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name in [*FAMILIES, "total"]:
        rows = [(c, r) for c, r in results if name in {c.family, "total"}]
        if not rows:
            continue
        passed = sum(r.passed for _, r in rows)
        words = sum(r.checks.get("text", False) for _, r in rows)
        failed = Counter(check for _, r in rows for check in r.failed_checks() if check != "text")
        checks = ", ".join(f"{check} {count}" for check, count in failed.most_common()) or "-"
        percent = 100 * passed / len(rows)
        mark = "" if percent >= 100 * TARGET else " ✗"
        label = f"**{name}**" if name == "total" else name
        lines.append(f"| {label} | {len(rows)} | {passed} | {percent:.1f}{mark} | {words} | {checks} |")
    return lines


def _prose(text: str) -> str:
    """Text for a Markdown table cell or list item: no table breaks, no tags taken for HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def cause_table(results: list[tuple[Case, Result]]) -> list[str]:
    counts = Counter(cause_of(c, r) for c, r in results if not r.passed)
    lines = [
        "| cause | cases | reproducer | MediaWiki | wikifeedkit now |",
        "| --- | ---: | --- | --- | --- |",
    ]

    def cell(text: str) -> str:
        return "`" + text.replace("\n", "⏎").replace("|", "\\|").replace("`", "'") + "`"

    ordered = sorted(CAUSES, key=lambda cause: -counts[cause.label])
    for cause in ordered:
        if not counts[cause.label]:
            continue
        shown = cell(cause.shows(wfk.parse_article(cause.reproducer)))
        label, mediawiki, reproducer = _prose(cause.label), _prose(cause.mediawiki), cell(cause.reproducer)
        lines.append(f"| {label} | {counts[cause.label]} | {reproducer} | {mediawiki} | {shown} |")
    if counts[OTHER]:
        lines.append(f"| {OTHER} | {counts[OTHER]} | | | |")
    return lines


def failure_list(results: list[tuple[Case, Result]]) -> list[str]:
    lines: list[str] = []
    for name in FAMILIES:
        failing = [(c, r) for c, r in results if c.family == name and not r.passed]
        if not failing:
            continue
        lines.append(f"**{name}** ({len(failing)})")
        lines.append("")
        for case, result in failing:
            checks = ", ".join(result.failed_checks()) + (f"; {result.error}" if result.error else "")
            name = case.id.replace("`", "'")
            lines.append(f"- `{name}` — {checks} — {_prose(cause_of(case, result))}")
        lines.append("")
    return lines


_INTRO = (
    f"MediaWiki's parser tests ({SPEC} on npm: `tests/parserTests.txt`, `tests/citeParserTests.txt`; "
    "wikitext and the HTML MediaWiki's PHP parser must give, written by MediaWiki's developers) are a "
    "second oracle for `parse_article`. `tests/parsertests/` fetches them with `npm pack` into a cache "
    "(`$WIKIFEEDKIT_CACHE_DIR`, else `~/.cache/wikifeedkit`; they are GPL and are not in the repository), "
    "selects the cases that can be compared, and compares each; `tests/parsertests/passing.txt` pins the "
    "cases that pass, so that none regresses (`test_pinned_case_passes`). This page is written by "
    "`python benchmarks/parser_tests.py --write docs/fidelity-parser-tests.md`."
)
_SELECTION = (
    "**Comparable cases.** Of the files' tests, those the PHP parser runs (an `html/php`, `html/*` or "
    "`html` section; not Parsoid-only) with no option that changes parsing or output (only `php`, `wrap`, "
    "`notoc`, and `parsoid=…` beside an `html/php` section, are allowed), and whose wikitext has no "
    "template, parser function or variable (`{{`), no behaviour switch (`__TOC__`), no file or image "
    "(`[[File:`, `<gallery>`), no tag of the test harness (`<tag>`) or of an extension the file does not "
    "load, and no language-converter markup (`-{`); and none that shows a setting of the test wiki that "
    "MediaWiki has off by default: a bare image URL (shown as a picture: `$wgAllowExternalImages`) or a "
    "magic link (ISBN, RFC, PMID: `$wgEnableMagicLinks`). The exact rules: `tests/parsertests/cases.py`. "
    "Each case is put in a family by its name, else by its wikitext."
)
_COMPARISON = (
    "**Comparison.** The words a reader sees: the expected HTML's text (without the contents box, "
    "`[edit]` links, Cite's markers, reference list and error messages, and tables) against "
    "`parse_article(wikitext).plain_text()`, whitespace-insensitive, case- and punctuation-sensitive. "
    "Then, where the expected HTML or the model has any: sections (`h1`–`h6` headlines vs "
    "`all_sections()`), internal links (`/wiki/…` and red links vs `article.links` targets), external links "
    "(`a.external` vs `article.external_links`), references (the reference list vs `article.citations`) "
    "and tables (cells vs `article.tables`). A case passes when all of these agree. The exact rules: "
    "`tests/parsertests/compare.py`."
)
_CAUSES = (
    "Each failing case counts under the first cause that matches it. The reproducer is a small wikitext "
    "that shows the cause; the MediaWiki column was checked with MediaWiki 1.39's `maintenance/parse.php`, "
    "and the last column is what wikifeedkit gave when this page was written."
)


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=110, break_long_words=False, break_on_hyphens=False)


def report(results: list[tuple[Case, Result]], excluded: dict[str, list[str]], seconds: float) -> str:
    total = sum(len(names) for names in excluded.values()) + len(results)
    exclusions = ", ".join(
        f"{reason} {len(names)}" for reason, names in sorted(excluded.items(), key=lambda kv: -len(kv[1]))
    )
    by_file = Counter(case.test.file for case, _ in results)
    passed_by_file = Counter(case.test.file for case, result in results if result.passed)
    files = "; ".join(f"{name} {passed_by_file[name]}/{count}" for name, count in sorted(by_file.items()))
    parts = [
        "# Fidelity against MediaWiki's parser tests",
        "",
        _paragraph(_INTRO),
        "",
        _paragraph(_SELECTION),
        "",
        _paragraph(_COMPARISON),
        "",
        f"## Pass rate per family (target {TARGET:.0%} of the comparable cases in each)",
        "",
        _paragraph(f"{len(results)} comparable cases of {total} tests ({files}); ✗: under the target."),
        "",
        *family_table(results),
        "",
        _paragraph(f"Left out: {exclusions}."),
        "",
        "## Why cases fail",
        "",
        _paragraph(_CAUSES),
        "",
        *cause_table(results),
        "",
        "## Known failures",
        "",
        "Every failing case by family: its id, the checks that fail, and its cause.",
        "",
        *failure_list(results),
        f"Comparing the {len(results)} cases took {seconds:.1f} s.",
        "",
    ]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--write", type=Path, metavar="PATH", help="write the report as Markdown to PATH")
    parser.add_argument("--pin", action="store_true", help=f"write the passing case ids to {PINNED}")
    parser.add_argument("--show", metavar="TEXT", help="print the details of failing cases whose id has TEXT")
    arguments = parser.parse_args()
    results, excluded, seconds = run()
    print("\n".join(family_table(results)))
    print()
    print("\n".join(cause_table(results)))
    print(f"\n{len(results)} cases compared in {seconds:.1f} s")
    if arguments.show is not None:
        for case, result in results:
            if result.passed or arguments.show not in case.id:
                continue
            print(f"\n=== {case.id} [{case.family}] {', '.join(result.failed_checks())} {result.error or ''}")
            print(f"--- wikitext\n{case.test.wikitext}")
            for check, (want, got) in result.details.items():
                print(f"--- {check}\n  MediaWiki:   {want!r}\n  wikifeedkit: {got!r}")
    if arguments.write is not None:
        arguments.write.write_text(report(results, excluded, seconds), encoding="utf-8")
        print(f"wrote {arguments.write}")
    if arguments.pin:
        passing = sorted(case.id for case, result in results if result.passed)
        header = [
            f"# The {SPEC} parser-test cases wikifeedkit passes: test_parser_tests.py checks that each",
            "# still does. Written by `python benchmarks/parser_tests.py --pin`; case names only.",
        ]
        PINNED.write_text("\n".join([*header, *passing]) + "\n", encoding="utf-8")
        print(f"pinned {len(passing)} passing cases in {PINNED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
