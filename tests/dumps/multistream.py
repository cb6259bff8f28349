"""Build a multistream dump and its index from a plain export, the way Wikimedia builds them.

The export is cut as text at its ``<page>`` lines: the header (``<mediawiki>`` and ``<siteinfo>``) is the first
bz2 stream, each run of ``pages_per_stream`` pages one stream, the footer the last. The index has one
``offset:page_id:title`` line per page, the title XML-escaped as in the export, and is itself bz2.
"""

from __future__ import annotations

import bz2
import re
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(rb"^  <page>\n.*?^  </page>\n", re.DOTALL | re.MULTILINE)
_TITLE = re.compile(rb"<title>(.*?)</title>")
_ID = re.compile(rb"<id>(\d+)</id>")


@dataclass
class Multistream:
    path: Path
    index: Path
    offsets: list[int]  # where each stream of pages starts
    pages: list[list[int]]  # the page ids of each stream of pages


def build_multistream(export: bytes, directory: Path, *, pages_per_stream: int = 10) -> Multistream:
    pages = list(_PAGE.finditer(export))
    assert pages, "the export holds no <page>"
    header, footer = export[: pages[0].start()], export[pages[-1].end() :]
    path, index = directory / "dump-multistream.xml.bz2", directory / "dump-multistream-index.txt.bz2"
    offsets: list[int] = []
    ids: list[list[int]] = []
    lines: list[bytes] = []
    with path.open("wb") as out:
        out.write(bz2.compress(header))
        for start in range(0, len(pages), pages_per_stream):
            group = pages[start : start + pages_per_stream]
            offset = out.tell()
            offsets.append(offset)
            ids.append([])
            for page in group:
                text = page.group()
                id_match, title_match = _ID.search(text), _TITLE.search(text)
                assert id_match is not None
                assert title_match is not None
                ids[-1].append(int(id_match.group(1)))
                lines.append(b"%d:%s:%s\n" % (offset, id_match.group(1), title_match.group(1)))
            out.write(bz2.compress(b"".join(page.group() for page in group)))
        out.write(bz2.compress(footer))
    index.write_bytes(bz2.compress(b"".join(lines)))
    return Multistream(path, index, offsets, ids)
