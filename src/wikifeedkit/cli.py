"""The ``wikifeedkit`` command: argument parsing and output only; the work is the library's."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .errors import RevisionRebuildError, WikifeedkitError
from .feeds import read_feed
from .model import Feed
from .revisions import rebuild_revisions


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wikifeedkit", description=__doc__)
    parser.add_argument("--version", action="version", version=f"wikifeedkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="read a MediaWiki Atom or RSS feed and list its entries")
    summary.add_argument("input", help="a feed file, or - for standard input")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = _parser().parse_args(argv)
    try:
        source = sys.stdin.buffer if arguments.input == "-" else arguments.input
        feed = read_feed(source)
        _summary(feed, sys.stdout)
    except WikifeedkitError as error:
        print(f"wikifeedkit: {error}", file=sys.stderr)
        return 1
    return 0
