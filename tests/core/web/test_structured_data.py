"""JSON-LD and OpenGraph facts: found wherever sites put them, taken as written."""

from __future__ import annotations

import json
from typing import Any

import lxml.html
import pytest

from headhunter_desktop.core.web.structured_data import json_ld_facts, opengraph_facts

URL = "https://acme.example/"


def _tree(*blocks: Any, head: str = "") -> lxml.html.HtmlElement:
    scripts = "".join(
        f'<script type="application/ld+json">{b if isinstance(b, str) else json.dumps(b)}</script>'
        for b in blocks
    )
    return lxml.html.document_fromstring(f"<html><head>{scripts}{head}</head><body></body></html>")


def _values(*blocks: Any) -> dict[str, Any]:
    return {name: fact.value for name, fact in json_ld_facts(_tree(*blocks), URL).items()}


def test_an_organization_inside_a_graph_is_found() -> None:
    graph = {
        "@graph": [{"@type": "WebPage", "name": "Home"}, {"@type": "Organization", "name": "Acme"}]
    }
    assert _values(graph) == {"name": "Acme"}


def test_an_array_of_blocks_and_a_list_of_types_are_read() -> None:
    block = [{"@type": "BreadcrumbList"}, {"@type": ["Thing", "LocalBusiness"], "name": "Acme"}]
    assert _values(block) == {"name": "Acme", "company_type": "LocalBusiness"}


@pytest.mark.parametrize(
    "kind", ["Corporation", "NGO", "EducationalOrganization", "EmploymentAgency"]
)
def test_subtypes_of_organization_count_and_name_the_company_type(kind: str) -> None:
    assert _values({"@type": kind, "name": "Acme"})["company_type"] == kind


def test_a_type_written_as_a_schema_url_counts() -> None:
    assert _values({"@type": "https://schema.org/Corporation", "name": "Acme"})["name"] == "Acme"


def test_the_publisher_of_a_web_page_is_the_company() -> None:
    page = {"@type": "WebPage", "publisher": {"@type": "Organization", "name": "Acme"}}
    assert _values(page) == {"name": "Acme"}


def test_a_parent_organization_is_not_the_company() -> None:
    parent = {"@type": "Organization", "name": "Holding"}
    block = {
        "@type": "WebPage",
        "author": {"@type": "Person", "name": "Jo"},
        "about": {"@type": "Thing", "parentOrganization": parent},
    }
    assert _values(block) == {}


def test_every_mapped_property_is_taken_as_written() -> None:
    org = {
        "@type": "Corporation",
        "name": "  Acme &amp; Sons  ",
        "url": "/",
        "slogan": "We lift.",
        "description": "Robots\nfor warehouses.",
        "foundingDate": "1998-04-01",
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": 120},
        "address": {
            "addressLocality": "Lyon",
            "addressCountry": {"@type": "Country", "name": "France"},
        },
        "sameAs": "https://www.linkedin.com/company/acme",
        "knowsAbout": ["robots", {"@type": "Thing", "name": "logistics"}],
        "industry": "Machinery",
    }
    assert _values(org) == {
        "name": "Acme & Sons",
        "website": URL,
        "tagline": "We lift.",
        "description": "Robots\nfor warehouses.",
        "founded_year": 1998,
        "size_band": "120",
        "headquarters": "Lyon, France",
        "company_type": "Corporation",
        "specialties": ["robots", "logistics"],
        "industry": "Machinery",
        "social_links": ["https://www.linkedin.com/company/acme"],
    }


@pytest.mark.parametrize(
    ("employees", "band"),
    [
        (250, "250"),
        ("1,000+", "1,000+"),
        ({"minValue": 11, "maxValue": 50}, "11-50"),
        ({"minValue": 1000}, "1000+"),
        ({"maxValue": 10}, "up to 10"),
    ],
)
def test_the_number_of_employees_becomes_a_size_band(employees: Any, band: str) -> None:
    assert _values({"@type": "Organization", "numberOfEmployees": employees})["size_band"] == band


def test_an_address_as_text_or_under_location_is_the_headquarters() -> None:
    as_text = {"@type": "Organization", "address": "Hauptstr. 1, 10115 Berlin"}
    located = {"@type": "Organization", "location": {"address": {"addressLocality": "Oslo"}}}
    assert _values(as_text)["headquarters"] == "Hauptstr. 1, 10115 Berlin"
    assert _values(located)["headquarters"] == "Oslo"


def test_a_broken_block_is_skipped_and_the_others_read() -> None:
    assert _values("{not json", {"@type": "NGO", "name": "Aid"}) == {
        "name": "Aid",
        "company_type": "NGO",
    }


def test_the_organization_of_the_site_itself_is_preferred() -> None:
    partner = {"@type": "Organization", "name": "Partner", "url": "https://partner.example/"}
    own = {"@type": "Organization", "name": "Acme", "url": "https://acme.example/"}
    assert _values(partner, own)["name"] == "Acme"


def test_social_links_that_are_no_web_addresses_are_left_out() -> None:
    org = {"@type": "Organization", "sameAs": ["https://x.example/acme", "acme on mastodon"]}
    assert _values(org)["social_links"] == ["https://x.example/acme"]


def test_facts_name_their_page_and_method() -> None:
    fact = json_ld_facts(_tree({"@type": "Organization", "name": "Acme"}), URL)["name"]
    assert (fact.url, fact.method) == (URL, "json-ld")


def test_opengraph_gives_the_name_and_the_description() -> None:
    head = (
        '<meta property="og:site_name" content="Acme">'
        '<meta property="og:description" content="We make robots &amp; arms.">'
        '<meta property="og:title" content="Home">'
    )
    facts = opengraph_facts(_tree(head=head), URL)
    assert {name: (f.value, f.method) for name, f in facts.items()} == {
        "name": ("Acme", "opengraph"),
        "description": ("We make robots & arms.", "opengraph"),
    }
