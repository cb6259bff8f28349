"""Articles as an EPUB 3 book, through one pandoc process per book (pypandoc).

Each article is a chapter written by :class:`MarkdownWriter` in the form pandoc's ``commonmark_x`` reads:
chapter ids for links between chapters, footnote labels unique in the book, no raw HTML (EPUB is XHTML),
and images as their captions, so that pandoc never reaches for a file on the network.
"""

from __future__ import annotations

import hashlib
import json
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
from ..wikitext import parse_article
from ..wikitext.templates import TemplateRegistry
from .markdown import MarkdownWriter
from .markdown_text import escape

EpubSource: TypeAlias = "Article | Feed | Iterable[Article]"


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
        if not entry.link or not entry.page:
            continue
        parts = urlsplit(entry.link)
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
        )
        heading = f"# {escape(article.title or f'Page {number}')} {{#chapter-{number}}}"
        chapters.append(f"{heading}\n\n{writer.body()}")
    return "\n\n".join(chapters) + "\n"


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
    metadata = {
        "title": title or info.title,
        "lang": language or info.language,
        "identifier": info.identifier or "urn:sha1:" + hashlib.sha1(markdown.encode("utf-8")).hexdigest(),
        "contributor": list(info.contributors),
        "creator": "wikifeedkit",
    }
    if info.date:
        metadata["date"] = info.date
    output = Path(path)
    stylesheet = resources.files("wikifeedkit.emit").joinpath("epub.css")
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-epub-") as work:
        metadata_file = Path(work) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
        css = Path(work) / "style.css"
        css.write_text(stylesheet.read_text(encoding="utf-8"), encoding="utf-8")
        try:
            pypandoc.convert_text(
                markdown,
                "epub3",
                format="commonmark_x",
                outputfile=str(output),
                extra_args=[
                    f"--metadata-file={metadata_file}",
                    f"--css={css}",
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
