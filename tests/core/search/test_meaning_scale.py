"""The per-model similarity threshold applied to the vector list before fusion."""

from __future__ import annotations

from headhunter_desktop.core.search.meaning_scale import (
    UNCALIBRATED_TOP_K,
    MeaningScale,
    meaning_hits,
    scale_for,
)

SCALE = MeaningScale(threshold=0.84, strong=0.86, floor=0.82, full=0.88)
# What e5-small answers for "marine biologist" on the benchmark set: nobody is a match.
NOBODY = [(6, 0.831), (48, 0.827), (52, 0.824), (50, 0.824), (18, 0.824)]
# "Chinese-speaking software engineer": one match, and its neighbours down to the floor.
SOMEBODY = [(65, 0.868), (30, 0.852), (26, 0.850), (39, 0.839), (51, 0.821), (48, 0.81)]


def test_a_query_whose_nearest_cv_is_below_the_threshold_has_no_meaning_hits() -> None:
    assert meaning_hits(NOBODY, SCALE) == []


def test_a_query_with_a_match_keeps_its_neighbours_down_to_the_floor() -> None:
    assert [c for c, _ in meaning_hits(SOMEBODY, SCALE)] == [65, 30, 26, 39, 51]


def test_an_uncalibrated_model_keeps_only_its_nearest_few() -> None:
    assert meaning_hits(NOBODY, None) == NOBODY[:UNCALIBRATED_TOP_K]
    assert UNCALIBRATED_TOP_K <= 2  # a query nobody matches lists at most two people


def test_strength_in_words() -> None:
    assert [SCALE.strength(s) for s in (0.87, 0.85, 0.83)] == ["strong", "moderate", "weak"]
    assert 0 < SCALE.value(0.82) < SCALE.value(0.85) < SCALE.value(0.88) == SCALE.value(0.95)


def test_calibrated_models_by_the_names_servers_use() -> None:
    assert scale_for("multilingual-e5-small-q4") is not None
    assert scale_for("intfloat/multilingual-e5-small") == scale_for("Multilingual-E5-Small")
    assert scale_for("text-embedding-3-small") is None
    assert scale_for("fake-embedding", {"fake-embedding": SCALE}) == SCALE
