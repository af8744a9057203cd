"""PDFs whose streams inflate to far more than the file: decompression bombs, built at once.

Deflating gigabytes of zeros would take the test seconds of CPU; a deflate stream of zeros
is instead assembled from one compressed block repeated (after a full flush the compressor
starts afresh, so every block of zeros compresses to the same bytes) and its checksum is
computed, so the result is a valid zlib stream that really inflates to `size` zero bytes.
"""

from __future__ import annotations

import zlib

MB = 1024 * 1024
GB = 1024 * MB
_CHUNK = MB
_ADLER_MOD = 65521


def deflated_zeros(size: int) -> bytes:
    """A zlib stream of `size` zero bytes (a multiple of 1 MB), about 1000 times smaller."""
    assert size % _CHUNK == 0 and size >= 2 * _CHUNK
    compressor = zlib.compressobj(9)
    zeros = bytes(_CHUNK)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without its checksum
    # Adler-32 of n zero bytes: A stays 1, B adds A once per byte.
    checksum = ((size % _ADLER_MOD) << 16) | 1
    return first + block * (size // _CHUNK - 1) + end + checksum.to_bytes(4, "big")


def bomb_pdf(pages: int, inflated_per_page: int, *, nested: bool = False) -> bytes:
    """A PDF of `pages` pages, each drawn by its own content stream of zeros.

    `nested` deflates the stream a second time (`/Filter [/FlateDecode /FlateDecode]`):
    a stream that inflates to gigabytes then fits in a few kilobytes.
    """
    data = deflated_zeros(inflated_per_page)
    filters = "/FlateDecode"
    if nested:
        data, filters = zlib.compress(data, 9), "[/FlateDecode /FlateDecode]"
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for _ in range(pages):
        head = f"<< /Filter {filters} /Length {len(data)} >>\nstream\n".encode()
        objects.append(head + data + b"\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Contents {len(objects)} 0 R >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    return _serialise(objects)


def _serialise(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return bytes(out + f"startxref\n{xref}\n%%EOF\n".encode())
