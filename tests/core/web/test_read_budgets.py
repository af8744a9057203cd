"""The read's budgets hold: requests (counted on the server), time, bytes per page, and
crawl traps that would pull a naive crawler along forever."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.web import ReadLimits, WebsiteUnreachableError
from headhunter_desktop.core.web.links import PER_PREFIX, PER_SHAPE
from tests.fakes.website_pages import (
    ABOUT_TEXT,
    acme_site,
    endless_calendar,
    endless_pagination,
    home_page,
    oversized_page,
    page,
)
from tests.fakes.website_server import Reply
from tests.helpers.websites import read_site, requests_to

# Thirty pages a reader would like to read, each under a path of its own.
_NAMES = [f"{a}{b}" for a in ("alpha", "bravo", "charlie", "delta", "echo") for b in "uvwxyz"]


def _site_with_many_likely_pages() -> dict:
    links = "".join(f'<a href="/about-{name}">About us: {name}</a>' for name in _NAMES)
    pages = {
        f"/about-{name}": page(name, f"<h1>About {name}</h1><p>{ABOUT_TEXT}</p>", nav=False)
        for name in _NAMES
    }
    return {**pages, "/": page("Home", f"<h1>Home</h1><p>{ABOUT_TEXT}</p>{links}", nav=False)}


def test_the_default_limits_are_the_issues() -> None:
    limits = ReadLimits()
    assert (limits.max_requests, limits.total_seconds) == (20, 15.0)
    assert (limits.max_page_bytes, limits.max_redirects) == (2_000_000, 5)
    assert 1 < limits.parallel <= 8


def test_the_request_budget_holds_on_a_site_with_many_likely_pages(serve) -> None:
    site = serve(_site_with_many_likely_pages())

    read = read_site(site.url("/"), limits=ReadLimits(max_requests=6))

    assert len(site.hits) == read.requests == 6  # robots.txt, the home page, four pages
    assert read.stopped_by == "requests"
    assert sum(r.used for r in read.pages) == 5
    unread = [r for r in read.pages if r.skipped_reason == "request budget reached"]
    assert unread and all(r.status is None for r in unread)
    assert any("limit of 6 requests" in warning for warning in read.warnings)


def test_the_default_budget_of_twenty_requests_holds(serve) -> None:
    site = serve(_site_with_many_likely_pages())

    read = read_site(site.url("/"))

    assert len(site.hits) == read.requests == 20
    assert read.stopped_by == "requests"


def _trap_site() -> dict:
    home = home_page().replace(
        "</h1>",
        '</h1><a href="/careers/openings?page=1">All openings</a>'
        '<a href="/company/events/2024/01">Company events</a>'
        + "".join(f'<a href="/about-us?view={n}">About us</a>' for n in range(40)),
    )
    return {
        **acme_site(),
        "/": home,
        "/careers/openings": endless_pagination("/careers/openings"),
        "/company/events/*": endless_calendar("/company/events"),
    }


def test_crawl_traps_cannot_pull_the_read_along(serve) -> None:
    site = serve(_trap_site())

    read = read_site(site.url("/"))

    paths = site.paths()
    assert read.requests == len(paths) <= ReadLimits().max_requests
    assert len(requests_to(paths, "/careers/openings")) <= PER_SHAPE
    assert len(requests_to(paths, "/company/events/")) <= PER_SHAPE
    assert len(requests_to(paths, "/about-us")) <= PER_PREFIX
    assert len(requests_to(paths, "/careers")) <= PER_PREFIX
    assert read.stopped_by is None  # the traps were left, not the budget spent


def test_a_trap_under_a_small_budget_ends_at_the_budget(serve) -> None:
    site = serve(_trap_site())

    read = read_site(site.url("/"), limits=ReadLimits(max_requests=4))

    assert read.requests == len(site.hits) == 4
    assert read.stopped_by == "requests"


def test_a_slow_page_ends_at_the_time_budget_with_what_was_read(serve) -> None:
    slow = Reply(page("About", f"<p>{ABOUT_TEXT}</p>"), delay=30)
    site = serve({**acme_site(), "/about-us": slow})

    read = read_site(site.url("/"), limits=ReadLimits(total_seconds=4))

    assert read.stopped_by == "time"
    about = next(r for r in read.pages if r.url == site.url("/about-us"))
    assert (about.used, about.skipped_reason) == (False, "time budget reached")
    assert read.texts[0].url == site.url("/")  # the home page and the quick pages stay
    assert any("time limit (4 s)" in warning for warning in read.warnings)


def test_a_home_page_slower_than_the_whole_budget_is_unreachable(serve) -> None:
    site = serve({"/": Reply(page("Home", "<p>Hello</p>"), delay=30)})

    with pytest.raises(WebsiteUnreachableError) as caught:
        read_site(site.url("/"), limits=ReadLimits(total_seconds=1))

    assert "did not answer within 1 s" in str(caught.value)
    assert caught.value.code == "website_unreachable"


def test_an_oversized_page_is_read_up_to_the_limit_and_said(serve) -> None:
    site = serve({**acme_site(), "/about-us": oversized_page(300_000)})

    read = read_site(site.url("/"), limits=ReadLimits(max_page_bytes=50_000))

    about = next(r for r in read.pages if r.url == site.url("/about-us"))
    assert (about.used, about.bytes, about.skipped_reason) == (True, 50_000, "truncated at 50 KB")
    assert any(ABOUT_TEXT in text.text for text in read.texts)
    assert any("/about-us is longer than 50 KB" in warning for warning in read.warnings)


def test_an_oversized_home_page_is_read_and_said(serve) -> None:
    site = serve({"/": oversized_page(3_000_000)})

    read = read_site(site.url("/"))

    assert read.pages[0].bytes == 2_000_000
    assert read.pages[0].skipped_reason == "truncated at 2 MB"
    assert any("only its first 2 MB read" in warning for warning in read.warnings)
