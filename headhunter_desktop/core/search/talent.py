"""Hybrid talent-pool search: the keyword index and the vector index behind one async facade.

Keyword work runs on the main database's worker thread (`MainDatabase.run`), vector work
on a thread of its own: nothing here blocks the event loop. A hybrid search is one trip
to the database thread, which hands the vector search to the vector thread, ranks the
keywords meanwhile, then fuses both lists and looks up the matched words of the hits shown.
The query's embedding comes from the caller (the LLM gateway); without one the search is
keyword-only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

import numpy as np
from sqlalchemy.orm import Session

from headhunter_desktop.core.search.fields import SearchFields
from headhunter_desktop.core.search.filters import ALL, ClientFilter, client_ids_query
from headhunter_desktop.core.search.fusion import RRF_K, SearchHit, hybrid_search
from headhunter_desktop.core.search.keyword import KeywordIndex
from headhunter_desktop.core.search.vector import VectorIndex
from headhunter_desktop.core.storage.database import MainDatabase

log = logging.getLogger(__name__)
T = TypeVar("T")

# How deep each list is read before fusion: RRF needs candidates beyond the page shown.
MIN_POOL = 50


class TalentSearch:
    """Search, index and forget candidates of one main database and one embedding model.

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
        rrf_k: int = RRF_K,
    ) -> None:
        self.db = db
        self.embedding_model = embedding_model
        self.keyword = KeywordIndex(db.dialect)
        self.vectors = VectorIndex()
        # Our own thread(s) by default: the database thread waits on a vector search, so
        # it must not queue behind unrelated work (PDF parsing…) in a shared pool.
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="vector-search")
        self._rrf_k = rrf_k
        self._loaded = False
        self._load_lock = asyncio.Lock()

    async def ensure_loaded(self) -> None:
        """Load the vectors and index candidates missing from the keyword index (once)."""
        async with self._load_lock:
            if self._loaded:
                return
            missing = await self.db.run(self.keyword.index_missing)
            count = await self.db.run(lambda s: self.vectors.load(s, self.embedding_model))
            log.info(
                "search ready: %d vectors of %s, %d candidates newly indexed",
                count,
                self.embedding_model,
                missing,
            )
            self._loaded = True

    async def search(
        self,
        query: str,
        query_vector: np.ndarray | None,
        limit: int = 20,
        client_company_id: ClientFilter = ALL,
    ) -> list[SearchHit]:
        """The best `limit` candidates for `query` (and its embedding, when there is one)."""
        await self.ensure_loaded()
        if query_vector is None:
            keyword_hits = await self.db.run(
                lambda s: self.keyword.search(s, query, limit, client_company_id)
            )
            return hybrid_search(keyword_hits, [], limit, self._rrf_k)
        vector = np.asarray(query_vector, dtype=np.float32)
        return await self.db.run(lambda s: self._hybrid(s, query, vector, limit, client_company_id))

    async def index(
        self, candidate_id: int, fields: SearchFields, vector: np.ndarray | None = None
    ) -> bool:
        """(Re-)index a candidate; False when it was erased meanwhile.

        `vector=None` leaves any vector already indexed for the candidate in place.
        """
        await self.ensure_loaded()  # a load finishing later would drop this update
        indexed = await self.db.run(lambda s: self.keyword.upsert(s, candidate_id, fields))
        if indexed and vector is not None:
            await self._in_executor(self.vectors.upsert, candidate_id, vector)
        return indexed

    async def remove(self, candidate_id: int) -> None:
        """Take a candidate out of both indexes (erasure; the candidate row is the caller's)."""
        await self.ensure_loaded()
        await self.db.run(lambda s: self.keyword.delete(s, candidate_id))
        await self._in_executor(self.vectors.remove, candidate_id)

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
            allowed = np.fromiter(session.scalars(client_ids_query(client)), dtype=np.int64)
        vector_hits = self._executor.submit(self.vectors.search, vector, pool, allowed)
        keyword_hits = self.keyword.search(session, query, pool, client, with_terms=False)
        hits = hybrid_search(keyword_hits, vector_hits.result(), limit, self._rrf_k)
        if not hits or not self.keyword.terms(query):
            return hits
        # Matched words for the hits shown only, not the whole pool; a hit found by meaning
        # alone may hold some of them too (ranked past the keyword pool).
        shown = self.keyword.matched_terms(session, query, [h.candidate_id for h in hits])
        return [replace(h, matched_terms=shown[h.candidate_id]) for h in hits]

    async def _in_executor(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
