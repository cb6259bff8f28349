"""Keeping mwparserfromhell linear on hostile wikitext.

mwparserfromhell tries every opener (``<ref>``, ``{{x|``, ``[[x|``, ``{|``, ``<!--``, ``[http://…``) up to
the end of the text (or of the line) before it gives up and reads it as text, so n unclosed openers cost n
rescans: 10,000 copies of ``<ref>`` took 6 s, of ``{{x|`` a minute (upstream issue #364). A text with at most
:data:`LIMIT` unclosed constructs is parsed as written. In one with more, each unclosed opener gets one of
its characters replaced by a placeholder of the same length that the tokenizer reads as text (``{{`` becomes
``{`` + placeholder, so the remaining ``{`` still stops what a ``{`` stops), and the placeholders are put back
in the tree afterwards, so the tree's text is the text.

:func:`find_unclosed` finds them in one pass, modelling how mwparserfromhell matches: a closer ends the
innermost open construct of its kind; a closer of another kind is text there, unless the innermost construct
fails later (then mwparserfromhell reads that stretch again and the closer counts), and a stray closing tag
makes the open tags around it fail. Comments and ``<nowiki>``-like tags are opaque. It is a model, not the
tokenizer: on such a text some markup may read differently from a full parse, and the caller says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mwparserfromhell.definitions import PARSER_BLACKLIST, SINGLE, SINGLE_ONLY, URI_SCHEMES
from mwparserfromhell.nodes import Comment, Text
from mwparserfromhell.wikicode import Wikicode

LIMIT = 16
"""Unclosed constructs a text may have and still be parsed as written (each costs at most one rescan)."""

PLACEHOLDERS = "\ufdd0\ufdd1\ufdd2\ufdd3"
"""The noncharacters standing for a neutralised ``<``, ``{``, ``[`` and ``-`` (texts must not hold them)."""
_HIDE = str.maketrans(dict(zip("<{[-", PLACEHOLDERS, strict=True)))
_RESTORE = str.maketrans(dict(zip(PLACEHOLDERS, "<{[-", strict=True)))
_HAS_PLACEHOLDER = re.compile(f"[{PLACEHOLDERS}]")

_NAME = r"[^\s{}\[\]<>|=&'#*;:/\\\"!\-]+"  # a tag name: text up to mwparserfromhell's next marker or space
_TOKEN = re.compile(
    r"(?P<comment><!--)"
    rf"|</(?P<close>{_NAME})[^\S\n]*>"
    rf"|<(?P<open>{_NAME})(?=[\s/>])"
    r"|(?P<table>^[^\S\n]?\{\|)"
    r"|(?P<table_end>^[^\S\n]?\|\})"
    r"|(?P<braces>\{\{+)"
    r"|(?P<rbraces>\}\}+)"
    r"|(?P<link>\[\[)"
    r"|(?P<link_end>\]\])"
    r"|(?P<external>\[(?=//|[A-Za-z][A-Za-z0-9+.\-]*:))",
    re.MULTILINE,
)
_EXTERNAL_START = re.compile(r"\[(?://|[A-Za-z][A-Za-z0-9+.\-]*:)")
_SCHEME = re.compile(r"\[([A-Za-z][A-Za-z0-9+.\-]*):(//)?")
_RIGHT_BRACES = re.compile(r"\}+")
# A tag's attributes up to its ">" as mwparserfromhell reads well-formed ones (possessive: no backtracking;
# it never passes a "<", so the matches of successive tags do not overlap). Group 1 is "/" when self-closing.
_ATTRIBUTES = re.compile(
    r"""(?:\s++(?:[^\s=<>/]|/(?!>))++
           (?:\s*+=\s*+(?:"[^"<]*+"|'[^'<]*+'|(?:[^\s<>"'/]|/(?!>))(?:[^\s<>/]|/(?!>))*+)?+)?+
       )*+\s*+(/?)>""",
    re.VERBOSE,
)
_TEMPLATE_NAME = re.compile(r"[^|{}\[\]<>]*")
_LINK_TITLE = re.compile(r"[^\n\[\]{}<>|]*")
_OPAQUE = frozenset(PARSER_BLACKLIST)
_SINGLE = frozenset(SINGLE)  # may go without a closing tag
_VOID = frozenset(SINGLE_ONLY)  # never have one
_BRACES = "braces"


@dataclass(frozen=True, slots=True)
class Unclosed:
    """What :func:`find_unclosed` found: where each unclosed opener starts (in order), and the offsets of the
    characters to neutralise."""

    starts: list[int]
    hidden: list[int]


@dataclass(slots=True)
class _Closer:
    key: str  # "tag:ref", "braces", "link", "table"
    count: int = 0  # braces in a run of "}"


class _Opener:
    """An open construct: ``hide`` is the offset to neutralise (for braces, worked out from ``count``);
    ``fragile`` when a template is in its name (it fails when something inside it fails); ``implicit`` for
    ``<li>`` and the like, closed by the end of the text if nothing else; ``deferred`` the closers of other
    kinds met while it was innermost."""

    __slots__ = ("count", "deferred", "fragile", "hide", "implicit", "inner_failed", "key", "position")

    def __init__(self, key: str, position: int, hide: int, *, count: int = 0, fragile: bool = False,
                 implicit: bool = False) -> None:  # fmt: skip
        self.key = key
        self.position = position
        self.hide = hide
        self.count = count
        self.fragile = fragile
        self.implicit = implicit
        self.inner_failed = False
        self.deferred: list[_Closer] | None = None


@dataclass(slots=True)
class _Scan:
    """One left-to-right pass over the text with a stack of open constructs."""

    text: str
    stack: list[_Opener] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)
    no_closer: set[str] = field(default_factory=set)  # opaque tags with no closer after some point
    stopped: dict[int, int] = field(default_factory=dict)  # where a failed name stopped -> offset to hide
    budget: int = 0  # closers that may still be replayed after a failure (keeps the pass linear)
    _found: dict[str, tuple[int, int]] = field(default_factory=dict)  # literal -> (searched from, found at)

    def next_index(self, what: str, start: int) -> int:
        """The next ``what`` (a literal) at or after ``start``, -1 if none; amortised linear as ``start``
        only grows: a search is reused until the pass has moved past what it found."""
        searched, found = self._found.get(what, (len(self.text) + 1, -1))
        if searched <= start and (found == -1 or found >= start):
            return found
        found = self.text.find(what, start)
        self._found[what] = (start, found)
        return found

    def unclosed(self, start: int, hide: int) -> None:
        self.starts.append(start)
        self.hide(hide)

    def hide(self, offset: int) -> None:
        self.hidden.append(offset)
        if offset in self.stopped:  # a name or title that stopped at this character must go on stopping
            self.hidden.append(self.stopped.pop(offset))

    def defer(self, opener: _Opener, closer: _Closer) -> None:
        """``closer`` is text inside ``opener``, unless ``opener`` fails and its stretch is read again."""
        if opener.deferred is None:
            opener.deferred = [closer]
        else:
            opener.deferred.append(closer)

    def close(self, closer: _Closer) -> None:
        """Apply a closer; a construct that fails on it has the closers it had taken as text read again
        (before this one), as mwparserfromhell reads a failed construct's stretch again. Iterative."""
        work: list[Iterator[_Closer]] = [iter((closer,))]
        while work:
            current = next(work[-1], None)
            if current is None:
                work.pop()
                continue
            again = self._apply(current)
            if again:
                work.append(iter(again))

    def _apply(self, closer: _Closer) -> list[_Closer]:
        """Apply one closer to the innermost open construct; the closers to read again, if one failed."""
        while self.stack:
            top = self.stack[-1]
            if top.key == closer.key:
                if top.fragile and top.inner_failed:  # something in its name failed: so does it
                    return [*self.fail(), closer]
                if closer.key != _BRACES:
                    self.stack.pop()
                    return []
                used = 3 if top.count >= 3 and closer.count >= 3 else 2
                top.count -= used
                closer.count -= used
                if top.count < 2:
                    self.stack.pop()
                if closer.count < 2:
                    return []
            elif top.key.startswith("tag:") and closer.key.startswith("tag:"):
                return [*self.fail(), closer]  # a closing tag that is not the innermost tag's fails that tag
            else:
                self.defer(top, closer)
                return []
        return []

    def fail(self) -> list[_Closer]:
        """The innermost construct never closes: record it; the closers it had taken as text are returned
        to be read again (while the budget lasts)."""
        opener = self.stack.pop()
        if opener.key == _BRACES:  # the outer braces of the run stay open; every second one is hidden
            self.starts.append(opener.position)
            self.hidden.extend(range(opener.position + 1, opener.position + opener.count, 2))
        else:
            self.unclosed(opener.position, opener.hide)
        if self.stack:
            self.stack[-1].inner_failed = True
        if not opener.deferred or self.budget <= 0:
            return []
        again = opener.deferred[: self.budget]
        self.budget -= len(again)
        return again


def find_unclosed(text: str) -> Unclosed:
    """Every opener in ``text`` that mwparserfromhell would try and give up on (linear time)."""
    scan = _Scan(text, budget=4 * len(text) // 10 + 1024)
    position = 0
    opaque: dict[str, re.Pattern[str]] = {}
    for match in _TOKEN.finditer(text):
        start = match.start()
        if start < position:  # inside a comment or an opaque tag the pass has jumped over
            continue
        kind = match.lastgroup
        position = match.end()
        if kind == "link":
            _link(scan, start)
        elif kind == "link_end":
            scan.close(_Closer("link"))
        elif kind == "braces":
            _braces(scan, match)
        elif kind == "rbraces":
            scan.close(_Closer(_BRACES, position - start))
        elif kind == "open":
            position = _tag(scan, match, opaque)
        elif kind == "close":
            scan.close(_Closer(f"tag:{match.group('close').lower()}"))
        elif kind == "comment":
            end = scan.next_index("-->", position)
            if end < 0:
                scan.unclosed(start, start + 3)
            else:
                position = end + 3
        elif kind == "external":
            _external(scan, start)
        elif kind == "table":
            scan.stack.append(_Opener("table", position - 2, position - 2))
        else:
            position = _table_end(scan, match)
    while scan.stack:
        if scan.stack[-1].implicit:
            scan.stack.pop()
        elif again := scan.fail():
            for closer in again:
                scan.close(closer)
    return Unclosed(sorted(scan.starts), scan.hidden)


def _tag(scan: _Scan, match: re.Match[str], opaque: dict[str, re.Pattern[str]]) -> int:
    """An opening tag: pushed, skipped to its closer (opaque tags), or unclosed; returns where to go on.

    A tag whose attributes are not well formed (a quote that does not end before the next ``<``, a ``<``
    among them, no ``>``) counts as unclosed: mwparserfromhell reads on, past the quote or into a nested
    tag, and gives up at the end of the text."""
    name = match.group("open").lower()
    start = match.start()
    attributes = _ATTRIBUTES.match(scan.text, match.end())
    if attributes is None:
        scan.unclosed(start, start)
        return match.end()
    if attributes.group(1) or name in _VOID:
        return match.end()  # self-closing, or a tag that has no body
    if name in _OPAQUE:
        closer = None
        if name not in scan.no_closer:  # the pass jumps past a closer found, or stops looking for one
            pattern = opaque.setdefault(name, re.compile(rf"</{re.escape(name)}[^\S\n]*>", re.IGNORECASE))
            closer = pattern.search(scan.text, attributes.end())
        if closer is None:
            scan.no_closer.add(name)
            scan.unclosed(start, start)
            return match.end()
        return closer.end()
    scan.stack.append(_Opener(f"tag:{name}", start, start, implicit=name in _SINGLE))
    return match.end()


def _table_end(scan: _Scan, match: re.Match[str]) -> int:
    """``|}`` at a line start; inside a template or link ``|`` separates parameters and ``}`` may start
    ``}}``, so a run of ``}`` after the ``|`` is read as one. Returns where to go on."""
    if not scan.stack or scan.stack[-1].key not in {_BRACES, "link"}:
        scan.close(_Closer("table"))
        return match.end()
    scan.defer(scan.stack[-1], _Closer("table"))
    run = _RIGHT_BRACES.match(scan.text, match.end() - 1)
    assert run is not None
    if len(run.group()) >= 2:
        scan.close(_Closer(_BRACES, len(run.group())))
    return run.end()


def _opens(scan: _Scan, at: int, end: str) -> bool | None:
    """Whether a template name or link title that stops at ``at`` goes on: True with a template in it,
    False for a plain one; None when the tokenizer gives up at once (``[``, ``>``, a lone ``{``, …).
    ``end`` is the construct's own closer (``}}`` or ``]]``)."""
    after = scan.text[at : at + 4]
    if after[:2] == "{{":
        return True
    if after[:1] == "|" or after[:2] == end:
        return False
    if after.startswith("<!--") and scan.next_index("-->", at) >= 0:
        return False
    return None


def _braces(scan: _Scan, match: re.Match[str]) -> None:
    """A run of ``{``: a template unless its name fails at once; three or more may be an argument
    (``{{{1|…}}}``), whose name mwparserfromhell reads up to ``|`` or ``}}}`` whatever it holds."""
    run = match.end() - match.start()
    name = _TEMPLATE_NAME.match(scan.text, match.end())
    assert name is not None
    if run >= 3:
        empty = not name.group().strip() and scan.text.startswith("}}", name.end())
        if not empty or scan.text.startswith("}}}", name.end()):  # "{{{}}" is neither argument nor template
            scan.stack.append(_Opener(_BRACES, match.start(), match.start(), count=run))
        return
    fragile = _opens(scan, name.end(), "}}")
    written = name.group().strip()
    empty = not written and scan.text.startswith("}}", name.end())
    if fragile is None or empty or "\n" in written:  # a name that fails: none, or text, line break, text
        scan.stopped[name.end()] = match.start() + 1
        return
    scan.stack.append(_Opener(_BRACES, match.start(), match.start(), count=run, fragile=fragile))


def _link(scan: _Scan, start: int) -> None:
    """``[[``: an external link in brackets first (``[[http://…``), then a link unless its title fails."""
    if _EXTERNAL_START.match(scan.text, start + 1):
        _external(scan, start + 1)
    title = _LINK_TITLE.match(scan.text, start + 2)
    assert title is not None
    fragile = _opens(scan, title.end(), "]]")
    if fragile is None:
        scan.stopped[title.end()] = start + 1
    else:
        scan.stack.append(_Opener("link", start, start + 1, fragile=fragile))


def _external(scan: _Scan, start: int) -> None:
    """``[scheme:…`` with a scheme mwparserfromhell links: unclosed when no ``]`` ends it on its line."""
    scheme = _SCHEME.match(scan.text, start)
    if scheme is not None:
        slashes = URI_SCHEMES.get(scheme.group(1).lower())
        if slashes is None or (slashes and not scheme.group(2)):
            return
    end = scan.next_index("]", start)
    line_end = scan.next_index("\n", start)
    if end < 0 or (0 <= line_end < end):
        scan.unclosed(start, start)


def neutralise(text: str, unclosed: Unclosed) -> str:
    """``text`` with the characters :func:`find_unclosed` names replaced by placeholders (same length)."""
    parts: list[str] = []
    cursor = 0
    for offset in sorted(set(unclosed.hidden)):
        parts.append(text[cursor:offset])
        parts.append(text[offset].translate(_HIDE))
        cursor = offset + 1
    parts.append(text[cursor:])
    return "".join(parts)


def restore(code: Wikicode) -> None:
    """Put the neutralised characters back in every text and comment of the tree (in place)."""
    pending: list[Wikicode] = [code]
    while pending:
        for node in pending.pop().nodes:
            if isinstance(node, Text):
                if _HAS_PLACEHOLDER.search(node.value):
                    node.value = node.value.translate(_RESTORE)
            elif isinstance(node, Comment):
                if _HAS_PLACEHOLDER.search(node.contents):
                    node.contents = node.contents.translate(_RESTORE)
            else:
                pending.extend(node.__children__())


def restore_text(text: str) -> str:
    """A string with the neutralised characters put back (for readers of the token stream)."""
    return text.translate(_RESTORE)
