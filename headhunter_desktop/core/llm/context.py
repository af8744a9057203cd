"""Who a call is for: the action, the client company that pays, and the entity it is about."""

from __future__ import annotations

from dataclasses import dataclass

from headhunter_desktop.core.domain.actions import Action

# Bulk import work: it may wait; everything else is a person waiting for an answer.
BATCH_ACTIONS = frozenset({Action.READ_SCANNED_CV, Action.PARSE_CV, Action.EMBED_CV})


@dataclass(frozen=True)
class CallContext:
    """Carried by every gateway call into its usage record."""

    action: Action
    client_company_id: int | None = None
    client_company_name: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    # The user confirmed going over the client's hard budget cap for this one call.
    allow_over_budget: bool = False
    # None: the action decides (import work is batch). True for one-off batch-kind work a
    # person is waiting for, e.g. re-parsing the CV they are looking at.
    interactive: bool | None = None
    # Who the client is on a shared usage server (client_company_id is this laptop's own
    # id): what records are counted under and budgets are keyed by. Set with the id.
    client_uuid: str | None = None

    def __post_init__(self) -> None:
        # Callers may pass the stored code ("parse_cv"); an unknown one fails here, early.
        object.__setattr__(self, "action", Action(self.action))

    @property
    def is_interactive(self) -> bool:
        """Whether the call takes the interactive lane of the gateway's request slots."""
        if self.interactive is not None:
            return self.interactive
        return self.action not in BATCH_ACTIONS
