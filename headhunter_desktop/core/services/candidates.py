"""Candidates for the front ends: lists, the profile view, hand edits, export and erasure."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.cv_profile import CvProfile, keep_edited_fields
from headhunter_desktop.core.domain.cv_text import normalize_email, normalize_phone
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.coverage import client_condition
from headhunter_desktop.core.search.fields import fields_from

# Re-exported (`as`): front ends choose whose candidates a list or a search covers.
from headhunter_desktop.core.search.filters import ALL as ALL
from headhunter_desktop.core.search.filters import ClientFilter as ClientFilter
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.storage.candidates import stored_vector
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.import_queue import candidate_warnings
from headhunter_desktop.core.storage.tables import Candidate, CvFile, ImportJob, Interview

log = logging.getLogger(__name__)
# The candidate list shows the newest this many: a list is for browsing what came in
# lately; search finds anyone. Reading more rows costs the database thread more on every
# refresh (the list refreshes while an import runs).
POOL_LIST_LIMIT = 2000


@dataclass(frozen=True)
class CandidateSummary:
    """A row of the candidate list."""

    id: int
    name: str
    title: str
    years: float | None
    status: str
    error: str | None
    client_company_id: int | None
    duplicate_of_id: int | None


@dataclass(frozen=True)
class CandidatePage:
    """The newest candidates of the pool, and how many there are in all."""

    people: list[CandidateSummary]
    total: int

    @property
    def is_partial(self) -> bool:
        """Not every candidate is in `people`."""
        return len(self.people) < self.total


@dataclass(frozen=True)
class CandidateDetail:
    """Everything the profile view shows for one candidate."""

    summary: CandidateSummary
    profile: CvProfile | None
    text: str
    original_file: Path | None
    original_name: str | None
    edited_fields: list[str]
    text_warnings: tuple[str, ...] = ()  # what reading the file warned of (damaged text, …)


def _summary(c: Candidate) -> CandidateSummary:
    profile = c.profile_json or {}
    basics = profile.get("basics") or {}
    title = profile.get("currentTitle") or basics.get("label") or ""
    return CandidateSummary(
        c.id, c.display_name, title, profile.get("yearsOfExperience"), str(c.parse_status),
        c.parse_error, c.client_company_id, c.duplicate_of_id,
    )  # fmt: skip


def _newest(session: Session, client: ClientFilter, limit: int) -> list[CandidateSummary]:
    # Only the columns a row shows, the two titles taken out of the JSON by the database:
    # loading whole candidates (CV text, embedding) made the list ~6 times slower.
    profile = Candidate.profile_json
    query = (
        sa.select(
            Candidate.id, Candidate.display_name, profile["currentTitle"],
            profile[("basics", "label")], profile["yearsOfExperience"], Candidate.parse_status,
            Candidate.parse_error, Candidate.client_company_id, Candidate.duplicate_of_id,
        )
        .where(client_condition(client))
        .order_by(Candidate.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        CandidateSummary(id_, name, current or label or "", years, str(status), error, client_id,
                         duplicate_of)
        for id_, name, current, label, years, status, error, client_id, duplicate_of
        in session.execute(query)
    ]  # fmt: skip


def _count(session: Session, client: ClientFilter) -> int:
    query = sa.select(sa.func.count()).select_from(Candidate).where(client_condition(client))
    return session.scalar(query) or 0


def _get(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFoundError("This candidate no longer exists (deleted meanwhile).")
    return candidate


class CandidateService:
    """Reads and changes candidates; keeps the search index in step with every change."""

    def __init__(self, db: MainDatabase, paths: AppPaths, search: TalentSearch):
        self._db, self._paths, self._search = db, paths, search

    async def list(
        self, client: ClientFilter = ALL, limit: int = POOL_LIST_LIMIT
    ) -> list[CandidateSummary]:
        """The newest `limit` candidates (of `client`), newest first."""
        return await self._db.run(lambda s: _newest(s, client, limit))

    async def newest(
        self, client: ClientFilter = ALL, limit: int = POOL_LIST_LIMIT
    ) -> CandidatePage:
        """The newest `limit` candidates (of `client`) and how many there are in all."""
        return await self._db.run(
            lambda s: CandidatePage(_newest(s, client, limit), _count(s, client))
        )

    async def summaries(self, ids: Sequence[int]) -> dict[int, CandidateSummary]:
        def work(session: Session) -> dict[int, CandidateSummary]:
            rows = session.scalars(sa.select(Candidate).where(Candidate.id.in_(list(ids))))
            return {c.id: _summary(c) for c in rows}

        return await self._db.run(work)

    async def detail(self, candidate_id: int) -> CandidateDetail:
        def work(session: Session) -> CandidateDetail:
            c = _get(session, candidate_id)
            file = session.scalar(sa.select(CvFile).where(CvFile.candidate_id == c.id))
            profile = CvProfile.model_validate(c.profile_json) if c.profile_json else None
            return CandidateDetail(
                _summary(c), profile, c.extracted_text or "",
                self._paths.data_dir / file.stored_path if file else None,
                file.original_name if file else None, list(c.profile_edited_fields or []),
                tuple(candidate_warnings(session, c.id)),
            )  # fmt: skip

        return await self._db.run(work)

    async def save_edits(
        self, candidate_id: int, profile: CvProfile, edited_fields: Sequence[str]
    ) -> CandidateSummary:
        """Store a hand-edited profile and remember which fields the user changed."""

        def work(session: Session) -> tuple[CandidateSummary, str, str]:
            c = _get(session, candidate_id)
            c.profile_json = profile.model_dump(mode="json")
            c.profile_edited_fields = sorted({*c.profile_edited_fields, *edited_fields})
            c.display_name = (profile.basics.name or c.display_name)[:200]
            c.email_normalized = normalize_email(profile.basics.email)
            c.phone_normalized = normalize_phone(profile.basics.phone)
            return _summary(c), c.display_name, c.extracted_text or ""

        summary, name, text = await self._db.run(work)
        await self._search.index(candidate_id, fields_from(name, profile.model_dump(), text))
        return summary

    async def delete(self, candidate_id: int) -> None:
        """Erase a person (GDPR): files, text, profile, embedding and index entries go.

        Usage records stay: they hold ids and numbers only.
        """

        def work(session: Session) -> list[str]:
            c = _get(session, candidate_id)
            files = [f.stored_path for f in c.cv_files]
            # Other candidates' rows may share nothing with this one: files are per hash,
            # and a hash belongs to one candidate (duplicates point at the first).
            session.delete(c)
            return files

        stored = await self._db.run(work)
        await self._search.remove(candidate_id)
        await asyncio.get_running_loop().run_in_executor(None, self._remove_files, stored)

    def _remove_files(self, stored: Sequence[str]) -> None:
        for relative in stored:
            try:
                (self._paths.data_dir / relative).unlink(missing_ok=True)
            except OSError as exc:
                log.warning("could not remove a CV file: %s", exc.strerror)

    async def merge_into_original(self, candidate_id: int) -> int:
        """Fold a possible duplicate into the candidate it duplicates; returns that id.

        The newer CV's profile wins, except fields the user edited by hand on the original.
        Files, interviews and queue history move over; the duplicate row goes.
        """

        def work(session: Session) -> tuple[int, str, dict, str, bytes | None, str | None]:
            dup = _get(session, candidate_id)
            if dup.duplicate_of_id is None:
                raise UserFacingError("This candidate is not flagged as a duplicate.")
            original = _get(session, dup.duplicate_of_id)
            # Moved in SQL, then forgotten by the session: the ORM cascade on the
            # duplicate's collections would otherwise delete them with it.
            for table in (CvFile, Interview, ImportJob):
                session.execute(
                    sa.update(table).where(table.candidate_id == dup.id)
                    .values(candidate_id=original.id)
                )  # fmt: skip
            session.expire(dup, ["cv_files", "interviews"])
            if dup.profile_json:
                newer = CvProfile.model_validate(dup.profile_json)
                if original.profile_json and original.profile_edited_fields:
                    older = CvProfile.model_validate(original.profile_json)
                    newer = keep_edited_fields(newer, older, original.profile_edited_fields)
                original.profile_json = newer.model_dump(mode="json")
                original.extracted_text = dup.extracted_text
                original.embedding, original.embedding_model = dup.embedding, dup.embedding_model
            session.flush()
            session.delete(dup)
            return (original.id, original.display_name, original.profile_json or {},
                    original.extracted_text or "", original.embedding,
                    original.embedding_model)  # fmt: skip

        original_id, name, profile_json, text, vector, model = await self._db.run(work)
        await self._search.remove(candidate_id)
        embedding = stored_vector(vector)
        fields = fields_from(name, profile_json, text)
        # The duplicate's vector may be of an earlier model: the index then leaves it out.
        await self._search.index(original_id, fields, embedding, model)
        return original_id

    async def export_json_resume(self, candidate_id: int, target: Path) -> None:
        """Write the profile as a JSON Resume document."""
        detail = await self.detail(candidate_id)
        if detail.profile is None:
            raise UserFacingError("This candidate has no parsed profile to export yet.")
        text = json.dumps(detail.profile.to_json_resume(), indent=2, ensure_ascii=False) + "\n"
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, lambda: target.write_text(text, encoding="utf-8")
            )
        except OSError as exc:
            raise UserFacingError(f"Cannot write {target}: {exc.strerror}.") from None
