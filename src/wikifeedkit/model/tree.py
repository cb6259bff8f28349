"""The document tree: a page's body as blocks and inlines, as MediaWiki renders it.

One reader fills it and every writer walks it (pandoc's lesson): Markdown, plain text and the pandoc AST are
functions of these nodes alone, with no wikitext left to parse. Nodes are frozen, slotted and hold tuples, so
a tree compares by value and can be shared. Writers dispatch with ``match`` over :data:`Block` and
:data:`Inline` and end with ``assert_never``, so that a new node kind cannot be skipped silently.

Names follow the HTML MediaWiki writes (``Bold`` for ``<b>``, ``Term``/``Detail`` for ``<dt>``/``<dd>``) and
live in this module's namespace (``tree.Table``, ``tree.Link``): the flat views of the article
(:class:`~wikifeedkit.model.Table`, :class:`~wikifeedkit.model.WikiLink`) keep their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias, assert_never

# -- inlines ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Text as the reader sees it: entities decoded, no markup."""

    text: str


@dataclass(frozen=True, slots=True)
class Bold:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Italic:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Underline:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Strike:
    content: Inlines


@dataclass(frozen=True, slots=True)
class SmallCaps:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Subscript:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Superscript:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Link:
    """An internal link: ``target`` is the normalised title ("" for a section of this page)."""

    target: str
    content: Inlines
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class WebLink:
    """A link out of the wiki. ``style``: free URL, bracketed with a label, or ``[url]`` (numbered)."""

    url: str
    content: Inlines
    style: Literal["free", "labelled", "numbered"] = "labelled"


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A use of a reference: ``citation`` indexes ``Article.citations`` (0-based)."""

    citation: int


@dataclass(frozen=True, slots=True)
class CitationRef:
    """A citation template written in the text (a bibliography entry); ``citation`` indexes the citations."""

    citation: int


@dataclass(frozen=True, slots=True)
class Code:
    """Literal text in a code font (``<code>``, ``<tt>``, ``<nowiki>`` inside code)."""

    text: str


@dataclass(frozen=True, slots=True)
class Math:
    """TeX of a ``<math>`` tag, as written."""

    tex: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """``<br>``."""


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file shown inline (no ``thumb``/``frame``): its name and the caption or alternative text."""

    file: str
    caption: Inlines = ()
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnrenderedTemplate:
    """A template the template registry does not render, kept as called (its normalised name, and its
    parameters with raw wikitext values, positional ones named "1", "2", …) so that a writer can decide."""

    name: str
    parameters: tuple[tuple[str, str], ...] = ()


Inline: TypeAlias = (
    Text
    | Bold
    | Italic
    | Underline
    | Strike
    | SmallCaps
    | Subscript
    | Superscript
    | Link
    | WebLink
    | FootnoteRef
    | CitationRef
    | Code
    | Math
    | LineBreak
    | FileRef
    | UnrenderedTemplate
)
Inlines: TypeAlias = tuple[Inline, ...]

# -- blocks -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inlines


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    content: Inlines


@dataclass(frozen=True, slots=True)
class BulletList:
    """``*`` lines; each item is its own blocks (a nested list is a block of its item)."""

    items: tuple[Blocks, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    """``#`` lines."""

    items: tuple[Blocks, ...]


@dataclass(frozen=True, slots=True)
class Term:
    """``;`` — a term of a definition list."""

    content: Inlines


@dataclass(frozen=True, slots=True)
class Detail:
    """``:`` — a definition, or an indented line (a detail without a term)."""

    content: Blocks


@dataclass(frozen=True, slots=True)
class DefinitionList:
    """Terms and details in the order written, as HTML's ``<dl>`` holds them."""

    items: tuple[Term | Detail, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    content: Blocks
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    caption: Inlines = ()


@dataclass(frozen=True, slots=True)
class BlockQuote:
    content: Blocks


@dataclass(frozen=True, slots=True)
class Preformatted:
    """Lines starting with a space: markup inside still counts."""

    content: Inlines


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """``<pre>``, ``<syntaxhighlight>``, ``<source>``: literal text."""

    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """An image set apart (``thumb``, ``frame``, a gallery entry) with its caption."""

    file: str
    caption: Inlines = ()
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Gallery:
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class HorizontalRule:
    """``----``."""


@dataclass(frozen=True, slots=True)
class MathBlock:
    """``<math display="block">`` or a ``<math>`` standing alone on an indented line."""

    tex: str


@dataclass(frozen=True, slots=True)
class InfoboxBlock:
    """Where an infobox stands: ``infobox`` indexes ``Article.infoboxes``; ``fields`` are the ones a reader
    sees, rendered (empty fields and layout parameters such as ``image_size`` left out)."""

    infobox: int
    fields: tuple[tuple[str, Inlines], ...] = ()


@dataclass(frozen=True, slots=True)
class References:
    """Where the footnotes of a group are listed (``<references/>``, ``{{reflist}}``)."""

    group: str | None = None


@dataclass(frozen=True, slots=True)
class UnrenderedBlock:
    """Wikitext that could not be understood, kept as written; ``reason`` says why (also a warning)."""

    wikitext: str
    reason: str


Block: TypeAlias = (
    Paragraph
    | Heading
    | BulletList
    | OrderedList
    | DefinitionList
    | Table
    | BlockQuote
    | Preformatted
    | CodeBlock
    | Figure
    | Gallery
    | HorizontalRule
    | MathBlock
    | InfoboxBlock
    | References
    | UnrenderedBlock
)
Blocks: TypeAlias = tuple[Block, ...]

INLINE_TYPES: tuple[type, ...] = (
    Text,
    Bold,
    Italic,
    Underline,
    Strike,
    SmallCaps,
    Subscript,
    Superscript,
    Link,
    WebLink,
    FootnoteRef,
    CitationRef,
    Code,
    Math,
    LineBreak,
    FileRef,
    UnrenderedTemplate,
)
BLOCK_TYPES: tuple[type, ...] = (
    Paragraph,
    Heading,
    BulletList,
    OrderedList,
    DefinitionList,
    Table,
    BlockQuote,
    Preformatted,
    CodeBlock,
    Figure,
    Gallery,
    HorizontalRule,
    MathBlock,
    InfoboxBlock,
    References,
    UnrenderedBlock,
)


def plain(nodes: Inlines | Blocks, *, tables: bool = True) -> str:
    """What a reader reads in inlines or blocks: text only, blocks on lines of their own; ``tables=False``
    leaves tables out (the running text)."""
    out: list[str] = []
    for node in nodes:
        _plain(node, out, tables)
        if out and not isinstance(node, Inline) and not out[-1].endswith("\n"):
            out.append("\n")  # a block ends its line
    return "".join(out)


def _plain(node: Inline | Block, out: list[str], tables: bool) -> None:
    def inner(nodes: Inlines | Blocks) -> str:
        return plain(nodes, tables=tables)

    match node:
        case Text(text):
            out.append(text)
        case Code(text) | CodeBlock(text):
            out.append(text)
        case Math(tex) | MathBlock(tex):
            out.append(tex)
        case LineBreak():
            out.append("\n")
        case Bold(content) | Italic(content) | Underline(content) | Strike(content) | SmallCaps(content):
            out.append(inner(content))
        case Subscript(content) | Superscript(content) | Link(_, content) | WebLink(_, content):
            out.append(inner(content))
        case FileRef() | FootnoteRef() | CitationRef() | UnrenderedTemplate():
            pass
        case Paragraph(content) | Heading(_, content) | Preformatted(content):
            out.append(inner(content) + "\n")
        case BulletList(items) | OrderedList(items):
            out.extend(inner(item) for item in items)
        case DefinitionList(items):
            for entry in items:
                out.append(inner(entry.content) + ("\n" if isinstance(entry, Term) else ""))
        case Table(rows, caption):
            if tables:
                out.append(inner(caption) + "\n" if caption else "")
                out.extend(inner(cell.content) for row in rows for cell in row.cells)
        case BlockQuote(content):
            out.append(inner(content))
        case Figure(_, caption):
            out.append(inner(caption) + "\n" if caption else "")
        case Gallery(figures):
            out.extend(inner((figure,)) for figure in figures)
        case HorizontalRule() | InfoboxBlock() | References() | UnrenderedBlock():
            pass
        case _:
            assert_never(node)


_SPACES = re.compile(r"[ \t\u200b]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Text as a reader reads it: spaces collapsed, lines trimmed, at most one blank line between
    paragraphs."""
    if "\n" not in text:
        return _SPACES.sub(" ", text).strip()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
