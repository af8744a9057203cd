"""A client's department profile: what the model writes and what the agency keeps."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class JobTemplate(_Model):
    """A kind of role the department hires for; a job posting may start from one."""

    title: str = ""
    description: str = ""
    technologies: list[str] = Field(default_factory=list)


class DepartmentProfileDraft(_Model):
    """What the model writes for a department, in the order it writes it."""

    description: str = ""  # Markdown
    technologies: list[str] = Field(default_factory=list)
    job_templates: list[JobTemplate] = Field(default_factory=list)


class DepartmentProfile(_Model):
    """A saved department of a client company."""

    id: int | None = None
    client_id: int
    name: str
    fields: DepartmentProfileDraft = Field(default_factory=DepartmentProfileDraft)
    edited_fields: list[str] = Field(default_factory=list)
    ai_drafted: bool = False
