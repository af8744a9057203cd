"""What every generation feature shares: the client's context, fenced prompt data, the
stream of field events, and one-field schemas for "regenerate this field".

Department profiles, job postings, company profiles and interview feedback all stream
through `stream_fields`; a front end applies each update's events to its editors and keeps
the final object, or whatever arrived before a cancel.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, create_model
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway, Messages, StructuredUpdate
from headhunter_desktop.core.services.call_contexts import context_for_client
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.database import MainDatabase

__all__ = [
    "StructuredUpdate",
    "client_profile_text",
    "fenced",
    "generation_context",
    "load_client_profile",
    "single_field_schema",
    "stream_fields",
]

T = TypeVar("T", bound=BaseModel)


def fenced(tag: str, text: str) -> str:
    """`text` between <tag> and </tag>, every variant of the closing tag inside it defused
    (</TAG>, </tag >, < /tag>), so data can never end its fence and speak as instructions."""
    closing = re.compile(rf"<(?=\s*/\s*{re.escape(tag)}\b)", re.IGNORECASE)
    return f"<{tag}>\n{closing.sub('&lt;', text.strip())}\n</{tag}>"


def client_profile_from_row(
    name: str, website: str | None, stored: dict[str, Any] | None
) -> ClientProfile:
    """The profile kept in `profile_json`, with the name and website of the row itself."""
    data = dict(stored or {})
    data["name"] = name
    data["website"] = website or data.get("website")
    return ClientProfile.model_validate(data)


def _read_profile(session: Session, client_id: int) -> ClientProfile:
    client = clients_repo.get_client(session, client_id)
    return client_profile_from_row(client.name, client.website, client.profile_json)


async def load_client_profile(db: MainDatabase, client_id: int) -> ClientProfile:
    """The client's profile; NotFoundError when the client was deleted meanwhile."""
    return await db.run(lambda session: _read_profile(session, client_id))


def client_profile_text(profile: ClientProfile) -> str:
    """The profile as the prompt shows it: only what is known, one fact per line. The
    agency's own fields (contacts, notes, fee terms) never reach a prompt; nor do the
    social links and sources, which say nothing a text should be written from."""
    lines = [f"Name: {profile.name}"]
    for field, label in _PROMPT_FIELDS.items():
        value = getattr(profile, field)
        shown = ", ".join(value) if isinstance(value, list) else value
        if shown:
            lines.append(f"{label}: {shown}")
    return "\n".join(lines)


# What generations are told of the client, in this order, with these labels.
_PROMPT_FIELDS = {
    "website": "Website", "tagline": "Tagline", "industry": "Industry",
    "company_type": "Company type", "founded_year": "Founded",
    "headquarters": "Headquarters", "size_band": "Size", "description": "Description",
    "mission": "Mission", "vision": "Vision", "culture": "Culture", "values": "Values",
    "specialties": "Specialties", "products_and_services": "Products and services",
    "target_market": "Target market", "departments": "Departments", "benefits": "Benefits",
}  # fmt: skip


def voice_instructions(profile: ClientProfile) -> str:
    """The client's fine-tuning instructions as rules for the model ("" when none)."""
    tuning = profile.fine_tuning
    rules = []
    if tuning.tone:
        rules.append(f"- Tone: {tuning.tone}")
    if tuning.words_to_use:
        rules.append(f"- Prefer these words where they fit: {', '.join(tuning.words_to_use)}")
    if tuning.words_to_avoid:
        rules.append(f"- Never use these words: {', '.join(tuning.words_to_avoid)}")
    if tuning.instructions:
        rules.append(f"- {tuning.instructions}")
    return "\n".join(rules)


async def generation_context(
    db: MainDatabase,
    action: Action,
    client_id: int,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    allow_over_budget: bool = False,
) -> CallContext:
    """The CallContext of a generation billed to `client_id`."""
    ctx = await context_for_client(
        db, action, client_id, entity_type=entity_type, entity_id=entity_id
    )
    return dataclasses.replace(ctx, allow_over_budget=allow_over_budget)


@asynccontextmanager
async def stream_fields(
    gateway: LlmGateway, ctx: CallContext, messages: Messages, schema: type[T]
) -> AsyncIterator[AsyncIterator[StructuredUpdate[T]]]:
    """`async with stream_fields(...) as updates:` field events as the object is written.

    The hard budget cap is checked when the block is entered, before a byte is sent
    (BudgetExceededError); leaving the block early closes the HTTP stream at once and the
    call is recorded as cancelled, with estimated usage, for the context's client.
    """
    async with gateway.open_structured_stream(ctx, messages, schema) as updates:
        yield updates


def single_field_schema(model: type[BaseModel], field: str) -> type[BaseModel]:
    """A model with only `field` of `model` (same name, type and default), for
    regenerating one field: its events carry the same path as in the whole object."""
    info = model.model_fields[field]
    return create_model(  # type: ignore[call-overload]
        f"{model.__name__}_{field}", **{field: (info.annotation, info)}
    )
