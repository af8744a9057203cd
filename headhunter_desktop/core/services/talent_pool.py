"""Searching the talent pool by keyword and meaning, and shortlisting against requirements."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.errors import LlmError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.search.fields import profile_skills
from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.search.shortlist import shortlist
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.search.vector_size import VectorSizeError
from headhunter_desktop.core.services.call_contexts import context_for_client
from headhunter_desktop.core.services.candidates import CandidateService, CandidateSummary
from headhunter_desktop.core.services.match_reasons import has_details, has_text, search_reason
from headhunter_desktop.core.services.reindex import (
    MeaningReindexer,
    ReindexProgress,
    ReindexResult,
)
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
__all__ = [
    "REINDEX_ACTION",
    "ReindexProgress",
    "ReindexResult",
    "SearchOutcome",
    "SearchResult",
    "ShortlistResult",
    "TalentPoolService",
    "meaning_gap_text",
]
REINDEX_ACTION = "Re-index all candidates"


@dataclass(frozen=True)
class SearchResult:
    """A candidate found, and why: matched words, similarity of meaning and its strength.

    `score` only orders the results; show `why`, never the score."""

    candidate: CandidateSummary
    score: float
    matched_terms: list[str]
    similarity: float | None
    keyword_rank: int | None
    vector_rank: int | None
    strength: str | None = None

    @property
    def why(self) -> str:
        """'matched: python, django · similar meaning (strong)'."""
        return search_reason(self.matched_terms, self.vector_rank is not None, self.strength)


@dataclass(frozen=True)
class ShortlistResult:
    """A candidate's fit: requirements met (and where each was found) and not met."""

    candidate: CandidateSummary
    score: float
    matched: list[str]
    missing: list[str]
    sources: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def has(self) -> str:
        """'Python, Kafka (CV text only)': what the shortlist's "Has" column shows."""
        return has_text(self.matched, self.sources)

    @property
    def has_details(self) -> str:
        """Where each requirement met was found, one per line."""
        return has_details(self.matched, self.sources)


@dataclass(frozen=True)
class SearchOutcome:
    results: list[SearchResult]
    # Why the search ran on keywords only (no LLM set up, or the embedding call failed).
    keyword_only_reason: str | None
    # Finished candidates without a vector of the current embedding model: found by
    # keywords only until "Re-index all candidates" embeds them again.
    not_searchable_by_meaning: int = 0
    embedding_model: str | None = None

    @property
    def meaning_gap_note(self) -> str | None:
        """What to tell the user about candidates meaning search cannot find, if any."""
        return meaning_gap_text(self.not_searchable_by_meaning, self.embedding_model or "")


def meaning_gap_text(count: int, model: str) -> str | None:
    """'12 candidates are not searchable by meaning …', or None when every one is."""
    if count <= 0:
        return None
    who = "1 candidate is" if count == 1 else f"{count:,} candidates are"
    return (
        f"{who} not searchable by meaning with {model} yet (embedded with another model "
        f"or not at all; keywords still find them): “{REINDEX_ACTION}” fixes this."
    )


class TalentPoolService:
    """Hybrid search: the query is embedded through the gateway (recorded as embed_query)."""

    def __init__(
        self,
        db: MainDatabase,
        search: TalentSearch,
        gateway: LlmGateway,
        candidates: CandidateService,
        llm_ready: Callable[[], bool],
    ):
        self._db, self._search, self._gateway = db, search, gateway
        self._candidates, self._llm_ready = candidates, llm_ready
        self.reindexer = MeaningReindexer(db, search, gateway)

    @property
    def embedding_model(self) -> str:
        """The model candidates and queries are embedded with for meaning search."""
        return self._search.embedding_model

    async def not_searchable_by_meaning(self, client: ClientFilter = ALL) -> int:
        """Finished candidates (of `client`) that meaning search cannot find yet."""
        return await self._search.not_searchable_by_meaning(client)

    async def reindex(self, on_progress: ReindexProgress | None = None) -> ReindexResult:
        """Embed again, with the current model, every candidate meaning search misses.

        Billed per client (each batch is one client's candidates); cancellable, keeping
        what was done; running again does only what is left.
        """
        return await self.reindexer.run(on_progress)

    async def search(
        self,
        query: str,
        limit: int = 20,
        client: ClientFilter = ALL,
        *,
        client_id: int | None = None,
        allow_over_budget: bool = False,
    ) -> SearchOutcome:
        """The best candidates for `query`; keyword-only (with the reason) without an LLM.

        `client` filters whose candidates are searched; `client_id` is the client company
        the search is done for, which the query's embedding call is billed to (past its
        hard cap: BudgetExceededError, unless `allow_over_budget`).
        """
        query = query.strip()
        if not query:
            return SearchOutcome([], None)
        vector, reason = await self._embed(query, client_id, allow_over_budget)
        try:
            hits = await self._search.search(query, vector, limit, client)
        except VectorSizeError as exc:
            reason = _size_mismatch_reason(exc)
            self._search.note_answer_size(exc.got)  # re-index is offered for everyone
            hits = await self._search.search(query, None, limit, client)
        people = await self._candidates.summaries([h.candidate_id for h in hits])
        results = [
            SearchResult(people[h.candidate_id], h.score, h.matched_terms, h.similarity,
                         h.keyword_rank, h.vector_rank, h.strength)
            for h in hits if h.candidate_id in people
        ]  # fmt: skip
        missed = await self.not_searchable_by_meaning(client) if self._llm_ready() else 0
        return SearchOutcome(results, reason, missed, self.embedding_model)

    async def shortlist(
        self, requirements: Sequence[str], description: str, limit: int = 20,
        client: ClientFilter = ALL, *, client_id: int | None = None,
        allow_over_budget: bool = False,
    ) -> list[ShortlistResult]:  # fmt: skip
        """Candidates ranked for a job: search by its text, then matched/missing skills."""
        query = description.strip() or " ".join(requirements)
        outcome = await self.search(
            query, limit, client, client_id=client_id, allow_over_budget=allow_over_budget
        )
        ids = [r.candidate.id for r in outcome.results]
        texts = await self._db.run(
            lambda s: {
                c.id: (profile_skills(c.profile_json), c.extracted_text)
                for c in s.query(Candidate).filter(Candidate.id.in_(ids))
            }
        )
        entries = {
            e.candidate_id: e
            for e in shortlist(requirements, [(i, *texts[i]) for i in ids if i in texts])
        }
        ranked = [
            ShortlistResult(r.candidate, r.score, entries[r.candidate.id].matched,
                            entries[r.candidate.id].missing, entries[r.candidate.id].sources)
            for r in outcome.results if r.candidate.id in entries
        ]  # fmt: skip
        # More requirements met first; the search score breaks ties.
        ranked.sort(key=lambda r: (-len(r.matched), -r.score))
        return ranked

    async def _embed(
        self, query: str, client_id: int | None, allow_over_budget: bool
    ) -> tuple[np.ndarray | None, str | None]:
        if not self._llm_ready():
            return None, "No LLM is set up: searched by keywords only."
        ctx = await context_for_client(self._db, Action.EMBED_QUERY, client_id)
        ctx = dataclasses.replace(ctx, allow_over_budget=allow_over_budget)
        try:
            # The candidates' model, not a separate query model: only vectors of one
            # model can be compared.
            model = self._search.embedding_model
            text = self._search.meaning_text(query)
            if not text:
                return None, None  # only excluded words: nothing to search by meaning
            return (await self._gateway.embed(ctx, [text], model=model))[0], None
        except LlmError as exc:
            log.warning("query embedding failed: %s", exc)
            return None, f"Searched by keywords only: {exc}"


def _size_mismatch_reason(exc: VectorSizeError) -> str:
    return (
        f"Searched by keywords only: the embedding server now answers {exc.got}-dimension "
        f"vectors, but the candidates were embedded with {exc.expected} dimensions, so they "
        "cannot be compared. Re-index all candidates, or choose a new model name in Settings."
    )
