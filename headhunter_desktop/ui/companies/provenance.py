"""Where a profile field's value came from, in words: the short note beside the field's
label ("from acme.com/about (page text)", "JSON-LD on acme.com", "typed") and its tooltip."""

from __future__ import annotations

from urllib.parse import urlsplit

from headhunter_desktop.core.domain.client_profile import FieldSource

TYPED = "typed"
TYPED_SOURCE = FieldSource(url="", method="typed")


def short_url(url: str) -> str:
    """The address without scheme, "www." or a trailing slash: "acme.com/about"."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" if host else url


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def note_text(source: FieldSource | None) -> str:
    """The note beside the field's label; "" when the source is unknown."""
    if source is None:
        return ""
    method = source.method
    if method == "json-ld":
        return f"JSON-LD on {host_of(source.url)}"
    if method == "opengraph":
        return f"OpenGraph on {host_of(source.url)}"
    if method == "page-text":
        return f"from {short_url(source.url)} (page text)"
    if method == "pasted-text":
        return "from pasted text"
    return TYPED


def note_tooltip(source: FieldSource | None) -> str:
    """What the note means, with the whole address."""
    if source is None:
        return ""
    method = source.method
    if method == "json-ld":
        return f"Taken word for word from the structured data (JSON-LD) of {source.url}"
    if method == "opengraph":
        return f"Taken word for word from the page description (OpenGraph) of {source.url}"
    if method == "page-text":
        return f"Read by the LLM from the text of {source.url}; check it"
    if method == "pasted-text":
        return "Read by the LLM from the text you pasted; check it"
    return "Typed or changed by hand"
