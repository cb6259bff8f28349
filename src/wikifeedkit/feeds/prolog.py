"""The prolog of a feed (what comes before its root element), checked before libxml2 parses it.

A ``<!DOCTYPE feed [ … ]>`` internal subset is refused here, as its bytes arrive: its entity declarations
would expand and its ``<!ATTLIST>`` defaults would change attribute values (lxml's ``get`` reads them even
with ``attribute_defaults=False``). The bytes are decoded as libxml2 guesses them from the first four
(UTF-8 and the other ASCII-compatible encodings, UTF-16, UTF-32); a declared encoding that spells the
brackets otherwise (UTF-7) is caught after parsing, by :func:`wikifeedkit.feeds.xmlsource.iter_elements`.
"""

from __future__ import annotations

import codecs
import re
from enum import Enum, auto

from ..errors import FeedError

_SIGNATURES = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_OPENERS = ("<?", "<!--", "<!DOCTYPE")
_DOCTYPE_SPECIAL = re.compile(r"[\[>\"']")
_SPACE = " \t\r\n\ufeff"


class _State(Enum):
    TOP = auto()  # between declarations
    PI = auto()
    COMMENT = auto()
    DOCTYPE = auto()  # inside <!DOCTYPE …>, outside its quoted literals
    QUOTE = auto()  # inside a quoted literal of the DOCTYPE


_ENDS = {_State.PI: "?>", _State.COMMENT: "-->"}


def _encoding(head: bytes) -> str:
    """The encoding libxml2 reads the first bytes in; latin-1 stands for every ASCII-compatible one."""
    return next((name for signature, name in _SIGNATURES if head.startswith(signature)), "latin-1")


class PrologScanner:
    """Fed a document's bytes in order; raises :class:`FeedError` at the ``[`` of an internal DTD subset.

    It stops looking (``done``) at the root element's start tag; the text between is scanned once.
    """

    def __init__(self, name: str) -> None:
        self.done = False
        self._name = name
        self._head = b""
        self._decoder: codecs.IncrementalDecoder | None = None
        self._text = ""
        self._pos = 0
        self._state = _State.TOP
        self._quote = ""
        self._line = 1
        self._column = 1

    def feed(self, data: bytes, *, final: bool = False) -> None:
        """Scan the next bytes of the document (``final`` at its end)."""
        if self.done:
            return
        if self._decoder is None:
            self._head += data
            if len(self._head) < 4 and not final:
                return
            self._decoder = codecs.getincrementaldecoder(_encoding(self._head))("replace")
            data, self._head = self._head, b""
        self._text = self._text[self._pos :] + self._decoder.decode(data, final)
        self._pos = 0
        self._scan(final)
        if final:
            self.done = True

    def _scan(self, final: bool) -> None:
        while not self.done and self._pos < len(self._text):
            state = self._state
            if state is _State.TOP:
                if not self._top(final):
                    return
            elif state in _ENDS:
                if not self._skip_to(_ENDS[state]):
                    return
            elif state is _State.DOCTYPE:
                self._doctype()
            elif not self._skip_to(self._quote):
                return

    def _top(self, final: bool) -> bool:
        """Step over blanks and one opener; False to wait for more text."""
        text = self._text
        start = self._pos
        while start < len(text) and text[start] in _SPACE:
            start += 1
        self._advance(start)
        if start == len(text):
            return False
        for opener, state in zip(_OPENERS, (_State.PI, _State.COMMENT, _State.DOCTYPE), strict=True):
            if text.startswith(opener, start):
                self._advance(start + len(opener))
                self._state = state
                return True
        rest = text[start : start + len(_OPENERS[-1])]
        if not final and any(opener.startswith(rest) for opener in _OPENERS):
            return False  # "<!DOC" so far: wait for the rest
        self.done = True  # the root element, or text libxml2 reports as malformed
        return False

    def _skip_to(self, end: str) -> bool:
        """Go past ``end`` and back to the state around it; False (and keep a possible start) without it."""
        at = self._text.find(end, self._pos)
        if at < 0:
            self._advance(max(self._pos, len(self._text) - len(end) + 1))
            return False
        self._advance(at + len(end))
        self._state = _State.DOCTYPE if self._state is _State.QUOTE else _State.TOP
        return True

    def _doctype(self) -> None:
        match = _DOCTYPE_SPECIAL.search(self._text, self._pos)
        if match is None:
            self._advance(len(self._text))
            return
        self._advance(match.start())
        char = match.group()
        if char == "[":
            self._refuse()
        self._advance(self._pos + 1)
        if char == ">":
            self._state = _State.TOP
        else:
            self._state, self._quote = _State.QUOTE, char

    def _refuse(self) -> None:
        if "<!ENTITY" in self._text[self._pos :]:
            what = "declares XML entities, which are refused (entity expansion)"
        else:
            what = (
                "has an internal DTD subset (<!DOCTYPE … [ … ]>), which is refused "
                "(its declarations would change the feed's attribute values)"
            )
        raise FeedError(f"{self._name}: the document {what}", line=self._line, column=self._column)

    def _advance(self, to: int) -> None:
        """Move to ``to``, keeping the line and column of the position."""
        newlines = self._text.count("\n", self._pos, to)
        if newlines:
            self._line += newlines
            self._column = to - self._text.rfind("\n", self._pos, to)
        else:
            self._column += to - self._pos
        self._pos = to
