"""`headhunter-desktop cv import PATH... [--client NAME] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import (
    EffectiveConfig,
    NoApiKeyError,
    SettingsStore,
)


def run_cv_import(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Import files and folders; exit 0 when every file was handled, whatever its outcome."""
    services = AppServices.open(config, SettingsStore())
    try:
        document = asyncio.run(_import(services, [Path(p) for p in args.paths], args.client))
    finally:
        services.close_sync()
    if args.json:
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(
            f"{len(document['imported'])} imported, {len(document['duplicates'])} duplicate(s), "
            f"{len(document['failed'])} failed"
        )
        for item in document["failed"]:
            print(f"  {item['file']}: {item['error']}")
    return 0


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
        await services.importer.process(result.batch_id)
        rows = await services.importer.rows(result.batch_id)
        document = await _document(services, rows)
        document["failed"] += [{"file": str(s.path), "error": s.reason} for s in result.skipped]
        return document
    finally:
        await services.aclose()


def _progress(row: ImportRow) -> None:
    detail = f": {row.error}" if row.error else ""
    print(f"{row.file_name}: {row.state}{detail}", file=sys.stderr, flush=True)


async def _document(services: AppServices, rows: list[ImportRow]) -> dict[str, list[Any]]:
    imported, duplicates, failed = [], [], []
    for row in sorted(rows, key=lambda r: r.job_id):
        if row.state == ImportState.DONE and row.candidate_id is not None:
            detail = await services.candidates.detail(row.candidate_id)
            profile = detail.profile.model_dump(mode="json") if detail.profile else None
            imported.append(
                {"candidate_id": row.candidate_id, "file": row.source_path, "profile": profile}
            )
        elif row.state == ImportState.DUPLICATE:
            duplicates.append({"file": row.source_path, "duplicate_of": row.candidate_id})
        else:
            failed.append({"file": row.source_path, "error": row.error or str(row.state)})
    return {"imported": imported, "duplicates": duplicates, "failed": failed}
