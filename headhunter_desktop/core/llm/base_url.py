"""Credentials written into a server's base URL (`https://user:password@host/v1`).

The OpenAI client authenticates with the API key as a Bearer token; httpx would send a
URL's `user:password@` as Basic auth in its place, and the URL itself ends up in error
messages, the log and the import queue. So the app never uses them: they are taken out
of the URL before anything else sees it.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def has_credentials(url: str | None) -> bool:
    """True when the URL names a user (and maybe a password) before its host."""
    return bool(url) and "@" in urlsplit(url).netloc


def without_credentials(url: str) -> str:
    """The URL with its `user:password@` removed (anything else unchanged)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    # The host follows the last '@': a password may contain '@' unescaped.
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def url_password(url: str) -> str | None:
    """The password of the URL's `user:password@`, or None."""
    if not has_credentials(url):
        return None
    userinfo = urlsplit(url).netloc.rpartition("@")[0]
    return userinfo.partition(":")[2] or None
