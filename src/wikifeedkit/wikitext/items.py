"""The token reader's items: reading a page into them (as ``parse_article`` reads it) and small helpers.

What the document builder asks of items, one small pure function each: cutting them into lines, a line's list
prefix, a template's parameter, a tag's attribute, a cell's span, text that only styling tags wrap; and the
two tidying steps of a block's inlines (adjacent text joined once, edge spaces trimmed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mwparserfromhell.parser.tokens import Text

from ..model import tree
from . import tokens as tk
from .guard import LIMIT, find_unclosed, neutralise, restore_text
from .parsing import clean, guard_warning

try:
    from mwparserfromhell.parser._tokenizer import CTokenizer as _Tokenizer  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - mwparserfromhell without its C extension
    from mwparserfromhell.parser.tokenizer import Tokenizer as _Tokenizer

LIST_MARKUP = frozenset("*#;:")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)  # an unclosed comment runs to the end
_LEADING_DIGITS = re.compile(r"[\s\"']*\+?([0-9]+)")  # as browsers read a span: "3px" is 3, "+2" is 2
# Tags whose content is shown as if the tag were not there (their styling is not kept).
TRANSPARENT = frozenset(
    {"div", "center", "span", "small", "big", "font", "p", "abbr", "bdi", "bdo", "noinclude", "onlyinclude"}
    | {"dfn", "q", "mark", "time", "data", "var", "ruby", "rb", "rt", "rp", "wbr", "section", "article"}
)
# Tags that show nothing in a page's text (extension output the library does not render, or hidden content).
HIDDEN = frozenset(
    {"includeonly", "templatedata", "templatestyles", "indicator", "categorytree", "timeline", "graph"}
    | {"mapframe", "maplink", "score", "inputbox", "imagemap", "charinsert", "hiero"}
)


BOXES = frozenset({"div", "center", "p"})  # HTML blocks whose content the tree keeps inline
# The markup of a styling-only tag that the token reader left as text (unclosed, or a stray closing tag).
_LEFT_MARKUP = re.compile(
    r"</?(?:" + "|".join(sorted(TRANSPARENT - BOXES, key=len, reverse=True)) + r")(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


# Where MediaWiki ends a free URL (Parser::EXT_LINK_URL_CLASS), once character references are decoded.
_FREE_URL_END = re.compile(r'[\[\]<>"\x00-\x20\x7f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufffd]')


def link_url(item: tk.ExternalLink) -> tuple[str, str]:
    """An external link's URL as MediaWiki links it (character references decoded, no template glued to
    it), and what of a free URL's text follows where MediaWiki ends it (``&lt;``, ``&nbsp;``)."""
    url = tk.text_of(item.url)
    if item.brackets:
        return url, ""
    end = _FREE_URL_END.search(url)
    return (url, "") if end is None else (url[: end.start()], url[end.start() :])


def flatten(items: tk.Items) -> tk.Items:
    """Items with the tags that only style text replaced by their content, recursively."""
    out: tk.Items = []
    for item in items:
        if isinstance(item, tk.Tag) and item.name in TRANSPARENT and item.markup is None:
            if item.body:
                box = item.name in BOXES
                if box and out and not (isinstance(out[-1], str) and out[-1].endswith("\n")):
                    out.append(" ")  # a box's text never runs into the words before it
                out.extend(flatten(item.body))
                if box:
                    out.append(" ")
        elif (isinstance(item, tk.Tag) and item.name in HIDDEN) or isinstance(item, tk.Comment):
            continue
        elif isinstance(item, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + item
        else:
            out.append(item)
    return out


def drop_left_markup(items: tk.Items) -> tk.Items:
    """A cell's items without the styling-only tags the token reader left as text (``<small>`` never closed,
    a stray ``</span>``): MediaWiki closes an open tag at the cell's end and drops a stray closing one, and
    these tags show nothing of their own."""
    return [_LEFT_MARKUP.sub("", item) if isinstance(item, str) else item for item in items]


def split_lines(items: tk.Items) -> list[tk.Items]:
    """Items cut at the newlines of their top-level text (a table or a tag spanning lines is one item)."""
    lines: list[tk.Items] = [[]]
    for item in items:
        if isinstance(item, str) and "\n" in item:
            first, *rest = item.split("\n")
            if first:
                lines[-1].append(first)
            for part in rest:
                lines.append([part] if part else [])
        else:
            lines[-1].append(item)
    return lines


def list_prefix(line: tk.Items) -> tuple[str, tk.Items]:
    prefix: list[str] = []
    index = 0
    while index < len(line):
        item = line[index]
        if isinstance(item, tk.Tag) and item.markup in LIST_MARKUP and item.body is None:
            prefix.append(item.markup or "")
            index += 1
        else:
            break
    return "".join(prefix), line[index:]


def items_after(items: tk.Items, offset: int) -> tk.Items:
    """A page's top-level items from source offset ``offset`` on; the items unchanged if they are not a
    page's (they do not follow each other from offset 0) or ``offset`` falls inside an item that is not
    text."""
    position = 0
    for index, item in enumerate(items):
        if not isinstance(item, str) and item.start != position:
            return items
        end = position + len(item) if isinstance(item, str) else item.end
        if end > offset:
            if isinstance(item, str):
                return [item[offset - position :], *items[index + 1 :]]
            return items[index:] if position == offset else items
        position = end
    return []


def split_term(content: tk.Items) -> tuple[tk.Items, tk.Items | None]:
    """``; term : detail`` on one line: the tokenizer marks the colon as a ``:`` tag."""
    for index, item in enumerate(content):
        if isinstance(item, tk.Tag) and item.markup == ":" and item.body is None:
            return content[:index], content[index + 1 :]
    return content, None


def is_blank(items: Sequence[tk.Item]) -> bool:
    return all(isinstance(item, str) and not item.strip() for item in items)


def attribute(item: tk.Tag, name: str) -> str | None:
    """A tag's attribute as text, comments left out (``group=note<!--x-->``, which the token reader can leave
    in the value, unclosed): MediaWiki removes comments before it reads a tag."""
    for attribute in item.attributes:
        if attribute.name == name and attribute.value is not None:
            value = _COMMENT.sub("", tk.text_of(attribute.value)).strip()
            return value or None
    return None


def tag_body(item: tk.Tag) -> tk.Items | None:
    """A tag's content. A comment in an unquoted attribute (``<ref group=note<!--x-->>``) ends the tag for
    the token reader at the comment's ``>``: the tag's own ``>`` is then the content's first character."""
    body = item.body
    if body and starts_with(body, ">") and any(_unclosed_comment(attribute) for attribute in item.attributes):
        return drop_first_char(body)
    return body


def _unclosed_comment(attribute: tk.Attribute) -> bool:
    value = tk.text_of(attribute.value or [])
    opened = value.rfind("<!--")
    return opened >= 0 and "-->" not in value[opened:]


def template_parameter(item: tk.Template, name: str) -> tk.Parameter | None:
    """A template's parameter; given twice, the last one counts (as in MediaWiki)."""
    found = None
    for parameter in item.parameters:
        if parameter.name == name:
            found = parameter
    return found


def parameter_text(item: tk.Template, name: str) -> str | None:
    """A parameter's text without comments and surrounding quotes (a reference's ``group`` or ``name``)."""
    parameter = template_parameter(item, name)
    value = _COMMENT.sub("", tk.text_of(parameter.value)) if parameter is not None else ""
    return value.strip().strip("\"'") or None


def cell_span(item: tk.Tag, name: str, limit: int) -> int:
    """A cell's span as MediaWiki reads it (leading digits, else 1), clamped to ``1..limit``."""
    found = _LEADING_DIGITS.match(attribute(item, name) or "")
    return max(1, min(int(found[1][:10]), limit)) if found else 1


def starts_with(items: tk.Items, text: str) -> bool:
    return bool(items) and isinstance(items[0], str) and items[0].startswith(text)


def drop_first_char(items: tk.Items) -> tk.Items:
    first = items[0]
    assert isinstance(first, str)
    return [first[1:], *items[1:]]


def split_pipes(items: tk.Items) -> list[tk.Items]:
    """A file link's text cut at its top-level ``|``: options, then the caption last."""
    parts: list[tk.Items] = [[]]
    for item in items:
        if isinstance(item, str) and "|" in item:
            first, *rest = item.split("|")
            if first:
                parts[-1].append(first)
            for part in rest:
                parts.append([part] if part else [])
        else:
            parts[-1].append(item)
    return parts


def merge_text(inlines: Sequence[tree.Inline]) -> list[tree.Inline]:
    """Adjacent text joined into one node (each run joined once: linear however long the run)."""
    out: list[tree.Inline] = []
    run: list[str] = []
    for inline in inlines:
        if isinstance(inline, tree.Text):
            if inline.text:
                run.append(inline.text)
            continue
        if run:
            out.append(tree.Text("".join(run)))
            run = []
        out.append(inline)
    if run:
        out.append(tree.Text("".join(run)))
    return out


def strip_inlines(inlines: list[tree.Inline]) -> tuple[tree.Inline, ...]:
    """Leading and trailing white space of a block's text removed (MediaWiki trims lines it wraps)."""
    out = list(inlines)
    while out and isinstance(out[0], tree.Text) and not out[0].text.strip():
        out.pop(0)
    while out and isinstance(out[-1], tree.Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], tree.Text):
        out[0] = tree.Text(out[0].text.lstrip())
    if out and isinstance(out[-1], tree.Text):
        out[-1] = tree.Text(out[-1].text.rstrip())
    return tuple(out)


def read_items(wikitext: str) -> tuple[str, tk.Items, list[str]]:
    """The token reader's items of a page, read as ``parse_article`` reads it: characters MediaWiki does not
    store as U+FFFD, runs of unclosed constructs neutralised by the guard (linear time), each with a warning.
    Returns the text the items' offsets point into (the same length as ``wikitext``)."""
    source, cleaning = clean(wikitext)
    warnings = [cleaning] if cleaning else []
    unclosed = find_unclosed(source)
    if len(unclosed.starts) > LIMIT:
        tokens = _Tokenizer().tokenize(neutralise(source, unclosed), 0, True)
        for token in tokens:
            if type(token) is Text:
                token["text"] = restore_text(token["text"])
        warnings.append(guard_warning(source, unclosed.starts))
    else:
        tokens = _Tokenizer().tokenize(source, 0, True)
    reader = tk.TokenReader(tokens)
    items = reader.read()
    if reader.position != len(source):
        raise tk.TokenReadError(f"tokens cover {reader.position} of {len(source)} characters")
    return source, items, warnings
