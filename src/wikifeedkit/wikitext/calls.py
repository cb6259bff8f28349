"""Templates of the token reader as template renderers see them: a :class:`Call` over a ``tokens.Template``.

Renderers in a :class:`~wikifeedkit.wikitext.templates.TemplateRegistry` read their arguments through
``Call``; this one answers from the token reader's items, rendering an argument with the document builder's
own plain text, so that the tree needs no second parse of the page. A parameter given twice counts with its
last value, as MediaWiki counts it.
"""

from __future__ import annotations

from collections.abc import Callable

from . import tokens as tk
from .templates import TemplateFrame, template_key


class ItemCall(TemplateFrame):
    """A template call read from tokens; ``render`` turns an argument's items into plain text."""

    __slots__ = ("_item", "_parameters", "_source", "_text")

    def __init__(self, item: tk.Template, name: str, source: str, render: Callable[[tk.Items], str]) -> None:
        self._item = item
        self._source = source
        self._text = render
        self._parameters = {parameter.name: parameter for parameter in item.parameters}
        self.name = template_key(name)

    def raw(self, name: str | int) -> str | None:
        parameter = self._parameters.get(str(name))
        return None if parameter is None else self._source[parameter.start : parameter.end]

    def arg(self, name: str | int, default: str = "") -> str:
        parameter = self._parameters.get(str(name))
        return default if parameter is None else self._text(parameter.value).strip()

    def positional(self) -> list[str]:
        return [self._text(p.value).strip() for p in self._item.parameters if not p.showkey]

    def function_argument(self) -> str:
        """A parser function's argument after its colon, rendered and trimmed."""
        name = self._item.name
        for index, piece in enumerate(name):
            if isinstance(piece, str) and ":" in piece:
                return self._text([piece.split(":", 1)[1], *name[index + 1 :]]).strip()
        return ""

    def named(self) -> dict[str, str]:
        return {name: self._text(parameter.value).strip() for name, parameter in self._parameters.items()}
