"""A saved job as a schema.org `JobPosting` (JSON-LD for Google's job search) and as Markdown.

Google's job-posting guidelines
(developers.google.com/search/docs/appearance/structured-data/job-posting): required
`title`, `description` (HTML), `datePosted`, `hiringOrganization` and `jobLocation` — or,
for a fully remote job, `jobLocationType: TELECOMMUTE` with `applicantLocationRequirements`;
recommended `baseSalary`, `employmentType`, `validThrough`, `identifier`, `directApply`.
A hybrid job is marked up by its office alone: Google keeps TELECOMMUTE for jobs that are
remote all of the time.

Structured data may say only what the page says, so every fact the JSON-LD states is also
in the visible text: the description HTML opens with the job's facts (`posting_facts`:
location, work model, employment type, salary, dates, reference) and the Markdown carries
the same list under the client's name. What the posting does not state is left out, never
guessed: no salary, no `baseSalary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.job_posting import (
    JobLocation,
    JobPosting,
    JobPostingDraft,
    RemotePolicy,
    SalaryRange,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.markdown_html import (
    defused_markdown,
    list_html,
    markdown_to_html,
    paragraph_html,
)

__all__ = [
    "DEFAULT_VALIDITY",
    "JobExportError",
    "PostingDates",
    "job_description_html",
    "job_posting_jsonld",
    "job_posting_markdown",
    "plain_text",
    "posting_dates",
    "posting_facts",
]

# How long a posting stays open unless the recruiter says otherwise (JobService uses it too).
DEFAULT_VALIDITY = timedelta(days=30)

# The posting's sections in reading order: (field, heading). Text fields are Markdown.
SECTIONS = (
    ("description", "About the role"),
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("preferred_qualifications", "Nice to have"),
    ("skills_required", "Skills"),
    ("benefits", "Benefits"),
    ("team_info", "The team"),
    ("growth_opportunities", "Growth opportunities"),
    ("application_process", "How to apply"),
)
_TAG = re.compile(r"</?[A-Za-z!][^>]*>")
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!])")  # what is left of a tag never closed
_PER_PERIOD = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}


class JobExportError(UserFacingError):
    """A job lacks what a valid job-posting document needs (the message names it)."""

    code = "job_export"


@dataclass(frozen=True)
class PostingDates:
    """The dates a posting shows: the job's own, else today and today + DEFAULT_VALIDITY."""

    posted: date
    valid_through: date


def posting_dates(job: JobPosting, today: date | None = None) -> PostingDates:
    """The posting's dates: an unpublished job is exported as if published `today`."""
    posted = job.date_posted or today or date.today()
    valid_through = job.valid_through or posted + DEFAULT_VALIDITY
    return PostingDates(posted, valid_through)


def job_posting_jsonld(job: JobPosting, client: ClientProfile) -> dict[str, Any]:
    """The schema.org JobPosting of `job`; JobExportError names what is missing."""
    _require_exportable(job, client)
    fields, dates = job.fields, posting_dates(job)
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": plain_text(fields.title),
        "description": _description_html(job, dates),
        "datePosted": dates.posted.isoformat(),
        "validThrough": dates.valid_through.isoformat(),
        "hiringOrganization": _organization(client),
        "directApply": job.direct_apply,
        **_where(fields),
    }
    if fields.employment_type is not None:
        document["employmentType"] = fields.employment_type.value
    if (salary := _base_salary(fields.salary_range)) is not None:
        document["baseSalary"] = salary
    if job.id is not None:
        document["identifier"] = _identifier(job.id, client)
    return document


def job_description_html(job: JobPosting) -> str:
    """The posting's visible body as HTML Google reads (<p>, <ul>, <li>), all text escaped."""
    return _description_html(job, posting_dates(job))


def job_posting_markdown(job: JobPosting, client: ClientProfile) -> str:
    """The posting as a Markdown document: title, client, facts, then every non-empty
    section under its heading; raw HTML in the text is defused."""
    title = plain_text(job.fields.title)
    if not title:
        raise JobExportError("The job has no title: give it one before exporting it.")
    facts = [f"- **{label}:** {value}" for label, value in posting_facts(job)]
    parts = [f"# {title}", _client_line(client), "\n".join(facts)]
    parts += [_markdown_section(job.fields, field, heading) for field, heading in SECTIONS]
    parts.append(_about_client(client))
    return "\n\n".join(part for part in parts if part) + "\n"


def posting_facts(job: JobPosting, today: date | None = None) -> list[tuple[str, str]]:
    """(label, value) of the job's facts, as the visible text states them."""
    fields, dates = job.fields, posting_dates(job, today)
    facts = [
        ("Location", _location_text(fields)),
        ("Work model", _work_model(fields)),
        ("Employment type", fields.employment_type.label if fields.employment_type else ""),
        ("Salary", _salary_text(fields.salary_range)),
        ("Experience", _experience_text(fields.years_of_experience)),
        ("Posted", dates.posted.isoformat()),
        ("Apply by", dates.valid_through.isoformat()),
        ("Reference", str(job.id) if job.id is not None else ""),
    ]
    return [(label, value) for label, value in facts if value]


def plain_text(text: str) -> str:
    """`text` as one line without markup: a title or a name is never HTML, and a JSON-LD
    value without tags cannot close the <script> element a page embeds it in."""
    return " ".join(_TAG_OPENER.sub("< ", _TAG.sub(" ", text)).split())


def _location(fields: JobPostingDraft) -> JobLocation:
    """The job's location with every part as plain text (it is shown and marked up)."""
    location = fields.location or JobLocation()
    parts = location.model_dump()
    return JobLocation.model_validate({key: plain_text(v or "") for key, v in parts.items()})


# -- what must be there -------------------------------------------------------------------


def _require_exportable(job: JobPosting, client: ClientProfile) -> None:
    fields = job.fields
    missing = [
        "a title" if not plain_text(fields.title) else "",
        "a description" if not fields.description.strip() else "",
        "the client's name" if not plain_text(client.name) else "",
        _missing_place(fields),
    ]
    if missing := [what for what in missing if what]:
        name = f"'{plain_text(fields.title)}'" if plain_text(fields.title) else "This job"
        raise JobExportError(
            f"{name} cannot be exported as a job posting: it needs {'; '.join(missing)}."
        )


def _missing_place(fields: JobPostingDraft) -> str:
    """What the job's place lacks for Google: a country, at least."""
    location = _location(fields)
    if fields.remote_policy is RemotePolicy.REMOTE:
        return "" if location.country else "the country a remote employee may work from"
    kind = "a hybrid" if fields.remote_policy is RemotePolicy.HYBRID else "an on-site"
    if not location.text():
        return f"a location, as {kind} job (a city and a country at least)"
    return "" if location.country else f"the country of its location, as {kind} job"


# -- JSON-LD parts ------------------------------------------------------------------------


def _organization(client: ClientProfile) -> dict[str, Any]:
    organization: dict[str, Any] = {"@type": "Organization", "name": plain_text(client.name)}
    if _website(client):
        organization["sameAs"] = _website(client)
    return organization


def _website(client: ClientProfile) -> str:
    website = (client.website or "").strip()
    return website if website.lower().startswith(("http://", "https://")) else ""


def _where(fields: JobPostingDraft) -> dict[str, Any]:
    location = _location(fields)
    if fields.remote_policy is RemotePolicy.REMOTE:
        return {
            "jobLocationType": "TELECOMMUTE",
            "applicantLocationRequirements": {"@type": "Country", "name": location.country},
        }
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street_address,
        "addressLocality": location.locality,
        "addressRegion": location.region,
        "postalCode": location.postal_code,
        "addressCountry": location.country,
    }
    place = {key: value for key, value in address.items() if value}
    return {"jobLocation": {"@type": "Place", "address": place}}


def _base_salary(salary: SalaryRange | None) -> dict[str, Any] | None:
    """A MonetaryAmount, only for a salary stated with its currency and period."""
    if salary is None or not salary.stated or salary.period is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    low, high = _salary_bounds(salary)
    if low is not None and high is not None and low != high:
        value.update(minValue=_number(low), maxValue=_number(high))
    elif low is not None and high is not None:
        value["value"] = _number(low)  # one amount, not a range
    elif low is not None:
        value["minValue"] = _number(low)
    elif high is not None:
        value["maxValue"] = _number(high)
    value["unitText"] = salary.period.value
    return {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}


def _salary_bounds(salary: SalaryRange) -> tuple[float | None, float | None]:
    """(min, max) in order: a model that wrote them swapped still states one range."""
    low, high = salary.min, salary.max
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def _number(amount: float) -> float | int:
    return int(amount) if float(amount).is_integer() else round(amount, 2)


def _identifier(job_id: int, client: ClientProfile) -> dict[str, Any]:
    return {"@type": "PropertyValue", "name": plain_text(client.name), "value": str(job_id)}


# -- visible text -------------------------------------------------------------------------


def _description_html(job: JobPosting, dates: PostingDates) -> str:
    fields = job.fields
    facts = [f"{label}: {value}" for label, value in posting_facts(job, dates.posted)]
    parts = [markdown_to_html(fields.description), paragraph_html("Job details")]
    parts.append(list_html(facts))
    for field, heading in SECTIONS[1:]:
        body = _section_html(getattr(fields, field))
        parts += [paragraph_html(heading), body] if body else []
    return "".join(parts)


def _section_html(value: str | list[str]) -> str:
    return list_html(value) if isinstance(value, list) else markdown_to_html(value)


def _location_text(fields: JobPostingDraft) -> str:
    location = _location(fields)
    return "" if fields.remote_policy is RemotePolicy.REMOTE else location.text()


def _work_model(fields: JobPostingDraft) -> str:
    location = _location(fields)
    if fields.remote_policy is RemotePolicy.REMOTE:
        where = f", from anywhere in {location.country}" if location.country else ""
        return f"Fully remote{where}"
    if fields.remote_policy is RemotePolicy.HYBRID:
        return "Hybrid: partly remote, partly at the office"
    return "On-site" if fields.remote_policy is RemotePolicy.ONSITE else ""


def _salary_text(salary: SalaryRange | None) -> str:
    """ "EUR 70,000–85,000 per year", "from USD 40 per hour"; "" when not stated."""
    if salary is None or not salary.stated:
        return ""
    low, high = _salary_bounds(salary)
    if low is not None and high is not None:
        amount = _amount(low) if low == high else f"{_amount(low)}–{_amount(high)}"
        text = f"{salary.currency} {amount}"
    elif low is not None:
        text = f"from {salary.currency} {_amount(low)}"
    else:
        text = f"up to {salary.currency} {_amount(high or 0)}"
    period = _PER_PERIOD.get(salary.period.value) if salary.period else None
    return f"{text} per {period}" if period else text


def _amount(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _experience_text(years: int | None) -> str:
    if years is None:
        return ""
    if years == 0:
        return "no prior experience required"
    return f"at least {years} year{'s' if years != 1 else ''}"


def _one_line(text: str) -> str:
    return defused_markdown(" ".join(text.split()))


def _client_line(client: ClientProfile) -> str:
    line = f"**{plain_text(client.name)}**"
    if client.tagline.strip():
        line += f" — {_one_line(client.tagline)}"
    return f"{line} ({_website(client)})" if _website(client) else line


def _markdown_section(fields: JobPostingDraft, field: str, heading: str) -> str:
    value = getattr(fields, field)
    if isinstance(value, list):
        body = "\n".join(f"- {_one_line(item)}" for item in value if item.strip())
    else:
        body = defused_markdown(value.strip())
    return f"## {heading}\n\n{body}" if body else ""


def _about_client(client: ClientProfile) -> str:
    if not client.description.strip():
        return ""
    return f"## About {plain_text(client.name)}\n\n{defused_markdown(client.description.strip())}"
