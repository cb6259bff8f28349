"""The page's structure: infoboxes, tables, sections and lists."""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from ..model import Image, Infobox, ListBlock, ListItem, Section, Table, TableCell
from .links import image_from_parts
from .nodes import list_markers, split_nodes
from .text import TextRenderer, tidy
from .titles import FILE_NAMESPACES, split_namespace

# Infobox template prefixes in several languages, and taxoboxes.
_INFOBOX_PREFIXES = ("infobox", "inligtingskas", "info/", "ficha de", "infoboks", "infocaseta", "infokast")
_TAXOBOXES = frozenset({"taxobox", "automatic taxobox", "speciesbox", "subspeciesbox", "genusbox", "virusbox",
                        "paraphyletic group", "hybridbox", "ichnobox", "oobox"})  # fmt: skip
_IMAGE_FIELDS = (
    "image",
    "img",
    "photo",
    "logo",
    "bild",
    "beeld",
    "afbeelding",
    "imagen",
    "map",
    "flag",
    "coat",
)
_FILE_NAME = re.compile(
    r"\.(?:jpe?g|png|svg|gif|tiff?|webp|ogg|ogv|oga|webm|pdf|djvu|xcf|bmp)$", re.IGNORECASE
)
_CAPTION_FIELDS = ("caption", "image_caption", "imagecaption", "image caption", "bildbeschreibung",
                   "onderskrif", "beeldbeskrywing", "pie de imagen", "caption1")  # fmt: skip
_LIST_KINDS = {"*": "bullet", "#": "number", ";": "term", ":": "definition"}


def written_name(template: Template) -> str:
    """A template's name as written, without comments and surrounding space."""
    return "".join(str(node) for node in template.name.nodes if not isinstance(node, Comment)).strip()


def template_parameters(template: Template) -> tuple[tuple[str, str], ...]:
    """A template's parameters as ``(name, raw value)`` pairs, both stripped, in the order written."""
    return tuple((str(p.name).strip(), str(p.value).strip()) for p in template.params)


def infobox_kind(key: str) -> str | None:
    """ "civil conflict" for ``infobox civil conflict``, "taxobox" for a taxobox; None if not an infobox."""
    if key in _TAXOBOXES:
        return key
    for prefix in _INFOBOX_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip(" _-") or prefix
    return None


def infobox_from_template(written: str, kind: str, parameters: tuple[tuple[str, str], ...]) -> Infobox:
    """An Infobox from a template's written name, its kind and its raw parameters."""
    name = " ".join(written.replace("_", " ").split())
    prefix_length = len(name) - len(name.lower().lstrip())  # keep the written case of the kind
    shown = name[prefix_length:]
    lowered = shown.lower()
    for prefix in _INFOBOX_PREFIXES:
        if lowered.startswith(prefix):
            shown = shown[len(prefix) :].strip(" _-") or shown
            break
    return Infobox(template=written, name=shown if kind not in _TAXOBOXES else kind, parameters=parameters)


def infobox_images(infobox: Infobox, renderer: TextRenderer) -> list[Image]:
    """Images named by file in infobox fields (``image = X.jpg``); ``[[File:…]]`` values are links."""
    fields = {key.lower(): value for key, value in infobox.parameters}
    caption = next((fields[key] for key in _CAPTION_FIELDS if fields.get(key)), "")
    images = []
    for key, value in fields.items():
        value = value.strip()
        if not key.startswith(_IMAGE_FIELDS) and not key.endswith(_IMAGE_FIELDS):
            continue
        if not _FILE_NAME.search(value) or "[[" in value or "{{" in value or "<" in value or "\n" in value:
            continue
        namespace, rest = split_namespace(value)
        file = rest if namespace in FILE_NAMESPACES else value
        parts: list[list[object]] = [list(mwparserfromhell.parse(caption).nodes)] if caption else []
        images.append(image_from_parts(file, parts, renderer, "infobox"))
    return images


def cell_span(tag: Tag, name: str) -> int:
    """A cell's ``colspan`` or ``rowspan`` (1 when absent or unreadable)."""
    if tag.has(name):
        digits = "".join(ch for ch in str(tag.get(name).value) if ch.isdigit())
        return int(digits) if digits else 1
    return 1


def table_cells(tag: Tag) -> tuple[list[list[Tag]], Wikicode | None]:
    """A table's cell tags in rows, and its caption; cells before the first row marker form the first row.

    mwparserfromhell reads ``|+ caption`` as a cell whose text starts with "+": that becomes the caption.
    """
    rows: list[list[Tag]] = []
    loose: list[Tag] = []
    caption: Wikicode | None = None
    contents = tag.contents if tag.contents is not None else Wikicode([])
    for node in contents.nodes:
        if not isinstance(node, Tag):
            continue
        name = str(node.tag).lower()
        if name == "caption":
            caption = node.contents
        elif name in {"td", "th"}:
            if not rows and not loose and name == "td" and str(node.contents or "").startswith("+"):
                caption = node.contents
                continue
            loose.append(node)
        elif name in {"tr", "tbody", "thead", "tfoot"}:
            if loose:
                rows.append(loose)
                loose = []
            if name == "tr":
                inner = node.contents if node.contents is not None else Wikicode([])
                cells = [c for c in inner.nodes if isinstance(c, Tag) and str(c.tag).lower() in {"td", "th"}]
                if cells:
                    rows.append(cells)
            else:
                rows.extend(table_cells(node)[0])
    if loose:
        rows.append(loose)
    return rows, caption


_MARKUP = re.compile(r"[\[\]{}<>'&]")


def _cell(cell: Tag, renderer: TextRenderer) -> TableCell:
    wikitext = str(cell.contents or "")
    plain = not _MARKUP.search(wikitext)  # most cells are plain words and numbers: no need to render them
    return TableCell(
        text=tidy(wikitext) if plain else tidy(renderer.render(cell.contents or Wikicode([]))),
        header=str(cell.tag).lower() == "th",
        colspan=cell_span(cell, "colspan"),
        rowspan=cell_span(cell, "rowspan"),
        wikitext=wikitext.strip(),
    )


def table_from_tag(tag: Tag, renderer: TextRenderer) -> Table:
    """A wiki or HTML table as rows of cells with their plain text, header flags and spans."""
    rows, caption = table_cells(tag)
    return Table(
        rows=tuple(tuple(_cell(cell, renderer) for cell in row) for row in rows),
        caption=tidy(renderer.render(caption).removeprefix("+")) if caption is not None else None,
    )


_NO_SECTIONS_INSIDE = frozenset({"ref", "references", "nowiki", "pre", "gallery", "math", "source",
                                 "syntaxhighlight", "table", "includeonly", "noinclude"})  # fmt: skip


def _headings(code: Wikicode) -> list[tuple[Heading, list[object] | None]]:
    """Headings that make sections, in order, each with the top-level nodes before it since the last one
    (None where the heading is nested: inside formatting that mwparserfromhell let run across lines)."""
    found: list[tuple[Heading, list[object] | None]] = []
    since: list[object] | None = []  # None once a nested heading has moved the cursor into a node
    for node in code.nodes:
        if isinstance(node, Heading):
            found.append((node, since))
            since = []
            continue
        if since is not None:
            since.append(node)
        if (
            isinstance(node, Tag)
            and node.contents is not None
            and str(node.tag).lower() not in _NO_SECTIONS_INSIDE
        ):
            nested = list(node.contents.ifilter_headings(recursive=True))
            if nested:
                found.extend((heading, None) for heading in nested)
                since = None
    return found


def split_sections(code: Wikicode, wikitext: str, renderer: TextRenderer) -> tuple[str, tuple[Section, ...]]:
    """The lead's wikitext and the section tree, from the page's headings.

    Bodies are sliced from ``wikitext`` (which ``code`` was parsed from): a heading whose text occurs once
    from the current place on is found directly; otherwise the lengths of the nodes before it are summed
    (or, for a nested heading, its first occurrence at a line start is taken).
    """
    spans: list[tuple[int, int, Heading]] = []
    cursor = 0
    for heading, before in _headings(code):
        written = str(heading)
        if wikitext.count(written, cursor) == 1 or before is None:
            start = wikitext.find(written, cursor)
            while start > 0 and wikitext[start - 1] != "\n" and before is None:
                start = wikitext.find(written, start + 1)
            if start < 0:
                continue
        else:
            start = cursor + sum(len(str(node)) for node in before)
        spans.append((start, start + len(written), heading))
        cursor = start + len(written)
    if not spans:
        return wikitext, ()
    flat = []
    for number, (_, end, heading) in enumerate(spans):
        next_start = spans[number + 1][0] if number + 1 < len(spans) else len(wikitext)
        flat.append((heading.level, tidy(renderer.render(heading.title)), wikitext[end:next_start]))
    return wikitext[: spans[0][0]], _tree(flat)


def _tree(flat: list[tuple[int, str, str]]) -> tuple[Section, ...]:
    """Nest sections: each takes the following deeper ones as children."""
    result: list[Section] = []
    index = 0
    while index < len(flat):
        level, title, body = flat[index]
        end = index + 1
        while end < len(flat) and flat[end][0] > level:
            end += 1
        result.append(Section(title=title, level=level, wikitext=body, children=_tree(flat[index + 1 : end])))
        index = end
    return tuple(result)


def list_blocks(code: Wikicode, renderer: TextRenderer) -> tuple[ListBlock, ...]:
    """Runs of list lines (``*``, ``#``, ``;``, ``:``) at the page's top level."""
    blocks: list[ListBlock] = []
    current: list[ListItem] = []
    for line in split_nodes(code.nodes, "\n", keep_empty=False):
        markers, rest = list_markers(line)
        if markers:
            text = "".join(str(node) for node in rest)
            shown = "".join(node if isinstance(node, str) else renderer.node(node) for node in rest)
            current.append(
                ListItem(_LIST_KINDS.get(markers[-1], "bullet"), len(markers), tidy(shown), text.strip())
            )
        elif current:
            blocks.append(ListBlock(tuple(current)))
            current = []
    if current:
        blocks.append(ListBlock(tuple(current)))
    return tuple(blocks)
