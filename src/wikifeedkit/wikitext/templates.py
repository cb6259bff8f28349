"""How templates read as text: a registry of small renderers that users can extend or override.

>>> from wikifeedkit.wikitext.templates import DEFAULT_TEMPLATES
>>> registry = DEFAULT_TEMPLATES.copy()
>>> registry.register("shout", lambda frame: frame.arg(1).upper())

A renderer gets a :class:`TemplateFrame` (the template as written, where ``arg`` renders a parameter to plain
text; MediaWiki's Lua modules call the same thing a frame) and returns the text the template stands for (""
for none). Templates with no renderer read as nothing in plain text; they stay in ``article.templates`` as
:class:`~wikifeedkit.model.TemplateCall` records. Parser functions (``{{formatnum:1234}}``, ``{{#time:…}}``)
are registered by their name before the colon with :meth:`TemplateRegistry.register_function`.
"""

from __future__ import annotations

import re
import urllib.parse
from calendar import monthrange
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from mwparserfromhell.nodes import Text
from mwparserfromhell.wikicode import Wikicode

from .dates import parse_date

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Template


def template_key(name: str) -> str:
    """A template name as the registry looks it up: lower case, single spaces, no ``Template:`` prefix."""
    key = " ".join(name.replace("_", " ").split()).lower()
    return key[9:].lstrip() if key.startswith("template:") else key


class TemplateFrame:
    """A template as a renderer sees it: its ``name`` (as :func:`template_key` makes it) and its arguments."""

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

    def function_argument(self) -> str:
        """A parser function's argument after its colon, rendered and trimmed: "1234" in ``{{formatnum:1234}}``."""
        nodes = self._template.name.nodes
        for index, node in enumerate(nodes):
            if isinstance(node, Text) and ":" in node.value:
                rest = Wikicode([Text(node.value.split(":", 1)[1]), *nodes[index + 1 :]])
                return self._render(rest).strip()
        return ""


Call = TemplateFrame
"""The former name of :class:`TemplateFrame`."""

TemplateRenderer: TypeAlias = Callable[[TemplateFrame], str]
"""What a registry holds: a function from a :class:`TemplateFrame` to the text the template stands for."""
Renderer = TemplateRenderer


class TemplateRegistry:
    """Template renderers by name; names are matched as :func:`template_key` makes them."""

    def __init__(self, renderers: dict[str, Renderer] | None = None) -> None:
        self._renderers: dict[str, Renderer] = dict(renderers or {})
        self._prefixes: list[tuple[str, Renderer]] = []
        self._functions: dict[str, Renderer] = {}

    def register(self, names: str | Iterable[str], renderer: Renderer) -> None:
        """Render the template(s) called ``names`` with ``renderer``."""
        for name in [names] if isinstance(names, str) else names:
            self._renderers[template_key(name)] = renderer

    def register_prefix(self, prefix: str, renderer: Renderer) -> None:
        """Render every template whose name starts with ``prefix`` (e.g. ``lang-``) with ``renderer``."""
        self._prefixes.append((template_key(prefix), renderer))

    def register_function(self, names: str | Iterable[str], renderer: Renderer) -> None:
        """Render the parser function(s) ``names`` (``formatnum``, ``#time``: the name before the colon) with
        ``renderer``, which reads the argument after the colon with :meth:`TemplateFrame.function_argument`."""
        for name in [names] if isinstance(names, str) else names:
            self._functions[template_key(name)] = renderer

    def lookup(self, key: str) -> Renderer | None:
        """The renderer for a template key (a parser function's by the name before its colon), or None."""
        if ":" in key:
            function = self._functions.get(key.split(":", 1)[0].strip())
            if function is not None:
                return function
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
        clone._functions = dict(self._functions)
        return clone


def _constant(text: str) -> Renderer:
    return lambda call: text


def _first(call: TemplateFrame) -> str:
    return call.arg(1)


def _second(call: TemplateFrame) -> str:
    return call.arg(2) or call.arg(1)


def _last(call: TemplateFrame) -> str:
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


def _date(call: TemplateFrame) -> str:
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


def _convert(call: TemplateFrame) -> str:
    """``{{convert|5|km|mi}}`` → "5 km"; ``{{convert|5|to|10|km}}`` → "5 to 10 km"."""
    values = call.positional()
    if len(values) >= 4 and values[1] in {"to", "-", "–", "and", "or", "by", "x", "×", "+"}:
        dash = "–" if values[1] in {"-", "–"} else f" {values[1]} "
        return f"{values[0]}{dash}{values[2]} {values[3]}"
    return " ".join(values[:2])


def _sortname(call: TemplateFrame) -> str:
    return " ".join(value for value in (call.arg(1), call.arg(2)) if value)


def _flag(call: TemplateFrame) -> str:
    return call.arg("name") or call.arg(1)


def _prefixed(prefix: str) -> Renderer:
    return lambda call: f"{prefix} {call.arg(1)}".strip()


def _frac(call: TemplateFrame) -> str:
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


# --- parser functions that only format their argument (MediaWiki's CoreParserFunctions, English) -------------
# Those that read the wiki's state (ns, fullurl, pagesincategory, gender, …) or the clock are left out.

# Language::formatNum's number inside a text: an optional minus, digits, a fraction, an exponent.
_NUMBER = re.compile(r"(-(?=[\d.]))?(\d+|(?=\.\d))(\.\d*)?([Ee][-+]?\d+)?")
_MINUS = "\u2212"


def _grouped(match: re.Match[str]) -> str:
    """One number with English thousands separators and a true minus sign; digits after the point kept."""
    minus, whole, fraction, exponent = match.groups()
    if exponent:  # MediaWiki formats 1e5 as a float; kept as written
        return match.group()
    head = len(whole) % 3 or 3  # the digits as written, leading zeros too ("05000" → "05,000")
    grouped = (
        ",".join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))]) if whole else ""
    )
    return (_MINUS if minus else "") + grouped + (fraction or "")


def _formatnum(frame: TemplateFrame) -> str:
    """``{{formatnum:1234567.5}}`` → "1,234,567.5"; ``|R`` reads a formatted number back, ``|NOSEP`` keeps
    the digits together."""
    number, option = frame.function_argument(), frame.arg(1).upper()
    if option == "R":
        return number.replace(_MINUS, "-").replace(",", "")
    if option == "NOSEP":
        return number.replace("-", _MINUS)
    return _NUMBER.sub(_grouped, number)


def _case(change: Callable[[str], str]) -> Renderer:
    return lambda frame: change(frame.function_argument())


def _leading_int(text: str) -> int:
    """PHP's ``(int)`` of a string: its leading digits, else 0."""
    match = re.match(r"\s*([+-]?\d+)", text)
    return int(match.group(1)) if match and len(match.group(1)) < 12 else 0


def _pad(left: bool) -> Renderer:
    """``{{padleft:7|3|0}}`` → "007": up to 500 characters, the padding repeated and cut to fit."""

    def render(frame: TemplateFrame) -> str:
        text = frame.function_argument()
        padding = "0" if frame.raw(2) is None else frame.arg(2)
        missing = min(_leading_int(frame.arg(1)), 500) - len(text)
        if not padding or missing <= 0:
            return text
        fill = (padding * (missing // len(padding) + 1))[:missing]
        return fill + text if left else text + fill

    return render


def _urlencode(frame: TemplateFrame) -> str:
    """``{{urlencode:a b}}`` → "a+b" (PHP's urlencode); ``|PATH`` → "a%20b"; ``|WIKI`` → "a_b"."""
    text, option = frame.function_argument(), frame.arg(1).upper()
    if option == "PATH":
        return urllib.parse.quote(text, safe="")
    if option == "WIKI":
        text = text.replace(" ", "_")
        return urllib.parse.quote_plus(text, safe=";@$!*(),/~:")
    return urllib.parse.quote_plus(text, safe="").replace("~", "%7E")


def _anchorencode(frame: TemplateFrame) -> str:
    """``{{anchorencode:A b}}`` → "A_b": the section anchor for a heading's text."""
    return "_".join(frame.function_argument().split())


def _plural(frame: TemplateFrame) -> str:
    """``{{plural:2|item|items}}`` → "items" (English: the first form for 1, else the second); an explicit
    form ``0=none`` wins for its number."""
    number = frame.function_argument().replace(_MINUS, "-").replace(",", "")
    forms = frame.positional()
    explicit = {name: value for name, value in frame.named().items() if name.isdigit()}
    for index in range(1, len(forms) + 1):
        explicit.pop(str(index), None)  # positional forms, not explicit ones
    if number in explicit:
        return explicit[number]
    if not forms:
        return ""
    try:
        count = float(number)
    except ValueError:
        count = 0.0
    return forms[0] if count == 1 or len(forms) == 1 else forms[1]


def _full_date(text: str) -> date | None:
    """A written date with year, month and day ("2011-12-16", "16 December 2011"), else None."""
    parsed = parse_date(text)
    if parsed is None or parsed.month is None or parsed.day is None:
        return None
    return date(parsed.year, parsed.month, parsed.day)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME_CODES: dict[str, Callable[[date], str]] = {
    "Y": lambda d: f"{d.year:04d}",
    "y": lambda d: f"{d.year % 100:02d}",
    "n": lambda d: str(d.month),
    "m": lambda d: f"{d.month:02d}",
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "F": lambda d: MONTH_NAMES[d.month - 1],
    "M": lambda d: MONTH_NAMES[d.month - 1][:3],
    "l": lambda d: _WEEKDAYS[d.weekday()],
    "D": lambda d: _WEEKDAYS[d.weekday()][:3],
    "N": lambda d: str(d.isoweekday()),
    "w": lambda d: str(d.isoweekday() % 7),
    "z": lambda d: str(d.timetuple().tm_yday - 1),
    "L": lambda d: "1" if monthrange(d.year, 2)[1] == 29 else "0",
}
_TIME_FORMAT = re.compile(r'"([^"]*)"|\\(.)|([A-Za-z])|([^A-Za-z"\\]+)', re.DOTALL)


def _time(frame: TemplateFrame) -> str:
    """``{{#time:j F Y|2011-12-16}}`` → "16 December 2011", for a written date with a day and the date codes
    of PHP's format (Y y n m j d F M l D N w z L, "quoted text", \\escapes). Without a date (now), with a
    time code or one it does not know, it renders as nothing, as an unknown template does."""
    when = _full_date(frame.arg(1))
    if when is None:
        return ""
    out: list[str] = []
    for quoted, escaped, code, literal in _TIME_FORMAT.findall(frame.function_argument()):
        if code:
            if code not in _TIME_CODES:
                return ""
            out.append(_TIME_CODES[code](when))
        else:
            out.append(quoted or escaped or literal)
    return "".join(out)


def _dateformat(frame: TemplateFrame) -> str:
    """``{{#dateformat:2011-12-16|dmy}}`` → "16 December 2011" (``mdy``, ``ymd``, ``ISO 8601`` too); other
    dates and formats stay as written."""
    written, style = frame.function_argument(), frame.arg(1).lower()
    when = _full_date(written)
    if when is None:
        return written
    month = MONTH_NAMES[when.month - 1]
    formats = {
        "dmy": f"{when.day} {month} {when.year}",
        "mdy": f"{month} {when.day}, {when.year}",
        "ymd": f"{when.year} {month} {when.day}",
        "iso 8601": when.isoformat(),
    }
    return formats.get(style, written)


def _register_functions(registry: TemplateRegistry) -> None:
    registry.register_function("formatnum", _formatnum)
    registry.register_function("lc", _case(str.lower))
    registry.register_function("uc", _case(str.upper))
    registry.register_function("lcfirst", _case(lambda text: text[:1].lower() + text[1:]))
    registry.register_function("ucfirst", _case(lambda text: text[:1].upper() + text[1:]))
    registry.register_function("padleft", _pad(left=True))
    registry.register_function("padright", _pad(left=False))
    registry.register_function("urlencode", _urlencode)
    registry.register_function("anchorencode", _anchorencode)
    registry.register_function("plural", _plural)
    registry.register_function(["bidi"], lambda frame: frame.function_argument())
    registry.register_function(["grammar"], lambda frame: frame.arg(1))  # English declines no word
    registry.register_function("#time", _time)
    registry.register_function(["#dateformat", "#formatdate"], _dateformat)


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
    _register_functions(registry)
    return registry


DEFAULT_TEMPLATES = _build_defaults()
"""The renderers plain text and the converters use; extend it with ``register`` or pass your own copy."""


def is_citation_template(key: str) -> bool:
    """Whether a template key names a citation template (CS1/CS2, and the German ones)."""
    return _CITE_LIKE.match(key) is not None
