"""The vector index's copy in the data folder: mapped at a restart, caught up on every change
to the database's embeddings (whoever made it), and searched exactly as the rows would be."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from headhunter_desktop.core.search.vector import VectorIndex
from headhunter_desktop.core.search.vector_cache import VectorCache
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate
from headhunter_desktop.core.storage.types import utcnow

MODEL = "cache-test-embedding"
OTHER_MODEL = "another-embedding"
DIMS = 48
TOP = 10


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "headhunter.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[MainDatabase]:
    database = MainDatabase.for_file(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def cache(db_path: Path) -> VectorCache:
    return VectorCache(db_path.with_name("headhunter-vectors"))


def random_vectors(rng: np.random.Generator, count: int) -> np.ndarray:
    return rng.standard_normal((count, DIMS)).astype(np.float32)


def add(db: MainDatabase, vectors: np.ndarray, model: str = MODEL) -> list[int]:
    """Candidates with these embeddings, inserted as the intake stores them; their ids."""

    def insert(session: sa.orm.Session) -> list[int]:
        now = utcnow()
        rows = [
            {"display_name": f"Person {i}", "parse_status": "done", "profile_edited_fields": [],
             "embedding": v.astype("<f4").tobytes(), "embedding_model": model,
             "created_at": now, "updated_at": now}
            for i, v in enumerate(vectors)
        ]  # fmt: skip
        result = session.execute(sa.insert(Candidate).returning(Candidate.id), rows)
        return [int(i) for i in result.scalars()]

    return db.run_sync(insert)


def set_embedding(db: MainDatabase, candidate_id: int, blob: bytes | None, model: str) -> None:
    db.run_sync(
        lambda s: s.execute(
            sa.update(Candidate)
            .where(Candidate.id == candidate_id)
            .values(embedding=blob, embedding_model=model)
        )
    )


def delete(db: MainDatabase, candidate_id: int) -> None:
    db.run_sync(lambda s: s.execute(sa.delete(Candidate).where(Candidate.id == candidate_id)))


def stored(db: MainDatabase) -> dict[int, np.ndarray]:
    """The embeddings of MODEL as the database holds them: the ground truth."""
    rows = db.run_sync(
        lambda s: s.execute(
            sa.select(Candidate.id, Candidate.embedding).where(
                Candidate.embedding_model == MODEL, Candidate.embedding.is_not(None)
            )
        ).all()
    )
    return {int(i): np.frombuffer(blob, dtype="<f4") for i, blob in rows}


def brute_force(vectors: dict[int, np.ndarray], query: np.ndarray, k: int) -> list[int]:
    """The k best ids by cosine, computed here from the raw vectors, ties by id."""
    q = query / np.linalg.norm(query)
    scores = {i: float(v @ q / np.linalg.norm(v)) for i, v in vectors.items()}
    return sorted(scores, key=lambda i: (-scores[i], i))[:k]


def load(db: MainDatabase, cache: VectorCache) -> VectorIndex:
    """A fresh index, as at a start of the app."""
    index = VectorIndex()
    db.run_sync(lambda s: index.load(s, MODEL, cache))
    return index


def assert_searches_like_the_rows(index: VectorIndex, db: MainDatabase, seed: int) -> None:
    truth = stored(db)
    assert len(index) == len(truth)
    for query in random_vectors(np.random.default_rng(seed), 5):
        hits = index.search(query, TOP)
        assert [i for i, _ in hits] == brute_force(truth, query, TOP)
        expected = [float(truth[i] @ query / np.linalg.norm(truth[i]) / np.linalg.norm(query))
                    for i, _ in hits]  # fmt: skip
        assert [s for _, s in hits] == pytest.approx(expected, abs=1e-5)


def test_a_restart_maps_the_copy_and_finds_what_the_rows_would(db, cache) -> None:
    rng = np.random.default_rng(1)
    add(db, random_vectors(rng, 300))

    first = load(db, cache)  # no copy yet: read from the rows, copy written
    restarted = load(db, cache)

    assert not first.is_mapped and restarted.is_mapped
    assert_searches_like_the_rows(first, db, seed=2)
    assert_searches_like_the_rows(restarted, db, seed=2)


def test_changes_made_after_the_copy_are_found_after_a_restart(db, cache) -> None:
    rng = np.random.default_rng(3)
    ids = add(db, random_vectors(rng, 200))
    running = load(db, cache)
    # What the app does (rows written, then the running index told) …
    new_vectors = random_vectors(rng, 5)
    for candidate_id, vector in zip(add(db, new_vectors), new_vectors, strict=True):
        running.upsert(candidate_id, vector, MODEL)
    for candidate_id in ids[:3]:
        delete(db, candidate_id)
        running.remove(candidate_id)
    assert_searches_like_the_rows(running, db, seed=4)
    # … and what another writer does behind its back (the CLI, another tool).
    set_embedding(db, ids[10], random_vectors(rng, 1)[0].astype("<f4").tobytes(), MODEL)
    set_embedding(db, ids[11], random_vectors(rng, 1)[0].astype("<f4").tobytes(), OTHER_MODEL)
    set_embedding(db, ids[12], None, MODEL)
    add(db, random_vectors(rng, 4), OTHER_MODEL)

    restarted = load(db, cache)

    assert restarted.is_mapped
    assert_searches_like_the_rows(restarted, db, seed=4)
    assert ids[12] not in restarted and ids[11] not in restarted and ids[0] not in restarted


def test_a_copy_far_behind_is_read_again_and_replaced(db, cache) -> None:
    rng = np.random.default_rng(5)
    add(db, random_vectors(rng, 50))
    load(db, cache)
    add(db, random_vectors(rng, 2100))  # far more than the copy holds: not worth catching up

    read_again = load(db, cache)
    restarted = load(db, cache)

    assert not read_again.is_mapped and restarted.is_mapped and len(restarted) == 2150
    assert_searches_like_the_rows(restarted, db, seed=6)


def test_a_copy_newer_than_the_database_is_not_trusted(db, db_path, cache) -> None:
    rng = np.random.default_rng(7)
    add(db, random_vectors(rng, 100))
    db.close()
    backup = db_path.with_name("backup.db")
    shutil.copy(db_path, backup)
    reopened = MainDatabase.for_file(db_path)
    add(reopened, random_vectors(rng, 20))
    load(reopened, cache)  # the copy now includes changes the backup lacks
    reopened.close()
    shutil.copy(backup, db_path)  # the database restored from the older backup
    restored = MainDatabase.for_file(db_path)
    try:
        index = load(restored, cache)

        assert not index.is_mapped
        assert_searches_like_the_rows(index, restored, seed=8)
    finally:
        restored.close()


def test_without_the_change_log_the_copy_is_not_trusted(db, cache) -> None:
    rng = np.random.default_rng(9)
    ids = add(db, random_vectors(rng, 60))
    load(db, cache)
    # A migration that copied the candidates table would drop the triggers.
    db.run_sync(lambda s: s.execute(sa.text("DROP TRIGGER vector_change_update")))
    set_embedding(db, ids[0], random_vectors(rng, 1)[0].astype("<f4").tobytes(), MODEL)

    index = load(db, cache)

    assert not index.is_mapped
    assert_searches_like_the_rows(index, db, seed=10)


def test_an_erased_candidate_leaves_the_copy_on_disk_at_the_next_start(db, cache) -> None:
    rng = np.random.default_rng(11)
    ids = add(db, random_vectors(rng, 80))
    load(db, cache)
    delete(db, ids[5])  # erasure: the person asked to be forgotten

    restarted = load(db, cache)
    copy = cache.read(MODEL)

    assert restarted.is_mapped and ids[5] not in restarted
    assert copy is not None and ids[5] not in copy.ids.tolist() and len(copy.ids) == 79
