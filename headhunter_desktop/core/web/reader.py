"""Read a company's website: robots.txt, the home page, then its likely about, careers,
team and contact pages, within a budget of requests, time and bytes.

The home page is read first and alone: when it fails, the read fails with a WebsiteError
naming the cause. The pages chosen from its links (and, one level further, from theirs)
are then read a few at a time; one that fails is a line with its reason, not an error.
When the time runs out, what was read so far is the result. An `on_page` listener hears
of each page as it is done, so a front end can show the read's progress.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

import httpx

from headhunter_desktop.core.web.address_guard import AddressGuard, Resolver
from headhunter_desktop.core.web.budget import REQUESTS_REASON, TIME_REASON, ReadBudget
from headhunter_desktop.core.web.errors import (
    JavaScriptOnlyError,
    NoWebsiteTextError,
    SamePageError,
    WebsiteError,
    WebsiteUnreachableError,
)
from headhunter_desktop.core.web.fetcher import Fetched, Fetcher, HopCheck
from headhunter_desktop.core.web.findings import HOME_ORDER, Findings
from headhunter_desktop.core.web.limits import ReadLimits
from headhunter_desktop.core.web.links import Candidate, Frontier
from headhunter_desktop.core.web.page_analysis import PageAnalysis, analyse_page
from headhunter_desktop.core.web.results import PageListener, WebsiteRead
from headhunter_desktop.core.web.robots import ROBOTS_MAX_BYTES, RobotsBook
from headhunter_desktop.core.web.transport import GuardedTransport
from headhunter_desktop.core.web.urls import host_of, page_key, start_url

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_DEPTH = 2  # the home page's links, and their links


async def read_website(
    url: str,
    *,
    limits: ReadLimits = ReadLimits(),  # noqa: B008 - frozen, shared safely
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    executor: Executor | None = None,
    on_page: PageListener | None = None,
) -> WebsiteRead:
    """Read the site at `url` (a bare "acme.com" means https://acme.com/).

    `transport` replaces the network transport (then nothing is checked as it connects),
    `resolver` the host lookup of the private-address check, before each request and at
    each connection (tests); `executor` runs the HTML parsing (default: the loop's default
    executor). `on_page` is called on the event loop's thread with each page as it is
    done (read, skipped or failed), in the order they finish: the same records as the
    result's `pages` (which lists them best first). Raises a WebsiteError subclass when
    the site cannot be read (the pages heard of until then are in no result).
    """
    start = start_url(url)
    guard = AddressGuard(resolver)
    transport = transport or GuardedTransport(guard, max_connections=limits.parallel)
    async with _client(limits, transport) as client:
        site = _SiteRead(client, limits, guard, executor, on_page)
        return await site.read(start)


def _client(limits: ReadLimits, transport: httpx.AsyncBaseTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": limits.user_agent, "Accept": _ACCEPT},
        timeout=httpx.Timeout(limits.total_seconds),
        follow_redirects=False,  # followed by hand: every hop is checked
    )


class _SiteRead:
    """One read: its budget, its robots.txt rules, its findings."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        limits: ReadLimits,
        guard: AddressGuard,
        executor: Executor | None,
        on_page: PageListener | None = None,
    ) -> None:
        self._limits = limits
        self._guard = guard
        self._executor = executor
        self._budget = ReadBudget(limits)
        self._fetcher = Fetcher(client, self._budget, limits.max_redirects)
        self._robots = RobotsBook(self._fetch_robots, limits.user_agent)
        self._findings = Findings(limits.max_page_bytes, on_page)

    async def read(self, start: str) -> WebsiteRead:
        """The whole read; WebsiteError when the home page cannot be read."""
        try:
            async with asyncio.timeout_at(self._budget.deadline):
                home, analysis = await self._read_home(start)
        except TimeoutError:
            seconds = f"{self._limits.total_seconds:g}"
            raise WebsiteUnreachableError(
                host_of(start), f"it did not answer within {seconds} s"
            ) from None
        frontier = Frontier(home.url, max_candidates=2 * self._limits.max_requests)
        frontier.offer(analysis.links, depth=1)
        await self._read_pages(frontier)
        return self._result(home, analysis)

    async def _fetch_robots(self, robots_url: str) -> Fetched:
        return await self._fetcher.anything(robots_url, self._guard.check, ROBOTS_MAX_BYTES)

    async def _may_request(self, url: str) -> None:
        # The address first: robots.txt is not fetched from a host we may not reach.
        await self._guard.check(url)
        await self._robots.check(url)

    def _hop_check(self, first_url: str, frontier: Frontier) -> HopCheck:
        async def check(url: str) -> None:
            # A redirect to a page read (or queued) already costs no request.
            if page_key(url) != page_key(first_url) and frontier.knows(url):
                raise SamePageError(url)
            await self._may_request(url)

        return check

    async def _fetch_page(self, url: str, check: HopCheck) -> tuple[Fetched, PageAnalysis]:
        fetched = await self._fetcher.page(url, check, self._limits.max_page_bytes)
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(
            self._executor, analyse_page, fetched.body, fetched.charset, fetched.url
        )
        return fetched, analysis

    async def _read_home(self, start: str) -> tuple[Fetched, PageAnalysis]:
        fetched, analysis = await self._fetch_page(start, self._may_request)
        target = analysis.refresh_to
        if not analysis.text and target and page_key(target) != page_key(fetched.url):
            # A home page that only forwards the browser (to /en/, say) is followed once.
            fetched, analysis = await self._fetch_page(target, self._may_request)
        self._findings.add_page(HOME_ORDER, fetched, analysis)
        return fetched, analysis

    async def _read_pages(self, frontier: Frontier) -> None:
        """The chosen pages, `parallel` at a time, until none is left or a budget is spent."""
        running: dict[asyncio.Task[None], Candidate] = {}
        try:
            async with asyncio.timeout_at(self._budget.deadline):
                await self._run_frontier(frontier, running)
        except TimeoutError:
            self._budget.time_ran_out()
        finally:
            await self._stop(running)
        self._skip_unread(frontier)

    async def _run_frontier(
        self, frontier: Frontier, running: dict[asyncio.Task[None], Candidate]
    ) -> None:
        while True:
            while len(running) < self._limits.parallel and self._budget.requests_left:
                candidate = frontier.pop()
                if candidate is None:
                    break
                running[asyncio.create_task(self._read_page(candidate, frontier))] = candidate
            if not running:
                return
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                del running[task]
                task.result()  # a bug surfaces here; a page's own failure is a line

    async def _stop(self, running: dict[asyncio.Task[None], Candidate]) -> None:
        """Pages still in flight when the time ran out: stopped, and said so."""
        for task, candidate in running.items():
            if not task.done():
                task.cancel()
                self._findings.add_skip(candidate.priority, candidate.url, TIME_REASON)
        await asyncio.gather(*running, return_exceptions=True)

    def _skip_unread(self, frontier: Frontier) -> None:
        left = frontier.drain()
        if left and self._budget.stopped_by is None:
            self._budget.stopped_by = "requests"
        reason = TIME_REASON if self._budget.stopped_by == "time" else REQUESTS_REASON
        for candidate in left:
            self._findings.add_skip(candidate.priority, candidate.url, reason)

    async def _read_page(self, candidate: Candidate, frontier: Frontier) -> None:
        try:
            check = self._hop_check(candidate.url, frontier)
            fetched, analysis = await self._fetch_page(candidate.url, check)
        except WebsiteError as exc:
            self._findings.add_skip(candidate.priority, candidate.url, exc.reason, exc.status)
            return
        seen = self._findings.duplicate_of(fetched.url)
        if seen is not None:
            reason = f"the same page as {seen}"
            self._findings.add_skip(candidate.priority, fetched.url, reason, fetched.status)
            return
        frontier.mark_read(fetched.url)
        self._findings.add_page(candidate.priority, fetched, analysis)
        if candidate.depth < MAX_DEPTH:
            frontier.offer(analysis.links, depth=candidate.depth + 1)

    def _result(self, home: Fetched, analysis: PageAnalysis) -> WebsiteRead:
        if not self._findings.found_anything:
            if analysis.script_rendered:
                raise JavaScriptOnlyError(home.url)
            raise NoWebsiteTextError(home.url)
        warnings = self._findings.warnings
        warnings[:0] = self._robots.notes
        if analysis.script_rendered and not analysis.text:
            warnings.append(
                f"{home.url} renders only with JavaScript: its text could not be read"
                " (its structured data and the other pages were)."
            )
        if self._budget.stopped_by is not None:
            warnings.append(self._budget_warning())
        budget = self._budget
        return self._findings.result(home.url, budget.requests, budget.stopped_by)

    def _budget_warning(self) -> str:
        if self._budget.stopped_by == "time":
            return f"The read stopped at its time limit ({self._limits.total_seconds:g} s)."
        return f"The read stopped at its limit of {self._limits.max_requests} requests."
