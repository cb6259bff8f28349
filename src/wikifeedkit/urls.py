"""Which URLs a written document may link to: MediaWiki's URL protocols, nothing else.

Wiki text and feeds are untrusted: a ``javascript:``, ``data:`` or ``file:`` URL, or a relative path where an
external link was meant, must never become a live link in any output.
"""

from __future__ import annotations

# MediaWiki 1.39's default $wgUrlProtocols (includes/MainConfigSchema.php), less the protocol-relative "//".
URL_PROTOCOLS: tuple[str, ...] = (
    "bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://", "irc://",
    "ircs://", "magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://", "redis://", "sftp://", "sip:",
    "sips:", "sms:", "ssh://", "svn://", "tel:", "telnet://", "urn:", "worldwind://", "xmpp:",
)  # fmt: skip
WEB_PROTOCOLS: tuple[str, ...] = ("http://", "https://")


def external_url(url: str | None, *, default_scheme: str = "https") -> str | None:
    """``url`` as an absolute link target with one of MediaWiki's protocols, or None when it has none.

    A protocol-relative URL (``//host/…``) takes ``default_scheme``, as it would on the wiki; a URL without
    a scheme, a relative path and any other scheme (``javascript:``, ``data:``, ``file:``) give None: such a
    value is text, never a link.
    """
    if url is None:
        return None
    candidate = url.strip()
    if candidate.startswith("//"):
        candidate = f"{default_scheme}:{candidate}"
    lowered = candidate[:16].lower()
    for protocol in URL_PROTOCOLS:
        if lowered.startswith(protocol):
            rest = candidate[len(protocol) :]
            if not rest or (protocol.endswith("//") and rest.startswith("/")):
                return None
            return protocol + rest
    return None


def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL (what may be fetched or used as a base), else None."""
    if url is None:
        return None
    candidate = url.strip()
    lowered = candidate[:8].lower()
    for protocol in WEB_PROTOCOLS:
        if lowered.startswith(protocol) and len(candidate) > len(protocol):
            return protocol + candidate[len(protocol) :]
    return None
