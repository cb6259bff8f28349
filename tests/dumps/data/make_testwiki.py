"""Make the small real dumps in this folder with the test suite's MediaWiki (1.39, Debian's package).

Run from the repository's root: ``python -m tests.dumps.data.make_testwiki``. It writes testwiki-full.xml
(schema 0.11), testwiki-full-0.10.xml, testwiki-current.xml and testwiki-stub.xml (``--stub``: no text). The
pages are written here (no outside text): a page edited three times (the last time from an IP address), a
redirect, a title with ``&`` and quotes, a CSS page, and a revision whose contributor and summary are hidden
(rev_deleted set in the database, as revision deletion does).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import urllib.parse
from pathlib import Path

from tests.integration.mediawiki import MediaWiki

HERE = Path(__file__).parent

FIRST = """{{Infobox person
| name = Ada Example
| birth_date = 1815
}}
'''Ada Example''' is a person made up for the tests.<ref name="one">{{cite book |title=A Book |year=2001}}</ref>

== Life ==
She wrote [[notes]] and a [[Foo bar|second page]].<ref name="one"/>

== References ==
<references/>

[[Category:Examples]]
"""


def _anonymous_edit(wiki: MediaWiki, title: str, text: str, summary: str) -> None:
    fields = {"action": "edit", "title": title, "text": text, "summary": summary, "token": "+\\"}
    data = json.loads(wiki.post("/api.php", {**fields, "format": "json"}))
    assert data.get("edit", {}).get("result") == "Success", data


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wikifeedkit-dump-") as directory:
        wiki = MediaWiki(Path(directory))
        wiki.start()
        try:
            wiki.create_user("Alice")
            wiki.edit("Ada Example", FIRST, user="Alice", summary="Created page")
            wiki.edit("Ada Example", FIRST.replace("1815", "1816"), user="Alice", summary="fix year")
            _anonymous_edit(wiki, "Ada Example", FIRST + "\nOne more line.", "from an IP")
            wiki.edit("Foo bar", "Hello [[Ada Example]]: ünïcödé ✓ 𝄞 & <b>bold</b>", user="Alice", summary="")
            wiki.edit("Ada", "#REDIRECT [[Ada Example]]", user="Alice", summary="redirect")
            wiki.edit(
                'Tom & Jerry "quoted"',
                "A page with ''odd'' characters in its title.",
                user="Alice",
                summary="x",
            )
            wiki.edit("MediaWiki:Common.css", "body { color: black; }", user="Alice", summary="style")
            with sqlite3.connect(Path(directory) / "data" / "wiki.sqlite") as db:
                # DELETED_COMMENT | DELETED_USER on Foo bar's revision.
                db.execute(
                    "UPDATE revision SET rev_deleted = 6 WHERE rev_page = "
                    "(SELECT page_id FROM page WHERE page_title = 'Foo_bar')"
                )
            server = urllib.parse.urlsplit(wiki.base).netloc
            for name, args in (
                ("testwiki-full.xml", ["--full"]),
                ("testwiki-full-0.10.xml", ["--full", "--schema-version=0.10"]),
                ("testwiki-current.xml", ["--current"]),
                ("testwiki-stub.xml", ["--full", "--stub"]),
            ):
                # The server's port changes from run to run: write a fixed one.
                dump = wiki.dump(*args).replace(server.encode(), b"127.0.0.1:8080")
                (HERE / name).write_bytes(dump)
        finally:
            wiki.stop()


if __name__ == "__main__":
    main()
