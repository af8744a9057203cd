"""The bundled OCR engine: RapidOCR on onnxruntime, loaded once per process at its first scan.

Its models (text detection and recognition, 31 MB) ship inside the rapidocr wheel. They
are named here by path, so RapidOCR never reaches its download code (it would fetch a
missing or altered model from the internet): offline, always.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OcrUnavailableError
from ..extraction_process import address_space, widen_memory_cap

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

MODEL_FILES = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx"}
# Lines are found on the page scaled to this long side, and read from the full image: the
# detector's memory and time grow with its pixels, ~200 MB and 0.3 s here (bench_scanned_cvs).
DETECTION_SIDE = 960
# Lines recognised per batch: 6 (the default) needs ~250 MB more at the peak for no speed.
RECOGNITION_BATCH = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter
_lock = threading.Lock()
_engine: Any = None


@dataclass(frozen=True, slots=True)
class TextBox:
    """One line (or part of one) the engine read: its corners in pixels, clockwise from
    the top left, and its text."""

    corners: tuple[tuple[float, float], ...]
    text: str
    score: float


def recognise(image: Image) -> list[TextBox]:
    """The text boxes of a gray-scale page image, in no particular order."""
    import numpy as np

    result = engine()(np.asarray(image.convert("RGB")))
    boxes, texts, scores = result.boxes, result.txts, result.scores
    if boxes is None or texts is None or scores is None:
        return []  # nothing on the page that reads as text
    return [
        TextBox(tuple((float(x), float(y)) for x, y in corners), text, float(score))
        for corners, text, score in zip(boxes, texts, scores, strict=True)
    ]


def confidence(boxes: list[TextBox]) -> float:
    """The recogniser's mean score per character read: ~0.99 on a page the right way up,
    ~0.6 on one upside down (it still reads letter-like shapes there)."""
    chars = sum(len(box.text) for box in boxes)
    return sum(len(box.text) * box.score for box in boxes) / chars if chars else 0.0


def give_back_memory() -> None:
    """Return the heap OCR freed to the system (glibc keeps it: ~300 MB after a page)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def engine() -> Any:
    """The process's engine, loaded at the first call (~2 s: imports, two sessions)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = _load()
        return _engine


def _load() -> Any:
    before, started = address_space(), time.perf_counter()
    _fewer_arenas()
    try:
        import cv2
        import numpy as np
        import rapidocr
    except ImportError as exc:
        raise OcrUnavailableError(f"{exc.name} is missing") from exc
    cv2.setNumThreads(1)  # its pool's threads would each reserve a heap: 70 MB of address
    models = Path(rapidocr.__file__).parent / "models"
    missing = [name for name in MODEL_FILES.values() if not (models / name).is_file()]
    if missing:
        raise OcrUnavailableError(f"{', '.join(missing)} not found")
    loaded = rapidocr.RapidOCR(params=_params(models))
    # A line of text builds both ONNX sessions now (the recogniser's only once a line is
    # found), inside the timing and the widening.
    loaded(np.asarray(_warm_up_line()))
    # The engine stays for the next files: the memory cap moves up by what it took.
    widen_memory_cap(address_space() - before)
    log.info("OCR engine loaded in %.1f s", time.perf_counter() - started)
    return loaded


def _fewer_arenas() -> None:
    # glibc gives each thread that allocates its own 64 MB heap reservation; OCR touches a
    # few threads, and the memory cap counts address space: two heaps save ~180 MB of it.
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, 2)


def _warm_up_line() -> Image:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (360, 64), "white")
    ImageDraw.Draw(image).text(
        (12, 14), "Warm up 2024", fill="black", font=ImageFont.load_default(32)
    )
    return image


def _params(models: Path) -> dict[str, Any]:
    threads = max(1, min(4, (os.cpu_count() or 2) // 2))  # the app runs two extractions
    params: dict[str, Any] = {
        "Global.log_level": "error",  # its own stderr handler: warnings about empty pages
        # Its per-line orientation model turned one line in twenty upside down (an e-mail
        # address read as "priy.' 0 +..0and"): a page read upside down is turned whole.
        "Global.use_cls": False,
        "Det.limit_type": "max",
        "Det.limit_side_len": DETECTION_SIDE,
        "Rec.rec_batch_num": RECOGNITION_BATCH,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for stage, name in MODEL_FILES.items():
        params[f"{stage}.model_path"] = str(models / name)
    return params
