"""Articles as GitHub-flavoured Markdown with footnotes, from the document tree: a method per node kind.

The writer walks the Article's tree (:mod:`wikifeedkit.model.tree`) and nothing else: it never reads
wikitext. Blocks are set apart by blank lines so that CommonMark cannot continue a list or a quote lazily;
indented lines (MediaWiki's ``:``) are nested quotes, one per line; code is fenced longer than any backtick
run inside; every text goes through :func:`~wikifeedkit.emit.markdown_text.escape`, so that no reader takes
any of a page for HTML, attributes, a link or an image. The only HTML is the writer's own ``<br>`` inside
table cells. Subclass :class:`MarkdownWriter` to change one piece, e.g. ``page_url``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, assert_never

from ..errors import ConversionError
from ..model import Article, Citation, tree
from ..urls import external_url
from .markdown_text import (
    code_block,
    code_span,
    escape,
    footnote_definition,
    gfm_math,
    one_line,
    page_link,
    pipe_table,
    safe_url,
    wrap,
)

if TYPE_CHECKING:
    from ..wikitext.templates import TemplateRegistry

_HARD_BREAK = "\\\n"
# Hard breaks that would show as a backslash: several in a row, or at the start or end of a paragraph.
_BREAK_RUNS = re.compile(r"(?:\\\n[ \t]*){2,}")


class MarkdownWriter:
    """Renders one Article from its document tree; footnotes are numbered per article, one per distinct
    citation, every use pointing at it.

    ``footnote_prefix`` and ``book_pages`` (title → anchor id) are for several articles in one document.
    """

    def __init__(
        self,
        article: Article,
        *,
        base_url: str | None = None,
        relative_links: bool = True,
        offline_images: bool = False,
        footnote_prefix: str = "",
        book_pages: Mapping[str, str] | None = None,
    ) -> None:
        if article.lead_blocks is None:
            raise ConversionError(
                "the article holds no document tree (parsed with tree=False, or loaded from JSON written "
                "without one): parse its wikitext with wfk.parse_article"
            )
        self.article = article
        self.base_url = base_url
        self.relative_links = relative_links
        self.offline_images = offline_images
        self.footnote_prefix = footnote_prefix
        self.book_pages = book_pages or {}
        self._numbers: dict[int, int] = {}
        self._external = 0
        self._in_note = False
        self._open_notes: list[int] = []  # the notes being written, innermost last
        self._in_link = False
        self._line_break = _HARD_BREAK

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
        """Where an image is; None writes its caption alone."""
        if self.offline_images:
            return None
        return self.page_url("Special:FilePath/" + file) if self.base_url else self.page_url("File:" + file)

    @staticmethod
    def link(label: str, url: str | None) -> str:
        """A link, or the label alone where there is no URL; ``url`` is one this writer made or checked."""
        return f"[{label}]({safe_url(url)})" if url and label.strip() else label

    # -- the document -------------------------------------------------------------------------------------
    def document(self) -> str:
        """The whole article: its title as the first heading, then :meth:`body`."""
        title = self.article.title
        heading = f"# {escape(one_line(title))}\n\n" if title else ""
        return heading + self.body()

    def body(self) -> str:
        """Everything under the title: the blocks (headings with nothing under them left out), the
        footnotes, the categories."""
        parts = []
        if self.article.redirect:
            target = self.article.redirect
            parts.append("Redirect to " + self.link(escape(target), self.page_url(target)))
        parts.extend(self.blocks(self.article.body, top=True))
        parts.append(self.footnotes())
        parts.append(self.category_line())
        return "\n\n".join(part for part in parts if part) + "\n"

    def footnotes(self) -> str:
        """One definition per cited citation, in order of first use."""
        lines = []
        self._in_note = True
        previous = self._line_break
        self._line_break = " "
        try:
            listed: set[int] = set()
            while len(listed) < len(self._numbers):  # a note may cite another: list until none is new
                for citation, number in list(self._numbers.items()):
                    if citation in listed:
                        continue
                    listed.add(citation)
                    text = one_line(self.citation(citation)).strip() or escape(f"Reference {number}")
                    label = f"{self.footnote_prefix}{number}"
                    lines.append((number, footnote_definition(label, text, html=True)))
        finally:
            self._in_note = False
            self._line_break = previous
        return "\n".join(line for _, line in sorted(lines))

    def category_line(self) -> str:
        categories = self.article.categories
        if not categories:
            return ""
        links = ", ".join(self.link(escape(c.name), self.page_url("Category:" + c.name)) for c in categories)
        return f"Categories: {links}"

    # -- blocks -------------------------------------------------------------------------------------------
    def blocks(self, blocks: Sequence[tree.Block], *, top: bool = False) -> list[str]:
        """Each block's Markdown, empty ones left out; at the top level, headings of empty sections too."""
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
                continue  # footnotes are listed at the end: a "References" heading would stand empty
            if self._shows(block):
                return False
        return True

    def _shows(self, block: tree.Block) -> bool:
        """Whether a block writes anything (without numbering its footnotes twice)."""
        numbers, external = dict(self._numbers), self._external
        try:
            return bool(self.block(block))
        finally:
            self._numbers, self._external = numbers, external

    def block(self, block: tree.Block) -> str:
        match block:
            case tree.Paragraph(content):
                return self.paragraph(content)
            case tree.Heading(level, content):
                text = self._one_line(content)
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
                return code_block(tree.plain(content)) if tree.plain(content).strip() else ""
            case tree.CodeBlock(text):
                return code_block(text) if text.strip() else ""
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
                return code_block(wikitext) if wikitext.strip() else ""
            case _:
                assert_never(block)

    def paragraph(self, content: tree.Inlines) -> str:
        """Lines of a paragraph, trimmed; hard line breaks kept only between text."""
        text = _BREAK_RUNS.sub(_HARD_BREAK, self.inlines(content))
        lines = [line.strip() for line in text.split("\n")]
        kept = [line for line in lines if line and line != "\\"]
        if kept and kept[-1].endswith("\\") and not kept[-1].endswith("\\\\"):
            kept[-1] = kept[-1][:-1].rstrip()  # a break at the end shows as a backslash
        return "\n".join(line for line in kept if line)

    def list_items(self, markers: list[str], items: Sequence[tree.Blocks]) -> str:
        """List items, empty ones left out; an item's later blocks indented under its marker."""
        out = []
        for marker, item in zip(markers, items, strict=True):
            body = self._item_body(item)
            if not body:
                continue
            indent = " " * len(marker)
            lines = body.split("\n")
            out.append(
                marker + lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:])
            )
        return "\n".join(out)

    def _item_body(self, item: tree.Blocks) -> str:
        """An item's blocks; a nested list or indented line right under its text, so the list stays tight
        (MediaWiki writes no paragraphs in list items)."""
        out = ""
        for block in item:
            rendered = self.block(block)
            if not rendered:
                continue
            nested = isinstance(block, tree.BulletList | tree.OrderedList | tree.DefinitionList)
            out += ("\n" if nested else "\n\n") + rendered if out else rendered
        return out

    def definition_list(self, items: Sequence[tree.Term | tree.Detail]) -> str:
        """Terms in bold, each detail a quote of its own (MediaWiki indents them): never one merged quote."""
        out = []
        for item in items:
            if isinstance(item, tree.Term):
                text = self._one_line(item.content)
                if text:
                    out.append(wrap(text, "**"))
            else:
                body = "\n\n".join(self.blocks(item.content))
                if body:
                    out.append(_quote(body))
        return "\n\n".join(out)

    def table(self, table: tree.Table) -> str:
        """A pipe table (first row as header), its caption in italics above it."""
        rows = [[self.cell(cell) for cell in row.cells] for row in table.rows]
        spans = [[cell.colspan for cell in row.cells] for row in table.rows]
        caption = self._one_line(table.caption)
        grid = pipe_table(rows, spans) if any(any(row) for row in rows) else ""
        return "\n\n".join(part for part in (f"*{caption}*" if caption else "", grid) if part)

    def cell(self, cell: tree.Cell) -> str:
        """A cell's blocks on one line (its line breaks as ``<br>``), a nested table's cells among them."""
        previous = self._line_break
        self._line_break = "<br>"
        try:
            parts: list[str] = []
            for block in cell.content:
                if isinstance(block, tree.Table):
                    parts.append(" ; ".join(self.cell(inner) for row in block.rows for inner in row.cells))
                else:
                    parts.append(one_line(self.block(block)))
        finally:
            self._line_break = previous
        # Blocks on lines of their own as in MediaWiki's cell; a nested table's cells one after another.
        return "<br>".join(part.strip() for part in parts if part.strip())

    def figure(self, file: str, caption: tree.Inlines) -> str:
        """An image and its caption, or the caption alone where the image has no URL."""
        text = self._one_line(caption)
        url = self.file_url(file)
        if url is None:
            return f"*{text}*" if text else ""
        alt = escape(one_line(tree.plain(caption)).strip() or file)
        image = f"![{alt}]({safe_url(url)})"
        return f"{image}\n\n*{text}*" if text else image

    def infobox(self, block: tree.InfoboxBlock) -> str:
        """The infobox as a two-column table: its name, then each field that shows something."""
        infoboxes = self.article.infoboxes
        name = infoboxes[block.infobox].name if 0 <= block.infobox < len(infoboxes) else ""
        rows = [[escape(name), ""]]
        previous = self._line_break
        self._line_break = "<br>"
        try:
            for field, value in block.fields:
                shown = one_line(self.inlines(value)).strip()
                if shown:
                    rows.append([escape(field.replace("_", " ")), shown])
        finally:
            self._line_break = previous
        return pipe_table(rows, [[1, 1]] * len(rows)) if len(rows) > 1 else ""

    # -- inlines ------------------------------------------------------------------------------------------
    def _one_line(self, content: tree.Inlines) -> str:
        previous = self._line_break
        self._line_break = " "
        try:
            return one_line(self.inlines(content)).strip()
        finally:
            self._line_break = previous

    def inlines(self, inlines: Sequence[tree.Inline]) -> str:
        """Inlines in a row; adjacent code is one code span, and two code spans never touch (their fences
        would run together into one and leave the code's text as Markdown)."""
        out: list[str] = []
        for inline in _joined_code(inlines):
            piece = self.inline(inline)
            if not piece:
                continue
            if out and piece[0] == "`" and out[-1].endswith("`") and not out[-1].endswith("\\`"):
                out.append(" ")
            out.append(piece)
        return "".join(out)

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
                return label if self._in_link else self.link(label, self.page_url(target, anchor))
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
                return self._line_break
            case tree.FileRef(_, caption):
                return self.inlines(caption)
            case tree.UnrenderedTemplate():
                return ""
            case _:
                assert_never(inline)

    def _styled(self, content: tree.Inlines, mark: str) -> str:
        """Emphasis around text; around nothing but a footnote mark, none (``**[^1]**`` shows its stars)."""
        inner = self.inlines(content)
        return wrap(inner, mark) if tree.plain(content).strip() else inner

    def web_link(self, url: str, content: tree.Inlines, style: str) -> str:
        """An external link: its label linked, ``[n]`` for a numbered one, ``<url>`` for a bare URL; text
        where the URL's protocol is not one MediaWiki links."""
        checked = external_url(url)
        self._in_link = True  # a link inside a link's label would show as brackets: its label alone
        try:
            label = self.inlines(content).strip()
        finally:
            self._in_link = False
        if style == "numbered" or not label:
            if style != "free":
                self._external += 1
                label = f"\\[{self._external}\\]"
            else:
                label = escape(url)
        if checked is None:
            return label
        return f"<{safe_url(checked)}>" if style == "free" else self.link(label, checked)

    def footnote_ref(self, citation: int) -> str:
        """The footnote mark of a citation, numbered at its first use; inside a note, the inner reference's
        text in parentheses (a footnote cannot hold another), a reference to itself left out."""
        if not 0 <= citation < len(self.article.citations):
            return ""
        if self._in_note:
            if citation in self._open_notes:
                return ""
            self._open_notes.append(citation)
            try:
                inner = self._one_line(self.citation_content(citation))
            finally:
                self._open_notes.pop()
            return f" ({inner})" if inner else ""
        if citation not in self._numbers:
            self._numbers[citation] = len(self._numbers) + 1
        return f"[^{self.footnote_prefix}{self._numbers[citation]}]"

    def citation(self, number: int) -> str:
        """A citation on one line: authors, linked title, work, publisher, date, identifiers; a plain
        reference as its own content."""
        citations = self.article.citations
        if not 0 <= number < len(citations):
            return ""
        citation = citations[number]
        self._open_notes.append(number)
        try:
            if citation.template is None:
                return self._one_line(citation.content) or escape(citation.text or citation.url or "")
            return self.cited_work(citation)
        finally:
            self._open_notes.pop()

    def citation_content(self, number: int) -> tree.Inlines:
        """A citation as inlines: a plain reference's own content, a template's readable text."""
        citation = self.article.citations[number]
        if citation.template is None and citation.content:
            return citation.content
        return (tree.Text(citation.text or citation.url or ""),)

    def cited_work(self, citation: Citation) -> str:
        """A citation template's fields as one line of Markdown."""
        parts = []
        names = "; ".join(escape(p.name) for p in citation.authors)
        if names:
            parts.append(names + ".")
        title = escape(citation.title or citation.get("chapter") or citation.url or "Untitled")
        url = external_url(citation.url)
        parts.append(f'"{self.link(title, url)}".')
        if citation.url and not url and citation.title:  # a URL that cannot be a link shows as text
            parts.append(escape(citation.url) + ".")
        if citation.work:
            parts.append(f"*{escape(citation.work)}*.")
        for value in (citation.publisher, citation.date or citation.year):
            if value:
                parts.append(escape(value) + ".")
        if citation.pages:
            parts.append(f"p. {escape(citation.pages)}.")
        if citation.doi:
            doi = self.link(escape(citation.doi), external_url("https://doi.org/" + citation.doi))
            parts.append(f"doi:{doi}.")
        if citation.isbn:
            parts.append(f"ISBN {escape(citation.isbn)}.")
        if citation.archive_url:
            when = f" on {escape(citation.archive_date)}" if citation.archive_date else ""
            archive = external_url(citation.archive_url)
            archived = (
                self.link("Archived", archive) if archive else f"Archived at {escape(citation.archive_url)}"
            )
            parts.append(f"{archived}{when}.")
        if citation.access_date:
            parts.append(f"Accessed {escape(citation.access_date)}.")
        parts.extend(self.cited_work(other) for other in citation.bundled)
        return " ".join(parts)


def _joined_code(inlines: Sequence[tree.Inline]) -> list[tree.Inline]:
    out: list[tree.Inline] = []
    for inline in inlines:
        if isinstance(inline, tree.Code) and out and isinstance(out[-1], tree.Code):
            out[-1] = tree.Code(out[-1].text + inline.text)
        else:
            out.append(inline)
    return out


def _quote(body: str) -> str:
    return "\n".join("> " + line if line else ">" for line in body.split("\n")) if body else ""


def to_markdown(
    article: Article,
    *,
    base_url: str | None = None,
    templates: TemplateRegistry | None = None,
    relative_links: bool = True,
    offline_images: bool = False,
) -> str:
    """An article as GitHub-flavoured Markdown with footnotes, from its document tree.

    ``base_url`` is the wiki's page URL prefix (``https://en.wikipedia.org/wiki/``); without it, internal
    links point at ``Title.md`` beside the file (or stay text with ``relative_links=False``).
    ``offline_images=True`` writes each image as its caption instead of a link to the file.
    ``templates`` is used only for an article that holds no tree yet (parsed with ``tree=False``, or
    loaded from JSON written without one): its tree is built first, with these templates.
    """
    if not isinstance(article, Article):
        raise TypeError(f"to_markdown takes an Article, not {type(article).__name__}")
    if article.lead_blocks is None:
        from ..wikitext.document import with_tree  # the one bridge back to the parser, for old articles

        article = with_tree(article, templates)
    writer = MarkdownWriter(
        article, base_url=base_url, relative_links=relative_links, offline_images=offline_images
    )
    return writer.document()
