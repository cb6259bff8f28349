"""Wikilinks sorted by what they are: page links, files (with options and captions), categories, languages."""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Wikilink
from mwparserfromhell.wikicode import Wikicode

from ..model import Category, Image, LanguageLink, WikiLink
from ..model.tree import tidy
from .nodes import split_nodes
from .parsing import parse_text
from .text import TextRenderer
from .titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, normalise_title, split_namespace

_IMAGE_KEYWORDS = frozenset(
    {"thumb", "thumbnail", "frame", "framed", "frameless", "border", "left", "right", "center", "centre",
     "none", "upright", "baseline", "middle", "sub", "super", "text-top", "text-bottom", "top", "bottom",
     "miniatur", "mini", "links", "rechts", "zentriert", "hochkant", "duim", "regs", "gerahmt"}
)  # fmt: skip
_IMAGE_OPTION = re.compile(
    r"^(?:\d*x?\d+\s*px|upright\s*=?\s*[\d.]*|(?:alt|link|page|lang|class|thumbtime|start|end|upright|hochkant)\s*=.*)$",
    re.IGNORECASE | re.DOTALL,
)

LinkLike = WikiLink | Image | Category | LanguageLink


def _parts(text: Wikicode) -> list[list[object]]:
    """The ``|``-separated parts of a link's text as node lists, split only outside nested links."""
    return split_nodes(text.nodes, "|")


def _source(part: list[object]) -> str:
    return "".join(str(node) for node in part)


def _render(part: list[object], renderer: TextRenderer) -> str:
    return "".join(node if isinstance(node, str) else renderer.node(node) for node in part)


def image_from_parts(file: str, parts: list[list[object]], renderer: TextRenderer, source: str) -> Image:
    """An Image from a file name and the parts after it (options, then the caption)."""
    options = []
    caption: list[object] = []
    for part in parts:
        stripped = _source(part).strip()
        if stripped.lower() in _IMAGE_KEYWORDS or _IMAGE_OPTION.match(stripped):
            options.append(stripped)
        else:
            caption = part
    return Image(
        file=normalise_title(file),
        caption=tidy(_render(caption, renderer)) if caption else "",
        options=tuple(options),
        source=source,
        caption_wikitext=_source(caption).strip(),
    )


def classify(link: Wikilink, renderer: TextRenderer) -> LinkLike:
    """What a wikilink is: a page link, a file, a category or an interlanguage link."""
    target = str(link.title).strip()
    if not target.startswith(":"):
        namespace, rest = split_namespace(target)
        if namespace in FILE_NAMESPACES:
            return image_from_parts(
                rest, _parts(link.text) if link.text is not None else [], renderer, "link"
            )
        if namespace in CATEGORY_NAMESPACES:
            sort_key = str(link.text).strip() if link.text is not None else None
            return Category(normalise_title(rest), sort_key or None)
        if namespace in LANGUAGE_CODES:
            return LanguageLink(namespace, rest)
    target = target.lstrip(":")
    page, _, anchor = target.partition("#")
    text = tidy(renderer.render(link.text)) if link.text is not None else target
    return WikiLink(target=normalise_title(page) if page else "", text=text, anchor=anchor.strip() or None)


def links_in(wikitext: str) -> tuple[WikiLink, ...]:
    """The internal page links in a piece of wikitext, in order."""
    renderer = TextRenderer()
    code = parse_text(wikitext)
    found = [classify(link, renderer) for link in code.filter_wikilinks()]
    return tuple(link for link in found if isinstance(link, WikiLink))


def gallery_images(contents: Wikicode, renderer: TextRenderer) -> list[Image]:
    """Images of a ``<gallery>``: one ``File:Name.jpg|caption`` a line (the namespace may be left out)."""
    images = []
    lines = split_nodes(contents.nodes, "\n")
    for line in lines:
        parts = split_nodes(line, "|")
        head = _source(parts[0]).strip()
        if not head:
            continue
        namespace, rest = split_namespace(head)
        file = rest if namespace in FILE_NAMESPACES else head
        images.append(image_from_parts(file, parts[1:], renderer, "gallery"))
    return images
