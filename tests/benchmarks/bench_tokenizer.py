"""The token counter before and after the bundle diet, in the same run: bpe-openai (a 71 MB
compiled library) against tiktoken on the vocabularies shipped in resources/tokenizers/.

Run: `.venv/bin/python tests/benchmarks/bench_tokenizer.py [--runs 5]` (bpe-openai comes with
the `test` extra). Load time is measured in a fresh process each run (import plus the first
encoding built, what the app pays once); count speed over the sample CV texts of
tests/data/token_samples.py, repeated, in this process. Medians are printed; times are CPU
seconds of the process, which other work on a shared machine does not inflate as it does
wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.data.token_samples import token_sample_texts  # noqa: E402

LOADERS = {
    "bpe-openai": "import bpe_openai; bpe_openai.get_encoding('{name}').encode_ordinary('x')",
    "tiktoken + shipped files": (
        "from headhunter_desktop.core.llm import tokens; tokens._encoding('{name}')"
        ".encode_ordinary('x')"
    ),
}


def load_seconds(statement: str) -> float:
    """CPU seconds a fresh interpreter takes to run `statement`, less its own start-up."""
    timed = f"import time; t = time.process_time(); {statement}; print(time.process_time() - t)"
    out = subprocess.run(
        [sys.executable, "-c", timed], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def counters(name: str) -> dict[str, Callable[[str], list[int]]]:
    import bpe_openai

    from headhunter_desktop.core.llm import tokens

    return {
        "bpe-openai": bpe_openai.get_encoding(name).encode_ordinary,
        "tiktoken + shipped files": tokens._encoding(name).encode_ordinary,
    }


def count_rate(encode: Callable[[str], list[int]], texts: list[str], repeats: int) -> float:
    """Characters per CPU second, the best of `repeats` passes over `texts`."""
    characters = sum(map(len, texts))
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for text in texts:
            encode(text)
        best = min(best, time.process_time() - started)
    return characters / best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    texts = token_sample_texts(cvs=400)
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters")
    for name in ("o200k_base", "cl100k_base"):
        encoders = counters(name)
        totals = {
            label: sum(len(encode(text)) for text in texts) for label, encode in encoders.items()
        }
        verdict = "the same" if len(set(totals.values())) == 1 else "DIFFERENT"
        print(f"\n{name}: tokens counted {totals}: {verdict}")
        for label, statement in LOADERS.items():
            load = statistics.median(load_seconds(statement.format(name=name)) for _ in range(runs))
            rate = count_rate(encoders[label], texts, runs)
            print(f"  {label:26} load {load * 1000:6.0f} ms   count {rate / 1e6:5.2f} M chars/s")


if __name__ == "__main__":
    main()
