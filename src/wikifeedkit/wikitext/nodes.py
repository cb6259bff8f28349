"""Small helpers over mwparserfromhell's node lists."""

from __future__ import annotations

from collections.abc import Iterable

from mwparserfromhell.nodes import Tag, Text


def split_nodes(nodes: Iterable[object], separator: str, *, keep_empty: bool = True) -> list[list[object]]:
    """Cut a run of nodes at every ``separator`` in their text (``Text`` nodes or plain strings); other nodes
    (links, templates, tags) stay whole, so a separator inside them does not cut. Pieces of text become
    strings; ``keep_empty=False`` leaves out empty ones."""
    parts: list[list[object]] = [[]]
    for node in nodes:
        value = node if isinstance(node, str) else str(node.value) if isinstance(node, Text) else None
        if value is None or separator not in value:
            parts[-1].append(node)
            continue
        first, *rest = value.split(separator)
        if first or keep_empty:
            parts[-1].append(first)
        parts.extend([piece] if piece or keep_empty else [] for piece in rest)
    return parts


LIST_TAGS = frozenset({"li", "dt", "dd"})


def list_markers(line: list[object]) -> tuple[str, list[object]]:
    """The list markers (``*#:;``) a line starts with, and the rest of the line."""
    markers = ""
    index = 0
    while index < len(line):
        node = line[index]
        if not (isinstance(node, Tag) and node.wiki_markup and str(node.tag) in LIST_TAGS):
            break
        markers += str(node.wiki_markup)
        index += 1
    return markers, line[index:]
