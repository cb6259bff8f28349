"""One parser test against wikifeedkit: the visible words, then the model where it can be checked.

**Visible words of the expected HTML.** The PHP parser's HTML is read with ``lxml.html`` (as a fragment) and
MediaWiki's own furniture is dropped first: ``<script>``, ``<style>``, ``<link>``, ``<meta>``, the table of
contents (``div#toc``), the ``[edit]`` links (``.mw-editsection``), Cite's markers (``sup.reference``, the
``[1]`` that the reader's text does not hold), the reference list (``.mw-references-wrap``,
``ol.references``: compared on its own, below) and Cite's error messages (``.mw-ext-cite-error``). Tables are
left out of the words too: ``plain_text()`` leaves tables out by design (they are not running text; the
model holds them in ``article.tables``), so their words are compared by the *tables* check instead. The text
of what is left is read with a space at each block element's start and end (``p``, ``div``, ``li``, ``dd``,
``dt``, ``h1``–``h6``, table parts, ``br``, …) and nothing at an inline element's, so ``<b>a</b>b`` reads
``ab``.

**Visible words of the model**: ``wfk.parse_article(wikitext).plain_text()``.

**Normalisation** (:func:`words`): Unicode NFC; no-break, narrow no-break and zero-width spaces become spaces;
then the text is split at whitespace. The two word lists must be equal: whitespace-insensitive (line breaks and
paragraph breaks are layout, not words) but case- and punctuation-sensitive, since a stray ``'`` or ``]``
left by markup that was not understood is exactly what the comparison is for.

**Model checks** (each applies when the expected HTML or the model has something of its kind):

- *sections*: ``h1``–``h6`` that hold a ``span.mw-headline`` (a wikitext heading; a literal ``<h2>`` has
  none), as ``(level, headline text)``, against ``(section.level, section.title)`` of
  ``article.all_sections()``, in order.
- *links*: ``<a>`` whose ``href`` is ``/wiki/Title`` or ``/index.php?title=Title&…`` (a red link), and
  self-links (``a.mw-selflink``, the test page "Parser test"), without interwiki (``.extiw``) and external
  links, as titles (``_`` → space, %-escapes decoded, fragment dropped), against the non-empty
  ``link.target`` of ``article.links``, in order. Links inside references count on both sides.
- *external links*: ``a.external`` hrefs outside the reference list against ``article.external_links`` URLs,
  in order, both with HTML entities and %-escapes decoded (MediaWiki escapes ``|``, spaces, … in hrefs; the
  model keeps the URL as written). The model leaves a reference's links to its citation, so the reference
  list's are not counted.
- *references*: the text of each ``ol.references > li > span.reference-text`` against the ``text`` of
  ``article.citations`` (those in a reference), as multisets (MediaWiki numbers each group on its own).
- *tables*: every ``<table>`` in document order (nested ones after their parent, as the model lists them)
  as its caption's words and its rows of cells' words (a nested table's words are not its cell's), against
  ``article.tables`` (``caption``, ``rows`` of ``cell.text``). Rows whose cells are all empty are dropped on
  both sides: MediaWiki writes ``<tr><td></td></tr>`` into a table that has no cell.

A case passes when its words match and every check that applies passes.
"""

from __future__ import annotations

import html as html_lib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
from lxml.etree import _Element

import wikifeedkit as wfk

TEST_PAGE = "Parser test"  # the title MediaWiki's parser-test runner parses every test as
CHECKS = ("text", "sections", "links", "external links", "references", "tables")
_BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
     "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
     "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
)  # fmt: skip
_CHROME = (
    "//script",
    "//style",
    "//link",
    "//meta",
    "//*[@id='toc']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')]",
    "//sup[contains(concat(' ', normalize-space(@class), ' '), ' reference ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-ext-cite-error ')]",
)
_REFERENCE_LISTS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-references-wrap ')]"
    " | //ol[contains(concat(' ', normalize-space(@class), ' '), ' references ')]"
)
_TABLE = frozenset({"table"})
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": " ", "\ufeff": " "}
_SPACE_TABLE = str.maketrans(_SPACES)


def words(text: str) -> list[str]:
    """The normalised words of a text (see the module docstring)."""
    return unicodedata.normalize("NFC", text).translate(_SPACE_TABLE).split()


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def _visible(element: _Element, *, skip: frozenset[str] = frozenset()) -> str:
    """The text a reader sees; elements named in ``skip`` (below ``element``) are left out, tails kept."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or (node is not element and tag.lower() in skip):
            parts.append(node.tail or "")  # a comment, processing instruction or skipped element
            return
        block = tag.lower() in _BLOCK
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
        if block:
            parts.append(" ")
        parts.append(node.tail or "")

    walk(element)
    return "".join(parts)


def _drop(root: _Element, xpath: str) -> list[_Element]:
    found: list[_Element] = list(root.xpath(xpath))
    for element in found:
        if element.getparent() is not None:
            element.drop_tree()  # type: ignore[attr-defined]  # keeps the tail text
    return found


def _parse(html: str) -> _Element:
    root: _Element = lxml.html.fragment_fromstring(html or "", create_parent="div")
    return root


@dataclass(frozen=True, slots=True)
class Expected:
    """What the expected HTML shows, in the terms of the checks."""

    words: list[str]
    sections: list[tuple[int, str]]
    links: list[str]
    external_links: list[str]
    references: list[str]
    tables: list[TableShape]


TableShape = tuple[str | None, tuple[tuple[str, ...], ...]]


def _table_shape(table: _Element) -> TableShape:
    captions = table.xpath("./caption")
    caption = " ".join(words(_visible(captions[0]))) if captions else None
    rows = []
    for row in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells = tuple(" ".join(words(_visible(cell, skip=_TABLE))) for cell in row.xpath("./td | ./th"))
        if any(cells):
            rows.append(cells)
    return caption or None, tuple(rows)


def _title(raw: str) -> str:
    title = " ".join(unquote(raw).replace("_", " ").split())
    return title[:1].upper() + title[1:]


def _link_target(anchor: _Element) -> str | None:
    classes = _classes(anchor)
    if "extiw" in classes or "external" in classes:
        return None
    if "mw-selflink" in classes:
        return TEST_PAGE
    href = anchor.get("href") or ""
    if href.startswith("/wiki/"):
        return _title(href[len("/wiki/") :].split("#", 1)[0])
    if href.startswith("/index.php?"):
        titles = parse_qs(urlsplit(href).query).get("title")
        return _title(titles[0]) if titles else None
    return None


def _url(url: str) -> str:
    return unquote(html_lib.unescape(url))


def expected(html: str) -> Expected:
    """Read the expected HTML."""
    root = _parse(html)
    for xpath in _CHROME:
        _drop(root, xpath)
    links = [target for a in root.iter("a") if (target := _link_target(a)) is not None]
    references = [
        " ".join(words(_visible(span)))
        for ol in root.xpath("//ol[contains(concat(' ', normalize-space(@class), ' '), ' references ')]")
        for span in ol.xpath(
            "./li/span[contains(concat(' ', normalize-space(@class), ' '), ' reference-text ')]"
        )
    ]
    _drop(root, _REFERENCE_LISTS)
    tables = [_table_shape(table) for table in root.iter("table")]
    sections = []
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        headlines = heading.xpath(
            ".//span[contains(concat(' ', normalize-space(@class), ' '), ' mw-headline ')]"
        )
        if headlines:
            sections.append((int(str(heading.tag)[1]), " ".join(words(_visible(headlines[0])))))
    external = [_url(a.get("href") or "") for a in root.iter("a") if "external" in _classes(a)]
    _drop(root, "//table")
    return Expected(words(_visible(root)), sections, links, external, references, tables)


@dataclass(frozen=True, slots=True)
class Result:
    """One case's outcome: ``checks`` maps each check that applies to whether it passed."""

    checks: dict[str, bool]
    details: dict[str, tuple[object, object]] = field(default_factory=dict)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(self.checks.values())

    def failed_checks(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]


def _check(
    checks: dict[str, bool],
    details: dict[str, tuple[object, object]],
    name: str,
    want: Iterable[object],
    got: Iterable[object],
    *,
    ordered: bool = True,
) -> None:
    want, got = list(want), list(got)
    if not want and not got:
        return
    ok = want == got if ordered else Counter(map(str, want)) == Counter(map(str, got))
    checks[name] = ok
    if not ok:
        details[name] = (want, got)


def compare(wikitext: str, html: str) -> Result:
    """Compare ``parse_article(wikitext)`` with the expected HTML."""
    want = expected(html)
    try:
        article = wfk.parse_article(wikitext)
        text = article.plain_text()
    except Exception as error:  # a crash is a failure of the case, reported as such
        return Result({"text": False}, error=f"{type(error).__name__}: {error}")
    checks: dict[str, bool] = {}
    details: dict[str, tuple[object, object]] = {}
    got_words = words(text)
    checks["text"] = got_words == want.words
    if not checks["text"]:
        details["text"] = (" ".join(want.words), " ".join(got_words))
    _check(
        checks,
        details,
        "sections",
        want.sections,
        [(s.level, " ".join(words(s.title))) for s in article.all_sections()],
    )
    _check(
        checks, details, "links", want.links, [_title(link.target) for link in article.links if link.target]
    )
    _check(
        checks,
        details,
        "external links",
        want.external_links,
        [_url(link.url) for link in article.external_links],
    )
    _check(
        checks,
        details,
        "references",
        want.references,
        [" ".join(words(c.text)) for c in article.citations if c.in_reference],
        ordered=False,
    )
    _check(checks, details, "tables", want.tables, [_model_table(table) for table in article.tables])
    return Result(checks, details)


def _model_table(table: wfk.Table) -> TableShape:
    rows = tuple(tuple(" ".join(words(cell.text)) for cell in row) for row in table.rows)
    caption = " ".join(words(table.caption)) if table.caption else None
    return caption or None, tuple(row for row in rows if any(row))
