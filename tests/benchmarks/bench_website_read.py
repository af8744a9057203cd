"""Reading a company's website: wall time from URL to pages read (and, with --profile, to a
filled and saved profile), the requests it took, and robots.txt obeyed in the request log.

Run: `.venv/bin/python tests/benchmarks/bench_website_read.py [--delay 0.3] [--rounds 3]
[--profile] [--llm-latency 0.3]`

The site is the local test site (tests/fakes/website_server.py) serving Acme Robotics
(tests/fakes/website_pages.py: a JSON-LD home page, about, careers, team and contact pages,
cookie banners, a robots.txt with two disallowed paths that the site links to anyway) plus
two crawl traps (an endless pagination under /careers, an endless calendar under /company),
every response --delay seconds late (0.3 s as the issue asks). Each round reads it with the
app's reader (`core.web.read_website`, default limits: 20 requests, 15 s, 4 in parallel),
then, as the baseline of the same run, with one request at a time (parallel=1).

The request log is checked against the site's robots.txt with Protego, independently of
the reader: robots.txt must be the first request and no request may be disallowed.

--profile times URL -> profile saved through the app's own services
(`AppServices.company_profiles`: read_website, find (one streamed extraction call), merge,
save_merged) against the local fake OpenAI server, each reply --llm-latency seconds late.
Targets: <= 15 s wall, <= 20 requests, 0 robots.txt violations.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from protego import Protego

from headhunter_desktop.core.web import ReadLimits, WebsiteRead, read_website
from tests.fakes.website_pages import (
    ACME_ROBOTS,
    acme_site,
    endless_calendar,
    endless_pagination,
    home_page,
)
from tests.fakes.website_server import Route, WebsiteServer

TARGET_SECONDS = 15.0
TARGET_REQUESTS = 20


def bench_site() -> dict[str, Route]:
    """Acme's site, its home page linking into two crawl traps as well."""
    traps = '<a href="/careers/openings?page=1">All openings</a>'
    traps += '<a href="/company/events/2024/01">Company events</a>'
    return {
        **acme_site(),
        "/": home_page().replace("</h1>", "</h1>" + traps),
        "/careers/openings": endless_pagination("/careers/openings"),
        "/company/events/*": endless_calendar("/company/events"),
    }


@dataclass(frozen=True)
class Round:
    """One read: its wall time, what it read, and what the server saw."""

    seconds: float
    read: WebsiteRead
    paths: list[str]
    violations: list[str]  # requests robots.txt disallows
    robots_first: bool


def robots_violations(paths: list[str], base_url: str, user_agent: str) -> list[str]:
    """The requested paths that the site's robots.txt disallows for `user_agent`."""
    rules = Protego.parse(ACME_ROBOTS)
    return [p for p in paths if not rules.can_fetch(base_url + p.lstrip("/"), user_agent)]


def read_round(delay: float, limits: ReadLimits) -> Round:
    """One read of a fresh server's site, timed from the call to the result."""
    with WebsiteServer(bench_site(), delay=delay) as site:
        started = time.perf_counter()
        read = asyncio.run(read_website(site.url("/"), limits=limits))
        seconds = time.perf_counter() - started
        paths = site.paths()
        agents = {hit.user_agent for hit in site.hits}
        base_url = site.url("/")
    (agent,) = agents
    violations = robots_violations(paths, base_url, agent)
    return Round(seconds, read, paths, violations, paths[:1] == ["/robots.txt"])


def describe(label: str, rounds: list[Round]) -> None:
    """A line per round and the median, for one configuration."""
    for number, r in enumerate(rounds, 1):
        used = sum(page.used for page in r.read.pages)
        skipped = [page.skipped_reason for page in r.read.pages if page.skipped_reason]
        print(
            f"  {label} round {number}: {r.seconds:6.2f} s, {r.read.requests} requests"
            f" (server saw {len(r.paths)}), {used} pages used, {len(r.read.texts)} texts,"
            f" {len(r.read.facts)} JSON-LD/OG facts, skipped {len(skipped)}"
            f", stopped by {r.read.stopped_by or 'nothing (all chosen pages read)'}"
        )
    median = statistics.median(r.seconds for r in rounds)
    print(f"  {label} median: {median:.2f} s")


def report_robots(rounds: list[Round]) -> None:
    violations = sum(len(r.violations) for r in rounds)
    first = all(r.robots_first for r in rounds)
    skipped = {
        page.url.split("/", 3)[-1]
        for r in rounds
        for page in r.read.pages
        if page.skipped_reason == "robots.txt disallows it"
    }
    print(
        f"robots.txt: first request in every round: {first}; disallowed requests: {violations}"
        f" (target 0); disallowed pages skipped and listed: {sorted(skipped)}"
    )


def report_requests(rounds: list[Round]) -> None:
    most = max(len(r.paths) for r in rounds)
    traps = max(
        sum(p.startswith(("/careers/openings", "/company/events")) for p in r.paths) for r in rounds
    )
    print(
        f"requests: at most {most} per read (target <= {TARGET_REQUESTS});"
        f" into the two crawl traps: at most {traps}"
    )


async def profile_round(url: str, data: Path) -> tuple[float, float, int]:
    """URL -> profile saved through AppServices: (total s, reading s, fields filled)."""
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config

    services = AppServices.open(
        resolve_config(Settings(), data_dir_flag=str(data)), SettingsStore()
    )
    try:
        client = await services.clients.create(f"Acme {time.monotonic_ns()}")
        profiles = services.company_profiles
        started = time.perf_counter()
        reading = await profiles.read_website(url)
        read_at = time.perf_counter()
        found = await profiles.find(client.id, reading)
        merge = profiles.merge(await services.clients.profile(client.id), found)
        await profiles.save_merged(client.id, merge, merge.conflict_fields)
        done = time.perf_counter()
    finally:
        await services.aclose()
    return done - started, read_at - started, len(merge.filled)


def run_profiles(args: argparse.Namespace) -> None:
    try:
        from headhunter_desktop.core.services.company_profiles import (  # noqa: F401
            CompanyProfileService,
        )
    except ImportError:
        print("profile: CompanyProfileService is not in this tree; URL -> profile not timed")
        return
    from tests.fakes import FakeOpenAIServer
    from tests.fakes.generation_responder import schema_responder

    root = Path(tempfile.mkdtemp(prefix="bench-website-"))
    _isolate(root)
    with FakeOpenAIServer(latency=args.llm_latency) as llm:
        llm.responder = schema_responder({"founded_year": 1998})
        os.environ["OPENAI_API_KEY"] = "sk-test-fake"
        os.environ["OPENAI_BASE_URL"] = llm.base_url
        for number in range(1, args.rounds + 1):
            with WebsiteServer(bench_site(), delay=args.delay) as site:
                total, reading, filled = asyncio.run(profile_round(site.url("/"), root / "data"))
            print(
                f"  profile round {number}: URL -> saved profile {total:6.2f} s"
                f" (target <= {TARGET_SECONDS:g}): reading {reading:.2f} s, extraction and"
                f" save {total - reading:.2f} s (model latency {args.llm_latency:g} s);"
                f" {filled} fields filled"
            )


def _isolate(root: Path) -> None:
    """Settings, data and keyring of the benchmark in `root`, never the user's."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        (root / name).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(root / name)
    os.environ["HEADHUNTER_CONFIG_DIR"] = str(root / "config")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds per response")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also time URL -> profile")
    parser.add_argument("--llm-latency", type=float, default=0.3)
    args = parser.parse_args()

    import trafilatura  # noqa: F401 - its first import (~0.5 s) is start-up, not a read

    print(f"site: Acme + two crawl traps, {args.delay:g} s per response, {args.rounds} rounds")
    main_rounds = [read_round(args.delay, ReadLimits()) for _ in range(args.rounds)]
    baseline = [read_round(args.delay, ReadLimits(parallel=1)) for _ in range(args.rounds)]
    print(f"URL -> pages read, reader's defaults ({ReadLimits().parallel} in parallel):")
    describe("parallel", main_rounds)
    print("baseline in the same run, one request at a time (parallel=1):")
    describe("sequential", baseline)
    report_requests(main_rounds + baseline)
    report_robots(main_rounds + baseline)
    if args.profile:
        print("URL -> filled profile (AppServices.company_profiles, fake OpenAI server):")
        run_profiles(args)
    load = f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"machine: {os.cpu_count()} CPUs, {load}")


if __name__ == "__main__":
    main()
