"""One line of a list of interviews: what the lists of the Interviews tab and a candidate's
history show. Apart from the interview service so that the CVs tab, which shows a
candidate's history, does not import that service (and what it imports) at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from headhunter_desktop.core.domain.interview import Outcome


@dataclass(frozen=True)
class InterviewSummary:
    """One line of a list of interviews."""

    id: int
    candidate_id: int
    candidate_name: str
    job_id: int | None
    job_title: str | None
    client_id: int | None
    client_name: str | None
    stage: str
    date: date | None
    interviewer: str
    outcome: Outcome | None
    has_feedback: bool
    updated_at: datetime
