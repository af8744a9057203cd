"""What every generation for a client knows about it: its profile and its voice.

The profile is typed by the recruiter or read from the client's website (each field then
says where it came from: `sources`). Fine-tuning instructions are followed by every
generation for the client (department, job posting, interview feedback). Contacts, notes
and fee terms are the agency's own: never sent to the model, never filled from the web.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

SourceMethod = Literal["json-ld", "opengraph", "page-text", "pasted-text", "typed"]

# Every field a recruiter sees, with the label forms and merge views show.
FIELD_LABELS: dict[str, str] = {
    "name": "Name", "website": "Website", "tagline": "Tagline",
    "description": "Description", "industry": "Industry", "founded_year": "Founded",
    "size_band": "Size", "headquarters": "Headquarters", "company_type": "Company type",
    "specialties": "Specialties", "mission": "Mission", "vision": "Vision",
    "values": "Values", "culture": "Culture",
    "products_and_services": "Products and services", "target_market": "Target market",
    "departments": "Departments", "social_links": "Social links", "benefits": "Benefits",
    "fine_tuning": "Fine-tuning", "contacts": "Contacts", "notes": "Notes",
    "fee_terms": "Fee terms",
}  # fmt: skip
# The agency's own fields: never in a prompt, never read from a website.
PRIVATE_FIELDS = frozenset({"contacts", "notes", "fee_terms"})
# What a website (its structured data or its text) can fill; the name is the client's
# identity in this app (renaming is its own step), so a site never changes it.
WEBSITE_FIELDS = (
    "website", "tagline", "description", "industry", "founded_year", "size_band",
    "headquarters", "company_type", "specialties", "mission", "vision", "values", "culture",
    "products_and_services", "target_market", "departments", "social_links", "benefits",
)  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class FineTuning(_Model):
    """How the client wants to sound."""

    tone: str = ""  # e.g. "warm, direct, no hype"
    words_to_use: list[str] = Field(default_factory=list)
    words_to_avoid: list[str] = Field(default_factory=list)
    instructions: str = ""  # anything else, free text

    @property
    def is_empty(self) -> bool:
        """Nothing to tell the model."""
        return not (self.tone or self.words_to_use or self.words_to_avoid or self.instructions)


class ClientContact(_Model):
    """A person at the client the agency deals with."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


class FieldSource(_Model):
    """Where a field's value came from: the page (`url`, "" for pasted or typed text) and
    how it was found."""

    url: str = ""
    method: SourceMethod


class ClientProfile(_Model):
    """The client company as generations see it (stored in `profile_json`)."""

    name: str
    website: str | None = None
    tagline: str = ""
    description: str = ""
    industry: str = ""
    founded_year: int | None = None
    size_band: str = ""
    headquarters: str = ""
    company_type: str = ""
    specialties: list[str] = Field(default_factory=list)
    mission: str = ""
    vision: str = ""
    values: list[str] = Field(default_factory=list)
    culture: str = ""
    products_and_services: list[str] = Field(default_factory=list)
    target_market: str = ""
    departments: list[str] = Field(default_factory=list)
    social_links: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    fine_tuning: FineTuning = Field(default_factory=FineTuning)
    contacts: list[ClientContact] = Field(default_factory=list)
    notes: str = ""
    fee_terms: str = ""
    sources: dict[str, FieldSource] = Field(default_factory=dict)

    @field_validator("founded_year", mode="before")
    @classmethod
    def _year_or_none(cls, value: Any) -> Any:
        """A year stored as text ("1950") is read; anything that is no year is unknown."""
        if isinstance(value, str):
            value = value.strip()
            return int(value) if value.isdigit() else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @field_validator("sources", mode="before")
    @classmethod
    def _readable_sources(cls, value: Any) -> Any:
        """Sources in a shape this version cannot read are dropped, not fatal: the
        profile itself must always load."""
        if not isinstance(value, dict):
            return {}
        return {key: item for key, item in value.items() if _is_source(item)}

    def is_empty(self, field: str) -> bool:
        """`field` holds nothing (no text, no items, no year)."""
        return is_empty_value(getattr(self, field))


def is_empty_value(value: Any) -> bool:
    """None, blank text, or a list with no non-blank item."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty_value(item) for item in value)
    return False


def _is_source(item: Any) -> bool:
    try:
        FieldSource.model_validate(item)
    except ValidationError:
        return False
    return True
