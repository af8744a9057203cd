"""The client profile as a value: old stored profiles still load, and what other
generations are told of the client (never the agency's own contacts, notes, fee terms)."""

from __future__ import annotations

from headhunter_desktop.core.domain.client_profile import (
    FIELD_LABELS,
    PRIVATE_FIELDS,
    WEBSITE_FIELDS,
    ClientContact,
    ClientProfile,
    FieldSource,
    FineTuning,
)
from headhunter_desktop.core.domain.company_facts import CompanyFacts
from headhunter_desktop.core.services.generation import client_profile_text

# What the first version stored in `profile_json` (before the website reader existed).
OLD_STORED = {
    "tagline": "Bridges that last",
    "industry": "Civil engineering",
    "headquarters": "Leeds, UK",
    "size_band": "201-500",
    "values": ["Safety"],
    "benefits": ["Pension"],
    "fine_tuning": {"tone": "warm", "words_to_avoid": ["ninja"]},
}


def test_a_profile_stored_by_the_first_version_still_loads() -> None:
    profile = ClientProfile.model_validate({"name": "Acme Ltd", **OLD_STORED})
    assert (profile.tagline, profile.size_band, profile.values) == (
        "Bridges that last", "201-500", ["Safety"]
    )  # fmt: skip
    assert profile.fine_tuning == FineTuning(tone="warm", words_to_avoid=["ninja"])
    assert profile.founded_year is None and profile.contacts == [] and profile.sources == {}
    assert profile.specialties == [] and profile.notes == "" and profile.fee_terms == ""


def test_odd_stored_values_never_stop_a_profile_from_loading() -> None:
    """A later version's (or a hand-edited) JSON: unreadable sources and years are dropped."""
    stored = {
        "name": "Acme Ltd",
        "founded_year": "1950",
        "sources": {
            "tagline": "https://acme.example",  # an older idea of a source: a bare URL
            "industry": {"url": "https://acme.example/about", "method": "carrier-pigeon"},
            "founded_year": {"url": "https://acme.example/", "method": "json-ld"},
        },
        "awards": ["Bridge of the year"],
    }
    profile = ClientProfile.model_validate(stored)
    assert profile.founded_year == 1950
    assert profile.sources == {
        "founded_year": FieldSource(url="https://acme.example/", method="json-ld")
    }
    assert (
        ClientProfile.model_validate({"name": "A", "founded_year": "about 1950"}).founded_year
        is None
    )
    assert ClientProfile.model_validate({"name": "A", "sources": ["x"]}).sources == {}


def test_generations_see_the_company_but_never_the_agencys_own_fields() -> None:
    profile = ClientProfile(
        name="Acme Ltd",
        website="https://acme.example",
        description="Acme designs bridges.",
        founded_year=1950,
        company_type="Private company",
        specialties=["Suspension bridges", "Inspection"],
        mission="Safe crossings for everyone.",
        vision="No river uncrossed.",
        products_and_services=["Bridge design"],
        target_market="Regional governments",
        departments=["Engineering", "Surveying"],
        social_links=["https://social.example/acme"],
        contacts=[
            ClientContact(name="Jane Roe", role="HR", email="jane@acme.example", phone="+44 1")
        ],
        notes="Pays late; chase in week 3.",
        fee_terms="22% of first-year salary",
        sources={"founded_year": FieldSource(url="https://acme.example/", method="json-ld")},
    )
    text = client_profile_text(profile)
    assert text.startswith("Name: Acme Ltd\nWebsite: https://acme.example\n")
    for line in (
        "Company type: Private company", "Founded: 1950", "Description: Acme designs bridges.",
        "Mission: Safe crossings for everyone.", "Vision: No river uncrossed.",
        "Specialties: Suspension bridges, Inspection", "Products and services: Bridge design",
        "Target market: Regional governments", "Departments: Engineering, Surveying",
    ):  # fmt: skip
        assert f"\n{line}\n" in f"{text}\n"
    for private in ("Jane", "jane@acme.example", "+44 1", "Pays late", "22%", "json-ld", "social"):
        assert private not in text
    assert client_profile_text(ClientProfile(name="Beta")) == "Name: Beta"


def test_the_model_fills_only_what_a_website_can_state_and_may_leave_all_empty() -> None:
    fields = set(CompanyFacts.model_fields)
    assert not fields & {"contacts", "notes", "fee_terms", "fine_tuning", "sources", "name"}
    assert fields <= set(ClientProfile.model_fields)
    assert next(iter(CompanyFacts.model_fields)) == "description"  # the form fills text first
    empty = CompanyFacts()
    assert empty.founded_year is None and all(
        getattr(empty, name) in ("", []) for name in fields - {"founded_year"}
    )
    assert fields < set(WEBSITE_FIELDS) and not PRIVATE_FIELDS & set(WEBSITE_FIELDS)
    assert set(FIELD_LABELS) == set(ClientProfile.model_fields) - {"sources"}
    schema = CompanyFacts.model_json_schema()
    assert "required" not in schema  # "unknown" is always an answer the schema allows
