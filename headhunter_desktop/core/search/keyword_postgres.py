"""The PostgreSQL side of the keyword index: `candidate_search(candidate_id, document tsvector)`.

The tsvector is built here, in Python, with the same tokens as the SQLite FTS5 tokenizer
(see `text.py`), rather than by `to_tsvector`: PostgreSQL's parser would turn "C++" and
"C#" into "c", and stripping diacritics there needs the `unaccent` extension, which a
shared server may not offer. So the same query finds the same candidates on both backends.
Only the tsvector is stored (no second copy of the CV text); the row goes with its
candidate (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.search.boolean_query import AnyOf, Expr
from headhunter_desktop.core.search.fields import SearchFields
from headhunter_desktop.core.search.filters import ClientFilter, client_sql
from headhunter_desktop.core.search.terms import Term, tokens

TABLE = "candidate_search"
# ts_rank weights for {D, C, B, A}: body D, skills B, name and title A. Normalisation 1
# divides by 1 + log(document length), so a long CV does not win by length alone.
_RANK = "ts_rank('{0.1, 0.2, 0.6, 1.0}', document, CAST(:query AS tsquery), 1)"
_FIELD_WEIGHTS = (("name", "A"), ("title", "A"), ("skills", "B"), ("body", "D"))
# tsvector limits: positions 1..16383, at most 256 positions per lexeme.
_MAX_POSITION = 16383
_MAX_POSITIONS_PER_LEXEME = 256

_UPSERT = sa.text(
    f"INSERT INTO {TABLE} (candidate_id, document) VALUES (:id, CAST(:document AS tsvector)) "
    "ON CONFLICT (candidate_id) DO UPDATE SET document = EXCLUDED.document"
)
_DELETE = sa.text(f"DELETE FROM {TABLE} WHERE candidate_id = :id")
# A CV's tsvector (~2 KB) is stored out of line (TOAST): reading it back costs more than
# ranking it, and a word in most CVs ("engineer") matches most of the pool. So the GIN
# index finds the matches without reading them, and only the `pool` smallest (the stored
# size is known without reading the document) are read and ranked. Fewer matches than
# that: the exact ranking. More: normalisation 1 favours short documents, so the best
# hits are among the smallest; on the 20,000 CVs of tests/benchmarks/bench_search.py every
# query returns the same hits in the same order as ranking all matches, and "engineer"
# (18,000 matches) takes 17 ms instead of 41 ms.
_RANKED_MIN = 4000
_RANKED_PER_HIT = 40
# For the ranking query only (put back after it, and local to the transaction anyway):
# bitmap scans, as the planner's cost of a sequential or primary key scan leaves out
# reading every document it filters; and a plan for this query's words, not a generic
# plan cached for a prepared statement's parameters.
_SETTINGS = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "plan_cache_mode": "force_custom_plan",
}
_SAVE_SETTINGS = sa.text(
    "SELECT "
    + ", ".join(
        f"current_setting('{k}'), set_config('{k}', '{v}', true)" for k, v in _SETTINGS.items()
    )
)
_RESTORE_SETTINGS = sa.text(
    "SELECT " + ", ".join(f"set_config('{k}', :{k}, true)" for k in _SETTINGS)
)
_MATCHING = sa.text(
    f"SELECT candidate_id FROM {TABLE} "
    "WHERE candidate_id IN :ids AND document @@ CAST(:query AS tsquery)"
).bindparams(sa.bindparam("ids", expanding=True))

# Candidates with no row in the index, for the backfill.
NOT_INDEXED = sa.text(
    f"NOT EXISTS (SELECT 1 FROM {TABLE} WHERE {TABLE}.candidate_id = candidates.id)"
)


_DOCUMENTS = sa.text(f"SELECT count(*) FROM {TABLE}")
_DOCUMENTS_WITH = sa.text(
    f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} "
    "WHERE document @@ CAST(:query AS tsquery) LIMIT :enough) AS found"
)


def upsert(session: Session, candidate_id: int, fields: SearchFields) -> None:
    """Insert or replace the candidate's document."""
    session.execute(_UPSERT, {"id": candidate_id, "document": tsvector_literal(fields)})


def delete(session: Session, candidate_id: int) -> None:
    """Remove the candidate's document, if any."""
    session.execute(_DELETE, {"id": candidate_id})


def ranked(
    session: Session, expr: Expr, *, limit: int, client: ClientFilter
) -> list[tuple[int, float]]:
    """(candidate id, ts_rank) of the best matches, best first.

    At most `max(_RANKED_MIN, _RANKED_PER_HIT * limit)` matches are ranked: the shortest
    documents, when a word is in most CVs (see `_RANKED`).
    """
    query = _expr_query(expr)
    fragment, params = client_sql(client)
    # The join only to filter by client: rows cannot outlive their candidate (CASCADE).
    join = f"JOIN candidates ON candidates.id = {TABLE}.candidate_id" if fragment else ""
    statement = sa.text(
        f"SELECT candidate_id, {_RANK} AS rank FROM ("
        f"SELECT candidate_id, document FROM {TABLE} {join} "
        f"WHERE document @@ CAST(:query AS tsquery) {fragment} "
        "ORDER BY pg_column_size(document), candidate_id LIMIT :pool"
        ") AS pool ORDER BY rank DESC, candidate_id LIMIT :limit"
    )
    pool = max(_RANKED_MIN, _RANKED_PER_HIT * limit)
    saved = session.execute(_SAVE_SETTINGS).one()
    try:
        rows = session.execute(statement, {"query": query, "limit": limit, "pool": pool, **params})
        return [(row[0], float(row[1])) for row in rows]
    finally:
        session.execute(_RESTORE_SETTINGS, dict(zip(_SETTINGS, saved[::2], strict=True)))


def unranked(
    session: Session, expr: Expr, *, limit: int, client: ClientFilter
) -> list[tuple[int, float]]:
    """(candidate id, 0.0) of `limit` matches in id order."""
    fragment, params = client_sql(client)
    join = f"JOIN candidates ON candidates.id = {TABLE}.candidate_id" if fragment else ""
    statement = sa.text(
        f"SELECT candidate_id FROM {TABLE} {join} "
        f"WHERE document @@ CAST(:query AS tsquery) {fragment} "
        "ORDER BY candidate_id LIMIT :limit"
    )
    rows = session.execute(statement, {"query": _expr_query(expr), "limit": limit, **params})
    return [(row[0], 0.0) for row in rows]


def words_in_most_documents(session: Session, words: list[str]) -> set[str]:
    """Those of `words` that more than half the indexed CVs hold: each counted through the
    GIN index, stopping one past half (bounded work however common the word)."""
    half = (session.scalar(_DOCUMENTS) or 0) // 2
    return {
        w
        for w in words
        if (session.scalar(_DOCUMENTS_WITH, {"query": _lexeme(w), "enough": half + 1}) or 0) > half
    }


def matched(session: Session, terms: list[Term], ids: list[int]) -> dict[int, list[int]]:
    """For each of `ids`, the indexes (into `terms`) of the terms its document holds."""
    found: dict[int, list[int]] = {candidate_id: [] for candidate_id in ids}
    # One small query per term, restricted to the hits and answered by the GIN index.
    for i, term in enumerate(terms):
        for candidate_id in session.scalars(_MATCHING, {"query": _term_query(term), "ids": ids}):
            found[candidate_id].append(i)
    return found


def tsvector_literal(fields: SearchFields) -> str:
    """The tsvector of `fields` in PostgreSQL's input syntax: 'lexeme':3A,17D …"""
    positions: dict[str, dict[str, None]] = {}
    position = 0
    for name, weight in _FIELD_WEIGHTS:
        for token in tokens(getattr(fields, name)):
            position = min(position + 1, _MAX_POSITION)
            seen = positions.setdefault(token, {})
            if len(seen) < _MAX_POSITIONS_PER_LEXEME:
                seen[f"{position}{weight}"] = None
        position = min(position + 1, _MAX_POSITION)  # a gap: no phrase spans two fields
    return " ".join(f"{_lexeme(lex)}:{','.join(pos)}" for lex, pos in positions.items())


def _expr_query(expr: Expr) -> str:
    if isinstance(expr, Term):
        return _term_query(expr)
    if isinstance(expr, AnyOf):
        return "(" + " | ".join(map(_expr_query, expr.options)) + ")"
    parts = [*map(_expr_query, expr.include), *(f"!{_expr_query(e)}" for e in expr.exclude)]
    return "(" + " & ".join(parts) + ")"


def _term_query(term: Term) -> str:
    # A tsquery literal built from quoted lexemes: user input never reaches the parser as
    # operators. Adjacent tokens form a phrase (<->); exact OR prefix, as on SQLite.
    lexemes = [_lexeme(t) for t in term.tokens]
    exact = " <-> ".join(lexemes)
    if not term.prefix:
        return f"({exact})"
    prefixed = " <-> ".join([*lexemes[:-1], lexemes[-1] + ":*"])
    return f"({exact} | {prefixed})"


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
