"""One GET of a page, redirects followed by hand so that every hop is checked.

Before each hop the caller's check runs (the address guard, robots.txt for pages) and one
request is taken from the budget; a hop that fails its check is never sent. The body is
read up to the byte limit and the rest left unread (the page is then marked truncated).
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from headhunter_desktop.core.web.budget import ReadBudget
from headhunter_desktop.core.web.errors import (
    NotHtmlError,
    RedirectError,
    WebsiteHttpError,
    WebsiteUnreachableError,
)
from headhunter_desktop.core.web.urls import host_of, normalise

# Raises a WebsiteError when a request to the URL must not be sent.
HopCheck = Callable[[str], Awaitable[None]]
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Fetched:
    """A response read: its final address (after redirects), status, type and body."""

    url: str
    status: int
    content_type: str  # the media type alone, lower case ("" when the server sent none)
    charset: str | None  # as the Content-Type header names it
    body: bytes
    truncated: bool  # the body went on past the byte limit


@dataclass(frozen=True)
class _Redirect:
    location: str


class Fetcher:
    """GETs over one httpx client, within one read's budget."""

    def __init__(self, client: httpx.AsyncClient, budget: ReadBudget, max_redirects: int):
        self._client = client
        self._budget = budget
        self._max_redirects = max_redirects

    async def page(self, url: str, check: HopCheck, max_bytes: int) -> Fetched:
        """An HTML page with a success status; WebsiteError subclasses name what else."""
        return await self._follow(url, check, max_bytes, html_only=True)

    async def anything(self, url: str, check: HopCheck, max_bytes: int) -> Fetched:
        """Whatever answers at `url` (robots.txt): any status, any content type."""
        return await self._follow(url, check, max_bytes, html_only=False)

    async def _follow(self, url: str, check: HopCheck, max_bytes: int, html_only: bool) -> Fetched:
        chain = [url]
        for _ in range(self._max_redirects + 1):
            await check(chain[-1])
            self._budget.take_request(chain[-1])
            answer = await self._get_once(chain[-1], max_bytes, html_only)
            if isinstance(answer, Fetched):
                return answer
            chain.append(_next_hop(chain, answer.location))
        raise RedirectError(url, f"redirects more than {self._max_redirects} times")

    async def _get_once(self, url: str, max_bytes: int, html_only: bool) -> Fetched | _Redirect:
        try:
            async with self._client.stream("GET", url) as response:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    return _Redirect(urljoin(url, location.strip()))
                return await _read(url, response, max_bytes, html_only)
        except httpx.HTTPError as exc:
            raise unreachable(url, exc) from exc


def _next_hop(chain: list[str], location: str) -> str:
    # Query strings are kept as sent: a server that adds a session parameter is not looping.
    target = normalise(location, strip_tracking=False)
    if target is None:
        raise RedirectError(chain[0], "redirects to an address that is not a web page")
    if target in chain:  # exactly: /about -> /about/ is a redirect, not a loop
        raise RedirectError(chain[0], "redirects in a loop")
    return target


async def _read(url: str, response: httpx.Response, max_bytes: int, html_only: bool) -> Fetched:
    status = response.status_code
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if html_only and status >= 300:
        raise WebsiteHttpError(url, status)
    if html_only and media_type and media_type not in _HTML_TYPES:
        raise NotHtmlError(url, media_type, status)
    body, truncated = await _capped_body(response, max_bytes)
    if html_only and not media_type and not _looks_like_html(body):
        raise NotHtmlError(url, media_type, status)
    return Fetched(url, status, media_type, response.charset_encoding, body, truncated)


async def _capped_body(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """The body up to `max_bytes` (decompressed), and whether more was left unread."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        room = max_bytes - size
        if len(chunk) > room:
            chunks.append(chunk[:room])
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), False


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--"))


def unreachable(url: str, exc: httpx.HTTPError) -> WebsiteUnreachableError:
    """The error for a request that got no (complete) answer, its cause in words."""
    causes = list(_causes(exc))
    if isinstance(exc, httpx.TimeoutException):
        cause = "it did not answer in time"
    elif any(isinstance(c, ssl.SSLError) for c in causes):
        cause = "its HTTPS certificate or connection is not valid"
    elif any(isinstance(c, socket.gaierror) for c in causes):
        cause = "its name does not resolve (check the address)"
    elif any(isinstance(c, ConnectionRefusedError) for c in causes):
        cause = "the connection was refused"
    elif isinstance(exc, httpx.ConnectError):
        cause = "the connection failed"
    else:
        cause = "the connection broke off"
    return WebsiteUnreachableError(host_of(url), cause)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it was raised from, however deep (httpx wraps httpcore wraps anyio)."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(c for c in (current.__cause__, current.__context__) if c is not None)
