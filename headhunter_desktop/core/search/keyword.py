"""Keyword search over the talent pool, the same API on SQLite (FTS5) and PostgreSQL (tsvector).

Every method takes a Session and runs where the caller runs it: on the main database's
worker thread, through `MainDatabase.run()`.

A query is parsed as a recruiter writes it (`boolean_query`: AND, OR, NOT, "phrases",
stop-words dropped). A plain query's terms are first required all together; when that finds
fewer than `limit` candidates, candidates matching any term follow (`KeywordHit.complete`
False), so "python django" lists the Django developers before the Python-only ones whatever
the per-term scores say. Among those, a word found in more than half the pool ("engineer"
in an engineering agency's) ranks no one: bm25 gives it no weight, and ranking most of the
pool by it cost ~150 ms at 100,000 CVs; its matches come last, unranked. A query with
operators finds exactly what it says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import ModuleType

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.search import keyword_postgres, keyword_sqlite
from headhunter_desktop.core.search.boolean_query import AnyOf, KeywordQuery, parse_keyword_query
from headhunter_desktop.core.search.fields import SearchFields, fields_from
from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.search.terms import PREFIX_MIN_CHARS, Term
from headhunter_desktop.core.storage.tables import Candidate

log = logging.getLogger(__name__)

_BACKENDS: dict[str, ModuleType] = {"sqlite": keyword_sqlite, "postgresql": keyword_postgres}
_BACKFILL_BATCH = 500


@dataclass(frozen=True)
class KeywordHit:
    """One keyword match: 1-based rank, backend score (bigger is better), terms it contains;
    `complete` False for a plain query's "any of the words" matches."""

    candidate_id: int
    rank: int
    score: float
    matched_terms: list[str]
    complete: bool = True


class KeywordIndex:
    """The keyword index of the main database (`dialect`: 'sqlite' or 'postgresql')."""

    def __init__(self, dialect: str, *, prefix_min_chars: int = PREFIX_MIN_CHARS) -> None:
        backend = _BACKENDS.get(dialect)
        if backend is None:
            raise ValueError(f"no keyword index for the {dialect!r} database")
        self._backend = backend
        self._prefix_min_chars = prefix_min_chars

    def upsert(self, session: Session, candidate_id: int, fields: SearchFields) -> bool:
        """Index (or re-index) a candidate; False when the candidate no longer exists."""
        exists = session.scalar(sa.select(Candidate.id).where(Candidate.id == candidate_id))
        if exists is None:
            return False  # erased meanwhile: an index row would outlive the person
        self._backend.upsert(session, candidate_id, fields)
        return True

    def delete(self, session: Session, candidate_id: int) -> None:
        """Remove a candidate from the index (a no-op when it is not there)."""
        self._backend.delete(session, candidate_id)

    def search(
        self,
        session: Session,
        query: str,
        limit: int,
        client_company_id: ClientFilter = ALL,
        *,
        with_terms: bool = True,
    ) -> list[KeywordHit]:
        """The best `limit` candidates for `query`, best first; [] for a query with no words.

        `with_terms=False` leaves `matched_terms` empty, for callers that only show a few of
        the hits and ask `matched_terms()` for those.
        """
        parsed = self.parse(query)
        if parsed.expr is None or limit <= 0:
            return []
        ranked = self._backend.ranked(session, parsed.expr, limit=limit, client=client_company_id)
        complete = len(ranked)
        if parsed.plain and len(parsed.terms) > 1 and len(ranked) < limit:
            ranked += self._some_terms(session, parsed.terms, ranked, limit, client_company_id)
        hit_ids = [candidate_id for candidate_id, _ in ranked]
        matched = self._matched(session, parsed.terms, hit_ids) if with_terms else {}
        return [
            KeywordHit(candidate_id, rank, score, matched.get(candidate_id, []), rank <= complete)
            for rank, (candidate_id, score) in enumerate(ranked, start=1)
        ]

    def _some_terms(
        self,
        session: Session,
        terms: list[Term],
        found: list[tuple[int, float]],
        limit: int,
        client: ClientFilter,
    ) -> list[tuple[int, float]]:
        """Up to `limit - len(found)` more candidates with some of `terms`: ranked by the
        words that tell candidates apart, then, unranked, by single words that most CVs
        hold (a phrase is rarer than its words: always ranked)."""
        words = [term.tokens[0] for term in terms if len(term.tokens) == 1]
        everywhere = self._backend.words_in_most_documents(session, words) if words else set()
        common = [term for term in terms if len(term.tokens) == 1 and term.tokens[0] in everywhere]
        telling = [term for term in terms if term not in common]
        seen = {candidate_id for candidate_id, _ in found}
        more: list[tuple[int, float]] = []
        for options, rank in ((telling, self._backend.ranked), (common, self._backend.unranked)):
            wanted = limit - len(found) - len(more)
            if options and wanted > 0:
                hits = rank(session, AnyOf(tuple(options)), limit=wanted + len(seen), client=client)
                new = [hit for hit in hits if hit[0] not in seen][:wanted]
                seen.update(candidate_id for candidate_id, _ in new)
                more += new
        return more

    def excluded(self, session: Session, query: str, candidate_ids: list[int]) -> set[int]:
        """Those of `candidate_ids` whose text has a word the query excludes (NOT …)."""
        terms = self.parse(query).excluded
        found = self._backend.matched(session, terms, candidate_ids) if terms else {}
        return {candidate_id for candidate_id, hits in found.items() if hits}

    def matched_terms(
        self, session: Session, query: str, candidate_ids: list[int]
    ) -> dict[int, list[str]]:
        """For each of `candidate_ids`, the terms of `query` its indexed text contains."""
        return self._matched(session, self.terms(query), candidate_ids)

    def terms(self, query: str) -> list[Term]:
        """The positive terms of `query`: what a hit's "matched: …" can list."""
        return self.parse(query).terms

    def parse(self, query: str) -> KeywordQuery:
        """`query` as this index reads it (see `boolean_query`)."""
        return parse_keyword_query(query, prefix_min_chars=self._prefix_min_chars)

    def index_missing(self, session: Session) -> int:
        """Index every candidate that has no entry yet (e.g. after upgrading); returns how many."""
        # The ids first, unordered: read from a small index, not the rows (each holds a CV
        # and a vector); the check then costs ~0.1 s with 100,000 candidates, not ~2 s.
        missing = sa.select(Candidate.id).where(self._backend.NOT_INDEXED).limit(_BACKFILL_BATCH)
        count = 0
        # In batches, so that a large pool's texts are never all in memory at once; each
        # batch leaves the NOT EXISTS condition, so the loop ends.
        while ids := list(session.scalars(missing)):
            batch = session.execute(
                sa.select(
                    Candidate.id,
                    Candidate.display_name,
                    Candidate.profile_json,
                    Candidate.extracted_text,
                )
                .where(Candidate.id.in_(ids))
                .order_by(Candidate.id)
            ).all()
            for candidate_id, name, profile, text in batch:
                self._backend.upsert(session, candidate_id, fields_from(name, profile, text))
            count += len(batch)
        if count:
            log.info("indexed %d candidates for keyword search", count)
        return count

    def _matched(
        self, session: Session, terms: list[Term], candidate_ids: list[int]
    ) -> dict[int, list[str]]:
        if not candidate_ids or not terms:
            return {candidate_id: [] for candidate_id in candidate_ids}
        found = self._backend.matched(session, terms, candidate_ids)
        return {c: [terms[i].text for i in found.get(c, [])] for c in candidate_ids}
