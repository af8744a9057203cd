"""Fusion: keyword score and calibrated meaning add up; strong meaning can win on its own."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.search import KeywordHit, hybrid_search
from headhunter_desktop.core.search.fusion import PARTIAL_WEIGHT, SURFACE_AT, UNCALIBRATED_VALUE
from headhunter_desktop.core.search.meaning_scale import MeaningScale

SCALE = MeaningScale(threshold=0.84, strong=0.86, floor=0.82, full=0.88)


def kw(*candidate_ids: int, complete: bool = True) -> list[KeywordHit]:
    return [
        KeywordHit(c, rank, 10.0 - rank, [f"t{c}"], complete)
        for rank, c in enumerate(candidate_ids, 1)
    ]


def vec(*candidate_ids: int, top: float = 0.9) -> list[tuple[int, float]]:
    return [(c, top - 0.01 * rank) for rank, c in enumerate(candidate_ids)]


def test_found_by_both_ranks_above_found_by_one() -> None:
    hits = hybrid_search(kw(1, 2, 3), vec(4, 2, 5), limit=10, scale=SCALE)
    assert hits[0].candidate_id == 2
    both = hits[0]
    assert (both.keyword_rank, both.vector_rank) == (2, 2)
    assert both.similarity == pytest.approx(0.89)
    assert both.matched_terms == ["t2"]
    assert both.strength == "strong"


def test_a_strong_meaning_hit_outranks_keyword_hits_that_only_share_some_words() -> None:
    partial = kw(1, 2, 3, complete=False)
    hits = hybrid_search(partial, [(9, 0.87)], limit=10, scale=SCALE)
    assert hits[0].candidate_id == 9
    assert hits[1].score == pytest.approx(PARTIAL_WEIGHT)  # the best partial keyword hit


def test_a_weak_neighbour_comes_after_every_keyword_hit() -> None:
    hits = hybrid_search(kw(1, 2), [(5, 0.87), (9, 0.821)], limit=10, scale=SCALE)
    assert [h.candidate_id for h in hits][-1] == 9
    assert hits[-1].strength == "weak"


def test_an_uncalibrated_model_weighs_its_few_hits_the_same() -> None:
    hits = {h.candidate_id: h for h in hybrid_search(kw(1), vec(3, 4), limit=10)}
    assert hits[3].score == hits[4].score == pytest.approx(UNCALIBRATED_VALUE)
    assert hits[3].strength is None
    assert (hits[1].keyword_rank, hits[1].vector_rank, hits[1].similarity) == (1, None, None)
    assert hits[3].matched_terms == []


def test_ties_are_broken_the_same_way_every_time() -> None:
    first = [h.candidate_id for h in hybrid_search(kw(7, 8), vec(9, 6), limit=10)]
    # Keyword 1.0 and 0.89 of the best; the uncalibrated meaning hits 0.5 each: rank decides.
    assert first == [7, 8, 9, 6]
    assert [h.candidate_id for h in hybrid_search(kw(7, 8), vec(9, 6), limit=10)] == first


def test_limit_and_empty_lists() -> None:
    assert len(hybrid_search(kw(*range(1, 30)), vec(*range(20, 60)), limit=5)) == 5
    assert hybrid_search([], [], limit=5) == []
    assert [h.candidate_id for h in hybrid_search([], vec(3, 1), limit=5)] == [3, 1]
    assert hybrid_search(kw(1), [], limit=0) == []


def test_the_best_strong_meaning_only_hit_reaches_the_first_screen() -> None:
    # Ten CVs with the words and a fair meaning (the "ICU nurse" of the relevance set), and
    # one in another language found by meaning alone: it is listed fifth, not eleventh.
    ten = list(range(1, 11))
    meaning = [(c, 0.87) for c in ten] + [(99, 0.865), (98, 0.864)]
    hits = hybrid_search(_ten_keyword_hits(), meaning, limit=20, scale=SCALE)
    order = [h.candidate_id for h in hits]
    assert order.index(99) == SURFACE_AT - 1
    assert order.index(98) == 11  # only the best one is moved up
    assert order[:4] == [1, 2, 3, 4] and order[5:11] == [5, 6, 7, 8, 9, 10]


def test_a_moderate_meaning_only_hit_is_not_moved_up() -> None:
    ten = list(range(1, 11))
    meaning = [(c, 0.87) for c in ten] + [(99, 0.85)]  # above the threshold, not strong
    hits = hybrid_search(_ten_keyword_hits(), meaning, limit=20, scale=SCALE)
    assert [h.candidate_id for h in hits].index(99) == 10
    uncalibrated = hybrid_search(_ten_keyword_hits(), [(99, 0.99)], limit=20)
    assert [h.candidate_id for h in uncalibrated].index(99) == 10


def _ten_keyword_hits() -> list[KeywordHit]:
    # Every one has all the words and a score of its own (19 down to 10).
    return [KeywordHit(c, c, 20.0 - c, [f"t{c}"], True) for c in range(1, 11)]
