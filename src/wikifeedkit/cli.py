"""The ``wikifeedkit`` command: argument parsing, input and output, progress; the work is the library's.

Everything the command prints that came from an input (titles, authors, comments, warnings, error messages,
file names) goes through :func:`_visible` first, so that a feed cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO, TypeVar, cast
from urllib.parse import unquote, urlsplit

from . import __version__
from .emit import to_bibtex, to_document, to_epub, to_json
from .emit.bibtex import DIALECTS, BibtexDialect
from .emit.documents import EXTENSIONS as DOCUMENT_EXTENSIONS
from .emit.documents import DocumentFormat
from .emit.epub import book_document, wiki_base_url
from .emit.markdown import to_markdown
from .errors import FeedError, RevisionRebuildError, WikifeedkitError
from .feeds import read_feed
from .fetch import DEFAULT_DEADLINE, InputError, is_url, read_input
from .filenames import file_name
from .model import Article, Feed
from .revisions import latest_revisions, latest_texts, rebuild_revisions
from .wikitext import parse_article

FORMATS = ("markdown", "epub", "bibtex", "json", "docx", "odt", "html", "latex", "all")
_PANDOC_FORMATS = frozenset({"epub", "docx", "odt", "html", "latex", "all"})
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_PAGES_FAILED = 4
EXIT_NO_PANDOC = 5
EXIT_BROKEN_PIPE = 141
_EXIT_CODES = (
    "exit status: 0 done; 1 bad input; 2 bad usage; 3 output not writable; 4 some pages failed (each is "
    "reported, the others were written); 5 pandoc (for EPUB) is missing: nothing was done for --to epub, "
    "the other formats were written for --to all; 141 standard output was closed early (as by | head)"
)
PANDOC_FIX = (
    'pip install "wikifeedkit[pandoc]" (pandoc bundled), or install pandoc from your system\'s packages'
)

_EXTENSIONS = {"markdown": ".md", "epub": ".epub", "bibtex": ".bib", "json": ".json", **DOCUMENT_EXTENSIONS}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
T = TypeVar("T")

# Controls (C0, DEL, C1), line and paragraph separators, and bidi embeddings, overrides and isolates: shown,
# never sent. C0 and DEL become their Control Pictures (ESC is ␛), the others <U+XXXX>. The bidi marks
# LRM, RLM and ALM are kept: each acts like one strong letter, as any Hebrew or Latin letter does.
_STAND_INS: dict[int, int | str] = {
    **{code: 0x2400 + code for code in range(0x20)},
    0x7F: 0x2421,
    **{
        code: f"<U+{code:04X}>"
        for code in (*range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    },
}

# The start of a document, to tell a feed from wikitext and from an HTML page: byte order marks first.
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_UNMARKED_XML = (  # "<" as the first character in an encoding without a mark (XML 1.0 appendix F)
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_SNIFF_BYTES = 1024 * 1024
_FEED_ROOTS = frozenset({"feed", "rss", "RDF"})
# Elements that start an HTML page (with or without <html>) and that no wikitext starts with: MediaWiki
# shows these tags as text.
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "style", "base"})
_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[\w.\-]+)?")
_BLANK = re.compile(r"\s*")


class OutputError(WikifeedkitError):
    """An output could not be written."""


def _visible(text: str) -> str:
    """``text`` with every character that could drive a terminal or reorder a line replaced by a stand-in."""
    return text.translate(_STAND_INS)


def _report(message: str) -> None:
    """One line on standard error, made safe to show."""
    print(f"wikifeedkit: {_visible(message)}", file=sys.stderr)


def _progress(items: list[T], label: str, *, quiet: bool) -> Iterator[T]:
    """Yield the items, drawing a progress bar on stderr when it is a terminal and the work is long."""
    show = not quiet and sys.stderr.isatty() and len(items) >= 10
    for number, item in enumerate(items, start=1):
        if show:
            done = int(30 * number / len(items))
            sys.stderr.write(f"\r{label} [{'#' * done}{' ' * (30 - done)}] {number}/{len(items)}")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\n")


# -- summary ------------------------------------------------------------------------------------------


def _summary(feed: Feed, out: TextIO) -> None:
    def say(line: str) -> None:
        out.write(_visible(line) + "\n")

    say(feed.title or "(untitled feed)")
    generator = f", {feed.generator}" if feed.generator else ""
    say(f"  {feed.format} {feed.kind} feed, {len(feed.entries)} entries{generator}")
    for entry in feed.entries:
        when = entry.updated.isoformat() if entry.updated else "?"
        if entry.wikitext is not None:
            body = f"full text, {len(entry.wikitext)} characters"
        elif entry.diff is not None:
            body = f"diff, {len(entry.diff.hunks)} hunks, {len(entry.diff.rows)} rows"
        else:
            body = "no text"
        revision = f" r{entry.revision}" if entry.revision is not None else ""
        new = " (new page)" if entry.is_new_page else ""
        say(f"- {entry.page or entry.title}{revision}{new} by {entry.author or '?'} at {when}: {body}")
        if entry.comment:
            say(f"    summary: {entry.comment}")
        for warning in entry.warnings:
            say(f"    warning: {warning}")
    try:
        rebuilt = rebuild_revisions(feed)
    except RevisionRebuildError as error:
        say(f"  revisions could not be rebuilt: {error}")
        return
    if rebuilt:
        say(f"  {len(rebuilt)} revision texts available (full texts and applied diffs)")


# -- reading the input ----------------------------------------------------------------------------------


def _stem(location: str) -> str:
    if location == "-":
        return "stdin"
    name = (
        unquote(urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1])
        if is_url(location)
        else Path(location).name
    )
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _UNSAFE_NAME.sub("_", stem).lstrip(".") or "wiki"


def _input_name(location: str) -> str:
    return "standard input" if location == "-" else location


def _encoding(data: bytes) -> tuple[str, int]:
    """The document's encoding by its byte order mark (or XML's unmarked ``<``), and the mark's length."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return codec, len(mark)
    for start, codec in _UNMARKED_XML:
        if data.startswith(start):
            return codec, 0
    return "utf-8", 0


def _skip_blank(text: str, position: int) -> int:
    match = _BLANK.match(text, position)
    return match.end() if match else position


def _first_element(head: str) -> tuple[str | None, bool]:
    """The name of the first element after the prolog ('' when text comes first, None when the head ends
    inside the prolog; ``html`` for an HTML doctype), and whether an XML declaration or DOCTYPE was seen."""
    position, xml = 0, False
    while True:
        position = _skip_blank(head, position)
        if head.startswith(("<?", "<!--"), position):
            closing = "?>" if head.startswith("<?", position) else "-->"
            xml = xml or head.startswith("<?xml", position)
            end = head.find(closing, position + 2)
            if end < 0:
                return None, xml
            position = end + len(closing)
        elif head[position : position + 9].upper() == "<!DOCTYPE":
            name = _NAME.match(head, _skip_blank(head, position + 9))
            if name is not None and name.group().lower() == "html":
                return "html", True
            position, xml = _doctype_end(head, position), True
            if position < 0:
                return None, xml
        elif head.startswith("<", position):
            name = _NAME.match(head, position + 1)
            return (name.group() if name else ""), xml
        else:
            return "", xml


def _doctype_end(head: str, start: int) -> int:
    """Where a DOCTYPE that starts at ``start`` ends (past an internal subset in brackets), or -1."""
    close = head.find(">", start)
    bracket = head.find("[", start)
    if 0 <= bracket < close:
        close = head.find(">", head.find("]", bracket))
    return close + 1 if close >= 0 else -1


def _sniff(data: bytes) -> str:
    """``feed``, ``html`` or ``wikitext``, from the first element after the XML prolog."""
    codec, mark = _encoding(data)
    head = data[mark : mark + _SNIFF_BYTES].decode(codec, errors="replace")
    element, xml = _first_element(head)
    if element is not None and element.lower() in _HTML_ROOTS:
        return "html"
    if element is not None and element.rsplit(":", 1)[-1] in _FEED_ROOTS:
        return "feed"
    return "feed" if xml else "wikitext"


def _read_feed(data: bytes, name: str) -> Feed:
    """The feed, with errors that name the input (the reader only knows it was given bytes)."""
    try:
        return read_feed(data)
    except FeedError as error:
        message = str(error)
        message = message.replace("<bytes>", name) if "<bytes>" in message else f"{name}: {message}"
        named = FeedError(message)
        named.line, named.column = error.line, error.column
        raise named from error


def _refuse_html(data: bytes, name: str) -> None:
    """An HTML page (saved from a browser, or a URL that gave the wiki's HTML view) is no input."""
    if _sniff(data) == "html":
        raise InputError(
            f"{name} is an HTML page, not a feed or wikitext: give the feed's URL (action=feedcontributions, "
            "feed=atom), or the page's wikitext (action=raw)"
        )


def _load(location: str, title: str | None, deadline: float) -> Feed | Article:
    data = read_input(location, deadline=deadline)
    name = _input_name(location)
    _refuse_html(data, name)
    kind = "wikitext" if location.endswith(".wiki") else _sniff(data)  # a .wiki file is wikitext, named so
    if kind == "feed":
        return _read_feed(data, name)
    codec, mark = _encoding(data)
    try:
        text = data[mark:].decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is neither a feed nor {codec.upper()} wikitext ({error.reason} at byte {error.start})"
        ) from error
    return parse_article(text, title=title or _stem(location).replace("_", " "))


# -- writing ----------------------------------------------------------------------------------------------


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from error


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot write {folder}: {error.strerror or error}") from error


class _Files:
    """The Markdown files of one run in a folder, named by :func:`file_name` (one name per title).

    A case-insensitive or normalising file system may still see two names as one file: the later page then
    gets ``~2`` (``~3``…) and a warning, instead of overwriting the other.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pages: dict[tuple[int, int], str] = {}

    def claim(self, page: str) -> Path:
        stem = file_name(page)
        path = self.folder / f"{stem}.md"
        other = self._owner(path)
        number = 1
        while self._owner(path) is not None:
            number += 1
            path = self.folder / f"{stem}~{number}.md"
        if other is not None:
            _report(
                f"warning: this file system takes the file names of pages '{other}' and '{page}' for one; "
                f"'{page}' is written to {path.name}, and links to it lead to '{other}'"
            )
        return path

    def record(self, path: Path, page: str) -> None:
        status = path.stat()
        self._pages[status.st_dev, status.st_ino] = page

    def _owner(self, path: Path) -> str | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return self._pages.get((status.st_dev, status.st_ino))


def _entries_by_page(feed: Feed) -> dict[str, Feed]:
    """The feed cut into one feed per page (the key :func:`latest_texts` uses), in order of appearance."""
    pages: dict[str, list[int]] = {}
    for number, entry in enumerate(feed.entries):
        pages.setdefault(entry.page or entry.title, []).append(number)
    return {
        page: replace(feed, entries=tuple(feed.entries[n] for n in numbers))
        for page, numbers in pages.items()
    }


def _only(feed: Feed, pages: list[str]) -> Feed:
    kept = set(pages)
    return replace(feed, entries=tuple(e for e in feed.entries if (e.page or e.title) in kept))


class _Conversion:
    """One ``convert``: each page's text and article (made once), and the pages that failed.

    A page whose text, parse or output raises is reported (once) and left out; the others are written.
    """

    def __init__(self, source: Feed | Article, quiet: bool, dialect: BibtexDialect = "biblatex") -> None:
        self.source = source
        self.quiet = quiet
        self.dialect: BibtexDialect = dialect
        self.failed: dict[str, str] = {}
        self._texts: dict[str, str] | None = None
        self._articles: dict[str, Article] = {}

    def fail(self, page: str, error: Exception) -> None:
        if page in self.failed:
            return
        if isinstance(error, WikifeedkitError):
            reason = str(error)
        else:
            reason = f"{type(error).__name__}: {error} (a bug in wikifeedkit: please report it)"
        self.failed[page] = reason
        _report(f"page '{page}' was left out: {reason}")

    def texts(self, feed: Feed) -> dict[str, str]:
        """Each page's latest text; when one page's diffs do not apply, the others' are still rebuilt."""
        if self._texts is None:
            with contextlib.suppress(Exception):
                latest = latest_revisions(feed)
                self._texts = {item.page: item.text for item in latest.texts}
                for missing in latest.out_of_reach:  # what the feed does not give, said once
                    older = missing.fallback_revision
                    done = f"is written at revision {older}, not its newest" if older else "was not written"
                    _report(f"page '{missing.page}' {done}: {missing.reason}")
                return self._texts
            self._texts = {}
            for page, alone in _entries_by_page(feed).items():
                try:
                    self._texts.update((page, text) for page, (_, text) in latest_texts(alone).items())
                except Exception as error:  # (reported with the page, the others go on)
                    self.fail(page, error)
        return self._texts

    def article(self, page: str, text: str) -> Article:
        if page not in self._articles:
            self._articles[page] = parse_article(text, title=page)
        return self._articles[page]

    def each_page(self, feed: Feed, label: str, work: Callable[[str, str], T]) -> dict[str, T]:
        """``work(page, text)`` for each page that has not failed yet; a page that raises is left out."""
        items = [(page, text) for page, text in self.texts(feed).items() if page not in self.failed]
        results: dict[str, T] = {}
        for page, text in _progress(items, label, quiet=self.quiet):
            try:
                results[page] = work(page, text)
            except Exception as error:  # (reported with the page, the others go on)
                self.fail(page, error)
        return results

    def tolerant(self, pages: list[str], make: Callable[[list[str]], T], alone: Callable[[str], object]) -> T:
        """``make(pages)``; when it raises, each page is tried ``alone``, and those that fail are left out."""
        try:
            return make(pages)
        except Exception as error:  # (re-raised below when no page is to blame)
            whole = error
        for page in pages:
            try:
                alone(page)
            except Exception as error:  # (reported with the page, the others go on)
                self.fail(page, error)
        kept = [page for page in pages if page not in self.failed]
        if len(kept) == len(pages):
            raise whole
        return make(kept)

    # -- the formats --------------------------------------------------------------------------------------
    def markdown(self, output: Path | None) -> list[Path]:
        if isinstance(self.source, Article):
            _write_text(to_markdown(self.source), output)
            return [output] if output else []
        feed, folder = self.source, output or Path("markdown")
        _make_folder(folder)
        files, base = _Files(folder), wiki_base_url(feed)

        def write(page: str, text: str) -> Path:
            markdown = to_markdown(self.article(page, text), base_url=base)
            path = files.claim(page)
            _write_text(markdown, path)
            files.record(path, page)
            return path

        return list(self.each_page(feed, "markdown", write).values())

    def epub(self, path: Path) -> Path:
        _make_folder(path.parent)
        if isinstance(self.source, Article):
            return to_epub([self.source], path)
        feed, base = self.source, wiki_base_url(self.source)
        texts = self.texts(feed)
        pages = [page for page in texts if page not in self.failed]

        def chapter(page: str) -> object:
            return book_document([self.article(page, texts[page])], base_url=base)

        return self.tolerant(pages, lambda kept: to_epub(_only(feed, kept), path), chapter)

    def document(self, to: DocumentFormat, path: Path) -> Path:
        """A DOCX, ODT, HTML or LaTeX document of the page or of every page of the feed."""
        _make_folder(path.parent)
        if isinstance(self.source, Article):
            return to_document([self.source], path, to)
        feed, base = self.source, wiki_base_url(self.source)
        texts = self.texts(feed)
        pages = [page for page in texts if page not in self.failed]

        def chapter(page: str) -> object:
            return book_document([self.article(page, texts[page])], base_url=base)

        return self.tolerant(pages, lambda kept: to_document(_only(feed, kept), path, to), chapter)

    def bibtex(self, output: Path | None) -> list[Path]:
        if isinstance(self.source, Article):
            _write_text(to_bibtex([self.source], dialect=self.dialect), output)
            return [output] if output else []
        articles = self.each_page(self.source, "parsing", self.article)
        text = self.tolerant(
            list(articles),
            lambda kept: to_bibtex([articles[page] for page in kept], dialect=self.dialect),
            lambda page: to_bibtex([articles[page]], dialect=self.dialect),
        )
        _write_text(text, output)
        return [output] if output else []

    def json(self, output: Path | None) -> list[Path]:
        _write_text(to_json(self.source) + "\n", output)
        return [output] if output else []

    def write(self, fmt: str, output: Path | None, stem: str) -> list[Path]:
        if fmt == "markdown":
            return self.markdown(output)
        if fmt == "epub":
            return [self.epub(output or Path(f"{stem}.epub"))]
        if fmt in DOCUMENT_EXTENSIONS:
            to = cast(DocumentFormat, fmt)
            return [self.document(to, output or Path(f"{stem}{DOCUMENT_EXTENSIONS[fmt]}"))]
        if fmt == "bibtex":
            return self.bibtex(output)
        return self.json(output)


# -- commands ---------------------------------------------------------------------------------------------


def pandoc_missing() -> str | None:
    """Why no EPUB can be written here (pypandoc finds no pandoc: bundled, ``PYPANDOC_PANDOC``, ``PATH``), or
    None; asked before any work, so that ``--to epub`` fails at once and in one line."""
    import pypandoc  # type: ignore[import-untyped]

    try:
        pypandoc.get_pandoc_path()
    except OSError:
        return f"EPUB, DOCX, ODT, HTML and LaTeX need pandoc, which is not installed: {PANDOC_FIX}"
    return None


def _command_convert(arguments: argparse.Namespace) -> int:
    no_pandoc = pandoc_missing() if arguments.to in _PANDOC_FORMATS else None
    if no_pandoc is not None and arguments.to != "all":
        _report(no_pandoc)
        return EXIT_NO_PANDOC
    source = _load(arguments.input, arguments.title, arguments.timeout)
    stem = _stem(arguments.input)
    output = Path(arguments.output) if arguments.output else None
    conversion = _Conversion(source, arguments.quiet, arguments.bibtex_dialect)
    if arguments.to == "all":
        folder = output or Path(stem)
        written = conversion.markdown(folder / "markdown")
        for fmt in ("epub", "bibtex", "json"):
            if fmt == "epub" and no_pandoc is not None:
                _report(f"EPUB skipped: {no_pandoc}")
                continue
            written += conversion.write(fmt, folder / f"{stem}{_EXTENSIONS[fmt]}", stem)
    else:
        written = conversion.write(arguments.to, output, stem)
    if not arguments.quiet and written:
        shown = written if len(written) <= 5 else [*written[:4], Path(f"… and {len(written) - 4} more")]
        _report("wrote " + ", ".join(str(path) for path in shown))
    if conversion.failed:
        _report(f"{len(conversion.failed)} of the pages failed and were left out (see above)")
        return EXIT_PAGES_FAILED
    return EXIT_NO_PANDOC if no_pandoc is not None else 0


def _command_summary(arguments: argparse.Namespace) -> int:
    data = read_input(arguments.input, deadline=arguments.timeout)
    name = _input_name(arguments.input)
    _refuse_html(data, name)
    _summary(_read_feed(data, name), sys.stdout)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wikifeedkit", description="MediaWiki feeds and wikitext into documents.", epilog=_EXIT_CODES
    )
    parser.add_argument("--version", action="version", version=f"wikifeedkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser(
        "summary", help="list the entries of a MediaWiki Atom or RSS feed", epilog=_EXIT_CODES
    )
    summary.add_argument("input", help="a feed: a path, - for standard input, or an http(s) URL")
    summary.set_defaults(run=_command_summary)
    convert = commands.add_parser(
        "convert",
        help="convert a feed or a .wiki file to Markdown, EPUB, BibTeX or JSON",
        description="For a feed, Markdown is one file per page in a folder, EPUB one book, BibTeX and JSON "
        "one file each. BibTeX, JSON and the Markdown of one page go to standard output without -o. "
        "A page that cannot be converted is reported and left out; the others are written.",
        epilog=_EXIT_CODES,
    )
    convert.add_argument(
        "input", help="a feed or a .wiki file: a path, - for standard input, or an http(s) URL"
    )
    convert.add_argument(
        "--to", required=True, choices=FORMATS, help="the output format (all: each into -o DIR)"
    )
    convert.add_argument(
        "-o", "--output", help="the output file, or folder for a feed's Markdown and for all"
    )
    convert.add_argument("--title", help="the page title of a .wiki input (default: the file name)")
    convert.add_argument(
        "--bibtex-dialect",
        choices=DIALECTS,
        default="biblatex",
        help="biblatex (the default: for biber; PMIDs as eprint) or bibtex (BibTeX's classic styles: PMIDs "
        "in the note, entry types that lack a required field become @misc)",
    )
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no report")
    convert.set_defaults(run=_command_convert)
    for command in (summary, convert):
        command.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_DEADLINE,
            metavar="SECONDS",
            help=f"the longest a download may take in all (default {DEFAULT_DEADLINE:g})",
        )
    return parser


def _silence_stdout() -> None:
    """Send what is still buffered for a closed standard output nowhere (no second error at exit)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (see ``_EXIT_CODES``)."""
    arguments = _parser().parse_args(argv)
    try:
        code: int = arguments.run(arguments)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OutputError as error:
        _report(str(error))
        return EXIT_OUTPUT
    except WikifeedkitError as error:
        _report(str(error))
        return EXIT_BAD_INPUT
    except Exception as error:  # (one line, not a traceback, for a bug a hostile input found)
        _report(f"{type(error).__name__}: {error} (a bug in wikifeedkit: please report it)")
        return EXIT_BAD_INPUT
