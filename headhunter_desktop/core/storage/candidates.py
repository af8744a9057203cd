"""Candidates and their CV files: what the intake pipeline reads and writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.storage.embedding_sizes import check_pool_size
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.tables import Candidate, ClientCompany, CvFile, ParseStatus

if TYPE_CHECKING:
    import numpy as np

# Embeddings are stored as little-endian float32 bytes.
EMBEDDING_DTYPE = "<f4"


class ExtractedLike(Protocol):
    # Read-only: an ExtractedDocument (a frozen dataclass) is one.
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class ParseInput:
    """What parsing and embedding one candidate needs, read in one go."""

    id: int
    text: str
    profile: CvProfile | None
    client_company_id: int | None
    client_company_name: str | None
    client_uuid: str | None = None


def candidate_with_file(session: Session, sha256: str) -> int | None:
    """The candidate that already has this exact file, if any."""
    return session.scalar(sa.select(CvFile.candidate_id).where(CvFile.sha256 == sha256))


def create_candidate(
    session: Session,
    client_company_id: int | None,
    file_name: str,
    doc: ExtractedLike,
    stored_path: str,
    size_bytes: int = 0,
) -> int:
    """A candidate awaiting parsing, with its stored CV file."""
    candidate = Candidate(
        client_company_id=client_company_id,
        display_name=file_name[:200],
        extracted_text=doc.text,
        parse_status=ParseStatus.PARSING,
    )
    candidate.cv_files.append(
        CvFile(
            original_name=file_name[:255],
            stored_path=stored_path,
            sha256=doc.sha256,
            size_bytes=size_bytes,
            kind=doc.kind,
        )
    )
    session.add(candidate)
    session.flush()
    return candidate.id


def newest_file(session: Session, candidate_id: int) -> str | None:
    """The stored path of the candidate's latest CV file (the one its text came from)."""
    return session.scalar(
        sa.select(CvFile.stored_path)
        .where(CvFile.candidate_id == candidate_id)
        .order_by(CvFile.id.desc())
        .limit(1)
    )


def replace_text(session: Session, candidate_id: int, text: str) -> None:
    """The candidate's CV text, read anew from its file."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise _deleted(candidate_id)
    candidate.extracted_text = text


def _deleted(candidate_id: int) -> NotFoundError:
    return NotFoundError(f"Candidate #{candidate_id} no longer exists: it was deleted meanwhile.")


def parse_input(session: Session, candidate_id: int) -> ParseInput:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise _deleted(candidate_id)
    client = session.execute(
        sa.select(ClientCompany.name, ClientCompany.uuid).where(
            ClientCompany.id == candidate.client_company_id
        )
    ).first()
    profile = CvProfile.model_validate(candidate.profile_json) if candidate.profile_json else None
    return ParseInput(
        candidate.id,
        candidate.extracted_text or "",
        profile,
        candidate.client_company_id,
        *(client or (None, None)),
    )


def save_profile(
    session: Session,
    candidate_id: int,
    profile: CvProfile,
    display_name: str,
    email: str | None,
    phone: str | None,
    *,
    keep_edited_list: bool = True,
) -> int | None:
    """Store the parsed profile; flag a possible duplicate person (same e-mail or phone)."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise _deleted(candidate_id)
    if not keep_edited_list:
        candidate.profile_edited_fields = []
    candidate.profile_json = profile.model_dump(mode="json")
    candidate.display_name = display_name
    candidate.email_normalized, candidate.phone_normalized = email, phone
    candidate.parse_status = ParseStatus.EMBEDDING
    candidate.parse_error = None
    candidate.duplicate_of_id = _same_person(session, candidate_id, email, phone)
    return candidate.duplicate_of_id


def _same_person(
    session: Session, candidate_id: int, email: str | None, phone: str | None
) -> int | None:
    matches = [
        Candidate.email_normalized == email if email else None,
        Candidate.phone_normalized == phone if phone else None,
    ]
    conditions = [m for m in matches if m is not None]
    if not conditions:
        return None
    return session.scalar(
        sa.select(sa.func.min(Candidate.id)).where(
            Candidate.id != candidate_id, sa.or_(*conditions)
        )
    )


def edited_fields(session: Session, candidate_id: int) -> list[str]:
    """The profile paths the user changed by hand."""
    candidate = session.get(Candidate, candidate_id)
    return list(candidate.profile_edited_fields or []) if candidate else []


# numpy is imported where a vector is handled, not with this module: its import (~60 ms)
# would otherwise be part of every start before the window is usable (the warm-up pays it
# in a worker thread).
def stored_vector(blob: bytes | None) -> np.ndarray | None:
    """A candidate's stored embedding as float32 (None when it has none)."""
    import numpy as np

    return np.frombuffer(blob, dtype=EMBEDDING_DTYPE) if blob else None


def stored_embeddings(
    session: Session, candidate_ids: Sequence[int]
) -> list[tuple[int, bytes, str]]:
    """(id, embedding, its model) of those of the candidates that have one."""
    rows = session.execute(
        sa.select(Candidate.id, Candidate.embedding, Candidate.embedding_model).where(
            Candidate.id.in_(candidate_ids), Candidate.embedding.is_not(None)
        )
    )
    return [(row.id, row.embedding, row.embedding_model or "") for row in rows]


def save_embedding(session: Session, candidate_id: int, vector: np.ndarray, model: str) -> None:
    import numpy as np

    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise _deleted(candidate_id)
    check_pool_size(session, model, np.size(vector), excluding=(candidate_id,))
    _store_embedding(candidate, vector, model)


def _store_embedding(candidate: Candidate, vector: np.ndarray, model: str) -> None:
    import numpy as np

    candidate.embedding = np.asarray(vector, dtype=EMBEDDING_DTYPE).tobytes()
    candidate.embedding_model = model
    candidate.parse_status = ParseStatus.DONE


@dataclass(frozen=True)
class EmbeddingTarget:
    """A finished candidate, and the client company its embedding call is billed to."""

    id: int
    client_company_id: int | None
    client_company_name: str | None
    client_uuid: str | None = None


def finished_candidates(session: Session) -> list[EmbeddingTarget]:
    """Every candidate the intake finished (embedded once), grouped by client, oldest first."""
    rows = session.execute(
        sa.select(Candidate.id, Candidate.client_company_id, ClientCompany.name, ClientCompany.uuid)
        .outerjoin(ClientCompany, ClientCompany.id == Candidate.client_company_id)
        .where(Candidate.parse_status == ParseStatus.DONE)
        .order_by(Candidate.client_company_id, Candidate.id)
    )
    return [EmbeddingTarget(*row) for row in rows]


def profiles(session: Session, candidate_ids: Sequence[int]) -> dict[int, CvProfile]:
    """The parsed profiles of those candidates that still exist and have one."""
    rows = session.execute(
        sa.select(Candidate.id, Candidate.profile_json).where(
            Candidate.id.in_(list(candidate_ids)), Candidate.profile_json.is_not(None)
        )
    )
    return {candidate_id: CvProfile.model_validate(json) for candidate_id, json in rows}


def save_embeddings(session: Session, vectors: Mapping[int, np.ndarray], model: str) -> list[int]:
    """Store re-computed embeddings; returns the ids stored.

    Candidates deleted meanwhile are skipped, and so are those being parsed again: their
    new profile gets its embedding from the intake pipeline.
    """
    import numpy as np

    stored = []
    if vectors:  # one batch from one answer: its vectors are all of one size
        size = np.size(next(iter(vectors.values())))
        check_pool_size(session, model, size, excluding=list(vectors))
    finished = sa.select(Candidate).where(
        Candidate.id.in_(list(vectors)), Candidate.parse_status == ParseStatus.DONE
    )
    for candidate in session.scalars(finished):
        _store_embedding(candidate, vectors[candidate.id], model)
        stored.append(candidate.id)
    return stored


def mark_parse_failed(session: Session, candidate_id: int, message: str) -> None:
    candidate = session.get(Candidate, candidate_id)
    if candidate is not None and candidate.parse_status != ParseStatus.DONE:
        candidate.parse_status = ParseStatus.FAILED
        candidate.parse_error = message
