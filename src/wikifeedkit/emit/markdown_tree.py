"""The document tree as GitHub-flavoured Markdown with footnotes: one small method per node kind.

Blocks are set apart by blank lines so that CommonMark cannot continue a list or a quote lazily; indented
lines (MediaWiki's ``:``) are nested quotes, one per line; code is fenced longer than any backtick run inside;
every text goes through :func:`~wikifeedkit.emit.markdown_text.escape`. Subclass :class:`TreeMarkdownWriter`
to change one piece, e.g. ``page_url``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import assert_never

from ..model import Category, Citation, Infobox, tree
from ..urls import external_url
from .markdown_text import (
    code_block,
    code_span,
    escape,
    gfm_math,
    one_line,
    page_link,
    pipe_table,
    safe_url,
    wrap,
)


class TreeMarkdownWriter:
    """Renders one page's blocks; footnotes are numbered per page, one per distinct citation."""

    def __init__(
        self,
        *,
        title: str | None = None,
        citations: Sequence[Citation] = (),
        notes: Mapping[int, tree.Inlines] | None = None,
        infoboxes: Sequence[Infobox] = (),
        categories: Sequence[Category] = (),
        base_url: str | None = None,
        relative_links: bool = True,
        offline_images: bool = False,
        footnote_prefix: str = "",
        book_pages: Mapping[str, str] | None = None,
    ) -> None:
        self.title = title
        self.citations = citations
        self.notes = notes or {}
        self.infoboxes = infoboxes
        self.categories = categories
        self.base_url = base_url
        self.relative_links = relative_links
        self.offline_images = offline_images
        self.footnote_prefix = footnote_prefix
        self.book_pages = book_pages or {}
        self._numbers: dict[int, int] = {}
        self._external = 0
        self._in_note = False

    # -- URLs -----------------------------------------------------------------------------------------
    def page_url(self, title: str, anchor: str | None = None) -> str | None:
        """Where an internal link points (:func:`~wikifeedkit.emit.markdown_text.page_link`); override to
        change it."""
        return page_link(
            title,
            anchor,
            book_pages=self.book_pages,
            base_url=self.base_url,
            relative_links=self.relative_links,
        )

    def file_url(self, file: str) -> str | None:
        if self.offline_images:
            return None
        return self.page_url("Special:FilePath/" + file) if self.base_url else self.page_url("File:" + file)

    @staticmethod
    def link(label: str, url: str | None) -> str:
        return f"[{label}]({safe_url(url)})" if url and label.strip() else label

    # -- the document -------------------------------------------------------------------------------------
    def document(self, blocks: tree.Blocks) -> str:
        """The whole page: its title as the first heading, then :meth:`body`."""
        heading = f"# {escape(one_line(self.title))}\n\n" if self.title else ""
        return heading + self.body(blocks)

    def body(self, blocks: tree.Blocks) -> str:
        """The blocks (headings with nothing under them left out), the footnotes, the categories."""
        parts = self.blocks(blocks, top=True)
        parts.append(self.footnotes())
        parts.append(self.category_line())
        return "\n\n".join(part for part in parts if part) + "\n"

    def footnotes(self) -> str:
        lines = []
        self._in_note = True
        try:
            listed: set[int] = set()
            while len(listed) < len(self._numbers):  # a note may cite another: list until none is new
                for citation, number in list(self._numbers.items()):
                    if citation in listed:
                        continue
                    listed.add(citation)
                    text = one_line(self.citation(citation)).strip() or escape(f"Reference {number}")
                    lines.append((number, f"[^{self.footnote_prefix}{number}]: {text}"))
        finally:
            self._in_note = False
        return "\n".join(line for _, line in sorted(lines))

    def category_line(self) -> str:
        if not self.categories:
            return ""
        links = ", ".join(
            self.link(escape(c.name), self.page_url("Category:" + c.name)) for c in self.categories
        )
        return f"Categories: {links}"

    # -- blocks -------------------------------------------------------------------------------------------
    def blocks(self, blocks: Sequence[tree.Block], *, top: bool = False) -> list[str]:
        out: list[str] = []
        for index, block in enumerate(blocks):
            if top and isinstance(block, tree.Heading) and self._empty_section(blocks, index):
                continue
            rendered = self.block(block)
            if rendered:
                out.append(rendered)
        return out

    def _empty_section(self, blocks: Sequence[tree.Block], index: int) -> bool:
        heading = blocks[index]
        assert isinstance(heading, tree.Heading)
        for block in blocks[index + 1 :]:
            if isinstance(block, tree.Heading):
                if block.level <= heading.level:
                    return True
                continue
            if isinstance(block, tree.References):
                if self._numbers:
                    return False
                continue
            if self.block(block) if isinstance(block, tree.InfoboxBlock) else True:
                return False
        return True

    def block(self, block: tree.Block) -> str:
        match block:
            case tree.Paragraph(content):
                return self.paragraph(content)
            case tree.Heading(level, content):
                text = one_line(self.inlines(content)).strip()
                return f"{'#' * min(max(level, 2), 6)} {text}" if text else ""
            case tree.BulletList(items):
                return self.list_items(["- "] * len(items), items)
            case tree.OrderedList(items):
                return self.list_items([f"{n}. " for n in range(1, len(items) + 1)], items)
            case tree.DefinitionList(items):
                return self.definition_list(items)
            case tree.Table():
                return self.table(block)
            case tree.BlockQuote(content):
                return _quote("\n\n".join(self.blocks(content)))
            case tree.Preformatted(content):
                return code_block(tree.plain(content))
            case tree.CodeBlock(text):
                return code_block(text)
            case tree.Figure(file, caption):
                return self.figure(file, caption)
            case tree.Gallery(figures):
                return "\n\n".join(filter(None, (self.figure(f.file, f.caption) for f in figures)))
            case tree.HorizontalRule():
                return "---"
            case tree.MathBlock(tex):
                return gfm_math(tex)
            case tree.InfoboxBlock():
                return self.infobox(block)
            case tree.References():
                return ""  # footnotes are listed at the end, where Markdown readers put them
            case tree.UnrenderedBlock(wikitext):
                return code_block(wikitext)
            case _:
                assert_never(block)

    def paragraph(self, content: tree.Inlines) -> str:
        lines = [line.strip() for line in self.inlines(content).split("\n")]
        return "\n".join(line for line in lines if line)

    def list_items(self, markers: list[str], items: Sequence[tree.Blocks]) -> str:
        out = []
        for marker, item in zip(markers, items, strict=True):
            body = "\n\n".join(self.blocks(item))
            if not body:
                continue
            indent = " " * len(marker)
            lines = body.split("\n")
            out.append(
                marker + lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:])
            )
        return "\n".join(out)

    def definition_list(self, items: Sequence[tree.Term | tree.Detail]) -> str:
        """Terms in bold, each detail a quote of its own (MediaWiki indents them): never one merged quote."""
        out = []
        for item in items:
            if isinstance(item, tree.Term):
                text = one_line(self.inlines(item.content)).strip()
                if text:
                    out.append(wrap(text, "**"))
            else:
                body = "\n\n".join(self.blocks(item.content))
                if body:
                    out.append(_quote(body))
        return "\n\n".join(out)

    def table(self, table: tree.Table) -> str:
        rows = [[self.cell(cell) for cell in row.cells] for row in table.rows]
        spans = [[cell.colspan for cell in row.cells] for row in table.rows]
        caption = one_line(self.inlines(table.caption)).strip()
        grid = pipe_table(rows, spans) if rows else ""
        return "\n\n".join(part for part in (f"*{caption}*" if caption else "", grid) if part)

    def cell(self, cell: tree.Cell) -> str:
        """A cell's blocks on one line, a nested table's cells among them, joined by ";"."""
        parts: list[str] = []
        for block in cell.content:
            if isinstance(block, tree.Table):
                parts.extend(self.cell(inner) for row in block.rows for inner in row.cells)
            else:
                parts.append(one_line(self.block(block)))
        return (
            " ; ".join(part.strip() for part in parts if part.strip())
            if len(cell.content) > 1
            else "".join(parts).strip()
        )

    def figure(self, file: str, caption: tree.Inlines) -> str:
        text = one_line(self.inlines(caption)).strip()
        url = self.file_url(file)
        if url is None:
            return f"*{text}*" if text else ""
        alt = escape(one_line(tree.plain(caption)).strip() or file)
        image = f"![{alt}]({safe_url(url)})"
        return f"{image}\n\n*{text}*" if text else image

    def infobox(self, block: tree.InfoboxBlock) -> str:
        name = self.infoboxes[block.infobox].name if 0 <= block.infobox < len(self.infoboxes) else ""
        rows = [[escape(name), ""]]
        for field, value in block.fields:
            shown = one_line(self.inlines(value)).strip()
            if shown:
                rows.append([escape(field.replace("_", " ")), shown])
        return pipe_table(rows, [[1, 1]] * len(rows)) if len(rows) > 1 else ""

    # -- inlines ------------------------------------------------------------------------------------------
    def inlines(self, inlines: Sequence[tree.Inline]) -> str:
        return "".join(self.inline(inline) for inline in inlines)

    def inline(self, inline: tree.Inline) -> str:
        match inline:
            case tree.Text(text):
                return escape(text)
            case tree.Bold(content):
                return self._styled(content, "**")
            case tree.Italic(content):
                return self._styled(content, "*")
            case tree.Strike(content):
                return self._styled(content, "~~")
            case tree.Underline(content) | tree.SmallCaps(content):
                return self.inlines(content)
            case tree.Subscript(content) | tree.Superscript(content):
                return self.inlines(content)
            case tree.Link(target, content, anchor):
                label = self.inlines(content).strip() or escape(target or anchor or "")
                return self.link(label, self.page_url(target, anchor))
            case tree.WebLink(url, content, style):
                return self.web_link(url, content, style)
            case tree.FootnoteRef(citation):
                return self.footnote_ref(citation)
            case tree.CitationRef(citation):
                return self.citation(citation)
            case tree.Code(text):
                return code_span(text)
            case tree.Math(tex):
                return gfm_math(tex)
            case tree.LineBreak():
                return "\\\n"
            case tree.FileRef(_, caption):
                return self.inlines(caption)
            case tree.UnrenderedTemplate():
                return ""
            case _:
                assert_never(inline)

    def _styled(self, content: tree.Inlines, mark: str) -> str:
        inner = self.inlines(content)
        return wrap(inner, mark) if inner.strip() else inner

    def web_link(self, url: str, content: tree.Inlines, style: str) -> str:
        checked = external_url(url)
        label = self.inlines(content).strip()
        if style == "numbered" or not label:
            self._external += 1
            label = f"\\[{self._external}\\]"
        if checked is None:
            return label
        return f"<{safe_url(checked)}>" if style == "free" else self.link(label, checked)

    def footnote_ref(self, citation: int) -> str:
        if self._in_note or not 0 <= citation < len(self.citations):
            return ""  # a reference inside a note: its own note is listed too
        if citation not in self._numbers:
            self._numbers[citation] = len(self._numbers) + 1
        return f"[^{self.footnote_prefix}{self._numbers[citation]}]"

    def citation(self, number: int) -> str:
        """A citation on one line: authors, linked title, work, publisher, date, identifiers."""
        if not 0 <= number < len(self.citations):
            return ""
        citation = self.citations[number]
        if citation.template is None:
            note = self.notes.get(number)
            return self.inlines(note) if note else escape(citation.text or citation.url or "")
        parts = []
        names = "; ".join(escape(p.name) for p in citation.authors)
        if names:
            parts.append(names + ".")
        title = escape(citation.title or citation.get("chapter") or citation.url or "Untitled")
        url = external_url(citation.url)
        parts.append(f'"{self.link(title, url)}".')
        if citation.work:
            parts.append(f"*{escape(citation.work)}*.")
        for value in (citation.publisher, citation.date or citation.year):
            if value:
                parts.append(escape(value) + ".")
        if citation.pages:
            parts.append(f"p. {escape(citation.pages)}.")
        if citation.doi:
            parts.append(
                f"doi:{self.link(escape(citation.doi), external_url('https://doi.org/' + citation.doi))}."
            )
        if citation.isbn:
            parts.append(f"ISBN {escape(citation.isbn)}.")
        archive = external_url(citation.archive_url)
        if archive:
            when = f" on {escape(citation.archive_date)}" if citation.archive_date else ""
            parts.append(f"{self.link('Archived', archive)}{when}.")
        if citation.access_date:
            parts.append(f"Accessed {escape(citation.access_date)}.")
        return " ".join(parts)


def _quote(body: str) -> str:
    return "\n".join("> " + line if line else ">" for line in body.split("\n")) if body else ""
