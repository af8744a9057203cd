"""The structured candidate profile: JSON Resume field names plus the recruiter's fields.

Field names follow https://jsonresume.org/schema so a profile exports as a JSON Resume
document without renaming. Dates are "YYYY" or "YYYY-MM"; anything the model writes
that cannot be read as such becomes None rather than failing the whole parse.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2}))?")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[-/.](\d{4})\s*$")


def normalize_cv_date(value: Any) -> str | None:
    """'2019-03-15' -> '2019-03', '03/2019' -> '2019-03', '2019' -> '2019', else None."""
    if value is None:
        return None
    text = str(value).strip()
    if match := _MONTH_YEAR.match(text):
        month, year = int(match.group(1)), match.group(2)
        return f"{year}-{month:02d}" if 1 <= month <= 12 else year
    if match := _DATE.match(text):
        year, month = match.group(1), match.group(2)
        if month and 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
        return year
    return None


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class _Dated(_Model):
    startDate: str | None = None  # JSON Resume names are camelCase
    endDate: str | None = None

    @field_validator("startDate", "endDate", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> str | None:
        return normalize_cv_date(value)


class Location(_Model):
    address: str | None = None
    postalCode: str | None = None
    city: str | None = None
    countryCode: str | None = None
    region: str | None = None


class Profile(_Model):
    network: str | None = None
    username: str | None = None
    url: str | None = None


class Basics(_Model):
    name: str | None = None
    label: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[Profile] = Field(default_factory=list)


class Work(_Dated):
    name: str | None = None
    position: str | None = None
    url: str | None = None
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Education(_Dated):
    institution: str | None = None
    url: str | None = None
    area: str | None = None
    studyType: str | None = None
    score: str | None = None

    @field_validator("score", mode="before")
    @classmethod
    def _score_as_text(cls, value: Any) -> str | None:
        return None if value is None else str(value)


class Skill(_Model):
    name: str
    level: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Language(_Model):
    language: str
    fluency: str | None = None


class Certificate(_Model):
    name: str
    date: str | None = None
    issuer: str | None = None
    url: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> str | None:
        return normalize_cv_date(value)


class CvProfile(_Model):
    """A parsed CV. The recruiter fields sit beside the JSON Resume sections."""

    basics: Basics = Field(default_factory=Basics)
    work: list[Work] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    yearsOfExperience: float | None = Field(default=None, ge=0, le=70)
    currentTitle: str | None = None
    currentEmployer: str | None = None

    def skill_names(self) -> list[str]:
        """Skills and their keywords, de-duplicated case-insensitively, in order."""
        seen: dict[str, str] = {}
        for skill in self.skills:
            for name in (skill.name, *skill.keywords):
                seen.setdefault(name.strip().lower(), name.strip())
        return [name for key, name in seen.items() if key]

    def to_json_resume(self) -> dict[str, Any]:
        """A JSON Resume document (recruiter fields under `meta`, as the schema allows)."""
        data = self.model_dump(mode="json", exclude_none=True)
        meta = {
            k: data.pop(k)
            for k in ("yearsOfExperience", "currentTitle", "currentEmployer")
            if k in data
        }
        data["$schema"] = (
            "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
        )
        if meta:
            data["meta"] = {"headhunter": meta}
        return data


def keep_edited_fields(new: CvProfile, old: CvProfile, paths: list[str]) -> CvProfile:
    """`new` with the hand-edited fields (dotted paths like 'basics.email') taken from `old`."""
    merged = new.model_copy(deep=True)
    for path in paths:
        *parents, leaf = path.split(".")
        source, target = old, merged
        for part in parents:
            source, target = getattr(source, part), getattr(target, part)
        if hasattr(source, leaf):
            setattr(target, leaf, getattr(source, leaf))
    return merged
