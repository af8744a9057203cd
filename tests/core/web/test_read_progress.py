"""A read's progress: `on_page` hears of every page as it is done — read, skipped for
robots.txt or the budget, failed, truncated — on the event loop's thread, in the order
the pages finish, with the very records the result lists (best first)."""

from __future__ import annotations

import threading
from collections import Counter

from headhunter_desktop.core.web import PageRecord, ReadLimits
from tests.fakes.website_pages import acme_site, oversized_page, unavailable
from tests.helpers.websites import answered_after, read_site


def test_each_page_is_heard_of_as_it_is_done_in_the_order_they_finish(serve) -> None:
    site = serve(acme_site())
    # About us is done only after Careers: the reader asks for a page Careers links to.
    about = acme_site()["/about-us"]
    assert isinstance(about, str)
    site.pages["/about-us"] = answered_after(site, "/careers/robotics-engineer", about)
    heard: list[PageRecord] = []
    threads: set[int] = set()

    def on_page(record: PageRecord) -> None:
        heard.append(record)
        threads.add(threading.get_ident())

    read = read_site(site.url("/"), on_page=on_page)

    assert threads == {threading.get_ident()}  # the thread asyncio.run ran the loop on
    assert len(heard) == len(read.pages)
    assert all(any(record is page for page in read.pages) for record in heard)
    heard_urls, listed_urls = [r.url for r in heard], [r.url for r in read.pages]
    assert heard_urls[0] == site.url("/")
    # Heard as they finished; listed best first.
    assert heard_urls.index(site.url("/careers")) < heard_urls.index(site.url("/about-us"))
    assert listed_urls.index(site.url("/about-us")) < listed_urls.index(site.url("/careers"))
    board = next(r for r in heard if r.url == site.url("/private/board"))
    assert board.skipped_reason == "robots.txt disallows it"


def test_failed_truncated_and_over_budget_pages_are_heard_of_too(serve) -> None:
    site = serve({**acme_site(), "/about-us": oversized_page(300_000), "/team": unavailable(503)})
    heard: list[PageRecord] = []

    read = read_site(
        site.url("/"),
        limits=ReadLimits(max_requests=5, max_page_bytes=50_000),
        on_page=heard.append,
    )

    assert Counter(heard) == Counter(read.pages)
    reasons = {record.url: record.skipped_reason for record in heard}
    assert reasons[site.url("/about-us")] == "truncated at 50 KB"
    assert reasons[site.url("/team")] == "HTTP 503"
    assert "request budget reached" in reasons.values()
