"""Text into LaTeX that BibTeX and biber both read, and that decodes back to the same text.

The specials (``\\ { } $ & # ^ _ ~ %``) become commands; a non-ASCII character becomes its LaTeX form
(``{\\'e}``) when pylatexenc's encoder and decoder agree on it, else stays as UTF-8 (biber reads UTF-8, and
so does BibTeX for what it only copies). TeX ligatures (``--``, ``''``, ``` `` ```) are broken with ``{}`` so
that they do not turn into dashes and quotes.

A value is data, never markup. A brace is ``{\\textbraceleft}``/``{\\textbraceright}``, not ``\\{``:
BibTeX and biber still count ``\\{`` as a brace (bibtexparser does not), so a text could close its field
and forge others; this way every value is brace-balanced. A backslash is ``{\\textbackslash}``, so no
command the text spells (``\\input{…}``) is ever run. A line break is a space (what BibTeX and LaTeX read
it as), so no ``@`` can start a line inside a value. Time is linear in the length of the text.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import UnicodeToLatexEncoder

# Each special is a brace group (bibtexparser's name splitter skips the first character of a name that
# starts with a backslash: "A and \\&, B" would lose the "&").
_SPECIALS = {
    "\\": "{\\textbackslash}",
    "{": "{\\textbraceleft}",
    "}": "{\\textbraceright}",
    "$": "{\\$}",
    "&": "{\\&}",
    "#": "{\\#}",
    "^": "{\\textasciicircum}",
    "_": "{\\_}",
    "~": "{\\textasciitilde}",
    "%": "{\\%}",
}
# Every character a reader may take for a line end (bibtexparser starts a new entry at an "@" after one).
_LINE_BREAKS = {ord(c): " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
# biber reads a value "xdata=KEY-FIELD" as a reference to another entry's field.
_XDATA = re.compile(r"\s*xdata\s*=", re.IGNORECASE)
_LIGATURE_FIRST = frozenset("-`'?!<>,")
_LIGATURE_SECOND = frozenset("-`'<>,")
_ENCODER = UnicodeToLatexEncoder(
    non_ascii_only=True,
    unknown_char_policy="keep",
    unknown_char_warning=False,
    replacement_latex_protection="braces-all",
)
_DECODER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


@cache
def _non_ascii(char: str) -> str:
    encoded = str(_ENCODER.unicode_to_latex(char))
    if encoded != char and _DECODER.latex_to_text(encoded) == char:
        return encoded
    return char


def latex_escape(text: str) -> str:
    """``text`` as LaTeX for a BibTeX field value: brace-balanced, no command the text did not spell."""
    marker = _XDATA.match(text)
    if marker:  # data, not a reference: brace its "="
        return _escape(text[: marker.end() - 1]) + "{=}" + _escape(text[marker.end() :])
    return _escape(text)


def _escape(text: str) -> str:
    out = []
    previous = ""
    for char in text.translate(_LINE_BREAKS):
        if previous in _LIGATURE_FIRST and char in _LIGATURE_SECOND:
            out.append("{}")
        if char in _SPECIALS:
            out.append(_SPECIALS[char])
        elif ord(char) < 128:
            out.append(char)
        else:
            out.append(_non_ascii(char))
        previous = char
    return "".join(out)
