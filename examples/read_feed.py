"""Read a MediaWiki feed and show what each entry carries.

python examples/read_feed.py [FEED]      (default: the bundled example feed)
"""

from __future__ import annotations

import sys
from pathlib import Path

import wikifeedkit as wfk

path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "feeds" / "contributions-seed.atom"
feed = wfk.read_feed(path)
print(f"{feed.title} ({feed.kind} feed, {feed.format})")
for entry in feed.entries:
    print(f"- {entry.page}: {entry.comment!r} by {entry.author}")
    if entry.wikitext is not None:
        first_line = entry.wikitext.split("\n", 1)[0]
        print(f"  {len(entry.wikitext.splitlines())} lines of wikitext, starting {first_line!r}")
    elif entry.diff is not None:
        print(f"  a diff of {len(entry.diff.rows)} rows")
print(f"{len(wfk.rebuild_revisions(feed))} revision texts can be rebuilt")
