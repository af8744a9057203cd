"""The CallContext of work done for a client: front ends name the client by id, services
build the context, so every usage record carries the client's UUID (who it is on a shared
usage server) and its name as it was then."""

from __future__ import annotations

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.database import MainDatabase


async def context_for_client(
    db: MainDatabase,
    action: Action,
    client_id: int | None,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> CallContext:
    """Raises NotFoundError when the client was deleted meanwhile."""
    if client_id is None:
        return CallContext(action, None, None, entity_type, entity_id)
    name, uuid = await db.run(lambda s: clients_repo.client_identity(s, client_id))
    return CallContext(action, client_id, name, entity_type, entity_id, client_uuid=uuid)
