"""Articles as DOCX, ODT, HTML or LaTeX: the EPUB's pandoc document (:func:`.epub.book_document`) written by
pandoc's other writers, one pandoc process per document.

The same rules as the EPUB hold: page text reaches pandoc only as AST data, metadata as literal text, and
pandoc runs with ``--sandbox``, so nothing a page says can make it read a file or fetch a URL.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Literal, TypeAlias

from ..checks import check_items, check_source
from ..errors import ConversionError
from ..model import Article, Feed
from ..wikitext.templates import TemplateRegistry
from .epub import BookInfo, EpubSource, book_document, book_metadata, book_of

DocumentFormat: TypeAlias = Literal["docx", "odt", "html", "latex"]
WRITERS: dict[str, str] = {"docx": "docx", "odt": "odt", "html": "html5", "latex": "latex"}
"""The pandoc writer of each format."""
EXTENSIONS: dict[str, str] = {"docx": ".docx", "odt": ".odt", "html": ".html", "latex": ".tex"}


def to_document(
    source: EpubSource,
    path: str | Path,
    to: DocumentFormat,
    *,
    title: str | None = None,
    language: str | None = None,
    base_url: str | None = None,
    templates: TemplateRegistry | None = None,
) -> Path:
    """Write one article, several, or a feed (the latest text of each page once) as a standalone DOCX, ODT,
    HTML or LaTeX document: a level-1 heading per page, notes listed where the page lists them."""
    check_source(source, "to_document", (Article, Feed), iterable=True)
    source = source if isinstance(source, Article | Feed) else check_items(source, "to_document", Article)
    if to not in WRITERS:
        raise ValueError(f"to_document writes {', '.join(WRITERS)}, not {to!r}")
    import pypandoc  # type: ignore[import-untyped]

    articles, info, feed_base = book_of(source, templates=templates)
    if not articles:
        raise ConversionError("the source holds no page text to make a document of")
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
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-document-") as work:
        metadata_file = Path(work) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
        try:
            pypandoc.convert_text(
                document,
                WRITERS[to],
                format="json",
                outputfile=str(output),
                extra_args=["--sandbox", "--standalone", f"--metadata-file={metadata_file}"],
            )
        except (RuntimeError, OSError) as error:
            hint = (
                " (pandoc is missing: pip install 'wikifeedkit[pandoc]')" if "No pandoc" in str(error) else ""
            )
            raise ConversionError(f"pandoc could not write {output}: {error}{hint}") from error
    return output
