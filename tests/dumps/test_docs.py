"""docs/dumps.md runs as written and prints what it says (the blocks that need the English dump aside)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def test_docs_python_runs_and_prints_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = _BLOCK.findall((ROOT / "docs" / "dumps.md").read_text(encoding="utf-8"))
    runnable = [block for block in blocks if "enwiki-" not in block]
    assert len(runnable) == 2
    assert len(blocks) == 3
    for block in runnable:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "dumps.md", "exec"), {})
        expected = [line.split("# ", 1)[1].strip() for line in block.splitlines() if "print(" in line]
        assert out.getvalue().splitlines() == expected
