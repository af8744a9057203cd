"""What `interview add` reads from its arguments: scores, the day, the notes file.

Everything is checked before the database is opened for writing: a typo in the fifth
`--score` must not leave an interview half recorded.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from headhunter_desktop.core.domain.interview import Competency, competency_key
from headhunter_desktop.core.errors import UserFacingError

SCORE_FORM = "COMPETENCY=N[:COMMENT]"
# The name runs to the first "=": a comment may hold "=" and ":" of its own.
_SCORE = re.compile(r"(?P<name>[^=]*)=(?P<rating>[^:]*)(?::(?P<comment>.*))?", re.DOTALL)


class InterviewInputError(UserFacingError):
    """An argument of `interview add` that cannot be used as it is."""

    code = "interview_input"


def parse_scores(values: Sequence[str]) -> list[Competency]:
    """One rated competency per `--score` value; InterviewInputError naming the bad one."""
    scores = [parse_score(value) for value in values]
    seen: set[str] = set()
    for score in scores:
        if competency_key(score.name) in seen:
            raise InterviewInputError(f"--score rates {score.name!r} twice.")
        seen.add(competency_key(score.name))
    return scores


def parse_score(value: str) -> Competency:
    """`Python=4:clean code` as a competency rated 4 with its comment."""
    found = _SCORE.fullmatch(value)
    if found is None:
        raise InterviewInputError(
            f"--score {value!r}: expected {SCORE_FORM}, e.g. Python=4:clean, tested code."
        )
    rating = found["rating"].strip()
    if not rating.isdigit() or not 1 <= int(rating) <= 5:
        raise InterviewInputError(f"--score {value!r}: the rating is a whole number from 1 to 5.")
    try:
        return Competency(name=found["name"], rating=int(rating), comment=found["comment"] or "")
    except ValidationError as exc:
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise InterviewInputError(f"--score {value!r}: {reason}.") from None


def rated(scorecard: Sequence[Competency], scores: Sequence[Competency]) -> list[Competency]:
    """The scorecard with each score in its competency's row (the default's spelling kept);
    competencies it does not have are added at the end, in the order given."""
    unplaced = {competency_key(score.name): score for score in scores}
    rows = []
    for row in scorecard:
        score = unplaced.pop(competency_key(row.name), None)
        update = {} if score is None else {"rating": score.rating, "comment": score.comment}
        rows.append(row.model_copy(update=update))
    return rows + list(unplaced.values())


def parse_day(value: str | None) -> date:
    """`--date` as a day; today when it is not given."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InterviewInputError(f"--date {value!r}: expected a day as YYYY-MM-DD.") from None


def read_notes(path: str | None) -> str:
    """The interviewer's notes from a UTF-8 text file (`-`: standard input)."""
    if path is None:
        return ""
    if path == "-":
        return sys.stdin.read().strip()
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise InterviewInputError(f"{path}: the notes are not UTF-8 text.") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InterviewInputError(f"Cannot read the notes file {path}: {reason}.") from None
