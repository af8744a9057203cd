"""Score conflicts: sentences of a feedback report that say the opposite of a rating are
found, and ordinary sentences about low or high scores raise no false alarm."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.domain.interview import Competency
from headhunter_desktop.core.services.feedback_checks import ScoreConflict, score_conflicts

SCORECARD = [
    Competency(name="Python", rating=2),
    Competency(name="SQL", rating=5),
    Competency(name="Go", rating=1),
    Competency(name="C++", rating=2),
    Competency(name="Culture fit", rating=1),
    Competency(name="Stakeholder management", rating=4),
    Competency(name="Kubernetes", rating=3),
    Competency(name="Rust"),
]


def reasons(text: str) -> list[str]:
    return [conflict.reason for conflict in score_conflicts(text, SCORECARD)]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("She showed strong Python skills.", 'says "strong" but Python is rated 2/5'),
        ("Her **Python** is *outstanding*.", 'says "outstanding" but Python is rated 2/5'),
        ("Deep knowledge of python internals.", 'says "deep" but Python is rated 2/5'),
        ("Excellent C++ and template metaprogramming.", 'says "excellent" but C++ is rated 2/5'),
        ("Strong SQL, Kubernetes and Go.", 'says "strong" but Go is rated 1/5'),
        ("Her SQL was weak.", 'says "weak" but SQL is rated 5/5'),
        ("He struggled with SQL joins.", 'says "struggled" but SQL is rated 5/5'),
        ("Her SQL is not strong.", 'says "strong" but SQL is rated 5/5'),
        ("She showed no weakness in Python.", 'says "weakness" but Python is rated 2/5'),
        ("She is a great fit for our culture.", 'says "great" but Culture fit is rated 1/5'),
        ("Stakeholder work was poor.", 'says "poor" but Stakeholder management is rated 4/5'),
    ],
)  # fmt: skip
def test_a_sentence_contradicting_a_score_is_found(sentence: str, reason: str) -> None:
    assert reasons(f"## Technical assessment\n\n{sentence}") == [reason]


@pytest.mark.parametrize(
    "sentence",
    [
        "Python (2/5) is a concern.",
        "Her Python is not strong yet.",
        "Strong SQL, though Python (2/5) lags behind.",
        "SQL is excellent, Python needs work.",
        "Excellent SQL; Python was weak.",
        "Python lacks depth, but SQL is solid.",
        "SQL (5/5) showed no weakness at all.",
        "We should go ahead with a strong offer on SQL.",  # "go" is not Go
        "Kubernetes was solid enough, and weak in places.",  # rated 3: either is fair
        "Rust was not assessed; she called it her strongest language.",  # not rated
        "Communication was excellent.",  # not on the scorecard
    ],
)
def test_sentences_that_agree_with_the_scores_raise_no_alarm(sentence: str) -> None:
    assert reasons(f"## Summary\n\n{sentence}") == []


def test_where_a_bullet_stands_says_what_it_claims() -> None:
    report = """## Strengths
- Python
- SQL (5/5): excellent query design.
- No concerns about stakeholders.

## Concerns
- Stakeholder management
- Python (2/5): weak on concurrency.
- SQL was flawless, no concern there."""
    assert reasons(report) == [
        "is listed under Strengths but Python is rated 2/5",
        "is listed under Concerns but Stakeholder management is rated 4/5",
    ]


def test_a_conflict_names_its_competency_rating_and_sentence_in_order() -> None:
    report = (
        "## Summary\nA calm interview. Strong Python throughout! Her SQL was weak.\n"
        "## Recommendation\n1. Hire for the strong Go skills."
    )
    python, sql, go = score_conflicts(report, SCORECARD)
    assert python == ScoreConflict(
        "Python", 2, "Strong Python throughout!", 'says "strong" but Python is rated 2/5'
    )
    assert sql == ScoreConflict("SQL", 5, "Her SQL was weak.", 'says "weak" but SQL is rated 5/5')
    assert go == ScoreConflict(
        "Go", 1, "Hire for the strong Go skills.", 'says "strong" but Go is rated 1/5'
    )
    assert score_conflicts(report, []) == []
    assert score_conflicts("", SCORECARD) == []
