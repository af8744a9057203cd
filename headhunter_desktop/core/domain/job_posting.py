"""A job posting: what the LLM writes (`JobPostingDraft`) and what the agency keeps (`JobPosting`).

The draft's field order is the order the model writes them in, so the editors fill in the
order a recruiter reads: the description first, then the lists item by item, then the
facts. Every field may be empty: a job analysed from a short description leaves unsaid
things empty rather than inventing them (`suggested_fields` names what the model proposed
without the description saying it).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class EmploymentType(StrEnum):
    """Google's `employmentType` values the app offers (schema.org JobPosting)."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"

    @property
    def label(self) -> str:
        """What the editor shows."""
        return self.value.replace("_", "-").capitalize()


class RemotePolicy(StrEnum):
    """Where the work is done."""

    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class JobStatus(StrEnum):
    """A posting's place in the agency's workflow."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SalaryPeriod(StrEnum):
    """The `unitText` of a schema.org QuantitativeValue for pay."""

    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class JobLocation(_Model):
    """Where the job is: what a schema.org PostalAddress needs, as the posting states it."""

    locality: str | None = None  # city
    region: str | None = None  # state, province, Land
    country: str | None = None  # ISO 3166-1 alpha-2 when known ("DE"), else the name
    # Only when the posting states them: Google reports a job address without them.
    street_address: str | None = None
    postal_code: str | None = None

    @field_validator(
        "locality", "region", "country", "street_address", "postal_code", mode="before"
    )
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank_to_none(value)

    def text(self) -> str:
        """ "Friedrichstr. 68, 10117 Berlin, Berlin, DE": the visible form."""
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        parts = (self.street_address, town, self.region, self.country)
        return ", ".join(part for part in parts if part)


class SalaryRange(_Model):
    """Pay as the posting states it; no currency or no amount: not stated."""

    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    currency: str | None = None  # ISO 4217, e.g. "EUR"
    period: SalaryPeriod | None = None

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: Any) -> str | None:
        value = _blank_to_none(value)
        return None if value is None else str(value).strip().upper()[:3]

    @property
    def stated(self) -> bool:
        """Whether there is an amount and a currency to show."""
        return self.currency is not None and (self.min is not None or self.max is not None)


TEXT_FIELDS = (
    "description",
    "team_info",
    "growth_opportunities",
    "application_process",
)
LIST_FIELDS = (
    "responsibilities",
    "qualifications",
    "preferred_qualifications",
    "skills_required",
    "benefits",
)


class JobPostingDraft(_Model):
    """What the model writes for a job, in the order it writes it."""

    title: str = ""
    description: str = ""  # Markdown
    responsibilities: list[str] = Field(default_factory=list)
    qualifications: list[str] = Field(default_factory=list)
    preferred_qualifications: list[str] = Field(default_factory=list)
    skills_required: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    team_info: str = ""
    growth_opportunities: str = ""
    application_process: str = ""
    years_of_experience: int | None = Field(default=None, ge=0, le=50)
    salary_range: SalaryRange | None = None
    location: JobLocation | None = None
    employment_type: EmploymentType | None = None
    remote_policy: RemotePolicy | None = None

    @field_validator("employment_type", mode="before")
    @classmethod
    def _employment_type(cls, value: Any) -> Any:
        # Models write "Full-time" as often as "FULL_TIME"; unknown words become None.
        if not isinstance(value, str):
            return value
        code = re.sub(r"[\s-]+", "_", value.strip()).upper()
        return code if code in EmploymentType.__members__ else None

    @field_validator("remote_policy", mode="before")
    @classmethod
    def _remote_policy(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        word = value.strip().lower().replace("-", "")
        return word if word in {p.value for p in RemotePolicy} else None


class JobAnalysis(JobPostingDraft):
    """A raw job description read into the posting's fields (the "analyse" call)."""

    # Fields the model filled although the description does not say so (a proposal).
    suggested_fields: list[str] = Field(default_factory=list)


class JobPosting(_Model):
    """A saved job: the posting's fields plus what the agency decides about it."""

    id: int | None = None
    client_id: int
    department_id: int | None = None
    template_title: str | None = None  # the department's job template it started from
    status: JobStatus = JobStatus.DRAFT
    fields: JobPostingDraft = Field(default_factory=JobPostingDraft)
    suggested_fields: list[str] = Field(default_factory=list)
    # Field names a person edited after the model wrote them: regenerate asks first.
    edited_fields: list[str] = Field(default_factory=list)
    date_posted: date | None = None
    valid_through: date | None = None
    direct_apply: bool = False
    ai_drafted: bool = False

    @property
    def title(self) -> str:
        """The posting's title (the list shows it)."""
        return self.fields.title
