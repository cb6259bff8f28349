"""The document tree as pandoc's JSON AST: one small method per node kind, text always as data.

Every string of the page becomes a ``Str`` (or ``Code``, ``Math``, ``CodeBlock``) value, never markup that
pandoc would read, so a page cannot reach pandoc's readers: the AST goes in with ``-f json``. Links go only to
URLs :func:`wikifeedkit.urls.external_url` accepts (percent-encoded where a URI must be), or to the pages and
chapters the caller allows; images are their captions unless the caller gives file URLs. References become one
numbered note per distinct citation (each group counted from 1, as MediaWiki does), each use a superscript
link to it, listed where the page lists its references (else at its end). What would show nothing is left
out: a heading with nothing under it, an empty paragraph or list item, an infobox field that renders empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, assert_never
from urllib.parse import quote

from ..errors import ConversionError
from ..model import Article, Citation, Infobox, tree
from ..urls import external_url, web_url

Json: TypeAlias = dict[str, Any]
PANDOC_API_VERSION = [1, 23, 1, 1]
"""The pandoc-types version of pandoc 3.x, which pandoc 3.1 and later read."""

_NO_ATTR: list[Any] = ["", [], []]
_WORDS = re.compile(r"(\s+)")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML 1.0
_URI_SAFE = "!$&'()*+,-./:;=?@_~%"  # RFC 3986's reserved and unreserved characters, and "%" of "%20"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")


def _uri(url: str) -> str:
    """``url`` as a valid URI: spaces, quotes, ``<``, ``>``, brackets (but an IPv6 host's), a lone ``%``, a
    second ``#`` and non-ASCII characters percent-encoded (a wiki takes them in a link; XHTML does not)."""
    url = _LONE_PERCENT.sub("%25", url)
    authority = _AUTHORITY.match(url)
    start = authority.end() if authority else 0
    head, hash_mark, fragment = url[start:].partition("#")
    return (
        quote(url[:start], safe=_URI_SAFE + "[]")
        + quote(head, safe=_URI_SAFE)
        + hash_mark
        + quote(fragment, safe=_URI_SAFE)
    )


def _attr(
    identifier: str = "", classes: Sequence[str] = (), pairs: Sequence[tuple[str, str]] = ()
) -> list[Any]:
    return [identifier, list(classes), [list(pair) for pair in pairs]]


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold, which no output pandoc writes as XML (EPUB, DOCX,
    ODT, HTML) may carry; the parser reads them as U+FFFD, but a tree may come from elsewhere (JSON)."""
    return _NOT_XML.sub("", text)


def text_inlines(text: str) -> list[Json]:
    """Text as pandoc inlines: words as ``Str``, spaces as ``Space``, line ends as ``SoftBreak``."""
    out: list[Json] = []
    for part in _WORDS.split(_xml(text)):
        if not part:
            continue
        if part.isspace():
            out.append({"t": "SoftBreak"} if "\n" in part else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def _tight(blocks: list[Json]) -> list[Json]:
    """A list item's or a cell's first paragraph as plain text, as MediaWiki shows it (no paragraph gap)."""
    if blocks and blocks[0]["t"] == "Para":
        return [{"t": "Plain", "c": blocks[0]["c"]}, *blocks[1:]]
    return blocks


def _paired(entries: list[list[Any]]) -> list[Json]:
    """Definition list entries as lists of the terms that have details; a term without any as a bold line."""
    out: list[Json] = []
    run: list[list[Any]] = []
    for term, details in entries:
        if details:
            run.append([term, details])
            continue
        if run:
            out.append({"t": "DefinitionList", "c": run})
            run = []
        out.append({"t": "Para", "c": [{"t": "Strong", "c": term}]})
    if run:
        out.append({"t": "DefinitionList", "c": run})
    return out


@dataclass
class PandocWriter:
    """Writes one article's blocks. ``page_url(title, anchor)`` says where an internal link goes (None: text);
    ``file_url(file)`` where an image is (None: its caption stands in for it)."""

    citations: Sequence[Citation] = ()
    infoboxes: Sequence[Infobox] = ()
    notes: Mapping[int, tree.Inlines] = field(default_factory=dict)
    page_url: Callable[[str, str | None], str | None] = lambda title, anchor: None
    file_url: Callable[[str], str | None] = lambda file: None
    id_prefix: str = ""
    first_level: int = 1
    """The level the page's top headings take at least: 2 in a book, where each page is a level-1 chapter."""
    _numbers: dict[int, int] = field(default_factory=dict, init=False)
    _listed: set[int] = field(default_factory=set, init=False)
    _groups: dict[str | None, str] = field(default_factory=dict, init=False)  # group → its id part
    _counts: dict[str | None, int] = field(default_factory=dict, init=False)  # group → notes numbered
    _external: int = field(default=0, init=False)

    # -- the document -------------------------------------------------------------------------------------
    def document(self, blocks: tree.Blocks, *, title: str | None = None) -> Json:
        """A whole pandoc document; ``title`` goes in its metadata as a literal string."""
        meta: Json = {}
        if title:
            meta["title"] = {"t": "MetaInlines", "c": text_inlines(title)}
        return {"pandoc-api-version": PANDOC_API_VERSION, "meta": meta, "blocks": self.body(blocks)}

    def body(self, blocks: tree.Blocks) -> list[Json]:
        """The blocks, headings with nothing under them left out, and any notes not yet listed at the end
        (after a rule, as MediaWiki lists them when a page says nowhere where)."""
        out = self.blocks(blocks, drop_empty_sections=True)
        notes = self.note_list(None, final=True)
        return [*out, {"t": "HorizontalRule"}, *notes] if notes else out

    def page(self, article: Article) -> list[Json]:
        """An article's blocks (:meth:`body`); a redirect is the line that says where it goes, as its
        wikitext (``#REDIRECT [[Target]]``) is no text a reader reads."""
        if article.redirect:
            target = self.page_url(article.redirect, None)
            return [
                {
                    "t": "Para",
                    "c": [*text_inlines("Redirect to "), self._link(text_inlines(article.redirect), target)],
                }
            ]
        return self.body(article.body) + self.category_line(article)

    def category_line(self, article: Article) -> list[Json]:
        """The page's categories on one line at its end, as MediaWiki shows them under the page."""
        if not article.categories:
            return []
        inlines: list[Json] = text_inlines("Categories: ")
        for number, category in enumerate(article.categories):
            if number:
                inlines.extend([{"t": "Str", "c": ","}, {"t": "Space"}])
            label = text_inlines(category.name)
            inlines.append(self._link(label, self.page_url("Category:" + category.name, None)))
        return [{"t": "Para", "c": inlines}]

    # -- blocks -------------------------------------------------------------------------------------------
    def blocks(self, blocks: Sequence[tree.Block], *, drop_empty_sections: bool = False) -> list[Json]:
        out: list[Json] = []
        for index, block in enumerate(blocks):
            if drop_empty_sections and isinstance(block, tree.Heading) and self._empty_section(blocks, index):
                continue
            out.extend(self.block(block))
        return out

    def _empty_section(self, blocks: Sequence[tree.Block], index: int) -> bool:
        """Whether nothing a reader sees stands under the heading at ``index`` (before its next peer)."""
        heading = blocks[index]
        assert isinstance(heading, tree.Heading)
        for block in blocks[index + 1 :]:
            if isinstance(block, tree.Heading):
                if block.level <= heading.level:
                    return True
                continue
            if not isinstance(block, tree.UnrenderedBlock) and self._shows(block):
                return False
        return True

    def _shows(self, block: tree.Block) -> bool:
        """Whether ``block`` is written as something a reader sees. It is written and the writing undone, as
        writing numbers notes and links."""
        if isinstance(block, tree.Paragraph) and any(
            isinstance(inline, tree.Text) and inline.text.strip() for inline in block.content
        ):
            return True
        saved = dict(self._numbers), set(self._listed), dict(self._groups), dict(self._counts), self._external
        try:
            return any(self._visible(part) for part in self.block(block))
        finally:
            self._numbers, self._listed, self._groups, self._counts, self._external = saved

    @staticmethod
    def _visible(node: Any) -> bool:
        """Whether pandoc JSON holds text a reader sees (a word, code, math, a rule or an image)."""
        if isinstance(node, list):
            return any(PandocWriter._visible(item) for item in node)
        if not isinstance(node, dict):
            return False
        kind = node.get("t")
        if kind in ("Str", "Code", "CodeBlock", "Math", "HorizontalRule", "Image"):
            return True
        return PandocWriter._visible(node.get("c"))

    def block(self, block: tree.Block) -> list[Json]:
        match block:
            case tree.Paragraph(content):
                inlines = self.inlines(content)
                return [{"t": "Para", "c": inlines}] if self._visible(inlines) else []
            case tree.Heading(level, content):
                inlines = self.inlines(content)
                level = min(max(level, self.first_level), 6)
                return [{"t": "Header", "c": [level, _NO_ATTR, inlines]}] if self._visible(inlines) else []
            case tree.BulletList(items):
                listed = self.list_items(items)
                return [{"t": "BulletList", "c": listed}] if listed else []
            case tree.OrderedList(items):
                listed = self.list_items(items)
                style = [1, {"t": "Decimal"}, {"t": "Period"}]
                return [{"t": "OrderedList", "c": [style, listed]}] if listed else []
            case tree.DefinitionList(items):
                return self.definition_list(items)
            case tree.Table():
                return self.table(block)
            case tree.BlockQuote(content):
                inner = self.blocks(content)
                return [{"t": "BlockQuote", "c": inner}] if inner else []
            case tree.Preformatted(content):
                return [{"t": "CodeBlock", "c": [_NO_ATTR, _xml(tree.plain(content))]}]
            case tree.CodeBlock(text, language):
                classes = [_xml(language)] if language else []
                return [{"t": "CodeBlock", "c": [_attr(classes=classes), _xml(text)]}]
            case tree.Figure():
                return self.figure(block)
            case tree.Gallery(figures):
                return [part for figure in figures for part in self.figure(figure)]
            case tree.HorizontalRule():
                return [{"t": "HorizontalRule"}]
            case tree.MathBlock(tex):
                return [{"t": "Para", "c": [{"t": "Math", "c": [{"t": "DisplayMath"}, _xml(tex)]}]}]
            case tree.InfoboxBlock():
                return self.infobox(block)
            case tree.References(group):
                return self.note_list(group)
            case tree.UnrenderedBlock(wikitext):
                return [{"t": "CodeBlock", "c": [_attr(classes=["wikitext"]), _xml(wikitext)]}]
            case _:
                assert_never(block)

    def list_items(self, items: Sequence[tree.Blocks]) -> list[list[Json]]:
        """The items a reader sees: an item left empty (a bare ``*``, a template not rendered) is left out."""
        return [blocks for blocks in (_tight(self.blocks(item)) for item in items) if self._visible(blocks)]

    def definition_list(self, items: Sequence[tree.Term | tree.Detail]) -> list[Json]:
        """MediaWiki's terms and details in pandoc's shape: each term with the details after it. XHTML wants
        both halves of a ``<dl>`` pair, so a term with no detail is a bold line, and details with no term
        (MediaWiki's indented lines) are an indented block."""
        out: list[Json] = []
        entries: list[list[Any]] = []
        for item in items:
            if isinstance(item, tree.Term):
                term = self.inlines(item.content)
                if term:
                    entries.append([term, []])
                continue
            content = self.blocks(item.content)
            if not content:
                continue
            if entries:
                entries[-1][1].append(_tight(content))
            elif out:  # only indented lines came before the first term
                out[-1]["c"].extend(content)
            else:
                out.append({"t": "BlockQuote", "c": content})
        out.extend(_paired(entries))
        return out

    def table(self, table: tree.Table) -> list[Json]:
        rows = [[self.cell(cell) for cell in row.cells] for row in table.rows]
        if not rows:
            return []
        width = max(sum(cell.colspan for cell in row.cells) for row in table.rows)
        head_count = 0
        for row in table.rows:
            if not row.cells or not all(cell.header for cell in row.cells):
                break
            head_count += 1
        head_count = min(head_count, len(rows) - 1) if len(rows) > 1 else 0
        as_rows = [[_NO_ATTR, cells] for cells in rows]
        caption = self.inlines(table.caption)
        return [
            {
                "t": "Table",
                "c": [
                    _NO_ATTR,
                    [None, [{"t": "Plain", "c": caption}] if caption else []],
                    [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)],
                    [_NO_ATTR, as_rows[:head_count]],
                    [[_NO_ATTR, 0, [], as_rows[head_count:]]],
                    [_NO_ATTR, []],
                ],
            }
        ]

    def cell(self, cell: tree.Cell) -> list[Any]:
        blocks = _tight(self.blocks(cell.content))
        return [_NO_ATTR, {"t": "AlignDefault"}, cell.rowspan, cell.colspan, blocks]

    def figure(self, figure: tree.Figure) -> list[Json]:
        caption = self.inlines(figure.caption)
        url = self.file_url(figure.file)
        if url is None:
            return [{"t": "Para", "c": [{"t": "Emph", "c": caption}]}] if caption else []
        image = {"t": "Image", "c": [_NO_ATTR, caption or text_inlines(figure.file), [_uri(url), ""]]}
        return [
            {
                "t": "Figure",
                "c": [
                    _NO_ATTR,
                    [None, [{"t": "Plain", "c": caption}] if caption else []],
                    [{"t": "Plain", "c": [image]}],
                ],
            }
        ]

    def infobox(self, block: tree.InfoboxBlock) -> list[Json]:
        """The infobox as a two-column table of the fields a reader sees (the template's name is not one)."""
        values = [(name, self.inlines(value)) for name, value in block.fields]
        rows = [
            [
                _NO_ATTR,
                [self._cell_of(text_inlines(name.replace("_", " ")), strong=True), self._cell_of(value)],
            ]
            for name, value in values
            if self._visible(value)
        ]
        if not rows:
            return []
        return [
            {
                "t": "Table",
                "c": [
                    _attr(classes=["infobox"]),
                    [None, []],
                    [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * 2,
                    [_NO_ATTR, []],
                    [[_NO_ATTR, 0, [], rows]],
                    [_NO_ATTR, []],
                ],
            }
        ]

    @staticmethod
    def _cell_of(inlines: list[Json], *, strong: bool = False) -> list[Any]:
        content = [{"t": "Strong", "c": inlines}] if strong else inlines
        return [_NO_ATTR, {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": content}]]

    # -- notes --------------------------------------------------------------------------------------------
    def _group(self, citation: int) -> str | None:
        return self.citations[citation].group if 0 <= citation < len(self.citations) else None

    def _number(self, citation: int) -> int:
        """The citation's number in its group (MediaWiki counts each group from 1: [1], [note 1])."""
        if citation not in self._numbers:
            group = self._group(citation)
            self._groups.setdefault(group, "" if group is None else f"g{len(self._groups) + 1}-")
            self._counts[group] = self._counts.get(group, 0) + 1
            self._numbers[citation] = self._counts[group]
        return self._numbers[citation]

    def _note_id(self, citation: int) -> str:
        return f"{self.id_prefix}note-{self._groups[self._group(citation)]}{self._numbers[citation]}"

    def _pending(self, group: str | None) -> list[int]:
        return [c for c in self._numbers if c not in self._listed and self._group(c) == group]

    def note_list(self, group: str | None, *, final: bool = False) -> list[Json]:
        """The notes cited and not yet listed, of ``group`` (at the end of the page: of every group), with the
        notes cited inside them after them, in the same list."""
        out: list[Json] = []
        index = 0
        while index < (len(self._groups) if final else 1):  # listing a note may cite a new group
            each = list(self._groups)[index] if final else group
            index += 1
            items: list[list[Json]] = []
            first = None
            while pending := self._pending(each):
                first = self._numbers[pending[0]] if first is None else first
                for citation in pending:
                    self._listed.add(citation)
                    anchor = {"t": "Span", "c": [_attr(self._note_id(citation)), []]}
                    items.append([{"t": "Plain", "c": [anchor, *self.citation(citation)]}])
            if items:
                listed = {"t": "OrderedList", "c": [[first, {"t": "Decimal"}, {"t": "Period"}], items]}
                out.append({"t": "Div", "c": [_attr(classes=["references"]), [listed]]})
        return out

    def citation(self, number: int) -> list[Json]:
        """A citation as a reader reads it: authors, linked title, work, publisher, date, identifiers."""
        if not 0 <= number < len(self.citations):
            return []
        citation = self.citations[number]
        if citation.template is None:
            content = self.notes.get(number)
            return self.inlines(content) if content else text_inlines(citation.text)
        out: list[Json] = []

        def part(inlines: list[Json], end: str = ".") -> None:
            if inlines:
                if out:
                    out.append({"t": "Space"})
                out.extend(inlines)
                out.append({"t": "Str", "c": end})

        part(text_inlines("; ".join(person.name for person in citation.authors)))
        title = text_inlines(citation.title or citation.get("chapter") or citation.url or "Untitled")
        url = external_url(citation.url)
        part([self._link(title, url)] if url else title)
        if citation.work:
            part([{"t": "Emph", "c": text_inlines(citation.work)}])
        for value in (citation.publisher, citation.date or citation.year):
            part(text_inlines(value or ""))
        if citation.pages:
            part(text_inlines(f"p. {citation.pages}"))
        if citation.doi:
            doi = external_url("https://doi.org/" + citation.doi)
            part([self._link(text_inlines("doi:" + citation.doi), doi)] if doi else [])
        if citation.isbn:
            part(text_inlines(f"ISBN {citation.isbn}"))
        archive = external_url(citation.archive_url)
        if archive:
            when = f" on {citation.archive_date}" if citation.archive_date else ""
            part([self._link(text_inlines("Archived"), archive), *text_inlines(when)])
        if citation.access_date:
            part(text_inlines(f"Accessed {citation.access_date}"))
        return out

    # -- inlines ------------------------------------------------------------------------------------------
    def inlines(self, inlines: Sequence[tree.Inline]) -> list[Json]:
        out: list[Json] = []
        for inline in inlines:
            out.extend(self.inline(inline))
        while out and out[0]["t"] in ("Space", "SoftBreak"):
            out.pop(0)
        while out and out[-1]["t"] in ("Space", "SoftBreak"):
            out.pop()
        return out

    def inline(self, inline: tree.Inline) -> list[Json]:
        match inline:
            case tree.Text(text):
                return text_inlines(text)
            case tree.Bold(content):
                return self._styled("Strong", content)
            case tree.Italic(content):
                return self._styled("Emph", content)
            case tree.Underline(content):
                return self._styled("Underline", content)
            case tree.Strike(content):
                return self._styled("Strikeout", content)
            case tree.SmallCaps(content):
                return self._styled("SmallCaps", content)
            case tree.Subscript(content):
                return self._styled("Subscript", content)
            case tree.Superscript(content):
                return self._styled("Superscript", content)
            case tree.Link(target, content, anchor):
                label = self.inlines(content) or text_inlines(target or anchor or "")
                return [self._link(label, self.page_url(target, anchor))]
            case tree.WebLink(url, content, style):
                return self.web_link(url, content, style)
            case tree.FootnoteRef(citation):
                return self.footnote_ref(citation)
            case tree.CitationRef(citation):
                return self.citation(citation)
            case tree.Code(text):
                return [{"t": "Code", "c": [_NO_ATTR, _xml(text)]}]
            case tree.Math(tex):
                return [{"t": "Math", "c": [{"t": "InlineMath"}, _xml(tex)]}]
            case tree.LineBreak():
                return [{"t": "LineBreak"}]
            case tree.FileRef(file, caption):
                image_url = self.file_url(file)
                label = self.inlines(caption)
                if image_url is None:
                    return label
                return [{"t": "Image", "c": [_NO_ATTR, label or text_inlines(file), [_uri(image_url), ""]]}]
            case tree.UnrenderedTemplate():
                return []
            case _:
                assert_never(inline)

    def _styled(self, kind: str, content: tree.Inlines) -> list[Json]:
        inner = self.inlines(content)
        return [{"t": kind, "c": inner}] if inner else []

    @staticmethod
    def _link(label: list[Json], url: str | None) -> Json:
        if url is None:
            return {"t": "Span", "c": [_NO_ATTR, label]}
        return {"t": "Link", "c": [_NO_ATTR, label, [_uri(url), ""]]}

    def web_link(self, url: str, content: tree.Inlines, style: str) -> list[Json]:
        checked = external_url(url)  # a tree loaded from JSON is checked again
        label = self.inlines(content)
        if style == "numbered" or not label:
            self._external += 1
            label = [{"t": "Str", "c": f"[{self._external}]"}]
        if checked is None:
            return label
        return [self._link(label, checked)]

    def footnote_ref(self, citation: int) -> list[Json]:
        if not 0 <= citation < len(self.citations):
            return []
        number = self._number(citation)
        group = self._group(citation)
        label = text_inlines(f"[{number}]" if group is None else f"[{group} {number}]")
        link = {
            "t": "Link",
            "c": [_attr(pairs=[("role", "doc-noteref")]), label, ["#" + self._note_id(citation), ""]],
        }
        return [{"t": "Superscript", "c": [link]}]


def holds_tree(article: Article) -> bool:
    """Whether ``article`` holds its document tree (``parse_article`` builds it unless told ``tree=False``;
    JSON written with it loads it back): ``lead_blocks`` is None where it does not."""
    return article.lead_blocks is not None


def wiki_links(base_url: str | None) -> Callable[[str, str | None], str | None]:
    """``page_url`` for :class:`PandocWriter`: an internal link to ``base_url`` + its title (and anchor), when
    ``base_url`` is an http(s) URL; else None (the link stays text)."""
    base = web_url(base_url) if base_url else None

    def page_url(title: str, anchor: str | None) -> str | None:
        if base is None or not title:
            return None
        return external_url(
            base + quote(title.replace(" ", "_"), safe="/:()',!") + ("#" + quote(anchor) if anchor else "")
        )

    return page_url


def to_pandoc(article: Article, *, base_url: str | None = None) -> Json:
    """An article as a pandoc JSON AST document (read it with ``pandoc -f json``), from its document tree.

    The article must hold its tree (``parse_article(text, tree=True)``, or loaded from JSON that has it);
    ``base_url`` is the wiki's page URL prefix for internal links (else they stay text).
    """
    if not isinstance(article, Article):
        raise TypeError(f"to_pandoc takes an Article, not {type(article).__name__}")
    if not holds_tree(article):
        raise ConversionError(
            "the article holds no document tree: parse it with parse_article(..., tree=True)"
        )
    notes = {
        number: citation.content for number, citation in enumerate(article.citations) if citation.content
    }
    writer = PandocWriter(
        citations=article.citations, infoboxes=article.infoboxes, notes=notes, page_url=wiki_links(base_url)
    )
    meta = {"title": {"t": "MetaInlines", "c": text_inlines(article.title)}} if article.title else {}
    return {"pandoc-api-version": PANDOC_API_VERSION, "meta": meta, "blocks": writer.page(article)}
