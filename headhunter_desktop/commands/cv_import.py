"""`headhunter-desktop cv import PATH... [--client NAME] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import (
    EffectiveConfig,
    NoApiKeyError,
    SettingsStore,
)


def run_cv_import(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Import files and folders; exit 0 when every file was imported (or already was),
    1 when some failed. Rerun after a kill or Ctrl-C, it resumes the unfinished files."""
    services = AppServices.open(config, SettingsStore())
    services.gateway.serve_batch_only()  # no one waits on a search here: every slot imports
    try:
        document = asyncio.run(_import(services, [Path(p) for p in args.paths], args.client))
    finally:
        services.close_sync()
    if args.json:
        print_json(document)
    else:
        print(
            f"{len(document['imported'])} imported, {len(document['resumed'])} resumed, "
            f"{len(document['duplicates'])} duplicate(s), {len(document['failed'])} failed"
        )
        for item in document["failed"]:
            print(f"  {item['file']}: {item['error']}")
    return 1 if document["failed"] else 0


async def _import(services: AppServices, paths: list[Path], client_name: str | None) -> dict:
    try:
        if not services.llm_ready():
            raise NoApiKeyError()
        client_id = None
        if client_name:
            client = await services.clients.find(client_name)
            if client is None:
                raise UserFacingError(
                    f"There is no client company named '{client_name}'. "
                    "Add it in the Companies tab first."
                )
            client_id = client.id
        services.importer.add_listener(_progress)
        result = await services.importer.enqueue(paths, client_id)
        # The listed jobs, not the batch: resumed files carry on in the job of their first run.
        await services.importer.process(job_ids=result.job_ids)
        rows = await services.importer.rows(job_ids=result.job_ids)
        document = await _document(services, rows, result.resumed_job_ids)
        document["failed"] += [{"file": str(s.path), "error": s.reason} for s in result.skipped]
        return document
    finally:
        await services.aclose()


def _progress(row: ImportRow) -> None:
    detail = f": {row.error}" if row.error else ""
    print(f"{row.file_name}: {row.state}{detail}", file=sys.stderr, flush=True)


async def _document(
    services: AppServices, rows: list[ImportRow], resumed_ids: Collection[int]
) -> dict[str, list[Any]]:
    """The report; its keys are a public contract (scripts read them): add, never remove.

    `imported` and `resumed` both end with a profile; `resumed` ones were interrupted
    earlier (kill, Ctrl-C, a stopped run) and finished now, in the job of their first run.
    """
    imported: list[Any] = []
    resumed: list[Any] = []
    duplicates, failed = [], []
    for row in sorted(rows, key=lambda r: r.job_id):
        if row.state == ImportState.DONE and row.candidate_id is not None:
            detail = await services.candidates.detail(row.candidate_id)
            profile = detail.profile.model_dump(mode="json") if detail.profile else None
            finished = {
                "candidate_id": row.candidate_id,
                "file": row.source_path,
                "profile": profile,
            }
            (resumed if row.job_id in resumed_ids else imported).append(finished)
        elif row.state == ImportState.DUPLICATE:
            duplicates.append({"file": row.source_path, "duplicate_of": row.candidate_id})
        else:
            failed.append({"file": row.source_path, "error": row.error or str(row.state)})
    return {"imported": imported, "resumed": resumed, "duplicates": duplicates, "failed": failed}
