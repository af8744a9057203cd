"""The text of a dropped document (a job description, later a company brochure), read by
the CV extraction: in a worker process, under the same limits, with the same errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from pathlib import Path

from headhunter_desktop.core.documents import ExtractedDocument

DocumentReader = Callable[[Path], Awaitable[str]]


def document_reader(
    executor: Executor, extract: Callable[[Path], ExtractedDocument]
) -> DocumentReader:
    """`await read(path)`: the file's text; the blocking `extract` (the app's extraction
    pool) runs on `executor`, never on the event loop. Raises its ExtractionErrors."""

    async def read(path: Path) -> str:
        loop = asyncio.get_running_loop()
        document = await loop.run_in_executor(executor, extract, path)
        return document.text

    return read
