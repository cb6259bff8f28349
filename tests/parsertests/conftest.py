"""MediaWiki's parser-test files, fetched once per machine with ``npm pack`` and cached (see ``cases.py``).

Without npm, or without the npm registry, the tests that need the files are skipped locally, saying why, and
fail when ``CI=true``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI, require

from .cases import SPEC, Case, FetchError, fetch, select

WHAT = f"MediaWiki's parser tests (npm pack {SPEC})"


@pytest.fixture(scope="session")
def parser_test_files() -> dict[str, Path]:
    """``parserTests.txt`` and ``citeParserTests.txt`` from the cache, fetched with npm on first use."""
    try:
        return fetch()
    except FetchError as error:
        require([] if shutil.which("npm") else ["npm"], WHAT)
        message = f"{WHAT}: {error} (is the npm registry reachable?)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def comparable_cases(parser_test_files: dict[str, Path]) -> dict[str, Case]:
    """The comparable cases by id (``parser: name`` / ``cite: name``)."""
    cases, _ = select(parser_test_files)
    return {case.id: case for case in cases}
