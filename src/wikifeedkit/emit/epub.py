"""Articles as an EPUB 3 book, through one pandoc process per book (pypandoc).

Each article is a chapter written by :class:`MarkdownWriter` in the form pandoc's ``commonmark_x`` reads:
chapter ids for links between chapters, footnote labels unique in the book, no raw HTML (EPUB is XHTML),
and images as their captions, so that pandoc never reaches for a file on the network.

The pages are untrusted: everything they hold is written as escaped text, code or math, pandoc reads the book
with raw HTML, raw attributes, fenced divs and bracketed spans turned off, the metadata goes as literal text,
and pandoc runs with ``--sandbox`` (it may read no file but its input), so that nothing a page says can make
pandoc read a local file, fetch a URL or write a script into the book.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TypeAlias
from urllib.parse import parse_qs, urlsplit

from ..errors import ConversionError
from ..feeds.entry import ARTICLE_PATH_MARKERS
from ..model import Article, Feed
from ..revisions import latest_texts
from ..urls import web_url
from ..wikitext import parse_article
from ..wikitext.templates import TemplateRegistry
from .markdown import MarkdownWriter
from .markdown_text import escape

EpubSource: TypeAlias = "Article | Feed | Iterable[Article]"

# Extensions of commonmark_x the book never uses: with them off, no text can become raw HTML or a div.
PANDOC_FORMAT = "commonmark_x-raw_html-raw_attribute-fenced_divs-bracketed_spans"
_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML 1.0
_SPACES = re.compile(r"[ \t\r\n]+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class BookInfo:
    """What the book says about itself."""

    title: str
    language: str = "en"
    date: str | None = None
    identifier: str | None = None
    contributors: tuple[str, ...] = ()


def wiki_base_url(feed: Feed) -> str | None:
    """The wiki's page URL prefix, told from the feed's entry links (``…/index.php?title=``, ``…/wiki/``)."""
    for entry in feed.entries:
        link = web_url(entry.link)  # a feed's links are untrusted: http(s) only, never javascript: or a path
        if not link or not entry.page:
            continue
        parts = urlsplit(link)
        if not parts.netloc:
            continue
        if "title" in parse_qs(parts.query):
            return f"{parts.scheme}://{parts.netloc}{parts.path}?title="
        page = entry.page.replace(" ", "_")
        for marker in ARTICLE_PATH_MARKERS:
            at = parts.path.find(marker)
            if at >= 0:
                return f"{parts.scheme}://{parts.netloc}{parts.path[: at + len(marker)]}"
        if parts.path.endswith(page):
            return f"{parts.scheme}://{parts.netloc}{parts.path[: -len(page)]}"
    return None


def book_of(
    source: EpubSource, *, templates: TemplateRegistry | None = None
) -> tuple[list[Article], BookInfo, str | None]:
    """The chapters, the book's metadata and the wiki's base URL for a source."""
    if isinstance(source, Article):
        return [source], BookInfo(title=source.title or "Untitled"), None
    if isinstance(source, Feed):
        latest = latest_texts(source)
        articles = [
            parse_article(text, title=page, templates=templates) for page, (_, text) in latest.items()
        ]
        authors = sorted({entry.author for entry in source.entries if entry.author})
        updated = source.updated or max((e.updated for e in source.entries if e.updated), default=None)
        info = BookInfo(
            title=source.title or "MediaWiki feed",
            language=source.language or "en",
            date=updated.date().isoformat() if isinstance(updated, datetime) else None,
            identifier=source.id,
            contributors=tuple(authors),
        )
        return articles, info, wiki_base_url(source)
    articles = list(source)
    if not articles:
        raise ConversionError("an EPUB needs at least one article")
    first = articles[0].title or "Untitled"
    title = first if len(articles) == 1 else f"{first} and others"
    return articles, BookInfo(title=title), None


def book_markdown(
    articles: list[Article], *, base_url: str | None, templates: TemplateRegistry | None
) -> str:
    """The whole book as pandoc ``commonmark_x``: one level-1 heading per chapter."""
    chapter_ids = {
        article.title: f"chapter-{n}" for n, article in enumerate(articles, start=1) if article.title
    }
    chapters = []
    for number, article in enumerate(articles, start=1):
        writer = MarkdownWriter(
            article,
            base_url=base_url,
            templates=templates,
            relative_links=False,
            offline_images=True,
            footnote_prefix=f"c{number}-",
            book_pages=chapter_ids,
            raw_html=False,
            dialect="commonmark_x",
        )
        heading = f"# {escape(article.title or f'Page {number}')} {{#chapter-{number}}}"
        chapters.append(f"{heading}\n\n{writer.body()}")
    return _NOT_XML.sub("", "\n\n".join(chapters)) + "\n"


def literal_markdown(text: str) -> str:
    """Text that pandoc's Markdown reads back as the same text (spaces collapsed): every ASCII punctuation
    character backslash-escaped, characters XML cannot hold left out. Pandoc reads metadata values as
    Markdown, and ``-M`` turns ``true``/``false`` into booleans: this is how a title stays a string."""
    return _PUNCTUATION.sub(r"\\\1", _SPACES.sub(" ", _NOT_XML.sub("", text)).strip())


def book_metadata(info: BookInfo) -> dict[str, str | list[str]]:
    """The ``--metadata-file`` values for a book: each one literal text (:func:`literal_markdown`)."""
    language = info.language.strip()
    metadata: dict[str, str | list[str]] = {
        "title": literal_markdown(info.title) or "Untitled",
        "lang": language if _LANGUAGE_TAG.fullmatch(language) else "en",
        "contributor": [literal_markdown(name) for name in info.contributors if literal_markdown(name)],
        "creator": "wikifeedkit",
    }
    if info.identifier and literal_markdown(info.identifier):
        metadata["identifier"] = literal_markdown(info.identifier)
    if info.date:
        metadata["date"] = literal_markdown(info.date)
    return metadata


def _style_element() -> str:
    """The book's stylesheet as a ``<style>`` element for each chapter's head (``--css`` reads a file, which
    ``--sandbox`` forbids)."""
    css = resources.files("wikifeedkit.emit").joinpath("epub.css").read_text(encoding="utf-8")
    if "<" in css or "&" in css:
        raise ConversionError("epub.css must hold no '<' or '&': it is written inside an XHTML <style>")
    return f"<style>\n{css}</style>\n"


def to_epub(
    source: EpubSource,
    path: str | Path,
    *,
    title: str | None = None,
    language: str | None = None,
    base_url: str | None = None,
    templates: TemplateRegistry | None = None,
) -> Path:
    """Write an EPUB 3 book: one article, several, or a feed (the latest text of each page once)."""
    import pypandoc  # type: ignore[import-untyped]

    articles, info, feed_base = book_of(source, templates=templates)
    if not articles:
        raise ConversionError("the source holds no page text to make a book of")
    markdown = book_markdown(articles, base_url=base_url or feed_base, templates=templates)
    metadata = book_metadata(
        BookInfo(
            title=title or info.title,
            language=language or info.language,
            date=info.date,
            identifier=info.identifier or "urn:sha1:" + hashlib.sha1(markdown.encode("utf-8")).hexdigest(),
            contributors=info.contributors,
        )
    )
    output = Path(path)
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-epub-") as work:
        metadata_file = Path(work) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
        style = Path(work) / "style.html"
        style.write_text(_style_element(), encoding="utf-8")
        try:
            pypandoc.convert_text(
                markdown,
                "epub3",
                format=PANDOC_FORMAT,
                outputfile=str(output),
                extra_args=[
                    "--sandbox",  # the writer may read no file: no image, stylesheet or URL from the text
                    f"--metadata-file={metadata_file}",
                    f"--include-in-header={style}",  # read before the sandbox starts, unlike --css
                    "--toc",
                    "--toc-depth=2",
                    "--split-level=1",
                    f"--resource-path={work}",
                ],
            )
        except (RuntimeError, OSError) as error:
            hint = (
                " (pandoc is missing: pip install 'wikifeedkit[pandoc]')" if "No pandoc" in str(error) else ""
            )
            raise ConversionError(f"pandoc could not write {output}: {error}{hint}") from error
    return output
