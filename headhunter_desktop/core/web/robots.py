"""robots.txt, read once per origin (scheme, host, port) before any page of it is requested.

What an answer means follows RFC 9309: a 2xx body is parsed (Protego); a 4xx means there
are no rules (allow all); a 5xx means the site cannot say, which counts as "disallow all".
A robots.txt that cannot be fetched at all (no connection, a timeout) is read as allowing
everything, as this app's brief asks, and said in the warnings: the pages themselves are
then on the same unreachable server and fail with their own reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

from headhunter_desktop.core.web.errors import (
    PrivateAddressError,
    ReadBudgetError,
    RobotsDisallowedError,
    WebsiteError,
)
from headhunter_desktop.core.web.fetcher import Fetched
from headhunter_desktop.core.web.urls import origin

# RFC 9309: crawlers must parse at least 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 500 * 1024
# robots.txt URL -> what answered there (the fetch itself is the caller's: it knows the
# budget and the address guard).
RobotsFetch = Callable[[str], Awaitable[Fetched]]


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin, and why they are what they are when not parsed."""

    parser: Protego | None  # None: no rules read
    allow_all: bool
    note: str = ""  # for the warnings: "robots.txt of … answered HTTP 503: …"

    def allows(self, url: str, user_agent: str) -> bool:
        """Whether `user_agent` may fetch `url` under these rules."""
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, user_agent))


class RobotsBook:
    """The rules of every origin the read touches, each fetched once, on first use."""

    def __init__(self, fetch: RobotsFetch, user_agent: str) -> None:
        self._fetch = fetch
        self._user_agent = user_agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.notes: list[str] = []

    async def check(self, url: str) -> None:
        """Raise RobotsDisallowedError when the rules of `url`'s origin disallow it."""
        rules = await self.rules_for(url)
        if not rules.allows(url, self._user_agent):
            raise RobotsDisallowedError(url, _why(rules))

    async def rules_for(self, url: str) -> RobotsRules:
        """The rules of `url`'s origin, fetched now if this is its first page."""
        key = origin(url)
        async with self._locks.setdefault(key, asyncio.Lock()):
            if key not in self._rules:
                self._rules[key] = await self._read(key + "/robots.txt")
                if self._rules[key].note:
                    self.notes.append(self._rules[key].note)
        return self._rules[key]

    async def _read(self, robots_url: str) -> RobotsRules:
        try:
            fetched = await self._fetch(robots_url)
        except (ReadBudgetError, PrivateAddressError):
            raise  # no rules known, or a host refused: the page may not be requested either
        except WebsiteError as exc:
            note = f"{robots_url} could not be read ({exc.reason}): read as allowing every page."
            return RobotsRules(None, allow_all=True, note=note)
        return rules_from(robots_url, fetched)


def rules_from(robots_url: str, fetched: Fetched) -> RobotsRules:
    """The rules an answer to a robots.txt request stands for (RFC 9309, 2.3.1)."""
    if fetched.status >= 500:
        note = (
            f"{robots_url} answered HTTP {fetched.status}: read as disallowing every page,"
            " as RFC 9309 asks while a site cannot say."
        )
        return RobotsRules(None, allow_all=False, note=note)
    if fetched.status >= 400:
        return RobotsRules(None, allow_all=True)
    text = fetched.body.decode("utf-8", errors="replace")
    return RobotsRules(Protego.parse(text), allow_all=True)


def _why(rules: RobotsRules) -> str:
    if rules.parser is None and not rules.allow_all:
        return " (its robots.txt answered with a server error, which counts as disallowing all)"
    return ""
