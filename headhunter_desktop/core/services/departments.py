"""Department profiles of client companies: kept in the main database, written by the LLM
in the client's voice, billed to the client.

`generate` and `regenerate_field` are async context managers around the gateway's
structured stream: the hard budget cap is checked on entering (BudgetExceededError, before
a byte is sent); leaving the block early closes the stream and records the call as
cancelled. Neither saves: the front end applies the field events to its editors and saves
what the user keeps (`draft` does both, for the CLI).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.department import DepartmentProfile, DepartmentProfileDraft
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.services import department_prompt
from headhunter_desktop.core.services.generation import (
    StructuredUpdate,
    generation_context,
    load_client_profile,
    single_field_schema,
    stream_fields,
)
from headhunter_desktop.core.storage import departments as repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Department

UpdateListener = Callable[[StructuredUpdate[Any]], None]


def _profile(row: Department) -> DepartmentProfile:
    stored = dict(row.profile_json or {})
    return DepartmentProfile.model_validate(
        {**stored, "id": row.id, "client_id": row.client_company_id, "name": row.name}
    )


def _stored(profile: DepartmentProfile) -> dict[str, Any]:
    """What `profile_json` keeps: everything but the columns of the row itself."""
    return profile.model_dump(mode="json", exclude={"id", "client_id", "name"})


def _save(session: Session, profile: DepartmentProfile) -> DepartmentProfile:
    if profile.id is None:
        row = repo.create_department(session, profile.client_id, profile.name, _stored(profile))
    else:
        row = repo.update_department(session, profile.id, profile.name, _stored(profile))
    return _profile(row)


def _existing(session: Session, client_id: int, name: str) -> DepartmentProfile | None:
    row = repo.find_department(session, client_id, name)
    return None if row is None else _profile(row)


class DepartmentService:
    """Create, edit, delete and generate a client's department profiles."""

    def __init__(self, db: MainDatabase, gateway: LlmGateway) -> None:
        self._db = db
        self._gateway = gateway

    async def list(self, client_id: int) -> builtins.list[DepartmentProfile]:
        """The client's departments, sorted by name."""
        return await self._db.run(
            lambda s: [_profile(row) for row in repo.list_departments(s, client_id)]
        )

    async def get(self, department_id: int) -> DepartmentProfile:
        """One department; NotFoundError when it is gone."""
        return await self._db.run(lambda s: _profile(repo.get_department(s, department_id)))

    async def save(self, profile: DepartmentProfile) -> DepartmentProfile:
        """Create (id None) or update a department; returns it as saved. InvalidInputError
        for an empty name, DuplicateError for a name the client has already."""
        return await self._db.run(lambda s: _save(s, profile))

    async def delete(self, department_id: int) -> None:
        """Delete a department (its jobs stay, without one); NotFoundError when it is gone."""
        await self._db.run(lambda s: repo.delete_department(s, department_id))

    @asynccontextmanager
    async def generate(
        self, client_id: int, name: str, *, guidance: str = "", allow_over_budget: bool = False
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[DepartmentProfileDraft]]]:
        """`async with service.generate(client, "Engineering") as updates:` the whole
        profile streamed; a department of that name the client has is rewritten from its
        current profile."""
        name = repo.clean_department_name(name)
        client = await load_client_profile(self._db, client_id)
        current = await self._db.run(lambda s: _existing(s, client_id, name))
        ctx = await self._context(client_id, current, allow_over_budget)
        fields = None if current is None else current.fields
        messages = department_prompt.generation_messages(client, name, fields, guidance)
        async with stream_fields(self._gateway, ctx, messages, DepartmentProfileDraft) as updates:
            yield updates

    @asynccontextmanager
    async def regenerate_field(
        self, profile: DepartmentProfile, field: str, *, allow_over_budget: bool = False
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[BaseModel]]]:
        """Only `field` written again (its events carry the paths of the whole profile);
        the other fields go with the prompt as context."""
        if field not in department_prompt.FIELD_REQUESTS:
            raise ValueError(f"a department profile has no field {field!r}")
        client = await load_client_profile(self._db, profile.client_id)
        ctx = await self._context(profile.client_id, profile, allow_over_budget)
        messages = department_prompt.field_messages(client, profile.name, profile.fields, field)
        schema = single_field_schema(DepartmentProfileDraft, field)
        async with stream_fields(self._gateway, ctx, messages, schema) as updates:
            yield updates

    async def draft(
        self, client_id: int, name: str, *, on_update: UpdateListener | None = None
    ) -> DepartmentProfile:
        """Generate a new department's profile and save it. The name is checked first, so
        nothing is paid for a profile that could not be saved."""
        cleaned = await self._db.run(lambda s: repo.check_new_department_name(s, client_id, name))
        final: DepartmentProfileDraft | None = None
        async with self.generate(client_id, cleaned) as updates:
            async for update in updates:
                if on_update is not None:
                    on_update(update)
                if update.final is not None:
                    final = update.final
        if final is None:  # the stream ends with the object or raises; never silently empty
            raise InvalidModelOutputError("The model's answer ended before the profile did.")
        profile = DepartmentProfile(
            client_id=client_id, name=cleaned, fields=final, ai_drafted=True
        )
        return await self.save(profile)

    async def _context(
        self, client_id: int, department: DepartmentProfile | None, allow_over_budget: bool
    ) -> CallContext:
        known = None if department is None or department.id is None else str(department.id)
        return await generation_context(
            self._db,
            Action.GENERATE_DEPARTMENT,
            client_id,
            entity_type="department",
            entity_id=known,
            allow_over_budget=allow_over_budget,
        )
