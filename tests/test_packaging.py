"""The sdist and the wheel, built as a release is (``python -m build``), hold what users and packagers need.

The wheel: every module, ``py.typed`` (types for mypy users), the EPUB stylesheet and the JSON schema (read at
run time), the ``wikifeedkit`` command. The sdist: the tests with the data they read and the docs, so that a
distribution can run the test suite from it. ``twine check`` passes on both (PyPI renders the README).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "wikifeedkit"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [name for name in ("build", "twine") if importlib.util.find_spec(name) is None]
    require(missing, "building and checking the sdist and wheel (pip install build twine)")
    out = tmp_path_factory.mktemp("dist")
    # Without isolation where hatchling is installed (no download); else as a release build does.
    isolation = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
    result = subprocess.run(
        [sys.executable, "-m", "build", *isolation, "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def _one(dist: Path, pattern: str) -> Path:
    (path,) = dist.glob(pattern)
    return path


def test_twine_check_passes(dist: Path) -> None:
    files = [str(path) for path in sorted(dist.iterdir())]
    assert len(files) == 2, files
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_every_module_and_its_data(dist: Path) -> None:
    with zipfile.ZipFile(_one(dist, "wikifeedkit-*.whl")) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(
            next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        ).decode()
    sources = {
        "wikifeedkit/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sources <= names, sorted(sources - names)
    for data in (
        "wikifeedkit/py.typed",
        "wikifeedkit/emit/epub.css",
        "wikifeedkit/emit/wikifeedkit.schema.json",
    ):
        assert data in names
    assert not [name for name in names if name.startswith(("tests/", "docs/")) or name.endswith(".pyc")]
    assert "wikifeedkit = wikifeedkit.cli:main" in entry_points


def test_the_sdist_holds_the_tests_their_data_and_the_docs(dist: Path) -> None:
    with tarfile.open(_one(dist, "wikifeedkit-*.tar.gz")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for required in (
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "src/wikifeedkit/py.typed",
        "tests/conftest.py",
        "tests/data/contributions-seed.atom",
        "tests/corpus/SOURCES.md",
        "docs/quickstart.md",
        "docs/bibtex.md",
        "examples/feeds/contributions-seed.atom",
    ):
        assert required in names, required
    corpus = {path.name for path in (ROOT / "tests" / "corpus" / "articles").glob("*.wiki")}
    assert corpus == {
        Path(n).name for n in names if n.startswith("tests/corpus/articles/") and n.endswith(".wiki")
    }
    assert not [
        n
        for n in names
        if "__pycache__" in n or n.endswith(".pyc") or n.startswith((".mypy_cache", ".hypothesis"))
    ]
