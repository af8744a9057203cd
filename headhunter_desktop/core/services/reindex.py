"""Re-index all candidates: embed again, with the current embedding model, every finished
candidate that meaning search cannot find (embedded with another model, vectors of another
size, or no embedding at all).

When the server now answers another vector size under the same model name, the first
answer says so: the old vectors of that name are dropped (they cannot be compared with the
new ones) and every candidate is embedded again.

Work goes in batches of one client company's candidates, so each embedding request is
billed to the right client; each batch is stored and indexed before the next starts. A
cancelled run keeps what it finished, and running again does only what is left.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_text import profile_embedding_text
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage.candidates import EmbeddingTarget
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.embedding_sizes import forget_other_sizes

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# Texts per embedding request: big enough to be cheap in round trips, small enough that a
# cancel loses little and progress moves.
REINDEX_BATCH = 64
ReindexProgress = Callable[[int, int], None]  # (candidates handled, candidates to handle)


@dataclass(frozen=True)
class ReindexResult:
    """What one run did."""

    model: str
    embedded: int  # stored, and searchable by meaning now
    planned: int  # what was left to do when the run started
    # The embedding model changed during the run: the rest waits for a run with the new one.
    model_changed: bool = False


class MeaningReindexer:
    """Makes every finished candidate searchable by meaning with the current model."""

    def __init__(
        self,
        db: MainDatabase,
        search: TalentSearch,
        gateway: LlmGateway,
        batch_size: int = REINDEX_BATCH,
    ):
        self._db, self._search, self._gateway = db, search, gateway
        self.batch_size = batch_size

    async def pending(self) -> list[EmbeddingTarget]:
        """The finished candidates without a vector of the current model, by client."""
        await self._search.ensure_loaded()
        targets = await self._db.run(repo.finished_candidates)
        missing = set(self._search.vectors.missing(t.id for t in targets))
        return [t for t in targets if t.id in missing]

    async def run(self, on_progress: ReindexProgress | None = None) -> ReindexResult:
        """Embed what is left; `on_progress(handled, total)` after every batch."""
        targets = await self.pending()
        model = self._search.embedding_model
        batches, total = deque(_client_batches(targets, self.batch_size)), len(targets)
        handled = embedded = 0
        while batches:
            if self._search.embedding_model != model:
                log.info("re-index stopped: the embedding model changed from %s", model)
                return ReindexResult(model, embedded, total, model_changed=True)
            batch = batches.popleft()
            vectors = await self._vectors(batch, model)
            if vectors and self._size_changed(vectors, model):
                rest = await self._start_over(model, vectors, {t.id for t in batch})
                batches, total = (
                    deque(_client_batches(rest, self.batch_size)),
                    handled + len(batch) + len(rest),
                )
            # Paid for: stored and indexed even when the run is cancelled meanwhile.
            embedded += await asyncio.shield(self._store(vectors, model)) if vectors else 0
            handled += len(batch)
            if on_progress is not None:
                on_progress(handled, total)
        return ReindexResult(model, embedded, total)

    def _size_changed(self, vectors: dict[int, np.ndarray], model: str) -> bool:
        index = self._search.vectors
        size = len(next(iter(vectors.values())))
        return index.model == model and len(index) > 0 and index.dims not in (None, size)

    async def _start_over(
        self, model: str, vectors: dict[int, np.ndarray], batch_ids: set[int]
    ) -> list[EmbeddingTarget]:
        """The server answers another size now: drop the old vectors, plan every candidate."""
        size = len(next(iter(vectors.values())))
        dropped = await self._db.run(lambda s: forget_other_sizes(s, model, size))
        log.info("re-index: %d vectors of %s had another size; all embedded again", dropped, model)
        self._search.vectors.clear()
        return [t for t in await self.pending() if t.id not in batch_ids]

    async def _vectors(self, batch: Sequence[EmbeddingTarget], model: str) -> dict[int, np.ndarray]:
        ids = [t.id for t in batch]
        profiles = await self._db.run(lambda s: repo.profiles(s, ids))
        if not profiles:
            return {}
        first = batch[0]
        ctx = CallContext(
            Action.EMBED_CV,
            first.client_company_id,
            first.client_company_name,
            client_uuid=first.client_uuid,
        )
        texts = [profile_embedding_text(p) for p in profiles.values()]
        vectors = await self._gateway.embed(ctx, texts, model=model)
        return dict(zip(profiles, vectors, strict=True))

    async def _store(self, vectors: dict[int, np.ndarray], model: str) -> int:
        stored = await self._db.run(lambda s: repo.save_embeddings(s, vectors, model))
        await self._search.add_vectors(stored, [vectors[i] for i in stored], model)
        return len(stored)


def _client_batches(
    targets: Sequence[EmbeddingTarget], size: int
) -> Iterator[list[EmbeddingTarget]]:
    """Runs of at most `size` targets of one client company (targets come grouped)."""
    for _client, group in itertools.groupby(targets, key=lambda t: t.client_company_id):
        run = list(group)
        yield from (run[start : start + size] for start in range(0, len(run), size))
