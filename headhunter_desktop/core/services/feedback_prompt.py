"""The messages of the interview feedback call.

The web platform sent the model none of the interviewer's notes: it wrote about an
interview it knew nothing of. Here the notes and every score and comment go with the
prompt as fenced data, beside the stage, the candidate's CV (summarised, within a token
budget), the job's requirements and the client's profile and voice; and each low score
comes with its own rule, so the report cannot praise what the interviewer rated down.
"""

from __future__ import annotations

from dataclasses import dataclass

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.cv_profile import CvProfile, Work
from headhunter_desktop.core.domain.interview import FEEDBACK_SECTIONS, Competency, Interview
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.llm.tokens import truncate_to_tokens
from headhunter_desktop.core.prompts import load_prompt
from headhunter_desktop.core.services.generation import (
    client_profile_text,
    fenced,
    voice_instructions,
)

Messages = list[dict[str, str]]
PROMPT = "interview_feedback"
# The CV is background, not evidence: a summary of this many tokens at most.
CV_TOKEN_BUDGET = 1_500
NOTES_TOKEN_BUDGET = 6_000  # pages of notes; their beginning when longer
RECENT_JOBS = 4
_CHARS_PER_TOKEN_MAX = 8  # a cheap cut before tokenizing a huge text


@dataclass(frozen=True)
class CandidateRecord:
    """What the agency holds of the candidate: the parsed CV, else the CV's text."""

    name: str
    profile: CvProfile | None = None
    cv_text: str = ""


@dataclass(frozen=True)
class FeedbackContext:
    """Everything the feedback call is written from."""

    interview: Interview
    job: JobPosting
    client: ClientProfile
    candidate: CandidateRecord


def feedback_messages(context: FeedbackContext, model: str) -> Messages:
    """The system prompt and the fenced data the report is written from."""
    parts = [
        _client_part(context.client),
        "The job the candidate interviewed for:\n" + fenced("job", job_text(context.job)),
        "The candidate's CV, summarised (background only):\n"
        + fenced("candidate_cv", cv_summary(context.candidate, model)),
        "The interview:\n" + fenced("interview", interview_facts(context.interview)),
        "The interviewer's scorecard (ratings 1 to 5):\n"
        + fenced("scorecard", scorecard_text(context.interview.scorecard)),
        "The interviewer's notes:\n"
        + fenced("interview_notes", _notes(context.interview.notes, model)),
        _task(context.interview.scorecard),
    ]
    return [
        {"role": "system", "content": load_prompt(PROMPT)},
        {"role": "user", "content": "\n\n".join(part for part in parts if part)},
    ]


def scorecard_text(scorecard: list[Competency]) -> str:
    """One line per competency: its rating ("not rated" when None) and the comment."""
    if not scorecard:
        return "(no competencies were scored)"
    return "\n".join(_score_line(competency) for competency in scorecard)


def interview_facts(interview: Interview) -> str:
    """Stage, date, interviewer and (when decided) the outcome, one per line."""
    lines = [f"Stage: {interview.stage}"]
    lines.append(f"Date: {interview.date.isoformat() if interview.date else 'not given'}")
    lines.append(f"Interviewer: {interview.interviewer or 'not given'}")
    if interview.outcome is not None:
        lines.append(f"Outcome: {interview.outcome.value}")
    return "\n".join(lines)


def job_text(job: JobPosting) -> str:
    """The job's title and requirements, as the prompt shows them."""
    fields = job.fields
    lines = [f"Title: {job.title}"]
    for label, items in (
        ("Responsibilities", fields.responsibilities),
        ("Qualifications", fields.qualifications),
        ("Preferred qualifications", fields.preferred_qualifications),
    ):
        if items:
            lines.append(f"{label}:\n" + "\n".join(f"- {item}" for item in items))
    if fields.skills_required:
        lines.append(f"Skills required: {', '.join(fields.skills_required)}")
    if fields.years_of_experience is not None:
        lines.append(f"Years of experience: {fields.years_of_experience}")
    return "\n".join(lines)


def cv_summary(candidate: CandidateRecord, model: str) -> str:
    """The parsed CV in a few lines (name, title, years, skills, recent jobs), else the
    beginning of the CV's text; within CV_TOKEN_BUDGET tokens."""
    if candidate.profile is not None:
        text = _profile_text(candidate.name, candidate.profile)
    elif candidate.cv_text.strip():
        text = f"Name: {candidate.name}\n{candidate.cv_text.strip()}"
    else:
        text = f"Name: {candidate.name}\n(no CV on file)"
    return _cut(text, CV_TOKEN_BUDGET, model)


def _profile_text(name: str, profile: CvProfile) -> str:
    lines = [f"Name: {profile.basics.name or name}"]
    if title := profile.currentTitle or profile.basics.label:
        lines.append(f"Current title: {title}")
    if profile.yearsOfExperience is not None:
        lines.append(f"Years of experience: {profile.yearsOfExperience:g}")
    if skills := profile.skill_names():
        lines.append(f"Skills: {', '.join(skills)}")
    if profile.basics.summary:
        lines.append(f"Summary: {profile.basics.summary}")
    if profile.work:
        recent = [_work_line(job) for job in profile.work[:RECENT_JOBS]]
        lines.append("Recent experience:\n" + "\n".join(recent))
    return "\n".join(lines)


def _work_line(job: Work) -> str:
    head = " at ".join(part for part in (job.position, job.name) if part) or "A role"
    span = f"{job.startDate}–{job.endDate or 'now'}" if job.startDate else job.endDate
    details = "; ".join(part for part in (job.summary, *job.highlights[:3]) if part)
    return f"- {head}" + (f" ({span})" if span else "") + (f": {details}" if details else "")


def _score_line(competency: Competency) -> str:
    rating = "not rated" if competency.rating is None else f"{competency.rating}/5"
    comment = " ".join(competency.comment.split())
    return f"- {competency.name}: {rating}" + (f" — {comment}" if comment else "")


def _client_part(client: ClientProfile) -> str:
    part = "The client company:\n" + fenced("client_profile", client_profile_text(client))
    if voice := voice_instructions(client):
        part += "\n\nThe client's voice (follow these rules in the whole report):\n" + voice
    return part


def _task(scorecard: list[Competency]) -> str:
    headings = "\n".join(f"## {section}" for section in FEEDBACK_SECTIONS)
    task = (
        "Write the feedback report on this interview from the notes and the scorecard, "
        f"with exactly these sections, in this order:\n{headings}"
    )
    if rules := _score_rules(scorecard):
        task += "\n\nWhat the scores allow you to say:\n" + rules
    return task


def _score_rules(scorecard: list[Competency]) -> str:
    rules = []
    for competency in scorecard:
        name, rating = competency.name, competency.rating
        if rating is None:
            rules.append(f"- {name}: not assessed; judge it neither way.")
        elif rating <= 2:
            rules.append(
                f"- {name} ({rating}/5): list it under Concerns; never call it strong or "
                "praise it anywhere."
            )
        elif rating == 3:
            rules.append(f"- {name} (3/5): adequate; neither a strength nor a concern.")
        else:
            rules.append(f"- {name} ({rating}/5): may be named a strength.")
    return "\n".join(rules)


def _notes(notes: str, model: str) -> str:
    if not notes.strip():
        return "(the interviewer wrote no notes)"
    return _cut(notes.strip(), NOTES_TOKEN_BUDGET, model)


def _cut(text: str, budget: int, model: str) -> str:
    limit = budget * _CHARS_PER_TOKEN_MAX
    cut_text, cut = truncate_to_tokens(text[:limit], budget, model)
    if cut or len(text) > limit:
        return cut_text.rstrip() + "\n(cut here to fit)"
    return cut_text
