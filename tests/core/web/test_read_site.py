"""Reading a whole site over real HTTP: facts, pages, texts, robots.txt, the User-Agent."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

from headhunter_desktop.core.web import USER_AGENT, ReadLimits, read_website
from tests.fakes.website_pages import (
    ABOUT_TEXT,
    ACME_FACTS,
    CAREERS_TEXT,
    CONTACT_TEXT,
    COOKIE_BANNER_TEXTS,
    DISALLOWED,
    OG_DESCRIPTION,
    OG_SITE_NAME,
    TEAM_TEXT,
    acme_site,
    home_page,
    page,
    redirect,
)
from tests.fakes.website_server import Reply, WebsiteServer
from tests.helpers.websites import read_site


def test_json_ld_facts_are_returned_verbatim(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    assert {name: fact.value for name, fact in read.facts.items()} == ACME_FACTS
    assert {fact.method for fact in read.facts.values()} == {"json-ld"}
    assert {fact.url for fact in read.facts.values()} == {acme.url("/")}


def test_opengraph_fills_only_what_json_ld_leaves_empty(serve) -> None:
    home = home_page().replace('"description"', '"about"')  # JSON-LD without a description
    site = serve({**acme_site(), "/": home})

    facts = read_site(site.url("/")).facts

    assert facts["description"].value == OG_DESCRIPTION
    assert facts["description"].method == "opengraph"
    assert facts["name"].value == ACME_FACTS["name"]  # JSON-LD's, not og:site_name
    assert facts["name"].method == "json-ld"


def test_without_json_ld_opengraph_names_the_company(serve) -> None:
    head = f'<meta property="og:site_name" content="{OG_SITE_NAME}">'
    site = serve({"/": page("Home", "<h1>Hello</h1><p>We make robots.</p>", head=head)})

    facts = read_site(site.url("/")).facts

    assert {name: (f.value, f.method) for name, f in facts.items()} == {
        "name": (OG_SITE_NAME, "opengraph")
    }


def test_the_home_page_then_its_likely_pages_are_read(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    assert read.url == acme.url("/")
    assert read.texts[0].url == acme.url("/")
    used = {record.url for record in read.pages if record.used}
    for path in ("/", "/about-us", "/careers", "/team", "/contact"):
        assert acme.url(path) in used
    text = "\n".join(page.text for page in read.texts)
    for said in (ABOUT_TEXT, CAREERS_TEXT, TEAM_TEXT, CONTACT_TEXT):
        assert said in text
    about = next(page for page in read.texts if page.url == acme.url("/about-us"))
    assert about.title == "About Acme"


def test_navigation_and_footer_stay_out_of_the_texts(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    for page_text in read.texts:
        assert "Board room" not in page_text.text
        assert "© 2024" not in page_text.text


def test_no_disallowed_path_is_ever_requested(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    paths = acme.paths()
    assert paths[0] == "/robots.txt"
    assert [p for p in paths if p.startswith(DISALLOWED)] == []
    skipped = {r.url: r.skipped_reason for r in read.pages if r.skipped_reason}
    assert skipped[acme.url("/private/board")] == "robots.txt disallows it"
    assert skipped[acme.url("/careers/internal/salaries")] == "robots.txt disallows it"


def test_robots_rules_for_this_app_by_name_are_obeyed(serve) -> None:
    robots = "User-agent: HeadhunterDesktop\nDisallow: /team\n\nUser-agent: *\nAllow: /\n"
    site = serve({**acme_site(), "/robots.txt": robots})

    read = read_site(site.url("/"))

    assert "/team" not in site.paths()
    assert any(r.url == site.url("/team") and r.skipped_reason for r in read.pages)


def test_every_request_names_the_app(acme: WebsiteServer) -> None:
    read_site(acme.url("/"))

    assert {hit.user_agent for hit in acme.hits} == {USER_AGENT}
    assert USER_AGENT.startswith("HeadhunterDesktop/")


def test_no_cookie_banner_text_reaches_the_page_texts(acme: WebsiteServer) -> None:
    served = acme.reply_for("/about-us").encoded().decode()
    assert all(text in served for text in COOKIE_BANNER_TEXTS)  # the banners are there

    read = read_site(acme.url("/"))

    assert len(read.texts) >= 5
    for page_text in read.texts:
        for banner_text in COOKIE_BANNER_TEXTS:
            assert banner_text not in page_text.text
        assert "Accept all" not in page_text.text


def test_other_sites_and_mail_links_are_not_followed(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    assert all(r.url.startswith(acme.url("/")) for r in read.pages)


def test_the_count_of_requests_is_the_servers(acme: WebsiteServer) -> None:
    read = read_site(acme.url("/"))

    assert read.requests == len(acme.hits)
    assert read.stopped_by is None
    assert read.warnings == []


def test_pages_are_read_a_few_at_a_time(serve) -> None:
    parallel = serve(acme_site(), delay=0.2)
    one_by_one = serve(acme_site(), delay=0.2)

    read_site(parallel.url("/"), limits=ReadLimits(parallel=4))
    read_site(one_by_one.url("/"), limits=ReadLimits(parallel=1))

    assert parallel.max_in_flight > 1
    assert one_by_one.max_in_flight == 1


def test_a_redirect_to_a_page_read_anyway_costs_no_request(serve) -> None:
    home = home_page().replace("</h1>", '</h1><a href="/company">Our company</a>')
    site = serve({**acme_site(), "/": home, "/company": redirect("/about-us")})

    read = read_site(site.url("/"))

    assert [t.url for t in read.texts].count(site.url("/about-us")) == 1
    assert site.paths().count("/about-us") == 1
    company = next(r for r in read.pages if r.url == site.url("/company"))
    assert company.skipped_reason == f"the same page as {site.url('/about-us')}"


class _ParsingThreads(ThreadPoolExecutor):
    """A real pool that notes which threads ran the reader's parsing."""

    def __init__(self) -> None:
        super().__init__(2, thread_name_prefix="page-parsing")
        self.threads: set[str] = set()

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        def noted():  # type: ignore[no-untyped-def]
            self.threads.add(threading.current_thread().name)
            return fn(*args, **kwargs)

        return super().submit(noted)


def test_pages_are_parsed_off_the_event_loop(acme: WebsiteServer) -> None:
    pool = _ParsingThreads()
    try:
        read = read_site(acme.url("/"), executor=pool)
    finally:
        pool.shutdown()

    assert read.texts
    assert pool.threads and all(name.startswith("page-parsing") for name in pool.threads)


def test_a_redirect_to_another_origin_reads_its_robots_txt_first(serve) -> None:
    site = serve({**acme_site(), "/start": ""})
    site.pages["/start"] = redirect(f"http://localhost:{site.port}/")

    read = read_site(site.url("/start"))

    assert read.url == f"http://localhost:{site.port}/"
    assert site.paths()[:4] == ["/robots.txt", "/start", "/robots.txt", "/"]
    assert not [path for path in site.paths() if path.startswith(DISALLOWED)]


def test_a_robots_txt_that_cannot_be_read_allows_all_and_says_so(serve) -> None:
    site = serve({**acme_site(), "/robots.txt": redirect("/robots.txt?again")})
    site.pages["/robots.txt?again"] = redirect("/robots.txt")

    read = read_site(site.url("/"))

    assert any(record.url == site.url("/about-us") and record.used for record in read.pages)
    assert any("robots.txt could not be read (redirects in a loop)" in w for w in read.warnings)


def test_a_cancelled_read_leaves_nothing_running(serve) -> None:
    slow_pages = {path: Reply(route, delay=30) for path, route in acme_site().items()}
    site = serve({**slow_pages, "/robots.txt": "", "/": home_page()})

    async def cancel_midway() -> set[asyncio.Task]:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(read_website(site.url("/")), timeout=2)
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(cancel_midway()) == set()
    assert "/about-us" in site.paths()  # it was cancelled while pages were in flight


def test_a_home_page_that_only_forwards_the_browser_is_followed(serve) -> None:
    forward = '<html><head><meta http-equiv="refresh" content="0; URL=\'/en/\'"></head></html>'
    site = serve({**acme_site(), "/": forward, "/en/": home_page()})

    read = read_site(site.url("/"))

    assert read.url == site.url("/en/")
    assert read.facts["name"].value == ACME_FACTS["name"]


def test_a_redirect_that_adds_a_slash_is_followed_not_taken_for_a_loop(serve) -> None:
    site = serve({**acme_site(), "/team": redirect("/team/"), "/team/": acme_site()["/team"]})

    read = read_site(site.url("/"))

    team = next(record for record in read.pages if record.url == site.url("/team/"))
    assert (team.used, team.skipped_reason) == (True, None)
    assert TEAM_TEXT in "\n".join(text.text for text in read.texts)
