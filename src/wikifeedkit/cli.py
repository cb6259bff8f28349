"""The ``wikifeedkit`` command: argument parsing, input and output, progress; the work is the library's."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO, TypeVar
from urllib.parse import unquote, urlsplit

from . import __version__
from .emit import to_bibtex, to_epub, to_json
from .emit.epub import wiki_base_url
from .emit.markdown import to_markdown
from .errors import RevisionRebuildError, WikifeedkitError
from .feeds import read_feed
from .fetch import is_url, read_input
from .model import Article, Feed
from .revisions import latest_texts, rebuild_revisions
from .wikitext import parse_article

FORMATS = ("markdown", "epub", "bibtex", "json", "all")
_EXTENSIONS = {"markdown": ".md", "epub": ".epub", "bibtex": ".bib", "json": ".json"}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
T = TypeVar("T")


class OutputError(WikifeedkitError):
    """An output could not be written."""


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


def _summary(feed: Feed, out: TextIO) -> None:
    out.write(f"{feed.title or '(untitled feed)'}\n")
    out.write(f"  {feed.format} {feed.kind} feed, {len(feed.entries)} entries")
    out.write(f", {feed.generator}\n" if feed.generator else "\n")
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
        out.write(
            f"- {entry.page or entry.title}{revision}{new} by {entry.author or '?'} at {when}: {body}\n"
        )
        if entry.comment:
            out.write(f"    summary: {entry.comment}\n")
        for warning in entry.warnings:
            out.write(f"    warning: {warning}\n")
    try:
        rebuilt = rebuild_revisions(feed)
    except RevisionRebuildError as error:
        out.write(f"  revisions could not be rebuilt: {error}\n")
        return
    if rebuilt:
        out.write(f"  {len(rebuilt)} revision texts available (full texts and applied diffs)\n")


def _stem(location: str) -> str:
    if location == "-":
        return "stdin"
    name = (
        unquote(urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1])
        if is_url(location)
        else Path(location).name
    )
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _UNSAFE_NAME.sub("_", stem) or "wiki"


def file_name(title: str) -> str:
    """A page title as a file name: the name its Markdown links use (``Title_with_underscores.md``)."""
    return _UNSAFE_NAME.sub("_", title.replace(" ", "_")) + ".md"


def _load(location: str, title: str | None) -> Feed | Article:
    data = read_input(location)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    looks_like_feed = head.startswith((b"<?xml", b"<feed", b"<rss")) and not location.endswith(".wiki")
    if looks_like_feed:
        return read_feed(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WikifeedkitError(f"{location} is neither a feed nor UTF-8 wikitext ({error.reason})") from error
    return parse_article(text, title=title or _stem(location).replace("_", " "))


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from error


def _articles(source: Feed | Article, quiet: bool) -> list[Article]:
    if isinstance(source, Article):
        return [source]
    pages = list(latest_texts(source).items())
    return [parse_article(text, title=page) for page, (_, text) in _progress(pages, "parsing", quiet=quiet)]


def _markdown(source: Feed | Article, output: Path | None, quiet: bool) -> list[Path]:
    base = wiki_base_url(source) if isinstance(source, Feed) else None
    if isinstance(source, Article):
        _write_text(to_markdown(source, base_url=base), output)
        return [output] if output else []
    folder = output or Path("markdown")
    written = []
    for page, (_, text) in _progress(list(latest_texts(source).items()), "markdown", quiet=quiet):
        path = folder / file_name(page)
        _write_text(to_markdown(parse_article(text, title=page), base_url=base), path)  # parsed once, written
        written.append(path)
    return written


def _convert(source: Feed | Article, fmt: str, output: Path | None, quiet: bool, stem: str) -> list[Path]:
    if fmt == "markdown":
        return _markdown(source, output, quiet)
    if fmt == "epub":
        path = output or Path(f"{stem}.epub")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
        return [to_epub(source if isinstance(source, Feed) else [source], path)]
    if fmt == "bibtex":
        _write_text(to_bibtex(_articles(source, quiet)), output)
        return [output] if output else []
    _write_text(to_json(source) + "\n", output)
    return [output] if output else []


def _command_convert(arguments: argparse.Namespace) -> int:
    source = _load(arguments.input, arguments.title)
    stem = _stem(arguments.input)
    output = Path(arguments.output) if arguments.output else None
    if arguments.to == "all":
        folder = output or Path(stem)
        written = _markdown(source, folder / "markdown", arguments.quiet)
        for fmt in ("epub", "bibtex", "json"):
            written += _convert(source, fmt, folder / f"{stem}{_EXTENSIONS[fmt]}", arguments.quiet, stem)
    else:
        written = _convert(source, arguments.to, output, arguments.quiet, stem)
    if not arguments.quiet and written:
        shown = written if len(written) <= 5 else [*written[:4], Path(f"… and {len(written) - 4} more")]
        print("wrote " + ", ".join(str(path) for path in shown), file=sys.stderr)
    return 0


def _command_summary(arguments: argparse.Namespace) -> int:
    _summary(read_feed(read_input(arguments.input)), sys.stdout)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wikifeedkit", description="MediaWiki feeds and wikitext into documents."
    )
    parser.add_argument("--version", action="version", version=f"wikifeedkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="list the entries of a MediaWiki Atom or RSS feed")
    summary.add_argument("input", help="a feed: a path, - for standard input, or an http(s) URL")
    summary.set_defaults(run=_command_summary)
    convert = commands.add_parser(
        "convert",
        help="convert a feed or a .wiki file to Markdown, EPUB, BibTeX or JSON",
        description="For a feed, Markdown is one file per page in a folder, EPUB one book, BibTeX and JSON "
        "one file each. BibTeX, JSON and the Markdown of one page go to standard output without -o.",
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
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no report")
    convert.set_defaults(run=_command_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (1: bad input, 3: output not writable)."""
    arguments = _parser().parse_args(argv)
    try:
        code: int = arguments.run(arguments)
        return code
    except OutputError as error:
        print(f"wikifeedkit: {error}", file=sys.stderr)
        return 3
    except WikifeedkitError as error:
        print(f"wikifeedkit: {error}", file=sys.stderr)
        return 1
