"""Searching the talent pool by keyword and meaning, and shortlisting against requirements."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import LlmError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.search.fields import profile_skills
from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.search.shortlist import shortlist
from headhunter_desktop.core.search.talent import TalentSearch
from headhunter_desktop.core.services.candidates import CandidateService, CandidateSummary
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.models import Candidate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchResult:
    """A candidate found, and why: score, matched words, similarity of meaning."""

    candidate: CandidateSummary
    score: float
    matched_terms: list[str]
    similarity: float | None
    keyword_rank: int | None
    vector_rank: int | None


@dataclass(frozen=True)
class ShortlistResult:
    candidate: CandidateSummary
    score: float
    matched: list[str]
    missing: list[str]


@dataclass(frozen=True)
class SearchOutcome:
    results: list[SearchResult]
    # Why the search ran on keywords only (no LLM set up, or the embedding call failed).
    keyword_only_reason: str | None


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

    async def search(
        self,
        query: str,
        limit: int = 20,
        client: ClientFilter = ALL,
        context: CallContext | None = None,
    ) -> SearchOutcome:
        """The best candidates for `query`; keyword-only (with the reason) without an LLM."""
        query = query.strip()
        if not query:
            return SearchOutcome([], None)
        vector, reason = await self._embed(query, context or CallContext("embed_query"))
        hits = await self._search.search(query, vector, limit, client)
        people = await self._candidates.summaries([h.candidate_id for h in hits])
        results = [
            SearchResult(people[h.candidate_id], h.score, h.matched_terms, h.similarity,
                         h.keyword_rank, h.vector_rank)
            for h in hits if h.candidate_id in people
        ]  # fmt: skip
        return SearchOutcome(results, reason)

    async def shortlist(
        self, requirements: Sequence[str], description: str, limit: int = 20,
        client: ClientFilter = ALL, context: CallContext | None = None,
    ) -> list[ShortlistResult]:  # fmt: skip
        """Candidates ranked for a job: search by its text, then matched/missing skills."""
        query = description.strip() or " ".join(requirements)
        outcome = await self.search(query, limit, client, context)
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
                            entries[r.candidate.id].missing)
            for r in outcome.results if r.candidate.id in entries
        ]  # fmt: skip
        # More requirements met first; the search score breaks ties.
        ranked.sort(key=lambda r: (-len(r.matched), -r.score))
        return ranked

    async def _embed(
        self, query: str, context: CallContext
    ) -> tuple[np.ndarray | None, str | None]:
        if not self._llm_ready():
            return None, "No LLM is set up: searched by keywords only."
        ctx = CallContext("embed_query", context.client_company_id, context.client_company_name)
        try:
            return (await self._gateway.embed(ctx, [query]))[0], None
        except LlmError as exc:
            log.warning("query embedding failed: %s", exc)
            return None, f"Searched by keywords only: {exc}"
