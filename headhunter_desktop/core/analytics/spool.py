"""The spool: a JSON-lines file of usage records written before they reach the database.

One line per record, in `UsageRecord.to_json_dict()` form. Appends are fsynced per
batch; the file is emptied once everything in it is committed. Replaying it after a
crash is safe because inserts are idempotent on the record id. Each file has one writing
process at a time: see `spool_lock` for who owns which file.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from datetime import UTC
from pathlib import Path

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import RECORD_FIELDS
from headhunter_desktop.core.private_files import open_private

LOGGER = logging.getLogger("headhunter_desktop.analytics")


# An intent line: `{"intent": <record>}`, the record a request counts as if nothing more
# is heard of it (status "interrupted"); written before the request leaves, settled by a
# record line with the same id (see core/llm/call_intents).
INTENT_KEY = "intent"


def intent_line(estimate: UsageRecord) -> bytes:
    """The spool line of a request's intent."""
    return b'{"%s":' % INTENT_KEY.encode() + spool_line(estimate)[:-1] + b"}\n"


def spool_line(record: UsageRecord) -> bytes:
    """One spool line: the same JSON object as `record.to_json_dict()`, built 3x faster."""
    data = {name: getattr(record, name) for name in RECORD_FIELDS}
    data["occurred_at"] = record.occurred_at.astimezone(UTC).isoformat()
    data["cost_usd"] = None if record.cost_usd is None else str(record.cost_usd)
    return json.dumps(data, separators=(",", ":")).encode() + b"\n"


class Spool:
    """The spool file of one data directory. Not thread-safe: the writer serialises access."""

    def __init__(
        self, path: str | os.PathLike[str], *, side_files: str | os.PathLike[str] | None = None
    ) -> None:
        self.path = Path(path)
        # A secondary spool sets corrupt lines and refused records aside next to the primary.
        base = self.path if side_files is None else Path(side_files)
        self.corrupt_path = base.with_name(base.name + ".corrupt")
        self.rejected_path = base.with_name(base.name + ".rejected")

    def load(self) -> list[UsageRecord]:
        """Read every valid record; set corrupt lines aside with a warning and rewrite cleanly.

        An intent without its record becomes that record: its request was out when the
        writer stopped.
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        records: list[UsageRecord] = []
        intents: dict[str, UsageRecord] = {}
        corrupt: list[bytes] = []
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                _read_line(json.loads(line), records, intents)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                LOGGER.warning(
                    "skipping corrupt line %d of the usage spool %s (%s: %s)",
                    number,
                    self.path,
                    type(exc).__name__,
                    exc,
                )
                corrupt.append(line)
        records += self._unsettled(records, intents)
        if corrupt:
            # Kept for a human to look at; the spool itself must parse cleanly from now on.
            with open_private(self.corrupt_path, "ab") as out:
                out.write(b"".join(line + b"\n" for line in corrupt))
        if corrupt or not data.endswith(b"\n"):
            # A torn last line would swallow the next append: start from a clean file.
            self.rewrite(records)
        return records

    def _unsettled(
        self, records: list[UsageRecord], intents: dict[str, UsageRecord]
    ) -> list[UsageRecord]:
        settled = {record.id for record in records}
        interrupted = [estimate for i, estimate in intents.items() if i not in settled]
        if interrupted:
            LOGGER.warning(
                "%d requests were out when the writer of %s stopped: recorded as interrupted",
                len(interrupted),
                self.path,
            )
        return interrupted

    def append(self, records: Iterable[UsageRecord]) -> int:
        """Append records and fsync; returns how many lines were written."""
        return self.append_lines([spool_line(record) for record in records])

    def append_lines(self, lines: list[bytes]) -> int:
        """Append lines made by `spool_line` and fsync; returns how many were written."""
        if not lines:
            return 0
        created = not self.path.exists()
        with open_private(self.path, "ab") as out:
            out.write(b"".join(lines))
            out.flush()
            os.fsync(out.fileno())
        if created:
            _fsync_dir(self.path.parent)
        return len(lines)

    def clear(self) -> None:
        """Empty the file: everything in it is committed."""
        try:
            with self.path.open("r+b") as out:
                out.truncate(0)
        except FileNotFoundError:
            pass

    def rewrite(self, records: Iterable[UsageRecord], extra_lines: Iterable[bytes] = ()) -> int:
        """Atomically replace the file with just these records (after `extra_lines`, e.g.
        open intents); returns the line count."""
        lines = [*extra_lines, *(spool_line(record) for record in records)]
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open_private(temporary, "wb") as out:
            out.write(b"".join(lines))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        _fsync_dir(self.path.parent)
        return len(lines)


def _fsync_dir(directory: Path) -> None:
    # Makes a new or renamed file's directory entry durable; not possible on Windows.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_line(data: object, records: list[UsageRecord], intents: dict[str, UsageRecord]) -> None:
    if not isinstance(data, dict):
        raise TypeError(f"a spool line is a JSON object, not {type(data).__name__}")
    if data.keys() == {INTENT_KEY}:
        estimate = UsageRecord.from_json_dict(data[INTENT_KEY])
        intents[estimate.id] = estimate
    else:
        records.append(UsageRecord.from_json_dict(data))
