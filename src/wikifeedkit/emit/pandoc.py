"""The document tree as pandoc's JSON AST: one small method per node kind, text always as data.

Every string of the page becomes a ``Str`` (or ``Code``, ``Math``, ``CodeBlock``) value, never markup that
pandoc would read, so a page cannot reach pandoc's readers: the AST goes in with ``-f json``. Links go only to
URLs :func:`wikifeedkit.urls.external_url` accepts, or to the pages and chapters the caller allows; images are
their captions unless the caller gives file URLs. References become one numbered note per distinct citation,
each use a superscript link to it, listed where the page lists its references (else at its end).
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


def _attr(
    identifier: str = "", classes: Sequence[str] = (), pairs: Sequence[tuple[str, str]] = ()
) -> list[Any]:
    return [identifier, list(classes), [list(pair) for pair in pairs]]


def text_inlines(text: str) -> list[Json]:
    """Text as pandoc inlines: words as ``Str``, spaces as ``Space``, line ends as ``SoftBreak``."""
    out: list[Json] = []
    for part in _WORDS.split(text):
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
    _numbers: dict[int, int] = field(default_factory=dict, init=False)
    _listed: set[int] = field(default_factory=set, init=False)
    _external: int = field(default=0, init=False)

    # -- the document -------------------------------------------------------------------------------------
    def document(self, blocks: tree.Blocks, *, title: str | None = None) -> Json:
        """A whole pandoc document; ``title`` goes in its metadata as a literal string."""
        meta: Json = {}
        if title:
            meta["title"] = {"t": "MetaInlines", "c": text_inlines(title)}
        return {"pandoc-api-version": PANDOC_API_VERSION, "meta": meta, "blocks": self.body(blocks)}

    def body(self, blocks: tree.Blocks) -> list[Json]:
        """The blocks, headings with nothing under them left out, and any notes not yet listed at the end."""
        out = self.blocks(blocks, drop_empty_sections=True)
        out.extend(self.note_list(None, final=True))
        return out

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
            if isinstance(block, tree.Heading) and block.level <= heading.level:
                return True
            if isinstance(block, tree.Heading):
                continue
            if isinstance(block, tree.References):
                if self._pending(block.group):
                    return False
                continue
            if not isinstance(block, tree.InfoboxBlock | tree.UnrenderedBlock) or self._shows(block):
                return False
        return True

    def _shows(self, block: tree.Block) -> bool:
        return bool(self.block(block)) if isinstance(block, tree.InfoboxBlock) else False

    def block(self, block: tree.Block) -> list[Json]:
        match block:
            case tree.Paragraph(content):
                inlines = self.inlines(content)
                return [{"t": "Para", "c": inlines}] if inlines else []
            case tree.Heading(level, content):
                inlines = self.inlines(content)
                return [{"t": "Header", "c": [min(level, 6), _NO_ATTR, inlines]}] if inlines else []
            case tree.BulletList(items):
                listed = [_tight(self.blocks(item)) for item in items]
                return [{"t": "BulletList", "c": listed}] if any(listed) else []
            case tree.OrderedList(items):
                listed = [_tight(self.blocks(item)) for item in items]
                style = [1, {"t": "Decimal"}, {"t": "Period"}]
                return [{"t": "OrderedList", "c": [style, listed]}] if any(listed) else []
            case tree.DefinitionList(items):
                return self.definition_list(items)
            case tree.Table():
                return self.table(block)
            case tree.BlockQuote(content):
                inner = self.blocks(content)
                return [{"t": "BlockQuote", "c": inner}] if inner else []
            case tree.Preformatted(content):
                return [{"t": "CodeBlock", "c": [_NO_ATTR, tree.plain(content)]}]
            case tree.CodeBlock(text, language):
                return [{"t": "CodeBlock", "c": [_attr(classes=[language] if language else []), text]}]
            case tree.Figure():
                return self.figure(block)
            case tree.Gallery(figures):
                return [part for figure in figures for part in self.figure(figure)]
            case tree.HorizontalRule():
                return [{"t": "HorizontalRule"}]
            case tree.MathBlock(tex):
                return [{"t": "Para", "c": [{"t": "Math", "c": [{"t": "DisplayMath"}, tex]}]}]
            case tree.InfoboxBlock():
                return self.infobox(block)
            case tree.References(group):
                return self.note_list(group)
            case tree.UnrenderedBlock(wikitext):
                return [{"t": "CodeBlock", "c": [_attr(classes=["wikitext"]), wikitext]}]
            case _:
                assert_never(block)

    def definition_list(self, items: Sequence[tree.Term | tree.Detail]) -> list[Json]:
        """MediaWiki's terms and details in pandoc's shape: each term with the details after it."""
        entries: list[list[Any]] = []
        for item in items:
            if isinstance(item, tree.Term):
                entries.append([self.inlines(item.content), []])
                continue
            if not entries:
                entries.append([[], []])
            entries[-1][1].append(_tight(self.blocks(item.content)))
        return [{"t": "DefinitionList", "c": entries}] if entries else []

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
        image = {"t": "Image", "c": [_NO_ATTR, caption or text_inlines(figure.file), [url, ""]]}
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
        """The infobox as a two-column table of the fields a reader sees."""
        rows = [
            [
                _NO_ATTR,
                [
                    self._cell_of(text_inlines(name.replace("_", " ")), strong=True),
                    self._cell_of(self.inlines(value)),
                ],
            ]
            for name, value in block.fields
        ]
        if not rows:
            return []
        name = self.infoboxes[block.infobox].name if 0 <= block.infobox < len(self.infoboxes) else ""
        return [
            {
                "t": "Table",
                "c": [
                    _attr(classes=["infobox"]),
                    [None, [{"t": "Plain", "c": text_inlines(name)}] if name else []],
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
    def _number(self, citation: int) -> int:
        if citation not in self._numbers:
            self._numbers[citation] = len(self._numbers) + 1
        return self._numbers[citation]

    def _pending(self, group: str | None) -> list[int]:
        return [
            citation
            for citation in self._numbers
            if citation not in self._listed
            and 0 <= citation < len(self.citations)
            and self.citations[citation].group == group
        ]

    def note_list(self, group: str | None, *, final: bool = False) -> list[Json]:
        """The notes cited and not yet listed (of ``group``; every group at the end of the page)."""
        pending = [c for c in self._numbers if c not in self._listed] if final else self._pending(group)
        if not pending:
            return []
        items = []
        for citation in pending:
            self._listed.add(citation)
            number = self._numbers[citation]
            anchor = {"t": "Span", "c": [_attr(f"{self.id_prefix}note-{number}"), []]}
            items.append([{"t": "Plain", "c": [anchor, *self.citation(citation)]}])
        start = self._numbers[pending[0]]
        style = [start, {"t": "Decimal"}, {"t": "Period"}]
        return [
            {"t": "Div", "c": [_attr(classes=["references"]), [{"t": "OrderedList", "c": [style, items]}]]}
        ]

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
                return [{"t": "Code", "c": [_NO_ATTR, text]}]
            case tree.Math(tex):
                return [{"t": "Math", "c": [{"t": "InlineMath"}, tex]}]
            case tree.LineBreak():
                return [{"t": "LineBreak"}]
            case tree.FileRef(file, caption):
                image_url = self.file_url(file)
                label = self.inlines(caption)
                if image_url is None:
                    return label
                return [{"t": "Image", "c": [_NO_ATTR, label or text_inlines(file), [image_url, ""]]}]
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
        return {"t": "Link", "c": [_NO_ATTR, label, [url, ""]]}

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
        link = {
            "t": "Link",
            "c": [
                _attr(pairs=[("role", "doc-noteref")]),
                [{"t": "Str", "c": f"[{number}]"}],
                [f"#{self.id_prefix}note-{number}", ""],
            ],
        }
        return [{"t": "Superscript", "c": [link]}]


def to_pandoc(article: Article, *, base_url: str | None = None) -> Json:
    """An article as a pandoc JSON AST document (read it with ``pandoc -f json``), from its document tree.

    The article must hold its tree (``parse_article(text, tree=True)``, or loaded from JSON that has it);
    ``base_url`` is the wiki's page URL prefix for internal links (else they stay text).
    """
    if not isinstance(article, Article):
        raise TypeError(f"to_pandoc takes an Article, not {type(article).__name__}")
    if (
        article.wikitext.strip()
        and not article.lead_blocks
        and not any(s.blocks for s in article.all_sections())
    ):
        raise ConversionError(
            "the article holds no document tree: parse it with parse_article(..., tree=True)"
        )
    base = web_url(base_url) if base_url else None

    def page_url(title: str, anchor: str | None) -> str | None:
        if base is None or not title:
            return None
        return external_url(
            base + quote(title.replace(" ", "_"), safe="/:()',!") + ("#" + quote(anchor) if anchor else "")
        )

    notes = {
        number: citation.content for number, citation in enumerate(article.citations) if citation.content
    }
    writer = PandocWriter(
        citations=article.citations, infoboxes=article.infoboxes, notes=notes, page_url=page_url
    )
    return writer.document(article.body, title=article.title)
