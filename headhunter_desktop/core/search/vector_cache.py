"""The vector index's copy in the data folder, memory-mapped instead of read from the rows.

Reading every candidate's embedding from SQLite costs ~26 µs a row (20,000 in ~0.5 s,
100,000 in ~2.6 s): too slow for a first search. The copy holds one model's normalised
matrix as raw float32 (with spare rows for imports), its candidate ids and a watermark:
the last row of the database's `vector_changes` log (migration 0011, written by triggers
whoever changes an embedding) that the copy includes. Opening it maps the file (pages are
read as searches touch them, copy-on-write: the index's own changes never reach the
file) and then reads only the candidates logged after the watermark.

Files are replaced, never rewritten in place: a new matrix and ids under a new name, then
the description (`<model>.json`) that names them, so a reader sees an old copy or a new
one, never half of one. SQLite files only: on a server several machines write, and the
log's order is not its commit order.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.private_files import open_private, private_dir

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

FORMAT = 1
TRIGGERS = ("vector_change_insert", "vector_change_update", "vector_change_delete")
# Spare rows after the copy's last one: imports fill them without copying the matrix.
SPARE_SHARE, MIN_SPARE = 0.125, 1024


@dataclass(frozen=True)
class CachedVectors:
    """One model's vectors as of `watermark`: `matrix` has spare rows after `len(ids)`."""

    ids: np.ndarray
    matrix: np.ndarray
    watermark: int


class VectorCache:
    """The copies in `folder` (one per embedding model), for one SQLite main database."""

    def __init__(self, folder: Path):
        self.folder = folder

    def read(self, model: str) -> CachedVectors | None:
        """The copy of `model`'s vectors, mapped; None when there is none or it is unusable."""
        try:
            meta = json.loads(self._meta_path(model).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("model") != model:
                return None
            import numpy as np  # here: not part of start-up (~60 ms)

            count, capacity, dims = int(meta["count"]), int(meta["capacity"]), int(meta["dims"])
            ids = np.load(self.folder / meta["ids"], allow_pickle=False)
            if len(ids) != count or dims <= 0 or capacity < count:
                return None
            # Mode "c": the index writes its own changes to private pages, never the file.
            matrix = np.memmap(
                self.folder / meta["matrix"], np.float32, mode="c", shape=(capacity, dims)
            )
            return CachedVectors(ids.astype(np.int64), matrix, int(meta["watermark"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("vector copy of %s unusable, read from the database: %s", model, exc)
            return None

    def write(self, model: str, ids: np.ndarray, rows: np.ndarray, watermark: int) -> None:
        """Replace `model`'s copy with `rows` (normalised, one per id) as of `watermark`."""
        import numpy as np

        private_dir(self.folder)  # the vectors are derived from CVs: as private as the database
        count, dims = rows.shape if rows.size else (0, 0)
        if not dims:
            self._meta_path(model).unlink(missing_ok=True)
            return
        capacity = count + max(MIN_SPARE, int(count * SPARE_SHARE))
        stem = f"{_slug(model)}-{secrets.token_hex(4)}"
        matrix_name, ids_name = f"{stem}.f32", f"{stem}.ids.npy"
        with open_private(self.folder / matrix_name, "wb") as out:
            out.write(np.ascontiguousarray(rows, dtype="<f4").tobytes())
            out.truncate(capacity * dims * 4)  # the spare rows: a sparse tail of zeros
        with open_private(self.folder / ids_name, "wb") as out:
            np.save(out, np.asarray(ids, dtype=np.int64), allow_pickle=False)
        meta = {
            "format": FORMAT, "model": model, "dims": int(dims), "count": int(count),
            "capacity": capacity, "watermark": int(watermark),
            "matrix": matrix_name, "ids": ids_name,
        }  # fmt: skip
        temporary = self._meta_path(model).with_suffix(".json.tmp")
        with open_private(temporary, "w", encoding="utf-8") as out:
            out.write(json.dumps(meta))
        os.replace(temporary, self._meta_path(model))
        self._remove_old(model, keep={matrix_name, ids_name})

    def _remove_old(self, model: str, keep: set[str]) -> None:
        for path in self.folder.glob(f"{_slug(model)}-*"):
            if path.name not in keep:
                # Still mapped by a running search (Windows): removed next time.
                with contextlib.suppress(OSError):
                    path.unlink()

    def _meta_path(self, model: str) -> Path:
        return self.folder / f"{_slug(model)}.json"


def _slug(model: str) -> str:
    # Model names hold '/' and ':' ("ollama/nomic-embed-text:v1.5"): a file name of its own.
    readable = "".join(c if c.isalnum() or c in "-_." else "_" for c in model)[:60]
    return f"{readable}_{hashlib.sha256(model.encode()).hexdigest()[:8]}"


def change_log_head(session: Session) -> int | None:
    """The last `vector_changes` row (0: none yet); None when the log is not kept here
    (not SQLite, or a migration dropped the triggers): the copy cannot be trusted then."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    found = session.execute(
        sa.text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (:a, :b, :c)"
        ),
        dict(zip("abc", TRIGGERS, strict=True)),
    ).scalar_one()
    if found != len(TRIGGERS):
        return None
    return int(
        session.execute(sa.text("SELECT coalesce(max(seq), 0) FROM vector_changes")).scalar_one()
    )


def changed_since(session: Session, watermark: int) -> list[int]:
    """The candidates whose embedding changed after `watermark`, each once."""
    rows = session.execute(
        sa.text("SELECT DISTINCT candidate_id FROM vector_changes WHERE seq > :w"),
        {"w": watermark},
    )
    return [int(r[0]) for r in rows]
