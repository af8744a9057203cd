"""ClientService.profile / save_profile on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from headhunter_desktop.core.domain.client_profile import (
    ClientContact,
    ClientProfile,
    FieldSource,
    FineTuning,
)
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.services.generation import load_client_profile
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import ClientCompany

T = TypeVar("T")

FULL = ClientProfile(
    name="ignored: renaming is its own step",
    website="https://acme.example/about",
    tagline="Bridges that last",
    description="Acme designs bridges.\nIt has since 1950.",
    industry="Civil engineering",
    headquarters="Leeds, UK",
    size_band="201-500",
    culture="Quiet, careful, curious.",
    values=["Safety", "Craft"],
    benefits=["Pension"],
    founded_year=1950,
    company_type="Private company",
    specialties=["Suspension bridges"],
    mission="Safe crossings.",
    vision="No river uncrossed.",
    products_and_services=["Bridge design", "Inspection"],
    target_market="Regional governments",
    departments=["Engineering"],
    social_links=["https://social.example/acme"],
    contacts=[ClientContact(name="Jane Roe", role="HR lead", email="jane@acme.example")],
    notes="Prefers calls on Mondays.",
    fee_terms="22% of the first year's salary",
    sources={
        "founded_year": FieldSource(url="https://acme.example/", method="json-ld"),
        "mission": FieldSource(url="https://acme.example/about", method="page-text"),
    },
    fine_tuning=FineTuning(
        tone="warm, direct",
        words_to_use=["engineers"],
        words_to_avoid=["rockstar", "ninja"],
        instructions="Use British spelling.",
    ),
)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def service(main_db: MainDatabase) -> ClientService:
    return ClientService(main_db)


@pytest.fixture
def acme(service: ClientService) -> int:
    return run(service.create("Acme Ltd")).id


def stored_row(db: MainDatabase, client_id: int) -> tuple[str | None, dict[str, Any] | None]:
    def read(session: Any) -> tuple[str | None, dict[str, Any] | None]:
        client = session.get(ClientCompany, client_id)
        return client.website, client.profile_json

    return db.run_sync(read)


def test_a_new_client_has_an_empty_profile_under_its_name(service: ClientService, acme: int):
    assert run(service.profile(acme)) == ClientProfile(name="Acme Ltd")


def test_a_saved_profile_reads_back_and_generations_see_it(
    service: ClientService, main_db: MainDatabase, acme: int
) -> None:
    saved = run(service.save_profile(acme, FULL))
    expected = FULL.model_copy(update={"name": "Acme Ltd"})
    assert saved == expected
    assert run(service.profile(acme)) == expected
    assert run(load_client_profile(main_db, acme)) == expected
    website, stored = stored_row(main_db, acme)
    assert website == "https://acme.example/about"
    assert stored is not None and "website" not in stored and "name" not in stored
    assert stored["fine_tuning"]["words_to_avoid"] == ["rockstar", "ninja"]
    assert stored["sources"]["founded_year"] == {
        "url": "https://acme.example/",
        "method": "json-ld",
    }
    assert stored["contacts"][0]["email"] == "jane@acme.example" and stored["founded_year"] == 1950


def test_text_is_trimmed_and_empty_list_items_dropped(service: ClientService, acme: int):
    messy = ClientProfile(
        name="Acme Ltd",
        tagline="  Bridges  ",
        values=[" Safety ", "", "  "],
        fine_tuning=FineTuning(tone=" warm ", words_to_avoid=["", " ninja "]),
    )
    saved = run(service.save_profile(acme, messy))
    assert (saved.tagline, saved.values) == ("Bridges", ["Safety"])
    assert (saved.fine_tuning.tone, saved.fine_tuning.words_to_avoid) == ("warm", ["ninja"])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("acme.example", "https://acme.example"),
        ("  http://acme.example/jobs?x=1 ", "http://acme.example/jobs?x=1"),
        ("https://müller.example", "https://müller.example"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_usable_websites_are_stored_cleaned(
    service: ClientService, acme: int, typed: str | None, stored: str | None
) -> None:
    run(service.save_profile(acme, FULL))
    saved = run(service.save_profile(acme, FULL.model_copy(update={"website": typed})))
    assert saved.website == stored
    assert run(service.profile(acme)).website == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("ftp://acme.example", "http:// or https://"),
        ("javascript:alert(1)", "not a web address"),
        ("acme", "not a web address"),
        ("https://acme example.com", "not a web address"),
        ("https://acme.example:99999/", "not a web address"),
        ("https://bob:s3cret@acme.example", "user name or password"),
        ("https://acme.example/" + "x" * 2048, "at most 2048"),
    ],
)
def test_unusable_websites_are_refused_and_nothing_changes(
    service: ClientService, acme: int, typed: str, why: str
) -> None:
    run(service.save_profile(acme, FULL))
    with pytest.raises(InvalidInputError, match=why) as caught:
        run(service.save_profile(acme, ClientProfile(name="Acme Ltd", website=typed)))
    assert "s3cret" not in str(caught.value)
    assert run(service.profile(acme)) == FULL.model_copy(update={"name": "Acme Ltd"})


def test_stored_keys_this_version_does_not_know_are_kept(
    service: ClientService, main_db: MainDatabase, acme: int
) -> None:
    """A later version's data (e.g. awards read from the site) survives an edit here."""

    def plant(session: Any) -> None:
        client = session.get(ClientCompany, acme)
        client.profile_json = {
            "awards": ["Bridge of the year"],
            "sources": {"awards": {"url": "https://acme.example/news", "method": "page-text"}},
            "website": "x",
        }

    main_db.run_sync(plant)
    run(service.save_profile(acme, ClientProfile(name="Acme Ltd", tagline="New")))
    _website, stored = stored_row(main_db, acme)
    assert stored is not None
    assert stored["awards"] == ["Bridge of the year"]
    assert stored["sources"] == {
        "awards": {"url": "https://acme.example/news", "method": "page-text"}
    }
    assert stored["tagline"] == "New" and "website" not in stored


def test_a_field_emptied_by_the_recruiter_loses_its_source(service: ClientService, acme: int):
    run(service.save_profile(acme, FULL))
    emptied = FULL.model_copy(update={"mission": "  ", "founded_year": None, "website": ""})
    saved = run(service.save_profile(acme, emptied))
    assert saved.sources == {}
    kept = FULL.model_copy(update={"founded_year": None})
    assert set(run(service.save_profile(acme, kept)).sources) == {"mission"}


def test_a_deleted_client_has_no_profile(service: ClientService, acme: int) -> None:
    run(service.delete(acme))
    with pytest.raises(NotFoundError):
        run(service.profile(acme))
    with pytest.raises(NotFoundError):
        run(service.save_profile(acme, FULL))
