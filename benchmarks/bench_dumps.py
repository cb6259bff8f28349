"""iter_pages against mwxml on the same dump, plain and bz2, with the floors beside them.

The dump is the integration tests' wiki (every corpus page, three revisions each: Alice's, Bob's and Carol's
edits), written by the real MediaWiki's ``dumpBackup.php --full`` and its pages repeated to ``--mb`` MB.
Times, in one run (the best of --repeat rounds, the readers taking turns), each reading every revision's text:
- ``bz2`` decompression alone: the floor of every bz2 reader;
- lxml's bare ``iterparse`` over the plain file, elements cleared: the floor of the XML;
- ``wfk.iter_pages`` (every text checked against its sha1) and, for comparison, ``strict=True``;
- ``mwxml.Dump.from_file`` (mediawiki-utilities; ``pip install mwxml``), which checks no sha1.

Run: ``python benchmarks/bench_dumps.py [--mb 40] [--repeat 3] [--dump FULL_DUMP.xml]``. The dump is made with
the MediaWiki of the tests (Debian's mediawiki, php-cli and php-sqlite3), unless ``--dump`` names one that
exists; a ``--dump`` that does not exist yet is written, for the next runs.
"""

from __future__ import annotations

import argparse
import bz2
import random
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from timing import best_of

import wikifeedkit as wfk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

_PAGE = re.compile(rb"^  <page>\n.*?^  </page>\n", re.DOTALL | re.MULTILINE)


def make_dump(directory: Path) -> bytes:
    """The test wiki's full dump, as the integration fixture builds the wiki."""
    from tests.integration.conftest import USERS, _bob_edit, _carol_edit, _title
    from tests.integration.mediawiki import MediaWiki, missing_tools

    if missing_tools():
        raise SystemExit(f"the test wiki needs {', '.join(missing_tools())}; or pass --dump")
    wiki = MediaWiki(directory)
    wiki.start()
    try:
        for user in USERS:
            wiki.create_user(user)
        for number, path in enumerate(sorted((ROOT / "tests" / "corpus" / "articles").glob("*.wiki"))):
            rng = random.Random(number)
            title, text = _title(path), path.read_text(encoding="utf-8")
            wiki.edit(title, text, user="Alice", summary="Created page from the corpus")
            text, summary = _bob_edit(text, rng)
            wiki.edit(title, text, user="Bob", summary=summary)
            text, summary = _carol_edit(text, rng)
            wiki.edit(title, text, user="Carol", summary=summary)
        return wiki.dump("--full")
    finally:
        wiki.stop()


def repeat_to(dump: bytes, megabytes: float) -> bytes:
    """The dump's pages repeated until the file is about ``megabytes`` MB."""
    pages = list(_PAGE.finditer(dump))
    header, footer = dump[: pages[0].start()], dump[pages[-1].end() :]
    body = b"".join(page.group() for page in pages)
    times = max(1, round(megabytes * 1e6 / len(body)))
    return header + body * times + footer


def read_wfk(path: Path, strict: bool = False) -> int:
    return sum(
        len(revision.text or "")
        for page in wfk.iter_pages(path, strict=strict)
        for revision in page.revisions
    )


def read_mwxml(path: Path) -> int:
    import mwxml  # type: ignore[import-untyped]

    with bz2.open(path, "rb") if path.suffix == ".bz2" else path.open("rb") as stream:
        return sum(len(revision.text or "") for page in mwxml.Dump.from_file(stream) for revision in page)


def bare_iterparse(path: Path) -> int:
    total = 0
    for _, element in etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True):
        tag = str(element.tag)
        if tag.endswith("}text"):
            total += len(element.text or "")
        elif tag.endswith("}page"):
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]  # type: ignore[union-attr]
    return total


def decompress_only(path: Path) -> int:
    total = 0
    with bz2.open(path, "rb") as stream:
        while data := stream.read(1 << 20):
            total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=40.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--dump", type=Path, help="the test wiki's full dump: read if it exists, else made and written there"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-bench-") as directory:
        folder = Path(directory)
        if args.dump is not None and args.dump.exists():
            source = args.dump.read_bytes()
        else:
            source = make_dump(folder / "wiki")
            if args.dump is not None:
                args.dump.write_bytes(source)
        data = repeat_to(source, args.mb)
        plain, compressed = folder / "dump.xml", folder / "dump.xml.bz2"
        plain.write_bytes(data)
        compressed.write_bytes(bz2.compress(data, 9))
        revisions = sum(len(page.revisions) for page in wfk.iter_pages(plain))
        print(
            f"dump: {len(data) / 1e6:.1f} MB plain, {compressed.stat().st_size / 1e6:.1f} MB bz2, "
            f"{revisions} revisions"
        )
        assert read_wfk(plain) == read_mwxml(plain) == bare_iterparse(plain)
        rows: list[tuple[str, Callable[[], object]]] = [
            ("plain  lxml iterparse (floor)", lambda: bare_iterparse(plain)),
            ("plain  wfk.iter_pages", lambda: read_wfk(plain)),
            ("plain  wfk.iter_pages strict", lambda: read_wfk(plain, strict=True)),
            ("plain  mwxml", lambda: read_mwxml(plain)),
            ("bz2    decompression only (floor)", lambda: decompress_only(compressed)),
            ("bz2    wfk.iter_pages", lambda: read_wfk(compressed)),
            ("bz2    mwxml", lambda: read_mwxml(compressed)),
        ]
        # Round robin: on a shared machine each reader meets the same quiet and busy moments.
        times = {name: float("inf") for name, _ in rows}
        for _ in range(args.repeat):
            for name, work in rows:
                times[name] = min(times[name], best_of(1, work))
        for name, seconds in times.items():
            print(
                f"{name:36} {seconds:7.3f} s  {len(data) / 1e6 / seconds:7.1f} MB/s  "
                f"{revisions / seconds:9.0f} rev/s"
            )
        for kind in ("plain", "bz2"):
            ratio = times[f"{kind:6} mwxml"] / times[f"{kind:6} wfk.iter_pages"]
            print(f"{kind}: iter_pages is {ratio:.2f}x mwxml's speed")


if __name__ == "__main__":
    main()
