"""The job editor's generated fields: `JobPostingDraft` in the order the model writes it.

The title is not here: the recruiter types it in the editor's header (it is the request
the model writes from), so `GENERATED_KEYS` are the draft's fields without it.
"""

from __future__ import annotations

from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    RemotePolicy,
    SalaryPeriod,
)
from headhunter_desktop.ui.common.field_specs import (
    choice,
    enum_options,
    group,
    line,
    number,
    string_list,
    text,
)

REMOTE_POLICY_LABELS = {
    RemotePolicy.ONSITE: "On-site",
    RemotePolicy.HYBRID: "Hybrid",
    RemotePolicy.REMOTE: "Fully remote",
}
SALARY_PERIOD_LABELS = {
    SalaryPeriod.HOUR: "hour",
    SalaryPeriod.DAY: "day",
    SalaryPeriod.WEEK: "week",
    SalaryPeriod.MONTH: "month",
    SalaryPeriod.YEAR: "year",
}

SALARY_FIELDS = (
    number("min", "From", decimals=2),
    number("max", "To", decimals=2),
    line("currency", "Currency", chars=4, placeholder="EUR"),
    choice("period", "Per", enum_options(SalaryPeriod, SALARY_PERIOD_LABELS.__getitem__)),
)
LOCATION_FIELDS = (
    line("street_address", "Street address"),
    line("postal_code", "Postal code", chars=8),
    line("locality", "City"),
    line("region", "Region"),
    line("country", "Country", chars=6, placeholder="DE"),
)

JOB_FIELDS = (
    text("description", "Description", lines=7),
    string_list("responsibilities", "Responsibilities"),
    string_list("qualifications", "Qualifications"),
    string_list("preferred_qualifications", "Preferred qualifications", lines=3),
    string_list("skills_required", "Skills required", lines=3),
    string_list("benefits", "Benefits", lines=3),
    text("team_info", "Team", lines=3),
    text("growth_opportunities", "Growth opportunities", lines=3),
    text("application_process", "Application process", lines=3),
    number("years_of_experience", "Years of experience"),
    group("salary_range", "Salary range", SALARY_FIELDS, beside_previous=True),
    group("location", "Location", LOCATION_FIELDS),
    choice("employment_type", "Employment type", enum_options(EmploymentType)),
    choice(
        "remote_policy",
        "Remote policy",
        enum_options(RemotePolicy, REMOTE_POLICY_LABELS.__getitem__),
        beside_previous=True,
    ),
)

# What a whole-posting generation streams into the form (the draft's keys but the title).
GENERATED_KEYS = tuple(spec.key for spec in JOB_FIELDS)
