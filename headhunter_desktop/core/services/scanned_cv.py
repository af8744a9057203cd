"""A CV file's text for the import, scans included, as Settings ("Scanned CVs") says.

Files are read in the extraction processes. A scan (no text layer, or a photo) is read
there by local OCR, refused, or rendered to page images that are sent here, in one chat
call, to the configured model ("Read scanned CV", billed to the file's client like its
parse). A model or server that refuses images (HTTP 400) falls back to local OCR, and the
CV's warnings say so.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from headhunter_desktop.core.documents import (
    DEFAULT_LIMITS,
    ExtractedDocument,
    FileKind,
    ScannedDocumentError,
    ScannedPagesError,
    extract_text,
)
from headhunter_desktop.core.documents.extraction_pool import ExtractionPool
from headhunter_desktop.core.documents.limits import ScanReading
from headhunter_desktop.core.documents.normalize import normalize_text, truncate
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import RequestRejectedError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.prompts import load_prompt
from headhunter_desktop.core.services.call_contexts import context_for_client
from headhunter_desktop.core.services.cv_files import sha256_of
from headhunter_desktop.core.settings import ScannedCvReading
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError

log = logging.getLogger(__name__)
SCANS_FOR_SETTING: dict[str, ScanReading] = {
    "model": "render",
    "local_ocr": "ocr",
    "off": "refuse",
}
MODEL_WARNING = "read from a scan by the model {model}: check names and numbers"
FALLBACK_WARNING = "{model} did not take the page images, so OCR on this computer read them"
CUT_OFF_WARNING = "the model stopped at its length limit: the end of the CV may be missing"
ExtractFile = Callable[[Path, str | None, ScanReading], ExtractedDocument]


def file_extractor(pool: ExtractionPool | None) -> ExtractFile:
    """Extraction in the pool's processes, or (tests of the pipeline) in this process."""
    if pool is not None:
        return lambda path, password, scans: pool.extract(path, password, scans=scans)

    def in_process(path: Path, password: str | None, scans: ScanReading) -> ExtractedDocument:
        limits = dataclasses.replace(DEFAULT_LIMITS, scans=scans)
        return extract_text(path, password=password, limits=limits)

    return in_process


class CvFileReader:
    """`await reader.read(path, password, client_id)`: the file's text, its scan read
    as `setting()` says; raises the extraction's errors and the gateway's run-level ones."""

    def __init__(
        self,
        *,
        db: MainDatabase,
        gateway: LlmGateway,
        executor: Executor,
        extract_file: ExtractFile,
        setting: Callable[[], ScannedCvReading],
    ) -> None:
        self._db, self._gateway, self._executor = db, gateway, executor
        self._extract_file, self._setting = extract_file, setting

    async def read(
        self, path: Path, password: str | None, client_id: int | None
    ) -> ExtractedDocument:
        """The text of the CV file at `path` (blocking work on the executor)."""
        try:
            return await self._extract(path, password, SCANS_FOR_SETTING[self._setting()])
        except ScannedPagesError as exc:
            scan = exc
        model = self._gateway.model_for(Action.READ_SCANNED_CV)
        sha256 = await asyncio.get_running_loop().run_in_executor(self._executor, sha256_of, path)
        ctx = await self._context(client_id, sha256)
        try:
            text, cut_off = await read_pages(self._gateway, ctx, scan.pages, model)
        except RequestRejectedError as exc:
            log.warning("%s refused the page images of %s, read by OCR: %s", model, path.name, exc)
            document = await self._extract(path, password, "ocr")
            warning = FALLBACK_WARNING.format(model=model)
            return dataclasses.replace(document, warnings=[*document.warnings, warning])
        document = model_document(scan, text, model, sha256)
        if cut_off:
            return dataclasses.replace(document, warnings=[*document.warnings, CUT_OFF_WARNING])
        return document

    async def _extract(
        self, path: Path, password: str | None, scans: ScanReading
    ) -> ExtractedDocument:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._extract_file, path, password, scans)

    async def _context(self, client_id: int | None, sha256: str) -> CallContext:
        action = Action.READ_SCANNED_CV
        try:
            return await context_for_client(
                self._db, action, client_id, entity_type="cv_file", entity_id=sha256
            )
        except NotFoundError:  # the client was deleted meanwhile: nobody's budget
            return CallContext(action, entity_type="cv_file", entity_id=sha256)


async def read_pages(
    gateway: LlmGateway, ctx: CallContext, pages: list[bytes], model: str
) -> tuple[str, bool]:
    """The model's transcription of the page images (PNG), in one call, and whether the
    server cut it at its length limit (what arrived is kept: the start of a CV is the
    most of it)."""
    async with gateway.open_stream(ctx, scan_messages(pages), model=model) as deltas:
        text = "".join([delta async for delta in deltas])
        return text, deltas.cut_off


def scan_messages(pages: list[bytes]) -> list[dict[str, Any]]:
    """The request: the rules, then the pages as image parts in their order."""
    count = "one page" if len(pages) == 1 else f"{len(pages)} pages"
    parts: list[dict[str, Any]] = [{"type": "text", "text": f"The CV, {count}:"}]
    for page in pages:
        url = "data:image/png;base64," + base64.b64encode(page).decode("ascii")
        parts.append({"type": "image_url", "image_url": {"url": url, "detail": "high"}})
    return [
        {"role": "system", "content": load_prompt("read_scanned_cv")},
        {"role": "user", "content": parts},
    ]


def model_document(
    scan: ScannedPagesError, answer: str, model: str, sha256: str
) -> ExtractedDocument:
    """The transcription as an extracted document, cleaned up as extracted text is."""
    text = normalize_text(_unfenced(answer), rejoin_hyphens=True)
    if not text:
        raise ScannedDocumentError(f"{model} found no text on it")
    text, cut = truncate(text, DEFAULT_LIMITS.max_chars)
    warnings = list(scan.warnings)
    if cut:
        warnings.append(f"the text was cut to the first {DEFAULT_LIMITS.max_chars:,} characters")
    warnings.append(MODEL_WARNING.format(model=model))
    kind: FileKind = "image" if scan.kind == "image" else "pdf"
    return ExtractedDocument(text, kind, scan.total_pages, [], warnings, sha256)


def _unfenced(answer: str) -> str:
    # Told not to, some models still wrap the whole answer in a Markdown code fence.
    lines = answer.strip().splitlines()
    if len(lines) >= 2 and lines[0].startswith("```") and lines[-1].strip() == "```":
        lines = lines[1:-1]
    return "\n".join(lines)
