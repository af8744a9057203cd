"""Merging a found profile into the recruiter's: empty fields filled, equal ones unchanged,
differing ones shown side by side, and saved only when accepted (with their sources)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from headhunter_desktop.core.domain.client_profile import ClientProfile, FieldSource
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.services.company_profiles import (
    CompanyProfileService,
    FieldConflict,
    FoundProfile,
)
from headhunter_desktop.core.storage.database import MainDatabase
from tests.fakes import FakeOpenAIServer
from tests.helpers.company_sites import ABOUT, CAREERS, HOME
from tests.helpers.gateway import RecordingSink, make_gateway
from tests.helpers.main_db import store_client

T = TypeVar("T")
JSON_LD = FieldSource(url=HOME, method="json-ld")
ABOUT_TEXT = FieldSource(url=ABOUT, method="page-text")
CAREERS_TEXT = FieldSource(url=CAREERS, method="page-text")
TYPED = FieldSource(url="", method="typed")

CURRENT = ClientProfile(
    name="Acme Ltd",
    website="https://acme.example",
    tagline="We build bridges",  # typed by the recruiter
    industry="  civil   ENGINEERING ",
    values=["craft", "Safety"],
    benefits=["Pension"],
    notes="Call Jane first.",
    sources={"tagline": TYPED},
)
FOUND = FoundProfile(
    values={
        "website": "https://www.acme.example/",
        "tagline": "Bridges that last",
        "description": "Acme designs bridges.",
        "industry": "Civil engineering",
        "founded_year": 1950,
        "values": ["Safety", "Craft"],
        "benefits": ["Pension", "Cycle scheme"],
    },
    sources={
        "website": FieldSource(url=HOME, method="typed"),
        "tagline": JSON_LD,
        "description": ABOUT_TEXT,
        "industry": ABOUT_TEXT,
        "founded_year": JSON_LD,
        "values": ABOUT_TEXT,
        "benefits": CAREERS_TEXT,
    },
)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def service(db: MainDatabase, fake_openai: FakeOpenAIServer) -> CompanyProfileService:
    return CompanyProfileService(db, make_gateway(fake_openai, RecordingSink()))


def test_empty_fields_fill_equal_ones_stay_and_differing_ones_conflict(
    service: CompanyProfileService,
) -> None:
    merge = service.merge(CURRENT, FOUND)
    assert merge.filled == {"description": "Acme designs bridges.", "founded_year": 1950}
    # Addresses without "www." or a slash, text ignoring case and spacing, lists as sets.
    assert merge.unchanged == ["website", "industry", "values"]
    assert merge.conflicts == [
        FieldConflict("tagline", "Tagline", "We build bridges", "Bridges that last", JSON_LD),
        FieldConflict(
            "benefits", "Benefits", ["Pension"], ["Pension", "Cycle scheme"], CAREERS_TEXT
        ),
    ]
    assert merge.conflict_fields == {"tagline", "benefits"}


def test_saving_keeps_what_was_not_accepted_and_stores_the_sources(
    service: CompanyProfileService, db: MainDatabase
) -> None:
    acme = store_client(db, "Acme Ltd")
    clients = ClientService(db)
    run(clients.save_profile(acme, CURRENT))
    merge = service.merge(run(clients.profile(acme)), FOUND)

    saved = run(service.save_merged(acme, merge, {"benefits"}))
    assert saved == run(clients.profile(acme))
    assert saved.tagline == "We build bridges" and saved.sources["tagline"] == TYPED  # kept
    assert (
        saved.benefits == ["Pension", "Cycle scheme"] and saved.sources["benefits"] == CAREERS_TEXT
    )
    assert (
        saved.description == "Acme designs bridges." and saved.sources["description"] == ABOUT_TEXT
    )
    assert (saved.founded_year, saved.sources["founded_year"]) == (1950, JSON_LD)
    assert saved.notes == "Call Jane first." and saved.website == "https://acme.example"
    assert "industry" not in saved.sources  # unchanged: still the recruiter's


def test_a_field_typed_after_the_merge_is_not_overwritten(
    service: CompanyProfileService, db: MainDatabase
) -> None:
    acme = store_client(db, "Acme Ltd")
    clients = ClientService(db)
    merge = service.merge(run(clients.profile(acme)), FOUND)
    assert "description" in merge.filled
    typed = ClientProfile(name="Acme Ltd", description="Typed meanwhile in another window.")
    run(clients.save_profile(acme, typed))

    saved = run(service.save_merged(acme, merge, set()))
    assert saved.description == "Typed meanwhile in another window."
    assert "description" not in saved.sources and saved.founded_year == 1950
    with pytest.raises(ValueError, match="not a field of this merge: fee_terms"):
        run(service.save_merged(acme, merge, {"fee_terms"}))


def test_accepting_every_conflict_takes_the_sites_values(
    service: CompanyProfileService, db: MainDatabase
) -> None:
    acme = store_client(db, "Acme Ltd")
    clients = ClientService(db)
    run(clients.save_profile(acme, CURRENT))
    merge = service.merge(run(clients.profile(acme)), FOUND)
    saved = run(service.save_merged(acme, merge, merge.conflict_fields))
    assert (saved.tagline, saved.sources["tagline"]) == ("Bridges that last", JSON_LD)
    assert service.merge(saved, FOUND).conflicts == []
