"""An interview of a candidate for a job: the interviewer's notes, a scorecard of rated
competencies, the outcome, and the feedback report written from them.

The job's client pays for the report's generation. Validation here is what any front end
gets on constructing a value (pydantic's ValidationError); `InterviewService.save` checks
again, since lists of a model can be changed after it was built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PRESET_STAGES = ("screening", "technical", "culture", "final")
STAGE_MAX = 50
INTERVIEWER_MAX = 200
COMPETENCY_NAME_MAX = 100
RATING_MIN, RATING_MAX = 1, 5
# The job's required skills a default scorecard takes, at most (a scorecard is read whole).
DEFAULT_SKILLS_MAX = 12
SOFT_COMPETENCIES = ("Communication", "Culture fit")

FEEDBACK_SECTIONS = (
    "Summary",
    "Technical assessment",
    "Communication",
    "Culture fit",
    "Strengths",
    "Concerns",
    "Recommendation",
)


class Outcome(StrEnum):
    """What was decided after the interview (None on an Interview: not decided yet)."""

    PASS = "pass"
    FAIL = "fail"
    HOLD = "hold"

    @property
    def label(self) -> str:
        """What lists and exports show."""
        return self.value.capitalize()


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Competency(_Model):
    """One row of the scorecard: a competency, its rating 1–5 (None: not rated), a comment."""

    name: str
    rating: int | None = Field(default=None, ge=RATING_MIN, le=RATING_MAX)
    comment: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("a competency needs a name")
        if len(name) > COMPETENCY_NAME_MAX:
            raise ValueError(f"a competency name has at most {COMPETENCY_NAME_MAX} characters")
        return name

    @field_validator("comment")
    @classmethod
    def _comment(cls, value: str) -> str:
        return value.strip()


class FeedbackReport(_Model):
    """The feedback report (Markdown) and where it came from."""

    markdown: str = ""
    ai_drafted: bool = False  # the model wrote (a version of) it
    edited_by_person: bool = False  # a person changed it after the model wrote it
    generated_at: datetime | None = None
    model: str | None = None

    @property
    def is_empty(self) -> bool:
        """No report written yet (only white space)."""
        return not self.markdown.strip()


class Interview(_Model):
    """One interview; `job_id` None while no job is chosen (then no feedback is billed)."""

    id: int | None = None
    candidate_id: int
    job_id: int | None = None  # the job's client pays for the feedback
    stage: str = "screening"
    date: Date | None = None
    interviewer: str = ""
    notes: str = ""
    scorecard: list[Competency] = Field(default_factory=list)
    outcome: Outcome | None = None
    feedback: FeedbackReport = Field(default_factory=FeedbackReport)

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: str) -> str:
        return check_stage(value)

    @field_validator("interviewer")
    @classmethod
    def _interviewer(cls, value: str) -> str:
        name = " ".join(value.split())
        if len(name) > INTERVIEWER_MAX:
            raise ValueError(f"an interviewer's name has at most {INTERVIEWER_MAX} characters")
        return name

    @model_validator(mode="after")
    def _unique_competencies(self) -> Interview:
        duplicate = duplicate_competency(self.scorecard)
        if duplicate is not None:
            raise ValueError(f"the scorecard names {duplicate!r} twice")
        return self


def check_stage(value: str) -> str:
    """`value` as a stage name (spaces collapsed; presets in lower case); ValueError when
    it is empty or longer than STAGE_MAX characters."""
    stage = " ".join(value.split())
    if not stage:
        raise ValueError("an interview needs a stage")
    if len(stage) > STAGE_MAX:
        raise ValueError(f"a stage name has at most {STAGE_MAX} characters")
    return stage.casefold() if stage.casefold() in PRESET_STAGES else stage


def stage_label(stage: str) -> str:
    """What lists show for a stage: a preset capitalised ("Technical"), a custom one as named."""
    return stage.capitalize() if stage in PRESET_STAGES else stage


def competency_key(name: str) -> str:
    """The form of a competency name that decides whether two rows name the same thing."""
    return " ".join(name.split()).casefold()


def duplicate_competency(scorecard: Sequence[Competency]) -> str | None:
    """The first competency named twice (case-insensitively), or None."""
    seen: set[str] = set()
    for competency in scorecard:
        key = competency_key(competency.name)
        if key in seen:
            return competency.name
        seen.add(key)
    return None


def default_competencies(skills_required: Sequence[str]) -> list[Competency]:
    """The job's required skills (stripped, deduplicated case-insensitively, order kept, at
    most DEFAULT_SKILLS_MAX), then Communication and Culture fit; all unrated."""
    names: list[str] = []
    seen: set[str] = set()
    for skill in skills_required:
        name = " ".join(skill.split())[:COMPETENCY_NAME_MAX].strip()
        if name and competency_key(name) not in seen and len(names) < DEFAULT_SKILLS_MAX:
            names.append(name)
            seen.add(competency_key(name))
    names += [soft for soft in SOFT_COMPETENCIES if competency_key(soft) not in seen]
    return [Competency(name=name) for name in names]
