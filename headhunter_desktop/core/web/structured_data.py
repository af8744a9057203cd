"""Facts a site states about itself in structured data: JSON-LD first, then OpenGraph.

Values are taken as written (HTML entities decoded, whitespace trimmed) — the model never
re-words them. JSON-LD blocks are read with json, not a general extractor: an Organization
(or any subtype: Corporation, LocalBusiness, NGO, …) is looked for at any depth — in
`@graph`, in arrays, as a WebPage's publisher — except where the key says it is another
organization (a parent, a member, a sponsor).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import lxml.html

from headhunter_desktop.core.web.organization_types import ORGANIZATION_TYPES
from headhunter_desktop.core.web.results import Fact
from headhunter_desktop.core.web.urls import same_site

# Keys under which an Organization is some other organization than the site's own.
_OTHER_ORGANIZATION_KEYS = frozenset(
    {"parentOrganization", "subOrganization", "department", "member", "memberOf", "alumniOf",
     "sponsor", "funder", "competitor", "affiliation", "brand", "owns", "review", "itemReviewed"}
)  # fmt: skip
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_MAX_DEPTH = 12
JsonNode = dict[str, Any]


def json_ld_facts(tree: lxml.html.HtmlElement, page_url: str) -> dict[str, Fact]:
    """The facts of the page's best Organization in JSON-LD (none: an empty dict)."""
    candidates = [node for doc in _json_ld_documents(tree) for node in _organizations(doc)]
    if not candidates:
        return {}
    best = max(candidates, key=lambda node: _organization_score(node, page_url))
    values = organization_values(best, page_url)
    return {name: Fact(value, page_url, "json-ld") for name, value in values.items()}


def opengraph_facts(tree: lxml.html.HtmlElement, page_url: str) -> dict[str, Fact]:
    """og:site_name as the name and og:description as the description, as written."""
    wanted = {"og:site_name": "name", "og:description": "description"}
    facts: dict[str, Fact] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = _clean(meta.get("content"))
        if key in wanted and value and wanted[key] not in facts:
            facts[wanted[key]] = Fact(value, page_url, "opengraph")
    return facts


def _json_ld_documents(tree: lxml.html.HtmlElement) -> Iterator[Any]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        text = (script.text or "").strip()
        text = re.sub(r"^(<!--|<!\[CDATA\[)|(-->|\]\]>)$", "", text).strip()
        try:
            yield json.loads(text, strict=False)
        except ValueError:
            continue  # a broken block says nothing; the others still may


def _organizations(data: Any, depth: int = 0) -> Iterator[JsonNode]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _organizations(item, depth + 1)
    elif isinstance(data, dict):
        if organization_type(data) is not None:
            yield data
        for key, value in data.items():
            if key not in _OTHER_ORGANIZATION_KEYS and isinstance(value, list | dict):
                yield from _organizations(value, depth + 1)


def organization_type(node: JsonNode) -> str | None:
    """The node's most specific organization type ("Organization" when no subtype), or
    None when it is no organization."""
    types = node.get("@type")
    names = [_type_name(t) for t in (types if isinstance(types, list) else [types])]
    found = [name for name in names if name in ORGANIZATION_TYPES]
    if not found:
        return None
    specific = [name for name in found if name != "Organization"]
    return specific[0] if specific else "Organization"


def _type_name(value: Any) -> str:
    text = str(value or "").strip()
    return re.sub(r"^(https?://schema\.org/|schema:)", "", text)


def _organization_score(node: JsonNode, page_url: str) -> int:
    url = _text(node.get("url"))
    own_site = 5 if url and same_site(urljoin(page_url, url), page_url) else 0
    return own_site + len(organization_values(node, page_url))


def organization_values(node: JsonNode, page_url: str) -> dict[str, str | int | list[str]]:
    """An Organization node's values under ClientProfile field names, empty ones left out."""
    kind = organization_type(node)
    url = _text(node.get("url"))
    values: dict[str, str | int | list[str] | None] = {
        "name": _text(node.get("name")) or _text(node.get("legalName")),
        "website": urljoin(page_url, url) if url else "",
        "tagline": _text(node.get("slogan")),
        "description": _text(node.get("description")),
        "founded_year": _year(node.get("foundingDate")),
        "size_band": _size_band(node.get("numberOfEmployees")),
        "headquarters": _headquarters(node),
        "company_type": kind if kind != "Organization" else "",
        "specialties": _texts(node.get("knowsAbout")),
        "industry": ", ".join(_texts(node.get("industry"))),
        "social_links": [link for link in _texts(node.get("sameAs")) if _is_web(link)],
    }
    return {key: value for key, value in values.items() if value not in (None, "", [])}


def _clean(value: Any) -> str:
    return html.unescape(value).strip() if isinstance(value, str) else ""


def _text(value: Any) -> str:
    """A JSON-LD value as text: a string, a number, {"@value"}, {"name"}, or a list's first."""
    if isinstance(value, list):
        return next((text for text in map(_text, value) if text), "")
    if isinstance(value, dict):
        return _text(value.get("@value", value.get("name")))
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return _number(value)
    return _clean(value)


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in map(_text, items) if text]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    found = _YEAR.search(_text(value))
    return int(found.group()) if found else None


def _size_band(value: Any) -> str:
    """numberOfEmployees: a number, or a QuantitativeValue's value or range."""
    if not isinstance(value, dict) or "@value" in value:
        return _text(value)
    if _text(value.get("value")):
        return _text(value.get("value"))
    low, high = _text(value.get("minValue")), _text(value.get("maxValue"))
    if low and high:
        return f"{low}-{high}"
    return f"{low}+" if low else (f"up to {high}" if high else "")


def _headquarters(node: JsonNode) -> str:
    address = node.get("address")
    if address is None and isinstance(node.get("location"), dict):
        address = node["location"].get("address")
    if isinstance(address, list):
        address = address[0] if address else None
    if not isinstance(address, dict):
        return _text(address)
    parts = [_text(address.get(key)) for key in ("addressLocality", "addressRegion")]
    parts.append(_text(address.get("addressCountry")))
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _is_web(link: str) -> bool:
    return link.lower().startswith(("http://", "https://"))
