"""What an Article lists (links, templates, citations, infoboxes, tables, lists, sections), in one walk over
the token reader's items: no mwparserfromhell tree is built.

The walk visits what MediaWiki would: a link's label, a template's arguments, a tag's content (not the
content of ``<nowiki>``, ``<pre>``, ``<math>`` and the like). Text is rendered by :class:`TextBuilder`, the
document builder's inline reader with citation templates written out, so the lists and the tree agree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import (
    Category,
    Citation,
    ExternalLink,
    Image,
    Infobox,
    LanguageLink,
    ListBlock,
    ListItem,
    Section,
    Table,
    TableCell,
    TemplateCall,
    WikiLink,
    tree,
)
from . import tokens as tk
from .blocks import TreeBuilder
from .cs1 import citation_from_parameters
from .items import (
    LIST_MARKUP,
    attribute,
    cell_span,
    drop_first_char,
    link_url,
    list_prefix,
    parameter_text,
    split_lines,
    starts_with,
    tag_body,
)
from .structure import (
    infobox_caption,
    infobox_from_template,
    infobox_image_files,
    infobox_kind,
    nest_sections,
)
from .templates import DATE_TEMPLATES, date_parts, is_citation_template, template_key
from .titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, normalise_title, split_namespace

_LIST_DEFINING_TEMPLATES = frozenset({"reflist", "references", "notelist", "reflist-talk"})
_REF_TEMPLATES = frozenset({"#tag:ref", "refn"})
_UNREAD_TAGS = frozenset({"nowiki", "pre", "math", "source", "syntaxhighlight", "score", "timeline", "graph"})
_NO_SECTIONS_INSIDE = frozenset({"ref", "references", "nowiki", "pre", "gallery", "math", "source",
                                 "syntaxhighlight", "table", "includeonly", "noinclude"})  # fmt: skip
_BROKEN = {
    "{{": "an unclosed template '{{'",
    "[[": "an unclosed link '[['",
    "<ref": "an unclosed <ref>",
    "{|": "an unclosed table '{|'",
}
_BROKEN_MARKER = re.compile("|".join(re.escape(marker) for marker in _BROKEN), re.IGNORECASE)
_IMAGE_KEYWORDS = frozenset(
    {"thumb", "thumbnail", "frame", "framed", "frameless", "border", "left", "right", "center", "centre",
     "none", "upright", "baseline", "middle", "sub", "super", "text-top", "text-bottom", "top", "bottom",
     "miniatur", "mini", "links", "rechts", "zentriert", "hochkant", "duim", "regs", "gerahmt"}
)  # fmt: skip
_IMAGE_OPTION = re.compile(
    r"^(?:\d*x?\d+\s*px|upright\s*=?\s*[\d.]*|(?:alt|link|page|lang|class|thumbtime|start|end|upright|hochkant)\s*=.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SILENT_TAGS = frozenset(
    {"references", "gallery", "imagemap", "timeline", "graph", "templatedata", "mapframe", "maplink", "score",
     "inputbox", "categorytree", "indicator", "section", "noinclude", "style", "templatestyles", "chem", "ce"}
)  # fmt: skip
_LIST_KINDS = {"*": "bullet", "#": "number", ";": "term", ":": "definition"}
_MARKUP = re.compile(r"[\[\]{}<>'&]")


class TextBuilder(TreeBuilder):
    """The document builder as a plain-text renderer: references leave no mark, citation templates are
    written out as their readable form."""

    def template(self, item: tk.Template) -> list[tree.Inline]:
        key = template_key(tk.text_of(item.name))
        if is_citation_template(key) and self.templates.lookup(key) is None:
            return [tree.Text(self.citation(item, raw=None).text or "")]
        return super().template(item)

    def tag(self, item: tk.Tag) -> list[tree.Inline]:
        if (item.name in _SILENT_TAGS and item.markup is None) or item.name == "table":
            return []  # a table's text is in its own Table; the others show nothing readable
        return super().tag(item)

    def citation(self, item: tk.Template, raw: str | None) -> Citation:
        """A citation template read into a Citation (parameters as plain text)."""
        parameters = [(self.parameter_name(p), self.text(p.value)) for p in item.parameters]
        return citation_from_parameters(
            template_key(tk.text_of(item.name)), self.source[item.start : item.end] if raw is None else raw,
            parameters,
        )  # fmt: skip

    def source_of(self, items: tk.Items | None, *, comments: bool = True) -> str:
        """The wikitext of items as written (without comments with ``comments=False``)."""
        if not items:
            return ""
        return "".join(
            item
            if isinstance(item, str)
            else ""
            if not comments and isinstance(item, tk.Comment)
            else self.source[item.start : item.end]
            for item in items
        )

    def parameter_name(self, parameter: tk.Parameter) -> str:
        """A parameter's name as written (``"2"`` for the second positional one), stripped."""
        if not parameter.showkey:
            return parameter.name
        return self.source[parameter.key_start : parameter.start - 1].strip()

    def text(self, items: tk.Items) -> str:
        """Items as tidy plain text."""
        if len(items) == 1 and isinstance(items[0], str):
            return tree.tidy(items[0]) if not _MARKUP.search(items[0]) else self._rendered(items)
        return self._rendered(items)

    def _rendered(self, items: tk.Items) -> str:
        return tree.tidy(tree.plain(tuple(self.inline_line(items))))


@dataclass(slots=True)
class _Definition:
    raw: str
    contents: tk.Items


@dataclass
class References:
    """``<ref>`` uses and definitions, resolved into one Citation per distinct reference (first-use order)."""

    text: TextBuilder
    order: list[tuple[str | None, str]] = field(default_factory=list)
    uses: dict[tuple[str | None, str], int] = field(default_factory=dict)
    definitions: dict[tuple[str | None, str], _Definition] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _anonymous: int = 0

    def add(
        self, name: str | None, group: str | None, contents: tk.Items | None, raw: str, *, defining: bool
    ) -> None:
        name = (name or "").strip() or None
        group = (group or "").strip() or None
        written = self.text.source_of(contents).strip() if contents is not None else ""
        if not written and name is None:
            self.warnings.append(f"an empty reference without a name: {raw[:80]!r}")
            return
        if name is None:
            self._anonymous += 1
        key = (group, name or f"\x00{self._anonymous}")
        if not defining:
            self._see(key)
            self.uses[key] += 1
        if not written or contents is None:
            return
        known = self.definitions.get(key)
        if known is None:
            self.definitions[key] = _Definition(raw, contents)
            if defining:
                self._see(key)
        elif self.text.source_of(known.contents).strip() != written:
            self.warnings.append(
                f"reference {name!r} is defined twice with different text; the first is kept"
            )

    def _see(self, key: tuple[str | None, str]) -> None:
        if key not in self.uses:
            self.order.append(key)
            self.uses[key] = 0

    def citations(self) -> list[Citation]:
        result = []
        for key in self.order:
            group, name = key
            definition = self.definitions.get(key)
            shown = None if name.startswith("\x00") else name
            if definition is None:
                self.warnings.append(f"<ref name={shown!r}/> is used but never defined")
                continue
            citation = self._citation(definition)
            if self.uses[key] == 0:
                self.warnings.append(f"reference {shown!r} is defined but never used")
            result.append(dataclasses.replace(citation, ref_name=shown, group=group, uses=self.uses[key]))
        return result

    def _citation(self, definition: _Definition) -> Citation:
        cited = [
            item
            for item in _descendants(definition.contents)
            if isinstance(item, tk.Template) and is_citation_template(template_key(tk.text_of(item.name)))
        ]
        if cited:
            first = self.text.citation(cited[0], raw=definition.raw)
            bundled = tuple(self.text.citation(item, raw=None) for item in cited[1:])
            return dataclasses.replace(first, bundled=bundled)
        # A reference made only of templates we cannot read as text is summarised rather than lost.
        text = self.text.text(definition.contents) or "; ".join(
            self._summary(item) for item in definition.contents if isinstance(item, tk.Template)
        )
        parameters: list[tuple[str, str]] = []
        link = next((i for i in _descendants(definition.contents) if isinstance(i, tk.ExternalLink)), None)
        if link is not None:
            parameters.append(("url", link_url(link)[0]))
            if link.title is not None:
                parameters.append(("title", self.text.text(link.title)))
        return Citation(raw=definition.raw, parameters=tuple(parameters), text=text)

    def _summary(self, item: tk.Template) -> str:
        """A readable stand-in for a template that has no text of its own: "Name: a=1; b=2"."""
        name = " ".join(self.text.source_of(item.name).split())
        shown = []
        for parameter in item.parameters:
            value = " ".join(self.text.text(parameter.value).split())
            if value:
                shown.append(value if not parameter.showkey else f"{parameter.name}={value}")
        return f"{name}: {'; '.join(shown)}" if shown else name


def _descendants(items: tk.Items) -> Iterator[tk.Item]:
    """Every item inside ``items``, each before what it holds (mwparserfromhell's recursive order)."""
    for item in items:
        if isinstance(item, str):
            continue
        yield item
        if isinstance(item, tk.Template):
            yield from _descendants(item.name)
            for parameter in item.parameters:
                yield from _descendants(parameter.value)
        elif isinstance(item, tk.Tag):
            for attribute_ in item.attributes:
                if attribute_.value is not None:
                    yield from _descendants(attribute_.value)
            if item.body is not None:
                yield from _descendants(item.body)
        elif isinstance(item, tk.Wikilink):
            yield from _descendants(item.title)
            if item.text is not None:
                yield from _descendants(item.text)
        elif isinstance(item, tk.ExternalLink):
            yield from _descendants(item.url)
            if item.title is not None:
                yield from _descendants(item.title)
        elif isinstance(item, tk.Heading):
            yield from _descendants(item.title)


@dataclass
class Collected:
    """What the walk gathered."""

    links: list[WikiLink] = field(default_factory=list)
    external_links: list[ExternalLink] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    language_links: list[LanguageLink] = field(default_factory=list)
    templates: list[TemplateCall] = field(default_factory=list)
    infoboxes: list[Infobox] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    outside_citations: list[Citation] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


class Collector:
    """Visits every item once, collecting what the Article lists."""

    def __init__(self, text: TextBuilder) -> None:
        self.text = text
        self.source = text.source
        self.references = References(text)
        self.found = Collected()

    def walk(self, items: tk.Items, *, in_ref: bool = False, defining: bool = False) -> None:
        for item in items:
            if isinstance(item, str):
                if not in_ref and ("{" in item or "[" in item or "<" in item):
                    for marker in _BROKEN_MARKER.findall(item):
                        self.found.broken.add(_BROKEN[marker.lower()])
            elif isinstance(item, tk.Wikilink):
                self.wikilink(item)
                if item.text is not None:
                    self.walk(item.text, in_ref=in_ref, defining=defining)
            elif isinstance(item, tk.Template):
                self.template(item, in_ref=in_ref, defining=defining)
            elif isinstance(item, tk.Tag):
                self.tag(item, in_ref=in_ref, defining=defining)
            elif isinstance(item, tk.ExternalLink):
                if not in_ref:  # a reference's links belong to its citation
                    title = self.text.text(item.title) if item.title is not None else None
                    # Character references decoded, as MediaWiki links them; a template after a free URL
                    # (``http://a.org/x{{dead link}}``) is not part of it.
                    self.found.external_links.append(ExternalLink(link_url(item)[0], title))
                if item.title is not None:
                    self.walk(item.title, in_ref=in_ref, defining=defining)
            elif isinstance(item, tk.Heading):
                self.walk(item.title, in_ref=in_ref, defining=defining)

    # -- links --------------------------------------------------------------------------------------------
    def wikilink(self, item: tk.Wikilink) -> None:
        target = self.text.source_of(item.title).strip()
        if not target.startswith(":"):
            namespace, rest = split_namespace(target)
            if namespace in FILE_NAMESPACES:
                parts = _split_pipes(item.text) if item.text is not None else []
                self.found.images.append(self.image(rest, parts, "link"))
                return
            if namespace in CATEGORY_NAMESPACES:
                sort_key = self.text.source_of(item.text).strip() if item.text is not None else None
                self.found.categories.append(Category(normalise_title(rest), sort_key or None))
                return
            if namespace in LANGUAGE_CODES:
                self.found.language_links.append(LanguageLink(namespace, rest))
                return
        target = target.lstrip(":")
        page, _, anchor = target.partition("#")
        text = self.text.text(item.text) if item.text is not None else target
        self.found.links.append(
            WikiLink(target=normalise_title(page) if page else "", text=text, anchor=anchor.strip() or None)
        )

    def image(self, file: str, parts: list[tk.Items], source: str) -> Image:
        """An Image from a file name and the parts after it (options, then the caption)."""
        options = []
        caption: tk.Items = []
        for part in parts:
            written = self.text.source_of(part).strip()
            if written.lower() in _IMAGE_KEYWORDS or _IMAGE_OPTION.match(written):
                options.append(written)
            else:
                caption = part
        return Image(
            file=normalise_title(file),
            caption=self.text.text(caption) if caption else "",
            options=tuple(options),
            source=source,
            caption_wikitext=self.text.source_of(caption).strip(),
        )

    # -- templates ----------------------------------------------------------------------------------------
    def template(self, item: tk.Template, *, in_ref: bool, defining: bool) -> None:
        name = self.text.source_of(item.name, comments=False).strip()
        key = template_key(name)
        parameters = tuple(
            (self.text.parameter_name(p), self.source[p.start : p.end].strip()) for p in item.parameters
        )
        self.found.templates.append(TemplateCall(" ".join(name.replace("_", " ").split()), parameters))
        if key in DATE_TEMPLATES:
            positional = [value for key_, value in parameters if key_.isascii() and key_.isdigit()]
            _, problem = date_parts(positional)
            if problem is not None:
                self.found.problems.append(f"{{{{{name[:40]}}}}}: {problem}; shown as written")
        if key in _REF_TEMPLATES:
            text = _parameter(item, "1")
            self.references.add(
                parameter_text(item, "name"),
                parameter_text(item, "group"),
                text.value if text is not None else None,
                self.source[item.start : item.end],
                defining=defining,
            )
            if text is not None:
                self.walk(text.value, in_ref=True, defining=defining)
            return
        kind = infobox_kind(key)
        if kind is not None:
            infobox = infobox_from_template(name, kind, parameters)
            self.found.infoboxes.append(infobox)
            self.found.images.extend(self.infobox_images(infobox))
        elif not in_ref and is_citation_template(key):
            cited = self.text.citation(item, raw=None)
            self.found.outside_citations.append(dataclasses.replace(cited, in_reference=False))
        list_defining = key in _LIST_DEFINING_TEMPLATES
        for parameter in item.parameters:
            self.walk(
                parameter.value,
                in_ref=in_ref,
                defining=defining or (list_defining and parameter.name == "refs"),
            )

    def infobox_images(self, infobox: Infobox) -> list[Image]:
        """Images named by file in infobox fields (``image = X.jpg``), with the infobox's caption."""
        caption = infobox_caption(infobox)
        images = []
        for file in infobox_image_files(infobox):
            written = caption.strip()
            if written and (written.lower() in _IMAGE_KEYWORDS or _IMAGE_OPTION.match(written)):
                images.append(Image(normalise_title(file), "", (written,), "infobox", ""))
            else:
                shown = tree.tidy(tree.plain(tuple(self.text.inline_text(caption)))) if written else ""
                images.append(Image(normalise_title(file), shown, (), "infobox", written))
        return images

    # -- tags ---------------------------------------------------------------------------------------------
    def tag(self, item: tk.Tag, *, in_ref: bool, defining: bool) -> None:
        name = item.name
        if name == "ref" and item.markup is None:
            body = tag_body(item)
            self.references.add(
                attribute(item, "name"),
                attribute(item, "group"),
                body,
                self.source[item.start : item.end],
                defining=defining,
            )
            if body is not None:
                self.walk(body, in_ref=True, defining=defining)
            return
        if name == "references":
            if item.body is not None:
                self.walk(item.body, in_ref=in_ref, defining=True)
            return
        if name == "gallery":
            if item.body is not None:
                self.gallery(item.body)
            return
        if name == "table":
            self.found.tables.append(self.table(item))
        if name in _UNREAD_TAGS:
            return
        if item.body is not None:
            self.walk(item.body, in_ref=in_ref, defining=defining)

    def gallery(self, body: tk.Items) -> None:
        """Images of a ``<gallery>``: one ``File:Name.jpg|caption`` a line (the namespace may be left out)."""
        for line in split_lines(body):
            parts = _split_pipes(line)
            head = self.text.source_of(parts[0]).strip()
            if not head:
                continue
            namespace, rest = split_namespace(head)
            self.found.images.append(
                self.image(rest if namespace in FILE_NAMESPACES else head, parts[1:], "gallery")
            )

    def table(self, item: tk.Tag) -> Table:
        """A wiki or HTML table as rows of cells with their plain text, header flags and spans; a first cell
        whose text starts with "+" is the caption (the tokenizer reads ``|+`` so)."""
        rows, caption_cell = _rows(item, top=True)
        caption: tk.Items | None = None
        for child in item.body or []:
            if isinstance(child, tk.Tag) and child.name == "caption":
                caption = child.body or []
        if caption_cell is not None:
            caption = drop_first_char(caption_cell.body or [])
        return Table(
            rows=tuple(tuple(self.cell(cell) for cell in row) for row in rows),
            caption=self.text.text(caption) if caption is not None else None,
        )

    def cell(self, cell: tk.Tag) -> TableCell:
        written = self.source[cell.body_start : cell.body_end] if cell.body is not None else ""
        return TableCell(
            text=tree.tidy(written) if not _MARKUP.search(written) else self.text.text(cell.body or []),
            header=cell.name == "th",
            colspan=cell_span(cell, "colspan", 1000),
            rowspan=cell_span(cell, "rowspan", 65534),
            wikitext=written.strip(),
        )


def _rows(item: tk.Tag, *, top: bool) -> tuple[list[list[tk.Tag]], tk.Tag | None]:
    """A table's cell tags in rows (cells before the first row marker form the first row), and the cell that
    is its caption."""
    rows: list[list[tk.Tag]] = []
    loose: list[tk.Tag] = []
    caption: tk.Tag | None = None
    for child in item.body or []:
        if not isinstance(child, tk.Tag):
            continue
        name = child.name
        if name in {"td", "th"}:
            if top and not rows and not loose and name == "td" and starts_with(child.body or [], "+"):
                if caption is None:
                    caption = child
                continue
            loose.append(child)
        elif name in {"tr", "tbody", "thead", "tfoot"}:
            if loose:
                rows.append(loose)
                loose = []
            if name == "tr":
                cells = [c for c in child.body or [] if isinstance(c, tk.Tag) and c.name in {"td", "th"}]
                if cells:
                    rows.append(cells)
            else:
                rows.extend(_rows(child, top=False)[0])
    if loose:
        rows.append(loose)
    return rows, caption


def _parameter(item: tk.Template, name: str) -> tk.Parameter | None:
    found = None
    for parameter in item.parameters:
        if parameter.name == name:
            found = parameter
    return found


def _split_pipes(items: tk.Items) -> list[tk.Items]:
    """Items cut at their top-level ``|``."""
    parts: list[tk.Items] = [[]]
    for item in items:
        if isinstance(item, str) and "|" in item:
            first, *rest = item.split("|")
            if first:
                parts[-1].append(first)
            parts.extend([part] if part else [] for part in rest)
        else:
            parts[-1].append(item)
    return parts


# -- sections and lists, from the page's top-level items ---------------------------------------------------
def sections_of(
    items: tk.Items, source: str, wikitext: str, text: TextBuilder
) -> tuple[str, tuple[Section, ...]]:
    """The lead's wikitext and the section tree: a heading at the top level, or at a line start inside a
    top-level tag that lets sections through (formatting run across lines)."""
    spans: list[tuple[int, int, tk.Heading]] = []
    cursor = 0
    for item in items:
        if isinstance(item, tk.Heading):
            found = [item]
        elif isinstance(item, tk.Tag) and item.body is not None and item.name not in _NO_SECTIONS_INSIDE:
            found = [
                heading
                for heading in _descendants(item.body)
                if isinstance(heading, tk.Heading)
                and (heading.start == 0 or source[heading.start - 1] == "\n")
            ]
        else:
            continue
        for heading in found:
            if heading.start >= cursor:
                spans.append((heading.start, heading.end, heading))
                cursor = heading.end
    if not spans:
        return wikitext, ()
    flat = []
    for number, (_, end, heading) in enumerate(spans):
        next_start = spans[number + 1][0] if number + 1 < len(spans) else len(wikitext)
        flat.append((heading.level, text.text(heading.title), wikitext[end:next_start]))
    return wikitext[: spans[0][0]], nest_sections(flat)


def lists_of(items: tk.Items, text: TextBuilder) -> tuple[ListBlock, ...]:
    """Runs of list lines (``*``, ``#``, ``;``, ``:``) at the page's top level."""
    blocks: list[ListBlock] = []
    current: list[ListItem] = []
    for line in split_lines(items):
        markers, rest = list_prefix(line)
        if markers and all(marker in LIST_MARKUP for marker in markers):
            current.append(
                ListItem(
                    _LIST_KINDS.get(markers[-1], "bullet"),
                    len(markers),
                    text.text(rest),
                    text.source_of(rest).strip(),
                )
            )
        elif current:
            blocks.append(ListBlock(tuple(current)))
            current = []
    if current:
        blocks.append(ListBlock(tuple(current)))
    return tuple(blocks)
