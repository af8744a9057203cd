"""What the model reads from a client's website or a pasted text: the part of the client's
profile a website can state (no contacts, notes, fee terms, fine-tuning or sources).

The field order is the order the model writes them in, so the form fills as a recruiter
reads: the texts first, then the lists, then the short facts. Every field may stay empty:
what the text does not state is unknown, never invented.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CompanyFacts(BaseModel):
    """A company as its own text describes it; empty ("", [] or null) where it is silent."""

    model_config = ConfigDict(extra="ignore")

    description: str = ""
    tagline: str = ""
    mission: str = ""
    vision: str = ""
    culture: str = ""
    values: list[str] = Field(default_factory=list)
    specialties: list[str] = Field(default_factory=list)
    products_and_services: list[str] = Field(default_factory=list)
    target_market: str = ""
    departments: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    industry: str = ""
    company_type: str = ""
    founded_year: int | None = None
    size_band: str = ""
    headquarters: str = ""
