"""Token counting with no network: for estimates (cancelled streams, budgets) and truncation.

tiktoken downloads its vocabularies on first use, which fails offline, so the app ships
o200k_base and cl100k_base in `resources/tokenizers/` (written by make_vocabularies.py there)
and hands them to tiktoken with the encodings' own split patterns and special tokens.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import math
import struct
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from headhunter_desktop.resources import resources_dir

if TYPE_CHECKING:
    import tiktoken

# Per-message overhead of the chat format (role markers), as OpenAI documents it.
_TOKENS_PER_MESSAGE = 3
_TOKENS_PER_REPLY = 3
_IMAGE_BASE_TOKENS = 85
_TILE_TOKENS = 170
_MINI_IMAGE_MULTIPLIER = 33
_MAX_PATCHES = 1_536
_O200K_PREFIXES = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")

# What tiktoken_ext/openai_public.py says of each encoding; tests/core/llm/test_tokens_vocabulary.py
# checks these against the installed tiktoken. The hash is that of OpenAI's published
# .tiktoken file, which the shipped file decompresses to.
VOCABULARY_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
SPLIT_PATTERNS = {
    "o200k_base": "|".join(
        [
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
            r"""\p{N}{1,3}""",
            r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
            r"""\s*[\r\n]+""",
            r"""\s+(?!\S)""",
            r"""\s+""",
        ]
    ),
    "cl100k_base": (
        r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""  # noqa: E501
    ),
}
SPECIAL_TOKENS = {
    "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    "cl100k_base": {
        "<|endoftext|>": 100257,
        "<|fim_prefix|>": 100258,
        "<|fim_middle|>": 100259,
        "<|fim_suffix|>": 100260,
        "<|endofprompt|>": 100276,
    },
}


@lru_cache(maxsize=8)
def _encoding(name: str) -> tiktoken.Encoding:
    import tiktoken  # deferred: most commands never count tokens

    encoding = tiktoken.Encoding(
        name,
        pat_str=SPLIT_PATTERNS[name],
        mergeable_ranks=mergeable_ranks(name),
        special_tokens=SPECIAL_TOKENS[name],
    )
    _built.add(name)
    return encoding


# Encodings built so far. Building one takes ~0.1-0.3 s, most of it in tiktoken's Rust
# constructor holding the GIL (o200k: 136 ms without a break): a GUI must have it done in
# a worker thread (`build_tokenizers`) before counting on its event loop.
_built: set[str] = set()


def tokenizers_built(models: Iterable[str]) -> bool:
    """Whether counting for every one of `models` is ready (no encoding left to build)."""
    return {encoding_name_for(model) for model in models} <= _built


def build_tokenizers(models: Iterable[str]) -> None:
    """Build the encodings `models` use (blocking: call it in a worker thread)."""
    for name in sorted({encoding_name_for(model) for model in models}):
        _encoding(name)


def mergeable_ranks(name: str) -> dict[bytes, int]:
    """The vocabulary of encoding `name` as tiktoken takes it: token bytes to rank."""
    data = gzip.decompress((resources_dir() / "tokenizers" / f"{name}.tiktoken.gz").read_bytes())
    if hashlib.sha256(data).hexdigest() != VOCABULARY_SHA256[name]:
        raise RuntimeError(f"the shipped {name} vocabulary is damaged; reinstall the app")
    # One "base64(token) rank" line per token; the hash above vouches for every line.
    return {
        binascii.a2b_base64(token): int(rank) for token, rank in map(bytes.split, data.splitlines())
    }


def encoding_name_for(model: str) -> str:
    """o200k_base for the gpt-4o generation and newer, cl100k_base for everything else."""
    plain = model.lower().rsplit("/", 1)[-1]
    return "o200k_base" if plain.startswith(_O200K_PREFIXES) else "cl100k_base"


def count_tokens(text: str, model: str) -> int:
    """Tokens in `text` for `model` (exact for OpenAI models, a fair estimate for others)."""
    if not text:
        return 0
    return len(_encoding(encoding_name_for(model)).encode_ordinary(text))


def count_message_tokens(messages: Iterable[Mapping[str, Any]], model: str) -> int:
    """Prompt tokens of a chat request, including the per-message format overhead; a
    message's content may be a list of text and image parts (`image_tokens`)."""
    total = _TOKENS_PER_REPLY
    for message in messages:
        content = message.get("content") or ""
        if isinstance(content, list):
            total += _TOKENS_PER_MESSAGE + sum(_part_tokens(part, model) for part in content)
        else:
            total += _TOKENS_PER_MESSAGE + count_tokens(str(content), model)
    return total


def _part_tokens(part: Mapping[str, Any], model: str) -> int:
    if part.get("type") == "image_url":
        return image_tokens(str(part["image_url"]["url"]), model)
    return count_tokens(str(part.get("text") or ""), model)


def truncate_to_tokens(text: str, max_tokens: int, model: str) -> tuple[str, bool]:
    """Keep the beginning of `text` within `max_tokens`; returns (text, was_truncated)."""
    encoding = _encoding(encoding_name_for(model))
    tokens = encoding.encode_ordinary(text)
    if len(tokens) <= max_tokens:
        return text, False
    return encoding.decode(tokens[:max_tokens]), True


def image_tokens(url: str, model: str) -> int:
    """What an image part (a PNG data URL) costs in prompt tokens, as OpenAI counts them.

    Tiles: the image scaled into 2048 x 2048, then its short side to 768; 85 tokens plus
    170 per 512-pixel tile (gpt-4o and most models), 33 times that for gpt-4o-mini, which
    bills images as its dearer sibling does. Newer small models count 32-pixel patches
    instead (at most 1,536); the larger of the two is taken, as budgets reserve for the worst.
    """
    pixels_wide, pixels_high = png_size(url)
    scale = min(1.0, 2048 / max(pixels_wide, pixels_high, 1))
    width, height = pixels_wide * scale, pixels_high * scale
    scale = min(1.0, 768 / max(min(width, height), 1))
    tiles = math.ceil(width * scale / 512) * math.ceil(height * scale / 512)
    multiplier = _MINI_IMAGE_MULTIPLIER if "gpt-4o-mini" in model.lower() else 1
    patches = min(_MAX_PATCHES, math.ceil(width / 32) * math.ceil(height / 32))
    return max((_IMAGE_BASE_TOKENS + _TILE_TOKENS * tiles) * multiplier, patches)


def png_size(url: str) -> tuple[int, int]:
    """Width and height of the PNG in a `data:image/png;base64,` URL ((1024, 1024) if not)."""
    _, _, data = url.partition(",")
    header = base64.b64decode(data[:32] + "=" * (-len(data[:32]) % 4), validate=False)
    if len(header) < 24 or not header.startswith(b"\x89PNG"):
        return 1024, 1024
    width, height = struct.unpack(">II", header[16:24])
    return width, height
