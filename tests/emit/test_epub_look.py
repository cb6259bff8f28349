"""What a reader sees in the EPUB (issue 12): note markers raised above the line, one note per distinct
reference with every use linking to it, no empty heading, list item or section, and chapters that headless
Chromium renders as a page of text.

The books: the seed feed, a book of large corpus pages (groups of notes, pages without a references list,
external-link lists of templates), and a small book of pages made for one bug each.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import wikifeedkit as wfk
from tests.conftest import CORPUS, DATA, require

XHTML = {"h": "http://www.w3.org/1999/xhtml"}
CORPUS_PAGES = ["United-Kingdom", "Mark-Behr", "Gregory-Serper", "anarchism", "Chemical-biology", "list"]
MARKER = re.compile(r"\[(?:(?P<group>.+) )?(?P<number>\d+)\]")
REGRESSIONS = {
    "Reused": 'A.<ref name="r">One source</ref> B.<ref name="r"/> C.<ref name="r"/> D.<ref>Another</ref>\n\n'
    "== References ==\n{{reflist}}\n",
    "Empty references": "Text without notes.\n\n== See also ==\n* [[Reused]]\n\n== References ==\n{{reflist}}\n",
    "Empty items": "Lead.\n\n== ==\n\n== List ==\n*\n* one\n* {{unknown template}}\n*\n\n; Term alone\n: \n",
    "Groups": "A<ref group=note>Note one</ref> b<ref>Source one</ref> c<ref group=note>Note two</ref>"
    " d<ref>Source two</ref> e<ref>Source three</ref>.\n\n== Notes ==\n{{reflist|group=note}}\n\n"
    "== References ==\n{{reflist}}\n",
    "Redirect": "#REDIRECT [[Reused]]\n",
}


def _book(path: Path) -> dict[str, etree._Element]:
    """The chapters of an EPUB, by file name, parsed as XML (as a reading system reads them)."""
    with zipfile.ZipFile(path) as book:
        return {
            Path(name).name: etree.fromstring(book.read(name))
            for name in sorted(book.namelist())
            if re.fullmatch(r"EPUB/text/ch\d+\.xhtml", name)
        }


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    feed = wfk.read_feed(DATA / "contributions-seed.atom")
    return wfk.to_epub(feed, tmp_path_factory.mktemp("look") / "seed.epub")


@pytest.fixture(scope="module")
def corpus_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = [
        wfk.parse_article((CORPUS / "articles" / f"{name}.wiki").read_text(encoding="utf-8"), title=name)
        for name in CORPUS_PAGES
    ]
    return wfk.to_epub(articles, tmp_path_factory.mktemp("look") / "corpus.epub", title="Corpus pages")


@pytest.fixture(scope="module")
def regression_book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, etree._Element]:
    articles = [wfk.parse_article(text, title=title) for title, text in REGRESSIONS.items()]
    path = wfk.to_epub(articles, tmp_path_factory.mktemp("look") / "regressions.epub")
    chapters = _book(path)
    return {title: chapters[f"ch{n:03d}.xhtml"] for n, title in enumerate(REGRESSIONS, start=1)}


@pytest.fixture(params=["seed_book", "corpus_book"])
def chapters(request: pytest.FixtureRequest) -> dict[str, etree._Element]:
    return _book(request.getfixturevalue(request.param))


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _markers(chapter: etree._Element) -> list[etree._Element]:
    return list(chapter.xpath("//h:a[@role='doc-noteref']", namespaces=XHTML))


def _notes(chapter: etree._Element) -> dict[str, tuple[int, etree._Element]]:
    """Each note of a chapter by its id: the number the reader sees before it, and its list item."""
    notes: dict[str, tuple[int, etree._Element]] = {}
    for listed in chapter.xpath("//h:div[contains(@class, 'references')]/h:ol", namespaces=XHTML):
        for offset, item in enumerate(listed.xpath("h:li", namespaces=XHTML)):
            (anchor,) = item.xpath("h:span[@id]", namespaces=XHTML)[:1]
            assert anchor.get("id") not in notes, f"note {anchor.get('id')} is listed twice"
            notes[anchor.get("id")] = (int(listed.get("start", "1")) + offset, item)
    return notes


def _target(marker: etree._Element, chapter_name: str) -> str:
    """The id a marker links to, which must be in its own chapter."""
    file, _, fragment = marker.get("href").partition("#")
    assert file in ("", chapter_name), f"{marker.get('href')}: a note in another chapter"
    return fragment


# -- markers and notes --------------------------------------------------------------------------------------
def test_note_markers_are_superscript(chapters: dict[str, etree._Element]) -> None:
    markers = [marker for chapter in chapters.values() for marker in _markers(chapter)]
    assert len(markers) > 20
    for marker in markers:
        assert etree.QName(marker.getparent()).localname == "sup", etree.tostring(marker.getparent())
        assert MARKER.fullmatch(_text(marker)), _text(marker)


def test_every_marker_links_to_its_note_under_its_number(chapters: dict[str, etree._Element]) -> None:
    for name, chapter in chapters.items():
        notes = _notes(chapter)
        for marker in _markers(chapter):
            shown, _ = notes[_target(marker, name)]
            found = MARKER.fullmatch(_text(marker))
            assert found
            assert int(found["number"]) == shown, f"{name}: marker {_text(marker)} goes to note {shown}"


def test_one_note_per_distinct_reference(chapters: dict[str, etree._Element]) -> None:
    """Every note is listed once (``_notes``) and used, and the markers of one reference all link to it
    (two references of the page that happen to cite the same work are two notes, as on the wiki)."""
    reused = 0
    for name, chapter in chapters.items():
        notes = _notes(chapter)
        used = Counter(_target(marker, name) for marker in _markers(chapter))
        assert set(used) == set(notes), name
        reused += sum(1 for count in used.values() if count > 1)
    assert reused  # the books reuse references: their markers share notes


def test_the_seeds_reused_references_each_have_one_note(seed_book: Path) -> None:
    """The seed page cites 24 references 32 times: 24 notes, and each is linked as often as it is cited."""
    feed = wfk.read_feed(DATA / "contributions-seed.atom")
    ((page, (_, text)),) = wfk.latest_texts(feed).items()
    cited = [c for c in wfk.parse_article(text, title=page).citations if c.in_reference and c.uses]
    assert any(citation.uses > 1 for citation in cited)
    (chapter,) = _book(seed_book).values()
    links = Counter(_target(marker, "ch001.xhtml") for marker in _markers(chapter))
    assert len(_notes(chapter)) == len(cited)
    assert sorted(links.values()) == sorted(citation.uses for citation in cited)


# -- nothing empty ------------------------------------------------------------------------------------------
def test_no_empty_heading_list_item_or_section(chapters: dict[str, etree._Element]) -> None:
    for name, chapter in chapters.items():
        for element in chapter.xpath(
            "//h:h1 | //h:h2 | //h:h3 | //h:h4 | //h:h5 | //h:h6 | //h:li | //h:dt | //h:dd | //h:p",
            namespaces=XHTML,
        ):
            assert _text(element), f"{name}: an empty <{etree.QName(element).localname}>"
        for section in chapter.xpath("//h:section", namespaces=XHTML):
            heading = section.xpath("h:h1 | h:h2 | h:h3 | h:h4 | h:h5 | h:h6", namespaces=XHTML)
            rest = [child for child in section if child not in heading]
            assert any(_text(child) for child in rest), f"{name}: {_text(heading[0])!r} stands over nothing"


# -- one regression test per bug ----------------------------------------------------------------------------
def test_a_reference_used_three_times_is_one_note(regression_book: dict[str, etree._Element]) -> None:
    chapter = regression_book["Reused"]
    notes = _notes(chapter)
    assert [_text(item) for _, item in notes.values()] == ["One source", "Another"]
    links = Counter(_target(marker, "ch001.xhtml") for marker in _markers(chapter))
    assert sorted(links.values()) == [1, 3]


def test_references_heading_without_notes_is_left_out(regression_book: dict[str, etree._Element]) -> None:
    chapter = regression_book["Empty references"]
    headings = [_text(h) for h in chapter.xpath("//h:h2", namespaces=XHTML)]
    assert headings == ["See also"]


def test_bare_list_items_and_empty_headings_are_left_out(regression_book: dict[str, etree._Element]) -> None:
    chapter = regression_book["Empty items"]
    assert [_text(li) for li in chapter.xpath("//h:li", namespaces=XHTML)] == ["one"]
    assert [_text(h) for h in chapter.xpath("//h:h2", namespaces=XHTML)] == ["List"]
    assert not chapter.xpath("//h:dl", namespaces=XHTML)  # a term without a detail: a bold line
    assert "Term alone" in [_text(b) for b in chapter.xpath("//h:p/h:strong", namespaces=XHTML)]


def test_groups_of_notes_are_numbered_as_their_markers(regression_book: dict[str, etree._Element]) -> None:
    """MediaWiki counts each group from 1; interleaved groups once listed notes under other numbers."""
    chapter = regression_book["Groups"]
    assert [_text(marker) for marker in _markers(chapter)] == ["[note 1]", "[1]", "[note 2]", "[2]", "[3]"]
    notes = _notes(chapter)
    for marker in _markers(chapter):
        found = MARKER.fullmatch(_text(marker))
        assert found
        assert notes[_target(marker, "ch004.xhtml")][0] == int(found["number"])
    lists = [[_text(li) for li in ol] for ol in chapter.xpath("//h:ol", namespaces=XHTML)]
    assert lists == [["Note one", "Note two"], ["Source one", "Source two", "Source three"]]


# -- headless Chromium --------------------------------------------------------------------------------------
def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        require(["chromium"], "rendering the EPUB's chapters")
        raise AssertionError("unreachable")
    return found


def _unzipped(book: Path, into: Path) -> Path:
    with zipfile.ZipFile(book) as epub:
        epub.extractall(into)
    return into / "EPUB" / "text"


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB(A) bytes of an 8-bit PNG (what Chromium writes), unfiltered."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data = 8, b""
    width = height = channels = 0
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        body = png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    raw, stride, rows = zlib.decompress(data), width * channels, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner)
                )
                line[i] = (line[i] + near[2]) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_chromium_renders_a_chapter_as_a_page_of_text(seed_book: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    chapter = _unzipped(seed_book, tmp_path / "seed") / "ch001.xhtml"
    shot = tmp_path / "chapter.png"
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    subprocess.run(
        [*command, f"--screenshot={shot}", "--window-size=600,800", chapter.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    width, height, rows = _pixels(shot.read_bytes())
    assert (width, height) == (600, 800)
    channels = len(rows[0]) // width
    dark = sum(1 for row in rows for i in range(0, len(row), channels) if sum(row[i : i + 3]) < 300)
    assert 0.005 < dark / (width * height) < 0.5, (
        f"{dark} dark pixels of {width * height}: blank, or not text"
    )
    inked = [
        y
        for y, row in enumerate(rows)
        if any(sum(row[i : i + 3]) < 300 for i in range(0, len(row), channels))
    ]
    assert inked[-1] - inked[0] > height / 2  # text runs down the page, not one line of it


_MEASURE = """
<script><![CDATA[
var found = [];
document.querySelectorAll("sup > a[role='doc-noteref']").forEach(function (marker) {
  var sup = marker.parentNode, before = sup.previousSibling;
  if (!before || before.nodeType !== 3 || before.data.length === 0) { return; }
  var range = document.createRange();
  range.setStart(before, before.data.length - 1);
  range.setEnd(before, before.data.length);
  var text = range.getBoundingClientRect(), raised = sup.getBoundingClientRect();
  found.push({text_top: text.top, marker_top: raised.top, marker_bottom: raised.bottom, text_bottom: text.bottom,
              text_size: parseFloat(getComputedStyle(sup.parentNode).fontSize),
              marker_size: parseFloat(getComputedStyle(marker).fontSize)});
});
var out = document.createElement("pre");
out.setAttribute("id", "measured");
out.textContent = JSON.stringify(found);
document.body.appendChild(out);
]]></script>
"""


def test_chromium_raises_note_markers_above_the_text(seed_book: Path, tmp_path: Path) -> None:
    """Measured in the browser: each marker sits higher than the text before it, in a smaller font (they
    ran into the text when the stylesheet took away pandoc's superscript: "December 20111")."""
    chromium = _chromium()
    chapter = _unzipped(seed_book, tmp_path / "seed") / "ch001.xhtml"
    page = chapter.read_text(encoding="utf-8")
    chapter.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", chapter.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    measured = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.DOTALL)
    assert measured, result.stdout[-2000:]
    markers = json.loads(measured.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert len(markers) >= 20
    for marker in markers:
        assert marker["marker_top"] < marker["text_top"] - 1, marker
        assert marker["marker_bottom"] < marker["text_bottom"], marker
        assert marker["marker_size"] < marker["text_size"], marker


def test_a_redirect_says_where_it_goes(regression_book: dict[str, etree._Element]) -> None:
    """Its wikitext once showed as a numbered list item "1. REDIRECT Reused"."""
    chapter = regression_book["Redirect"]
    assert not chapter.xpath("//h:ol | //h:ul", namespaces=XHTML)
    (line,) = chapter.xpath("//h:p", namespaces=XHTML)
    assert _text(line) == "Redirect to Reused"
    assert line.xpath("h:a/@href", namespaces=XHTML) == ["ch001.xhtml#chapter-1"]  # Reused is chapter 1
