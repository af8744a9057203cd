"""One vector size per embedding model name in the pool: vectors of two sizes cannot be
compared, so a server that answers another size under the same name stores nothing.

Checked against what is stored, not against one process's index: the command line and
the window share the database.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.storage.tables import Candidate

FLOAT32_BYTES = 4


class EmbeddingSizeChangedError(UserFacingError):
    """The server answers vectors of another size than the pool's under the same model name."""

    code = "embedding_size_changed"

    def __init__(self, model: str, got: int, expected: int):
        super().__init__(
            f"The embedding server now answers {got}-dimension vectors for {model}, but "
            f"the candidates were embedded with {expected} dimensions: nothing was stored. "
            "Re-index all candidates, or choose a new model name in Settings."
        )
        self.model, self.got, self.expected = model, got, expected


def pool_dims(session: Session, model: str, excluding: Collection[int] = ()) -> int | None:
    """The vector size most of the pool's `model` embeddings have (those `excluding` aside)."""
    length = sa.func.length(Candidate.embedding)
    query = (
        sa.select(length)
        .where(Candidate.embedding_model == model, Candidate.embedding.is_not(None))
        .group_by(length)
        .order_by(sa.func.count().desc(), length)
        .limit(1)
    )
    if excluding:
        query = query.where(Candidate.id.not_in(list(excluding)))
    size = session.scalar(query)
    return int(size) // FLOAT32_BYTES if size else None


def check_pool_size(
    session: Session, model: str, dims: int, excluding: Collection[int] = ()
) -> None:
    """Raise EmbeddingSizeChangedError when `dims` is not the pool's size for `model`."""
    expected = pool_dims(session, model, excluding)
    if expected is not None and expected != dims:
        raise EmbeddingSizeChangedError(model, dims, expected)


def forget_other_sizes(session: Session, model: str, dims: int) -> int:
    """Drop the `model` embeddings whose size is not `dims` (a re-index replaces them)."""
    result = session.execute(
        sa.update(Candidate)
        .where(
            Candidate.embedding_model == model,
            sa.func.length(Candidate.embedding) != dims * FLOAT32_BYTES,
        )
        .values(embedding=None, embedding_model=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
