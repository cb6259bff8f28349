"""Articles as GitHub-flavoured Markdown with footnotes.

One small method per kind of node (heading, paragraph, list item, table, image, link, reference, infobox,
citation), gathered in :class:`MarkdownWriter`; subclass it to change one, e.g. ``page_url``.

A page's text is untrusted: it is written only through :mod:`.markdown_text` (escaped text, code spans and
blocks that cannot be closed early, math that cannot end early, URLs with a MediaWiki protocol), so that no
reader takes any of it for HTML, attributes, a link or an image. The only HTML is the writer's own
(``<br>`` and, for cells of several lines, ``<table>``), none with ``raw_html=False`` (the book for pandoc).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Literal

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from ..model import Article, Citation, Section
from ..urls import external_url
from ..wikitext.nodes import LIST_TAGS, list_markers, split_nodes
from ..wikitext.parsing import parse_text, parse_wikitext
from ..wikitext.references import is_ref_template
from ..wikitext.templates import DEFAULT_TEMPLATES, Call, TemplateRegistry, is_citation_template, template_key
from ..wikitext.text import TextRenderer, tidy
from ..wikitext.titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, split_namespace
from .markdown_text import (
    code_block,
    code_span,
    escape,
    footnote_definition,
    gfm_math,
    join_blocks,
    one_line,
    page_link,
    pandoc_math,
    pipe_table,
    safe_url,
    table_cell,
    wrap,
)

_SILENT_TAGS = frozenset(
    {
        "references",
        "gallery",
        "imagemap",
        "timeline",
        "graph",
        "templatedata",
        "mapframe",
        "score",
        "inputbox",
    }
    | {"categorytree", "indicator", "noinclude", "templatestyles"}
)
# Markup that mwparserfromhell left as text because the source is broken (an unclosed or stray bracket).
# Each part stops at the next "<" or line break, so that no start rescans the rest of the text.
_STRAY_MARKUP = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|</?ref\b[^<>]*>|^[ \t]*(?:\{\||\|\}|\|-)[^\n]*", re.IGNORECASE | re.MULTILINE
)
_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp", "var"})
_PREFORMATTED_TAGS = frozenset({"pre", "source", "syntaxhighlight"})
# A "<br>" with nothing after it on its line, at the start of a block, would open an HTML block: the lines
# after it, up to a blank line, would be raw HTML. So a "<br>" never ends a line: the next line joins it, and
# before a blank line or at the end (where it changes nothing) it goes.
_BREAK_BEFORE_LINE = re.compile(r"<br>[ \t]*\n(?![ \t]*\n)")
_BREAK_BEFORE_BLANK = re.compile(r"(?:<br>[ \t]*)+(?=\n[ \t]*\n|\Z)")
_MAX_COLSPAN = 1000  # MediaWiki's own limit (Sanitizer): a bigger colspan counts as 1000
Dialect = Literal["gfm", "commonmark_x"]


class MarkdownWriter:
    """Renders one Article; footnotes are numbered per article, one per distinct citation.

    ``dialect`` is the reader the Markdown is for: ``"gfm"`` (GitHub; math as ``$`…`$``) or
    ``"commonmark_x"`` (pandoc; math as ``$…$``).
    """

    def __init__(
        self,
        article: Article,
        *,
        base_url: str | None = None,
        templates: TemplateRegistry | None = None,
        relative_links: bool = True,
        offline_images: bool = False,
        footnote_prefix: str = "",
        book_pages: Mapping[str, str] | None = None,
        raw_html: bool = True,
        dialect: Dialect = "gfm",
    ) -> None:
        self.article = article
        self.base_url = base_url
        self.relative_links = relative_links
        self.offline_images = offline_images
        self.footnote_prefix = footnote_prefix
        self.book_pages = book_pages or {}
        self.raw_html = raw_html
        self.dialect: Dialect = dialect
        self.line_break = "<br>" if raw_html else " "
        self.templates = DEFAULT_TEMPLATES if templates is None else templates
        self.text = TextRenderer(self.templates)
        self._named: dict[tuple[str | None, str], int] = {}
        self._anonymous: dict[str, int] = {}
        for number, citation in enumerate(article.citations, start=1):
            if citation.ref_name:
                self._named[citation.group, citation.ref_name] = number
            else:
                self._anonymous[citation.raw] = number
        self._cited: set[int] = set()
        self._open_notes: list[int] = []  # the footnotes being written, innermost last

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
        return self.page_url("Special:FilePath/" + file) if self.base_url else self.page_url("File:" + file)

    def link(self, label: str, url: str | None) -> str:
        """A link, or the label alone where there is no URL; ``url`` is one this writer made or checked."""
        return f"[{label}]({safe_url(url)})" if url else label

    # -- the document -------------------------------------------------------------------------------------
    def document(self) -> str:
        """The whole article: its title as the first heading, then :meth:`body`."""
        title = f"# {escape(self.article.title)}\n\n" if self.article.title else ""
        return title + self.body()

    def body(self) -> str:
        """Everything under the title: infobox, lead, sections, footnotes, categories."""
        parts = []
        if self.article.redirect:
            target = self.article.redirect
            parts.append("Redirect to " + self.link(escape(target), self.page_url(target)))
        if self.article.infobox is not None:
            parts.append(self.infobox())
        lead, bodies = self._bodies()
        parts.append(self.blocks(lead))
        for section in self.article.sections:
            parts.append(self.section(section, bodies))
        parts.append(self.footnotes())
        parts.append(self.categories())
        return "\n\n".join(part.strip("\n") for part in parts if part.strip()) + "\n"

    def _bodies(self) -> tuple[Wikicode | str, Iterator[Wikicode | str]]:
        """The lead and each section body in document order, from one parse of the page where its headings
        all stand at the top level (else each body is parsed on its own)."""
        code = parse_wikitext(self.article.wikitext)
        sections = list(self.article.all_sections())
        headings = [index for index, node in enumerate(code.nodes) if isinstance(node, Heading)]
        if len(headings) != len(sections):
            return self.article.lead_wikitext, iter([section.wikitext for section in sections])
        if not headings:
            return code, iter([])
        ends = [*headings[1:], len(code.nodes)]
        bodies = [Wikicode(code.nodes[start + 1 : end]) for start, end in zip(headings, ends, strict=True)]
        return Wikicode(code.nodes[: headings[0]]), iter(bodies)

    def section(self, section: Section, bodies: Iterator[Wikicode | str]) -> str:
        level = min(max(section.level, 2), 6)
        parts = [f"{'#' * level} {escape(section.title)}", self.blocks(next(bodies))]
        parts.extend(self.section(child, bodies) for child in section.children)
        return "\n\n".join(part for part in parts if part.strip())

    def infobox(self) -> str:
        infobox = self.article.infobox
        assert infobox is not None
        rows = [f"| {table_cell(escape(infobox.name))} | |", "| --- | --- |"]
        for key, value in infobox.parameters:
            shown = self.inline(parse_text(value)).strip()
            if shown:
                cell = table_cell(re.sub(r"\s*\n\s*", lambda _: self.line_break, shown))
                rows.append(f"| {table_cell(escape(key.replace('_', ' ')))} | {cell} |")
        return "\n".join(rows)

    def categories(self) -> str:
        if not self.article.categories:
            return ""
        links = ", ".join(
            self.link(escape(c.name), self.page_url("Category:" + c.name)) for c in self.article.categories
        )
        return f"Categories: {links}"

    # -- blocks -------------------------------------------------------------------------------------------
    def blocks(self, wikitext: Wikicode | str) -> str:
        """A section body: paragraphs, lists, tables and images as Markdown blocks."""
        code = parse_text(wikitext) if isinstance(wikitext, str) else wikitext
        out: list[str] = []
        paragraph: list[str] = []

        def flush() -> None:
            text = " ".join(line.strip() for line in paragraph if line.strip())
            if text:
                out.append(text)
            paragraph.clear()

        for line in split_nodes(code.nodes, "\n", keep_empty=False):
            markers, rest = list_markers(line)
            blocks = [node for node in rest if _is_block(node)]
            if markers:
                flush()
                out.append(self.list_item(markers, rest))
            elif blocks and all(
                _is_block(n) or (isinstance(n, str | Text) and not str(n).strip()) for n in rest
            ):
                flush()
                out.extend(self.block(node) for node in blocks)
            elif not any(str(node).strip() for node in rest):
                flush()
            else:
                paragraph.append(self.inline_nodes(rest))
        flush()
        return join_blocks(out)

    def list_item(self, markers: str, nodes: list[object]) -> str:
        text = self.inline_nodes(nodes).strip()
        depth = len(markers) - 1
        last = markers[-1]
        if last == "#":
            return "   " * depth + f"1. {text}"
        if last == ";":
            return "  " * depth + f"**{text}**"
        if last == ":":
            return "> " * len(markers) + text
        return "  " * depth + f"- {text}"

    def block(self, node: object) -> str:
        if isinstance(node, Tag) and str(node.tag).lower() == "table":
            return self.table(node)
        if (
            isinstance(node, Tag)
            and str(node.tag).lower() in _PREFORMATTED_TAGS
            and node.contents is not None
        ):
            return code_block(str(node.contents))
        if isinstance(node, Wikilink):
            return self.image_block(node)
        if isinstance(node, Tag) and str(node.tag).lower() == "gallery" and node.contents is not None:
            from ..wikitext.links import gallery_images

            images = gallery_images(node.contents, self.text)
            return "\n\n".join(self._figure_of(i.file, i.caption_wikitext) for i in images)
        return self.inline_nodes([node]).strip()

    def image_block(self, link: Wikilink) -> str:
        from ..wikitext.links import classify

        image = classify(link, self.text)
        return self._figure_of(getattr(image, "file", ""), getattr(image, "caption_wikitext", ""))

    def _figure_of(self, file: str, caption_wikitext: str) -> str:
        if not caption_wikitext:
            return self.figure(file, "")
        caption = parse_text(caption_wikitext)
        return self.figure(file, self.inline(caption), alt=tidy(self.text.render(caption)))

    def figure(self, file: str, caption: str, alt: str | None = None) -> str:
        """An image with its caption (Markdown) and alt text (plain text, the file name when None); the
        caption stands in for the image where the file is not at hand."""
        caption = one_line(caption).strip()
        url = None if self.offline_images else self.file_url(file)
        if url is None:
            return f"*{caption}*" if caption else ""
        text = f"![{escape(one_line(alt or file).strip())}]({safe_url(url)})"
        return f"{text}\n\n*{caption}*" if caption else text

    def table(self, tag: Tag) -> str:
        from ..wikitext.structure import cell_span, table_cells

        cell_rows, caption_code = table_cells(tag)
        rows = [
            [self.inline(cell.contents).strip() if cell.contents else "" for cell in row] for row in cell_rows
        ]
        if not rows:
            return ""
        caption_text = (
            one_line(tidy(self.text.render(caption_code))).removeprefix("+").strip() if caption_code else None
        )
        if self.raw_html and any("\n" in cell for row in rows for cell in row):
            headers = [[str(cell.tag).lower() == "th" for cell in row] for row in cell_rows]
            return self.html_table(rows, headers, caption_text)
        spans = [[min(cell_span(cell, "colspan"), _MAX_COLSPAN) for cell in row] for row in cell_rows]
        caption = f"*{escape(caption_text)}*\n\n" if caption_text else ""
        return caption + pipe_table(rows, spans)

    def html_table(self, rows: list[list[str]], headers: list[list[bool]], caption: str | None) -> str:
        """A table of Markdown cells in HTML this writer makes (GFM's tables hold one line per cell); each
        cell stands apart between blank lines, so that it is read as Markdown, never as HTML."""
        import html

        out = ["<table>"]
        if caption:
            out.append(f"<caption>{html.escape(one_line(caption))}</caption>")
        for row, flags in zip(rows, headers, strict=True):
            cells = "".join(
                f"<{'th' if flag else 'td'}>\n\n{cell}\n\n</{'th' if flag else 'td'}>"
                for cell, flag in zip(row, flags, strict=True)
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
        return "\n".join(out)

    # -- inline -------------------------------------------------------------------------------------------
    def inline(self, code: Wikicode) -> str:
        return self.inline_nodes(list(code.nodes))

    def inline_nodes(self, nodes: list[object]) -> str:
        out: list[str] = []
        last = ""
        for node in nodes:
            text = self.node(node)
            if text.startswith("`") and last.endswith("`"):
                text = " " + text  # code spans side by side would make one backtick run: neither would close
            out.append(text)
            last = text or last
        return _settle_breaks("".join(out)) if self.raw_html else "".join(out)

    def node(self, node: object) -> str:
        if isinstance(node, str):
            return escape(_STRAY_MARKUP.sub("", node))
        if isinstance(node, Text):
            return escape(_STRAY_MARKUP.sub("", str(node.value)))
        if isinstance(node, Wikilink):
            return self.wikilink(node)
        if isinstance(node, ExternalLink):
            return self.external_link(node)
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, HTMLEntity):  # "&amp;" then "lt;": the text "&lt;", not an entity of two nodes
            value = str(node.normalize())
            return "\\&" if value == "&" else escape(value)
        if isinstance(node, Heading):
            return escape(tidy(self.text.render(node.title)))
        if isinstance(node, Argument | Comment):
            return ""
        return escape(str(node))

    def wikilink(self, link: Wikilink) -> str:
        target = str(link.title).strip()
        namespace, _ = split_namespace(target.lstrip(":"))
        if not target.startswith(":") and (
            namespace in FILE_NAMESPACES or namespace in CATEGORY_NAMESPACES or namespace in LANGUAGE_CODES
        ):
            if namespace in FILE_NAMESPACES:
                return self.image_block(link).split("\n\n")[0]
            return ""
        from ..wikitext.links import classify

        found = classify(link, self.text)
        label = self.inline(link.text) if link.text is not None else escape(target.lstrip(":"))
        target_title = getattr(found, "target", "")
        anchor = getattr(found, "anchor", None)
        return self.link(label.strip() or escape(target_title), self.page_url(target_title, anchor))

    def external_link(self, link: ExternalLink) -> str:
        # A free URL can swallow a template written right after it ({{dead link}}): render that apart.
        text_nodes = [node for node in link.url.nodes if isinstance(node, Text)]
        others = "".join(self.node(node) for node in link.url.nodes if not isinstance(node, Text))
        written = "".join(str(node) for node in text_nodes)
        label = self.inline(link.title).strip() if link.title is not None else None
        target = external_url(written)
        if target is None:  # not a protocol MediaWiki links: the text, never a link
            return (label or escape(written)) + others
        url = safe_url(target)
        if label is not None:
            return f"[{label}]({url}){others}"
        return (f"<{url}>" if not link.brackets else f"[link]({url})") + others

    def template(self, template: Template) -> str:
        key = template_key(str(template.name))
        if is_ref_template(key):
            name = _template_value(template, "name")
            return self.footnote_mark(self._number(name, _template_value(template, "group"), str(template)))
        renderer = self.templates.lookup(key)
        if renderer is not None:
            return escape(renderer(Call(template, self.text.render)))
        if is_citation_template(key):
            from ..wikitext.cs1 import citation_from_template

            return self.citation(citation_from_template(template, self.text))
        return ""

    def tag(self, tag: Tag) -> str:
        name = str(tag.tag).lower()
        if name == "ref":
            return self.ref(tag)
        if name in _SILENT_TAGS or (name in LIST_TAGS and tag.wiki_markup):
            return ""
        if name == "br":
            return self.line_break
        if tag.contents is None:
            return ""
        if name == "nowiki":  # text the wiki shows as it is written
            return escape(str(tag.contents))
        if name in _PREFORMATTED_TAGS or name in _CODE_TAGS:
            return code_span(str(tag.contents) if name != "code" else tidy(self.text.render(tag.contents)))
        if name == "math":
            tex = str(tag.contents)
            return pandoc_math(tex) if self.dialect == "commonmark_x" else gfm_math(tex)
        inner = self.inline(tag.contents)
        if not inner.strip():
            return inner
        if name == "b" or name == "strong":
            return wrap(inner, "**")
        if name in {"i", "em", "cite"}:
            return wrap(inner, "*")
        if name in {"s", "del", "strike"}:
            return wrap(inner, "~~")
        if name == "table":
            return ""
        return inner

    # -- references ---------------------------------------------------------------------------------------
    def ref(self, tag: Tag) -> str:
        name = group = None
        for attribute in tag.attributes:
            key = str(attribute.name).strip().lower()
            if key in {"name", "group"}:
                value = str(attribute.value).strip() if attribute.value is not None else ""
                name, group = (value or None, group) if key == "name" else (name, value or None)
        return self.footnote_mark(self._number(name, group, str(tag)))

    def _number(self, name: str | None, group: str | None, raw: str) -> int | None:
        """The citation a reference stands for: by its name, else by its text."""
        return self._named.get((group, name)) if name else self._anonymous.get(raw)

    def footnote_mark(self, number: int | None, raw: str | None = None) -> str:
        """The mark of a footnote (found by ``raw``, the reference's wikitext, when ``number`` is None);
        inside a footnote (where pandoc allows no other), the cited text itself in parentheses, unless it is
        a footnote being written (a reference to itself)."""
        if number is None and raw is not None:
            number = self._anonymous.get(raw)
        if number is None:
            return ""
        if self._open_notes:
            if number in self._open_notes:
                return ""
            return f" ({self._note_text(number)})"
        self._cited.add(number)
        return f"[^{self.footnote_prefix}{number}]"

    def _note_text(self, number: int) -> str:
        self._open_notes.append(number)
        try:
            return one_line(self.citation(self.article.citations[number - 1])).strip()
        finally:
            self._open_notes.pop()

    def citation(self, citation: Citation) -> str:
        """A citation as one line of Markdown: authors, linked title, work, publisher, date, access date."""
        if citation.template is None:
            text = self.inline(_reference_body(citation.raw)).strip()
            return text or escape(citation.text or citation.url or "")
        parts = []
        names = "; ".join(escape(p.name) for p in citation.authors)
        if names:
            parts.append(names + ".")
        title = escape(citation.title or citation.get("chapter") or citation.url or "Untitled")
        link = external_url(citation.url)
        parts.append(f'"[{title}]({safe_url(link)})".' if link else f'"{title}".')
        if citation.url and not link and citation.title:  # a URL that cannot be a link shows as text
            parts.append(escape(citation.url) + ".")
        if citation.work:
            parts.append(f"*{escape(citation.work)}*.")
        if citation.publisher:
            parts.append(escape(citation.publisher) + ".")
        if citation.date or citation.year:
            parts.append(escape(citation.date or citation.year or "") + ".")
        if citation.pages:
            parts.append(f"p. {escape(citation.pages)}.")
        if citation.doi:
            parts.append(f"doi:[{escape(citation.doi)}]({safe_url('https://doi.org/' + citation.doi)}).")
        if citation.isbn:
            parts.append(f"ISBN {escape(citation.isbn)}.")
        if citation.archive_url:
            when = f" on {escape(citation.archive_date)}" if citation.archive_date else ""
            archive = external_url(citation.archive_url)
            archived = (
                f"[Archived]({safe_url(archive)})"
                if archive
                else f"Archived at {escape(citation.archive_url)}"
            )
            parts.append(f"{archived}{when}.")
        if citation.access_date:
            parts.append(f"Accessed {escape(citation.access_date)}.")
        parts.extend(self.citation(other) for other in citation.bundled)
        return " ".join(parts)

    def footnotes(self) -> str:
        html = self.raw_html and self.dialect == "gfm"
        notes = (
            footnote_definition(f"{self.footnote_prefix}{n}", self._note_text(n), html=html)
            for n in sorted(self._cited)
        )
        return "\n".join(notes)


def _settle_breaks(markdown: str) -> str:
    return _BREAK_BEFORE_BLANK.sub("", _BREAK_BEFORE_LINE.sub("<br>", markdown))


def _template_value(template: Template, name: str) -> str | None:
    return (str(template.get(name).value).strip() or None) if template.has(name) else None


def _reference_body(raw: str) -> Wikicode:
    """A reference's text: a ``<ref>`` tag's contents or a ``{{#tag:ref}}``/``{{refn}}``'s first value."""
    code = parse_text(raw)
    for node in code.nodes:
        if isinstance(node, Tag) and str(node.tag).lower() == "ref":
            return node.contents if node.contents is not None else Wikicode([])
        if isinstance(node, Template) and is_ref_template(template_key(str(node.name))):
            return node.get("1").value if node.has("1") else Wikicode([])
    return code


def _is_block(node: object) -> bool:
    if isinstance(node, Tag):
        name = str(node.tag).lower()
        if name in _PREFORMATTED_TAGS:  # a whole line of code: a code block when it has line breaks
            return node.contents is not None and "\n" in str(node.contents).strip("\n")
        return name in {"table", "gallery"}
    if isinstance(node, Wikilink):
        namespace, _ = split_namespace(str(node.title).strip())
        return namespace in FILE_NAMESPACES and not str(node.title).strip().startswith(":")
    return False


def to_markdown(
    article: Article,
    *,
    base_url: str | None = None,
    templates: TemplateRegistry | None = None,
    relative_links: bool = True,
    offline_images: bool = False,
) -> str:
    """An article as GitHub-flavoured Markdown with footnotes.

    ``base_url`` is the wiki's page URL prefix (``https://en.wikipedia.org/wiki/``); without it, internal
    links point at ``Title.md`` beside the file (or stay text with ``relative_links=False``).
    ``offline_images=True`` writes each image as its caption instead of a link to the file.
    """
    writer = MarkdownWriter(
        article,
        base_url=base_url,
        templates=templates,
        relative_links=relative_links,
        offline_images=offline_images,
    )
    return writer.document()
