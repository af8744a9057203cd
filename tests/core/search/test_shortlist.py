"""Matched and missing skills: tolerant of case, accents, spacing and punctuation, not synonyms."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.search import shortlist


def entry(requirements: list[str], skills: list[str], text: str | None = ""):
    (result,) = shortlist(requirements, [(1, skills, text)])
    return result


@pytest.mark.parametrize(
    ("requirement", "skills", "text"),
    [
        ("PostgreSQL", [], "Databases: postgres sql and Redis."),
        ("postgres sql", ["PostgreSQL"], ""),
        ("Node.js", ["NodeJS"], ""),
        ("nodejs", [], "Backends in Node.js."),
        ("CI/CD", [], "Built CI CD pipelines"),
        ("Machine Learning", ["machine-learning"], ""),
        ("C++", ["c++"], ""),
        ("Zoë", [], "Referred by ZOE."),
        ("microservice", [], "Split a monolith into microservices."),
        ("Microservices", ["Microservice architecture"], ""),
    ],
)
def test_tolerant_matches(requirement: str, skills: list[str], text: str) -> None:
    assert entry([requirement], skills, text).matched == [requirement]


@pytest.mark.parametrize(
    ("requirement", "skills", "text"),
    [
        ("Java", ["JavaScript"], "JavaScript and TypeScript"),
        ("Kubernetes", ["k8s"], "k8s clusters"),  # no synonyms
        ("C++", ["C"], "C and C#"),
        ("SQL", ["PostgreSQL"], ""),  # a whole word, not a piece of one
        ("SASS", ["SAS"], ""),  # short words: no plural tolerance
        ("JavaScript", ["Java", "Script"], ""),  # never across two skills
    ],
)
def test_near_misses_are_missing(requirement: str, skills: list[str], text: str) -> None:
    assert entry([requirement], skills, text).missing == [requirement]


def test_matched_and_missing_keep_the_requirements_spelling_and_order() -> None:
    result = entry(["Python", "  Django ", "Go", "python", ""], ["python", "Flask"], "Go, Rust")
    assert result.matched == ["Python", "Go"]
    assert result.missing == ["Django"]
    assert result.coverage == pytest.approx(2 / 3)


def test_most_matched_first_and_stable_otherwise() -> None:
    requirements = ["Python", "Django", "PostgreSQL"]
    candidates = [
        (1, ["Python"], "Flask"),
        (2, ["Python", "Django"], "PostgreSQL"),
        (3, [], "Python scripts"),
        (4, ["Django"], None),
        (5, [], "cooking"),
    ]
    result = shortlist(requirements, candidates)
    assert [e.candidate_id for e in result] == [2, 1, 3, 4, 5]
    assert result[0].missing == [] and result[-1].matched == []


def test_no_requirements() -> None:
    (result,) = shortlist([], [(1, ["Python"], "text")])
    assert result.matched == [] and result.missing == [] and result.coverage == 1.0
    assert shortlist(["Python"], []) == []


def test_each_match_says_whether_the_skills_field_or_the_cv_text_has_it() -> None:
    found = entry(
        ["Python", "Kafka", "Go", "Rust"],
        ["Python", "Go"],
        "Python services; a Kafka pipeline.",
    )
    assert found.matched == ["Python", "Kafka", "Go"] and found.missing == ["Rust"]
    assert found.sources == {"Python": "both", "Kafka": "cv text", "Go": "skills"}
