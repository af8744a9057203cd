"""What cannot be read says why: an error naming the cause for the home page, a line with
its reason for any other page."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.web import (
    InvalidWebsiteUrlError,
    JavaScriptOnlyError,
    NotHtmlError,
    NoWebsiteTextError,
    PrivateAddressError,
    ReadLimits,
    RedirectError,
    RobotsDisallowedError,
    WebsiteError,
    WebsiteHttpError,
    WebsiteUnreachableError,
)
from tests.fakes.website_pages import (
    acme_site,
    home_page,
    js_only_home,
    page,
    redirect,
    unavailable,
)
from tests.fakes.website_server import Reply
from tests.helpers.network import closed_port
from tests.helpers.websites import pretend_public, read_site

_PDF = Reply(b"%PDF-1.7\n" + b"0" * 5000, content_type="application/pdf")


def _record(read, url: str):
    return next(record for record in read.pages if record.url == url)


def test_a_redirect_loop_on_the_home_page_is_an_error(serve) -> None:
    site = serve({"/": redirect("/a"), "/a": redirect("/b"), "/b": redirect("/")})

    with pytest.raises(RedirectError) as caught:
        read_site(site.url("/"))

    assert "redirects in a loop" in str(caught.value)
    assert caught.value.code == "bad_redirect"
    assert site.paths() == ["/robots.txt", "/", "/a", "/b"]


def test_a_redirect_loop_on_another_page_is_a_skipped_line(serve) -> None:
    site = serve({**acme_site(), "/team": redirect("/team2"), "/team2": redirect("/team")})

    read = read_site(site.url("/"))

    team = _record(read, site.url("/team"))
    assert (team.used, team.skipped_reason) == (False, "redirects in a loop")
    assert read.texts[0].url == site.url("/")


def test_redirects_are_followed_five_times_and_no_more(serve) -> None:
    chain = {f"/r{n}": redirect(f"/r{n + 1}") for n in range(10)}
    five = serve({**chain, "/": redirect("/r0"), "/r4": page("Home", "<p>Here at last.</p>")})
    six = serve({**chain, "/": redirect("/r0")})

    assert read_site(five.url("/")).url == five.url("/r4")
    with pytest.raises(RedirectError, match="redirects more than 5 times"):
        read_site(six.url("/"))
    assert len(six.paths()) == 1 + 6  # robots.txt, then the page and five redirects


def test_a_redirect_off_the_web_is_refused(serve) -> None:
    site = serve({"/": redirect("ftp://files.example/brochure.pdf")})

    with pytest.raises(RedirectError, match="not a web page"):
        read_site(site.url("/"))


def test_a_javascript_only_home_page_says_so(serve) -> None:
    site = serve({"/": js_only_home()})

    with pytest.raises(JavaScriptOnlyError) as caught:
        read_site(site.url("/"))

    assert "this site renders only with JavaScript: fill the profile by hand or paste its text" in (
        str(caught.value)
    )
    assert caught.value.code == "javascript_only"


def test_a_javascript_home_with_structured_data_still_gives_its_facts(serve) -> None:
    head = '<script type="application/ld+json">{"@type": "NGO", "name": "Shell Aid"}</script>'
    shell = js_only_home().encoded().decode().replace("</head>", head + "</head>")
    site = serve({"/": shell})

    read = read_site(site.url("/"))

    assert read.facts["name"].value == "Shell Aid"
    assert read.facts["company_type"].value == "NGO"
    assert any("renders only with JavaScript" in warning for warning in read.warnings)


def test_a_page_with_no_text_and_no_scripts_has_no_text(serve) -> None:
    site = serve({"/": "<html><body><div></div></body></html>"})

    with pytest.raises(NoWebsiteTextError):
        read_site(site.url("/"))


def test_a_503_home_page_names_the_status(serve) -> None:
    site = serve({"/": unavailable(503)})

    with pytest.raises(WebsiteHttpError) as caught:
        read_site(site.url("/"))

    assert caught.value.status == 503
    assert "HTTP 503" in str(caught.value)
    assert caught.value.code == "website_http_error"


def test_a_missing_page_is_a_line_with_its_status(serve) -> None:
    site = serve({**acme_site(), "/team": unavailable(404)})

    read = read_site(site.url("/"))

    team = _record(read, site.url("/team"))
    assert (team.status, team.used, team.skipped_reason) == (404, False, "HTTP 404")


def test_a_home_page_that_is_no_html_is_an_error(serve) -> None:
    site = serve({"/": _PDF})

    with pytest.raises(NotHtmlError) as caught:
        read_site(site.url("/"))

    assert "application/pdf" in str(caught.value)
    assert caught.value.code == "not_html"


def test_a_page_that_is_no_html_is_a_skipped_line(serve) -> None:
    site = serve({**acme_site(), "/contact": _PDF})

    read = read_site(site.url("/"))

    contact = _record(read, site.url("/contact"))
    assert contact.skipped_reason == "not HTML (application/pdf)"
    assert contact.bytes == 0  # the body is not downloaded


def test_a_server_that_is_down_is_unreachable() -> None:
    with pytest.raises(WebsiteUnreachableError) as caught:
        read_site(f"http://127.0.0.1:{closed_port()}/")

    assert "cannot be reached" in str(caught.value)
    assert "refused" in str(caught.value)


def test_a_name_that_does_not_resolve_is_unreachable() -> None:
    with pytest.raises(WebsiteUnreachableError, match="does not resolve"):
        read_site("https://no-such-host.invalid/")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "empty"),
        ("ftp://acme.example/", "not ftp"),
        ("https://", "no valid host"),
        ("http://acme.example:99999/", "no valid host or port"),
        ("http://acme example/", "no valid host"),
    ],
)
def test_an_address_that_is_none_is_invalid(typed: str, said: str) -> None:
    with pytest.raises(InvalidWebsiteUrlError, match=said):
        read_site(typed)


def test_a_password_in_the_address_is_refused_and_never_repeated() -> None:
    with pytest.raises(InvalidWebsiteUrlError) as caught:
        read_site("https://admin:hunter2@acme.example/")

    assert "hunter2" not in str(caught.value)


def test_robots_txt_disallowing_everything_stops_the_read(serve) -> None:
    site = serve({**acme_site(), "/robots.txt": Reply("User-agent: *\nDisallow: /\n")})

    with pytest.raises(RobotsDisallowedError) as caught:
        read_site(site.url("/"))

    assert "robots.txt does not allow reading" in str(caught.value)
    assert site.paths() == ["/robots.txt"]


def test_a_robots_txt_with_a_server_error_counts_as_disallow_all(serve) -> None:
    site = serve({**acme_site(), "/robots.txt": unavailable(503)})

    with pytest.raises(RobotsDisallowedError, match="server error"):
        read_site(site.url("/"))

    assert site.paths() == ["/robots.txt"]


def test_a_missing_robots_txt_allows_everything(serve) -> None:
    pages = {key: route for key, route in acme_site().items() if key != "/robots.txt"}
    site = serve(pages)

    read = read_site(site.url("/"))

    assert "/private/board" in site.paths()
    assert read.warnings == []


def test_a_redirect_from_a_public_site_to_a_private_address_is_refused(serve) -> None:
    site = serve({"/": "", "/robots.txt": ""})
    site.pages["/"] = redirect(f"http://localhost:{site.port}/admin")

    with pytest.raises(PrivateAddressError) as caught:
        read_site(site.url("/"), resolver=pretend_public("127.0.0.1"))

    assert "localhost" in str(caught.value)
    assert caught.value.code == "private_address"
    assert "/admin" not in site.paths()  # the private address was never asked


def test_a_page_redirecting_to_a_private_address_is_a_skipped_line(serve) -> None:
    site = serve(acme_site())
    site.pages["/team"] = redirect(f"http://localhost:{site.port}/team")

    read = read_site(site.url("/"), resolver=pretend_public("127.0.0.1"))

    team = _record(read, site.url("/team"))
    assert team.skipped_reason == "refused: localhost is a private address"
    assert site.paths().count("/team") == 1


def test_a_local_address_typed_by_the_user_may_redirect_locally(serve) -> None:
    site = serve({**acme_site(), "/start": ""})
    site.pages["/start"] = redirect(f"http://localhost:{site.port}/")

    read = read_site(site.url("/start"))

    assert read.url == f"http://localhost:{site.port}/"


def test_every_website_error_is_user_facing_with_a_reason() -> None:
    errors = [
        RedirectError("https://a.example/", "redirects in a loop"),
        WebsiteHttpError("https://a.example/", 500),
        WebsiteUnreachableError("a.example", "the connection was refused"),
        PrivateAddressError("10.0.0.1"),
    ]
    for error in errors:
        assert isinstance(error, WebsiteError)
        assert error.exit_code != 0 and error.code and error.reason


def test_a_read_under_tiny_limits_still_fails_cleanly(serve) -> None:
    site = serve(acme_site())

    with pytest.raises(WebsiteError, match="request budget reached"):
        read_site(site.url("/"), limits=ReadLimits(max_requests=1))
    assert site.paths() == ["/robots.txt"]
    assert home_page()  # the site was there to read
