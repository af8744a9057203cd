"""The messages of the job calls: write a posting, read a raw description, rewrite a field.

The web platform built the client's context for these calls and then dropped it; here it
is sent: the client's profile and the department's profile and job template as fenced data,
the client's voice as rules, and the recruiter's facts (title, location, remote, type).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.department import DepartmentProfile, JobTemplate
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.llm.tokens import truncate_to_tokens
from headhunter_desktop.core.prompts import load_prompt
from headhunter_desktop.core.services.department_prompt import job_template_text
from headhunter_desktop.core.services.generation import (
    client_profile_text,
    fenced,
    voice_instructions,
)

if TYPE_CHECKING:
    from headhunter_desktop.core.services.jobs import JobRequest

Messages = list[dict[str, str]]
# A raw description is cut to this many tokens (its beginning): job ads are a page or two.
DESCRIPTION_TOKEN_BUDGET = 8_000
_CHARS_PER_TOKEN_MAX = 8  # a cheap cut before tokenizing a huge text


@dataclass(frozen=True)
class JobContext:
    """What a job call knows besides the recruiter's request."""

    client: ClientProfile
    department: DepartmentProfile | None = None
    template: JobTemplate | None = None


def generate_messages(context: JobContext, request: JobRequest) -> Messages:
    """Write a posting for `request` in the client's voice."""
    task = "Write the job posting for this role.\n\n" + request_facts(request)
    return _messages("generate_job", context, task, request.guidance)


def analyze_messages(
    context: JobContext, request: JobRequest, description: str, model: str
) -> Messages:
    """Read `description` (untrusted, fenced) into the posting's fields."""
    text, cut = _cut(description, model)
    note = "\n(The description was cut to fit; read what is there.)" if cut else ""
    task = (
        "Read this job description into the posting's fields. Use only what it says; "
        "leave unsaid fields empty, or fill them and list them in suggested_fields.\n\n"
        f"{fenced('job_description', text)}{note}"
    )
    if known := request_facts(request, known_only=True):
        task += "\n\nWhat the recruiter says about the role (it wins over the description):\n"
        task += known
    return _messages("analyze_job", context, task, request.guidance)


def regenerate_messages(context: JobContext, job: JobPosting, field: str) -> Messages:
    """Rewrite only `field` of `job`, the other fields given as context."""
    others = job.fields.model_dump(mode="json", exclude={field}, exclude_defaults=True)
    task = (
        f'Rewrite only the field "{field}" of this job posting, consistent with its other '
        "fields, which are given here as data:\n\n"
        f"{fenced('job_posting', json.dumps(others, ensure_ascii=False, indent=1))}\n\n"
        f'Reply with a JSON object holding only "{field}".'
    )
    return _messages("generate_job", context, task, "")


def request_facts(request: JobRequest, *, known_only: bool = False) -> str:
    """The recruiter's facts about the role, one per line; unknown ones said to be unknown
    (or left out, `known_only`: a description being read may state them)."""
    kind = request.employment_type
    facts = [
        ("Job title", request.title.strip()),
        ("Location", request.location.strip()),
        ("Remote", "fully remote" if request.remote else ""),
        ("Employment type", f"{kind.value} ({kind.label})" if kind else ""),
    ]
    unknown = {"Remote": "not stated"}
    return "\n".join(
        f"{label}: {value or unknown.get(label, 'not given')}"
        for label, value in facts
        if value or not known_only
    )


def context_text(context: JobContext) -> str:
    """The client's profile, voice, department and template, as the prompt shows them."""
    parts = [
        "The client company:\n" + fenced("client_profile", client_profile_text(context.client))
    ]
    if voice := voice_instructions(context.client):
        parts.append("The client's voice (follow these rules in every field):\n" + voice)
    if context.department is not None:
        parts.append("The department the job is in:\n" + _department_block(context.department))
    if context.template is not None:
        parts.append("The job template to start from:\n" + _template_block(context.template))
    return "\n\n".join(parts)


def _messages(prompt: str, context: JobContext, task: str, guidance: str) -> Messages:
    user = f"{context_text(context)}\n\n{task}"
    if guidance.strip():
        user += f"\n\nThe recruiter's instructions:\n{guidance.strip()}"
    return [
        {"role": "system", "content": load_prompt(prompt)},
        {"role": "user", "content": user},
    ]


def _department_block(department: DepartmentProfile) -> str:
    fields = department.fields
    lines = [f"Name: {department.name}"]
    if fields.description:
        lines.append(f"Description: {fields.description}")
    if fields.technologies:
        lines.append(f"Technologies: {', '.join(fields.technologies)}")
    return fenced("department", "\n".join(lines))


def _template_block(template: JobTemplate) -> str:
    return fenced("job_template", job_template_text(template))


def _cut(description: str, model: str) -> tuple[str, bool]:
    limit = DESCRIPTION_TOKEN_BUDGET * _CHARS_PER_TOKEN_MAX
    text, cut = truncate_to_tokens(description[:limit], DESCRIPTION_TOKEN_BUDGET, model)
    return text, cut or len(description) > limit
