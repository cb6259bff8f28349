"""MediaWiki's SHA-1 of a text: the digest in base 36, padded to 31 digits (``Wikimedia\\base_convert``)."""

from __future__ import annotations

import hashlib

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36_sha1(text: str) -> str:
    """The SHA-1 MediaWiki stores for ``text`` (rev_sha1, the ``<sha1>`` of a dump)."""
    number = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest(), "big")
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits)).rjust(31, "0")
