"""The README's commands are the ones CI runs, and the docs' Python runs as written."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def _blocks(path: Path, language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(path.read_text(encoding="utf-8")) if lang == language]


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    commands = _blocks(ROOT / "README.md", "sh")[:2]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command.strip() in ci


@pytest.mark.parametrize("page", ["quickstart.md", "articles.md", "bibtex.md", "outputs.md"])
def test_doc_python_runs_and_prints_what_it_says(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    for block in _blocks(ROOT / "docs" / page, "python"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, page, "exec"), namespace)
        expected = [line.split("# ", 1)[1].strip() for line in block.splitlines() if "print(" in line]
        assert out.getvalue().splitlines() == expected
    assert os.getcwd() == str(ROOT)
