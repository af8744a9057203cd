"""Client profiles read from the client's website (or a pasted text): one structured LLM
call over the pages' main texts, billed to the client, streamed field by field; every value
found carries its source, and the recruiter's own values are never silently overwritten.

`extract` is an async context manager around the gateway's structured stream, like the
job and department generations: the hard budget cap is checked on entering; leaving the
block early closes the stream and records the call as cancelled. It saves nothing: the
front end turns the final answer into a `FoundProfile` (`found_profile`), shows the
`merge` and saves what the recruiter accepts (`save_merged`). `find` does the reading
part in one go, for the CLI. A source with structured facts and no text needs no call
(`needs_extraction`): its facts are the profile.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.company_facts import CompanyFacts
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.services import client_profiles, company_profile_prompt
from headhunter_desktop.core.services.company_sources import (
    CompanySource,
    Fact,
    PageListener,
    PageRecord,
    PageText,
    PastedText,
    ReadLimits,
    WebsiteError,
    WebsiteReading,
    known_facts,
    source_texts,
)
from headhunter_desktop.core.services.found_profiles import FoundProfile, found_profile
from headhunter_desktop.core.services.generation import (
    StructuredUpdate,
    generation_context,
    load_client_profile,
    stream_fields,
)
from headhunter_desktop.core.services.profile_merge import (
    FieldConflict,
    ProfileMerge,
    apply_merge,
    merge_profiles,
)
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import InvalidInputError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "CompanyFacts",
    "CompanyProfileService",
    "Fact",
    "FieldConflict",
    "FoundProfile",
    "NoCompanyTextError",
    "PageListener",
    "PageRecord",
    "PageText",
    "PastedText",
    "ProfileMerge",
    "ReadLimits",
    "WebsiteError",
    "WebsiteReading",
]

UpdateListener = Callable[[StructuredUpdate[Any]], None]


class NoCompanyTextError(UserFacingError):
    """There is no text to read a profile from: nothing was read, or the paste is empty."""

    code = "no_company_text"


class CompanyProfileService:
    """Read a client's website, extract its profile, merge and save it."""

    def __init__(
        self,
        db: MainDatabase,
        gateway: LlmGateway,
        *,
        limits: ReadLimits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`transport` replaces the network (tests); `limits` the reader's budgets."""
        self._db = db
        self._gateway = gateway
        self._limits = limits or ReadLimits()
        self._transport = transport

    async def read_website(
        self, url: str, *, on_page: PageListener | None = None
    ) -> WebsiteReading:
        """The site's pages, structured facts and main texts (core.web's reader);
        InvalidInputError for an address that is none, a WebsiteError naming the cause
        when the site cannot be read. `on_page` hears of each page as it is done (on the
        event loop's thread, in the order they finish), for live progress."""
        cleaned = client_profiles.clean_website(url)
        if cleaned is None:
            raise InvalidInputError("There is no website to read: type the client's address.")
        from headhunter_desktop.core.web.reader import read_website  # httpx, lxml: on use

        return await read_website(
            cleaned, limits=self._limits, transport=self._transport, on_page=on_page
        )

    def needs_extraction(self, source: CompanySource) -> bool:
        """False when the source states structured facts and has no text: then there is
        nothing for the model to read, and `found_profile(CompanyFacts(), source)` is the
        profile (no call, nothing billed). True otherwise (`extract` says so when there
        is no text at all)."""
        return bool(source_texts(source)) or not known_facts(source)

    @asynccontextmanager
    async def extract(
        self, client_id: int, source: CompanySource, *, allow_over_budget: bool = False
    ) -> AsyncIterator[AsyncIterator[StructuredUpdate[CompanyFacts]]]:
        """`async with service.extract(client, reading) as updates:` the company's facts
        streamed as the model reads them from the texts (the final update's object is
        the model's answer: pass it to `found_profile`). NoCompanyTextError before any
        call when there is no text."""
        if not source_texts(source):
            raise NoCompanyTextError(_no_text_message(source))
        client = await load_client_profile(self._db, client_id)
        ctx = await generation_context(
            self._db,
            Action.EXTRACT_COMPANY,
            client_id,
            entity_type="client",
            entity_id=str(client_id),
            allow_over_budget=allow_over_budget,
        )
        messages = company_profile_prompt.extraction_messages(client.name, source)
        async with stream_fields(self._gateway, ctx, messages, CompanyFacts) as updates:
            yield updates

    def found_profile(self, final: CompanyFacts, source: CompanySource) -> FoundProfile:
        """The values found, each with its source; JSON-LD and OpenGraph facts verbatim,
        a founding year, size or headquarters the texts do not state dropped (warned)."""
        return found_profile(final, source)

    def merge(self, current: ClientProfile, found: FoundProfile) -> ProfileMerge:
        """Which fields `found` fills, which it states otherwise, which it confirms."""
        return merge_profiles(current, found)

    async def save_merged(
        self, client_id: int, merge: ProfileMerge, accepted: Collection[str]
    ) -> ClientProfile:
        """Save the filled fields (those still empty) and the `accepted` conflicts, with
        their sources; returns the profile as stored."""

        def work(session: Session) -> ClientProfile:
            current = client_profiles.read_profile(session, client_id)
            merged = apply_merge(current, merge, accepted)
            website = client_profiles.clean_website(merged.website)
            return client_profiles.write_profile(session, client_id, merged, website)

        return await self._db.run(work)

    async def find(
        self, client_id: int, source: CompanySource, *, on_update: UpdateListener | None = None
    ) -> FoundProfile:
        """Extract and check in one go (the CLI). A site whose structured data is all it
        has (no text) costs no call: its facts are the profile."""
        if not self.needs_extraction(source):
            return found_profile(CompanyFacts(), source)
        final: CompanyFacts | None = None
        async with self.extract(client_id, source) as updates:
            async for update in updates:
                if on_update is not None:
                    on_update(update)
                final = update.final or final
        if final is None:  # the stream ends with the object or raises; never silently empty
            raise InvalidModelOutputError("The model's answer ended before the profile did.")
        return found_profile(final, source)


def _no_text_message(source: CompanySource) -> str:
    if isinstance(source, PastedText):
        return "The pasted text is empty: paste the text of the client's website."
    return (
        f"No text could be read from {source.url}: fill the profile by hand or paste the "
        "text of its pages."
    )
