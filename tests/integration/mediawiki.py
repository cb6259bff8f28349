"""A real MediaWiki (Debian's package, SQLite, ``php -S``) on loopback, for tests.

Follows the recipe in docs/testing.md. Everything lives in a temporary folder; nothing system-wide is
touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

MEDIAWIKI_ROOT = Path("/usr/share/mediawiki")
PASSWORD = "SomePassword-123!"


def missing_tools() -> list[str]:
    """What a real MediaWiki needs here and is not installed."""
    missing = []
    if shutil.which("php") is None:
        missing.append("php-cli")
    if not (MEDIAWIKI_ROOT / "maintenance" / "install.php").exists():
        missing.append("mediawiki")
    else:
        probe = subprocess.run(["php", "-r", "exit(extension_loaded('pdo_sqlite') ? 0 : 1);"], check=False)
        if probe.returncode != 0:
            missing.append("php-sqlite3")
    return missing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Revision:
    """One revision as MediaWiki stored it (the truth to compare with)."""

    revid: int
    parentid: int
    user: str
    comment: str
    text: str


class MediaWiki:
    """A private wiki: start it, write pages, read what it serves."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._server: subprocess.Popen[bytes] | None = None
        self._settings = directory / "LocalSettings.php"

    def start(self) -> None:
        (self.directory / "data").mkdir(parents=True, exist_ok=True)
        self._php(
            "maintenance/install.php",
            "--dbtype=sqlite",
            f"--dbpath={self.directory / 'data'}",
            "--dbname=wiki",
            f"--server={self.base}",
            "--scriptpath=",
            "--lang=en",
            f"--pass={PASSWORD}",
            f"--confpath={self.directory}",
            "TestWiki",
            "Admin",
            with_conf=False,
        )
        with self._settings.open("a", encoding="utf-8") as settings:
            settings.write(
                "\n$wgFeedDiffCutoff = 1000000;\n$wgFeedLimit = 500;\n"
                "$wgRCMaxAge = 100 * 365 * 86400;\n$wgUseRCPatrol = false;\n"
            )
        env = dict(os.environ, MW_CONFIG_FILE=str(self._settings))
        self._server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI_ROOT)],
            cwd=MEDIAWIKI_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get("/api.php?action=query&meta=siteinfo&format=json")
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self._server is not None:
            self._server.terminate()
            self._server.wait(timeout=10)
            self._server = None

    def _php(self, script: str, *args: str, with_conf: bool = True, stdin: str | None = None) -> str:
        command = ["php", script]
        if with_conf:
            command.append(f"--conf={self._settings}")
        command.extend(args)
        result = subprocess.run(
            command,
            cwd=MEDIAWIKI_ROOT,
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{script} failed ({result.returncode}): {result.stdout.decode(errors='replace')}"
                f"{result.stderr.decode(errors='replace')}"
            )
        return result.stdout.decode("utf-8", errors="replace")

    def create_user(self, name: str) -> None:
        self._php("maintenance/createAndPromote.php", name, PASSWORD)

    def edit(self, title: str, text: str, *, user: str, summary: str) -> None:
        self._php("maintenance/edit.php", "--user", user, "--summary", summary, title, stdin=text)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            body: bytes = response.read()
            return body

    def url(self, path: str) -> str:
        return self.base + path

    def revisions(self, title: str) -> list[Revision]:
        """Every revision of a page, oldest first, from the API."""
        query = urllib.parse.urlencode(
            {
                "action": "query",
                "prop": "revisions",
                "titles": title,
                "rvprop": "ids|user|comment|content",
                "rvslots": "main",
                "rvlimit": "max",
                "rvdir": "newer",
                "format": "json",
                "formatversion": "2",
            }
        )
        data = json.loads(self.get("/api.php?" + query))
        page = data["query"]["pages"][0]
        return [
            Revision(
                revid=rev["revid"],
                parentid=rev["parentid"],
                user=rev["user"],
                comment=rev["comment"],
                text=rev["slots"]["main"]["content"],
            )
            for rev in page["revisions"]
        ]
