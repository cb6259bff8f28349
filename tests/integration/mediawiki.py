"""A real MediaWiki (Debian's package, SQLite, ``php -S``) on loopback, for tests.

Follows the recipe in docs/testing.md, with the Cite and ParserFunctions extensions loaded. Everything lives
in a temporary folder; nothing system-wide is touched. The wiki is also the oracle for ``parse_article``:
:meth:`MediaWiki.parse` and :func:`read_parse` give its reading of a page, :func:`compare` sets the library's
beside it (tests/integration/test_oracle.py, benchmarks/fidelity.py, docs/fidelity.md).
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
import unicodedata
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink as ExternalLinkNode
from mwparserfromhell.nodes import Heading, Tag, Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

import wikifeedkit as wfk
from wikifeedkit.wikitext.titles import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES

MEDIAWIKI_ROOT = Path("/usr/share/mediawiki")
PASSWORD = "SomePassword-123!"
EXTENSIONS = ("Cite", "ParserFunctions")  # Debian's package ships both


def missing_tools() -> list[str]:
    """What a real MediaWiki needs here and is not installed."""
    missing = []
    if shutil.which("php") is None:
        missing.append("php-cli")
    if not (MEDIAWIKI_ROOT / "maintenance" / "install.php").exists() or not all(
        (MEDIAWIKI_ROOT / "extensions" / name / "extension.json").exists() for name in EXTENSIONS
    ):
        missing.append("mediawiki")
    else:
        probe = subprocess.run(["php", "-r", "exit(extension_loaded('pdo_sqlite') ? 0 : 1);"], check=False)
        if probe.returncode != 0:
            missing.append("php-sqlite3")
    return missing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Revision:
    """One revision as MediaWiki stored it (the truth to compare with)."""

    revid: int
    parentid: int
    user: str
    comment: str
    text: str


class MediaWiki:
    """A private wiki: start it, write pages, read what it serves."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._server: subprocess.Popen[bytes] | None = None
        self._settings = directory / "LocalSettings.php"

    def start(self, extra_settings: str = "") -> None:
        """Install and serve the wiki; ``extra_settings`` (PHP) are appended to its LocalSettings.php."""
        (self.directory / "data").mkdir(parents=True, exist_ok=True)
        self._php(
            "maintenance/install.php",
            "--dbtype=sqlite",
            f"--dbpath={self.directory / 'data'}",
            "--dbname=wiki",
            f"--server={self.base}",
            "--scriptpath=",
            "--lang=en",
            f"--pass={PASSWORD}",
            f"--confpath={self.directory}",
            "TestWiki",
            "Admin",
            with_conf=False,
        )
        with self._settings.open("a", encoding="utf-8") as settings:
            settings.write(
                "\n$wgFeedDiffCutoff = 1000000;\n$wgFeedLimit = 500;\n"
                "$wgRCMaxAge = 100 * 365 * 86400;\n$wgUseRCPatrol = false;\n"
            )
            settings.writelines(f'wfLoadExtension("{name}");\n' for name in EXTENSIONS)
            settings.write(extra_settings)
        env = dict(os.environ, MW_CONFIG_FILE=str(self._settings))
        self._server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI_ROOT)],
            cwd=MEDIAWIKI_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get("/api.php?action=query&meta=siteinfo&format=json")
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self._server is not None:
            self._server.terminate()
            self._server.wait(timeout=10)
            self._server = None

    def _php(self, script: str, *args: str, with_conf: bool = True, stdin: str | None = None) -> str:
        command = ["php", script]
        if with_conf:
            command.append(f"--conf={self._settings}")
        command.extend(args)
        result = subprocess.run(
            command,
            cwd=MEDIAWIKI_ROOT,
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{script} failed ({result.returncode}): {result.stdout.decode(errors='replace')}"
                f"{result.stderr.decode(errors='replace')}"
            )
        return result.stdout.decode("utf-8", errors="replace")

    def create_user(self, name: str) -> None:
        self._php("maintenance/createAndPromote.php", name, PASSWORD)

    def edit(self, title: str, text: str, *, user: str, summary: str) -> None:
        self._php("maintenance/edit.php", "--user", user, "--summary", summary, title, stdin=text)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            body: bytes = response.read()
            return body

    def url(self, path: str) -> str:
        return self.base + path

    def post(self, path: str, fields: dict[str, str]) -> bytes:
        data = urllib.parse.urlencode(fields).encode("utf-8")
        with urllib.request.urlopen(self.base + path, data=data, timeout=120) as response:
            body: bytes = response.read()
            return body

    def parse(self, title: str, text: str) -> dict[str, Any]:
        """``action=parse`` of ``text`` as the page ``title``: sections, links, categories, external links,
        HTML."""
        fields = {
            "action": "parse",
            "title": title,
            "text": text,
            "contentmodel": "wikitext",
            "prop": "sections|links|categories|externallinks|text",
            "disablelimitreport": "1",
            "format": "json",
            "formatversion": "2",
        }
        data = json.loads(self.post("/api.php", fields))
        if "parse" not in data:
            raise RuntimeError(f"action=parse of {title!r} failed: {data}")
        parsed: dict[str, Any] = data["parse"]
        return parsed

    def facts(self) -> WikiFacts:
        """What the comparison needs to know of this wiki (siteinfo and Special:TrackingCategories)."""
        query = "siprop=namespaces|namespacealiases|interwikimap|magicwords|functionhooks|variables"
        info = json.loads(
            self.get(f"/api.php?action=query&meta=siteinfo&{query}&format=json&formatversion=2")
        )
        info = info["query"]
        prefixes = {ns["name"] for ns in info["namespaces"].values()}
        prefixes |= {ns["canonical"] for ns in info["namespaces"].values() if "canonical" in ns}
        prefixes |= {alias["alias"] for alias in info["namespacealiases"]}
        prefixes |= {wiki["prefix"] for wiki in info["interwikimap"]}
        words = {word["name"]: word for word in info["magicwords"]}
        functions = _spellings(words, info["functionhooks"], function=True)
        variables = _spellings(words, info["variables"], function=False)
        page = lxml.html.fromstring(self.get("/index.php?title=Special:TrackingCategories"))
        tracking = {cell.text_content().strip() for cell in page.find_class("mw-trackingcategories-name")}
        return WikiFacts(
            prefixes=frozenset(_key(prefix) for prefix in prefixes if prefix),
            functions=functions,
            variables=variables,
            tracking=frozenset(tracking),
        )

    def dump(self, *args: str) -> bytes:
        """What ``maintenance/dumpBackup.php ARGS`` writes (``--full``, ``--current``, …): an XML export."""
        return self._php("maintenance/dumpBackup.php", "--quiet", *args).encode("utf-8")

    def revisions(self, title: str) -> list[Revision]:
        """Every revision of a page, oldest first, from the API."""
        query = urllib.parse.urlencode(
            {
                "action": "query",
                "prop": "revisions",
                "titles": title,
                "rvprop": "ids|user|comment|content",
                "rvslots": "main",
                "rvlimit": "max",
                "rvdir": "newer",
                "format": "json",
                "formatversion": "2",
            }
        )
        data = json.loads(self.get("/api.php?" + query))
        page = data["query"]["pages"][0]
        return [
            Revision(
                revid=rev["revid"],
                parentid=rev["parentid"],
                user=rev["user"],
                comment=rev["comment"],
                text=rev["slots"]["main"]["content"],
            )
            for rev in page["revisions"]
        ]


# The oracle: MediaWiki's reading of a page beside parse_article's, compared like with like.


def _key(prefix: str) -> str:
    return " ".join(prefix.replace("_", " ").split()).lower()


def _spellings(words: dict[str, Any], ids: Iterable[str], *, function: bool) -> frozenset[str]:
    """How the wiki's parser functions (or variables) are written: with or without ``#`` (which of the two
    Parser::setFunctionHook registers is not in siteinfo; taking both errs towards "expanded" only for a
    misspelt call). Case-insensitive spellings are kept in lower case."""
    spellings: set[str] = set()
    for word in (words[word_id] for word_id in ids if word_id in words):
        for alias in word["aliases"]:
            base = alias.removesuffix(":").removeprefix("#")
            forms = {base, "#" + base} if function else {alias}
            spellings.update(form if word["case-sensitive"] else form.lower() for form in forms)
    return frozenset(spellings)


@dataclass(frozen=True)
class WikiFacts:
    """What the comparison needs to know of the wiki.

    ``prefixes``: namespace names, aliases and interwiki prefixes in lower case (a link with one is not in
    namespace 0); ``functions``, ``variables``: how its parser functions and variables are written;
    ``tracking``: its own tracking categories (Special:TrackingCategories).
    """

    prefixes: frozenset[str]
    functions: frozenset[str]
    variables: frozenset[str]
    tracking: frozenset[str]

    def expands(self, name: str) -> bool:
        """Whether the wiki expands ``{{name…}}`` (a parser function or variable) instead of showing a red
        link to a template it does not have (and nothing of what the call holds)."""
        head, colon, _ = name.strip().partition(":")
        spellings = self.functions if colon else self.variables
        return head.strip() in spellings or head.strip().lower() in spellings


_CHAR_REF = re.compile(r"&(?:[A-Za-z0-9]+|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def decode_char_references(text: str) -> str:
    """Sanitizer::decodeCharReferences: ``&name;``, ``&#n;`` and ``&#xh;`` (a bare ``&sect`` stays)."""
    return _CHAR_REF.sub(lambda match: html.unescape(match.group(0)), text)


def mw_title(target: str) -> str:
    """A link target as MediaWiki stores the title: character references and %-escapes decoded, the anchor
    dropped, underscores and runs of white space as one space, no leading colon, NFC, first letter upper
    case."""
    target = decode_char_references(target)
    if "%" in target:
        target = urllib.parse.unquote(target)
    target = " ".join(target.partition("#")[0].replace("_", " ").split()).lstrip(":").strip()
    target = unicodedata.normalize("NFC", target)
    return target[:1].upper() + target[1:]


_UNSAFE_BYTES = re.compile(rb'[\x00-\x20"<>\[\\\]^`{|}\x7f-\xff]')
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _url_component(part: str, unsafe: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match.group(0)[1:], 16)
        return chr(code) if 32 < code < 127 and chr(code) not in unsafe else match.group(0).upper()

    return _ESCAPE.sub(one, part)


def mw_url(url: str) -> str:
    """A URL as MediaWiki records it (Parser::normalizeLinkUrl, less its IPv6 case): unsafe bytes
    %-escaped, needless %-escapes decoded, the others in upper case. Idempotent."""
    url = _UNSAFE_BYTES.sub(lambda match: b"%%%02X" % match.group(0)[0], url.encode("utf-8")).decode("ascii")
    end, result = len(url), ""
    fragment = url.find("#")
    if fragment != -1:
        result, end = _url_component(url[fragment:], '"#%<>[\\]^`{|}'), fragment
    query = url.find("?")
    if query != -1 and query < end:
        result, end = _url_component(url[query:end], '"#%<>[\\]^`{|}&=+;') + result, query
    return _url_component(url[:end], '"#%<>[\\]^`{|}/?') + result


def footnote_key(group: str | None, name: str | None, ordinal: int = 0) -> str:
    """A reference as Cite names its footnote in ids (AnchorFormatter::normalizeKey), with its group:
    ``name``, ``group: name``, or ``#n`` for the n-th anonymous one of its group."""
    if name:
        name = re.sub(r"[\t\n\f\r ]", "_", decode_char_references(name).strip())
        name = re.sub("__+", "_", re.sub(r"%([0-9A-Fa-f]{2})", r"%25\1", name))
    return _grouped(group, name or f"#{ordinal}")


def _grouped(group: str | None, name: str) -> str:
    return f"{group}: {name}" if group else name


_NOTE_MARK = re.compile(r"<sup>&#91;[^<]*&#93;</sup>")
_HTML_TAG = re.compile(r"<[^>]*>")
_NOTE_ID = re.compile(r"^cite_note-(?:(.*)-)?(\d+)$")


def section_key(title: str, level: int) -> str:
    return f"{'=' * level} {' '.join(title.split())}"


@dataclass(frozen=True)
class Footnote:
    """An entry of Cite's references list: ``key`` as :func:`footnote_key`, its marks in the text, and
    whether Cite shows an error instead of its text."""

    key: str
    uses: int
    error: bool


@dataclass(frozen=True)
class Reading:
    """What MediaWiki made of a page (``action=parse``)."""

    sections: tuple[str, ...]  # section_key of each heading, in order
    links: frozenset[str]  # namespace 0 only
    template_links: int  # red links to the Template: pages of unexpanded templates: not the page's
    categories: frozenset[str]  # less the wiki's tracking categories
    external_links: frozenset[str]
    footnotes: tuple[Footnote, ...]  # in Cite's order (first use)
    unlisted_uses: int  # marks of footnotes in no list (a group whose <references group=…/> is missing)


def read_parse(parsed: dict[str, Any], facts: WikiFacts) -> Reading:
    """MediaWiki's reading of a page from its ``action=parse`` answer (``MediaWiki.parse``)."""
    sections = tuple(section_key(_section_title(s["line"]), int(s["level"])) for s in parsed["sections"])
    categories = {c["category"].replace("_", " ") for c in parsed["categories"]}
    page = lxml.html.fromstring(f"<div>{parsed['text']}</div>")
    notes = {li.get("id", ""): li for li in page.iter("li") if li.get("id", "").startswith("cite_note-")}
    uses: Counter[str] = Counter()
    groups: dict[str, str] = {}
    unlisted = 0
    for sup in page.iter("sup"):
        link = sup.find("a")
        if "reference" not in sup.get("class", "").split() or link is None:
            continue
        target = link.get("href", "").removeprefix("#")
        if target not in notes:
            unlisted += 1
            continue
        uses[target] += 1
        groups.setdefault(target, link.text_content().strip("[] ").rpartition(" ")[0])
    footnotes = []
    ordinals: Counter[str] = Counter()
    for note_id in sorted(notes, key=lambda note_id: int(note_id.rpartition("-")[2])):
        match = _NOTE_ID.match(note_id)
        assert match is not None, note_id
        group = groups.get(note_id, "")
        if match.group(1) is None:
            ordinals[group] += 1
        error = bool(notes[note_id].find_class("mw-ext-cite-error"))
        key = _grouped(group, match.group(1) or f"#{ordinals[group]}")  # Cite's id: normalised already
        footnotes.append(Footnote(key, uses[note_id], error))
    return Reading(
        sections=sections,
        links=frozenset(link["title"] for link in parsed["links"] if link["ns"] == 0),
        template_links=sum(1 for link in parsed["links"] if link["ns"] == 10),
        categories=frozenset(categories - facts.tracking),
        external_links=frozenset(mw_url(url) for url in parsed["externallinks"]),
        footnotes=tuple(footnotes),
        unlisted_uses=unlisted,
    )


def _section_title(line: str) -> str:
    """A TOC line as text: tags dropped, and Cite's ``[n]`` marks, which are not part of the title."""
    return html.unescape(_HTML_TAG.sub("", _NOTE_MARK.sub("", line)))


@dataclass
class Placement:
    """Where things sit in the wikitext: outside every template call the wiki does not expand, or inside
    one (the wiki then shows a red link to the template and nothing of what the call holds). The
    library's finds that never sit outside are its gains, not MediaWiki's misses."""

    links: set[str] = field(default_factory=set)  # mw_title of every link target
    categories: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)  # mw_url
    definitions: set[str] = field(default_factory=set)  # the raw text of references with content
    lists: set[str] = field(default_factory=set)  # groups with a list ("" the default: always)
    template_uses: Counter[str] = field(default_factory=Counter)  # footnote uses inside templates, by key


def placement(wikitext: str, facts: WikiFacts) -> Placement:
    """What sits outside unexpanded templates (mwparserfromhell's tree, walked here, not the library's)."""
    code = mwparserfromhell.parse(wikitext)
    found = Placement()
    lists = {""}  # Cite writes the default group's list at the end when the page has none
    for tag in code.ifilter_tags(recursive=True):
        if str(tag.tag).strip().lower() == "references" and not any(
            isinstance(node, Template) and not facts.expands(str(node.name))
            for node in code.get_ancestors(tag)
        ):
            lists.update(
                str(a.value or "").strip() for a in tag.attributes if str(a.name).strip().lower() == "group"
            )
    found.lists = lists

    def reference(
        raw: str, attributes: dict[str, str], content: str, *, inside: bool, defining: bool
    ) -> None:
        if content.strip() and not inside:
            found.definitions.add(raw)
        name = attributes.get("name", "").strip()
        if name and inside and not defining:
            found.template_uses[footnote_key(attributes.get("group", "").strip() or None, name)] += 1

    def visit(code: Wikicode, *, inside: bool, defining: bool) -> None:
        for node in code.nodes:
            if isinstance(node, Template):
                name = str(node.name).strip()
                if name.lower().replace(" ", "") == "#tag:ref":
                    values = {str(p.name).strip(): str(p.value) for p in node.params}
                    reference(str(node), values, values.get("1", ""), inside=inside, defining=defining)
                for param in node.params:
                    refs = str(param.name).strip() == "refs"
                    visit(param.value, inside=inside or not facts.expands(name), defining=defining or refs)
            elif isinstance(node, Tag):
                tag = str(node.tag).strip().lower()
                attributes = {
                    str(a.name).strip().lower(): str(a.value or "").strip() for a in node.attributes
                }
                hidden = inside
                if tag == "ref":
                    contents = str(node.contents or "")
                    reference(str(node), attributes, contents, inside=inside, defining=defining)
                    # a group with no list: MediaWiki shows the marks and an error, never the text
                    hidden = inside or attributes.get("group", "") not in lists
                if node.contents is not None:
                    visit(node.contents, inside=hidden, defining=defining or tag == "references")
            elif isinstance(node, Wikilink):
                if not inside:
                    target = str(node.title).strip()
                    found.links.add(mw_title(target))
                    prefix, colon, rest = target.partition(":")
                    if colon and prefix.strip().lower() in CATEGORY_NAMESPACES:
                        found.categories.add(mw_title(rest))
                if node.text is not None:
                    visit(node.text, inside=inside, defining=defining)
            elif isinstance(node, ExternalLinkNode):
                if not inside:
                    found.urls.add(mw_url(str(node.url)))
                if node.title is not None:
                    visit(node.title, inside=inside, defining=defining)
            elif isinstance(node, Heading):
                visit(node.title, inside=inside, defining=defining)

    visit(code, inside=False, defining=False)
    return found


@dataclass(frozen=True)
class Measure:
    """One measure of one page. ``expected``: how many MediaWiki found; ``missed``: those the library did
    not; ``extra``: the library's beyond MediaWiki's, outside unexpanded templates (unexplained);
    ``gained``: the library's beyond MediaWiki's, from inside unexpanded templates."""

    expected: int
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    gained: tuple[str, ...] = ()

    @property
    def found(self) -> int:
        return self.expected - len(self.missed)


def _measure(expected: Iterable[str], found: Iterable[str], outside: Iterable[str] | None = None) -> Measure:
    """Compare as multisets; ``outside`` (what sits outside unexpanded templates) sorts extras from gains."""
    want, have = Counter(expected), Counter(found)
    beyond = sorted((have - want).elements())
    seen = set(outside) if outside is not None else None
    return Measure(
        expected=sum(want.values()),
        missed=tuple(sorted((want - have).elements())),
        extra=tuple(item for item in beyond if seen is None or item in seen),
        gained=tuple(item for item in beyond if seen is not None and item not in seen),
    )


MEASURES = ("sections", "links", "foreign", "categories", "external_links", "footnotes", "footnote_uses")


@dataclass(frozen=True)
class Fidelity:
    """The library's reading of one page against MediaWiki's, measure by measure (:data:`MEASURES`).

    ``foreign``: MediaWiki's namespace-0 links whose prefix is a File or Category namespace of another
    language, or a language code (``[[Datei:…]]``, ``[[Kategorie:…]]``, ``[[de:…]]``): an English wiki
    knows none of them; the library reads them as files, categories and language links, and each is found
    when it did. They count in neither links nor categories.
    """

    title: str
    sections: Measure
    links: Measure
    foreign: Measure
    categories: Measure
    external_links: Measure
    footnotes: Measure
    footnote_uses: Measure
    template_links: int  # MediaWiki's red links to Template: pages, not counted
    library_sections: tuple[str, ...]  # section_key of the library's headings, in order

    def measures(self) -> dict[str, Measure]:
        return {name: getattr(self, name) for name in MEASURES}


def library_urls(article: wfk.Article) -> set[str]:
    """Every URL the library holds: external links outside references, and each citation's URL fields
    (``url``, ``archive-url``, ``chapter-url``, …), bundled citations included, and the links in a
    reference's own text."""
    urls = {link.url for link in article.external_links}
    for citation in article.citations:
        for cited in (citation, *citation.bundled):
            urls.update(value for name, value in cited.parameters if name.endswith("url") and value)
        urls.update(_web_links(citation.content))  # every link of a reference written without a template
    return urls


def _web_links(value: object) -> Iterator[str]:
    if isinstance(value, tuple):
        for item in value:
            yield from _web_links(item)
    elif isinstance(value, wfk.tree.WebLink):
        yield value.url
    elif dataclasses.is_dataclass(value):
        for part in dataclasses.fields(value):
            yield from _web_links(getattr(value, part.name))


def _foreign(title: str) -> tuple[str, str] | None:
    prefix, colon, rest = title.partition(":")
    prefix = prefix.strip().lower()
    if colon and prefix in FILE_NAMESPACES | CATEGORY_NAMESPACES | LANGUAGE_CODES:
        return prefix, mw_title(rest)
    return None


def compare(article: wfk.Article, reading: Reading, facts: WikiFacts) -> Fidelity:
    """``parse_article``'s reading of a page against MediaWiki's, normalised alike (see docs/fidelity.md)."""
    where = placement(article.wikitext, facts)
    sections = [section_key(section.title, section.level) for section in article.all_sections()]

    links: set[str] = set()
    for link in article.links:
        title = mw_title(link.target)
        prefix, colon, _ = title.partition(":")
        if title and not (colon and _key(prefix) in facts.prefixes):
            links.add(title)
    foreign = {title: found for title in reading.links if (found := _foreign(title)) is not None}
    categories = {mw_title(category.name) for category in article.categories}
    files = {mw_title(image.file) for image in article.images}
    languages = {(link.language.lower(), mw_title(link.title)) for link in article.language_links}
    read_as = {
        title
        for title, (prefix, rest) in foreign.items()
        if (prefix in CATEGORY_NAMESPACES and rest in categories)
        or (prefix in FILE_NAMESPACES and rest in files)
        or (prefix in LANGUAGE_CODES and (prefix, rest) in languages)
    }
    foreign_categories = {rest for prefix, rest in foreign.values() if prefix in CATEGORY_NAMESPACES}

    notes: list[str] = []
    uses: list[str] = []
    gained_notes: list[str] = []
    gained_uses: list[str] = []
    ordinals: Counter[str | None] = Counter()
    for citation in article.citations:
        if not citation.in_reference:
            continue
        unlisted = citation.group is not None and citation.group not in where.lists
        if citation.raw not in where.definitions or unlisted:
            if citation.ref_name:
                key = footnote_key(citation.group, citation.ref_name)
            else:
                key = _grouped(citation.group, " ".join(citation.raw.split())[:60])
            gained_notes.append(key)
            gained_uses.extend([key] * citation.uses)
            continue
        if citation.ref_name is None:
            ordinals[citation.group] += 1
        key = footnote_key(citation.group, citation.ref_name, ordinals[citation.group])
        inside = where.template_uses[key]
        notes.append(key)
        uses.extend([key] * (citation.uses - inside))
        gained_uses.extend([key] * inside)
    rendered = [note for note in reading.footnotes if not note.error]
    footnotes = _measure([note.key for note in rendered], notes)
    footnote_uses = _measure([note.key for note in rendered for _ in range(note.uses)], uses)
    return Fidelity(
        title=article.title or "",
        sections=_measure(reading.sections, sections),
        links=_measure(set(reading.links) - set(foreign), links, where.links),
        foreign=Measure(expected=len(foreign), missed=tuple(sorted(set(foreign) - read_as))),
        categories=_measure(reading.categories, categories - foreign_categories, where.categories),
        external_links=_measure(
            reading.external_links, {mw_url(url) for url in library_urls(article)}, where.urls
        ),
        footnotes=Measure(footnotes.expected, footnotes.missed, footnotes.extra, tuple(gained_notes)),
        footnote_uses=Measure(
            footnote_uses.expected, footnote_uses.missed, footnote_uses.extra, tuple(gained_uses)
        ),
        template_links=reading.template_links,
        library_sections=tuple(sections),
    )


def oracle(
    wiki: MediaWiki, facts: WikiFacts, pages: Iterable[tuple[str, str]]
) -> Iterator[tuple[Reading, Fidelity]]:
    """Each ``(title, text)`` parsed by MediaWiki and by ``parse_article``, and compared, in order. The
    wiki parses the next page while the library reads this one."""
    pages = list(pages)
    with ThreadPoolExecutor(max_workers=1) as pool:
        answers = [pool.submit(wiki.parse, title, text) for title, text in pages]
        for (title, text), answer in zip(pages, answers, strict=True):
            reading = read_parse(answer.result(), facts)
            yield reading, compare(wfk.parse_article(text, title=title), reading, facts)
