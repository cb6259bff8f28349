"""Articles as an EPUB 3 book: one pandoc JSON document for the whole book, one pandoc process (pypandoc).

Each article is a chapter written from its document tree by :class:`~wikifeedkit.emit.pandoc.PandocWriter`:
a level-1 heading ``chapter-N``, links between chapters, note ids unique in the book (``cN-note-M``), and
images as their captions, so that pandoc never reaches for a file or a URL.

The pages are untrusted: their text goes to pandoc as JSON AST values (``Str``, ``Code``, ``Math``), never as
markup that a pandoc reader would parse; the metadata goes as literal text, and pandoc runs with
``--sandbox`` (it may read no file but its input), so that nothing a page says can make pandoc read a local
file, fetch a URL or write a script into the book.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TypeAlias
from urllib.parse import parse_qs, urlsplit

from ..checks import check_items, check_source
from ..errors import ConversionError
from ..feeds.entry import ARTICLE_PATH_MARKERS
from ..model import Article, Feed
from ..revisions import latest_texts
from ..urls import web_url
from ..wikitext import parse_article
from ..wikitext.document import with_tree
from ..wikitext.templates import TemplateRegistry
from .pandoc import PANDOC_API_VERSION, Json, PandocWriter, holds_tree, text_inlines, wiki_links

EpubSource: TypeAlias = "Article | Feed | Iterable[Article]"

# How book_markdown's Markdown is read: with these extensions off, no text can become raw HTML or a div.
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
    """The chapters (each holding its document tree), the book's metadata and the wiki's base URL."""
    if isinstance(source, Article):
        return [_with_document_tree(source, templates)], BookInfo(title=source.title or "Untitled"), None
    if isinstance(source, Feed):
        latest = latest_texts(source)
        articles = [
            parse_article(text, title=page, templates=templates, tree=True)
            for page, (_, text) in latest.items()
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
    articles = [_with_document_tree(article, templates) for article in source]
    if not articles:
        raise ConversionError("an EPUB needs at least one article")
    first = articles[0].title or "Untitled"
    title = first if len(articles) == 1 else f"{first} and others"
    return articles, BookInfo(title=title), None


def _with_document_tree(article: Article, templates: TemplateRegistry | None) -> Article:
    """``article``, with its document tree built from its wikitext when it holds none."""
    return article if holds_tree(article) else with_tree(article, templates)


def book_document(articles: Sequence[Article], *, base_url: str | None) -> Json:
    """The whole book as one pandoc JSON document: a level-1 heading ``chapter-N`` per article, then its
    blocks (:class:`PandocWriter`, note ids prefixed ``cN-``). Links to pages of the book go to their
    chapters, other internal links to ``base_url`` (else they stay text); images are their captions."""
    chapters = {article.title: f"chapter-{n}" for n, article in enumerate(articles, start=1) if article.title}
    to_wiki = wiki_links(base_url)

    def page_url(title: str, anchor: str | None) -> str | None:
        return "#" + chapters[title] if title in chapters else to_wiki(title, anchor)

    blocks: list[Json] = []
    for number, article in enumerate(articles, start=1):
        if not holds_tree(article):
            raise ConversionError(f"{article.title or f'page {number}'} holds no document tree")
        writer = PandocWriter(
            citations=article.citations,
            infoboxes=article.infoboxes,
            notes={n: c.content for n, c in enumerate(article.citations) if c.content},
            page_url=page_url,
            id_prefix=f"c{number}-",
            first_level=2,
        )
        title = text_inlines(article.title or f"Page {number}")
        blocks.append({"t": "Header", "c": [1, [f"chapter-{number}", [], []], title]})
        blocks.extend(writer.page(article))
    return {"pandoc-api-version": PANDOC_API_VERSION, "meta": {}, "blocks": blocks}


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
    check_source(source, "to_epub", (Article, Feed), iterable=True)
    source = source if isinstance(source, Article | Feed) else check_items(source, "to_epub", Article)
    import pypandoc  # type: ignore[import-untyped]

    articles, info, feed_base = book_of(source, templates=templates)
    if not articles:
        raise ConversionError("the source holds no page text to make a book of")
    document = json.dumps(book_document(articles, base_url=base_url or feed_base), ensure_ascii=False)
    metadata = book_metadata(
        BookInfo(
            title=title or info.title,
            language=language or info.language,
            date=info.date,
            identifier=info.identifier or "urn:sha1:" + hashlib.sha1(document.encode("utf-8")).hexdigest(),
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
                document,
                "epub3",
                format="json",
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
