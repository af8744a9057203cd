"""The SQLite side of the keyword index: the FTS5 table `candidate_fts` of migration 0003.

The table keeps its own copy of the four texts (rowid = candidate id): FTS5 needs the old
values to delete a row from a contentless index, and `contentless_delete` needs SQLite
3.43, newer than some Pythons ship. bm25 weighs name and title 4, skills 3, body 1.

Measured on 20,000 CVs (tests/benchmarks/bench_search.py), two shapes are avoided: a JOIN
with `candidates` in the ranking query (2.5x slower for a word in most CVs), and
`rowid IN (…)` next to MATCH, which SQLite runs as one full-text query per rowid (seconds).
Client filtering and matched terms are therefore done on the side, in Python.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.search.boolean_query import AnyOf, Expr
from headhunter_desktop.core.search.fields import SearchFields
from headhunter_desktop.core.search.filters import ALL, ClientFilter, client_ids_query
from headhunter_desktop.core.search.terms import Term, TextTokens

log = logging.getLogger(__name__)

TABLE = "candidate_fts"
_COLUMNS = ("name", "title", "skills", "body")
_RANK = f"bm25({TABLE}, 4.0, 4.0, 3.0, 1.0)"

_DELETE = sa.text(f"DELETE FROM {TABLE} WHERE rowid = :id")
_DELETE_MANY = sa.text(f"DELETE FROM {TABLE} WHERE rowid IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)
_INSERT = sa.text(
    f"INSERT INTO {TABLE} (rowid, name, title, skills, body) "
    "VALUES (:id, :name, :title, :skills, :body)"
)
_CONTENT = sa.text(
    f"SELECT rowid, {', '.join(_COLUMNS)} FROM {TABLE} WHERE rowid IN :ids"
).bindparams(sa.bindparam("ids", expanding=True))
_EXISTING = sa.text("SELECT id FROM candidates WHERE id IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)

# Candidates with no row in the index, for the backfill. Looked up in FTS5's docsize shadow
# table (one row per indexed rowid, a plain b-tree): asking the virtual table once per
# candidate took ~2 s at every start with 100,000 candidates, this ~0.1 s.
NOT_INDEXED = sa.text(
    f"NOT EXISTS (SELECT 1 FROM {TABLE}_docsize AS indexed WHERE indexed.id = candidates.id)"
)


# Document frequencies: FTS5's own view of its index, in the connection's temp schema (no
# migration: it stores nothing), looked up per term in ~1-5 ms at 100,000 CVs.
_VOCABULARY = "candidate_fts_terms"
_CREATE_VOCABULARY = sa.text(
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_VOCABULARY} USING fts5vocab(main, '{TABLE}', 'row')"
)
_DOCUMENTS_WITH = sa.text(f"SELECT doc FROM temp.{_VOCABULARY} WHERE term = :token")
_DOCUMENTS = sa.text(f"SELECT count(*) FROM {TABLE}_docsize")


def upsert(session: Session, candidate_id: int, fields: SearchFields) -> None:
    """Replace the candidate's row (FTS5 has no ON CONFLICT for rowids)."""
    session.execute(_DELETE, {"id": candidate_id})
    session.execute(_INSERT, {"id": candidate_id, **{c: getattr(fields, c) for c in _COLUMNS}})


def delete(session: Session, candidate_id: int) -> None:
    """Remove the candidate's row, if any."""
    session.execute(_DELETE, {"id": candidate_id})


def ranked(
    session: Session, expr: Expr, *, limit: int, client: ClientFilter
) -> list[tuple[int, float]]:
    """(candidate id, score) of the best matches, best first; score = -bm25 (bigger is better)."""
    select = f"SELECT rowid, {_RANK} AS rank FROM {TABLE} WHERE {TABLE} MATCH :query "
    matches = _first_matches(session, select + "ORDER BY rank, rowid", expr, limit, client)
    return [(candidate_id, -rank) for candidate_id, rank in matches]


def unranked(
    session: Session, expr: Expr, *, limit: int, client: ClientFilter
) -> list[tuple[int, float]]:
    """(candidate id, 0.0) of `limit` matches in id order: FTS5 reads no more than that."""
    select = f"SELECT rowid, 0.0 FROM {TABLE} WHERE {TABLE} MATCH :query ORDER BY rowid"
    return _first_matches(session, select, expr, limit, client)


def _first_matches(
    session: Session, select: str, expr: Expr, limit: int, client: ClientFilter
) -> list[tuple[int, float]]:
    """The first `limit` (candidate id, value) rows of `select` (MATCH :query, ordered)
    that are `client`'s."""
    query = _expr_query(expr)
    if client is ALL:
        rows = session.execute(sa.text(f"{select} LIMIT :limit"), {"query": query, "limit": limit})
        return _existing(session, [(row[0], row[1]) for row in rows])
    allowed = set(session.scalars(client_ids_query(client)))
    hits: list[tuple[int, float]] = []
    # In order, kept while they are the client's; reading stops at `limit`.
    for candidate_id, value in session.execute(sa.text(select), {"query": query}):
        if candidate_id in allowed:
            hits.append((candidate_id, value))
            if len(hits) == limit:
                break
    return hits


def words_in_most_documents(session: Session, words: list[str]) -> set[str]:
    """Those of `words` that more than half the indexed CVs hold (bm25 gives such a word
    no weight: its idf is clamped to ~0)."""
    session.execute(_CREATE_VOCABULARY)
    half = (session.scalar(_DOCUMENTS) or 0) // 2
    return {w for w in words if (session.scalar(_DOCUMENTS_WITH, {"token": w}) or 0) > half}


def matched(session: Session, terms: list[Term], ids: list[int]) -> dict[int, list[int]]:
    """For each of `ids`, the indexes (into `terms`) of the terms its indexed text holds."""
    found: dict[int, list[int]] = {}
    for candidate_id, *texts in session.execute(_CONTENT, {"ids": ids}):
        # Per column: a phrase never runs from one field into the next, as in FTS5.
        columns = [TextTokens(text or "") for text in texts]
        found[candidate_id] = [
            i for i, term in enumerate(terms) if any(c.contains(term) for c in columns)
        ]
    return found


def _existing(session: Session, hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
    # The erase trigger keeps the index free of erased candidates; should a row ever be
    # left behind (a migration that dropped the trigger), it is not shown and is removed.
    if not hits:
        return hits
    existing = set(session.scalars(_EXISTING, {"ids": [c for c, _ in hits]}))
    orphans = [c for c, _ in hits if c not in existing]
    if orphans:
        log.warning("removed %d erased candidates left in the keyword index", len(orphans))
        session.execute(_DELETE_MANY, {"ids": orphans})
    return [hit for hit in hits if hit[0] in existing]


def _expr_query(expr: Expr) -> str:
    # FTS5 has AND, OR, binary NOT and parentheses; every group is parenthesised so that
    # its precedence (NOT > AND > OR) never regroups what the user wrote.
    if isinstance(expr, Term):
        return _term_query(expr)
    if isinstance(expr, AnyOf):
        return "(" + " OR ".join(map(_expr_query, expr.options)) + ")"
    query = "(" + " AND ".join(map(_expr_query, expr.include)) + ")"
    return "(" + query + "".join(f" NOT {_expr_query(e)}" for e in expr.exclude) + ")"


def _term_query(term: Term) -> str:
    # Every term is an FTS5 string: inside double quotes nothing is an operator, so no
    # user input can be a syntax error. Tokens hold no quotes; double them regardless.
    phrase = '"' + " ".join(term.tokens).replace('"', '""') + '"'
    # Exact OR prefix: an exact match scores in both phrases, so "java" ranks a Java CV
    # above one that only says "JavaScript".
    return f"({phrase} OR {phrase}*)" if term.prefix else phrase
