"""The in-memory vector index: exact neighbours, incremental updates, loading from the database."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from headhunter_desktop.core.search import VectorIndex
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.candidates import Person, add_people

DIMS = 32


def random_vectors(n: int, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, DIMS)).astype(np.float32)


def brute_force(ids: list[int], vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    """The reference answer, the slow obvious way: cosine of every row, fully sorted."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = unit @ (query / np.linalg.norm(query))
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))[:k]]


def test_nearest_neighbours_of_axis_vectors() -> None:
    index = VectorIndex()
    eye = np.eye(4, dtype=np.float32)
    index.replace([10, 20, 30, 40], eye * 5)  # length does not matter: rows are normalised
    hits = index.search(np.array([1.0, 0.2, 0.0, 0.0]), 2)
    assert [i for i, _ in hits] == [10, 20]
    assert hits[0][1] == pytest.approx(1 / np.sqrt(1.04), abs=1e-6)
    assert index.search(np.array([0, 0, 0, -1.0]), 4)[-1] == (40, pytest.approx(-1.0))


def test_matches_brute_force_on_random_vectors() -> None:
    vectors = random_vectors(500)
    ids = list(range(1000, 1500))
    index = VectorIndex()
    index.replace(ids, vectors)
    for query in random_vectors(20, seed=8):
        assert [i for i, _ in index.search(query, 10)] == brute_force(ids, vectors, query, 10)


def test_incremental_updates_equal_a_full_reload() -> None:
    vectors = random_vectors(300)
    incremental = VectorIndex()
    for i, vector in enumerate(vectors[:200]):
        incremental.upsert(i, vector)
    for i in range(0, 200, 3):
        assert incremental.remove(i)
    for i, vector in enumerate(vectors[200:], start=200):
        incremental.upsert(i, vector)
    for i in range(1, 200, 5):  # replace some vectors in place, re-add some removed ones
        incremental.upsert(i, vectors[299 - i])
    assert not incremental.remove(0)  # already gone

    expected = {i: vectors[i] for i in range(300) if not (i < 200 and i % 3 == 0)}
    for i in range(1, 200, 5):
        expected[i] = vectors[299 - i]
    reloaded = VectorIndex()
    reloaded.replace(list(expected), np.array(list(expected.values())))

    assert len(incremental) == len(reloaded) == len(expected)
    for query in random_vectors(15, seed=9):
        a, b = incremental.search(query, 25), reloaded.search(query, 25)
        assert [i for i, _ in a] == [i for i, _ in b]
        assert np.allclose([s for _, s in a], [s for _, s in b], atol=1e-6)


def test_allowed_ids_restrict_the_search() -> None:
    vectors = random_vectors(400)
    ids = list(range(400))
    index = VectorIndex()
    index.replace(ids, vectors)
    query = random_vectors(1, seed=3)[0]
    few = np.array([5, 77, 123, 9999])  # a small share, and an id not in the index
    many = np.arange(0, 400, 2)  # a large share: the score-everything path
    for allowed in (few, many):
        hits = index.search(query, 10, allowed_ids=allowed)
        kept = [i for i in ids if i in set(allowed.tolist())]
        assert [i for i, _ in hits] == brute_force(kept, vectors[kept], query, 10)
    assert index.search(query, 10, allowed_ids=np.array([], dtype=np.int64)) == []


def test_limits_and_refusals() -> None:
    index = VectorIndex()
    assert index.dims is None and index.search(np.ones(DIMS), 5) == []
    index.upsert(1, np.ones(DIMS))
    assert index.dims == DIMS and 1 in index and 2 not in index
    assert index.search(np.ones(DIMS), 0) == []
    assert index.search(np.ones(DIMS), 10) == [(1, pytest.approx(1.0))]
    with pytest.raises(ValueError, match="dimension"):
        index.search(np.ones(DIMS + 1), 3)
    with pytest.raises(ValueError, match="dimension"):
        index.upsert(2, np.ones(DIMS + 1))
    with pytest.raises(ValueError, match="zero"):
        index.upsert(2, np.zeros(DIMS))
    with pytest.raises(ValueError, match="zero"):
        index.search(np.zeros(DIMS), 3)
    with pytest.raises(ValueError, match="duplicate"):
        index.replace([1, 1], np.ones((2, DIMS)))
    index.replace([], np.empty((0, DIMS)))
    assert len(index) == 0 and index.dims is None


def test_load_reads_one_models_embeddings(tmp_path: Path) -> None:
    vectors = random_vectors(6)
    people = [
        Person(1, "A", "", extra={"embedding": vectors[0].tobytes(), "embedding_model": "m1"}),
        Person(2, "B", "", extra={"embedding": vectors[1].tobytes(), "embedding_model": "m1"}),
        Person(3, "C", "", extra={"embedding": vectors[2].tobytes(), "embedding_model": "m2"}),
        Person(4, "D", "", extra={"embedding": None, "embedding_model": None}),
        # Same model name, other size (e.g. a `dimensions` setting changed): skipped.
        Person(5, "E", "", extra={"embedding": vectors[3][:8].tobytes(), "embedding_model": "m1"}),
        Person(
            6,
            "F",
            "",
            extra={"embedding": np.zeros(DIMS, "<f4").tobytes(), "embedding_model": "m1"},
        ),
    ]
    with MainDatabase.for_file(tmp_path / "main.db") as db:
        add_people(db, people, index=False)
        index = VectorIndex()
        index.upsert(99, vectors[5])  # replaced by the load
        assert db.run_sync(lambda s: index.load(s, "m1")) == 2
        assert sorted([i for i, _ in index.search(vectors[0], 10)]) == [1, 2]
        assert index.search(vectors[0], 1)[0] == (1, pytest.approx(1.0))
        assert db.run_sync(lambda s: index.load(s, "nothing")) == 0
        assert len(index) == 0


def test_concurrent_updates_and_searches_stay_consistent() -> None:
    vectors = random_vectors(2000, seed=11)
    index = VectorIndex()
    index.replace(range(1000), vectors[:1000])
    errors: list[BaseException] = []

    def writer(start: int) -> None:
        try:
            for i in range(start, start + 500):
                index.upsert(i, vectors[i])
                index.remove(i - 1000)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader() -> None:
        try:
            for query in vectors[:200]:
                hits = index.search(query, 5)
                assert len(hits) == 5 and len({i for i, _ in hits}) == 5
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s,)) for s in (1000, 1500)]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(index) == 1000 and set(index._rows) == set(range(1000, 2000))
    query = vectors[1234]
    assert [i for i, _ in index.search(query, 10)] == brute_force(
        list(range(1000, 2000)), vectors[1000:], query, 10
    )
