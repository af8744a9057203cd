"""Reply/record dataclasses and the pure payload helpers of :mod:`tests.fakes.openai_server`.

Kept apart from the server so tests can use the value types (and :func:`fake_embedding`)
without reading the HTTP plumbing.
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
from dataclasses import dataclass
from typing import Any

_WORD_RE = re.compile(r"\w+")
_CHUNK_RE = re.compile(r"\s*\S+")


@dataclass
class FakeUsage:
    """Token usage the fake server reports (``total_tokens`` = prompt + completion).

    A broken server can be played by giving any JSON value as a count (a string, -5,
    1e300, 2**63, NaN); ``reported_total`` then says what ``total_tokens`` is.
    """

    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0  # -> usage.prompt_tokens_details.cached_tokens
    reasoning_tokens: int = 0  # -> usage.completion_tokens_details.reasoning_tokens
    reported_total: Any = None  # -> usage.total_tokens instead of prompt + completion

    @property
    def total_tokens(self) -> int:
        if self.reported_total is not None:
            return self.reported_total
        return self.prompt_tokens + self.completion_tokens

    def to_json(self) -> dict[str, Any]:
        """The ``usage`` object exactly as OpenAI's chat completions API spells it."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
            "prompt_tokens_details": {"cached_tokens": self.cached_tokens, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": self.reasoning_tokens,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }


@dataclass
class ChatReply:
    """A successful chat completion (JSON or SSE stream, whichever the request asks for).

    ``usage=None`` makes the server compute it: prompt_tokens = whitespace-separated words in
    all message contents, completion_tokens = words in ``content`` (both at least 1), so the
    same reply gives the same usage streamed or not.
    """

    content: str
    usage: FakeUsage | None = None
    model: str | None = None  # default: server.answer_model, else the requested model
    send_usage: bool = True  # False: never send usage, like some local servers
    chunk_words: int = 1  # streaming: words per SSE content chunk
    drop_after_chunks: int | None = None  # streaming: cut the socket after N content chunks
    finish_reason: str = "stop"


@dataclass
class ErrorReply:
    """An OpenAI-style error response: ``{"error": {"message", "type", "param", "code"}}``."""

    status: int
    message: str = "Fake error from the fake OpenAI server."
    retry_after: float | None = None  # seconds, sent as the `retry-after` header when given
    code: str | None = None


@dataclass
class DropConnection:
    """Close the socket without sending any HTTP response (client sees a connection error)."""


@dataclass
class EmbeddingReply:
    """Override for one /embeddings answer; by default usage = word count, model = requested."""

    usage_tokens: int | None = None
    model: str | None = None


@dataclass
class RecordedRequest:
    """One request the fake server received, and what it actually answered.

    ``headers`` keys are lower-cased. ``sent_usage``/``sent_model`` are filled in just before the
    bytes carrying them are written, so they are ``None`` when nothing was sent (errors, drops,
    streams without usage).
    """

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    reply: object = None
    sent_usage: FakeUsage | None = None
    sent_model: str | None = None


# -- pure payload helpers (used by the server; fake_embedding is public) ------------------


def fake_embedding(text: str, dims: int = 64) -> list[float]:
    """The deterministic vector the server returns for ``text`` (float32 values, L2 norm 1).

    Hashed bag of lower-cased words, plus a small character-trigram part so that two single
    words that land in the same bucket still differ. Texts sharing words get a higher cosine.
    """
    vec = [0.0] * dims

    def bucket(kind: bytes, token: str) -> int:
        # blake2b, not hash(): hash() is salted per process and the vectors must be stable.
        digest = hashlib.blake2b(kind + token.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little") % dims

    words = _WORD_RE.findall(text.lower())
    for word in words:
        vec[bucket(b"w:", word)] += 1.0
        padded = f"#{word}#"
        for i in range(len(padded) - 2):
            vec[bucket(b"t:", padded[i : i + 3])] += 0.05
    if not words:
        vec[bucket(b"raw:", text)] = 1.0
    norm = math.sqrt(sum(v * v for v in vec))
    # Round through float32 so the "float" and "base64" encodings give identical numbers.
    return list(struct.unpack(f"<{dims}f", struct.pack(f"<{dims}f", *(v / norm for v in vec))))


def word_count(text: str) -> int:
    """Whitespace-separated words: the fake's stand-in for a token count."""
    return len(text.split())


def message_text(message: Any) -> str:
    """Text of one chat message; content may be a string or a list of content parts."""
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def split_chunks(content: str, words_per_chunk: int) -> list[str]:
    """Split into pieces of N words that join back to ``content`` exactly (whitespace kept)."""
    pieces = _CHUNK_RE.findall(content)
    if not pieces:
        return [content] if content else []
    tail = content[sum(len(p) for p in pieces) :]  # trailing whitespace rides on the last piece
    pieces[-1] += tail
    n = max(1, words_per_chunk)
    return ["".join(pieces[i : i + n]) for i in range(0, len(pieces), n)]


def error_json(reply: ErrorReply) -> dict[str, Any]:
    if reply.status == 429:
        kind = "requests"
    elif reply.status >= 500:
        kind = "server_error"
    else:
        kind = "invalid_request_error"
    return {"error": {"message": reply.message, "type": kind, "param": None, "code": reply.code}}


def embedding_texts(value: Any) -> list[str]:
    """Normalise /embeddings ``input``: a string, strings, token ids or lists of token ids."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value:
        return []
    if all(isinstance(v, int) for v in value):
        return [" ".join(map(str, value))]
    texts = []
    for item in value:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list) and all(isinstance(v, int) for v in item):
            texts.append(" ".join(map(str, item)))
        else:
            return []
    return texts
