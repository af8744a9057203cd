"""The search side of an embedding model change: one model's vectors per index, never mixed;
another size is a specific error, not an unexpected one; the gap is counted."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from headhunter_desktop.core.search import SearchFields, TalentSearch, VectorIndex, VectorSizeError
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import ParseStatus
from tests.fakes.openai_replies import fake_embedding
from tests.helpers.candidates import Person, add_clients, add_people, ids

OLD, NEW = "old-model", "new-model"
OLD_DIMS, NEW_DIMS = 48, 24


def embed(text: str, dims: int) -> np.ndarray:
    return np.array(fake_embedding(text, dims), dtype=np.float32)


def finished(
    candidate_id: int, text: str, model: str | None, dims: int, client: int | None = None
) -> Person:
    """A candidate the intake finished, embedded with `model` (None: no embedding)."""
    extra: dict[str, Any] = {"parse_status": ParseStatus.DONE, "embedding_model": model}
    extra["embedding"] = embed(text, dims).astype("<f4").tobytes() if model else None
    return Person(candidate_id, f"Person {candidate_id}", text, client=client, extra=extra)


POOL = [
    finished(1, "Kubernetes cloud platform engineer", OLD, OLD_DIMS, client=1),
    finished(2, "Pastry chef, croissants and cakes", OLD, OLD_DIMS),
    finished(3, "Cloud infrastructure engineer, AWS", NEW, NEW_DIMS, client=1),
    finished(4, "Civil engineer for bridges", None, 0),
    # Same model name, other size (the model's output size changed): outvoted, left out.
    finished(5, "Sound engineer for concerts", NEW, OLD_DIMS),
    finished(6, "Data engineer, Spark and SQL", NEW, NEW_DIMS),
]


@pytest.fixture
def talent(main_db: MainDatabase) -> Iterator[TalentSearch]:
    add_clients(main_db, 1)
    add_people(main_db, POOL)
    search = TalentSearch(main_db, OLD)
    try:
        yield search
    finally:
        search.close()


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_switching_the_model_loads_only_that_models_vectors(talent: TalentSearch) -> None:
    async def scenario() -> tuple[int, int, list[int], int, int]:
        old_gap = await talent.not_searchable_by_meaning()
        talent.set_embedding_model(NEW)
        new_gap = await talent.not_searchable_by_meaning()
        query = "cloud engineer"
        hits = await talent.search(query, embed(query, NEW_DIMS), 10)
        by_client = await talent.not_searchable_by_meaning(1)
        return old_gap, new_gap, ids(hits), by_client, talent.vectors.dims or 0

    old_gap, new_gap, hit_ids, client_gap, dims = run(scenario())
    assert old_gap == 4  # 3, 4, 5, 6 have no vector of the old model
    assert new_gap == 4  # 1, 2, 4 and 5 (its vector has the old size) have none of the new
    assert client_gap == 1
    assert dims == NEW_DIMS and talent.vectors.model == NEW
    assert hit_ids[0] == 3 and set(hit_ids) >= {3, 6}


def test_a_query_of_another_size_is_a_specific_error(talent: TalentSearch) -> None:
    query = "cloud engineer"
    with pytest.raises(VectorSizeError) as caught:
        run(talent.search(query, embed(query, NEW_DIMS), 10))
    assert (caught.value.got, caught.value.expected) == (NEW_DIMS, OLD_DIMS)
    assert isinstance(caught.value, ValueError)  # callers that knew ValueError still work


def test_vectors_of_another_model_or_size_are_left_out_not_mixed(talent: TalentSearch) -> None:
    fields = SearchFields(name="Person 2", title="", skills="", body="Pastry chef")

    async def scenario() -> tuple[bool, int, int, int]:
        indexed = await talent.index(2, fields, embed("pastry", NEW_DIMS))  # wrong size
        other_model = await talent.add_vectors([4], [embed("civil", OLD_DIMS)], NEW)
        taken = await talent.add_vectors([4], [embed("civil", OLD_DIMS)], OLD)
        return indexed, other_model, taken, await talent.not_searchable_by_meaning()

    indexed, other_model, taken, gap = run(scenario())
    assert indexed  # the keyword index took it; the vector index refused the odd size
    assert (other_model, taken) == (0, 1)
    assert 2 in talent.vectors and 4 in talent.vectors and talent.vectors.dims == OLD_DIMS
    assert gap == 3  # 3, 5, 6


def test_upsert_refuses_another_models_vector_and_size() -> None:
    index = VectorIndex()
    assert index.upsert(1, np.ones(4), "m1")  # an index that never loaded takes anything
    index.model = "m1"
    assert not index.upsert(2, np.ones(4), "m2")
    assert index.missing([1, 2, 3]) == [2, 3]
    with pytest.raises(VectorSizeError):
        index.upsert(3, np.ones(5), "m1")
