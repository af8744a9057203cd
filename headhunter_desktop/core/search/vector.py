"""Nearest candidates by embedding: an in-memory float32 matrix of L2-normalised rows.

Brute force on purpose: 20,000 × 1536 floats is one matrix-vector product of a few
milliseconds, exact, with no index to build or tune (an approximate index pays off from
hundreds of thousands of rows, far beyond an agency's pool). With a `VectorCache` (SQLite),
`load` maps the data folder's copy of the matrix and reads only the candidates changed
since, so start-up and the first search do not grow with the pool. Every method blocks
(numpy work, and `load` reads the database), so callers run them in an executor — never on the GUI
or event-loop thread. A lock makes mutations and searches safe from several threads;
numpy releases the GIL inside the product.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.search.vector_cache import (
    CachedVectors,
    VectorCache,
    change_log_head,
    changed_since,
)
from headhunter_desktop.core.search.vector_size import VectorSizeError
from headhunter_desktop.core.storage.tables import Candidate

log = logging.getLogger(__name__)

# Embeddings are stored as little-endian float32 bytes (numpy .tobytes(), see models.py).
STORED_DTYPE = np.dtype("<f4")
_LOAD_BATCH = 1000
_MIN_CAPACITY = 64
# A copy missing more than this share of the rows is read again in full, not caught up.
_CATCH_UP_SHARE, _CATCH_UP_MIN = 0.25, 1000
# A catch-up this long is saved into a new copy, so the next start does not repeat it.
_SAVE_AFTER = 2000
_CATCH_UP_BATCH = 500
_EMPTY = np.empty((0, 0), dtype=np.float32)


class VectorIndex:
    """Cosine search over the embeddings of one model; candidate ids map to matrix rows.

    `model` names the embedding space the rows belong to (set by `load`); an upsert that
    names another model is refused, so two spaces never share the matrix.
    """

    def __init__(self) -> None:
        self.model: str | None = None
        self._lock = threading.Lock()
        self._matrix = np.empty((0, 0), dtype=np.float32)  # capacity rows; first _count used
        self._ids = np.empty(0, dtype=np.int64)
        self._rows: dict[int, int] = {}  # candidate id -> row
        self._count = 0
        # The size the server answers now for this model, when it is not the index's:
        # every candidate then counts as missing, for a re-index to embed them all again.
        self._answer_dims: int | None = None

    @property
    def size_changed(self) -> bool:
        """The server answered vectors of another size than the index's (re-index them)."""
        return self._answer_dims is not None

    def note_answer_size(self, dims: int) -> None:
        """What size the embedding server answered for this index's model."""
        with self._lock:
            stored = self._matrix.shape[1]
            self._answer_dims = dims if self._count and dims != stored else None

    @property
    def dims(self) -> int | None:
        """The vector length, or None while the index is empty and has never held a vector."""
        return self._matrix.shape[1] or None

    @property
    def is_mapped(self) -> bool:
        """The rows are mapped from the data folder's copy (not read from the database)."""
        return isinstance(self._matrix, np.memmap)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self._rows

    def load(self, session: Session, model: str, cache: VectorCache | None = None) -> int:
        """Replace the contents with every stored embedding of `model`; returns how many.

        Embeddings of another size under the same name (a `dimensions` change, a server
        serving the name differently) are left out: the most common size wins. With a
        `cache`, its copy is mapped and caught up when it is recent enough; else the rows
        are read and the copy written for the next time.
        """
        # Read before the rows: changes logged after it are applied again next time.
        head = change_log_head(session) if cache is not None else None
        if cache is not None and head is not None:
            cached = cache.read(model)
            if cached is not None and cached.watermark <= head:
                changed = changed_since(session, cached.watermark)
                limit = max(_CATCH_UP_MIN, int(len(cached.ids) * _CATCH_UP_SHARE))
                if len(changed) <= limit:
                    self._install_cached(cached, model)
                    erased = self._catch_up(session, model, changed)
                    # An erased candidate's vector must leave the disk too, not only the index.
                    if erased or len(changed) > _SAVE_AFTER:
                        self._save(cache, head)
                    return self._count
        count = self._read_all(session, model)
        if cache is not None and head is not None:
            self._save(cache, head)
        return count

    def _read_all(self, session: Session, model: str) -> int:
        where = [Candidate.embedding_model == model, Candidate.embedding.is_not(None)]
        size, total = _commonest_size(session, where)
        rows = session.execute(
            sa.select(Candidate.id, Candidate.embedding)
            .where(*where, sa.func.length(Candidate.embedding) == size)
            .execution_options(yield_per=_LOAD_BATCH)
        )
        ids, matrix = _read_rows(rows, total, model)
        return self._install(np.array(ids, dtype=np.int64), matrix, model)

    def replace(self, ids: Iterable[int], vectors: np.ndarray) -> None:
        """Replace the contents with `vectors` (one row per id); rows are normalised here."""
        id_array = np.fromiter(ids, dtype=np.int64)
        # A copy (normalised in place below); an empty input is an empty 0 × 0 matrix.
        matrix = np.array(vectors, dtype=np.float32, ndmin=2) if len(id_array) else _EMPTY
        if len(id_array) != len(matrix):
            raise ValueError(f"{len(id_array)} ids for {len(matrix)} vectors")
        if len(np.unique(id_array)) != len(id_array):
            raise ValueError("duplicate candidate ids")
        self._install(id_array, matrix)

    def clear(self) -> None:
        """No vectors any more (their model keeps its name)."""
        self.replace([], _EMPTY)

    def upsert(self, candidate_id: int, vector: np.ndarray, model: str | None = None) -> bool:
        """Add or replace one candidate's vector without touching the others.

        False (nothing changed) when `model` is given and is not the index's model;
        `VectorSizeError` when the vector's length is not the index's.
        """
        row_vector = _normalised(vector)
        with self._lock:
            if model is not None and self.model is not None and model != self.model:
                return False
            if self._count == 0 and not self._rows:
                self._matrix = np.empty((0, len(row_vector)), dtype=np.float32)
            self._check_dims(len(row_vector))
            row = self._rows.get(candidate_id)
            if row is None:
                row = self._append_row(candidate_id)
            self._matrix[row] = row_vector
            return True

    def missing(self, candidate_ids: Iterable[int]) -> list[int]:
        """Those of `candidate_ids` that have no vector here, in the order given (all of
        them once the server answers another size: their vectors cannot be compared)."""
        with self._lock:
            if self._answer_dims is not None:
                return list(candidate_ids)
            return [i for i in candidate_ids if i not in self._rows]

    def remove(self, candidate_id: int) -> bool:
        """Drop one candidate's vector; False when it was not in the index."""
        with self._lock:
            row = self._rows.pop(candidate_id, None)
            if row is None:
                return False
            last = self._count - 1
            if row != last:  # move the last row into the hole: O(dims), no reshuffle
                moved = int(self._ids[last])
                self._matrix[row] = self._matrix[last]
                self._ids[row] = moved
                self._rows[moved] = row
            self._count = last
            return True

    def search(
        self, query_vector: np.ndarray, limit: int, allowed_ids: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The `limit` most similar candidates as (id, cosine), best first.

        `allowed_ids` restricts the search to those candidates (e.g. one client's pool).
        """
        query = _normalised(query_vector)
        with self._lock:
            if self._count == 0 or limit <= 0:
                return []
            self._check_dims(len(query))
            ids = self._ids[: self._count]
            if allowed_ids is None:
                return _top(ids, _cosines(self._matrix[: self._count], query), limit)
            rows = np.flatnonzero(np.isin(ids, np.asarray(allowed_ids, dtype=np.int64)))
            if 4 * len(rows) > len(ids):
                # Gathering rows copies them: for a large share, score all and pick after.
                scores = _cosines(self._matrix[: self._count], query)[rows]
            else:
                scores = _cosines(self._matrix[rows], query)
            return _top(ids[rows], scores, limit)

    # -- the data folder's copy ---------------------------------------------------

    def _install_cached(self, cached: CachedVectors, model: str) -> None:
        count = len(cached.ids)
        ids = np.empty(len(cached.matrix), dtype=np.int64)  # the copy's spare rows too
        ids[:count] = cached.ids
        with self._lock:
            self._matrix, self._ids, self._count = cached.matrix, ids, count
            self._rows = {int(i): row for row, i in enumerate(cached.ids)}
            self.model = model
            self._answer_dims = None

    def _catch_up(self, session: Session, model: str, candidate_ids: list[int]) -> int:
        """Apply what the database holds now for these candidates (changed since the copy);
        returns how many of them the copy holds but the database no longer has (erased)."""
        dims = self._matrix.shape[1]
        erased = 0
        for start in range(0, len(candidate_ids), _CATCH_UP_BATCH):
            batch = candidate_ids[start : start + _CATCH_UP_BATCH]
            stored = {
                row.id: row
                for row in session.execute(
                    sa.select(Candidate.id, Candidate.embedding, Candidate.embedding_model).where(
                        Candidate.id.in_(batch)
                    )
                )
            }
            for candidate_id in batch:
                row = stored.get(candidate_id)
                erased += row is None and candidate_id in self._rows
                blob = row.embedding if row is not None and row.embedding_model == model else None
                vector = np.frombuffer(blob, dtype=STORED_DTYPE) if blob else None
                if vector is None or len(vector) != dims or not np.linalg.norm(vector):
                    self.remove(candidate_id)  # erased, re-embedded elsewhere, or another size
                else:
                    self.upsert(candidate_id, vector, model)
        if candidate_ids:
            log.info("vector copy of %s caught up on %d candidates", model, len(candidate_ids))
        return erased

    def _save(self, cache: VectorCache, watermark: int) -> None:
        with self._lock:
            model, count = self.model, self._count
            ids, rows = self._ids[:count].copy(), np.array(self._matrix[:count])
        if model is not None:
            cache.write(model, ids, rows, watermark)

    # -- internals (called with the lock held) ------------------------------------

    def _install(self, id_array: np.ndarray, matrix: np.ndarray, model: str | None = None) -> int:
        norms = np.linalg.norm(matrix, axis=1) if matrix.size else np.empty(0)
        keep = norms > 0
        if not keep.all():
            log.warning("skipped %d zero embeddings", int((~keep).sum()))
            id_array, matrix, norms = id_array[keep], matrix[keep], norms[keep]
        matrix /= norms[:, None]
        with self._lock:
            self._matrix = matrix if len(matrix) else _EMPTY.copy()
            self._ids = id_array
            self._rows = {int(i): row for row, i in enumerate(id_array)}
            self._count = len(id_array)
            self.model = model or self.model
            self._answer_dims = None
        return self._count

    def _check_dims(self, dims: int) -> None:
        if self._matrix.shape[1] != dims:
            raise VectorSizeError(dims, self._matrix.shape[1])

    def _append_row(self, candidate_id: int) -> int:
        if self._count == len(self._matrix):  # full: grow geometrically (amortised O(1))
            capacity = max(_MIN_CAPACITY, 2 * len(self._matrix))
            matrix = np.empty((capacity, self._matrix.shape[1]), dtype=np.float32)
            matrix[: self._count] = self._matrix[: self._count]
            ids = np.empty(capacity, dtype=np.int64)
            ids[: self._count] = self._ids[: self._count]
            self._matrix, self._ids = matrix, ids
        row = self._count
        self._ids[row] = candidate_id
        self._rows[candidate_id] = row
        self._count += 1
        return row


def _normalised(vector: np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(array))
    if not np.isfinite(norm) or norm == 0.0:
        raise ValueError("cannot index or search with a zero or non-finite vector")
    return array / norm


def _cosines(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    # einsum, not `matrix @ query`: one thread streaming the matrix is memory-bound and
    # steady (~4 ms for 20,000 × 1536); BLAS's thread pool was as often 2 ms as 10+ ms
    # when the other cores were busy, and would compete with the GUI thread for them.
    return np.einsum("ij,j->i", matrix, query)


def _top(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    k = min(limit, len(scores))
    if k == 0:
        return []
    # argpartition finds the k best in O(n); only those k are sorted.
    best = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = sorted(best.tolist(), key=lambda i: (-scores[i], ids[i]))
    return [(int(ids[i]), float(scores[i])) for i in order]


def _commonest_size(session: Session, where: list[sa.ColumnElement[bool]]) -> tuple[int, int]:
    """(byte length, count) of the most frequent embedding size among the rows `where`."""
    length = sa.func.length(Candidate.embedding)
    count = sa.func.count()
    row = session.execute(
        sa.select(length, count).where(*where).group_by(length).order_by(count.desc(), length)
    ).first()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _read_rows(rows: Iterable[sa.Row], total: int, model: str) -> tuple[list[int], np.ndarray]:
    ids: list[int] = []
    matrix: np.ndarray | None = None
    skipped = 0
    for candidate_id, blob in rows:
        vector = np.frombuffer(blob, dtype=STORED_DTYPE)
        if matrix is None:
            matrix = np.empty((total, len(vector)), dtype=np.float32)
        if len(vector) != matrix.shape[1]:
            skipped += 1  # another size under the same model name: cannot be compared
            continue
        if len(ids) == len(matrix):  # rows added since the count (a shared server)
            matrix = np.concatenate([matrix, np.empty_like(matrix[: max(64, len(matrix))])])
        matrix[len(ids)] = vector
        ids.append(candidate_id)
    if skipped:
        log.warning("skipped %d embeddings of %s with an unexpected size", skipped, model)
    if matrix is None:
        return [], np.empty((0, 0), dtype=np.float32)
    return ids, matrix[: len(ids)]
