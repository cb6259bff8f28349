"""How templates read as text: a registry of small renderers that users can extend or override.

>>> from wikifeedkit.wikitext.templates import DEFAULT_TEMPLATES
>>> registry = DEFAULT_TEMPLATES.copy()
>>> registry.register("shout", lambda call: call.arg(1).upper())

A renderer gets a :class:`TemplateCall`-like view (:class:`Call`) whose ``arg`` renders a parameter to plain
text, and returns the text the template stands for ("" for none). Templates with no renderer read as nothing
in plain text; they stay in ``article.templates``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Template


def template_key(name: str) -> str:
    """A template name as the registry looks it up: lower case, single spaces, no ``Template:`` prefix."""
    key = " ".join(name.replace("_", " ").split()).lower()
    return key[9:].lstrip() if key.startswith("template:") else key


class Call:
    """A template as a renderer sees it."""

    __slots__ = ("_render", "_template", "name")

    def __init__(self, template: Template, render: Callable[[object], str]) -> None:
        self._template = template
        self._render = render
        self.name = template_key(str(template.name))

    def raw(self, name: str | int) -> str | None:
        """A parameter's raw wikitext (``name`` a parameter name or a 1-based position), or None."""
        key = str(name)
        if self._template.has(key):
            return str(self._template.get(key).value)
        return None

    def arg(self, name: str | int, default: str = "") -> str:
        """A parameter rendered to plain text and trimmed, or ``default``."""
        key = str(name)
        if not self._template.has(key):
            return default
        return self._render(self._template.get(key).value).strip()

    def positional(self) -> list[str]:
        """Every positional parameter, rendered."""
        return [self._render(p.value).strip() for p in self._template.params if not p.showkey]

    def named(self) -> dict[str, str]:
        """Every parameter by name (positional ones as "1", "2", …), rendered."""
        return {str(p.name).strip(): self._render(p.value).strip() for p in self._template.params}


Renderer = Callable[[Call], str]


class TemplateRegistry:
    """Template renderers by name; names are matched as :func:`template_key` makes them."""

    def __init__(self, renderers: dict[str, Renderer] | None = None) -> None:
        self._renderers: dict[str, Renderer] = dict(renderers or {})
        self._prefixes: list[tuple[str, Renderer]] = []

    def register(self, names: str | Iterable[str], renderer: Renderer) -> None:
        """Render the template(s) called ``names`` with ``renderer``."""
        for name in [names] if isinstance(names, str) else names:
            self._renderers[template_key(name)] = renderer

    def register_prefix(self, prefix: str, renderer: Renderer) -> None:
        """Render every template whose name starts with ``prefix`` (e.g. ``lang-``) with ``renderer``."""
        self._prefixes.append((template_key(prefix), renderer))

    def lookup(self, key: str) -> Renderer | None:
        """The renderer for a template key, or None."""
        renderer = self._renderers.get(key)
        if renderer is None:
            for prefix, candidate in self._prefixes:
                if key.startswith(prefix):
                    return candidate
        return renderer

    def __contains__(self, name: str) -> bool:
        return self.lookup(template_key(name)) is not None

    def copy(self) -> TemplateRegistry:
        """An independent copy to extend."""
        clone = TemplateRegistry(self._renderers)
        clone._prefixes = list(self._prefixes)
        return clone


def _constant(text: str) -> Renderer:
    return lambda call: text


def _first(call: Call) -> str:
    return call.arg(1)


def _second(call: Call) -> str:
    return call.arg(2) or call.arg(1)


def _last(call: Call) -> str:
    values = call.positional()
    return values[-1] if values else ""


def _list(separator: str) -> Renderer:
    return lambda call: separator.join(value for value in call.positional() if value)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip
"""English month names, January first."""


DATE_TEMPLATES = frozenset({"birth date", "birth date and age", "death date", "death date and age", "start date",
                            "end date", "start date and age", "birth-date", "dob", "film date", "date"})  # fmt: skip
"""Templates that take a date as ``year|month|day`` (rendered by :func:`date_parts`)."""


def _number(text: str, digits: int) -> int | None:
    """``text`` as a number of at most ``digits`` ASCII digits (leading zeros aside), else None: never an
    int() of "²" or of 5,000 digits."""
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0") or "0"
    return int(significant) if len(significant) <= digits else None


def date_parts(values: list[str]) -> tuple[list[str], str | None]:
    """The numeric parts of a date template's positional values (year, month, day: up to three values that
    are digits, as written) and, when they do not make a date, why (year 1–9999, month 1–12, a day the month
    has)."""
    parts = [value for value in values if value.isdigit()][:3]
    if not parts:
        return parts, None
    year, month, day = (
        _number(part, size) for part, size in zip([*parts, "", ""][:3], (4, 2, 2), strict=True)
    )
    if year is None or year == 0:
        return parts, f"year {parts[0][:20]!r} is not a year from 1 to 9999"
    if len(parts) > 1 and (month is None or not 1 <= month <= 12):
        return parts, f"month {parts[1][:20]!r} is not a month from 1 to 12"
    if len(parts) > 2 and month is not None and (day is None or not 1 <= day <= monthrange(year, month)[1]):
        return parts, f"day {parts[2][:20]!r} is not a day of {MONTH_NAMES[month - 1]} {year}"
    return parts, None


def _date(call: Call) -> str:
    """``{{birth date|1963|10|19}}`` and friends: "19 October 1963" with ``df=y``, else "October 19, 1963";
    parts that make no date are shown as written, joined by "-"."""
    parts, problem = date_parts(call.positional())
    if not parts:
        return call.arg(1)
    if problem is not None:
        return "-".join(parts)
    if len(parts) == 1:
        return parts[0]
    month = MONTH_NAMES[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day_first = call.arg("df").lower() in {"y", "yes", "1", "true"}
    return f"{int(parts[2])} {month} {parts[0]}" if day_first else f"{month} {int(parts[2])}, {parts[0]}"


def _convert(call: Call) -> str:
    """``{{convert|5|km|mi}}`` → "5 km"; ``{{convert|5|to|10|km}}`` → "5 to 10 km"."""
    values = call.positional()
    if len(values) >= 4 and values[1] in {"to", "-", "–", "and", "or", "by", "x", "×", "+"}:
        dash = "–" if values[1] in {"-", "–"} else f" {values[1]} "
        return f"{values[0]}{dash}{values[2]} {values[3]}"
    return " ".join(values[:2])


def _sortname(call: Call) -> str:
    return " ".join(value for value in (call.arg(1), call.arg(2)) if value)


def _flag(call: Call) -> str:
    return call.arg("name") or call.arg(1)


def _prefixed(prefix: str) -> Renderer:
    return lambda call: f"{prefix} {call.arg(1)}".strip()


def _frac(call: Call) -> str:
    values = call.positional()
    if len(values) == 3:
        return f"{values[0]} {values[1]}/{values[2]}"
    if len(values) == 2:
        return f"{values[0]}/{values[1]}"
    return f"1/{values[0]}" if values else ""


def template_summary(template: Template, render: Callable[[object], str]) -> str:
    """A readable stand-in for a template that has no text of its own: "Name: a=1; b=2"."""
    name = " ".join(str(template.name).split())
    params = []
    for param in template.params:
        value = " ".join(render(param.value).split())
        if value:
            params.append(value if not param.showkey else f"{str(param.name).strip()}={value}")
    return f"{name}: {'; '.join(params)}" if params else name


_CITE_LIKE = re.compile(r"^(cite |citation$|internetquelle$|literatur$)")


def _build_defaults() -> TemplateRegistry:
    registry = TemplateRegistry()
    nothing = _constant("")
    registry.register(["nbsp", "nbs"], _constant("\u00a0"))
    registry.register(["ndash", "en dash"], _constant("–"))
    registry.register(["mdash", "em dash"], _constant("—"))
    registry.register(["snd", "spaced ndash", "spaced en dash"], _constant(" – "))
    registry.register(["·", "dot", "middot"], _constant(" · "))
    registry.register("!", _constant("|"))
    registry.register("=", _constant("="))
    registry.register(["'", "' \""], _constant("'"))
    registry.register(
        ["-", "clear", "clr", "clear left", "clear right", "break", "anchor", "anchors", "0"], nothing
    )
    registry.register(
        ["small", "smaller", "big", "large", "larger", "nowrap", "nobold", "noitalic", "nobr", "em", "strong",
         "var", "code", "kbd", "samp", "mono", "center", "abbr", "tooltip", "visible anchor", "ill",
         "interlanguage link", "interlanguage link multi", "sortkeyname", "nts", "ntsh", "keypress", "url",
         "highlight", "bold", "italic", "sup", "sub", "linktext", "wikt", "lang-en", "nowrap begin", "avoid wrap",
         "sic", "angbr", "not a typo", "proper name", "ipa", "ipac-en", "title case", "braces"],
        _first,
    )  # fmt: skip
    registry.register(
        ["lang", "script", "sort", "native name", "resize", "font color", "color", "transl"], _second
    )
    registry.register(["transliteration", "tlit"], _last)
    registry.register_prefix("lang-", _first)
    registry.register(
        ["nihongo"], lambda call: f"{call.arg(1)} ({call.arg(2)})" if call.arg(2) else call.arg(1)
    )
    registry.register(["sortname"], _sortname)
    registry.register(["flag", "flagcountry", "flagu", "flag country", "country flag"], _flag)
    registry.register(["flagicon", "flag icon", "flagdeco", "flagicon image", "flagathlete"], nothing)
    registry.register(
        ["ubl", "unbulleted list", "ublist", "plainlist", "flatlist", "hlist", "cslist"], _list(", ")
    )
    registry.register(["bulleted list", "ordered list", "bulletedlist", "blist", "olist"], _list("\n"))
    registry.register(["convert", "cvt"], _convert)
    registry.register(DATE_TEMPLATES, _date)
    registry.register(["isbn"], _prefixed("ISBN"))
    registry.register(["oclc"], _prefixed("OCLC"))
    registry.register(["issn"], _prefixed("ISSN"))
    registry.register(["doi"], _prefixed("doi:"))
    registry.register(["as of"], lambda call: f"As of {' '.join(call.positional())}".strip())
    registry.register(["circa", "c."], lambda call: f"c. {call.arg(1)}".strip())
    registry.register(["frac", "fraction", "sfrac"], _frac)
    registry.register(["hms"], lambda call: " ".join(v for v in ["HMS", call.arg(1), call.arg(2)] if v))
    registry.register(["ship"], lambda call: " ".join(v for v in call.positional()[:3] if v))
    registry.register(["dts"], lambda call: " ".join(v for v in call.positional() if v))
    registry.register(
        ["quote", "blockquote", "quotation", "cquote"], lambda call: call.arg("text") or call.arg(1)
    )
    registry.register(
        # hatnotes, maintenance tags, footnote markers: nothing a reader reads as text
        ["citation needed", "cn", "fact", "clarify", "dead link", "by whom", "when", "who", "which", "according to whom",
         "main", "main article", "see also", "further", "details", "about", "redirect", "distinguish", "for",
         "other uses", "reflist", "references", "notelist", "efn", "refn", "sfn", "sfnp", "harvnb", "r", "rp",
         "coord", "increase", "decrease", "steady", "portal", "commons category", "commonscat", "authority control",
         "defaultsort", "use dmy dates", "use mdy dates", "use british english", "short description", "toc",
         "compact toc", "div col", "div col end", "col-begin", "col-end", "webarchive", "subscription required",
         "verify source", "page needed", "full citation needed", "better source needed"],
        nothing,
    )  # fmt: skip
    return registry


DEFAULT_TEMPLATES = _build_defaults()
"""The renderers plain text and the converters use; extend it with ``register`` or pass your own copy."""


def is_citation_template(key: str) -> bool:
    """Whether a template key names a citation template (CS1/CS2, and the German ones)."""
    return _CITE_LIKE.match(key) is not None
