"""The feedback of an interview as a Markdown document, for a file or for the PDF printer:
who, for which job and client, when, the scorecard as a table, the report, and where the
report came from. Names and comments are escaped so they print as written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from headhunter_desktop.core.domain.interview import (
    Competency,
    FeedbackReport,
    Interview,
    stage_label,
)

NOT_RATED = "not rated"
NO_REPORT = "_No feedback report has been written yet._"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass(frozen=True)
class FeedbackExport:
    """Everything an export of the feedback shows."""

    interview: Interview
    client_name: str | None
    candidate_name: str
    job_title: str | None


def feedback_markdown(data: FeedbackExport) -> str:
    """Title, facts, scorecard table, report and provenance line, as one document."""
    interview = data.interview
    parts = [
        f"# Interview feedback: {inline(data.candidate_name)}",
        _facts(data),
        "## Scorecard\n\n" + scorecard_table(interview.scorecard),
        interview.feedback.markdown.strip() or NO_REPORT,
        f"_{provenance(interview.feedback)}_",
    ]
    return "\n\n".join(parts) + "\n"


def scorecard_table(scorecard: list[Competency]) -> str:
    """Competency | Rating | Comment, one row each ("not rated" when unrated)."""
    if not scorecard:
        return "_No competencies were scored._"
    rows = ["| Competency | Rating | Comment |", "| --- | --- | --- |"]
    for competency in scorecard:
        rating = NOT_RATED if competency.rating is None else f"{competency.rating}/5"
        rows.append(f"| {inline(competency.name)} | {rating} | {inline(competency.comment)} |")
    return "\n".join(rows)


def provenance(report: FeedbackReport) -> str:
    """Who wrote the report: the model (and whether a person edited it since), or a person."""
    if report.is_empty:
        return "No report yet."
    if not report.ai_drafted:
        return "Written by a person."
    drafted = "AI-drafted from the interviewer's notes and scores"
    if report.edited_by_person:
        return f"{drafted}; edited by a person."
    when = f" on {report.generated_at:%Y-%m-%d}" if report.generated_at else ""
    return f"{drafted}{when}; not edited since."


def inline(text: str) -> str:
    """`text` on one line with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _facts(data: FeedbackExport) -> str:
    interview = data.interview
    facts = [
        ("Client", data.client_name or "—"),
        ("Candidate", data.candidate_name),
        ("Job", data.job_title or "—"),
        ("Stage", stage_label(interview.stage)),
        ("Date", interview.date.isoformat() if interview.date else "not set"),
        ("Interviewer", interview.interviewer or "—"),
        ("Outcome", interview.outcome.label if interview.outcome else "not decided"),
    ]
    return "\n".join(f"- **{label}:** {inline(value)}" for label, value in facts)
