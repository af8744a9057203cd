"""Two candidates that are the same person: compared field by field, merged as the
recruiter chooses, and the merge undone on request.

`preview` shows both profiles side by side with a proposed side per field (the newer CV,
unless the original's field was edited by hand or the newer one is empty). `merge` keeps the
original's id: the chosen fields, the CV files, interviews and queue history of the other
move over and the other row goes. The returned `MergeUndo` holds both rows as they were,
and what moved: `undo` puts everything back (the same ids), and both in the search index.
The undo is also stored with the merge (`candidate_merges`), so `last_merge` offers it
after a restart, until it is used or the merged candidate is erased.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.domain.cv_text import normalize_email, normalize_phone
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.search.fields import fields_from
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.merge_fields import (
    CV_TEXT,
    CV_TEXT_LABEL,
    MERGE_FIELDS,
    Side,
    field_key_of,
    field_text,
    take_field,
)
from headhunter_desktop.core.services.merge_record import row_from_json, row_to_json
from headhunter_desktop.core.storage.candidates import stored_vector
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import (
    Candidate,
    CandidateMerge,
    CvFile,
    ImportJob,
    Interview,
)

__all__ = ["MergePreview", "MergeRow", "MergeSide", "MergeUndo", "Side", "StoredMerge"]
# The rows that belong to a candidate and move with a merge (and back with its undo).
_OWNED = (CvFile, Interview, ImportJob)


class MergeError(UserFacingError):
    """The two candidates cannot be merged (or the merge undone) as asked."""

    code = "candidate_merge"


@dataclass(frozen=True)
class MergeSide:
    """One of the two candidates, as the dialog introduces it."""

    id: int
    name: str
    file_name: str | None
    edited_fields: tuple[str, ...]


@dataclass(frozen=True)
class MergeRow:
    """A field of both profiles, and the side proposed."""

    key: str
    label: str
    original: str
    duplicate: str
    proposed: Side

    @property
    def differs(self) -> bool:
        """The two say something different (else there is nothing to choose)."""
        return " ".join(self.original.split()) != " ".join(self.duplicate.split())


@dataclass(frozen=True)
class MergePreview:
    """Both candidates and their fields, for choosing field by field."""

    original: MergeSide
    duplicate: MergeSide
    rows: list[MergeRow]

    def proposed(self) -> dict[str, Side]:
        """The side proposed for each field."""
        return {row.key: row.proposed for row in self.rows}


@dataclass(frozen=True)
class MergeUndo:
    """What `undo` needs: both rows as they were and the ids of what moved."""

    original: dict[str, Any]
    duplicate: dict[str, Any]
    moved: dict[str, list[int]]  # table name -> row ids moved to the original
    repointed: list[int]  # candidates flagged as duplicates of the duplicate
    record_id: int | None = None  # its row in candidate_merges

    @property
    def original_id(self) -> int:
        return int(self.original["id"])

    @property
    def duplicate_id(self) -> int:
        return int(self.duplicate["id"])


@dataclass(frozen=True)
class StoredMerge:
    """The latest merge into a candidate that can still be undone."""

    undo: MergeUndo
    duplicate_name: str
    merged_at: datetime


class CandidateMergeService:
    """Previews, merges and un-merges duplicate candidates; keeps the search index in step."""

    def __init__(self, db: MainDatabase, search: TalentSearch):
        self._db, self._search = db, search

    async def preview(self, duplicate_id: int) -> MergePreview:
        """The flagged duplicate `duplicate_id` beside the candidate it duplicates."""
        return await self._db.run(lambda s: _preview(s, *_pair(s, duplicate_id)))

    async def merge(self, duplicate_id: int, choices: Mapping[str, Side]) -> MergeUndo:
        """Fold `duplicate_id` into its original, each field from the side in `choices`
        (a field not named: the side proposed). Returns what `undo` needs."""
        undo = await self._db.run(lambda s: _merge(s, duplicate_id, choices))
        await self._search.remove(undo.duplicate_id)
        await self._reindex(undo.original_id)
        return undo

    async def last_merge(self, original_id: int) -> StoredMerge | None:
        """The latest merge into `original_id` not undone yet (None: there is none)."""
        return await self._db.run(lambda s: _last_merge(s, original_id))

    async def undo(self, undo: MergeUndo) -> None:
        """Both candidates back as they were before the merge, with their files."""
        await self._db.run(lambda s: _undo(s, undo))
        for candidate_id in (undo.original_id, undo.duplicate_id):
            await self._reindex(candidate_id)

    async def _reindex(self, candidate_id: int) -> None:
        row = await self._db.run(lambda s: _index_row(s, candidate_id))
        if row is None:
            return
        name, profile_json, text, vector, model = row
        embedding = stored_vector(vector)
        await self._search.remove(candidate_id)  # a vector it no longer has goes too
        await self._search.index(
            candidate_id, fields_from(name, profile_json, text), embedding, model
        )


def _get(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise MergeError(f"Candidate #{candidate_id} no longer exists (deleted meanwhile).")
    return candidate


def _pair(session: Session, duplicate_id: int) -> tuple[Candidate, Candidate]:
    duplicate = _get(session, duplicate_id)
    if duplicate.duplicate_of_id is None:
        raise MergeError(f"{duplicate.display_name} is not flagged as a possible duplicate.")
    return _get(session, duplicate.duplicate_of_id), duplicate


def _profile(c: Candidate) -> CvProfile | None:
    return CvProfile.model_validate(c.profile_json) if c.profile_json else None


def _side(session: Session, c: Candidate) -> MergeSide:
    query = sa.select(CvFile.original_name).where(CvFile.candidate_id == c.id)
    file_name = session.scalars(query.order_by(CvFile.id.desc())).first()
    return MergeSide(c.id, c.display_name, file_name, tuple(c.profile_edited_fields or ()))


def _preview(session: Session, original: Candidate, duplicate: Candidate) -> MergePreview:
    mine, theirs = _profile(original), _profile(duplicate)
    edited = {field_key_of(path) for path in original.profile_edited_fields or ()}
    rows = []
    for key, label, _paths in MERGE_FIELDS:
        kept, other = field_text(mine, key), field_text(theirs, key)
        keep = key in edited or not other
        rows.append(MergeRow(key, label, kept, other, Side.ORIGINAL if keep else Side.DUPLICATE))
    old_side, new_side = _side(session, original), _side(session, duplicate)
    rows.append(
        MergeRow(
            CV_TEXT, CV_TEXT_LABEL, _text_line(original, old_side), _text_line(duplicate, new_side),
            Side.DUPLICATE if duplicate.extracted_text else Side.ORIGINAL,
        )
    )  # fmt: skip
    return MergePreview(old_side, new_side, rows)


def _text_line(c: Candidate, side: MergeSide) -> str:
    words = len((c.extracted_text or "").split())
    return f"{side.file_name or 'no file'} ({words:,} words)" if words else ""


def _merge(session: Session, duplicate_id: int, choices: Mapping[str, Side]) -> MergeUndo:
    original, duplicate = _pair(session, duplicate_id)
    chosen = _preview(session, original, duplicate).proposed() | dict(choices)
    undo = MergeUndo(_snapshot(original), _snapshot(duplicate), {}, [])
    for table in _OWNED:
        ids = list(session.scalars(sa.select(table.id).where(table.candidate_id == duplicate.id)))
        undo.moved[table.__tablename__] = ids
        # Moved in SQL, then forgotten by the session: the ORM cascade on the
        # duplicate's collections would otherwise delete them with it.
        session.execute(sa.update(table).where(table.id.in_(ids)).values(candidate_id=original.id))
    session.expire(duplicate, ["cv_files", "interviews"])
    flagged = sa.select(Candidate.id).where(Candidate.duplicate_of_id == duplicate.id)
    undo.repointed.extend(session.scalars(flagged))
    _combine(original, duplicate, chosen)
    session.execute(
        sa.update(Candidate).where(Candidate.id.in_(undo.repointed))
        .values(duplicate_of_id=original.id)
    )  # fmt: skip
    session.flush()
    session.delete(duplicate)
    record = CandidateMerge(
        original_id=original.id,
        duplicate_id=duplicate.id,
        duplicate_name=duplicate.display_name,
        undo=_undo_to_json(undo),
    )
    session.add(record)
    session.flush()
    return replace(undo, record_id=record.id)


def _undo_to_json(undo: MergeUndo) -> dict[str, Any]:
    return {
        "original": row_to_json(undo.original),
        "duplicate": row_to_json(undo.duplicate),
        "moved": undo.moved,
        "repointed": undo.repointed,
    }


def _last_merge(session: Session, original_id: int) -> StoredMerge | None:
    latest = (
        sa.select(CandidateMerge)
        .where(CandidateMerge.original_id == original_id)
        .order_by(CandidateMerge.id.desc())
        .limit(1)
    )
    record = session.scalars(latest).first()
    if record is None:
        return None
    data = record.undo
    undo = MergeUndo(
        original=row_from_json(data["original"]),
        duplicate=row_from_json(data["duplicate"]),
        moved={table: [int(i) for i in ids] for table, ids in data["moved"].items()},
        repointed=[int(i) for i in data["repointed"]],
        record_id=record.id,
    )
    return StoredMerge(undo, record.duplicate_name, record.merged_at)


def _combine(original: Candidate, duplicate: Candidate, chosen: Mapping[str, Side]) -> None:
    mine, theirs = _profile(original), _profile(duplicate)
    taken = {key for key, side in chosen.items() if side == Side.DUPLICATE}
    if theirs is not None:
        merged = mine.model_copy(deep=True) if mine else CvProfile()
        for key, _label, _paths in MERGE_FIELDS:
            if key in taken or mine is None:
                take_field(merged, theirs, key)
        original.profile_json = merged.model_dump(mode="json")
        original.display_name = (merged.basics.name or original.display_name)[:200]
        original.email_normalized = normalize_email(merged.basics.email)
        original.phone_normalized = normalize_phone(merged.basics.phone)
    original.profile_edited_fields = sorted(
        {p for p in original.profile_edited_fields or () if field_key_of(p) not in taken}
        | {p for p in duplicate.profile_edited_fields or () if field_key_of(p) in taken}
    )
    if CV_TEXT in taken:
        original.extracted_text = duplicate.extracted_text
        original.embedding, original.embedding_model = (
            duplicate.embedding,
            duplicate.embedding_model,
        )


def _snapshot(c: Candidate) -> dict[str, Any]:
    columns = sa.inspect(Candidate).column_attrs
    return {attr.key: copy.deepcopy(getattr(c, attr.key)) for attr in columns}


def _undo(session: Session, undo: MergeUndo) -> None:
    original = session.get(Candidate, undo.original_id)
    if original is None:
        raise MergeError("The merge cannot be undone: the candidate was deleted since.")
    if session.get(Candidate, undo.duplicate_id) is not None:
        raise MergeError("This merge was undone already.")
    session.execute(sa.insert(Candidate).values(**undo.duplicate))
    for key, value in undo.original.items():
        setattr(original, key, copy.deepcopy(value))
    for table in _OWNED:
        ids = undo.moved.get(table.__tablename__, [])
        session.execute(
            sa.update(table).where(table.id.in_(ids)).values(candidate_id=undo.duplicate_id)
        )
    session.execute(
        sa.update(Candidate).where(Candidate.id.in_(undo.repointed))
        .values(duplicate_of_id=undo.duplicate_id)
    )  # fmt: skip
    # Used: a later merge into the same candidate is the one offered next.
    session.execute(sa.delete(CandidateMerge).where(CandidateMerge.id == undo.record_id))


def _index_row(
    session: Session, candidate_id: int
) -> tuple[str, dict[str, Any] | None, str, bytes | None, str | None] | None:
    c = session.get(Candidate, candidate_id)
    if c is None:
        return None
    return c.display_name, c.profile_json, c.extracted_text or "", c.embedding, c.embedding_model
