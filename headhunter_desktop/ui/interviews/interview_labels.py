"""How an interview's values read on screen: stages, outcomes, ratings and dates."""

from __future__ import annotations

from datetime import UTC, date

from headhunter_desktop.core.domain.interview import FeedbackReport, Outcome

UNDECIDED = "—"
OUTCOME_LABELS = {outcome: outcome.label for outcome in Outcome}
OUTCOME_TIPS = {
    None: "Not decided yet",
    Outcome.PASS: "The candidate goes on to the next stage (or gets the offer)",
    Outcome.FAIL: "The candidate does not go on",
    Outcome.HOLD: "Not decided: wait for other candidates or more information",
}
# A rating's anchor words, so that two interviewers mean the same by a 4.
RATING_WORDS = {1: "poor", 2: "weak", 3: "adequate", 4: "strong", 5: "excellent"}
RATING_LABELS = {rating: f"{rating} · {word}" for rating, word in RATING_WORDS.items()}
NOT_RATED = "—"

AI_UNEDITED = "AI-drafted · not edited since"
AI_EDITED = "AI-drafted · edited by a person"
BY_PERSON = "Written by a person"
NOT_WRITTEN = "Not written yet"
NOT_WRITTEN_TIP = (
    "Generate feedback (Ctrl+Return) writes the report from the saved notes and scorecard, "
    "billed to the job's client; or type it yourself."
)


def outcome_label(outcome: Outcome | None) -> str:
    return OUTCOME_LABELS[outcome] if outcome is not None else UNDECIDED


def day_text(day: date | None) -> str:
    """'3 Mar 2025', or '' without a date."""
    return f"{day.day} {day.strftime('%b %Y')}" if day is not None else ""


def provenance_text(report: FeedbackReport) -> str:
    """Who wrote the report on screen: the model, the model then a person, or a person."""
    if report.is_empty:
        return NOT_WRITTEN
    if not report.ai_drafted:
        return BY_PERSON
    return AI_EDITED if report.edited_by_person else AI_UNEDITED


def provenance_tip(report: FeedbackReport) -> str:
    """The model and the moment of the draft, when known; how to write an empty one."""
    if report.is_empty:
        return NOT_WRITTEN_TIP
    if not report.ai_drafted:
        return ""
    parts = ["Drafted by the LLM from the interviewer's notes and scores"]
    if report.model:
        parts.append(f"model {report.model}")
    if report.generated_at is not None:
        moment = report.generated_at
        # The database keeps UTC; SQLite hands it back without its zone.
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
        parts.append(f"{day_text(local.date())}, {local.strftime('%H:%M')}")
    return ", ".join(parts)
