"""The document tree of a page, built in one pass over mwparserfromhell's tokens with MediaWiki's block rules.

``build_tree(wikitext)`` gives the page's blocks (headings among them, as pandoc keeps them). The rules are
MediaWiki 1.39's ``BlockLevelPass`` and ``doQuotes``: a line's list prefix (``*#:;``) is compared with the
line before it, ``;`` and ``:`` being one definition list; a line starting with a space is preformatted (not
inside a block quote); blank lines end paragraphs; quotes are balanced per line and never run into a cell, a
link's label or a template's argument; block-level tags (``<blockquote>``, tables, ``<pre>``, galleries) end
the paragraph around them, and tags that only style text (``<small>``, ``<span>``, ``<div>``) let the lists
and paragraphs inside them through.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import tree
from ..model.article import Citation, Infobox
from ..urls import external_url
from . import tokens as tk
from .calls import ItemCall
from .items import (
    BOXES,
    HIDDEN,
    LIST_MARKUP,
    attribute,
    cell_span,
    drop_first_char,
    drop_left_markup,
    flatten,
    is_blank,
    items_after,
    link_url,
    list_prefix,
    merge_text,
    parameter_text,
    read_items,
    split_lines,
    split_pipes,
    split_term,
    starts_with,
    strip_inlines,
    tag_body,
    template_parameter,
)
from .page import redirect_target
from .quotes import Styled, resolve_quotes
from .structure import infobox_kind
from .templates import DEFAULT_TEMPLATES, TemplateRegistry, is_citation_template, template_key
from .titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, normalise_title, split_namespace

# What MediaWiki reads as a tag: the HTML its Sanitizer allows and the extension tags of Wikipedia;
# any other tag (``<script>``, ``<img>``, ``<boo>``) is shown as the text it is, its content read as wikitext.
_KNOWN_TAGS = frozenset(
    {"b", "bdi", "del", "i", "ins", "u", "font", "big", "small", "sub", "sup", "h1", "h2", "h3", "h4", "h5"}
    | {"h6", "cite", "code", "em", "s", "strike", "strong", "tt", "var", "div", "center", "blockquote", "ol"}
    | {"ul", "dl", "table", "caption", "pre", "ruby", "rb", "rp", "rt", "rtc", "p", "span", "abbr", "dfn"}
    | {
        "kbd",
        "samp",
        "data",
        "time",
        "mark",
        "br",
        "wbr",
        "hr",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "q",
        "bdo",
    }
    | {"ref", "references", "nowiki", "gallery", "math", "chem", "ce", "syntaxhighlight", "source", "poem"}
    | {"section", "includeonly", "noinclude", "onlyinclude", "meta", "link"}
    | HIDDEN
)
_INLINE_STYLES: Mapping[str, Callable[[tree.Inlines], tree.Inline]] = {
    "b": tree.Bold,
    "strong": tree.Bold,
    "i": tree.Italic,
    "em": tree.Italic,
    "cite": tree.Italic,
    "u": tree.Underline,
    "ins": tree.Underline,
    "s": tree.Strike,
    "strike": tree.Strike,
    "del": tree.Strike,
    "sub": tree.Subscript,
    "sup": tree.Superscript,
}
_CODE = frozenset({"code", "tt", "kbd", "samp"})
_FIGURE_OPTIONS = frozenset({"thumb", "thumbnail", "frame", "framed", "frameless", "mini", "miniatur"})
_BLOCK_TAGS = frozenset({"blockquote", "table", "pre", "gallery", "references", "syntaxhighlight", "source"})
_BLOCK_TAGS |= frozenset({"ul", "ol", "dl", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "poem"})
_FOOTNOTE_TEMPLATES = frozenset({"#tag:ref", "refn", "efn", "efn-ua", "efn-lr", "efn-lg", "efn-la", "efn-ur"})
_REFERENCE_LISTS = {"reflist": None, "references": None, "reflist-talk": None, "notelist": "lower-alpha"}
_REFERENCE_LISTS |= {"notelist-ua": "upper-alpha", "notelist-lr": "lower-roman", "notelist-lg": "lower-greek"}
# Infobox parameters that set the layout, never shown as text (issue: the Markdown infobox showed them).
_LAYOUT_FIELD = re.compile(
    r"(^|_)(size|width|upright|alt|mapsize|pushpin|coordinates|coord|embed|bodystyle|abovestyle)(_|$)|^pushpin_"
)
# WikitextContent::getRedirectTargetAndText: the magic word, then the first link, then white space.
_REDIRECT_LINE = re.compile(r"\s*#[^\s:\[]+\s*:?\s*\[\[.*?\]\]\s*")
_QUOTE_TEMPLATES = frozenset({"quote", "blockquote", "quotation", "cquote", "quote box", "rquote"})


class FootnoteIndex:
    """Which citation a ``<ref>`` or a footnote template stands for: by group and name, else by its source."""

    def __init__(
        self,
        named: Mapping[tuple[str | None, str], int] | None = None,
        anonymous: Mapping[str, int] | None = None,
    ) -> None:
        self.named = dict(named or {})
        self.anonymous = dict(anonymous or {})

    @classmethod
    def of(cls, citations: Sequence[Citation]) -> FootnoteIndex:
        """The index of an article's citations (0-based), as ``parse_article`` identifies them."""
        index = cls()
        for number, citation in enumerate(citations):
            if citation.ref_name:
                index.named.setdefault((citation.group, citation.ref_name), number)
            else:
                index.anonymous.setdefault(citation.raw, number)
        return index

    def find(self, group: str | None, name: str | None, source: str) -> int | None:
        if name:
            found = self.named.get((group, name))
            if found is not None:
                return found
        return self.anonymous.get(source)


@dataclass
class _ListFrame:
    """An open list: its kind (``ul``/``ol``/``dl``) and its items, the last of which is being filled."""

    kind: str
    items: list[tuple[str, list[object]]] = field(default_factory=list)


class TreeBuilder:
    """Builds the blocks of one page; ``footnotes`` maps references to citations, ``warnings`` collects."""

    def __init__(
        self,
        source: str,
        *,
        footnotes: FootnoteIndex | None = None,
        templates: TemplateRegistry | None = None,
        infoboxes: Sequence[Infobox] = (),
    ) -> None:
        self.source = source
        self.footnotes = footnotes or FootnoteIndex()
        self.templates = DEFAULT_TEMPLATES if templates is None else templates
        self.warnings: list[str] = []
        self.notes: dict[int, tree.Inlines] = {}
        self._infoboxes = list(infoboxes)
        self._placed: set[int] = set()
        self._redirect_end = _redirect_end(source) if redirect_target(source) is not None else 0

    # -- blocks -------------------------------------------------------------------------------------------
    def blocks(self, items: tk.Items, *, in_quote: bool = False, mid_line: bool = False) -> list[tree.Block]:
        """Blocks of a sequence of items (a page, a cell, a block quote), line by line as MediaWiki goes.

        ``mid_line``: the items start after other text on their line (a cell after its ``|``), so their first
        line is not a line start (no preformatted text there).
        """
        if self._redirect_end:
            items = items_after(items, self._redirect_end)  # only the page's own items start at offset 0
        out: list[tree.Block] = []
        paragraph: list[tree.Inline] = []
        pre: list[tree.Inline] = []
        lists: list[_ListFrame] = []
        last_prefix = ""

        def flush() -> None:
            if pre:
                out.append(tree.Preformatted(tuple(merge_text(pre))))
                pre.clear()
            inlines = strip_inlines(merge_text(paragraph))
            if inlines:
                out.append(tree.Paragraph(inlines))
            paragraph.clear()

        def close_lists() -> None:
            nonlocal last_prefix
            while lists:
                self._close_list(lists, out)
            last_prefix = ""

        lines = split_lines(flatten(items))
        closers = [number for number, line in enumerate(lines) if _closes_table(line)]
        unread: set[int] = set()  # closing lines of tables that the token reader could not read
        number = -1
        while number + 1 < len(lines):
            number += 1
            line = lines[number]
            prefix, content = list_prefix(line)
            if prefix and set(prefix) == {":"} and _opens_table(content):
                after = bisect.bisect_right(closers, number)
                last = closers[after] if after < len(closers) else None
                table = None
                if last is not None and last not in unread:
                    table = self._indented_table(len(prefix), [content, *lines[number + 1 : last + 1]])
                if table is not None and last is not None:
                    flush()
                    close_lists()
                    out.append(table)
                    number = last
                    continue
                if last is not None:
                    unread.add(last)
            if prefix:
                flush()
                last_prefix = self._list_line(lists, last_prefix, prefix, content, out)
                continue
            if lists:
                close_lists()
            if is_blank(content):
                flush()
                continue
            first = content[0]
            if (
                not in_quote
                and not (mid_line and number == 0)
                and isinstance(first, str)
                and first.startswith(" ")
                and not any(_is_block_item(item) for item in content)
            ):
                if paragraph:
                    flush()
                if pre:
                    pre.append(tree.Text("\n"))
                pre.extend(self.inline_line([first[1:], *content[1:]]))
                continue
            if pre:
                flush()
            if isinstance(first, tk.Heading):
                flush()
                out.append(tree.Heading(first.level, strip_inlines(self.inline_line(first.title))))
                content = content[1:]
            elif isinstance(first, tk.Tag) and first.markup == "----":
                flush()
                out.append(tree.HorizontalRule())
                content = content[1:]
            if any(_is_block_item(item) for item in content):
                # A line holding a block ends the paragraph before it, and its own text after the block
                # stands alone: MediaWiki closes the paragraph on such a line and opens none for its text.
                flush()
                self._flow(content, paragraph, out, flush)
                flush()
            else:
                self._flow(content, paragraph, out, flush)
        close_lists()
        flush()
        return out

    def _indented_table(self, depth: int, lines: list[tk.Items]) -> tree.Block | None:
        """A table opened on an indented line (``:{|``), to its ``|}`` line: MediaWiki's doTableStuff puts it
        in a definition list's detail, one per colon. The token reader saw text there, so the table's
        wikitext is read again; None if the reader does not read a table there either."""
        wikitext = "\n".join("".join(self._written(item) for item in line) for line in lines).lstrip()
        try:
            source, items, warnings = read_items(wikitext)
        except tk.TokenReadError:
            return None
        if not items or not (isinstance(items[0], tk.Tag) and items[0].name == "table"):
            return None
        nested = TreeBuilder(source, footnotes=self.footnotes, templates=self.templates)
        nested.notes, nested._infoboxes, nested._placed = self.notes, self._infoboxes, self._placed
        block: tree.Block = tree.DefinitionList((tree.Detail(tuple(nested.blocks(items))),))
        for _ in range(depth - 1):
            block = tree.DefinitionList((tree.Detail((block,)),))
        self.warnings.extend([*warnings, *nested.warnings])
        return block

    def _written(self, item: tk.Item) -> str:
        return item if isinstance(item, str) else self.source[item.start : item.end]

    def _flow(
        self,
        content: tk.Items,
        paragraph: list[tree.Inline],
        out: list[tree.Block],
        flush: Callable[[], None],
    ) -> None:
        """One line's content: inline runs continue the paragraph, block items stand between paragraphs."""
        run: tk.Items = []
        for item in content:
            if _is_block_item(item):
                if run:
                    self._continue(paragraph, self.inline_line(run))
                    run = []
                flush()
                out.extend(self.block_item(item))
            else:
                run.append(item)
        if run and not is_blank(run):
            self._continue(paragraph, self.inline_line(run))

    @staticmethod
    def _continue(paragraph: list[tree.Inline], inlines: list[tree.Inline]) -> None:
        if paragraph and inlines:
            paragraph.append(tree.Text("\n"))
        paragraph.extend(inlines)

    # -- lists: MediaWiki's prefix comparison, ';' and ':' counting as one kind ---------------------------
    def _list_line(
        self, lists: list[_ListFrame], last: str, prefix: str, content: tk.Items, out: list[tree.Block]
    ) -> str:
        compared = prefix.replace(";", ":")
        common = 0
        while common < min(len(compared), len(last)) and compared[common] == last[common]:
            common += 1
        while len(lists) > common:
            self._close_list(lists, out)
        if len(compared) <= common and common > 0:
            self._next_item(lists[-1], prefix[common - 1])
        while len(lists) < len(prefix):
            char = prefix[len(lists)]
            frame = _ListFrame({"*": "ul", "#": "ol"}.get(char, "dl"))
            if lists:
                self._current_item(lists[-1])[1].append(frame)
            lists.append(frame)
            self._next_item(frame, char)
        term, detail = split_term(content) if prefix[-1] == ";" else (content, None)
        self._fill(lists[-1], term)
        if detail is not None:
            self._next_item(lists[-1], ":")
            self._fill(lists[-1], detail)
        return compared

    @staticmethod
    def _current_item(frame: _ListFrame) -> tuple[str, list[object]]:
        if not frame.items:
            frame.items.append(("*" if frame.kind == "ul" else "#" if frame.kind == "ol" else ":", []))
        return frame.items[-1]

    @staticmethod
    def _next_item(frame: _ListFrame, char: str) -> None:
        frame.items.append((char, []))

    def _fill(self, frame: _ListFrame, content: tk.Items) -> None:
        """The item's text (and any block inside it) as the item's blocks; nested lists come after."""
        parts = self._current_item(frame)[1]
        inner: list[tree.Block] = []
        paragraph: list[tree.Inline] = []

        def flush() -> None:
            inlines = strip_inlines(merge_text(paragraph))
            if inlines:
                inner.append(tree.Paragraph(inlines))
            paragraph.clear()

        self._flow(content, paragraph, inner, flush)
        flush()
        parts.extend(inner)

    def _close_list(self, lists: list[_ListFrame], out: list[tree.Block]) -> None:
        frame = lists.pop()
        node = self._list_node(frame)
        if lists:
            parts = self._current_item(lists[-1])[1]
            index = next(i for i, part in enumerate(parts) if part is frame)
            parts[index] = node
        else:
            out.append(node)

    @staticmethod
    def _list_node(frame: _ListFrame) -> tree.Block:
        def item_blocks(parts: list[object]) -> tree.Blocks:
            return tuple(part for part in parts if not isinstance(part, _ListFrame))  # type: ignore[misc]

        if frame.kind == "dl":
            entries: list[tree.Term | tree.Detail] = []
            for char, parts in frame.items:
                blocks = item_blocks(parts)
                if char == ";" and not blocks:
                    entries.append(tree.Term(()))
                elif char == ";" and len(blocks) == 1 and isinstance(blocks[0], tree.Paragraph):
                    entries.append(tree.Term(blocks[0].content))
                else:
                    entries.append(tree.Detail(blocks))
            return tree.DefinitionList(tuple(entries))
        items = tuple(item_blocks(parts) for _, parts in frame.items)
        return tree.BulletList(items) if frame.kind == "ul" else tree.OrderedList(items)

    # -- block items --------------------------------------------------------------------------------------
    def block_item(self, item: tk.Item) -> list[tree.Block]:
        if isinstance(item, tk.Heading):
            return [tree.Heading(item.level, strip_inlines(self.inline_line(item.title)))]
        if isinstance(item, tk.Template):
            return self.block_template(item)
        if isinstance(item, tk.Wikilink):
            return [self.figure(item)]
        if not isinstance(item, tk.Tag):
            return []
        name = item.name
        if name == "table":
            return [self.table(item)]
        if item.markup == "----" or name == "hr":
            return [tree.HorizontalRule()]
        if name == "blockquote":
            return [tree.BlockQuote(tuple(self.blocks(item.body or [], in_quote=True)))]
        if name in {"pre", "syntaxhighlight", "source"}:
            language = attribute(item, "lang")
            text = self.source[item.body_start : item.body_end] if item.body is not None else ""
            return [tree.CodeBlock(text.strip("\n"), language)]
        if name == "references":
            self.inline_line(item.body or [])  # list-defined references: their notes are read, not shown here
            return [tree.References(attribute(item, "group"))]
        if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            return [tree.Heading(int(name[1]), strip_inlines(self.inline_line(item.body or [])))]
        if name == "gallery":
            return [tree.Gallery(tuple(self.gallery(item)))]
        if name in {"ul", "ol", "dl"}:
            return [self.html_list(item)]
        if name == "poem":
            return self.blocks(item.body or [], in_quote=True)  # no preformatted lines, as in <poem>
        return []

    def block_template(self, item: tk.Template) -> list[tree.Block]:
        key = template_key(tk.text_of(item.name))
        if key in _REFERENCE_LISTS:
            defined = template_parameter(item, "refs")
            if defined is not None:
                self.inline_line(defined.value)  # list-defined references: their notes are read
            return [tree.References(parameter_text(item, "group") or _REFERENCE_LISTS[key])]
        if key in _QUOTE_TEMPLATES:
            quoted = (
                template_parameter(item, "text")
                or template_parameter(item, "quote")
                or template_parameter(item, "1")
            )
            blocks = self.blocks(quoted.value, in_quote=True) if quoted is not None else []
            return [tree.BlockQuote(tuple(blocks))] if blocks else []
        number = self._infobox_number(item)
        if number is None:
            return []
        values: dict[str, tk.Items] = {}
        for parameter in item.parameters:  # first place, last value: as MediaWiki reads a repeated parameter
            values[parameter.name] = parameter.value
        fields = [
            (name, content)
            for name, value in values.items()
            if not _LAYOUT_FIELD.search(name) and (content := strip_inlines(self.inline_line(value)))
        ]
        return [tree.InfoboxBlock(number, tuple(fields))]

    def _infobox_number(self, item: tk.Template) -> int | None:
        """Which of the article's infoboxes this template is: the first not yet placed with its parameters."""
        written = tuple((p.name, self.source[p.start : p.end].strip()) for p in item.parameters)
        for number, infobox in enumerate(self._infoboxes):
            if number not in self._placed and infobox.parameters == written:
                self._placed.add(number)
                return number
        return None

    def figure(self, item: tk.Wikilink) -> tree.Figure:
        image = self.file_ref(split_namespace(tk.text_of(item.title).strip())[1], item)
        return tree.Figure(image.file, image.caption, image.options)

    def table(self, item: tk.Tag) -> tree.Table:
        rows: list[list[tree.Cell]] = [[]]
        caption: tree.Inlines = ()
        for child in flatten(item.body or []):
            if not isinstance(child, tk.Tag):
                continue
            if child.name == "tr":
                if rows[-1]:
                    rows.append([])
                for cell in flatten(child.body or []):
                    if isinstance(cell, tk.Tag) and cell.name in {"td", "th"}:
                        rows[-1].append(self.cell(cell))
                rows.append([])
            elif child.name in {"td", "th"}:
                caption_body = _caption_body(child)
                if caption_body is not None and not caption and rows == [[]]:
                    caption = strip_inlines(self.inline_line(caption_body))
                    continue
                rows[-1].append(self.cell(child))
            elif child.name == "caption":
                caption = strip_inlines(self.inline_line(child.body or []))
        return tree.Table(tuple(tree.Row(tuple(row)) for row in rows if row), caption)

    def cell(self, item: tk.Tag) -> tree.Cell:
        return tree.Cell(
            tuple(self.blocks(drop_left_markup(item.body or []), mid_line=True)),
            header=item.name == "th",
            colspan=cell_span(item, "colspan", 1000),
            rowspan=cell_span(item, "rowspan", 65534),
        )

    def html_list(self, item: tk.Tag) -> tree.Block:
        entries = [child for child in flatten(item.body or []) if isinstance(child, tk.Tag)]
        if item.name == "dl":
            parts: list[tree.Term | tree.Detail] = []
            for entry in entries:
                if entry.name == "dt":
                    parts.append(tree.Term(strip_inlines(self.inline_line(entry.body or []))))
                elif entry.name == "dd":
                    parts.append(tree.Detail(tuple(self.blocks(entry.body or []))))
            return tree.DefinitionList(tuple(parts))
        items = tuple(tuple(self.blocks(entry.body or [])) for entry in entries if entry.name == "li")
        return tree.BulletList(items) if item.name == "ul" else tree.OrderedList(items)

    def gallery(self, item: tk.Tag) -> list[tree.Figure]:
        text = self.source[item.body_start : item.body_end] if item.body is not None else ""
        figures = []
        for line in text.split("\n"):
            file, _, caption = line.strip().partition("|")
            namespace, rest = split_namespace(file)
            name = rest if namespace in FILE_NAMESPACES else file.strip()
            if name:
                figures.append(tree.Figure(normalise_title(name), strip_inlines(self.inline_text(caption))))
        return figures

    def inline_text(self, wikitext: str) -> list[tree.Inline]:
        """Inlines of a piece of wikitext that the tokenizer has not seen (a gallery caption)."""
        if not wikitext:
            return []
        source, items, warnings = read_items(wikitext)
        nested = TreeBuilder(source, footnotes=self.footnotes, templates=self.templates)
        inlines = nested.inline_line(items)
        self.warnings.extend([*warnings, *nested.warnings])
        return inlines

    # -- inlines ------------------------------------------------------------------------------------------
    def plain_text(self, items: tk.Items) -> str:
        """Items as plain text (a template's argument, for its renderer)."""
        return tree.plain(tuple(self.inline_line(items)))

    def inline_line(self, items: Sequence[tk.Item]) -> list[tree.Inline]:
        """Inlines of one line (or a label, a cell line): quotes resolved within it, as MediaWiki does."""
        flat = [item for item in items if not isinstance(item, tk.Comment)]
        return merge_text(self._styled(resolve_quotes(flat)))

    def _styled(self, pieces: Sequence[tk.Item | Styled[tk.Item]]) -> list[tree.Inline]:
        out: list[tree.Inline] = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(tree.Text(piece))
            elif isinstance(piece, Styled):
                content = tuple(merge_text(self._styled(piece.content)))
                out.append(tree.Bold(content) if piece.style == "b" else tree.Italic(content))
            else:
                out.extend(self.inline_item(piece))
        return out

    def inline_item(self, item: tk.Item) -> list[tree.Inline]:
        if isinstance(item, tk.Entity):
            return [tree.Text(item.text)]
        if isinstance(item, tk.Wikilink):
            return self.wikilink(item)
        if isinstance(item, tk.ExternalLink):
            return self.external_link(item)
        if isinstance(item, tk.Template):
            return self.template(item)
        if isinstance(item, tk.Tag):
            return self.tag(item)
        if isinstance(item, tk.Argument):
            return [tree.Text(self.source[item.start : item.end])]
        if isinstance(item, tk.Heading):
            return self.inline_line(item.title)
        return []

    def _footnote(self, found: int | None, body: tk.Items) -> list[tree.Inline]:
        """A use of a reference; the first text given for it becomes its note."""
        if found is None:
            return []
        if found not in self.notes and not is_blank(body):
            self.notes[found] = ()  # a reference inside its own text must not recurse
            self.notes[found] = strip_inlines(self.inline_line(body))
        return [tree.FootnoteRef(found)]

    def unknown_tag(self, item: tk.Tag) -> list[tree.Inline]:
        """A tag MediaWiki does not know: its markup is text, its content wikitext as usual."""
        if item.body is None:
            return [tree.Text(self.source[item.start : item.end])]
        opening = tree.Text(self.source[item.start : item.body_start])
        closing = tree.Text(self.source[item.body_end : item.end])
        return [opening, *self.inline_line(item.body), closing]

    def wikilink(self, item: tk.Wikilink) -> list[tree.Inline]:
        target = tk.text_of(item.title).strip()
        leading_colon = target.startswith(":")
        namespace, rest = split_namespace(target.lstrip(":"))
        if not leading_colon and namespace in FILE_NAMESPACES:
            return [self.file_ref(rest, item)]
        if not leading_colon and (namespace in CATEGORY_NAMESPACES or namespace in LANGUAGE_CODES):
            return []
        page, _, anchor = target.lstrip(":").partition("#")
        label = strip_inlines(self.inline_line(item.text)) if item.text else [tree.Text(target.lstrip(":"))]
        return [
            tree.Link(normalise_title(page) if page.strip() else "", tuple(label), anchor.strip() or None)
        ]

    def file_ref(self, file: str, item: tk.Wikilink) -> tree.FileRef:
        parts = split_pipes(item.text or [])
        options = tuple(tk.text_of(part).strip() for part in parts[:-1])
        caption = strip_inlines(self.inline_line(parts[-1])) if parts else []
        return tree.FileRef(normalise_title(file), tuple(caption), options)

    def external_link(self, item: tk.ExternalLink) -> list[tree.Inline]:
        written, rest = link_url(item)
        url = external_url(written)
        if url is None:
            return [tree.Text(self.source[item.start : item.end])]
        # A free URL can swallow a template written right after it ({{dead link}}): that stands apart.
        trailing = [
            inline
            for part in item.url
            if not isinstance(part, str | tk.Entity)
            for inline in self.inline_item(part)
        ]
        if not item.brackets:
            after = [tree.Text(rest)] if rest else []
            return [tree.WebLink(url, (tree.Text(written),), "free"), *after, *trailing]
        if item.title is None or is_blank(item.title):
            return [tree.WebLink(url, (), "numbered"), *trailing]
        return [tree.WebLink(url, tuple(strip_inlines(self.inline_line(item.title))), "labelled"), *trailing]

    def template(self, item: tk.Template) -> list[tree.Inline]:
        name = " ".join(tk.text_of(item.name).replace("_", " ").split())
        key = template_key(name)
        source = self.source[item.start : item.end]
        if key in _FOOTNOTE_TEMPLATES:
            group = parameter_text(item, "group")
            found = self.footnotes.find(group, parameter_text(item, "name"), source)
            text = template_parameter(item, "1")
            return self._footnote(found, text.value if text is not None else [])
        if is_citation_template(key):
            cited = self.footnotes.find(None, None, source)
            if cited is not None:
                return [tree.CitationRef(cited)]
        renderer = self.templates.lookup(key)
        if renderer is not None:
            rendered = renderer(ItemCall(item, name, self.source, self.plain_text))
            return [tree.Text(rendered)] if rendered else []
        parameters = tuple(
            (parameter.name, self.source[parameter.start : parameter.end]) for parameter in item.parameters
        )
        return [tree.UnrenderedTemplate(name, parameters)]

    def tag(self, item: tk.Tag) -> list[tree.Inline]:
        name = item.name
        if item.markup in LIST_MARKUP or name in HIDDEN:
            return []
        if item.markup is None and name not in _KNOWN_TAGS:
            return self.unknown_tag(item)
        if name == "ref":
            group = attribute(item, "group")
            found = self.footnotes.find(group, attribute(item, "name"), self.source[item.start : item.end])
            return self._footnote(found, tag_body(item) or [])
        if name == "br":
            return [tree.LineBreak()]
        body = item.body or []
        if name == "nowiki":
            return [tree.Text(html.unescape(self.source[item.body_start : item.body_end]))] if body else []
        if name == "math":
            tex = self.source[item.body_start : item.body_end].strip() if item.body is not None else ""
            return [tree.Math(tex)] if tex else []
        if name in _CODE:
            text = tree.plain(tuple(self.inline_line(body)))
            return [tree.Code(text)] if text else []
        style = _INLINE_STYLES.get(name)
        if style is not None:
            content = merge_text(self.inline_line(body))
            return [style(tuple(content))] if content else []
        content = self.inline_line(body)
        if name in BOXES and content:  # a box's words never run into the words around it
            return [tree.Text(" "), *content, tree.Text(" ")]
        return content


# -- helpers over items ------------------------------------------------------------------------------------
def _is_block_item(item: tk.Item) -> bool:
    if isinstance(item, tk.Heading):
        return True
    if isinstance(item, tk.Tag):
        return item.name in _BLOCK_TAGS or item.markup == "----"
    if isinstance(item, tk.Template):
        key = template_key(tk.text_of(item.name))
        return key in _REFERENCE_LISTS or key in _QUOTE_TEMPLATES or infobox_kind(key) is not None
    if isinstance(item, tk.Wikilink):
        return _is_figure(item)
    return False


def _opens_table(content: tk.Items) -> bool:
    return bool(content) and isinstance(content[0], str) and content[0].lstrip().startswith("{|")


def _closes_table(line: tk.Items) -> bool:
    """A line that closes a table opened as text (tables nested in that one were read as tables, so the
    first such line after the opening one is its own)."""
    return bool(line) and isinstance(line[0], str) and line[0].lstrip().startswith("|}")


def _caption_body(cell: tk.Tag) -> tk.Items | None:
    """The caption's text if a ``|`` cell is a table caption (``|+ Caption``, ``|+ style="…" | Caption``): the
    token reader reads ``+`` as the cell's first character, or as the start of its first attribute."""
    body = cell.body or []
    if cell.markup != "|" or cell.name != "td":
        return None
    if not cell.attributes:
        return drop_first_char(body) if starts_with(body, "+") else None
    first = cell.attributes[0]
    return body if first.name.startswith("+") and first.start == cell.start + 1 else None


def _is_figure(item: tk.Wikilink) -> bool:
    """A file link set apart from the text (``thumb``, ``frame``, …), which MediaWiki writes as a block."""
    target = tk.text_of(item.title).strip()
    if target.startswith(":") or split_namespace(target)[0] not in FILE_NAMESPACES:
        return False
    return any(tk.text_of(part).strip().lower() in _FIGURE_OPTIONS for part in split_pipes(item.text or []))


def _redirect_end(source: str) -> int:
    """Where a redirect's line (``#REDIRECT [[Target]]`` and the white space after it) ends: MediaWiki shows
    its redirect notice instead, and reads only the rest of the page."""
    found = _REDIRECT_LINE.match(source)
    return found.end() if found else 0


@dataclass(frozen=True, slots=True)
class Document:
    """What the builder gives: the page's blocks, each citation's note (the reference's own text, as
    inlines, by citation index) and the warnings met on the way."""

    blocks: tree.Blocks
    notes: Mapping[int, tree.Inlines]
    warnings: tuple[str, ...]


def build_tree(
    wikitext: str,
    *,
    citations: Sequence[Citation] = (),
    templates: TemplateRegistry | None = None,
    infoboxes: Sequence[Infobox] = (),
) -> Document:
    """The page's document tree.

    ``citations`` and ``infoboxes`` are the article's: footnotes and infobox blocks point into them.
    """
    try:
        source, items, warnings = read_items(wikitext)
    except tk.TokenReadError as error:
        reason = f"the page could not be read into a document tree ({error})"
        return Document((tree.UnrenderedBlock(wikitext, reason),), {}, (reason,))
    builder = TreeBuilder(
        source, footnotes=FootnoteIndex.of(citations), templates=templates, infoboxes=infoboxes
    )
    builder.warnings.extend(warnings)
    blocks = tuple(builder.blocks(items))
    return Document(blocks, builder.notes, tuple(builder.warnings))
