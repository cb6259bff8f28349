"""mwparserfromhell's token stream read once into light items, each knowing where it stands in the source.

mwparserfromhell's C tokenizer is fast; its tree builder is not. This reader walks the token list once and
makes a small nested structure (plain ``str`` for text, and the item classes below), keeping the source
offsets of every construct so that its wikitext is a slice of the page, never a string rebuilt from tokens.
Quotes (``''``) stay in the text: the document builder resolves them per line, as MediaWiki does.

Each token's spelling is known from the token and its context (a tag opened with wiki markup, a bracketed
link), which is how offsets advance without building text: the reader checks at the end that the offsets add
up to the page's length, so a token it misreads cannot go unnoticed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TypeAlias

from mwparserfromhell.parser import tokens as t

Item: TypeAlias = "str | Entity | Template | Argument | Wikilink | ExternalLink | Heading | Tag | Comment"
Items: TypeAlias = "list[Item]"


@dataclass(slots=True)
class Entity:
    """A character reference, decoded (``&amp;`` is ``&``): text that is never markup."""

    text: str
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Parameter:
    """A template's parameter: ``name`` is its key as text (its number for a positional one), ``value`` spans
    ``start:end`` in the source; a named one's key is written from ``key_start`` to ``start - 1``."""

    name: str
    value: Items
    showkey: bool
    start: int
    end: int
    key_start: int = 0


@dataclass(slots=True)
class Template:
    name: Items
    parameters: list[Parameter]
    start: int
    end: int


@dataclass(slots=True)
class Argument:
    start: int
    end: int


@dataclass(slots=True)
class Wikilink:
    title: Items
    text: Items | None
    start: int
    end: int


@dataclass(slots=True)
class ExternalLink:
    url: Items
    title: Items | None
    brackets: bool
    start: int
    end: int


@dataclass(slots=True)
class Heading:
    level: int
    title: Items
    start: int
    end: int


@dataclass(slots=True)
class Attribute:
    name: str
    value: Items | None
    start: int
    end: int


@dataclass(slots=True)
class Tag:
    """An HTML or extension tag, or wiki markup read as one (``*``, ``{|``, ``|-``, ``----``)."""

    name: str
    attributes: list[Attribute]
    body: Items | None
    markup: str | None
    start: int
    end: int
    body_start: int = 0
    body_end: int = 0
    closing_markup: str | None = None
    invalid: bool = False


@dataclass(slots=True)
class Comment:
    start: int
    end: int


class TokenReadError(Exception):
    """The token stream did not have the shape mwparserfromhell's tokenizer gives (a bug to report)."""


def text_of(items: Items) -> str:
    """The plain text of items that hold only text and entities (names, attribute values)."""
    return "".join(
        item if isinstance(item, str) else item.text if isinstance(item, Entity) else "" for item in items
    )


class TokenReader:
    """Reads one token list; :meth:`read` gives the top-level items."""

    def __init__(self, tokens: list[t.Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self.position = 0

    def read(self) -> Items:
        items = self._items(())
        if self._index != len(self._tokens):
            raise TokenReadError(f"stopped at token {self._index} of {len(self._tokens)}")
        return items

    # -- the loop shared by every construct: read items until one of ``stops`` -------------------------------
    def _items(self, stops: tuple[type, ...]) -> Items:
        tokens = self._tokens
        end = len(tokens)
        out: Items = []
        index, position = self._index, self.position  # locals in the hot loop, written back around calls
        text_kind = t.Text
        while index < end:
            token = tokens[index]
            kind = type(token)
            if kind is text_kind:
                text: str = token["text"]
                index += 1
                position += len(text)
                if out and type(out[-1]) is str:
                    out[-1] += text
                else:
                    out.append(text)
                continue
            if kind in stops:
                break
            self._index, self.position = index + 1, position
            out.append(self._construct(kind, token))
            index, position = self._index, self.position
        self._index, self.position = index, position
        return out

    def _construct(self, kind: type, token: t.Token) -> Item:
        start = self.position
        if kind is t.WikilinkOpen:
            return self._wikilink(start)
        if kind is t.TemplateOpen:
            return self._template(start)
        if kind is t.TagOpenOpen:
            return self._tag(token, start)
        if kind is t.HTMLEntityStart:
            entity = self._entity()
            entity.start, entity.end = start, self.position
            return entity
        if kind is t.ExternalLinkOpen:
            return self._external_link(token, start)
        if kind is t.HeadingStart:
            return self._heading(token, start)
        if kind is t.CommentStart:
            self.position += 4
            self._items((t.CommentEnd,))
            self._expect(t.CommentEnd, 3)
            return Comment(start, self.position)
        if kind is t.ArgumentOpen:
            self.position += 3
            self._items((t.ArgumentClose,))
            self._expect(t.ArgumentClose, 3)
            return Argument(start, self.position)
        raise TokenReadError(f"unexpected {kind.__name__} at offset {start}")

    def _expect(self, kind: type, width: int) -> t.Token:
        if self._index >= len(self._tokens) or type(self._tokens[self._index]) is not kind:
            raise TokenReadError(f"expected {kind.__name__} at offset {self.position}")
        token = self._tokens[self._index]
        self._index += 1
        self.position += width
        return token

    # -- constructs -----------------------------------------------------------------------------------------
    def _wikilink(self, start: int) -> Wikilink:
        self.position += 2
        title = self._items((t.WikilinkSeparator, t.WikilinkClose))
        text = None
        if type(self._tokens[self._index]) is t.WikilinkSeparator:
            self._index += 1
            self.position += 1
            text = self._items((t.WikilinkClose,))
        self._expect(t.WikilinkClose, 2)
        return Wikilink(title, text, start, self.position)

    def _template(self, start: int) -> Template:
        self.position += 2
        stops = (t.TemplateParamSeparator, t.TemplateClose)
        name = self._items(stops)
        parameters: list[Parameter] = []
        number = 1
        while type(self._tokens[self._index]) is t.TemplateParamSeparator:
            self._index += 1
            self.position += 1
            value_start = self.position
            value = self._items((*stops, t.TemplateParamEquals))
            if type(self._tokens[self._index]) is t.TemplateParamEquals:
                self._index += 1
                self.position += 1
                key = text_of(value).strip()
                key_start, value_start = value_start, self.position
                value = self._items(stops)
                parameters.append(Parameter(key, value, True, value_start, self.position, key_start))
            else:
                parameters.append(Parameter(str(number), value, False, value_start, self.position))
                number += 1
        self._expect(t.TemplateClose, 2)
        return Template(name, parameters, start, self.position)

    def _entity(self) -> Entity:
        tokens = self._tokens
        token = tokens[self._index]
        self._index += 1
        self.position += 1  # &
        if type(token) is t.HTMLEntityNumeric:
            self.position += 1  # #
            token = tokens[self._index]
            self._index += 1
            hexadecimal = type(token) is t.HTMLEntityHex
            if hexadecimal:
                self.position += 1  # x or X
                token = tokens[self._index]
                self._index += 1
            value: str = token["text"]
            self.position += len(value)
            self._expect(t.HTMLEntityEnd, 1)
            code = int(value, 16 if hexadecimal else 10)
            return Entity(chr(code) if 0 < code <= 0x10FFFF else "\ufffd")
        value = token["text"]
        self.position += len(value)
        self._expect(t.HTMLEntityEnd, 1)
        return Entity(html.unescape(f"&{value};"))

    def _external_link(self, token: t.Token, start: int) -> ExternalLink:
        brackets = bool(token.get("brackets"))
        self.position += 1 if brackets else 0
        url = self._items((t.ExternalLinkSeparator, t.ExternalLinkClose))
        title = None
        separator = self._tokens[self._index]
        if type(separator) is t.ExternalLinkSeparator:
            self._index += 1
            self.position += 0 if separator.get("suppress_space") else 1
            title = self._items((t.ExternalLinkClose,))
        self._expect(t.ExternalLinkClose, 1 if brackets else 0)
        return ExternalLink(url, title, brackets, start, self.position)

    def _heading(self, token: t.Token, start: int) -> Heading:
        level: int = token["level"]
        self.position += level
        title = self._items((t.HeadingEnd,))
        self._expect(t.HeadingEnd, level)
        return Heading(level, title, start, self.position)

    def _tag(self, token: t.Token, start: int) -> Tag:
        markup: str | None = token.get("wiki_markup")
        invalid = bool(token.get("invalid"))
        tokens = self._tokens
        self.position += len(markup) if markup else (2 if invalid else 1)
        name_start = self.position
        name = text_of(self._items((t.TagAttrStart, t.TagCloseOpen, t.TagCloseSelfclose))).strip().lower()
        if markup:
            self.position = name_start  # the tag's name is not written where wiki markup stands for it
        attributes: list[Attribute] = []
        while type(tokens[self._index]) is t.TagAttrStart:
            attributes.append(self._attribute(tokens[self._index]))
        closer = tokens[self._index]
        self._index += 1
        padding = len(closer.get("padding") or "")
        if type(closer) is t.TagCloseSelfclose:
            if markup:
                self.position += padding
            else:
                self.position += padding + (1 if closer.get("implicit") else 2)
            return Tag(name, attributes, None, markup, start, self.position, invalid=invalid)
        if type(closer) is not t.TagCloseOpen:
            raise TokenReadError(f"unexpected {type(closer).__name__} in a tag at offset {self.position}")
        separator = closer.get("wiki_markup") or ""
        self.position += padding + (len(separator) if markup else 1)
        body_start = self.position
        body = self._items((t.TagOpenClose,))
        body_end = self.position
        closing = self._expect(t.TagOpenClose, 0)
        closing_markup: str | None = closing.get("wiki_markup")
        if markup:
            # Wiki markup closes the tag (``|}``, or nothing for a cell): its closing name is not written.
            self.position += len(closing_markup or "")
            unwritten = self.position
            self._items((t.TagCloseClose,))
            self.position = unwritten
            self._expect(t.TagCloseClose, 0)
        else:
            self.position += 2
            self._items((t.TagCloseClose,))
            self._expect(t.TagCloseClose, 1)
        return Tag(name, attributes, body, markup, start, self.position, body_start, body_end, closing_markup)

    def _attribute(self, start_token: t.Token) -> Attribute:
        start = self.position
        self._index += 1
        self.position += len(start_token.get("pad_first") or "")
        stops = (t.TagAttrEquals, t.TagAttrStart, t.TagCloseOpen, t.TagCloseSelfclose)
        name = text_of(self._items(stops)).strip().lower()
        self.position += len(start_token.get("pad_before_eq") or "")
        value = None
        if type(self._tokens[self._index]) is t.TagAttrEquals:
            self._index += 1
            self.position += 1 + len(start_token.get("pad_after_eq") or "")
            quoted = type(self._tokens[self._index]) is t.TagAttrQuote
            if quoted:
                self._index += 1
                self.position += 1
            value = self._items((t.TagAttrStart, t.TagCloseOpen, t.TagCloseSelfclose))
            if quoted:
                self.position += 1
        return Attribute(name, value, start, self.position)
