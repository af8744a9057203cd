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


# Per method: the note beside the label ({host}, {short}: the page) and its tooltip ({url}).
_WORDING: dict[str, tuple[str, str]] = {
    "json-ld": (
        "JSON-LD on {host}",
        "Taken word for word from the structured data (JSON-LD) of {url}",
    ),
    "opengraph": (
        "OpenGraph on {host}",
        "Taken word for word from the page description (OpenGraph) of {url}",
    ),
    "page-text": ("from {short} (page text)", "Read by the LLM from the text of {url}; check it"),
    "pasted-text": ("from pasted text", "Read by the LLM from the text you pasted; check it"),
}
_TYPED_TOOLTIP = "Typed or changed by hand"


def note_text(source: FieldSource | None) -> str:
    """The note beside the field's label; "" when the source is unknown."""
    if source is None:
        return ""
    if source.method not in _WORDING:
        return TYPED
    return _WORDING[source.method][0].format(host=host_of(source.url), short=short_url(source.url))


def note_tooltip(source: FieldSource | None) -> str:
    """What the note means, with the whole address."""
    if source is None:
        return ""
    if source.method not in _WORDING:
        return _TYPED_TOOLTIP
    return _WORDING[source.method][1].format(url=source.url)
