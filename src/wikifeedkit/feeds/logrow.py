"""Log rows of recent-changes feeds: MediaWiki's sentence ("Admin moved page A to B") before the comment.

``FeedUtils::formatDiff`` writes ``<p>ACTION COMMENT</p>`` for a log row, where ACTION is
``LogFormatter::getActionText()``: a sentence that starts with (or, for new accounts, holds) a link made by
``Linker::userLink``, whose class ``mw-userlink`` a formatted edit summary never carries. That link tells a
log row; the sentence's wording (English here, the wiki's language in general) tells its type and where the
comment starts. For a move, the new title is the sentence's third link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..model import LogEvent

_USER_LINK = re.compile(r"""<a\b[^>]*\bclass=["'][^"']*\bmw-userlink\b""", re.IGNORECASE)
_PARSER = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
_LINK = r"\x00(\d+)\x00"
_PROTECTION = r"(?: \[[^\]]*\] \([^)]*\))+(?: \[cascading\])?"
_VISIBILITY = (
    r"(?:(?:content|edit summary|username|target and parameters) (?:hidden|unhidden)"
    r"|applied restrictions to administrators|removed restrictions for administrators)"
)
_HIDDEN = f": {_VISIBILITY}(?:, {_VISIBILITY})*(?: and {_VISIBILITY})?"
"""What ``revdelete-*-hid`` and the like say, as ``Language::listToText`` joins them."""


@dataclass(frozen=True, slots=True)
class _Wording:
    type: str
    action: str
    pattern: re.Pattern[str]
    target_link: int | None = None  # which link (0 = the user) names the new title
    comment_follows: bool = True  # False where the sentence ends in free text the comment cannot be told from


def _wording(
    type_: str, action: str, sentence: str, target: int | None = None, *, tail: bool = True
) -> _Wording:
    return _Wording(
        type_, action, re.compile("^" + re.sub(r"\bL\b", lambda _: _LINK, sentence)), target, tail
    )


# MediaWiki 1.39's English messages (languages/i18n/en.json, logentry-*), most specific first.
_WORDINGS = (
    _wording(
        "move", "move_redir", r"L moved page L to L over (?:a )?redirect(?: without leaving a redirect)?", 2
    ),
    _wording("move", "move", r"L moved page L to L(?: without leaving a redirect)?", 2),
    _wording("protect", "move_prot", r"L moved protection settings from L to L"),
    _wording("protect", "unprotect", r"L removed protection from L"),
    _wording("protect", "protect", r"L protected L" + _PROTECTION),
    _wording("protect", "modify", r"L changed protection settings for L" + _PROTECTION),
    _wording("delete", "delete", r"L deleted page L"),
    _wording("delete", "delete_redir", r"L deleted redirect L by overwriting"),
    _wording("delete", "restore", r"L undeleted page L(?: \(\d[^)]*\))?"),
    _wording(
        "delete", "revision", r"L changed visibility of (?:a revision|\d+ revisions) on page L" + _HIDDEN
    ),
    _wording("delete", "event", r"L changed visibility of (?:a log event|\d+ log events) on L" + _HIDDEN),
    _wording(
        "delete", "revision", r"L changed visibility of (?:a revision|\d+ revisions) on page L", tail=False
    ),
    _wording("delete", "event", r"L changed visibility of (?:a log event|\d+ log events) on L", tail=False),
    _wording("upload", "overwrite", r"L uploaded a new version of L"),
    _wording("upload", "revert", r"L reverted L to an old version"),
    _wording("upload", "upload", r"L uploaded L"),
    _wording("merge", "merge", r"L merged L into L \(revisions up to [^)]*\)"),
    _wording("import", "upload", r"L imported L by file upload(?: \(\d+ revisions?\))?"),
    _wording("import", "interwiki", r"L imported L from (?:L|\S+)(?: \(\d+ revisions?\))?"),
    _wording("create", "create", r"L created page L"),
    _wording(
        "newusers", "create", r"User account L was created(?: by L)?(?: and password was sent by email)?"
    ),
    _wording("newusers", "autocreate", r"User account L was created automatically"),
    _wording("block", "unblock", r"L unblocked L"),
    _wording("block", "reblock", r"L changed block settings for L", tail=False),
    _wording("block", "block", r"L blocked L", tail=False),
    _wording("patrol", "patrol", r"L (?:automatically )?marked revision \S+ of page L patrolled"),
    _wording("rights", "rights", r"L changed group membership for L", tail=False),
    _wording("pagelang", "pagelang", r"L changed the language of L", tail=False),
    _wording("contentmodel", "change", r"L changed the content model of the page L", tail=False),
)


def is_log_row(comment_html: str) -> bool:
    """Whether a formatted comment paragraph starts with a log action (it holds a user link)."""
    return _USER_LINK.search(comment_html) is not None


def read_log_row(comment_html: str, comment: str | None) -> tuple[LogEvent, str | None]:
    """The log action of a log row's paragraph, and the comment that follows it (None where the sentence's
    end cannot be told). ``comment`` is the whole paragraph as text (:func:`comment_text`)."""
    skeleton, links = _skeleton(comment_html)
    whole = " ".join((comment or "").split())
    for wording in _WORDINGS:
        match = wording.pattern.match(skeleton)
        if match is None:
            continue
        sentence = " ".join(_unskeleton(match.group(0), links).split())
        target = None
        if wording.target_link is not None:
            numbers = [int(number) for number in re.findall(_LINK, match.group(0))]
            if len(numbers) > wording.target_link:
                target = links[numbers[wording.target_link]][0]
        event = LogEvent(type=wording.type, action=wording.action, target=target, text=sentence)
        if not wording.comment_follows:
            return LogEvent(wording.type, wording.action, target, whole or sentence), None
        rest = whole[len(sentence) :].strip() if whole.startswith(sentence) else None
        return event, rest
    return LogEvent(text=whole or None), None


def _skeleton(comment_html: str) -> tuple[str, list[tuple[str | None, str]]]:
    """The paragraph as one line of text with each link as ``\\0n\\0``, and each link's page and text."""
    try:
        fragment = lxml_html.fragment_fromstring(comment_html, create_parent="p", parser=_PARSER)
    except (ValueError, etree.LxmlError):
        return "", []
    links: list[tuple[str | None, str]] = []
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        pieces.append(element.text or "")
        for child in element:
            if child.tag == "a":
                text = "".join(child.itertext())
                pieces.append(f"\x00{len(links)}\x00")
                links.append((_title_of(child.get("href"), child.get("title"), text), text))
            else:
                walk(child)
            pieces.append(child.tail or "")

    walk(fragment)
    return " ".join("".join(pieces).split()), links


def _unskeleton(skeleton: str, links: list[tuple[str | None, str]]) -> str:
    return re.sub(_LINK, lambda match: links[int(match.group(1))][1], skeleton)


def _title_of(href: str | None, title: str | None, text: str) -> str:
    """A page link's title: from ``title=`` or the path of its href (red links too), else its text."""
    if href:
        try:
            parts = urlsplit(href)
        except ValueError:
            parts = None
        if parts is not None:
            titles = parse_qs(parts.query).get("title")
            if titles:
                return titles[0].replace("_", " ")
            for marker in ("/index.php/", "/wiki/"):
                at = parts.path.find(marker)
                if at >= 0 and len(parts.path) > at + len(marker):
                    return unquote(parts.path[at + len(marker) :]).replace("_", " ")
    return text.strip() or (title or "")
