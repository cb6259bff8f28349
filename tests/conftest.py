"""Shared fixtures and the rule for missing tools: skip locally (saying what to install), fail in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
DATA = TESTS / "data"
CORPUS = TESTS / "corpus"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(missing: list[str], what: str) -> None:
    """Skip (or, in CI, fail) the test when ``missing`` names tools it needs."""
    if not missing:
        return
    message = f"{what} needs {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return DATA / "contributions-seed.atom"


@pytest.fixture(scope="session")
def corpus_articles() -> list[Path]:
    articles = sorted((CORPUS / "articles").glob("*.wiki"))
    assert articles, f"the corpus pages are missing from {CORPUS / 'articles'}"
    return articles


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """``wikifeedkit ARGS`` in a process of its own, as a user runs it (output captured, never raising)."""
    return subprocess.run(
        [sys.executable, "-m", "wikifeedkit", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=timeout,
        cwd=cwd,
    )
