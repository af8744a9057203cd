"""Which links the reader follows, in which order, and how traps are capped."""

from __future__ import annotations

import lxml.html
import pytest

from headhunter_desktop.core.web.link_scores import score_link
from headhunter_desktop.core.web.links import PER_PREFIX, PER_SHAPE, Frontier, Link, page_links

HOME = "https://acme.example/"


@pytest.mark.parametrize(
    ("url", "text", "category"),
    [
        ("https://acme.example/about", "", "about"),
        ("https://acme.example/de/ueber-uns", "Über uns", "about"),
        ("https://acme.example/fr/qui-sommes-nous", "Qui sommes-nous ?", "about"),
        ("https://acme.example/p/17", "À propos", "about"),
        ("https://acme.example/karriere", "Karriere", "careers"),
        ("https://acme.example/jobs", "Open positions", "careers"),
        ("https://acme.example/es/trabaja-con-nosotros", "", "careers"),
        ("https://acme.example/team", "Meet the team", "team"),
        ("https://acme.example/contact", "Contact us", "contact"),
        ("https://acme.example/impressum", "Impressum", "contact"),
        ("https://acme.example/what-we-do", "Our services", "services"),
    ],
)
def test_likely_pages_score_in_several_languages(url: str, text: str, category: str) -> None:
    score, found = score_link(url, text)
    assert score > 0
    assert found == category


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://acme.example/privacy", "About your privacy"),
        ("https://acme.example/about/brochure.pdf", "About us (PDF)"),
        ("https://acme.example/blog/2024/05/new-robot", "Read more"),
        ("https://acme.example/login", "Careers portal login"),
        ("https://acme.example/a/b/c/d/e/f/about", "About"),
    ],
)
def test_unlikely_pages_score_nothing(url: str, text: str) -> None:
    assert score_link(url, text) == (0, "")


def test_links_are_absolute_normalised_and_once_each() -> None:
    tree = lxml.html.document_fromstring(
        """<html><head><base href="https://acme.example/en/"></head><body>
        <a href="about#team">About</a><a href="about?utm_source=x">About us again</a>
        <a href="mailto:hi@acme.example">Mail</a><a href="javascript:void(0)">Menu</a>
        <a href="HTTPS://ACME.example:443/Careers">Careers</a><a href="tel:+49">Call</a>
        </body></html>"""
    )

    links = page_links(tree, HOME)

    assert links == [
        Link("https://acme.example/en/about", "About"),
        Link("https://acme.example/Careers", "Careers"),
    ]


def _urls(frontier: Frontier) -> list[str]:
    urls = []
    while (candidate := frontier.pop()) is not None:
        urls.append(candidate.url)
    return urls


def test_each_kind_of_page_gets_its_turn_before_seconds() -> None:
    frontier = Frontier(HOME, max_candidates=40)
    frontier.offer(
        [Link(HOME + "about", "About"), Link(HOME + "history", "Our history"),
         Link(HOME + "careers", "Careers"), Link(HOME + "team", "Team")],
        depth=1,
    )  # fmt: skip

    order = _urls(frontier)

    assert order[:3] == [HOME + "about", HOME + "careers", HOME + "team"]
    assert order[3] == HOME + "history"


def test_paginations_and_calendars_are_capped_by_shape() -> None:
    frontier = Frontier(HOME, max_candidates=100)
    frontier.offer([Link(f"{HOME}jobs?page={n}", "Jobs") for n in range(50)], depth=1)
    frontier.offer([Link(f"{HOME}company/events/2024/{m:02d}", "Company") for m in range(1, 13)], 1)

    urls = _urls(frontier)

    assert sum("jobs?page" in url for url in urls) == PER_SHAPE
    assert sum("/events/" in url for url in urls) == PER_SHAPE


def test_pages_under_one_path_are_capped() -> None:
    frontier = Frontier(HOME, max_candidates=100)
    frontier.offer([Link(f"{HOME}jobs/{name}", "Job") for name in "abcdefgh"], depth=1)

    assert len(_urls(frontier)) == PER_PREFIX


def test_other_sites_are_never_offered_but_subdomains_are() -> None:
    frontier = Frontier("https://www.acme.example/", max_candidates=10)
    links = [
        Link("https://careers.acme.example/", "Careers"),
        Link("https://jobs.other.example/acme", "Careers"),
        Link("https://acme.example.evil.example/about", "About"),
    ]
    frontier.offer(links, depth=1)

    assert _urls(frontier) == ["https://careers.acme.example/"]


def test_the_home_page_and_pages_read_are_not_offered_again() -> None:
    frontier = Frontier(HOME, max_candidates=10)
    frontier.mark_read(HOME + "about-us/")
    frontier.offer([Link(HOME, "About"), Link(HOME + "about-us", "About us")], depth=1)

    assert _urls(frontier) == []


def test_the_number_of_candidates_is_capped() -> None:
    frontier = Frontier(HOME, max_candidates=3)
    frontier.offer(
        [Link(f"{HOME}{kind}", kind) for kind in ("about", "team", "careers", "contact")], 1
    )

    assert len(_urls(frontier)) == 3
