"""Write o200k_base and cl100k_base as tiktoken vocabulary files, compressed, beside this script.

tiktoken downloads these files on first use, and this machine reaches only package
registries; bpe-openai's wheel holds the same vocabularies inside a 71 MB compiled library.
Each token id is decoded to its bytes there and written in tiktoken's format, one
"base64(token bytes) rank" line per token, and the result must have the SHA-256 that tiktoken
itself expects of OpenAI's published file, so the output is that file byte for byte.

Run once, from the repository root, with the `test` extra installed (it brings bpe-openai):
    .venv/bin/python resources/tokenizers/make_vocabularies.py
The .tiktoken.gz files it writes are committed; the app reads them (core/llm/tokens.py).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from headhunter_desktop.core.llm.tokens import VOCABULARY_SHA256  # noqa: E402


def vocabulary_text(name: str) -> bytes:
    """The whole vocabulary of `name` in tiktoken's format, from bpe-openai's tokenizer."""
    import bpe_openai

    encoding = bpe_openai.get_encoding(name)
    special = set(encoding._special_tokens.values())
    lines = [
        base64.b64encode(encoding.decode_single_token_bytes(rank)) + b" %d\n" % rank
        for rank in range(encoding.n_vocab)
        if rank not in special and _defined(encoding, rank)
    ]
    return b"".join(lines)


def _defined(encoding: object, rank: int) -> bool:
    # o200k_base leaves ids between its last token and its special tokens unused.
    try:
        return bool(encoding.decode_single_token_bytes(rank))  # type: ignore[attr-defined]
    except KeyError:
        return False


def main() -> int:
    for name, expected in VOCABULARY_SHA256.items():
        text = vocabulary_text(name)
        actual = hashlib.sha256(text).hexdigest()
        if actual != expected:
            print(f"{name}: SHA-256 {actual} is not tiktoken's {expected}", file=sys.stderr)
            return 1
        # mtime=0 so that running the script again writes the same bytes.
        target = HERE / f"{name}.tiktoken.gz"
        target.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
        print(f"{target.name}: {len(text):,} bytes, {target.stat().st_size:,} compressed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
