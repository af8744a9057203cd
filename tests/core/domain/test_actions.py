"""Actions: stored codes stay stable, people read labels, old codes still show."""

from __future__ import annotations

from headhunter_desktop.core.domain.actions import Action, action_label


def test_actions_store_their_code_and_show_their_label() -> None:
    assert Action("parse_cv") is Action.PARSE_CV and Action.PARSE_CV == "parse_cv"
    assert f"{Action.EMBED_QUERY}" == "embed_query"  # what a record stores
    assert Action.EMBED_QUERY.label == "Search query"
    assert Action.EXTRACT_COMPANY.label == "Read company website"
    assert all(action.label and action.label != action.value for action in Action)


def test_an_unknown_code_from_an_old_record_shows_as_it_is() -> None:
    assert action_label("generate_feedback") == "Write interview feedback"
    assert action_label("analyze_job_stream") == "analyze_job_stream"


def test_only_the_embedding_actions_are_embeddings() -> None:
    assert {a for a in Action if a.is_embedding} == {Action.EMBED_CV, Action.EMBED_QUERY}
