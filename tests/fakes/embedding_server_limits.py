"""What a local embedding server refuses, in the words real ones use.

vLLM answers an input over its model's context with 400, text-embeddings-inference with
413 (and 422 for more inputs than its batch size), llama.cpp with 500 and no number.
The server's model counts more tokens than words: a WordPiece vocabulary cuts words up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from tests.fakes.openai_replies import ErrorReply, word_count

Style = Literal["vllm", "tei", "llamacpp"]


@dataclass
class EmbeddingServerLimits:
    max_input_tokens: int | None = None  # None: no limit (OpenAI's are never reached here)
    max_batch: int | None = None
    style: Style = "vllm"
    tokens_per_word: float = 1.3

    def tokens(self, text: str) -> int:
        return math.ceil(word_count(text) * self.tokens_per_word)

    def refusal(self, texts: list[str]) -> ErrorReply | None:
        """The error the server answers `texts` with, or None when it takes them."""
        if self.max_batch is not None and len(texts) > self.max_batch:
            return ErrorReply(
                422, f"batch size {len(texts)} > maximum allowed batch size {self.max_batch}"
            )
        if self.max_input_tokens is None:
            return None
        longest = max(self.tokens(t) for t in texts)
        if longest <= self.max_input_tokens:
            return None
        limit = self.max_input_tokens
        if self.style == "tei":
            message = f"Input validation error: `inputs` must have less than {limit + 1} tokens."
            return ErrorReply(413, f"{message} Given: {longest}")
        if self.style == "llamacpp":
            message = "input is too large to process. increase the physical batch size"
            return ErrorReply(500, message)
        return ErrorReply(
            400,
            f"This model's maximum context length is {limit} tokens. However, you requested "
            f"{longest} tokens in the input for embedding generation. Please reduce the length "
            "of the input.",
        )
