"""Reciprocal rank fusion of the keyword and the vector result lists.

RRF uses ranks only, so bm25 / ts_rank scores and cosines need no common scale:
score = Σ 1 / (k + rank) over the lists a candidate appears in. k = 60 is the value of
the original paper (Cormack et al., 2009); larger k flattens the head of each list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from headhunter_desktop.core.search.keyword import KeywordHit

RRF_K = 60


@dataclass(frozen=True)
class SearchHit:
    """One fused result and why it is there: its rank in each list, cosine, matched words."""

    candidate_id: int
    score: float
    keyword_rank: int | None
    vector_rank: int | None
    similarity: float | None
    matched_terms: list[str] = field(default_factory=list)


def hybrid_search(
    keyword_hits: Sequence[KeywordHit],
    vector_hits: Sequence[tuple[int, float]],
    limit: int,
    k: int = RRF_K,
) -> list[SearchHit]:
    """Fuse keyword hits (ranked) and vector hits ((id, cosine), best first) into `limit` hits."""
    keyword = {hit.candidate_id: hit for hit in keyword_hits}
    vector = {
        candidate_id: (rank, similarity)
        for rank, (candidate_id, similarity) in enumerate(vector_hits, start=1)
    }
    hits = []
    for candidate_id in keyword.keys() | vector.keys():
        keyword_hit = keyword.get(candidate_id)
        vector_rank, similarity = vector.get(candidate_id, (None, None))
        score = 0.0
        if keyword_hit is not None:
            score += 1.0 / (k + keyword_hit.rank)
        if vector_rank is not None:
            score += 1.0 / (k + vector_rank)
        hits.append(
            SearchHit(
                candidate_id=candidate_id,
                score=score,
                keyword_rank=keyword_hit.rank if keyword_hit else None,
                vector_rank=vector_rank,
                similarity=similarity,
                matched_terms=list(keyword_hit.matched_terms) if keyword_hit else [],
            )
        )
    # Ties (e.g. keyword rank 3 vs vector rank 3) go to the better single rank, then the id:
    # the same query always lists the same order.
    hits.sort(key=lambda h: (-h.score, min(_ranks(h)), h.candidate_id))
    return hits[: max(limit, 0)]


def _ranks(hit: SearchHit) -> list[int]:
    return [r for r in (hit.keyword_rank, hit.vector_rank) if r is not None]
