"""LaTeX decoding for checking BibTeX round trips (pylatexenc, with LaTeX's own meaning of a few text macros)."""

from __future__ import annotations

from pylatexenc import latex2text

_CONTEXT = latex2text.get_default_latex_context_db()
# pylatexenc reads \textasciicircum as U+02C6 (in LaTeX it is the ASCII circumflex) and the brace macros as
# nothing (in LaTeX they are the braces).
_CONTEXT.add_context_category(
    "wikifeedkit-tests",
    macros=[
        latex2text.MacroTextSpec("textasciicircum", simplify_repl="^"),
        latex2text.MacroTextSpec("textbraceleft", simplify_repl="{"),
        latex2text.MacroTextSpec("textbraceright", simplify_repl="}"),
    ],
    prepend=True,
)
_DECODER = latex2text.LatexNodes2Text(latex_context=_CONTEXT, math_mode="verbatim", strict_latex_spaces=True)


def decode(value: str) -> str:
    """A BibTeX field value (without its outer braces) as text."""
    return str(_DECODER.latex_to_text(value))
