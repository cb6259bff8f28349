"""Bold and italics as MediaWiki's ``Parser::doQuotes`` resolves them, one line at a time.

A line is a list of pieces: ``str`` (text that may hold apostrophe runs) and anything else (a link, a tag, a
template: opaque here). The result nests the same pieces in :class:`Styled` spans. Every rule is MediaWiki
1.39's: four apostrophes are one of text and bold, more than five are text but the last five, an odd count of
both bold and italics turns one bold into an apostrophe and italics (after a one-letter word first, then a
longer word, then a space), and whatever is open at the end of the line is closed there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")

_RUN = re.compile(r"('{2,})")


@dataclass(slots=True)
class Styled(Generic[P]):
    """A bold (``"b"``) or italic (``"i"``) span of pieces."""

    style: str
    content: list[P | str | Styled[P]]


def has_quotes(pieces: Sequence[P | str]) -> bool:
    return any(isinstance(piece, str) and "''" in piece for piece in pieces)


def resolve_quotes(pieces: Sequence[P | str]) -> list[P | str | Styled[P]]:
    """The line's pieces with its apostrophe runs turned into nested bold and italic spans."""
    if not has_quotes(pieces):
        return list(pieces)
    # MediaWiki's split: segments[0], run, segments[1], run, …; a segment is a list of pieces.
    segments: list[list[P | str]] = [[]]
    runs: list[int] = []
    for piece in pieces:
        if not isinstance(piece, str) or "''" not in piece:
            segments[-1].append(piece)
            continue
        parts = _RUN.split(piece)
        for index, part in enumerate(parts):
            if index % 2:
                runs.append(len(part))
                segments.append([])
            elif part:
                segments[-1].append(part)
    _balance(segments, runs)
    return _nest(segments, runs)


def _balance(segments: list[list[P | str]], runs: list[int]) -> None:
    """MediaWiki's preliminary pass: odd runs become text, and one bold may become an apostrophe + italics."""
    bold = italics = 0
    for index, length in enumerate(runs):
        if length == 4:
            segments[index].append("'")
            length = 3
        elif length > 5:
            segments[index].append("'" * (length - 5))
            length = 5
        runs[index] = length
        bold += length in (3, 5)
        italics += length in (2, 5)
    if not (bold % 2 and italics % 2):
        return
    single = multi = space = -1
    for index, length in enumerate(runs):
        if length != 3:
            continue
        last, before = _last_two(segments[index])
        if last == " ":
            space = index if space == -1 else space
        elif before == " ":
            single = index
            break
        elif multi == -1:
            multi = index
    chosen = next((choice for choice in (single, multi, space) if choice > -1), -1)
    if chosen > -1:
        runs[chosen] = 2
        segments[chosen].append("'")


def _last_two(segment: list[P | str]) -> tuple[str, str]:
    """What PHP's ``substr($s, -1)`` and ``substr($s, -2, 1)`` see: bytes, so a non-ASCII letter counts as
    two.

    An opaque piece stands where MediaWiki has a placeholder or a tag ending in ``>``: never a space.
    """
    tail = b""
    for piece in reversed(segment):
        tail = (piece.encode("utf-8") if isinstance(piece, str) else b"x>")[-2:] + tail
        if len(tail) >= 2:
            break
    return (chr(tail[-1]) if tail else ""), (chr(tail[-2]) if len(tail) >= 2 else "")


# MediaWiki's state machine as a table: (run length, state) to (actions, next state). Actions: "b" or "i"
# opens a span, "/" closes the innermost, "w" writes what was held back after a lone 5-run (state "both").
_TRANSITIONS: dict[tuple[int, str], tuple[str, str]] = {
    (2, "i"): ("/", ""),
    (2, "bi"): ("/", "b"),
    (2, "ib"): ("//b", "b"),
    (2, "both"): ("biw/", "b"),
    (2, "b"): ("i", "bi"),
    (2, ""): ("i", "i"),
    (3, "b"): ("/", ""),
    (3, "bi"): ("//i", "i"),
    (3, "ib"): ("/", "i"),
    (3, "both"): ("ibw/", "i"),
    (3, "i"): ("b", "ib"),
    (3, ""): ("b", "b"),
    (5, "b"): ("/i", "i"),
    (5, "i"): ("/b", "b"),
    (5, "bi"): ("//", ""),
    (5, "ib"): ("//", ""),
    (5, "both"): ("ibw//", ""),
    (5, ""): ("", "both"),
}


def _nest(segments: list[list[P | str]], runs: list[int]) -> list[P | str | Styled[P]]:
    """The pieces nested in spans as MediaWiki's tags would nest them (its output always nests)."""
    root: list[P | str | Styled[P]] = []
    stack: list[list[P | str | Styled[P]]] = [root]
    state = ""
    held: list[P | str] = []
    root.extend(segments[0])
    for length, segment in zip(runs, segments[1:], strict=True):
        actions, state = _TRANSITIONS[length, state]
        for action in actions:
            if action == "/":
                stack.pop()
            elif action == "w":
                stack[-1].extend(held)
            else:
                span: Styled[P] = Styled(action, [])
                stack[-1].append(span)
                stack.append(span.content)
        if state == "both":
            held = list(segment)
        else:
            stack[-1].extend(segment)
    if state == "both" and held:
        italic: Styled[P] = Styled("i", [*held])
        stack[-1].append(Styled("b", [italic]))
    return root
