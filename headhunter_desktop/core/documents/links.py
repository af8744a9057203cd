"""Hyperlinks found in a CV: which ones to keep, and making sure the text shows them."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def clean_link(raw: str) -> str | None:
    """The link if it is a web, mail or phone link (no javascript:, file: or internal ones)."""
    link = raw.strip().strip("\x00")
    if link.lower().startswith("www."):
        link = "https://" + link
    if not link.lower().startswith(_SCHEMES) or any(ch.isspace() for ch in link):
        return None
    return link


def unique(links: list[str], limit: int) -> list[str]:
    """Links in first-seen order without repeats, at most `limit`."""
    return list(dict.fromkeys(links))[:limit]


def add_missing_links(text: str, links: list[str]) -> str:
    """`text` plus a "Links:" section with the links whose address it does not show."""
    haystack = text.lower()
    digits = re.sub(r"\D", "", text) if any(link.startswith("tel:") for link in links) else ""
    missing = [
        link
        for link in links
        if (
            re.sub(r"\D", "", link) not in digits
            if link.startswith("tel:")
            else _visible_form(link) not in haystack
        )
    ]
    if not missing:
        return text
    return f"{text}\n\nLinks:\n" + "\n".join(missing)


def _visible_form(link: str) -> str:
    # What a CV prints for the link: "jane@x.org" for mailto:, "linkedin.com/in/jane"
    # for https://www.linkedin.com/in/jane/.
    lowered = link.lower()
    if lowered.startswith("mailto:"):
        return unquote(lowered[len("mailto:") :].split("?")[0]).strip()
    parts = urlsplit(lowered)
    host = parts.netloc.removeprefix("www.")
    return (host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")).strip()
