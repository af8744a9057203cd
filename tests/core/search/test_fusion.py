"""Reciprocal rank fusion: agreement between the two lists wins."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.search import KeywordHit, hybrid_search


def kw(*candidate_ids: int) -> list[KeywordHit]:
    return [KeywordHit(c, rank, 10.0 - rank, [f"t{c}"]) for rank, c in enumerate(candidate_ids, 1)]


def vec(*candidate_ids: int) -> list[tuple[int, float]]:
    return [(c, 0.9 - 0.01 * rank) for rank, c in enumerate(candidate_ids)]


def test_found_by_both_ranks_above_found_by_one_at_similar_ranks() -> None:
    hits = hybrid_search(kw(1, 2, 3), vec(4, 2, 5), limit=10)
    assert hits[0].candidate_id == 2  # rank 2 in both beats rank 1 in one
    both = hits[0]
    assert (both.keyword_rank, both.vector_rank) == (2, 2)
    assert both.similarity == pytest.approx(0.89)
    assert both.matched_terms == ["t2"]
    assert both.score == pytest.approx(2 / 62)


def test_scores_and_explanations() -> None:
    hits = {h.candidate_id: h for h in hybrid_search(kw(1, 2), vec(3), limit=10, k=10)}
    assert hits[1].score == pytest.approx(1 / 11)
    assert (hits[1].keyword_rank, hits[1].vector_rank, hits[1].similarity) == (1, None, None)
    assert (hits[3].keyword_rank, hits[3].vector_rank) == (None, 1)
    assert hits[3].matched_terms == []


def test_ties_are_broken_the_same_way_every_time() -> None:
    first = [h.candidate_id for h in hybrid_search(kw(7, 8), vec(9, 6), limit=10)]
    assert first == [7, 9, 6, 8]  # equal scores: same rank, then the lower id
    assert [h.candidate_id for h in hybrid_search(kw(7, 8), vec(9, 6), limit=10)] == first


def test_limit_and_empty_lists() -> None:
    assert len(hybrid_search(kw(*range(1, 30)), vec(*range(20, 60)), limit=5)) == 5
    assert hybrid_search([], [], limit=5) == []
    assert [h.candidate_id for h in hybrid_search([], vec(3, 1), limit=5)] == [3, 1]
    assert hybrid_search(kw(1), [], limit=0) == []
