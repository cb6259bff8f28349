"""Memory stays flat: the peak of a process that reads a 60 MB dump is that of one that reads 6 MB."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_READER = textwrap.dedent(
    """
    import io, resource, sys
    import wikifeedkit as wfk
    from wikifeedkit.dumps.sha1 import base36_sha1

    class Generated(io.RawIOBase):
        # A dump of PAGES pages of about 6 kB each, made as it is read (never whole in memory).
        def __init__(self, pages):
            text = "A line of the page's text, with [[links]] and {{templates}}.\\n" * 100
            self.revision = (
                "<revision><id>1</id><timestamp>2024-01-01T00:00:00Z</timestamp>"
                "<contributor><username>A</username><id>1</id></contributor><model>wikitext</model>"
                f"<format>text/x-wiki</format><text xml:space=\\"preserve\\">{text}</text>"
                f"<sha1>{base36_sha1(text)}</sha1></revision>"
            )
            self.buffer = b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">'
            self.pages, self.done = pages, 0
        def readable(self):
            return True
        def readinto(self, out):
            while len(self.buffer) < len(out) and self.done <= self.pages:
                if self.done < self.pages:
                    page = f"<page><title>P{self.done}</title><ns>0</ns><id>{self.done}</id>{self.revision}</page>"
                    self.buffer += page.encode()
                else:
                    self.buffer += b"</mediawiki>"
                self.done += 1
            size = min(len(out), len(self.buffer))
            out[:size], self.buffer = self.buffer[:size], self.buffer[size:]
            return size

    count = sum(len(page.revisions) for page in wfk.iter_pages(io.BufferedReader(Generated(int(sys.argv[1])))))
    assert count == int(sys.argv[1]), count
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def _peak_kib(pages: int) -> int:
    result = subprocess.run(
        [sys.executable, "-c", _READER, str(pages)], capture_output=True, text=True, check=True, timeout=300
    )
    return int(result.stdout.strip())


def test_peak_memory_does_not_grow_with_the_dump() -> None:
    small, large = _peak_kib(1_000), _peak_kib(10_000)
    assert large - small < 4 * 1024, f"peak {small} KiB for 6 MB, {large} KiB for 60 MB"
