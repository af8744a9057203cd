"""CvProfile: JSON Resume names, tolerant dates, export."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.domain.cv_profile import CvProfile, normalize_cv_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-03-15", "2019-03"),
        ("2019/3", "2019-03"),
        ("03/2019", "2019-03"),
        ("2019", "2019"),
        ("2019-13", "2019"),
        ("Present", None),
        ("", None),
        (None, None),
        (2021, "2021"),
    ],
)
def test_dates_become_year_or_year_month(raw: object, expected: str | None) -> None:
    assert normalize_cv_date(raw) == expected


def test_model_answer_validates_and_exports_as_json_resume() -> None:
    answer = {
        "basics": {
            "name": "Jane Doe",
            "email": "jane@example.com",
            "profiles": [{"network": "LinkedIn", "url": "https://linkedin.com/in/jane"}],
        },
        "work": [
            {"name": "Acme", "position": "SRE", "startDate": "2018-01-01", "endDate": "present"}
        ],
        "education": [{"institution": "TU Delft", "score": 8.5, "startDate": "2012"}],
        "skills": [{"name": "Kubernetes", "keywords": ["Helm", "kubernetes"]}],
        "yearsOfExperience": 7,
        "currentTitle": "SRE",
        "unexpected": "ignored",
    }
    profile = CvProfile.model_validate(answer)
    assert profile.work[0].startDate == "2018-01" and profile.work[0].endDate is None
    assert profile.education[0].score == "8.5"
    assert profile.skill_names() == ["Kubernetes", "Helm"]
    exported = profile.to_json_resume()
    assert exported["basics"]["profiles"][0]["url"] == "https://linkedin.com/in/jane"
    assert exported["meta"]["headhunter"] == {"yearsOfExperience": 7.0, "currentTitle": "SRE"}
    assert "yearsOfExperience" not in exported and exported["$schema"].endswith("schema.json")
