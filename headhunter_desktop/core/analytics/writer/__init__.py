"""The write path from the gateway to the analytics database: `UsageWriter`.

A submitted record goes to an in-memory queue, then (spooler thread) to the spool file,
fsynced, then (database thread) into the database in idempotent batches; the spool is
emptied once everything in it is committed. Nothing submitted is lost or doubled, even
if the process is killed at any point.

Several processes (the GUI and a CLI command) may write usage for the same data folder:
each owns its spool file through an OS lock, and at start a writer also sends and then
deletes the spools of writers that died.

- `usage_writer`: the `UsageWriter` facade and its spooler thread.
- `spool_owner`: which spool files a writer owns; adopting, tidying and giving them up.
- `insert_loop`: the database thread: batches, backoff, refused records.
- `pending`: the records not yet committed and the counts flush() and the GUI see.
- `set_aside`: the records refused or unreadable, kept in side files, and their count.
"""

from headhunter_desktop.core.analytics.writer.set_aside import SetAsideFiles, SetAsideRecords
from headhunter_desktop.core.analytics.writer.usage_writer import UsageWriter

__all__ = ["SetAsideFiles", "SetAsideRecords", "UsageWriter"]
