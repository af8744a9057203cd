"""Why a result is there, in words: matched terms, meaning and its strength, never a score."""

from __future__ import annotations

from headhunter_desktop.core.services.match_reasons import has_details, has_text, search_reason


def test_search_reasons() -> None:
    assert search_reason(["python", "django"], False, None) == "matched: python, django"
    assert search_reason(["python"], True, "strong") == "matched: python · similar meaning (strong)"
    assert search_reason([], True, "moderate") == "similar meaning (moderate)"
    assert search_reason([], True, None) == "similar meaning"  # an uncalibrated model


def test_has_says_where_a_skill_was_found() -> None:
    sources = {"Python": "both", "Kafka": "cv text", "Go": "skills"}
    matched = ["Python", "Kafka", "Go"]
    assert has_text(matched, sources) == "Python, Kafka (CV text only), Go (Skills field only)"
    assert has_details(matched, sources).splitlines() == [
        "Python: in the Skills field and the CV text",
        "Kafka: in the CV text, not in the Skills field",
        "Go: in the Skills field, not in the CV text",
    ]
