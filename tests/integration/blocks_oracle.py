"""Block structure as MediaWiki renders it: the block units of a page, from MediaWiki's HTML, from the
library's document tree and from its Markdown read back by markdown-it-py, compared (issue 16).

A *unit* is one block a reader sees, as ``(kind, depth, text)``:

- ``heading`` (depth: the level), ``paragraph`` (depth 0);
- list items ``ul``, ``ol``, ``dt``, ``dd`` and block quotes ``quote``; their depth counts the lists and
  quotes they sit in, themselves included (``*`` is 1, ``*#`` 2, ``:`` 1, ``::`` 2, ``<blockquote>`` 1);
- ``cell``: a table cell (depth: 1 in a table, 2 in a table inside a cell, …; ``where`` names the table by
  its index path, ``table 3.1`` = the first table inside table 3);
- ``caption``: a table's caption (depth: its table's);
- ``pre``: preformatted text and code blocks.

A unit's text is its own: what is inside it less the units nested in it (a list item less its sub-list, a
cell less a table inside it). A cell is a leaf for everything else: the paragraphs, lists and quotes in a
cell are part of the cell's text (a pipe table cannot hold blocks). Paragraphs inside a list item, a quote or
a cell are part of that unit's text. Text is normalised alike on every side: white space collapsed (a line
break is a space), Cite's footnote marks left out (``<sup class="reference">`` in the HTML; ``FootnoteRef``
in the tree, which has no text; ``footnote_ref`` tokens in the Markdown), and units with no text left out.

What each side leaves out:

- MediaWiki's HTML: edit links, the table of contents, the references lists (``ol.references``; the library
  lists footnotes at the end), Cite's error messages, figures and galleries (``div.thumb``, ``figure``,
  ``ul.gallery``: images, not text blocks), a redirect's message; the text of numbered
  external links (``[1]``), and of links into another language's File or Category namespace or wiki
  (``[[Datei:…]]``: the English lab wiki shows a link, the library reads a figure).
- Templates: the lab wiki has none of Wikipedia's templates. It shows a red link to ``Template:X`` for each
  call and nothing of its parameters, where the library renders the template or keeps it unrendered. What
  templates make is taken out of every unit: on MediaWiki's side the red link's text (``a.new`` titled
  ``Template:…``; a link trail, ``{{x}}the``, stays); on the library's, the page is parsed with
  :class:`MarkedTemplates`, the library's own templates with :data:`MARK` … :data:`END` around the output of
  each that the wiki does not expand (WikiFacts.expands), and what is between the marks is taken out;
  ``UnrenderedTemplate``, ``CitationRef`` (a citation template written in the text) and a ``FootnoteRef`` to
  a reference that is a template (``{{efn}}``, ``{{sfn}}``) have no text in the tree and are marked in the
  Markdown. Block quotes made by quote templates (``{{quote}}``) and infoboxes are left out whole. A unit
  left with no text is not counted (``Units.left_out``); one that lost some is (``Units.trimmed``).
  Templates the wiki expands (parser functions, magic words) count on both sides.
- The Markdown: the footnote definitions, the category line, infobox tables and figures.

The Markdown has no definition lists, no ``<blockquote>`` apart from indented lines, no heading of level 1
(the title's) and no table inside a table. To compare it, MediaWiki's units are put in its terms
(:func:`markdown_key`): ``dt`` and ``caption`` are paragraphs, ``quote`` a ``dd`` (a quoted paragraph), a
level-1 heading is of level 2, deeper than 6 is 6. A table inside a cell stays what it is: its cells are the
Markdown's misses.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import lxml.html
import mwparserfromhell
from lxml.html import HtmlElement
from markdown_it.token import Token
from mwparserfromhell.nodes import Template

import wikifeedkit as wfk
from tests.integration.mediawiki import WikiFacts
from tests.markdown_check import PARSER
from wikifeedkit.emit.markdown import MarkdownWriter
from wikifeedkit.model import tree
from wikifeedkit.wikitext.templates import DEFAULT_TEMPLATES, TemplateFrame, TemplateRegistry
from wikifeedkit.wikitext.titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES

KINDS = ("heading", "paragraph", "ul", "ol", "dt", "dd", "quote", "caption", "cell", "pre")
MARK, END = "\ue000", "\ue001"
"""Written around the output of a template the wiki does not expand (private-use characters)."""
_MARKED = re.compile(f"{MARK}[^{MARK}{END}]*{END}")

QUOTE_TEMPLATES = frozenset({"quote", "blockquote", "quotation", "cquote", "quote box", "rquote"})
"""The templates the tree builder makes a block quote of (as wikitext/blocks.py names them)."""


@dataclass(frozen=True)
class Unit:
    kind: str
    depth: int
    text: str
    where: str = ""  # the table's index path, for cells

    @property
    def key(self) -> tuple[str, int, str]:
        return self.kind, self.depth, self.text

    def __str__(self) -> str:
        where = f" ({self.where})" if self.kind == "cell" and self.where != "table 1" else ""
        return f"{self.kind} {self.depth}{where}: {self.text}"


def normalise(text: str) -> str:
    """White space collapsed (NBSP too: a line break or a run of spaces is one space)."""
    return " ".join(text.split())


def markdown_key(unit: Unit) -> tuple[str, int, str]:
    """A MediaWiki or tree unit in the Markdown's terms (see the module's docstring)."""
    if unit.kind == "heading":
        return "heading", min(max(unit.depth, 2), 6), unit.text
    if unit.kind in {"dt", "caption"}:
        return "paragraph", 0, unit.text
    if unit.kind == "quote":
        return "dd", unit.depth, unit.text
    return unit.key


# -- MediaWiki's HTML -------------------------------------------------------------------------------------
# What is not a block of the page's text, by tag and class (a class of None: any element of the tag).
_LEFT_OUT: dict[str, set[str | None]] = {
    "span": {"mw-editsection", "mw-ext-cite-error"},
    "strong": {"mw-ext-cite-error"},
    "div": {"toc", "mw-references-wrap", "thumb", "redirectMsg", "mw-ext-cite-error"},
    "ol": {"references"},
    "sup": {"reference"},
    "ul": {"gallery"},
    "figure": {None},
    "style": {None},
    "script": {None},
}


@dataclass(frozen=True)
class Units:
    """A page's units on one side; ``trimmed``: how many lost text that templates made (kept with the
    rest); ``left_out``: units with nothing but what templates made."""

    units: tuple[Unit, ...]
    trimmed: int = 0
    left_out: int = 0


def wiki_units(html: str) -> Units:
    """The block units of MediaWiki's HTML (``action=parse``, ``prop=text``)."""
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for element in [element for element in root.iter() if _not_text(element)]:
        element.drop_tree()
    kept: list[Unit] = []
    trimmed = left_out = 0
    tables: Counter[str] = Counter()

    def add(kind: str, depth: int, element: HtmlElement, where: str = "") -> None:
        nonlocal trimmed, left_out
        text, template = _own_text(element, _is_table if kind == "cell" else _is_unit)
        trimmed += bool(template and text)
        left_out += bool(template and not text)
        if text:
            kept.append(Unit(kind, depth, text, where))

    def table(element: HtmlElement, around: str) -> None:
        tables[around] += 1
        path = f"{around}.{tables[around]}" if around else str(tables[around])
        for caption in element.findall("caption"):
            add("caption", path.count(".") + 1, caption, f"table {path}")
        for cell in _cells(element):
            add("cell", path.count(".") + 1, cell, f"table {path}")
            for inner in _outer_tables(cell):
                table(inner, path)

    def visit(element: HtmlElement, depth: int, inside: bool) -> None:
        """``depth``: lists and quotes around; ``inside``: in a list item or quote (no paragraphs)."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "table":
                table(child, "")
            elif tag in _HEADINGS:
                add("heading", int(tag[1]), child)
            elif tag == "p":
                if not inside:
                    add("paragraph", 0, child)
            elif tag in {"ul", "ol", "dl"}:
                for item in child:
                    if isinstance(item.tag, str) and item.tag in {"li", "dt", "dd"}:
                        add(tag if item.tag == "li" else item.tag, depth + 1, item)
                        visit(item, depth + 1, inside=True)
            elif tag == "blockquote":
                add("quote", depth + 1, child)
                visit(child, depth + 1, inside=True)
            elif tag == "pre":
                add("pre", 0, child)
            else:
                visit(child, depth, inside)

    visit(root, 0, inside=False)
    return Units(tuple(kept), trimmed, left_out)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FOREIGN = (FILE_NAMESPACES | CATEGORY_NAMESPACES | LANGUAGE_CODES) - {"file", "image", "category"}


def _own_text(element: HtmlElement, stop: Callable[[HtmlElement], bool]) -> tuple[str, bool]:
    """The text of ``element`` less the elements ``stop`` names and the links :func:`_left_out` names, and
    whether it held a red link to a missing Template: page."""
    parts: list[str] = []
    template = False

    def walk(node: HtmlElement) -> None:
        nonlocal template
        parts.append(" " if node.tag == "br" else node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                why = _left_out(child)
                template |= why == "template"
                if stop(child):
                    parts.append(" ")
                elif why is None:
                    walk(child)
                elif why == "template":  # keep a link trail: ``{{x}}the`` shows "Template:Xthe"
                    name = child.get("title", "").removesuffix(" (page does not exist)")
                    parts.append(child.text_content().removeprefix(name))
            parts.append(child.tail or "")

    walk(element)
    return normalise("".join(parts)), template


def _not_text(element: HtmlElement) -> bool:
    """Edit links, the table of contents, references lists, Cite's marks and errors, figures, galleries, a
    redirect's message."""
    if not isinstance(element.tag, str) or element.tag not in _LEFT_OUT:
        return False
    classes = _LEFT_OUT[element.tag]
    return (
        None in classes or element.get("id") == "toc" or bool(classes & set(element.get("class", "").split()))
    )


def _left_out(node: HtmlElement) -> str | None:
    """Why a link's text is not the page's: a red link to a template the wiki lacks (``template``), a link
    into a file or category namespace of another language or to another language's page (``foreign``:
    ``[[Datei:…]]``, which the library reads as a figure), a numbered external link (``[1]``:
    ``numbered``, counted differently by each side and by no writer of the tree)."""
    if node.tag != "a":
        return None
    classes = node.get("class", "").split()
    title = node.get("title", "")
    if "new" in classes and title.startswith("Template:"):
        return "template"
    if "autonumber" in classes:
        return "numbered"
    prefix, colon, _ = title.partition(":")
    if colon and "external" not in classes and prefix.strip().lower() in _FOREIGN:
        return "foreign"
    return None


def _cells(table: HtmlElement) -> Iterator[HtmlElement]:
    """A table's own cells (not those of tables inside them)."""
    for section in table:
        rows = section if section.tag in {"tbody", "thead", "tfoot"} else [section]
        for row in rows:
            if row.tag == "tr":
                yield from (cell for cell in row if cell.tag in {"td", "th"})


def _outer_tables(element: HtmlElement) -> Iterator[HtmlElement]:
    for child in element:
        if child.tag == "table":
            yield child
        elif isinstance(child.tag, str):
            yield from _outer_tables(child)


def _is_table(node: HtmlElement) -> bool:
    return node.tag == "table"


def _is_unit(node: HtmlElement) -> bool:
    """Units nested in a list item or quote, which its own text leaves out."""
    return node.tag in {"table", "ul", "ol", "dl", "blockquote", "pre"}


# -- the library's side -------------------------------------------------------------------------------------
class MarkedTemplates(TemplateRegistry):
    """The library's own templates, each that the wiki does not expand writing :data:`MARK` … :data:`END`
    around its output (also when it writes nothing: MediaWiki shows a red link there)."""

    def __init__(self, facts: WikiFacts, templates: TemplateRegistry = DEFAULT_TEMPLATES) -> None:
        super().__init__()
        self._facts = facts
        self._templates = templates

    def lookup(self, key: str) -> Callable[[TemplateFrame], str] | None:
        renderer = self._templates.lookup(key)
        if renderer is None or self._facts.expands(key):
            return renderer
        return lambda frame: MARK + renderer(frame) + END


def library_article(text: str, title: str, facts: WikiFacts) -> wfk.Article:
    """``parse_article`` of the page, with :class:`MarkedTemplates`."""
    return wfk.parse_article(text, title=title, templates=MarkedTemplates(facts))


def _template_quotes(article: wfk.Article, facts: WikiFacts) -> set[int]:
    """The ids of the tree's block quotes made by quote templates the wiki does not expand: the page's
    ``<blockquote>`` tags and quote templates in order, paired with the tree's block quotes in order (when
    the counts agree; all of them when the page has no ``<blockquote>`` tag)."""
    sources: list[bool] = []
    for node in mwparserfromhell.parse(article.wikitext).ifilter(recursive=True):
        if isinstance(node, Template):
            name = " ".join(str(node.name).replace("_", " ").split()).lower()
            if name in QUOTE_TEMPLATES:
                sources.append(not facts.expands(str(node.name)))
        elif isinstance(node, mwparserfromhell.nodes.Tag) and str(node.tag).strip().lower() == "blockquote":
            sources.append(False)
    quotes = [node for node in _nodes(article.body) if isinstance(node, tree.BlockQuote)]
    if sources and all(sources):  # no <blockquote> tag: every quote is a template's
        return {id(quote) for quote in quotes}
    if len(quotes) != len(sources):
        return set()
    return {id(quote) for quote, made in zip(quotes, sources, strict=True) if made}


def _nodes(value: object) -> Iterator[object]:
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value):
        yield value
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))


def _templated(article: wfk.Article, nodes: object) -> bool:
    """Whether inlines or blocks hold what a template the wiki does not expand made."""
    for node in _nodes(nodes):
        match node:
            case tree.Text(text) if MARK in text:
                return True
            case tree.UnrenderedTemplate() | tree.CitationRef():
                return True
            case tree.FootnoteRef(citation) if article.citations[citation].raw.lstrip().startswith("{{"):
                return True
    return False


def tree_units(article: wfk.Article, facts: WikiFacts) -> Units:
    """The block units of the library's document tree (``article.body``)."""
    kept: list[Unit] = []
    trimmed = left_out = 0
    made_by_templates = _template_quotes(article, facts)
    tables: Counter[str] = Counter()

    def add(kind: str, depth: int, content: object, where: str = "", *, template: bool = False) -> None:
        nonlocal trimmed, left_out
        text, marked = unmarked(_plain(content))
        made = template or marked or _templated(article, content)
        if template:
            text = ""
        trimmed += bool(made and text)
        left_out += bool(made and not text)
        if text:
            kept.append(Unit(kind, depth, text, where))

    def table(block: tree.Table, around: str) -> None:
        tables[around] += 1
        path = f"{around}.{tables[around]}" if around else str(tables[around])
        add("caption", path.count(".") + 1, block.caption, f"table {path}")
        for row in block.rows:
            for cell in row.cells:
                add("cell", path.count(".") + 1, _without_tables(cell.content), f"table {path}")
                for inner in _tables(cell.content):
                    table(inner, path)

    def visit(blocks: tree.Blocks, depth: int, inside: bool) -> None:
        for block in blocks:
            match block:
                case tree.Table():
                    table(block, "")
                case tree.Heading(level, content):
                    add("heading", level, content)
                case tree.Paragraph(content):
                    if not inside:
                        add("paragraph", 0, content)
                case tree.BulletList(items) | tree.OrderedList(items):
                    kind = "ul" if isinstance(block, tree.BulletList) else "ol"
                    for item in items:
                        add(kind, depth + 1, _without(item, *_UNITS_AND_CODE))
                        visit(item, depth + 1, inside=True)
                case tree.DefinitionList(items):
                    for entry in items:
                        if isinstance(entry, tree.Term):
                            add("dt", depth + 1, entry.content)
                        else:
                            add("dd", depth + 1, _without(entry.content, *_UNITS_AND_CODE))
                            visit(entry.content, depth + 1, inside=True)
                case tree.BlockQuote(content) if id(block) in made_by_templates:
                    add("quote", depth + 1, content, template=True)  # all of it the template's
                case tree.BlockQuote(content):
                    add("quote", depth + 1, _without(content, *_UNITS_AND_CODE))
                    visit(content, depth + 1, inside=True)
                case tree.Preformatted() | tree.CodeBlock():
                    add("pre", 0, (block,))
                case _:
                    pass  # figures, galleries, rules, math, infoboxes, reference lists: no units

    visit(article.body, 0, inside=False)
    return Units(tuple(kept), trimmed, left_out)


_UNITS_AND_CODE = (
    tree.Table,
    tree.BulletList,
    tree.OrderedList,
    tree.DefinitionList,
    tree.BlockQuote,
    tree.Preformatted,
    tree.CodeBlock,
)
"""Units nested in a list item or quote, which its own text leaves out."""


def _without(blocks: tree.Blocks, *kinds: type) -> tree.Blocks:
    return tuple(block for block in blocks if not isinstance(block, kinds))


def _tables(blocks: tree.Blocks) -> Iterator[tree.Table]:
    """The outermost tables in blocks (in a cell: its nested tables, wherever they sit)."""
    for block in blocks:
        match block:
            case tree.Table():
                yield block
            case tree.BlockQuote(content):
                yield from _tables(content)
            case tree.BulletList(items) | tree.OrderedList(items):
                for item in items:
                    yield from _tables(item)
            case tree.DefinitionList(items):
                for entry in items:
                    if isinstance(entry, tree.Detail):
                        yield from _tables(entry.content)


def _without_tables(blocks: tree.Blocks) -> tree.Blocks:
    """Blocks less the tables in them, wherever they sit (a cell's own text, as on MediaWiki's side)."""
    kept: list[tree.Block] = []
    for block in blocks:
        match block:
            case tree.Table():
                pass
            case tree.BlockQuote(content):
                kept.append(tree.BlockQuote(_without_tables(content)))
            case tree.BulletList(items):
                kept.append(tree.BulletList(tuple(_without_tables(item) for item in items)))
            case tree.OrderedList(items):
                kept.append(tree.OrderedList(tuple(_without_tables(item) for item in items)))
            case tree.DefinitionList(items):
                entries = tuple(
                    tree.Detail(_without_tables(entry.content)) if isinstance(entry, tree.Detail) else entry
                    for entry in items
                )
                kept.append(tree.DefinitionList(entries))
            case _:
                kept.append(block)
    return tuple(kept)


def _plain(content: object) -> str:
    assert isinstance(content, tuple)
    return tree.plain(content)


def unmarked(text: str) -> tuple[str, bool]:
    """``text`` less what templates the wiki does not expand wrote, and whether they wrote any of it."""
    found = False
    while True:
        text, count = _MARKED.subn("", text)
        if not count:
            return normalise(text.replace(MARK, "").replace(END, "")), found or MARK in text
        found = True


# -- the library's Markdown, read back ----------------------------------------------------------------------
class MarkedMarkdown(MarkdownWriter):
    """The Markdown writer, unchanged but for what the comparison leaves out: no category line, no
    infobox table, no figures, no block quote made by a template, and :data:`MARK` … :data:`END` around
    each template's output."""

    def __init__(self, article: wfk.Article, template_quotes: set[int]) -> None:
        super().__init__(article)
        self._template_quotes = template_quotes

    def category_line(self) -> str:
        return ""

    def infobox(self, block: tree.InfoboxBlock) -> str:
        return ""

    def figure(self, file: str, caption: tree.Inlines) -> str:
        return ""  # images are not text blocks (left out of MediaWiki's side too)

    def block(self, block: tree.Block) -> str:
        return "" if id(block) in self._template_quotes else super().block(block)

    def inline(self, inline: tree.Inline) -> str:
        rendered = super().inline(inline)
        if isinstance(inline, tree.UnrenderedTemplate | tree.CitationRef | tree.FootnoteRef) and _templated(
            self.article, (inline,)
        ):
            return MARK + rendered + END
        return rendered


def markdown_of(article: wfk.Article, facts: WikiFacts) -> str:
    return MarkedMarkdown(article, _template_quotes(article, facts)).body()


def markdown_units(markdown: str) -> Units:
    """The block units of Markdown as markdown-it-py reads it (CommonMark, tables, footnotes): headings,
    paragraphs, list items (``ul``, ``ol``), quoted text (``dd``: a quote's own paragraphs), table cells,
    code blocks. Footnote definitions are left out."""
    tokens = PARSER.parse(markdown)
    kept: list[Unit] = []
    trimmed = left_out = 0
    stack: list[list[str]] = []  # open containers: [kind, text parts…]
    tables = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "footnote_block_open":
            while tokens[index].type != "footnote_block_close":
                index += 1
            index += 1
            continue
        kind = token.type.removesuffix("_open").removesuffix("_close")
        if token.nesting == 1:
            stack.append([kind])
            if kind == "table":
                tables += 1
        elif token.nesting == -1:
            parts = stack.pop()
            unit = _markdown_unit(parts[0], token, stack, tables)
            if unit is not None:
                text, made = unmarked(" ".join(parts[1:]))
                trimmed += bool(made and text)
                left_out += bool(made and not text)
                if text:
                    kept.append(Unit(unit[0], unit[1], text, unit[2]))
        elif token.type == "inline":
            _owner(stack).append(_inline_text(token.children or []))
        elif token.type in {"code_block", "fence"}:
            text = normalise(token.content)
            if text:
                kept.append(Unit("pre", 0, text))
    return Units(tuple(kept), trimmed, left_out)


_NUMBERED = re.compile(r"\[\d+\]")
_MD_LISTS = {"bullet_list": "ul", "ordered_list": "ol"}


def _owner(stack: list[list[str]]) -> list[str]:
    """Where an inline's text goes: the innermost list item, quote or cell, or else its paragraph."""
    for entry in reversed(stack):
        if entry[0] in {"list_item", "blockquote", "td", "th"}:
            return entry
    for entry in reversed(stack):
        if entry[0] in {"paragraph", "heading"}:
            return entry
    return [""]


def _markdown_unit(
    kind: str, token: Token, stack: Sequence[list[str]], tables: int
) -> tuple[str, int, str] | None:
    depth = sum(1 for entry in stack if entry[0] in {"bullet_list", "ordered_list", "blockquote"})
    if kind == "heading":
        return "heading", int(token.tag[1:]), ""
    if kind == "paragraph":
        inside = any(entry[0] in {"list_item", "blockquote", "td", "th"} for entry in stack)
        return None if inside else ("paragraph", 0, "")
    if kind == "list_item":
        lists = [entry[0] for entry in stack if entry[0] in _MD_LISTS]
        return _MD_LISTS[lists[-1]], depth, ""
    if kind == "blockquote":
        return "dd", depth + 1, ""
    if kind in {"td", "th"}:
        return "cell", 1, f"table {tables}"
    return None


def _inline_text(children: Iterable[Token]) -> str:
    """The text of an inline token's children; a numbered link's label (``[1]``) left out, as on
    MediaWiki's side."""
    parts: list[str] = []
    link_start = None
    for child in children:
        if child.type == "link_open":
            link_start = len(parts)
        elif child.type == "link_close" and link_start is not None:
            if _NUMBERED.fullmatch("".join(parts[link_start:])):
                del parts[link_start:]
            link_start = None
        elif child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak", "html_inline"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


# -- the comparison -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KindMeasure:
    """One kind on one page: MediaWiki's units of the kind (``expected``), those the library has
    (``found``); the library's units of the kind (``produced``), those MediaWiki has (``matched``)."""

    expected: int = 0
    found: int = 0
    produced: int = 0
    matched: int = 0
    missed: tuple[Unit, ...] = ()
    extra: tuple[Unit, ...] = ()

    def __add__(self, other: KindMeasure) -> KindMeasure:
        return KindMeasure(
            self.expected + other.expected,
            self.found + other.found,
            self.produced + other.produced,
            self.matched + other.matched,
            self.missed + other.missed,
            self.extra + other.extra,
        )


def measure(
    expected: Sequence[Unit], produced: Sequence[Unit], key: Callable[[Unit], tuple[str, int, str]]
) -> dict[str, KindMeasure]:
    """Units matched as multisets by ``key`` (MediaWiki's side) and ``Unit.key`` (the library's): per
    kind, MediaWiki's kinds for recall, the library's for precision."""
    left = Counter(key(unit) for unit in expected)
    right = Counter(unit.key for unit in produced)
    common = left & right
    taken: Counter[tuple[str, int, str]] = Counter()
    results: dict[str, KindMeasure] = {}
    for unit in expected:
        k = key(unit)
        hit = taken[k] < common[k]
        taken[k] += hit
        results[unit.kind] = results.get(unit.kind, KindMeasure()) + KindMeasure(
            expected=1, found=int(hit), missed=() if hit else (unit,)
        )
    taken.clear()
    for unit in produced:
        hit = taken[unit.key] < common[unit.key]
        taken[unit.key] += hit
        results[unit.kind] = results.get(unit.kind, KindMeasure()) + KindMeasure(
            produced=1, matched=int(hit), extra=() if hit else (unit,)
        )
    return results


@dataclass(frozen=True)
class BlockFidelity:
    """One page: MediaWiki's units against the tree's and the Markdown's, kind by kind."""

    title: str
    wiki: Units
    tree: Units
    markdown: Units

    @property
    def tree_measures(self) -> dict[str, KindMeasure]:
        return measure(self.wiki.units, self.tree.units, lambda unit: unit.key)

    @property
    def markdown_measures(self) -> dict[str, KindMeasure]:
        return measure(self.wiki.units, self.markdown.units, markdown_key)


def compare_blocks(title: str, html: str, text: str, facts: WikiFacts) -> BlockFidelity:
    """MediaWiki's HTML of a page against ``parse_article`` of its text and the Markdown written from it."""
    article = library_article(text, title, facts)
    return BlockFidelity(
        title,
        wiki_units(html),
        tree_units(article, facts),
        markdown_units(markdown_of(article, facts)),
    )
