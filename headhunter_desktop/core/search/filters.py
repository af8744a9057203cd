"""Which candidates a search covers: one client company, the agency's own pool, or all."""

from __future__ import annotations

import enum
from typing import Any, Final, Literal

import sqlalchemy as sa


class _AllClients(enum.Enum):
    ALL = "all"


ALL: Final = _AllClients.ALL
# An id: that client's candidates; None: the agency's own pool (no client); ALL: everyone.
ClientFilter = int | None | Literal[_AllClients.ALL]


def client_sql(client: ClientFilter) -> tuple[str, dict[str, Any]]:
    """An `AND …` fragment on `candidates.client_company_id` and its parameters."""
    if client is ALL:
        return "", {}
    if client is None:
        return "AND candidates.client_company_id IS NULL", {}
    return "AND candidates.client_company_id = :client", {"client": int(client)}


def client_ids_query(client: ClientFilter) -> sa.TextClause:
    """SELECT the ids of every candidate `client` covers (for filtering vector hits)."""
    fragment, params = client_sql(client)
    return sa.text(f"SELECT id FROM candidates WHERE 1 = 1 {fragment}").bindparams(**params)
