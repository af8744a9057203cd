"""Tables of the main database: clients, their departments and jobs, candidates, interviews
(and their scorecards).

The analytics database has its own metadata elsewhere; nothing here points at it.
Deletes are enforced by the database (ON DELETE), so a raw `DELETE` and an ORM delete
behave the same, and the ORM relationships use `passive_deletes=True` to leave it to
the database instead of loading every child first.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from headhunter_desktop.core.domain.import_job import ImportState
from headhunter_desktop.core.domain.interview import Outcome
from headhunter_desktop.core.storage.types import Json, UtcDateTime, utcnow

# Named constraints are what lets SQLite batch migrations drop or alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME_MAX = 200


class ParseStatus(StrEnum):
    """Where a candidate's CV is in the pipeline."""

    QUEUED = "queued"
    EXTRACTING = "extracting"
    PARSING = "parsing"
    EMBEDDING = "embedding"
    DONE = "done"
    FAILED = "failed"


def _state_enum(enum: type[StrEnum], name: str) -> sa.Enum:
    # VARCHAR + CHECK instead of a native PostgreSQL ENUM: adding a state later is then
    # an ordinary (batch) migration on both databases.
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


def new_client_uuid() -> str:
    """A fresh client UUID, as text (the same form on SQLite and PostgreSQL)."""
    return str(uuid.uuid4())


def name_key(name: str) -> str:
    """The case- and spacing-insensitive form of a name, used for uniqueness."""
    return " ".join(name.split()).casefold()


class Base(DeclarativeBase):
    """Declarative base of the main database (its own MetaData)."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: Json,
        list[str]: Json,
    }


class Timestamped:
    """created_at / updated_at in aware UTC, maintained by the ORM."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClientCompany(Timestamped, Base):
    """A company the agency recruits for; whose work (and LLM cost) it is."""

    __tablename__ = "client_companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    # A plain column rather than a unique index on lower(name): it is portable, and
    # casefold() + collapsed spaces is stricter than SQL lower() on non-ASCII names.
    name_key: Mapped[str] = mapped_column(sa.String(NAME_MAX), unique=True)
    # Who the client is on a usage server shared by laptops with main databases of their
    # own (ids collide there); adopted from the shared client directory when it knows the name.
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True, default=new_client_uuid)
    # When the shared client directory learnt of this client; None: not yet (it was out of
    # reach when the client was added), so it is registered at the next contact.
    registered_at: Mapped[datetime | None]
    website: Mapped[str | None] = mapped_column(sa.String(2048))
    description: Mapped[str | None] = mapped_column(sa.Text)
    profile_json: Mapped[dict[str, Any] | None]

    departments: Mapped[list[Department]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    jobs: Mapped[list[Job]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True
    )
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="client", passive_deletes=True
    )


class Department(Timestamped, Base):
    """A department of a client company, with its LLM-written profile."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("client_companies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    profile_json: Mapped[dict[str, Any] | None]

    client: Mapped[ClientCompany] = relationship(back_populates="departments")
    jobs: Mapped[list[Job]] = relationship(back_populates="department", passive_deletes=True)


class Job(Timestamped, Base):
    """An opening at a client company, optionally in one of its departments."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("client_companies.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    # Free-form on purpose (draft/open/on hold/closed…): the Jobs issue owns the workflow.
    status: Mapped[str] = mapped_column(sa.String(32), default="draft")
    posting_text: Mapped[str | None] = mapped_column(sa.Text)
    posting_json: Mapped[dict[str, Any] | None]

    client: Mapped[ClientCompany] = relationship(back_populates="jobs")
    department: Mapped[Department | None] = relationship(back_populates="jobs")
    interviews: Mapped[list[Interview]] = relationship(back_populates="job", passive_deletes=True)


class Candidate(Timestamped, Base):
    """A person in the talent pool: CV text, parsed profile, embedding.

    `client_company_id` NULL means the agency's own pool. Deleting a client moves its
    candidates there (SET NULL) rather than erasing people as a side effect; erasing a
    candidate is its own, explicit action.
    """

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_company_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("client_companies.id", ondelete="SET NULL"), index=True
    )
    display_name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    email_normalized: Mapped[str | None] = mapped_column(sa.String(320), index=True)
    phone_normalized: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    extracted_text: Mapped[str | None] = mapped_column(sa.Text)
    profile_json: Mapped[dict[str, Any] | None]
    # Field paths ("basics.email", "work[0].position") the user edited by hand, so a
    # re-parse can ask before overwriting them.
    profile_edited_fields: Mapped[list[str]] = mapped_column(default=list)
    parse_status: Mapped[ParseStatus] = mapped_column(
        _state_enum(ParseStatus, "parse_status"), default=ParseStatus.QUEUED, index=True
    )
    parse_error: Mapped[str | None] = mapped_column(sa.Text)
    # float32 little-endian bytes (numpy .tobytes()); the model name says which space.
    embedding: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(sa.String(100))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="SET NULL"), index=True
    )

    client: Mapped[ClientCompany | None] = relationship(back_populates="candidates")
    cv_files: Mapped[list[CvFile]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )
    duplicate_of: Mapped[Candidate | None] = relationship(remote_side=lambda: [Candidate.id])


class CvFile(Base):
    """The copy of an original CV file kept in the data directory."""

    __tablename__ = "cv_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(sa.String(255))
    # Relative to the data directory (POSIX separators), so the data dir can move.
    stored_path: Mapped[str] = mapped_column(sa.String(1024))
    # Unique: the same bytes are never imported twice.
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(8))
    mime_type: Mapped[str | None] = mapped_column(sa.String(100))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="cv_files")


class ImportJob(Timestamped, Base):
    """One file of an import batch: the persistent queue that survives a restart."""

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    source_path: Mapped[str] = mapped_column(sa.Text)
    stored_path: Mapped[str | None] = mapped_column(sa.String(1024))
    sha256: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # SET NULL like candidates: a deleted client's pending files land in the own pool.
    client_company_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("client_companies.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[ImportState] = mapped_column(
        _state_enum(ImportState, "import_state"), default=ImportState.QUEUED, index=True
    )
    error: Mapped[str | None] = mapped_column(sa.Text)
    # What kind of failure (password_required, scanned, ...), for the fix the GUI offers.
    error_code: Mapped[str | None] = mapped_column(sa.String(40))
    # What the extraction warned of (damaged text, a cut, a guessed encoding), one line each.
    warnings: Mapped[str | None] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0)
    # CASCADE: the source path names the person (Jane_Doe_CV.pdf), so erasing the
    # candidate erases its queue history too.
    candidate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    # The process working on the job (see import_leases.py): a random run token,
    # since pids are reused, with host and pid to tell a dead owner on this machine.
    owner_token: Mapped[str | None] = mapped_column(sa.String(32))
    owner_host: Mapped[str | None] = mapped_column(sa.String(255))
    owner_pid: Mapped[int | None] = mapped_column()
    # Renewed by the owner's heartbeat; past lease_expires_at another process may take over.
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    lease_expires_at: Mapped[datetime | None] = mapped_column()


class Interview(Timestamped, Base):
    """An interview of a candidate, optionally for a job, with its scorecard and feedback."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str] = mapped_column(sa.String(50))
    interview_date: Mapped[date | None] = mapped_column(sa.Date)
    interviewer: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    outcome: Mapped[Outcome | None] = mapped_column(_state_enum(Outcome, "outcome"))
    # The report (Markdown) and where it came from: see core/domain/interview.py.
    feedback_text: Mapped[str | None] = mapped_column(sa.Text)
    feedback_ai_drafted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    feedback_edited_by_person: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    feedback_generated_at: Mapped[datetime | None]
    feedback_model: Mapped[str | None] = mapped_column(sa.String(100))

    candidate: Mapped[Candidate] = relationship(back_populates="interviews")
    job: Mapped[Job | None] = relationship(back_populates="interviews")
    competencies: Mapped[list[InterviewCompetency]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="InterviewCompetency.position",
    )


class InterviewCompetency(Base):
    """One row of an interview's scorecard, in the order the interviewer keeps them."""

    __tablename__ = "interview_competencies"
    __table_args__ = (
        # Names are unique per interview whatever their case or spacing (name_key).
        sa.UniqueConstraint("interview_id", "name_key"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(100))
    name_key: Mapped[str] = mapped_column(sa.String(100))
    rating: Mapped[int | None]  # 1..5; NULL: not rated
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    interview: Mapped[Interview] = relationship(back_populates="competencies")


# The pool watch's PostgreSQL signature (core/services/pool_watch.py) reads the newest
# updated_at of these tables each time the server finished a write: with an index that is
# one index lookup, not a scan of every candidate.
for _watched in (ClientCompany, Candidate, ImportJob):
    sa.Index(None, _watched.__table__.c.updated_at)


class CandidateMerge(Base):
    """A merge that can still be undone, after a restart too: both candidates as they were
    and what moved (core/services/merge_record.py). It holds the merged-away person's data,
    so it goes with the candidate it was merged into (an erased candidate leaves nothing)."""

    __tablename__ = "candidate_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    original_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    duplicate_id: Mapped[int]
    duplicate_name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    undo: Mapped[dict[str, Any]]
