"""The links of a page, and which of them the read follows, best first.

Crawl traps (endless pagination, calendars, query-string variations) cannot pull the read
along: addresses are normalised before they are compared, each address is offered once,
at most a few pages share a path shape (digits and query values ignored: `/news?page=7`
is `/news?page`, `/events/2024/05` is `/events/0/0`) or a first path segment, and the
number of candidates is capped; the read's request and time budgets cap the rest.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html

from headhunter_desktop.core.web.link_scores import score_link
from headhunter_desktop.core.web.urls import normalise, page_key, same_site

PER_SHAPE = 2  # pages of one path shape (a pagination, a calendar)
PER_PREFIX = 3  # pages under one first path segment (/jobs/…)
_MAX_LINKS = 2000  # of one page; a page with more is a sitemap or a trap
_LANGUAGE = re.compile(r"^[a-z]{2}([-_][a-z]{2})?$", re.IGNORECASE)
_REFRESH = re.compile(r"^\s*\d*(\.\d*)?\s*[;,]\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link of a page: where it points (absolute, normalised) and what it says."""

    url: str
    text: str


def page_links(tree: lxml.html.HtmlElement, page_url: str) -> list[Link]:
    """The page's links to web pages, each address once (its first non-empty text)."""
    base = tree.find(".//base[@href]")
    base_url = urljoin(page_url, base.get("href", "")) if base is not None else page_url
    found: dict[str, str] = {}
    for anchor in tree.iter("a", "area"):
        url = _target(anchor.get("href"), base_url)
        if url is None:
            continue
        if not found.get(url):
            found[url] = _link_text(anchor)
        if len(found) >= _MAX_LINKS:
            break
    return [Link(url, text) for url, text in found.items()]


def refresh_target(tree: lxml.html.HtmlElement, page_url: str) -> str | None:
    """Where a <meta http-equiv="refresh"> sends the browser (a home page that is only a
    pointer to /en/), or None."""
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            found = _REFRESH.match(meta.get("content") or "")
            if found:
                return _target(found.group(2).strip(), page_url)
    return None


def _target(href: str | None, base_url: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    try:
        return normalise(urljoin(base_url, href))
    except ValueError:
        return None


def _link_text(anchor: lxml.html.HtmlElement) -> str:
    text = anchor.text_content() or anchor.get("aria-label") or anchor.get("title") or ""
    return " ".join(text.split())[:200]


@dataclass(frozen=True, order=True)
class Candidate:
    """A page to read: each category's best first, then the second best, and so on."""

    priority: tuple[int, int, int]  # (rank in its category, -score, order offered)
    url: str = field(compare=False)
    depth: int = field(compare=False)  # 1 = linked from the home page
    category: str = field(compare=False)


class Frontier:
    """The pages still to read, in order; offers past the caps are dropped."""

    def __init__(self, home_url: str, max_candidates: int) -> None:
        self._home = home_url
        self._max = max_candidates
        self._seen: set[str] = {page_key(home_url)}
        self._heap: list[Candidate] = []
        self._offered = 0
        self._per_category: Counter[str] = Counter()
        self._per_shape: Counter[str] = Counter()
        self._per_prefix: Counter[str] = Counter()

    def knows(self, url: str) -> bool:
        """Whether this page is read, or queued to be, already."""
        return page_key(url) in self._seen

    def mark_read(self, url: str) -> None:
        """A page read (under this address, after redirects) is not offered again."""
        self._seen.add(page_key(url))

    def offer(self, links: Iterable[Link], depth: int) -> None:
        """Queue the links worth reading (same site, likely about the company)."""
        for link in links:
            self._offer(link, depth)

    def _offer(self, link: Link, depth: int) -> None:
        key = page_key(link.url)
        if key in self._seen or self._offered >= self._max or not same_site(link.url, self._home):
            return
        score, category = score_link(link.url, link.text)
        shape, prefix = path_shape(link.url), path_prefix(link.url)
        full = self._per_shape[shape] >= PER_SHAPE or self._per_prefix[prefix] >= PER_PREFIX
        if not score or full:
            return
        self._seen.add(key)
        self._per_shape[shape] += 1
        self._per_prefix[prefix] += 1
        self._push(link.url, depth, category, score)

    def _push(self, url: str, depth: int, category: str, score: int) -> None:
        rank = self._per_category[category]
        self._per_category[category] += 1
        self._offered += 1
        priority = (rank, -score, self._offered)
        heapq.heappush(self._heap, Candidate(priority, url, depth, category))

    def pop(self) -> Candidate | None:
        """The next page to read, or None when there is none left."""
        return heapq.heappop(self._heap) if self._heap else None

    def drain(self) -> list[Candidate]:
        """Every page left unread, in order (the read is over)."""
        left = sorted(self._heap)
        self._heap.clear()
        return left


def path_shape(url: str) -> str:
    """The address with digits and query values blanked: one shape per pagination."""
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    path = re.sub(r"\d+", "0", parts.path.rstrip("/"))
    return f"{parts.netloc}{path}?{'&'.join(keys)}"


def path_prefix(url: str) -> str:
    """Host and first path segment, a language segment (/en/, /de-ch/) skipped."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and _LANGUAGE.match(segments[0]):
        segments = segments[1:]
    return f"{parts.netloc}/{segments[0] if segments else ''}"
