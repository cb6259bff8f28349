"""Text into LaTeX that BibTeX and biber both read, and that decodes back to the same text.

The specials (``\\ { } $ & # ^ _ ~ %``) become commands; a non-ASCII character becomes its LaTeX form
(``{\\'e}``) when pylatexenc's encoder and decoder agree on it, else stays as UTF-8 (biber reads UTF-8, and
so does BibTeX for what it only copies). TeX ligatures (``--``, ``''``, ``` `` ```) are broken with ``{}`` so
that they do not turn into dashes and quotes.
"""

from __future__ import annotations

import logging
from functools import cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import UnicodeToLatexEncoder

_SPECIALS = {
    "\\": "{\\textbackslash}",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "&": "\\&",
    "#": "\\#",
    "^": "{\\textasciicircum}",
    "_": "\\_",
    "~": "{\\textasciitilde}",
    "%": "\\%",
}
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
    """``text`` as LaTeX for a BibTeX field value."""
    out = []
    previous = ""
    for char in text:
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
