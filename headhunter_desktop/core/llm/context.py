"""Who a call is for: the action, the client company that pays, and the entity it is about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CallContext:
    """Carried by every gateway call into its usage record."""

    action: str
    client_company_id: int | None = None
    client_company_name: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    # The user confirmed going over the client's hard budget cap for this one call.
    allow_over_budget: bool = False
