"""The code stays ruff-clean, ruff-formatted and ``mypy --strict`` clean: the test suite checks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy", "--strict", "src"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_tool_is_clean(command: list[str]) -> None:
    if command[0] == "ruff":
        require([] if shutil.which("ruff") else ["ruff (pip install ruff)"], "the lint check")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nothing_reads_outside_the_repository() -> None:
    """A clone has nothing beside it: no code, test, benchmark or example may name the team's shared folder."""
    tracked = subprocess.run(
        ["git", "ls-files", "src", "tests", "benchmarks", "examples", ".ci"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if tracked.returncode != 0:  # not a git checkout (an sdist): look at the files on disk
        files = [
            p for folder in ("src", "tests", "benchmarks", "examples") for p in (ROOT / folder).rglob("*")
        ]
    else:
        files = [ROOT / name for name in tracked.stdout.splitlines()]
    names = ("../" + "shared", "shared/" + "corpus")  # spelled apart, so that this file does not name them
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if path.is_file()
        and path.suffix in {".py", ".js", ".sh", ""}
        and any(name in path.read_text(encoding="utf-8", errors="replace") for name in names)
    ]
    assert offenders == []
