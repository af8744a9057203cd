"""Addresses: what the user typed, normalised links, public or private hosts, charsets,
and what a robots.txt answer means."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from headhunter_desktop.core.web import PrivateAddressError, WebsiteUnreachableError
from headhunter_desktop.core.web.address_guard import AddressGuard, is_public
from headhunter_desktop.core.web.fetcher import Fetched
from headhunter_desktop.core.web.html_document import decode_html
from headhunter_desktop.core.web.robots import rules_from
from headhunter_desktop.core.web.urls import normalise, same_site, start_url
from tests.helpers.websites import PUBLIC_ADDRESS


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("acme.example", "https://acme.example/"),
        ("  https://ACME.example  ", "https://acme.example/"),
        ("acme.example:8080/about", "https://acme.example:8080/about"),
        ("http://acme.example:80/a?utm_source=x&b=2#top", "http://acme.example/a?b=2"),
        ("//acme.example/jobs", "https://acme.example/jobs"),
    ],
)
def test_what_the_user_types_becomes_an_address(typed: str, url: str) -> None:
    assert start_url(typed) == url


def test_normalising_sorts_the_query_and_drops_tracking() -> None:
    assert normalise("https://a.example//x?b=1&a=2&fbclid=z") == "https://a.example/x?a=2&b=1"
    assert normalise("https://a.example/x?sid=1", strip_tracking=False) == (
        "https://a.example/x?sid=1"
    )
    assert normalise("mailto:hi@a.example") is None


def test_same_site_is_the_host_its_www_and_its_subdomains() -> None:
    assert same_site("https://acme.example/a", "https://www.acme.example/")
    assert same_site("https://jobs.acme.example/", "https://acme.example/")
    assert not same_site("https://notacme.example/", "https://acme.example/")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.1.1", False),
        ("172.16.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("100.64.0.1", False),  # carrier-grade NAT
    ],
)
def test_public_addresses_are_told_from_private_ones(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def _resolver(table: dict[str, str]):
    async def resolve(host: str, port: int) -> list:
        return [ipaddress.ip_address(table[host])] if host in table else []

    return resolve


def test_after_a_public_start_a_private_host_is_refused() -> None:
    guard = AddressGuard(_resolver({"acme.example": str(PUBLIC_ADDRESS), "intranet": "10.0.0.5"}))

    async def check() -> None:
        await guard.check("https://acme.example/")
        await guard.check("https://acme.example/about")
        await guard.check("http://intranet/admin")

    with pytest.raises(PrivateAddressError, match="intranet"):
        asyncio.run(check())


def test_after_a_private_start_private_hosts_are_allowed() -> None:
    guard = AddressGuard(_resolver({"wiki": "10.0.0.4", "intranet": "10.0.0.5"}))

    async def check() -> None:
        await guard.check("http://wiki/")
        await guard.check("http://intranet/")

    asyncio.run(check())


def test_a_host_with_no_address_is_unreachable() -> None:
    guard = AddressGuard(_resolver({}))

    with pytest.raises(WebsiteUnreachableError, match="does not resolve"):
        asyncio.run(guard.check("https://nowhere.example/"))


@pytest.mark.parametrize(
    ("body", "header", "text"),
    [
        ("Über uns".encode(), None, "Über uns"),
        ("Über uns".encode("cp1252"), None, "Über uns"),
        (
            '<meta charset="iso-8859-1">Über'.encode("latin-1"),
            None,
            '<meta charset="iso-8859-1">Über',
        ),
        ("Über".encode("latin-1"), "iso-8859-1", "Über"),
        ("Über".encode(), "no-such-charset", "Über"),
    ],
)
def test_pages_are_decoded_by_the_charset_they_name(body: bytes, header, text: str) -> None:
    assert decode_html(body, header) == text


def _answer(status: int, body: str = "") -> Fetched:
    return Fetched("https://a.example/robots.txt", status, "text/plain", None, body.encode(), False)


def test_robots_answers_mean_what_rfc_9309_says() -> None:
    agent = "HeadhunterDesktop/1.0"
    url = "https://a.example/team"
    assert (
        rules_from("r", _answer(200, "User-agent: *\nDisallow: /team")).allows(url, agent) is False
    )
    assert rules_from("r", _answer(404)).allows(url, agent) is True
    assert rules_from("r", _answer(403)).allows(url, agent) is True
    assert rules_from("r", _answer(503)).allows(url, agent) is False
    assert "RFC 9309" in rules_from("r", _answer(500)).note
