"""Articles as GitHub-flavoured Markdown with footnotes.

One small method per kind of node (heading, paragraph, list item, table, image, link, reference, infobox,
citation), gathered in :class:`MarkdownWriter`; subclass it to change one, e.g. ``page_url``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import quote

import mwparserfromhell
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
from ..wikitext.nodes import LIST_TAGS, list_markers, split_nodes
from ..wikitext.parsing import parse_wikitext
from ..wikitext.templates import DEFAULT_TEMPLATES, Call, TemplateRegistry, is_citation_template, template_key
from ..wikitext.text import TextRenderer, tidy
from ..wikitext.titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, split_namespace
from .markdown_text import escape, join_blocks, safe_url, slug, strip_markdown, wrap

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
_STRAY_MARKUP = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|</?ref\b[^>]*>|^\s*(?:\{\||\|\}|\|-)[^\n]*", re.IGNORECASE | re.MULTILINE
)
_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp", "var"})


class MarkdownWriter:
    """Renders one Article; footnotes are numbered per article, one per distinct citation."""

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
    ) -> None:
        self.article = article
        self.base_url = base_url
        self.relative_links = relative_links
        self.offline_images = offline_images
        self.footnote_prefix = footnote_prefix
        self.book_pages = book_pages or {}
        self.raw_html = raw_html
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
        self._cited: list[int] = []
        self._in_footnote = False

    # -- URLs -----------------------------------------------------------------------------------------
    def page_url(self, title: str, anchor: str | None = None) -> str | None:
        """Where an internal link points: a chapter of the same book, the wiki's page when a base URL is
        known, else ``Title.md`` (or nowhere, with ``relative_links=False``: the label stays as text)."""
        if title in self.book_pages:
            return "#" + self.book_pages[title]
        fragment = "#" + quote(anchor.replace(" ", "_")) if anchor else ""
        if not title:  # a section of this page: GitHub's heading slug; a book has no such id
            return "#" + slug(anchor) if anchor and self.relative_links else None
        if self.base_url:
            return self.base_url + quote(title.replace(" ", "_"), safe="/:()',!") + fragment
        if not self.relative_links:
            return None
        return quote(title.replace(" ", "_"), safe="()',!") + ".md" + fragment

    def file_url(self, file: str) -> str | None:
        return self.page_url("Special:FilePath/" + file) if self.base_url else self.page_url("File:" + file)

    def link(self, label: str, url: str | None) -> str:
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
        rows = [f"| {escape(infobox.name)} | |", "| --- | --- |"]
        for key, value in infobox.parameters:
            shown = self.inline(mwparserfromhell.parse(value)).strip()
            if shown:
                cell = shown.replace("\n", self.line_break)
                rows.append(f"| {escape(key.replace('_', ' '))} | {cell} |")
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
        code = mwparserfromhell.parse(wikitext) if isinstance(wikitext, str) else wikitext
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
        if isinstance(node, Wikilink):
            return self.image_block(node)
        if isinstance(node, Tag) and str(node.tag).lower() == "gallery" and node.contents is not None:
            from ..wikitext.links import gallery_images

            images = gallery_images(node.contents, self.text)
            return "\n\n".join(
                self.figure(i.file, self.inline(mwparserfromhell.parse(i.caption_wikitext))) for i in images
            )
        return self.inline_nodes([node]).strip()

    def image_block(self, link: Wikilink) -> str:
        from ..wikitext.links import classify

        image = classify(link, self.text)
        caption = getattr(image, "caption_wikitext", "")
        return self.figure(
            getattr(image, "file", ""), self.inline(mwparserfromhell.parse(caption)) if caption else ""
        )

    def figure(self, file: str, caption: str) -> str:
        """An image with its caption; the caption stands in for it where the file is not at hand."""
        url = None if self.offline_images else self.file_url(file)
        if url is None:
            return f"*{caption.strip()}*" if caption.strip() else ""
        alt = re.sub(r"[\[\]\n]", " ", strip_markdown(caption)).strip() or escape(file)
        text = f"![{alt}]({url})"
        return f"{text}\n\n*{caption.strip()}*" if caption.strip() else text

    def table(self, tag: Tag) -> str:
        from ..wikitext.structure import cell_span, table_cells

        cell_rows, caption_code = table_cells(tag)
        rows = [
            [self.inline(cell.contents).strip() if cell.contents else "" for cell in row] for row in cell_rows
        ]
        spans = [[cell_span(cell, "colspan") for cell in row] for row in cell_rows]
        if not rows:
            return ""
        caption_text = (
            tidy(self.text.render(caption_code)).removeprefix("+").strip() if caption_code else None
        )
        if self.raw_html and any("\n" in cell for row in rows for cell in row):
            headers = [[str(cell.tag).lower() == "th" for cell in row] for row in cell_rows]
            return self.html_table(rows, headers, caption_text)
        width = max(sum(row_spans) for row_spans in spans)
        lines = []
        for number, (row, row_spans) in enumerate(zip(rows, spans, strict=True)):
            cells: list[str] = []
            for cell, span in zip(row, row_spans, strict=True):
                cells.extend([cell] + [""] * (span - 1))
            cells += [""] * (width - len(cells))
            lines.append("| " + " | ".join(cell.replace("\n", " ") for cell in cells) + " |")
            if number == 0:
                lines.append("|" + " --- |" * width)
        caption = f"*{escape(caption_text)}*\n\n" if caption_text else ""
        return caption + "\n".join(lines)

    def html_table(self, rows: list[list[str]], headers: list[list[bool]], caption: str | None) -> str:
        import html

        out = ["<table>"]
        if caption:
            out.append(f"<caption>{html.escape(caption)}</caption>")
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
        return "".join(self.node(node) for node in nodes)

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
        if isinstance(node, HTMLEntity):
            return escape(str(node.normalize()))
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
        url = safe_url("".join(str(node) for node in text_nodes)).replace("(", "%28").replace(")", "%29")
        if link.title is not None:
            return f"[{self.inline(link.title).strip()}]({url}){others}"
        return (f"<{url}>" if not link.brackets else f"[link]({url})") + others

    def template(self, template: Template) -> str:
        key = template_key(str(template.name))
        renderer = self.templates.lookup(key)
        if renderer is not None:
            return escape(renderer(Call(template, self.text.render)))
        if key in {"#tag:ref", "refn"}:
            return self.footnote_mark(None, str(template))
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
        if name in {"nowiki", "pre", "source", "syntaxhighlight"} or name in _CODE_TAGS:
            code = str(tag.contents) if name != "code" else tidy(self.text.render(tag.contents))
            return "`" + code.replace("`", "'") + "`" if code.strip() else ""
        if name == "math":
            return f"${str(tag.contents).strip()}$"
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
        number = self._named.get((group, name)) if name else self._anonymous.get(str(tag))
        return self.footnote_mark(number, str(tag))

    def footnote_mark(self, number: int | None, raw: str) -> str:
        if self._in_footnote:
            return ""  # a reference inside a reference: its text is in its own footnote
        if number is None:
            number = self._anonymous.get(raw)
        if number is None:
            return ""
        if number not in self._cited:
            self._cited.append(number)
        return f"[^{self.footnote_prefix}{number}]"

    def citation(self, citation: Citation) -> str:
        """A citation as one line of Markdown: authors, linked title, work, publisher, date, access date."""
        if citation.template is None:
            inner = re.sub(r"^<ref[^>]*>|</ref>$", "", citation.raw.strip(), flags=re.IGNORECASE)
            text = self.inline(mwparserfromhell.parse(inner)).strip()
            return text or escape(citation.text or citation.url or "")
        parts = []
        names = "; ".join(escape(p.name) for p in citation.authors)
        if names:
            parts.append(names + ".")
        title = escape(citation.title or citation.get("chapter") or citation.url or "Untitled")
        parts.append(f'"[{title}]({safe_url(citation.url)})".' if citation.url else f'"{title}".')
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
            parts.append(f"[Archived]({safe_url(citation.archive_url)}){when}.")
        if citation.access_date:
            parts.append(f"Accessed {escape(citation.access_date)}.")
        parts.extend(self.citation(other) for other in citation.bundled)
        return " ".join(parts)

    def footnotes(self) -> str:
        lines = []
        self._in_footnote = True
        try:
            for number in sorted(self._cited):
                citation = self.article.citations[number - 1]
                lines.append(f"[^{self.footnote_prefix}{number}]: {self.citation(citation)}")
        finally:
            self._in_footnote = False
        return "\n".join(lines)


def _is_block(node: object) -> bool:
    if isinstance(node, Tag):
        return str(node.tag).lower() in {"table", "gallery"}
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
