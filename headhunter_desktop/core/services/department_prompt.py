"""The prompts of department profiles: the whole profile, or one field of it.

The system prompt (`resources/prompts/generate_department.md`) holds the rules; the user
message carries the data, fenced: the client's profile, the department's current profile
(its name at least), the recruiter's guidance. The client's voice rules come unfenced:
they are instructions the recruiter gave for this client.
Job postings show a department and a job template with `department_text` and
`job_template_text` too.
"""

from __future__ import annotations

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.department import DepartmentProfileDraft, JobTemplate
from headhunter_desktop.core.llm.gateway import Messages
from headhunter_desktop.core.prompts import load_prompt
from headhunter_desktop.core.services.generation import (
    client_profile_text,
    fenced,
    voice_instructions,
)

# What to ask for, per field of DepartmentProfileDraft (the system prompt has the details).
FIELD_REQUESTS = {
    "description": "the description (concise Markdown)",
    "technologies": "the technologies (a list of short names)",
    "job_templates": (
        "two to four job templates (each with a title, a description and its technologies)"
    ),
}


def job_template_text(template: JobTemplate) -> str:
    """A job template as prompts show it: title, description, technologies."""
    lines = [f"Title: {template.title}"]
    if template.description:
        lines.append(f"Description: {template.description}")
    if template.technologies:
        lines.append(f"Technologies: {', '.join(template.technologies)}")
    return "\n".join(lines)


def department_text(
    name: str, fields: DepartmentProfileDraft, *, leave_out: str | None = None
) -> str:
    """A department as prompts show it: only what is known, `leave_out` left out."""
    lines = [f"Name: {name}"]
    if fields.description and leave_out != "description":
        lines += ["Description:", fields.description.strip()]
    if fields.technologies and leave_out != "technologies":
        lines.append(f"Technologies: {', '.join(fields.technologies)}")
    if fields.job_templates and leave_out != "job_templates":
        lines.append("Job templates:")
        lines += [_indented(job_template_text(t)) for t in fields.job_templates]
    return "\n".join(lines)


def generation_messages(
    client: ClientProfile,
    name: str,
    current: DepartmentProfileDraft | None = None,
    guidance: str = "",
) -> Messages:
    """Write the whole profile of department `name` (a new version of `current`, if any)."""
    department = department_text(name, current or DepartmentProfileDraft())
    label = "The department's current profile (write a new version; keep what is still right)"
    sections = [
        "Write the profile of the department in <department> for this client company.",
        *_client_sections(client),
        f"{label if current else 'The department'}:\n{fenced('department', department)}",
    ]
    if guidance.strip():
        sections.append(f"The recruiter's guidance:\n{fenced('guidance', guidance)}")
    *first, last = FIELD_REQUESTS.values()
    sections.append(f"Write {', '.join(first)} and {last}.")
    return _messages(sections)


def field_messages(
    client: ClientProfile, name: str, fields: DepartmentProfileDraft, field: str
) -> Messages:
    """Write only `field` of the department again; the other fields are its context."""
    department = department_text(name, fields, leave_out=field)
    sections = [
        f"Rewrite one field of the department in <department>: {FIELD_REQUESTS[field]}.",
        *_client_sections(client),
        f"The department's other fields, as they are:\n{fenced('department', department)}",
        "Write only that field; the other fields stay as they are.",
    ]
    return _messages(sections)


def _client_sections(client: ClientProfile) -> list[str]:
    sections = [f"The client company:\n{fenced('client', client_profile_text(client))}"]
    voice = voice_instructions(client)
    if voice:
        sections.append(f"The client's voice (follow it in every field):\n{voice}")
    return sections


def _messages(sections: list[str]) -> Messages:
    return [
        {"role": "system", "content": load_prompt("generate_department")},
        {"role": "user", "content": "\n\n".join(sections)},
    ]


def _indented(text: str) -> str:
    first, *rest = text.splitlines()
    return "\n".join([f"- {first}", *(f"  {line}" for line in rest)])
