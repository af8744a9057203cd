"""Job postings and clients to export, and the facts a JobPosting JSON-LD document states.

Built as domain objects, no database: `onsite_job()`, `remote_job()`, `hybrid_job()` are
complete postings (salary, type, dates, id); pass field changes to vary one thing.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobLocation,
    JobPosting,
    JobPostingDraft,
    RemotePolicy,
    SalaryPeriod,
    SalaryRange,
)

POSTED = date(2025, 3, 3)
VALID_THROUGH = date(2025, 4, 2)
UNIT_WORDS = {"HOUR": "per hour", "DAY": "per day", "WEEK": "per week", "MONTH": "per month",
              "YEAR": "per year"}  # fmt: skip


def sample_client(**changes: Any) -> ClientProfile:
    """A client with a website, a tagline and a description."""
    client = ClientProfile(
        name="Acme Robotics GmbH",
        website="https://acme-robotics.example",
        tagline="Robots that fold laundry",
        description="Acme builds household robots in **Berlin** since 2012.",
    )
    return ClientProfile.model_validate(dict(client) | changes)


def posting_fields(**changes: Any) -> JobPostingDraft:
    """Every field of a senior engineer's posting, filled."""
    fields = JobPostingDraft(
        title="Senior Backend Engineer",
        description="You build the services our robots talk to.\n\nYou own them end to end.",
        responsibilities=["Design the fleet API", "Run what you build"],
        qualifications=["5 years of Python", "PostgreSQL in production"],
        preferred_qualifications=["Experience with ROS"],
        skills_required=["Python", "PostgreSQL", "Kubernetes"],
        benefits=["30 days of holiday", "A robot of your own"],
        team_info="Six engineers and a product manager.",
        growth_opportunities="Lead the platform team within two years.",
        application_process="Send your CV; one call, one technical talk, one offer.",
        years_of_experience=5,
        salary_range=SalaryRange(min=70000, max=85000, currency="EUR", period=SalaryPeriod.YEAR),
        location=JobLocation(
            street_address="Friedrichstraße 68",
            postal_code="10117",
            locality="Berlin",
            region="Berlin",
            country="DE",
        ),
        employment_type=EmploymentType.FULL_TIME,
        remote_policy=RemotePolicy.ONSITE,
    )
    return JobPostingDraft.model_validate(dict(fields) | changes)  # validated, unlike model_copy


def job(fields: JobPostingDraft | None = None, **changes: Any) -> JobPosting:
    """A saved, open job (id 42) with its dates set."""
    posting = JobPosting(
        id=42,
        client_id=7,
        fields=fields or posting_fields(),
        date_posted=POSTED,
        valid_through=VALID_THROUGH,
        direct_apply=True,
    )
    return JobPosting.model_validate(dict(posting) | changes)


def onsite_job(**field_changes: Any) -> JobPosting:
    """A full on-site job in Berlin."""
    return job(posting_fields(**field_changes))


def remote_job(**field_changes: Any) -> JobPosting:
    """A fully remote job for people in Germany."""
    changes = {"remote_policy": RemotePolicy.REMOTE, "location": JobLocation(country="DE")}
    return job(posting_fields(**(changes | field_changes)))


def hybrid_job(**field_changes: Any) -> JobPosting:
    """A hybrid job: some days at the Munich office."""
    location = JobLocation(
        street_address="Leopoldstraße 10",
        postal_code="80802",
        locality="Munich",
        region="Bavaria",
        country="DE",
    )
    changes = {"remote_policy": RemotePolicy.HYBRID, "location": location}
    return job(posting_fields(**(changes | field_changes)))


def visible_text(markup: str) -> str:
    """What a reader sees of HTML or Markdown: tags and markers gone, entities decoded,
    spaces collapsed, thousands separators dropped ("70,000" reads as "70000")."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = re.sub(r"[*_#`]", "", text)
    text = re.sub(r"(?<=\d)[,\u202f](?=\d{3}\b)", "", text)
    return " ".join(text.split())


def job_facts(document: dict[str, Any]) -> list[str]:
    """Every fact about the job itself the document states, as a reader would find it."""
    facts = [document["datePosted"], document.get("validThrough")]
    address = document.get("jobLocation", {}).get("address", {})
    facts += [value for key, value in address.items() if not key.startswith("@")]
    if document.get("jobLocationType") == "TELECOMMUTE":
        facts += [
            "remote",
            *[area["name"] for area in _listed(document, "applicantLocationRequirements")],
        ]
    if "employmentType" in document:
        facts.append(EmploymentType(document["employmentType"]).label)
    facts += _salary_facts(document.get("baseSalary"))
    if "identifier" in document:
        facts.append(document["identifier"]["value"])
    return [str(fact) for fact in facts if fact is not None]


def all_facts(document: dict[str, Any]) -> list[str]:
    """`job_facts` plus the title and the hiring organisation's name and website."""
    organization = document["hiringOrganization"]
    extra = [document["title"], organization["name"], organization.get("sameAs")]
    return job_facts(document) + [fact for fact in extra if fact]


def _salary_facts(salary: dict[str, Any] | None) -> list[str]:
    if not salary:
        return []
    value = salary["value"]
    amounts = [str(value[key]) for key in ("value", "minValue", "maxValue") if key in value]
    return [salary["currency"], *amounts, UNIT_WORDS[value["unitText"]]]


def _listed(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = document.get(name, [])
    return value if isinstance(value, list) else [value]
