"""The TalentSearch facade end to end: real database, real vectors from the fake embedding."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import numpy as np
import pytest

from headhunter_desktop.core.search import SearchFields, TalentSearch, VectorIndex
from headhunter_desktop.core.search.meaning_scale import UNCALIBRATED_TOP_K, MeaningScale
from headhunter_desktop.core.storage.database import MainDatabase
from tests.fakes.openai_replies import fake_embedding
from tests.helpers.candidates import Person, add_clients, add_people, ids

MODEL = "fake-embedding"
DIMS = 256
# The fake embedding's own scale (bags of hashed words): sharing a word or two is ~0.2-0.45.
FAKE_SCALE = MeaningScale(threshold=0.35, strong=0.6, floor=0.2, full=0.8)
T = TypeVar("T")


def embed(text: str) -> np.ndarray:
    return np.array(fake_embedding(text, DIMS), dtype=np.float32)


def person(candidate_id: int, name: str, text: str, client: int | None = None) -> Person:
    extra = {"embedding": embed(text).astype("<f4").tobytes(), "embedding_model": MODEL}
    return Person(candidate_id, name, text, client=client, extra=extra)


POOL = [
    person(1, "Kim Cloud", "Kubernetes cloud platform engineer. AWS, Terraform, Helm.", 1),
    person(2, "Pat Baker", "Pastry chef. Croissants, cakes, chocolate and sugar work."),
    person(3, "Sam Mixer", "Sound engineer for live concerts and studio recording.", 1),
    person(4, "Cy Bridge", "Civil engineer: bridges, tunnels and concrete."),
]


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def db(main_db: MainDatabase) -> MainDatabase:
    add_clients(main_db, 1)
    add_people(main_db, POOL, index=False)  # the first search indexes them
    return main_db


@pytest.fixture
def talent(db: MainDatabase) -> Iterator[TalentSearch]:
    search = TalentSearch(db, MODEL, meaning_scales={MODEL: FAKE_SCALE})
    try:
        yield search
    finally:
        search.close()


def test_meaning_ranks_the_cloud_engineer_first_and_leaves_the_pastry_chef_out(
    talent: TalentSearch,
) -> None:
    query = "cloud infrastructure engineer"
    hits = run(talent.search(query, embed(query), limit=10))
    by_id = {h.candidate_id: h for h in hits}

    assert ids(hits)[0] == 1
    # No CV holds all three words: the meaning, not an exact match, puts Kim first.
    assert all(len(h.matched_terms) < 3 for h in hits)
    assert by_id[1].matched_terms == ["cloud", "engineer"] and by_id[1].vector_rank == 1
    assert by_id[1].strength == "moderate"
    # The pastry chef shares no meaning with the query: below the scale's floor, not listed.
    assert 2 not in by_id


def test_a_query_nobody_matches_finds_nobody(talent: TalentSearch) -> None:
    query = "marine biologist"
    assert run(talent.search(query, embed(query))) == []


def test_an_uncalibrated_model_lists_only_its_nearest_few_by_meaning(db: MainDatabase) -> None:
    search = TalentSearch(db, MODEL)
    try:
        query = "marine biologist"
        hits = run(search.search(query, embed(query)))
    finally:
        search.close()
    assert 0 < len(hits) <= UNCALIBRATED_TOP_K
    assert all(h.strength is None and h.vector_rank is not None for h in hits)


def test_not_excludes_hits_found_by_meaning_too(talent: TalentSearch) -> None:
    query = "cloud infrastructure engineer"
    assert 1 in ids(run(talent.search(query, embed(query))))
    excluded = run(talent.search(f"{query} NOT kubernetes", embed(query)))
    # Kim is the nearest by meaning but her CV says Kubernetes; the other engineers stay.
    assert set(ids(excluded)) == {3, 4}


def test_without_a_query_vector_the_search_is_keyword_only(talent: TalentSearch) -> None:
    hits = run(talent.search("engineer", None))
    assert set(ids(hits)) == {1, 3, 4}
    assert all(h.vector_rank is None and h.similarity is None for h in hits)
    assert run(talent.search("no such word", None)) == []
    assert ids(run(talent.search("", embed("pastry chef"))))[0] == 2  # vector-only


def test_client_filter_applies_to_both_lists(talent: TalentSearch) -> None:
    query = "cloud infrastructure engineer"
    assert set(ids(run(talent.search(query, embed(query), client_company_id=1)))) == {1, 3}
    own_pool = run(talent.search(query, embed(query), client_company_id=None))
    assert set(ids(own_pool)) == {4}  # the civil engineer by keyword; the chef is no match


def test_index_and_remove_update_both_indexes(db: MainDatabase, talent: TalentSearch) -> None:
    newcomer = "Data scientist: pandas, scikit-learn, forecasting."

    async def scenario() -> tuple[list[int], list[int], list[int], list[int], bool]:
        await talent.ensure_loaded()
        add_people(db, [Person(5, "Dee Data", newcomer)], index=False)
        fields = SearchFields("Dee Data", "Data scientist", "pandas, scikit-learn", newcomer)
        indexed = await talent.index(5, fields, embed(newcomer))
        by_word = ids(await talent.search("forecasting", None))
        by_meaning = ids(await talent.search("", embed(newcomer), limit=1))
        await talent.remove(5)
        gone_word = ids(await talent.search("forecasting", None))
        gone_meaning = ids(await talent.search("", embed(newcomer), limit=5))
        return by_word, by_meaning, gone_word, gone_meaning, indexed

    by_word, by_meaning, gone_word, gone_meaning, indexed = run(scenario())
    assert indexed and by_word == [5] and by_meaning == [5]
    assert gone_word == [] and 5 not in gone_meaning
    assert run(talent.index(77, SearchFields("Ghost", "", "", "x"), embed("x"))) is False
    assert 77 not in talent.vectors


def test_words_of_a_hit_found_by_meaning_are_still_shown(
    db: MainDatabase, talent: TalentSearch
) -> None:
    # 60 identical Python CVs (not embedded) fill the keyword pool; the 61st, longer and so
    # last, is found by meaning only, yet contains "python" too and must say so.
    clones = [Person(100 + i, f"Clone {i}", "Python developer.") for i in range(60)]
    target = "Python developer who also writes Rust and cooks."
    add_people(db, [*clones, person(999, "Target", target)], index=False)
    hits = run(talent.search("python", embed(target), limit=10))
    hit = next(h for h in hits if h.candidate_id == 999)
    assert hit.keyword_rank is None and hit.vector_rank == 1
    assert hit.matched_terms == ["python"]


class ThreadRecordingIndex(VectorIndex):
    """A real VectorIndex that notes which thread searched it."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[threading.Thread] = set()

    def search(self, *args: Any, **kwargs: Any) -> list[tuple[int, float]]:
        self.threads.add(threading.current_thread())
        return super().search(*args, **kwargs)


def test_vector_work_never_runs_on_the_event_loop_thread(talent: TalentSearch) -> None:
    talent.vectors = recording = ThreadRecordingIndex()

    async def scenario() -> None:
        query = "engineer"
        await talent.search(query, embed(query))
        await talent.search(query, embed(query), client_company_id=1)

    run(scenario())  # asyncio.run: the event loop runs on this (the main) thread
    names = {thread.name for thread in recording.threads}
    assert names and all(name.startswith("vector-search") for name in names)
    assert len(recording) == len(POOL)


def test_concurrent_first_searches_load_once(talent: TalentSearch) -> None:
    async def scenario() -> list[list[int]]:
        searches = [talent.search("engineer", embed("engineer")) for _ in range(5)]
        return [ids(hits) for hits in await asyncio.gather(*searches)]

    results = run(scenario())
    assert all(r == results[0] for r in results) and len(talent.vectors) == len(POOL)
