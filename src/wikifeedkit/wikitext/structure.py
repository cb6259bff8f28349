"""The page's structure: infoboxes, tables, sections and lists."""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Comment, Heading, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from ..model import Image, Infobox, ListBlock, ListItem, Section, Table, TableCell
from ..model.tree import tidy
from .links import image_from_parts
from .nodes import list_markers, split_nodes
from .parsing import clean, parse_text
from .text import TextRenderer
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


def infobox_caption(infobox: Infobox) -> str:
    """The wikitext of an infobox's image caption field, or ""."""
    fields = {key.lower(): value for key, value in infobox.parameters}
    return next((fields[key] for key in _CAPTION_FIELDS if fields.get(key)), "")


def infobox_image_files(infobox: Infobox) -> list[str]:
    """Files named in infobox fields (``image = X.jpg``); ``[[File:…]]`` values are links, not listed here."""
    files = []
    for key, value in {key.lower(): value for key, value in infobox.parameters}.items():
        value = value.strip()
        if not key.startswith(_IMAGE_FIELDS) and not key.endswith(_IMAGE_FIELDS):
            continue
        if not _FILE_NAME.search(value) or "[[" in value or "{{" in value or "<" in value or "\n" in value:
            continue
        namespace, rest = split_namespace(value)
        files.append(rest if namespace in FILE_NAMESPACES else value)
    return files


def infobox_images(infobox: Infobox, renderer: TextRenderer) -> list[Image]:
    """Images named by file in infobox fields, with the infobox's caption."""
    caption = infobox_caption(infobox)
    parts: list[list[object]] = [list(parse_text(caption).nodes)] if caption else []
    return [image_from_parts(file, parts, renderer, "infobox") for file in infobox_image_files(infobox)]


# The largest spans browsers honour (HTML's table model; MediaWiki passes the attributes through).
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
_SPAN = re.compile(r"[\t\n\f\r ]*\+?([0-9]+)")


def cell_span(tag: Tag, name: str) -> int:
    """A cell's ``colspan`` or ``rowspan`` read as browsers read it: the leading ASCII digits (``"3px"`` is
    3), clamped to 1000 columns or 65534 rows; 1 when absent, zero or unreadable (``"-5"``, ``"²"``)."""
    if not tag.has(name):
        return 1
    match = _SPAN.match(str(tag.get(name).value))
    if match is None:
        return 1
    limit = MAX_COLSPAN if name.lower() == "colspan" else MAX_ROWSPAN
    digits = match.group(1).lstrip("0")
    if len(digits) > len(str(limit)):  # no int() of a huge digit string
        return limit
    return min(int(digits or "0"), limit) or 1


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


def _headings(code: Wikicode) -> list[tuple[Heading, int, int]]:
    """Headings that make sections, in order, each with where it stands: ``(heading, offset, -1)`` for a
    heading at the top level, ``(heading, start, end)`` with the span of the top-level node that holds it
    for a nested one (inside formatting that mwparserfromhell let run across lines)."""
    found: list[tuple[Heading, int, int]] = []
    offset = 0
    for node in code.nodes:
        length = len(str(node))
        if isinstance(node, Heading):
            found.append((node, offset, -1))
        elif (
            isinstance(node, Tag)
            and node.contents is not None
            and str(node.tag).lower() not in _NO_SECTIONS_INSIDE
        ):
            nested = node.contents.ifilter_headings(recursive=True)
            found.extend((heading, offset, offset + length) for heading in nested)
        offset += length
    return found


def _nested_start(source: str, written: str, start: int, end: int) -> int:
    """Where a nested heading is written: its first occurrence at a line start in ``source[start:end]``."""
    found = source.find(written, start, end)
    while found > 0 and source[found - 1] != "\n":
        found = source.find(written, found + 1, end)
    return found


def split_sections(code: Wikicode, wikitext: str, renderer: TextRenderer) -> tuple[str, tuple[Section, ...]]:
    """The lead's wikitext and the section tree, from the page's headings.

    ``code`` is the tree of ``wikitext`` as :func:`.parsing.parse_page` reads it (of the same length, so
    the lengths of its top-level nodes are offsets in ``wikitext``); bodies are sliced from ``wikitext``. A
    nested heading is looked for at a line start inside the node that holds it. Linear in the page's size.
    """
    source = clean(wikitext)[0]
    spans: list[tuple[int, int, Heading]] = []
    cursor = 0
    for heading, offset, end in _headings(code):
        written = str(heading)
        start = offset if end < 0 else _nested_start(source, written, max(cursor, offset), end)
        if start < cursor or not source.startswith(written, start):
            continue
        spans.append((start, start + len(written), heading))
        cursor = start + len(written)
    if not spans:
        return wikitext, ()
    flat = []
    for number, (_, end, heading) in enumerate(spans):
        next_start = spans[number + 1][0] if number + 1 < len(spans) else len(wikitext)
        flat.append((heading.level, tidy(renderer.render(heading.title)), wikitext[end:next_start]))
    return wikitext[: spans[0][0]], nest_sections(flat)


def nest_sections(flat: list[tuple[int, str, str]]) -> tuple[Section, ...]:
    """Nest sections: each takes the following deeper ones as children."""
    result: list[Section] = []
    index = 0
    while index < len(flat):
        level, title, body = flat[index]
        end = index + 1
        while end < len(flat) and flat[end][0] > level:
            end += 1
        result.append(
            Section(title=title, level=level, wikitext=body, children=nest_sections(flat[index + 1 : end]))
        )
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
