"""The command line, run as users run it: a real process on the bundled example feed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "feeds" / "contributions-seed.atom"


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wikifeedkit", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_summary_of_the_example_feed() -> None:
    result = _run("summary", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "atom contributions feed, 1 entries, MediaWiki 1.23.15" in out
    assert "- Zhanaozen massacre by Nbuend at 2017-04-18T02:16:58+00:00: full text, 15105 characters" in out


def test_summary_from_standard_input() -> None:
    result = _run("summary", "-", stdin=EXAMPLE.read_bytes())
    assert result.returncode == 0
    assert b"Zhanaozen massacre" in result.stdout


def test_errors_are_one_line_and_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.atom"
    bad.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>')
    result = _run("summary", str(bad))
    assert result.returncode == 1
    assert result.stdout == b""
    message = result.stderr.decode()
    assert message.startswith("wikifeedkit: ")
    assert "malformed XML" in message
    assert "line 1" in message
    assert message.count("\n") == 1


def test_example_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "read_feed.py")],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"72 lines of wikitext, starting '{{Infobox civil conflict'" in result.stdout
