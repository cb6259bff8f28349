"""MediaWiki's parser tests: fetched from npm, read from their file format, selected and sorted into families.

**Where the files come from.** MediaWiki's developers write their parser tests (wikitext → the HTML the parser
must give) in ``parserTests.txt``; the npm package ``parsoid@0.11.1`` ships it and Cite's
``citeParserTests.txt`` in ``tests/``. :func:`fetch` runs ``npm pack parsoid@0.11.1`` into a cache folder
(``$WIKIFEEDKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/wikifeedkit``, else ``~/.cache/wikifeedkit``), checks the
tarball's SHA-1 (the one the registry publishes), copies out just the two files under fixed names (so no name in
the archive decides where anything is written) and checks their SHA-256; later runs reuse them after the same
check. The files are GPL and are never copied into the repository.

**The file format** (:func:`parse_file`), as MediaWiki's own reader (Parsoid's ``Grammar.pegphp``) reads it:
``# …`` comment lines and blank lines between items; ``!! version N``; ``!! article`` / title line /
``!! text`` / text / ``!! endarticle`` (pages the test wiki holds); ``!! hooks`` / names / ``!! endhooks`` and
``!! functionhooks`` / … / ``!! endfunctionhooks`` (extension tags and parser functions the file needs); and
``!! test`` / name / sections / ``!! end``. A section starts with ``!! NAME`` (``wikitext``, ``html``,
``html/php``, ``html/php+tidy``, ``html/parsoid``, ``html/*``, ``options``, ``config``, …; the rest of that
line is ignored) and runs to the next line that starts with ``!!``; its lines are joined with ``\\n``, so the
text has no final newline. ``!! options`` holds ``name``, ``name=value``, ``name="quoted"``,
``name=[[Link target]]``, ``name={json}`` and comma-separated lists of those, separated by spaces or newlines;
names are case-insensitive; a ``#`` line in it is a note, not an option. Anything else between items is ignored, as MediaWiki ignores it.

**The expected HTML** is what the PHP parser gives: the first of ``html/php``, ``html/*``, ``html``,
``result``, ``html/php+tidy``, ``html/*+tidy``, ``html+tidy`` that the test has (MediaWiki 1.39's order in
``ParserTests/Test.php``). A test with none of these is Parsoid-only.

**Comparable cases** (:func:`exclusion` gives the first reason a test is left out, or None):

1. PHP output: the test has expected PHP HTML (above) and no ``html/php+disabled`` section.
2. Options: none but ``php`` (a PHP-only test: the PHP output is the one compared), ``wrap`` (adds the
   ``mw-parser-output`` wrapper), ``notoc`` (no table of contents; the contents box is dropped from the expected
   text anyway) and ``parsoid`` when the test has its own ``html/php`` section (``parsoid=…`` only tells Parsoid's
   runner which modes to run; the file's header says such a test is run by the PHP parser only when it has an
   ``html/php`` section). Every other option changes what is parsed or shown (``disabled``, ``pst``, ``msg``,
   ``comment``, ``local``, ``subpage``, ``title=``, ``section=``, ``replace=``, ``preprocessor=``,
   ``language=``, ``variant=``, ``showtitle``, ``showindicators``, ``showflags``, ``cat``, ``ill``,
   ``thumbsize=``, ``lastsavedrevision``, every ``wg…`` setting such as ``wgRawHtml``, …), so it leaves the test
   out.
3. Wikitext: no ``{{`` (templates, parser functions, magic-word variables such as ``{{PAGENAME}}``, and
   ``{{{arguments}}}``), no behaviour switch ``__WORD__`` (``__TOC__``, ``__NOTOC__``, …), no file or image
   (``[[File:``, ``[[Image:``, ``[[Media:``, with or without a leading colon, ``<gallery>``, ``<imagemap>``), no
   tag of the parser-test harness's own hooks (``<tag>``, ``<tåg>``, ``<statictag>``, ``<spantag>``,
   ``<embedtag>``, ``<pwraptest>``, ``<span-tag>``), and no tag of an extension the file does not load (in
   ``parserTests.txt`` Cite, Poem, Math, SyntaxHighlight, … are not loaded, so MediaWiki shows ``<ref>`` as text,
   while a wiki has them; ``citeParserTests.txt`` loads ``ref`` and ``references``, its ``!! hooks``).
4. Languages: no language-converter markup ``-{…}-`` (it means something only with a variant language).
5. The test wiki's own settings: no bare image URL (``http://…/x.png``: the runner sets
   ``$wgAllowExternalImages``, so MediaWiki shows the picture, not the URL) and no magic link (an expected HTML
   with ``mw-magiclink``: the runner turns ``$wgEnableMagicLinks`` on for ISBN, RFC and PMID; MediaWiki's
   default, as in Debian's 1.39, is off, and so is Wikipedia's).

**Families** (:func:`family`): every case of ``citeParserTests.txt`` is *Cite*. Otherwise the test's name
decides, by the first family in this order whose words it contains: *comments* (comment), *tables* (table),
*definition lists* (definition list, dl), *lists* (list, bullet, numbered, ordered), *headings* (heading,
header, section, toc), *external links* (external, url, extlink, isbn, rfc, pmid, magic link, free link,
autonumber), *links* (link, interwiki, anchor, redirect), *quotes* (italic, bold, quote, apostrophe, emphasis).
A name that names none is sorted by its wikitext, in the same order: ``<!--``, a line starting ``{|``, a line
starting ``;``, a line starting ``*`` or ``#``, a heading line ``=…=``, ``[http``/``//``/a URL, ``[[``, ``''``.
The rest is *other*.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

PACKAGE = "parsoid"
VERSION = "0.11.1"
SPEC = f"{PACKAGE}@{VERSION}"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
TARBALL_SHA1 = "a439e550b7925322b0ab465846b87f039c14c417"  # the registry's dist.shasum for parsoid@0.11.1
# The two files, by their name in the package's tests/ folder, with the SHA-256 of the 0.11.1 copies.
FILES: dict[str, str] = {
    "parserTests.txt": "293689864402765544630ff070d8d470da898b3ca6f48a8ff23f44cc5f0d5d5f",
    "citeParserTests.txt": "37f3710c940deb1243ff8ca6150a4866f3905840d4e2af1b8ac4233763763db0",
}
CACHE_ENV = "WIKIFEEDKIT_CACHE_DIR"
_MAX_FILE_BYTES = 16 * 1024 * 1024
_NPM_TIMEOUT = 180

OptionValue: TypeAlias = str | list["OptionValue"] | dict[str, object]


class FetchError(RuntimeError):
    """The parser-test files could not be had (no npm, no network, or a tarball that is not the pinned one)."""


# ---------------------------------------------------------------------------------------------------------
# Fetching and caching


def cache_dir() -> Path:
    """Where the parser-test files are kept between runs."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "wikifeedkit"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(folder: Path) -> dict[str, Path] | None:
    paths = {name: folder / name for name in FILES}
    if all(path.is_file() and _sha256(path) == FILES[name] for name, path in paths.items()):
        return paths
    return None


def _extract(tarball: Path, folder: Path) -> None:
    """Copy the two files out of the tarball into ``folder`` under fixed names; nothing else is written."""
    wanted = {f"package/tests/{name}": name for name in FILES}
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, mode="r:gz") as archive:
        for member in archive:
            name = wanted.get(member.name)
            if name is None:
                continue
            if not member.isreg() or member.size > _MAX_FILE_BYTES:
                raise FetchError(f"{TARBALL}: {member.name} is not a regular file of a sane size")
            stream = archive.extractfile(member)
            if stream is None:
                raise FetchError(f"{TARBALL}: cannot read {member.name}")
            found[name] = stream.read(_MAX_FILE_BYTES + 1)
    missing = sorted(set(FILES) - set(found))
    if missing:
        raise FetchError(f"{TARBALL} has no {', '.join(missing)}")
    for name, data in found.items():
        digest = hashlib.sha256(data).hexdigest()
        if digest != FILES[name]:
            raise FetchError(f"{TARBALL}: {name} has SHA-256 {digest}, expected {FILES[name]}")
        partial = folder / f".{name}.partial-{os.getpid()}"
        partial.write_bytes(data)
        partial.replace(folder / name)  # atomic: a concurrent run sees the old file or the whole new one


def fetch(folder: Path | None = None) -> dict[str, Path]:
    """The paths of ``parserTests.txt`` and ``citeParserTests.txt``, fetched with npm on first use.

    Raises :class:`FetchError` when npm is missing or the package cannot be fetched.
    """
    folder = (folder or cache_dir()) / f"{PACKAGE}-{VERSION}"
    cached = _cached(folder)
    if cached is not None:
        return cached
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        try:
            result = subprocess.run(
                [npm, "pack", SPEC, "--ignore-scripts", "--loglevel=error", "--pack-destination", work],
                cwd=work,
                capture_output=True,
                text=True,
                check=False,
                timeout=_NPM_TIMEOUT,
            )
        except subprocess.TimeoutExpired as error:
            raise FetchError(f"npm pack {SPEC} took more than {_NPM_TIMEOUT} s") from error
        tarball = Path(work) / TARBALL
        if result.returncode != 0 or not tarball.is_file():
            lines = (result.stderr or result.stdout).splitlines()
            detail = " / ".join(
                [line for line in lines if line.strip() and "log of this run" not in line][:2]
            )
            raise FetchError(f"npm pack {SPEC} failed: {detail or f'exit {result.returncode}'}")
        digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
        if digest != TARBALL_SHA1:
            raise FetchError(f"{TARBALL} has SHA-1 {digest}, expected {TARBALL_SHA1}")
        _extract(tarball, folder)
    cached = _cached(folder)
    assert cached is not None
    return cached


# ---------------------------------------------------------------------------------------------------------
# The file format


@dataclass(frozen=True, slots=True)
class ParserTest:
    """One ``!! test`` … ``!! end`` item. ``name`` is unique within a :class:`TestFile`."""

    name: str
    file: str
    line: int
    sections: Mapping[str, str]
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    config: str = ""

    @property
    def wikitext(self) -> str:
        return self.sections.get("wikitext", self.sections.get("input", ""))

    @property
    def php_html(self) -> str | None:
        """The HTML the PHP parser must give, or None for a Parsoid-only test."""
        for key in LEGACY_HTML_KEYS:
            if key in self.sections:
                return self.sections[key]
        return None


@dataclass(frozen=True, slots=True)
class TestFile:
    """A parsed parser-tests file."""

    name: str
    tests: tuple[ParserTest, ...]
    articles: tuple[tuple[str, str], ...] = ()
    hooks: tuple[str, ...] = ()
    function_hooks: tuple[str, ...] = ()
    version: int | None = None
    ignored_lines: int = 0


LEGACY_HTML_KEYS = ("html/php", "html/*", "html", "result", "html/php+tidy", "html/*+tidy", "html+tidy")
_DIRECTIVE = re.compile(r"^!!\s*(\S+)")
_VERSION = re.compile(r"^!!\s*version\s+(\d+)", re.IGNORECASE)


def _directive(line: str) -> str | None:
    match = _DIRECTIVE.match(line)
    return match.group(1) if match else None


def _is(line: str, word: str) -> bool:
    """``!! word`` alone on the line (spaces allowed), as the grammar's ``"!!" ws? word ws? eol``."""
    return re.fullmatch(rf"!!\s*{re.escape(word)}\s*", line) is not None


def parse_file(text: str, name: str) -> TestFile:
    """Read a parser-tests file. Duplicate test names get `` (2)``, `` (3)``, … appended."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tests: list[ParserTest] = []
    articles: list[tuple[str, str]] = []
    hooks: list[str] = []
    function_hooks: list[str] = []
    version: int | None = None
    ignored = 0
    seen: dict[str, int] = {}
    i = 0

    def text_block(start: int) -> tuple[list[str], int]:
        """Lines from ``start`` up to (not including) the next line starting with ``!!``."""
        end = start
        while end < len(lines) and not lines[end].startswith("!!"):
            end += 1
        return lines[start:end], end

    while i < len(lines):
        line = lines[i]
        if not line.startswith("!!"):
            if line.strip() and not line.startswith("#"):
                ignored += 1  # garbage between items: MediaWiki warns and ignores it
            i += 1
            continue
        version_match = _VERSION.match(line)
        if version_match:
            version = int(version_match.group(1))
            i += 1
        elif _is(line, "article"):
            title = lines[i + 1] if i + 1 < len(lines) else ""
            if i + 2 >= len(lines) or not _is(lines[i + 2], "text"):
                raise ValueError(f"{name}:{i + 1}: '!! article' without '!! text'")
            body, i = text_block(i + 3)
            if i < len(lines) and (_is(lines[i], "endarticle") or _is(lines[i], "end")):
                i += 1
            articles.append((title.strip(), "\n".join(body)))
        elif _is(line, "hooks") or _is(line, "hooks:"):
            body, i = text_block(i + 1)
            hooks.extend(word.strip() for word in body if word.strip())
            i += 1  # !! endhooks or !! end
        elif _is(line, "functionhooks") or _is(line, "functionhooks:"):
            body, i = text_block(i + 1)
            function_hooks.extend(word.strip() for word in body if word.strip())
            i += 1
        elif _is(line, "test"):
            start = i + 1
            name_lines, i = text_block(i + 1)
            test_name = " ".join(" ".join(name_lines).split())
            sections: dict[str, str] = {}
            options: dict[str, OptionValue] = {}
            config = ""
            while i < len(lines) and not _is(lines[i], "end"):
                key = _directive(lines[i])
                if key is None:  # cannot happen: text_block stops only at '!!'
                    raise ValueError(f"{name}:{i + 1}: expected a section")
                if key == "test" or _is(lines[i], "article"):
                    raise ValueError(f"{name}:{start}: test {test_name!r} has no '!! end'")
                body, i = text_block(i + 1)
                if key == "options":
                    # '#' lines are notes to the reader (MediaWiki reads their words as unknown options).
                    options.update(
                        parse_options("\n".join(b for b in body if not b.lstrip().startswith("#")))
                    )
                elif key == "config":
                    config = "\n".join(body)
                else:
                    sections[key.lower()] = "\n".join(body)
            if i >= len(lines):
                raise ValueError(f"{name}:{start}: test {test_name!r} has no '!! end'")
            i += 1
            count = seen.get(test_name, 0) + 1
            seen[test_name] = count
            unique = test_name if count == 1 else f"{test_name} ({count})"
            tests.append(ParserTest(unique, name, start, sections, options, config))
        else:
            ignored += 1
            i += 1
    return TestFile(
        name, tuple(tests), tuple(articles), tuple(hooks), tuple(function_hooks), version, ignored
    )


def load(path: Path) -> TestFile:
    return parse_file(path.read_text(encoding="utf-8"), path.name)


# Options: a small scanner for the grammar's option_list.
_OPTION_NAME = re.compile(r"[^ \t\n=!]+")
_PLAIN_VALUE = re.compile(r"[^ \t\n\"'\[\]=,!{]+")
_QUOTED_VALUE = re.compile(r'"(?:[^\\"\n]|\\[^\n])*"')
_LINK_VALUE = re.compile(r"\[\[([^\]\n]*)\]\]")
_EQUALS = re.compile(r"[ \t]*=[ \t]*")
_COMMA = re.compile(r"[ \t]*,[ \t]*")


def _balanced(text: str, pos: int, opening: str, closing: str) -> int:
    """The end of a ``{…}`` or ``[…]`` value starting at ``pos``, skipping quoted strings."""
    depth = 0
    while pos < len(text):
        char = text[pos]
        if char == '"':
            quoted = _QUOTED_VALUE.match(text, pos)
            if quoted is None:
                raise ValueError(f"unterminated string in options: {text!r}")
            pos = quoted.end()
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    raise ValueError(f"unbalanced {opening}{closing} in options: {text!r}")


def _option_value(text: str, pos: int) -> tuple[OptionValue, int]:
    link = _LINK_VALUE.match(text, pos)
    if link:
        return link.group(1), link.end()
    if text.startswith('"', pos):
        quoted = _QUOTED_VALUE.match(text, pos)
        if quoted is None:
            raise ValueError(f"unterminated string in options: {text!r}")
        value: str = json.loads(quoted.group(0))
        return value, quoted.end()
    if text.startswith("{", pos):
        end = _balanced(text, pos, "{", "}")
        decoded = json.loads(text[pos:end])
        return (decoded if isinstance(decoded, dict) else str(decoded)), end
    plain = _PLAIN_VALUE.match(text, pos)
    if plain:
        return plain.group(0), plain.end()
    raise ValueError(f"bad option value at {text[pos : pos + 20]!r}")


def parse_options(text: str) -> dict[str, OptionValue]:
    """``!! options`` text into a dict: lower-cased names; a bare name maps to ``""``, a list to a list."""
    options: dict[str, OptionValue] = {}
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        if pos >= len(text):
            return options
        name = _OPTION_NAME.match(text, pos)
        if name is None:
            raise ValueError(f"bad option at {text[pos : pos + 20]!r}")
        pos = name.end()
        equals = _EQUALS.match(text, pos)
        if equals is not None:
            pos = equals.end()
            values: list[OptionValue] = []
            while True:
                value, pos = _option_value(text, pos)
                values.append(value)
                comma = _COMMA.match(text, pos)
                if comma is None:
                    break
                pos = comma.end()
            options[name.group(0).lower()] = values[0] if len(values) == 1 else values
        else:
            options[name.group(0).lower()] = ""


# ---------------------------------------------------------------------------------------------------------
# Selection and families

FAMILIES = (
    "quotes",
    "links",
    "external links",
    "headings",
    "lists",
    "definition lists",
    "tables",
    "comments",
    "Cite",
    "other",
)
_HARMLESS_OPTIONS = frozenset({"php", "wrap", "notoc"})
_TEMPLATE = re.compile(r"\{\{")
_SWITCH = re.compile(r"__[A-Za-z]+__")
_FILE = re.compile(r"\[\[\s*:?\s*(?:file|image|media)\s*:|<\s*(?:gallery|imagemap)\b", re.IGNORECASE)
_HARNESS_TAGS = re.compile(
    r"<\s*/?\s*(?:tag|tåg|statictag|spantag|embedtag|pwraptest|span-tag)(?=[\s/>])", re.IGNORECASE
)
# Extension tags a wiki usually has but a parser-test file loads only through its ``!! hooks``.
_EXTENSION_TAGS = (
    "ref", "references", "poem", "math", "chem", "ce", "source", "syntaxhighlight", "score", "timeline",
    "graph", "templatedata", "mapframe", "maplink", "inputbox", "categorytree", "section", "templatestyles",
    "hiero", "charinsert", "dynamicpagelist", "translate", "languages", "tabs",
)  # fmt: skip
_EXTENSION_TAG = re.compile(
    r"<\s*(" + "|".join(re.escape(tag) for tag in _EXTENSION_TAGS) + r")(?=[\s/>])", re.IGNORECASE
)
_CONVERTER = re.compile(r"-\{")
# A bare image URL: the test runner sets $wgAllowExternalImages, so MediaWiki shows the picture, not the URL.
_EXTERNAL_IMAGE = re.compile(r"(?:https?:)?//[^\s\[\]<>\"]+\.(?:png|jpe?g|gif)\b", re.IGNORECASE)


def _option_exclusion(test: ParserTest) -> str | None:
    for option in test.options:
        if option in _HARMLESS_OPTIONS:
            continue
        if option == "parsoid" and "html/php" in test.sections:
            continue
        if option == "parsoid":
            return "option parsoid without html/php (Parsoid-only)"
        return f"option {option}"
    return None


def exclusion(test: ParserTest, hooks: tuple[str, ...] = ()) -> str | None:
    """Why ``test`` is not comparable (the first reason), or None when it is. ``hooks``: the file's tags."""
    if test.php_html is None:
        return "no PHP output (Parsoid-only)"
    if "html/php+disabled" in test.sections:
        return "option disabled"
    reason = _option_exclusion(test)
    if reason is not None:
        return reason
    wikitext = test.wikitext
    if _TEMPLATE.search(wikitext):
        return "template, parser function or variable {{"
    if _SWITCH.search(wikitext):
        return "behaviour switch __WORD__"
    if _FILE.search(wikitext):
        return "file or image"
    if _EXTERNAL_IMAGE.search(wikitext):
        return "external image URL"
    if "mw-magiclink" in (test.php_html or ""):
        return "magic link (ISBN, RFC, PMID)"
    if _HARNESS_TAGS.search(wikitext):
        return "parser-test harness tag"
    loaded = {hook.lower() for hook in hooks}
    for match in _EXTENSION_TAG.finditer(wikitext):
        if match.group(1).lower() not in loaded:
            return "extension tag not loaded by the file"
    if _CONVERTER.search(wikitext):
        return "language-converter markup -{"
    return None


_NAME_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family_name, re.compile(pattern, re.IGNORECASE))
    for family_name, pattern in (
        ("comments", r"comment"),
        ("tables", r"table"),
        ("definition lists", r"definition list|\bdl\b|\bdd\b|\bdt\b"),
        ("lists", r"\blists?\b|bullet"),
        ("headings", r"heading|header|\bsections?\b|\btoc\b"),
        (
            "external links",
            r"external|\burls?\b|extlink|\bisbn\b|\brfc\b|\bpmid\b|magic ?link|free ?link|autonumber",
        ),
        ("links", r"link|interwiki|anchor|redirect"),
        ("quotes", r"italic|bold|quote|apostrophe|emphasis"),
    )
)
_CONTENT_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family_name, re.compile(pattern, re.MULTILINE | re.IGNORECASE))
    for family_name, pattern in (
        ("comments", r"<!--"),
        ("tables", r"^\s*\{\|"),
        ("definition lists", r"^;"),
        ("lists", r"^[*#]"),
        ("headings", r"^=.*=\s*$"),
        ("external links", r"\[(?:https?:|ftp:|mailto:|//)|\b(?:https?|ftp)://"),
        ("links", r"\[\["),
        ("quotes", r"''"),
    )
)


def family(test: ParserTest) -> str:
    """The family a case counts in (see the module docstring)."""
    if test.file == "citeParserTests.txt":
        return "Cite"
    for family_name, pattern in _NAME_WORDS:
        if pattern.search(test.name):
            return family_name
    for family_name, pattern in _CONTENT_SIGNS:
        if pattern.search(test.wikitext):
            return family_name
    return "other"


_PREFIX = {"parserTests.txt": "parser", "citeParserTests.txt": "cite"}


@dataclass(frozen=True, slots=True)
class Case:
    """A comparable parser test, with its family."""

    test: ParserTest
    family: str

    @property
    def name(self) -> str:
        return self.test.name

    @property
    def id(self) -> str:
        """``file:name``: how ``passing.txt`` and the reports name a case."""
        return f"{_PREFIX.get(self.test.file, self.test.file)}: {self.test.name}"

    @property
    def expected_html(self) -> str:
        html = self.test.php_html
        assert html is not None
        return html


def select(files: Mapping[str, Path]) -> tuple[list[Case], dict[str, list[str]]]:
    """The comparable cases of every file, and the excluded tests' names by reason."""
    cases: list[Case] = []
    excluded: dict[str, list[str]] = {}
    for path in files.values():
        parsed = load(path)
        for test in parsed.tests:
            reason = exclusion(test, parsed.hooks)
            if reason is None:
                cases.append(Case(test, family(test)))
            else:
                excluded.setdefault(reason, []).append(f"{test.file}: {test.name}")
    return cases, excluded


def iter_tests(files: Mapping[str, Path]) -> Iterator[ParserTest]:
    for path in files.values():
        yield from load(path).tests
