"""A candidate's profile becomes a vector: embedded, stored, indexed for search.

Split in steps so that the import stores the vector and moves its queue job to "done" in
one transaction: a kill between the two would otherwise pay for the embedding again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.domain.cv_text import profile_embedding_text
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.search.fields import fields_from
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.embedding_batcher import EmbeddingBatcher
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage.candidates import ParseInput
from headhunter_desktop.core.storage.database import MainDatabase

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")


@dataclass(frozen=True)
class EmbeddedProfile:
    """A profile's vector, not yet stored."""

    candidate: ParseInput
    profile: CvProfile
    vector: np.ndarray
    model: str

    def store(self, session: Session) -> None:
        repo.save_embedding(session, self.candidate.id, self.vector, self.model)


class CvEmbedding:
    """Embeds candidates' profiles (batched into few requests) and indexes them."""

    def __init__(
        self,
        db: MainDatabase,
        gateway: LlmGateway,
        embedder: EmbeddingBatcher,
        search: TalentSearch | None,
    ) -> None:
        self._db, self._gateway, self._embedder, self._search = db, gateway, embedder, search

    async def embed(self, candidate_id: int, *, interactive: bool) -> EmbeddedProfile | None:
        """The vector of the candidate's stored profile; None when it has no profile."""
        candidate = await self._db.run(lambda s: repo.parse_input(s, candidate_id))
        if candidate.profile is None:
            return None
        ctx = CallContext(
            Action.EMBED_CV, candidate.client_company_id, candidate.client_company_name,
            interactive=interactive, client_uuid=candidate.client_uuid,
        )  # fmt: skip
        # Read once: a model changed in Settings meanwhile must not label this vector.
        model = self._gateway.model_for(Action.EMBED_CV)
        text = profile_embedding_text(candidate.profile)
        vector = await self._embedder.embed(ctx, text, model)
        return EmbeddedProfile(candidate, candidate.profile, vector, model)

    async def store(self, embedded: EmbeddedProfile, and_then: Callable[[Session], T]) -> T:
        """Store the vector and run `and_then` in the same transaction; then index it."""

        def work(session: Session) -> T:
            embedded.store(session)
            return and_then(session)

        result = await self._db.run(work)
        if self._search is not None:
            profile_json = embedded.profile.model_dump(mode="json")
            name = embedded.profile.basics.name or ""
            fields = fields_from(name, profile_json, embedded.candidate.text)
            await self._search.index(embedded.candidate.id, fields, embedded.vector)
        return result
