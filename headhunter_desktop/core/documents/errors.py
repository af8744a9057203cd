"""Why a CV file yields no text: one error class per cause, each with a stable `code`."""

from __future__ import annotations

from headhunter_desktop.core.errors import UserFacingError

_MB = 1024 * 1024


def _size(n: int) -> str:
    """'1.5 GB', '25.3 MB', '20 MB', '900 KB'."""
    if n >= 1024 * _MB:
        return f"{n / 1024 / _MB:.1f}".removesuffix(".0") + " GB"
    if n >= _MB:
        return f"{n / _MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def _rebuild(cls: type[ExtractionError], message: str, state: dict[str, object]) -> Exception:
    """Unpickle an extraction error without calling its `__init__` (see `__reduce__`)."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ExtractionError(UserFacingError):
    """A file that cannot become text; `str(error)` fits in one row of the import list."""

    code = "extraction_failed"

    def __reduce__(self) -> tuple[object, ...]:
        # Subclasses take their own arguments and build the message from them, so the
        # default pickling (`cls(*args)`) would fail; errors cross from the extraction
        # process to the app, so rebuild them from the message and attributes instead.
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


class UnreadableFileError(ExtractionError):
    """The file vanished or cannot be opened (permissions, a folder, a broken disk)."""

    code = "unreadable"

    def __init__(self, reason: str) -> None:
        super().__init__(f"the file cannot be read: {reason}")


class UnsupportedFileError(ExtractionError):
    """Not a PDF, DOCX or TXT, whatever the file name says."""

    code = "unsupported_type"

    def __init__(self, file_type: str, hint: str = "use PDF, DOCX or TXT") -> None:
        super().__init__(f"unsupported file type {file_type}: {hint}")
        self.file_type = file_type


class EmptyFileError(ExtractionError):
    """The file has zero bytes."""

    code = "empty_file"

    def __init__(self) -> None:
        super().__init__("the file is empty (0 bytes)")


class FileTooLargeError(ExtractionError):
    """The file is over the size limit; it was not read."""

    code = "file_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the file is too large: {_size(size)}, the limit is {_size(limit)}")
        self.size = size
        self.limit = limit


class CorruptFileError(ExtractionError):
    """The file claims a format but its content is damaged or truncated."""

    code = "corrupt_file"

    def __init__(self, kind_label: str, detail: str = "") -> None:
        message = f"the {kind_label} is damaged and cannot be read"
        super().__init__(f"{message} ({detail})" if detail else message)


class PasswordRequiredError(ExtractionError):
    """The PDF is encrypted with a user password; ask for it and try again."""

    code = "password_required"

    def __init__(self, message: str = "the PDF is password-protected: enter its password") -> None:
        super().__init__(message)


class WrongPasswordError(PasswordRequiredError):
    """The password given does not open the PDF (a subclass: the UI asks again)."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("wrong password for this password-protected PDF")


class ScannedDocumentError(ExtractionError):
    """Pages with images and no text: a scan, not read (turned off, or no text found)."""

    code = "scanned_document"

    def __init__(self, detail: str = "run OCR on it first") -> None:
        super().__init__(f"no text layer: scanned document ({detail})")


class ScannedPagesError(ScannedDocumentError):
    """A scan rendered for a vision model to read (`scans="render"`): the import sends
    `pages` (PNG images) to the model; anyone else sees a ScannedDocumentError."""

    code = "scanned_pages"

    def __init__(self, kind: str, pages: list[bytes], total_pages: int, warnings: list[str]):
        super().__init__("its pages are images for the model to read")
        self.kind = kind  # "pdf" or "image"
        self.pages = pages
        self.total_pages = total_pages
        self.warnings = warnings


class OcrUnavailableError(ExtractionError):
    """The OCR engine or its models are missing from this installation."""

    code = "ocr_unavailable"

    def __init__(self, reason: str) -> None:
        # The default desktop bundle leaves local OCR out (README, "Bundle"): say what works.
        super().__init__(
            f"the scan cannot be read here: this installation has no local OCR ({reason});"
            " in Settings, Scanned CVs, choose \u201cRead with the model\u201d, or install"
            " the edition of the app with local OCR"
        )


class ZipBombError(ExtractionError):
    """The file would inflate to an unsafe size; refused before inflating it."""

    code = "zip_bomb"

    def __init__(self, kind_label: str, detail: str) -> None:
        super().__init__(f"the {kind_label} was refused as a possible zip bomb: {detail}")


class NoTextError(ExtractionError):
    """The file opens but holds no text at all."""

    code = "no_text"

    def __init__(self, detail: str = "the file contains no text") -> None:
        super().__init__(detail)


class ExtractionLimitError(ExtractionError):
    """Reading the file went past one of its budgets (`ExtractionLimits`): refused."""

    code = "extraction_limit"


_RESAVE = "if it is a real CV, print it to a new PDF (or save it as DOCX) and import that"


class InflatedSizeLimitError(ExtractionLimitError):
    """The PDF's compressed streams inflate past the budget: a decompression bomb."""

    code = "inflated_size_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the PDF was refused: its compressed content inflates to more than {_size(limit)}"
            f" (the limit per file), as a decompression bomb does; {_RESAVE}"
        )
        self.limit = limit


class TimeLimitError(ExtractionLimitError):
    """Reading took longer than the budget; the process reading it was stopped."""

    code = "time_limit"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"reading the file was stopped after {seconds:g} s (the limit per file); {_RESAVE}"
        )
        self.seconds = seconds


class MemoryLimitError(ExtractionLimitError):
    """Reading needed more memory than the budget; the process reading it was stopped."""

    code = "memory_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"reading the file was stopped: it needed more than {_size(limit)} of memory"
            f" (the limit per file); {_RESAVE}"
        )
        self.limit = limit


class ExtractionCrashedError(ExtractionError):
    """The process reading the file ended without an answer (a crash in a parser library)."""

    code = "extraction_crashed"

    def __init__(self, process_exit_code: int | None) -> None:
        super().__init__(
            f"the reader stopped unexpectedly on this file (exit code {process_exit_code});"
            " try again, or print it to a new PDF and import that"
        )
        # Not `exit_code`: that is the CLI's, inherited from UserFacingError.
        self.process_exit_code = process_exit_code
