"""Which reader a file needs, judged by its content first and its name second."""

from __future__ import annotations

import io
import zipfile

from .errors import CorruptFileError, UnsupportedFileError
from .extracted import KIND_LABELS, FileKind

_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_SUFFIX_KINDS: dict[str, FileKind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Signatures of things people drop by mistake, named so the row says what the file really is.
_MAGIC: list[tuple[bytes, str, str]] = [
    (b"MZ", ".exe", "a Windows program"),
    (b"\x7fELF", ".elf", "a Linux program"),
    (b"GIF8", ".gif", "an image"),
    (b"II*\x00", ".tif", "an image"),
    (b"MM\x00*", ".tif", "an image"),
    (b"{\\rtf", ".rtf", "Rich Text"),
    (_OLE, ".doc", "an Office 97-2003 file"),
    (b"Rar!", ".rar", "an archive"),
    (b"7z\xbc\xaf\x27\x1c", ".7z", "an archive"),
    (b"\x1f\x8b", ".gz", "an archive"),
]
_ZIP_FORMATS = [("xl/", ".xlsx", "a spreadsheet"), ("ppt/", ".pptx", "a presentation")]
# Photos and scans of printed CVs, read when reading scans is on (`scanned/`).
_IMAGES = [(b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg")]


def detect_kind(data: bytes, suffix: str) -> tuple[FileKind, list[str]]:
    """The kind of `data` (named `*suffix`), with a warning when the name disagrees."""
    suffix = suffix.lower()
    kind = _sniff(data, suffix)
    warnings = []
    claimed = _SUFFIX_KINDS.get(suffix)
    if claimed is not None and claimed != kind:
        warnings.append(f"the file is a {KIND_LABELS[kind]} although its name ends in {suffix}")
    return kind, warnings


def _sniff(data: bytes, suffix: str) -> FileKind:
    # Acrobat accepts %PDF- anywhere in the first KB (some generators prepend junk).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, suffix)
    if data.startswith(_OLE) and _ENCRYPTED_PACKAGE in data[: 1 << 20]:
        # Word saves a password-protected DOCX inside an OLE container; decrypting it
        # would need another library, so the user removes the password instead.
        raise UnsupportedFileError(
            "password-protected DOCX", "remove the password in Word and import it again"
        )
    if any(data.startswith(magic) for magic, _ in _IMAGES):
        return "image"
    for magic, real_suffix, what in _MAGIC:
        # A text CV may well start with "MZ"; a program header has zero bytes.
        if data.startswith(magic) and (magic != b"MZ" or b"\x00" in data[:64]):
            if real_suffix == ".doc" and suffix in ("", ".doc"):
                raise UnsupportedFileError(".doc (Word 97-2003)", "save it as DOCX or PDF")
            raise UnsupportedFileError(_named(real_suffix, what, suffix))
    if suffix in _TEXT_SUFFIXES or suffix == "":
        return "txt"
    if suffix in _SUFFIX_KINDS:
        raise CorruptFileError(KIND_LABELS[_SUFFIX_KINDS[suffix]], "not a valid file of this type")
    raise UnsupportedFileError(suffix)


def unsupported_image(data: bytes, suffix: str) -> UnsupportedFileError:
    """The error for a PNG or JPEG (named `*suffix`) where pictures are not read."""
    real_suffix = next((s for magic, s in _IMAGES if data.startswith(magic)), ".png")
    return UnsupportedFileError(_named(real_suffix, "an image", suffix))


def _sniff_zip(data: bytes, suffix: str) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        if suffix in (".docx", ".pdf", ".txt", ""):
            raise CorruptFileError("DOCX", "the ZIP container is broken") from exc
        raise UnsupportedFileError(suffix) from exc
    if "word/document.xml" in names:
        return "docx"
    for prefix, real_suffix, what in _ZIP_FORMATS:
        if any(name.startswith(prefix) for name in names):
            raise UnsupportedFileError(_named(real_suffix, what, suffix))
    if suffix == ".docx":
        raise CorruptFileError("DOCX", "it has no document body")
    raise UnsupportedFileError(_named(".zip", "an archive", suffix))


def _named(real_suffix: str, what: str, suffix: str) -> str:
    if suffix and suffix != real_suffix:
        return f"{real_suffix} ({what}, named {suffix})"
    return real_suffix
