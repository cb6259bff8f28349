"""MediaWiki's parser tests as a second oracle for ``parse_article``.

Which cases are compared (``cases.py`` has the exact rules): those the PHP parser runs (an ``html/php``,
``html/*`` or ``html`` section), with no option but ``php``, ``wrap``, ``notoc`` (and ``parsoid=…`` beside
``html/php``), and whose wikitext has no ``{{``, no ``__SWITCH__``, no file or image, no harness or unloaded
extension tag, no ``-{`` and nothing that shows a test-wiki setting MediaWiki has off by default (bare image
URLs, magic links). How (``compare.py``): the visible words of the expected HTML, without MediaWiki's
furniture, against ``plain_text()``, whitespace-insensitive; then sections, internal and external links,
references and tables against the model, where either side has any.

The reader of the file format, the selection and the comparison are tested here on small made-up inputs (no
network). The real files come from npm (``conftest.py``): the test checks that the reader reads every test in
them, and that every case pinned in ``passing.txt`` still passes. The pass rate per family is a benchmark
(``python benchmarks/parser_tests.py``), not a threshold here: only cases that pass are pinned, so nothing that
works regresses, and a case that starts to pass is pinned by running the benchmark with ``--pin``.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from . import cases
from .cases import Case, FetchError, ParserTest, exclusion, family, parse_file, parse_options
from .compare import compare, expected, words

PINNED_FILE = Path(__file__).with_name("passing.txt")
PINNED = [
    line
    for line in PINNED_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
PIN_AGAIN = "python benchmarks/parser_tests.py --pin"

SAMPLE = """# a comment
!! version 2

!! article
Template:Foo
!! text
FOO
!! endarticle

!! hooks
ref
references
!! endhooks

stray garbage line

!! test
Bold
!! options
# a note, not options
php notoc title=[[Some page]] parsoid={"modes":["wt2html","wt2wt"]}
section=1,"two words"
!! wikitext
'''a'''
# numbered
!! html/parsoid
<p><b data-parsoid="{}">a</b></p>
!! html/php
<p><b>a</b></p>
!! html
<p>ignored: html/php comes first</p>
!! end

!!test
Bold
!!wikitext
b
!!html/parsoid
<p>b</p>
!!end
!! test
Last, with no final newline
!! wikitext
c
!! html
<p>c</p>
!! end"""


def test_reader_reads_items_and_sections() -> None:
    parsed = parse_file(SAMPLE, "sample.txt")
    assert parsed.version == 2
    assert parsed.articles == (("Template:Foo", "FOO"),)
    assert parsed.hooks == ("ref", "references")
    assert parsed.ignored_lines == 1
    first, second, third = parsed.tests
    assert (first.name, second.name, third.name) == ("Bold", "Bold (2)", "Last, with no final newline")
    assert first.wikitext == "'''a'''\n# numbered"  # '#' inside a section is wikitext, not a comment
    assert first.php_html == "<p><b>a</b></p>"
    assert first.options == {
        "php": "",
        "notoc": "",
        "title": "Some page",
        "parsoid": {"modes": ["wt2html", "wt2wt"]},
        "section": ["1", "two words"],
    }
    assert second.php_html is None  # Parsoid-only
    assert third.php_html == "<p>c</p>"
    assert first.line == 17


def test_reader_rejects_a_test_without_end() -> None:
    with pytest.raises(ValueError, match="no '!! end'"):
        parse_file("!! test\nName\n!! wikitext\nx\n!! html\n<p>x</p>\n", "broken.txt")


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("", {}),
        ("pst", {"pst": ""}),
        ("Language=de  variant=de-formal", {"language": "de", "variant": "de-formal"}),
        ('msg="quoted \\"value\\""', {"msg": 'quoted "value"'}),
        ("title=[[A b]]\nsubpage", {"title": "A b", "subpage": ""}),
        ("parsoid=wt2html,html2html", {"parsoid": ["wt2html", "html2html"]}),
        (
            'parsoid={\n"modes": ["selser"],\n"changes": [["a", "b"]]\n}',
            {"parsoid": {"modes": ["selser"], "changes": [["a", "b"]]}},
        ),
    ],
)
def test_options(text: str, options: dict[str, object]) -> None:
    assert parse_options(text) == options


def _test(wikitext: str, *, name: str = "t", file: str = "parserTests.txt", **sections: str) -> ParserTest:
    options = parse_options(sections.pop("options", ""))
    return ParserTest(name, file, 1, {"wikitext": wikitext, **sections}, options)


@pytest.mark.parametrize(
    ("test", "reason"),
    [
        (_test("''a''", html="<p><i>a</i></p>"), None),
        (_test("''a''", html="x", options="php wrap notoc"), None),
        (_test("a", **{"html/parsoid": "x"}), "no PHP output (Parsoid-only)"),
        (
            _test("a", html="x", options="parsoid=wt2html"),
            "option parsoid without html/php (Parsoid-only)",
        ),
        (_test("a", **{"html/php": "x", "options": "parsoid=wt2html"}), None),
        (_test("a", html="x", options="title=[[Foo]]"), "option title"),
        (_test("a", html="x", options="wgRawHtml=1"), "option wgrawhtml"),
        (_test("{{echo|a}}", html="x"), "template, parser function or variable {{"),
        (_test("__NOTOC__ a", html="x"), "behaviour switch __WORD__"),
        (_test("[[ :File:A.png]]", html="x"), "file or image"),
        (_test("<gallery>\nA.png\n</gallery>", html="x"), "file or image"),
        (_test("see http://example.com/a.png", html="x"), "external image URL"),
        (
            _test("ISBN 1234567890", html='<a class="internal mw-magiclink-isbn">'),
            "magic link (ISBN, RFC, PMID)",
        ),
        (_test("<statictag>x</statictag>", html="x"), "parser-test harness tag"),
        (_test("a<ref>b</ref>", html="x"), "extension tag not loaded by the file"),
        (_test("-{a}-", html="x"), "language-converter markup -{"),
    ],
)
def test_exclusion(test: ParserTest, reason: str | None) -> None:
    assert exclusion(test) == reason


def test_a_loaded_extension_tag_is_comparable() -> None:
    assert exclusion(_test("a<ref>b</ref>", html="x"), ("ref", "references")) is None


@pytest.mark.parametrize(
    ("test", "expected_family"),
    [
        (_test("x", name="Italics and bold"), "quotes"),
        (_test("x", name="Link containing double-single-quotes '' (bug 4598)"), "links"),
        (_test("x", name="External links: numbered"), "external links"),
        (_test("x", name="Definition list with bracketed URL link"), "definition lists"),
        (_test("x", name="Table with comment"), "comments"),
        (_test("{|\n|a\n|}", name="Something"), "tables"),
        (_test("* a", name="Something"), "lists"),
        (_test("== h ==", name="Something"), "headings"),
        (_test("plain", name="Something"), "other"),
        (_test("x", name="Bold", file="citeParserTests.txt"), "Cite"),
    ],
)
def test_family(test: ParserTest, expected_family: str) -> None:
    assert family(test) == expected_family


def test_case_ids_name_the_file() -> None:
    assert Case(_test("x", name="A"), "other").id == "parser: A"
    assert Case(_test("x", name="A", file="citeParserTests.txt"), "Cite").id == "cite: A"


# The expected HTML: MediaWiki's furniture is not text.
FURNISHED = """<div id="toc" class="toc"><div class="toctitle"><h2>Contents</h2></div><ul><li>1 H</li></ul></div>
<h2><span class="mw-headline" id="H">H <i>x</i></span><span class="mw-editsection">[<a href="/e">edit</a>]</span></h2>
<p>A<b>b</b>&#160;c<sup id="r" class="reference"><a href="#n">[1]</a></sup> <a href="/wiki/Main_Page#x" title="Main Page">m</a>
<a href="/index.php?title=Red_link&amp;action=edit&amp;redlink=1" class="new">r</a> <a class="mw-selflink selflink">s</a>
<a href="http://meatballwiki.org/wiki/X" class="extiw">iw</a> <a class="external text" href="http://e.org/a%7Cb?x=1&amp;y">e</a>
<span class="error mw-ext-cite-error">Cite error: nope</span></p>
<h2>literal, no headline</h2>
<table><caption>Cap</caption><tr><td></td></tr><tr><td>1</td><th>2<table><tr><td>in</td></tr></table></th></tr></table>
<div class="mw-references-wrap"><ol class="references"><li id="n"><span class="mw-cite-backlink">↑</span>
<span class="reference-text">The <a href="/wiki/Source">source</a> <a class="external free" href="http://s.org">http://s.org</a></span></li></ol></div>"""


def test_expected_leaves_out_the_furniture() -> None:
    want = expected(FURNISHED)
    assert " ".join(want.words) == "H x Ab c m r s iw e literal, no headline"
    assert want.sections == [(2, "H x")]
    assert want.links == ["Main Page", "Red link", "Parser test", "Source"]
    assert want.external_links == ["http://e.org/a|b?x=1&y"]
    assert want.references == ["The source http://s.org"]
    assert want.tables == [("Cap", (("1", "2"),)), (None, (("in",),))]


def test_words_are_whitespace_insensitive_only() -> None:
    assert words(" a\u00a0b\n\nc\u200b ") == ["a", "b", "c"]
    assert words("Cafe\u0301") == ["Café"]
    assert words("a.") != words("a")


def test_compare_a_small_case() -> None:
    result = compare(
        "== H ==\n''a'' [[B|b]] [http://e.org e]",
        '<h2><span class="mw-headline" id="H">H</span></h2>\n<p><i>a</i> <a href="/wiki/B">b</a> '
        '<a class="external text" href="http://e.org">e</a></p>',
    )
    assert result.passed, result.details
    assert result.checks == {"text": True, "sections": True, "links": True, "external links": True}
    wrong = compare("''a'' b", "<p><i>a</i> c</p>")
    assert not wrong.passed
    assert wrong.details["text"] == ("a c", "a b")


# Fetching: only the two files are ever written, under their own names.
def _tarball(path: Path, members: dict[str, bytes], *, symlink: str | None = None) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if symlink is not None:
            info = tarfile.TarInfo(symlink)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)


def _pin_files(monkeypatch: pytest.MonkeyPatch, contents: dict[str, bytes]) -> None:
    monkeypatch.setattr(cases, "FILES", {n: hashlib.sha256(d).hexdigest() for n, d in contents.items()})


def test_extract_writes_only_the_two_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = {"parserTests.txt": b"!! test\nA\n!! end\n", "citeParserTests.txt": b"# cite\n"}
    _pin_files(monkeypatch, contents)
    tarball = tmp_path / "p.tgz"
    _tarball(
        tarball,
        {
            **{f"package/tests/{name}": data for name, data in contents.items()},
            "package/../../escape.txt": b"x",
            "/tmp/absolute.txt": b"x",
            "package/tests/langParserTests.txt": b"x",
        },
    )
    out = tmp_path / "cache"
    out.mkdir()
    cases._extract(tarball, out)
    assert sorted(p.name for p in out.iterdir()) == ["citeParserTests.txt", "parserTests.txt"]
    assert (out / "parserTests.txt").read_bytes() == contents["parserTests.txt"]
    assert not (tmp_path.parent / "escape.txt").exists()


def test_extract_refuses_a_link_or_a_changed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = {"parserTests.txt": b"a\n", "citeParserTests.txt": b"b\n"}
    _pin_files(monkeypatch, contents)
    linked = tmp_path / "linked.tgz"
    _tarball(linked, {"package/tests/citeParserTests.txt": b"b\n"}, symlink="package/tests/parserTests.txt")
    with pytest.raises(FetchError, match="not a regular file"):
        cases._extract(linked, tmp_path)
    changed = tmp_path / "changed.tgz"
    _tarball(changed, {"package/tests/parserTests.txt": b"A\n", "package/tests/citeParserTests.txt": b"b\n"})
    with pytest.raises(FetchError, match="SHA-256"):
        cases._extract(changed, tmp_path)
    assert not (tmp_path / "parserTests.txt").exists()


def test_fetch_reuses_the_cache_and_needs_npm_only_to_fill_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = {"parserTests.txt": b"a\n", "citeParserTests.txt": b"b\n"}
    _pin_files(monkeypatch, contents)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(FetchError, match="npm is not installed"):
        cases.fetch(tmp_path)
    folder = tmp_path / f"{cases.PACKAGE}-{cases.VERSION}"
    folder.mkdir()
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    assert cases.fetch(tmp_path) == {name: folder / name for name in contents}


def test_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cases.CACHE_ENV, str(tmp_path / "here"))
    assert cases.cache_dir() == tmp_path / "here"
    monkeypatch.delenv(cases.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cases.cache_dir() == tmp_path / "xdg" / "wikifeedkit"


# The real files.
def test_reader_reads_every_test_in_the_files(parser_test_files: dict[str, Path]) -> None:
    for path in parser_test_files.values():
        text = path.read_text(encoding="utf-8")
        parsed = parse_file(text, path.name)
        assert len(parsed.tests) == len(re.findall(r"^!!\s*test\s*$", text, re.MULTILINE))
        assert all(test.wikitext or test.sections for test in parsed.tests)


def test_pinned_cases_are_comparable_and_named_once(comparable_cases: dict[str, Case]) -> None:
    assert len(PINNED) == len(set(PINNED)), f"{PINNED_FILE.name} names a case twice"
    unknown = [case_id for case_id in PINNED if case_id not in comparable_cases]
    assert unknown == [], f"no longer comparable cases (did the selection change? {PIN_AGAIN}): {unknown}"


@pytest.mark.parametrize("case_id", PINNED)
def test_pinned_case_passes(case_id: str, comparable_cases: dict[str, Case]) -> None:
    case = comparable_cases.get(case_id)
    if case is None:
        pytest.fail(f"{case_id!r} is no longer a comparable case ({PIN_AGAIN})", pytrace=False)
    result = compare(case.test.wikitext, case.expected_html)
    failures = "\n".join(
        f"{check}:\n  MediaWiki:   {want!r}\n  wikifeedkit: {got!r}"
        for check, (want, got) in result.details.items()
    )
    assert result.passed, (
        f"{case_id} regressed{f' ({result.error})' if result.error else ''}\n{failures}\nwikitext:\n{case.test.wikitext}"
    )
