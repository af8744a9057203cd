"""`company read-website` end to end: a real process reads the local test website over
HTTP, the local fake OpenAI server reads its texts, and the profile is saved in the data
folder with a source per field, only empty fields filled unless --replace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from headhunter_desktop.core.domain.client_profile import ClientProfile, FieldSource
from headhunter_desktop.core.services.app_services import AppServices
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.fakes.website_pages import (
    ACME_FACTS,
    CAREERS_TEXT,
    COOKIE_BANNER_TEXTS,
    DISALLOWED,
    acme_site,
    js_only_home,
    page,
    unavailable,
)
from tests.fakes.website_server import WebsiteServer
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.websites import answered_after

# What the fake model answers: what the pages say, and values the JSON-LD states otherwise.
ANSWER = {
    "mission": "Robots that lift the heavy boxes so people don't have to.",
    "benefits": ["Thirty days of holiday", "A yearly learning budget", "A bike leasing scheme"],
    "industry": "Warehouse robotics",
    "founded_year": 1999,  # the JSON-LD says 1998: the fact wins
    "tagline": "Heavy lifting, done by robots",  # re-worded: the fact wins
    "vision": "",
    "culture": "",
}
TYPED = ClientProfile(
    name="Acme Robotics",
    industry="Logistics automation",  # the recruiter's: kept unless --replace
    notes="Prefers calls before noon.",
    fee_terms="20% of the first year's salary",
)


@pytest.fixture
def site() -> Iterator[WebsiteServer]:
    with WebsiteServer(acme_site()) as server:
        yield server


@pytest.fixture
def data(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Path:
    """A data folder with the client Acme Robotics and what the recruiter typed."""
    fake_openai_env.responder = schema_responder(ANSWER)
    folder = tmp_path / "data"

    async def add_acme(services: AppServices) -> None:
        acme = await services.clients.create("Acme Robotics")
        await services.clients.save_profile(acme.id, TYPED)

    run_on_data_folder(folder, add_acme)
    return folder


async def saved_and_billed(services: AppServices) -> tuple[ClientProfile, list[tuple[Any, int]]]:
    acme = await services.clients.named("Acme Robotics")
    rows = await services.usage.breakdown(services.usage.query(acme.uuid, None, None), "action")
    return await services.clients.profile(acme.id), [(row.action, row.calls) for row in rows]


def read(data: Path, url: str, *extra: str) -> Any:
    return run_cli(
        "company", "read-website", "--client", "acme robotics", url, *extra, data_dir=data
    )


def test_the_site_is_read_into_the_profile_with_a_source_per_field(
    data: Path, site: WebsiteServer, fake_openai_env: FakeOpenAIServer
) -> None:
    result = read(data, site.url("/"), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"client", "profile", "sources", "pages", "warnings"}
    profile, sources = doc["profile"], doc["sources"]
    assert doc["client"] == "Acme Robotics"
    # JSON-LD facts verbatim, whatever the model wrote.
    for field in ("tagline", "description", "founded_year", "size_band", "headquarters"):
        assert profile[field] == ACME_FACTS[field]
        assert sources[field] == {"url": site.url("/"), "method": "json-ld"}
    assert profile["social_links"] == ACME_FACTS["social_links"]
    # The model's values from the page that says them; what the site does not say is null.
    assert profile["benefits"] == ANSWER["benefits"]
    assert sources["benefits"] == {"url": site.url("/careers"), "method": "page-text"}
    assert profile["vision"] is None and profile["culture"] is None and "vision" not in sources
    # The recruiter's industry is kept, and the difference said.
    assert profile["industry"] == "Logistics automation" and "industry" not in sources
    assert any("industry" in w and "--replace" in w for w in doc["warnings"])
    pages = {page["url"]: page for page in doc["pages"]}
    assert pages[site.url("/careers")] == {
        "url": site.url("/careers"), "status": 200, "bytes": pages[site.url("/careers")]["bytes"],
        "used": True, "skipped_reason": None,
    }  # fmt: skip
    assert pages[site.url("/private/board")]["skipped_reason"] == "robots.txt disallows it"
    assert not [path for path in site.paths() if path.startswith(DISALLOWED)]
    assert "robots.txt disallows it" in result.stderr and "benefits: 3 items" in result.stderr

    [request] = fake_openai_env.chat_requests()
    prompt = (request.body or {})["messages"][1]["content"]
    assert CAREERS_TEXT in prompt and f"<page>\nURL: {site.url('/careers')}\n" in prompt
    for banner in COOKIE_BANNER_TEXTS:
        assert banner not in prompt
    assert "noon" not in prompt and "20%" not in prompt and "Logistics automation" not in prompt

    saved, billed = run_on_data_folder(data, saved_and_billed)
    assert billed == [("extract_company", 1)]
    assert saved.tagline == ACME_FACTS["tagline"] and saved.notes == TYPED.notes
    assert saved.sources["benefits"] == FieldSource(url=site.url("/careers"), method="page-text")
    assert saved.fee_terms == TYPED.fee_terms and saved.industry == "Logistics automation"


def test_each_page_is_said_on_stderr_as_it_is_done(data: Path) -> None:
    about = acme_site()["/about-us"]
    assert isinstance(about, str)
    with WebsiteServer(acme_site()) as slow_about:
        # About us is done after Careers: it waits for a page only Careers links to.
        slow_about.pages["/about-us"] = answered_after(
            slow_about, "/careers/robotics-engineer", about
        )
        result = read(data, slow_about.url("/"), "--json")
        careers, about_us = slow_about.url("/careers"), slow_about.url("/about-us")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    said = [line.split(" ")[1].rstrip(":") for line in lines if line.startswith("page ")]
    assert said.index(careers) < said.index(about_us)  # as they were done...
    listed = [page["url"] for page in json.loads(result.stdout)["pages"]]
    assert listed.index(about_us) < listed.index(careers)  # ...not as the result lists them
    assert sorted(said) == sorted(listed)
    first_other = next(i for i, line in enumerate(lines) if not line.startswith("page "))
    assert first_other == len(said)  # every page is said before the extraction's progress


def test_replace_takes_the_sites_values_and_the_summary_names_each_source(
    data: Path, site: WebsiteServer
) -> None:
    result = read(data, site.url("/"), "--replace")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Acme Robotics — profile read from {site.url('/')} (")
    assert f"Founded: 1998  [json-ld, {site.url('/')}]" in lines
    assert "Industry: Warehouse robotics  [page-text, " in result.stdout
    assert "was replaced by the site's" in result.stdout
    saved, _billed = run_on_data_folder(data, saved_and_billed)
    assert saved.industry == "Warehouse robotics" and saved.notes == TYPED.notes


def test_a_site_that_does_not_state_a_fact_leaves_it_empty(
    data: Path, fake_openai_env: FakeOpenAIServer
) -> None:
    """No structured data: the fake model invents a founding year, a size and a place
    (it fills every field); none of them is in the text, so none is saved."""
    fake_openai_env.responder = schema_responder({"founded_year": 1987})
    body = "<h1>Acme</h1><p>We build warehouse robots for mid-size warehouses.</p>"
    with WebsiteServer({"/": page("Acme", body)}) as plain:
        result = read(data, plain.url("/"), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for field in ("founded_year", "size_band", "headquarters"):
        assert doc["profile"][field] is None and field not in doc["sources"]
    assert any("“1987” is not stated" in warning for warning in doc["warnings"])
    saved, _billed = run_on_data_folder(data, saved_and_billed)
    assert saved.founded_year is None and saved.headquarters == ""


@pytest.mark.parametrize(
    ("home", "says"),
    [
        (js_only_home(), "renders only with JavaScript"),
        (unavailable(503), "HTTP 503"),
    ],
)
def test_nothing_read_is_one_line_and_exit_2_and_costs_nothing(
    data: Path, fake_openai_env: FakeOpenAIServer, home: Any, says: str
) -> None:
    with WebsiteServer({"/": home}) as broken:
        result = read(data, broken.url("/"), "--json")
    assert result.returncode == 2 and result.stdout == ""
    *progress, error = result.stderr.splitlines()
    assert error.startswith("error: ") and says in error
    # Before the one error line, only the pages tried, each said as it was done.
    assert all(line.startswith("page ") for line in progress)
    assert fake_openai_env.chat_requests() == []


def test_an_unknown_client_or_address_is_one_line(data: Path, site: WebsiteServer) -> None:
    unknown = run_cli("company", "read-website", "--client", "Nobody", site.url("/"), data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == "error: There is no client company named 'Nobody'.\n"
    bad = read(data, "ftp://acme.example")
    assert bad.returncode == 2 and "http:// or https://" in bad.stderr
    assert bad.stderr.count("\n") == 1 and site.paths() == []
