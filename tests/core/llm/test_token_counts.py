"""The shipped vocabularies under tiktoken count exactly as bpe-openai, the counter they
replaced (an independent Rust implementation), on CV texts in many scripts and on random
Unicode; and they are OpenAI's files: tiktoken's own definitions of the encodings agree."""

from __future__ import annotations

import gzip
import hashlib
import importlib
from functools import cache
from pathlib import Path
from typing import Any

import bpe_openai
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headhunter_desktop.core.llm import tokens
from tests.data.token_samples import token_sample_texts

MODELS = {"o200k_base": "gpt-4o-mini", "cl100k_base": "gpt-4"}


@cache
def bpe_openai_encoding(encoding: str) -> Any:
    return bpe_openai.get_encoding(encoding)


def reference_count(text: str, encoding: str) -> int:
    return len(bpe_openai_encoding(encoding).encode_ordinary(text))


@pytest.mark.parametrize("encoding", sorted(MODELS))
def test_counts_are_those_of_bpe_openai_on_cv_texts(encoding: str) -> None:
    texts = token_sample_texts()
    counted = [tokens.count_tokens(text, MODELS[encoding]) for text in texts]
    assert counted == [reference_count(text, encoding) for text in texts]
    assert min(counted) > 0


@pytest.mark.parametrize("encoding", sorted(MODELS))
@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=200))
def test_counts_are_those_of_bpe_openai_on_any_text(encoding: str, text: str) -> None:
    assert tokens.count_tokens(text, MODELS[encoding]) == reference_count(text, encoding)


def test_truncation_keeps_the_first_tokens_as_bpe_openai_decodes_them() -> None:
    text = token_sample_texts(cvs=1)[0]
    kept, truncated = tokens.truncate_to_tokens(text, 50, "gpt-4o")
    expected = bpe_openai_encoding("o200k_base")
    assert truncated
    assert kept == expected.decode(expected.encode_ordinary(text)[:50])


@pytest.mark.parametrize("encoding", sorted(MODELS))
def test_encodings_are_defined_as_tiktoken_defines_them(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tiktoken's definition downloads the file; catch the request and hand it ours, then
    # compare what it would have built with what the app builds.
    public = importlib.import_module("tiktoken_ext.openai_public")
    requested: dict[str, Any] = {}

    def shipped_file(url: str, expected_hash: str) -> dict[bytes, int]:
        requested.update(url=url, expected_hash=expected_hash)
        return tokens.mergeable_ranks(encoding)

    monkeypatch.setattr(public, "load_tiktoken_bpe", shipped_file)
    definition = getattr(public, encoding)()
    assert requested["url"].endswith(f"/{encoding}.tiktoken")
    assert requested["expected_hash"] == tokens.VOCABULARY_SHA256[encoding]
    assert definition["pat_str"] == tokens.SPLIT_PATTERNS[encoding]
    assert definition["special_tokens"] == tokens.SPECIAL_TOKENS[encoding]


def test_a_damaged_vocabulary_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tokenizers").mkdir()
    (tmp_path / "tokenizers" / "cl100k_base.tiktoken.gz").write_bytes(gzip.compress(b"IQ== 0\n"))
    monkeypatch.setattr(tokens, "resources_dir", lambda: tmp_path)
    assert hashlib.sha256(b"IQ== 0\n").hexdigest() != tokens.VOCABULARY_SHA256["cl100k_base"]
    with pytest.raises(RuntimeError, match="damaged"):
        tokens.mergeable_ranks("cl100k_base")
