"""Which candidates meaning search should cover: those the intake pipeline finished.

A finished candidate (`parse_status = done`) has been embedded once; whether its vector is
of the model searched now is the vector index's business (`VectorIndex.missing`).
"""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.storage.tables import Candidate, ParseStatus


def client_condition(client: ClientFilter) -> sa.ColumnElement[bool]:
    """`candidates.client_company_id` restricted as `client` says (ALL: no restriction)."""
    if client is ALL:
        return sa.true()
    if client is None:
        return Candidate.client_company_id.is_(None)
    return Candidate.client_company_id == client


def embedded_ids_query(client: ClientFilter = ALL) -> sa.Select[int]:
    """SELECT the ids of finished candidates (of `client`): served by the status index."""
    return sa.select(Candidate.id).where(
        Candidate.parse_status == ParseStatus.DONE, client_condition(client)
    )
