"""Hybrid talent-pool search: the keyword index and the vector index behind one async facade.

Keyword work runs on the main database's worker thread (`MainDatabase.run`), vector work
on a thread of its own: nothing here blocks the event loop. A hybrid search is one trip
to the database thread, which hands the vector search to the vector thread, ranks the
keywords meanwhile, then fuses both lists and looks up the matched words of the hits shown.
The query's embedding comes from the caller (the LLM gateway); without one the search is
keyword-only. Vector hits count only above the embedding model's calibrated similarity
(`meaning_scale`), so a query nobody matches lists nobody "by meaning"; candidates a NOT
of the query excludes are dropped from them too. The embedding model can change while the
app runs (`set_embedding_model`): the vectors of the new model are then loaded before the
next search or update, and a candidate without one is found by keywords only until it is
embedded again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from headhunter_desktop.core.search.coverage import embedded_ids_query
from headhunter_desktop.core.search.fields import SearchFields
from headhunter_desktop.core.search.filters import ALL, ClientFilter, client_ids_query
from headhunter_desktop.core.search.fusion import SearchHit, hybrid_search
from headhunter_desktop.core.search.keyword import KeywordIndex
from headhunter_desktop.core.search.meaning_scale import MeaningScale, meaning_hits, scale_for
from headhunter_desktop.core.search.vector_size import VectorSizeError
from headhunter_desktop.core.storage.database import MainDatabase

if TYPE_CHECKING:
    import numpy as np

    from headhunter_desktop.core.search.vector import VectorIndex
    from headhunter_desktop.core.search.vector_cache import VectorCache

log = logging.getLogger(__name__)
T = TypeVar("T")

# How deep each list is read before fusion: a candidate low in one list may rise with the other.
MIN_POOL = 50


class TalentSearch:
    """Search, index and forget candidates of one main database in one embedding model's space.

    The vector index holds what `ensure_loaded()` read from `candidates.embedding` plus
    what went through `index()` / `remove()` since; vectors themselves are stored by the
    caller (the intake pipeline), this class only searches them. Candidates another app
    instance adds to a shared server appear in vector results after the next load.
    """

    def __init__(
        self,
        db: MainDatabase,
        embedding_model: str,
        *,
        executor: Executor | None = None,
        meaning_scales: Mapping[str, MeaningScale] | None = None,
        vector_cache: VectorCache | None = None,
    ) -> None:
        self.db = db
        # The data folder's copy of the vectors (SQLite): loads map it instead of reading rows.
        self._vector_cache = vector_cache
        # Scales for models CALIBRATED does not know (e.g. calibrated on an agency's own pool).
        self._meaning_scales = dict(meaning_scales or {})
        self._embedding_model = embedding_model
        self.keyword = KeywordIndex(db.dialect)
        self._vectors: VectorIndex | None = None  # made at first use (`vectors`)
        self._vectors_lock = threading.Lock()
        # Our own thread(s) by default: the database thread waits on a vector search, so
        # it must not queue behind unrelated work (PDF parsing…) in a shared pool.
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="vector-search")
        self._keywords_checked = False
        self._loaded_model: str | None = None
        self._load_lock = asyncio.Lock()
        # not_searchable_by_meaning() per client filter, until the indexes change.
        self._gap_counts: dict[ClientFilter, int] = {}
        self._changes = 0

    @property
    def vectors(self) -> VectorIndex:
        """The vector index, made at its first use: its module imports numpy (~60 ms), which
        start-up leaves to the warm-up, off the GUI thread, once the window is usable."""
        with self._vectors_lock:  # the warm-up's thread or a search's, whichever comes first
            if self._vectors is None:
                from headhunter_desktop.core.search.vector import VectorIndex

                self._vectors = VectorIndex()
            return self._vectors

    @vectors.setter
    def vectors(self, index: VectorIndex) -> None:
        with self._vectors_lock:
            self._vectors = index

    @property
    def embedding_model(self) -> str:
        """The model whose vectors are searched; queries must be embedded with it."""
        return self._embedding_model

    @property
    def meaning_scale(self) -> MeaningScale | None:
        """The current model's calibrated similarities; None: not calibrated (top few kept)."""
        return scale_for(self._embedding_model, self._meaning_scales)

    def set_meaning_scale(self, model: str, scale: MeaningScale) -> None:
        """Use `scale` for `model` (e.g. calibrated on the agency's own pool)."""
        self._meaning_scales[model.strip().lower().rsplit("/", 1)[-1]] = scale

    def meaning_text(self, query: str) -> str:
        """The text to embed for `query`: as typed, or without its operators and excluded
        words when it has any ("python NOT java" is embedded as "python")."""
        parsed = self.keyword.parse(query)
        return query.strip() if parsed.plain else parsed.meaning_text()

    def set_embedding_model(self, model: str) -> None:
        """Search another model's vectors from now on; they load before the next use."""
        if model != self._embedding_model:
            log.info("embedding model changed: %s -> %s", self._embedding_model, model)
            self._embedding_model = model

    async def ensure_loaded(self) -> None:
        """Index candidates missing from the keyword index (once) and load the vectors of
        the current model (again whenever it changed)."""
        async with self._load_lock:
            if not self._keywords_checked:
                missing = await self.db.run(self.keyword.index_missing)
                log.info("keyword index: %d candidates newly indexed", missing)
                self._keywords_checked = True
            while self._loaded_model != self._embedding_model:
                model = self._embedding_model  # may change again while this load runs
                # The index is made on the database thread if this is its first use.
                load = partial(self._load_vectors, model=model)
                count = await self.db.run(load)
                log.info("search ready: %d vectors of %s", count, model)
                self._loaded_model = model
                self._indexes_changed()

    def _load_vectors(self, session: Session, model: str) -> int:
        return self.vectors.load(session, model=model, cache=self._vector_cache)

    async def search(
        self,
        query: str,
        query_vector: np.ndarray | None,
        limit: int = 20,
        client_company_id: ClientFilter = ALL,
    ) -> list[SearchHit]:
        """The best `limit` candidates for `query` (and its embedding, when there is one).

        `VectorSizeError` when the query's embedding is not of the indexed vectors' size.
        """
        await self.ensure_loaded()
        if query_vector is None:
            keyword_hits = await self.db.run(
                lambda s: self.keyword.search(s, query, limit, client_company_id)
            )
            return hybrid_search(keyword_hits, [], limit)
        import numpy as np

        vector = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        dims = self.vectors.dims
        if dims is not None and len(self.vectors) and dims != len(vector):
            raise VectorSizeError(len(vector), dims)  # before any work; checked again inside
        return await self.db.run(lambda s: self._hybrid(s, query, vector, limit, client_company_id))

    async def index(
        self,
        candidate_id: int,
        fields: SearchFields,
        vector: np.ndarray | None = None,
        model: str | None = None,
    ) -> bool:
        """(Re-)index a candidate; False when it was erased meanwhile.

        `vector=None` leaves any vector already indexed for the candidate in place. A vector
        of another `model` (None: the current one) or size is not searched: the candidate
        is then found by keywords until it is embedded again.
        """
        await self.ensure_loaded()  # a load finishing later would drop this update
        indexed = await self.db.run(lambda s: self.keyword.upsert(s, candidate_id, fields))
        self._indexes_changed()  # the candidate may have just finished
        if indexed and vector is not None:
            await self.add_vectors([candidate_id], [vector], model or self._loaded_model)
        return indexed

    async def add_vectors(
        self, candidate_ids: Sequence[int], vectors: Sequence[np.ndarray], model: str | None
    ) -> int:
        """Put (re-)embedded candidates' vectors in the index; how many were taken.

        Vectors of another model than the index's, or of another size, are left out.
        """
        await self.ensure_loaded()
        try:
            return await self._in_executor(self._upsert_all, candidate_ids, vectors, model)
        finally:
            self._indexes_changed()

    async def add_stored_vectors(self, candidate_ids: Sequence[int]) -> int:
        """Take in the vectors another process stored for these candidates (an import run
        in a process of its own; their keywords it indexed in the database itself)."""
        from headhunter_desktop.core.storage.candidates import stored_embeddings, stored_vector

        stored = await self.db.run(lambda s: stored_embeddings(s, candidate_ids))
        taken = 0
        for model in {model for _, _, model in stored}:
            ids = [i for i, _, m in stored if m == model]
            vectors = [stored_vector(blob) for _, blob, m in stored if m == model]
            taken += await self.add_vectors(ids, vectors, model)  # type: ignore[arg-type]
        return taken

    def note_answer_size(self, dims: int) -> None:
        """The embedding server answered `dims`-long vectors: another size than the index's
        makes every candidate not searchable by meaning until re-indexed."""
        self.vectors.note_answer_size(dims)
        self._indexes_changed()

    async def not_searchable_by_meaning(self, client: ClientFilter = ALL) -> int:
        """How many finished candidates (of `client`) have no vector of the current model.

        Counted once, then again after the indexes changed: every search reports it.
        """
        await self.ensure_loaded()
        if client in self._gap_counts:
            return self._gap_counts[client]
        changes = self._changes
        ids = await self.db.run(lambda s: list(s.scalars(embedded_ids_query(client))))
        count = len(self.vectors.missing(ids))
        if changes == self._changes:  # else the count may be stale already: not kept
            self._gap_counts[client] = count
        return count

    async def remove(self, candidate_id: int) -> None:
        """Take a candidate out of both indexes (erasure; the candidate row is the caller's)."""
        await self.ensure_loaded()
        await self.db.run(lambda s: self.keyword.delete(s, candidate_id))
        await self._in_executor(self.vectors.remove, candidate_id)
        self._indexes_changed()

    def close(self) -> None:
        """Stop the vector thread (when it is ours); searches after this fail."""
        if self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)

    def _hybrid(
        self, session: Session, query: str, vector: np.ndarray, limit: int, client: ClientFilter
    ) -> list[SearchHit]:
        # On the database thread. The vector search starts first and runs on its own thread
        # while the keywords are ranked here; waiting for it blocks only this thread.
        pool = max(MIN_POOL, 2 * limit)
        allowed = None
        if client is not ALL:
            import numpy as np

            allowed = np.fromiter(session.scalars(client_ids_query(client)), dtype=np.int64)
        vector_hits = self._executor.submit(self.vectors.search, vector, pool, allowed)
        keyword_hits = self.keyword.search(session, query, pool, client, with_terms=False)
        scale = self.meaning_scale
        meaning = meaning_hits(vector_hits.result(), scale)
        excluded = self.keyword.excluded(session, query, [c for c, _ in meaning])
        meaning = [hit for hit in meaning if hit[0] not in excluded]
        hits = hybrid_search(keyword_hits, meaning, limit, scale)
        if not hits or not self.keyword.terms(query):
            return hits
        # Matched words for the hits shown only, not the whole pool; a hit found by meaning
        # alone may hold some of them too (ranked past the keyword pool).
        shown = self.keyword.matched_terms(session, query, [h.candidate_id for h in hits])
        return [replace(h, matched_terms=shown[h.candidate_id]) for h in hits]

    def _indexes_changed(self) -> None:
        self._changes += 1
        self._gap_counts.clear()

    def _upsert_all(
        self, candidate_ids: Sequence[int], vectors: Sequence[np.ndarray], model: str | None
    ) -> int:
        taken = 0
        for candidate_id, vector in zip(candidate_ids, vectors, strict=True):
            try:
                taken += self.vectors.upsert(candidate_id, vector, model)
            except VectorSizeError as exc:
                log.warning("candidate %d left out of meaning search: %s", candidate_id, exc)
        return taken

    async def _in_executor(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
