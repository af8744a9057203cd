"""Hybrid talent-pool search over 20,000 candidates, against a naive baseline in the same run.

Run: `.venv/bin/python tests/benchmarks/bench_search.py [--candidates 20000] [--queries 50]`
(add `--url postgresql+psycopg://…/emptydb` to measure on PostgreSQL instead of a temp SQLite
file). Candidates get varied generated CV texts and random 1536-dim float32 vectors (fixed
seed, like text-embedding-3-small). Timed per query: keyword + vector + fusion through
`TalentSearch.search`, NOT the query's embedding call. Target: ≤ 50 ms per query.

Baseline: what a first version without indexes would do per query — `LIKE '%term%'` on the
CV text, then every embedding read from the database and scored with numpy, then the same
fusion; and, for scale, a pure-Python cosine loop over the embeddings on a few queries.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from headhunter_desktop.core.search import (
    ALL,
    KeywordIndex,
    TalentSearch,
    VectorIndex,
    fields_from,
)
from headhunter_desktop.core.search.fusion import hybrid_search
from headhunter_desktop.core.search.keyword import KeywordHit
from headhunter_desktop.core.search.terms import parse_query
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, ClientCompany, name_key
from headhunter_desktop.core.storage.types import utcnow

MODEL = "text-embedding-3-small"
CLIENTS = 10

FIRST = [
    "Anna", "Ben", "Chloé", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    "Katarzyna", "Lars", "Maëlle", "Nils", "Olga", "Pedro", "Quentin", "Rosa", "Søren", "Tomás",
    "Ulla", "Vera", "Wojciech", "Xavier", "Yusuf", "Zoë",
]  # fmt: skip
LAST = [
    "Müller", "Dubois", "García", "Rossi", "Nowak", "Jensen", "Öztürk", "Kowalski", "Novák",
    "Silva", "Schmidt", "Ångström", "Bianchi", "Fernández", "Lefèvre", "Horváth", "Papadopoulos",
    "Nielsen", "Smith", "O'Brien",
]  # fmt: skip
ROLES = [
    "Software engineer", "Backend developer", "Frontend developer", "Data scientist",
    "DevOps engineer", "Site reliability engineer", "Product manager", "QA engineer",
    "Mobile developer", "Data engineer", "Security engineer", "Embedded developer",
    "Cloud architect", "Machine learning engineer", "Engineering manager", "UX designer",
    "Sales manager", "Account executive", "Financial controller", "HR business partner",
    "Pastry chef", "Civil engineer", "Nurse", "Accountant", "Marketing manager",
]  # fmt: skip
SENIORITY = ["Junior", "", "", "Senior", "Lead", "Principal", "Staff"]
SKILLS = [
    "Python", "Java", "JavaScript", "TypeScript", "Go", "Rust", "C++", "C#", "Kotlin", "Swift",
    "Scala", "Ruby", "PHP", "Elixir", "Kubernetes", "Docker", "Terraform", "Ansible", "Helm",
    "AWS", "Azure", "GCP", "Linux", "PostgreSQL", "MySQL", "MongoDB", "Redis", "Kafka", "RabbitMQ",
    "Elasticsearch", "Spark", "Airflow", "dbt", "Snowflake", "pandas", "NumPy", "PyTorch",
    "TensorFlow", "scikit-learn", "React", "Vue", "Angular", "Svelte", "Node.js", "Django",
    "Flask", "FastAPI", "Spring", "Rails", "Laravel", "GraphQL", "gRPC", "REST", "OAuth",
    "Jenkins", "GitLab", "GitHub", "Prometheus", "Grafana", "Datadog", "Figma", "Jira",
    "Confluence", "Excel", "SAP", "Salesforce", "HubSpot", "Tableau", "PowerBI", "SQL", "NoSQL",
    "Hadoop", "OpenCV", "CUDA", "Unity", "Unreal", "Flutter", "Android", "iOS", "Bash",
    "PowerShell", "Selenium", "Cypress", "Jest", "pytest", "JUnit", "Scrum", "Kanban", "SAFe",
    "ITIL", "ISO27001", "GDPR", "SOC2", "IFRS", "HACCP", "AutoCAD", "Revit",
]  # fmt: skip
COMPANIES = [
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka",
    "Cyberdyne", "Tyrell", "Soylent", "Zalando", "Spotify", "Klarna", "Adyen", "Bolt", "Wise",
    "Revolut", "N26", "Siemens", "Bosch", "SAP", "Philips", "Nokia",
]  # fmt: skip
VERBS = [
    "built", "designed", "migrated", "led", "scaled", "automated", "reduced", "improved",
    "maintained", "shipped", "mentored", "owned", "refactored", "launched", "monitored", "tested",
    "documented", "negotiated",
]  # fmt: skip
OBJECTS = [
    "platform", "pipeline", "service", "team", "product", "dashboard", "cluster", "API", "backlog",
    "budget", "process", "infrastructure", "roadmap", "integration", "release", "campaign",
    "forecast",
]  # fmt: skip
QUERIES = [
    "kubernetes", "python django", "senior java spring", "react typescript", "postgresql",
    "machine learning pytorch", "c++ embedded", "c#", "aws terraform", "data engineer airflow",
    "engineer", "müller", "zoe", "\"site reliability\"", "go grpc kubernetes", "kafka",
    "product manager", "pastry", "salesforce hubspot", "NOT AND (", "c++ \"senior",
    "kube", "postgres", "security engineer soc2", "flutter ios android",
]  # fmt: skip


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """A long tail of made-up words, so the vocabulary is as large as real CV text's."""
    syllables = "ka lo mi ne su ta ri po de fa gu hi ja ke lu ma no pe ra si te vo we ya zu"
    parts = syllables.split()
    return ["".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def cv_text(rng: random.Random, name: str, title: str, skills: list[str], tail: list[str]) -> str:
    """About 300–900 words: header, summary, jobs with highlights, skills, education."""
    lines = [name, title, f"Based in {rng.choice(COMPANIES)} City. Open to hybrid work."]
    lines.append(
        f"{title} with {rng.randint(1, 25)} years of experience in {', '.join(skills[:3])}."
    )
    for _ in range(rng.randint(3, 6)):
        company = rng.choice(COMPANIES)
        lines.append(f"{rng.choice(ROLES)} at {company} ({rng.randint(2000, 2024)})")
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(VERBS), "the", rng.choice(OBJECTS), "using", rng.choice(skills)]
            words += rng.choices(tail, k=rng.randint(10, 25))
            lines.append("- " + " ".join(words) + ".")
    lines.append("Skills: " + ", ".join(skills))
    lines.append(f"MSc {rng.choice(['Computer Science', 'Physics', 'Economics', 'Design'])}")
    return "\n".join(lines)


def generate(n: int, dims: int, seed: int) -> tuple[list[dict], np.ndarray]:
    """Candidate rows (without vectors) and their float32 vectors."""
    rng = random.Random(seed)
    tail = pseudo_words(rng, 20_000)
    # Zipf-like: a few filler words are frequent, most are rare (as in real text).
    zipf = [tail[min(int(rng.paretovariate(1.1)) - 1, len(tail) - 1)] for _ in range(200_000)]
    rows = []
    for i in range(1, n + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        title = f"{rng.choice(SENIORITY)} {rng.choice(ROLES)}".strip()
        skills = rng.sample(SKILLS, rng.randint(4, 12))
        profile = {
            "basics": {"name": name, "label": title},
            "skills": [{"name": s} for s in skills],
            "work": [{"name": rng.choice(COMPANIES), "position": title}],
        }
        client = rng.randint(1, CLIENTS) if rng.random() < 0.7 else None
        rows.append(
            {
                "id": i,
                "display_name": name,
                "extracted_text": cv_text(rng, name, title, skills, zipf),
                "profile_json": profile,
                "client_company_id": client,
            }
        )
    vectors = np.random.default_rng(seed).standard_normal((n, dims)).astype(np.float32)
    return rows, vectors


def fill(db: MainDatabase, rows: list[dict], vectors: np.ndarray) -> tuple[float, float]:
    """Insert the candidates, then index them; returns (insert s, keyword index build s)."""
    started = time.perf_counter()

    def insert(session: sa.orm.Session) -> None:
        now = utcnow()
        session.execute(
            sa.insert(ClientCompany),
            [
                {"id": c, "name": f"Client {c}", "name_key": name_key(f"Client {c}")}
                for c in range(1, CLIENTS + 1)
            ],
        )
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            session.execute(
                sa.insert(Candidate),
                [
                    {
                        **row,
                        "embedding": vectors[row["id"] - 1].astype("<f4").tobytes(),
                        "embedding_model": MODEL,
                        "parse_status": "done",
                        "profile_edited_fields": [],
                        "created_at": now,
                        "updated_at": now,
                    }
                    for row in batch
                ],
            )

    db.run_sync(insert)
    inserted = time.perf_counter()
    keyword = KeywordIndex(db.dialect)

    def index(session: sa.orm.Session) -> None:
        for row in rows:
            fields = fields_from(row["display_name"], row["profile_json"], row["extracted_text"])
            keyword.upsert(session, row["id"], fields)

    db.run_sync(index)
    return inserted - started, time.perf_counter() - inserted


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def naive_search(
    db: MainDatabase, query: str, vector: np.ndarray, limit: int, python_loop: bool = False
) -> list:
    """No index: LIKE scan for the words, all embeddings read and scored for the meaning."""
    words = [" ".join(t.tokens) for t in parse_query(query)]

    def scan(session: sa.orm.Session) -> tuple[list[int], list[tuple[int, bytes]]]:
        hits: list[int] = []
        if words:
            likes = sa.or_(*(Candidate.extracted_text.ilike(f"%{w}%") for w in words))
            hits = list(session.scalars(sa.select(Candidate.id).where(likes).limit(100)))
        rows = session.execute(
            sa.select(Candidate.id, Candidate.embedding).where(Candidate.embedding_model == MODEL)
        ).all()
        return hits, [(r[0], r[1]) for r in rows]

    keyword_ids, rows = db.run_sync(scan)
    q = vector / np.linalg.norm(vector)
    if python_loop:
        qs = q.tolist()
        scored = []
        for candidate_id, blob in rows:
            v = np.frombuffer(blob, dtype="<f4").tolist()
            dot = sum(a * b for a, b in zip(v, qs, strict=True))
            scored.append((candidate_id, dot / math.sqrt(sum(a * a for a in v))))
    else:
        matrix = np.vstack([np.frombuffer(blob, dtype="<f4") for _, blob in rows])
        cosines = matrix @ q / np.linalg.norm(matrix, axis=1)
        scored = list(zip([r[0] for r in rows], cosines.tolist(), strict=True))
    scored.sort(key=lambda item: -item[1])
    keyword_hits = [KeywordHit(c, rank, 0.0, []) for rank, c in enumerate(keyword_ids, 1)]
    return hybrid_search(keyword_hits, scored[:100], limit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--baseline-queries", type=int, default=10)
    parser.add_argument("--dims", type=int, default=1536)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--url", help="an empty database to use instead of a temp SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        url = args.url or f"sqlite:///{Path(scratch) / 'headhunter.db'}"
        started = time.perf_counter()
        rows, vectors = generate(args.candidates, args.dims, args.seed)
        words = sum(len(r["extracted_text"].split()) for r in rows) / len(rows)
        print(f"generated {len(rows):,} candidates (avg {words:.0f} words of CV text, "
              f"{args.dims}-dim vectors) in {time.perf_counter() - started:.1f} s")  # fmt: skip
        with MainDatabase(url) as db:
            insert_s, index_s = fill(db, rows, vectors)
            print(f"{db.dialect}: inserted in {insert_s:.1f} s, keyword index built in "
                  f"{index_s:.1f} s ({args.candidates / index_s:,.0f} candidates/s)")  # fmt: skip
            if not args.url:
                report_size(Path(scratch) / "headhunter.db")
            run_queries(db, args, vectors)


def report_size(file: Path) -> None:
    """The SQLite file's size and the FTS index's share of it (dbstat, when compiled in)."""
    connection = sqlite3.connect(file)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            fts = connection.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'candidate_fts%'"
            ).fetchone()[0]
        except sqlite3.OperationalError:  # no dbstat in this SQLite build
            fts = None
    finally:
        connection.close()
    share = f", of which the FTS5 table {fts / 2**20:.0f} MB" if fts else ""
    print(f"database file {file.stat().st_size / 2**20:.0f} MB{share}")


def run_queries(db: MainDatabase, args: argparse.Namespace, pool_vectors: np.ndarray) -> None:
    rng = np.random.default_rng(args.seed + 1)
    pick = random.Random(args.seed + 2)
    queries = [QUERIES[i % len(QUERIES)] for i in range(args.queries)]
    # Each query vector near some candidate's, as a real query is near its best matches.
    near = rng.integers(0, len(pool_vectors), args.queries)
    noise = rng.standard_normal((args.queries, pool_vectors.shape[1])).astype(np.float32)
    vectors = pool_vectors[near] + noise
    # A mix of scopes: the whole pool, one client's candidates, the agency's own pool.
    clients = [pick.choice([ALL, ALL, ALL, 3, None]) for _ in queries]

    loop = asyncio.new_event_loop()
    talent = TalentSearch(db, MODEL)
    try:
        load_ms = timed(lambda: loop.run_until_complete(talent.ensure_loaded()))
        reload_ms = timed(lambda: db.run_sync(lambda s: VectorIndex().load(s, MODEL)))
        print(f"one-off load at start-up: {load_ms:.0f} ms (vector index alone {reload_ms:.0f} ms"
              f" for {len(talent.vectors):,} vectors)")  # fmt: skip
        loop.run_until_complete(talent.search("warm up", vectors[0]))

        hybrid = [
            timed(lambda q=q, v=v, c=c: loop.run_until_complete(talent.search(q, v, 20, c)))
            for q, v, c in zip(queries, vectors, clients, strict=True)
        ]
        keyword = [
            timed(
                lambda q=q, c=c: db.run_sync(
                    lambda s: talent.keyword.search(s, q, 50, c, with_terms=False)
                )
            )
            for q, c in zip(queries, clients, strict=True)
        ]
        vector = [timed(lambda v=v: talent.vectors.search(v, 50)) for v in vectors]
        keyword_only = [
            timed(lambda q=q: loop.run_until_complete(talent.search(q, None, 20))) for q in queries
        ]
    finally:
        talent.close()
        loop.close()

    n = args.baseline_queries
    baseline = [
        timed(lambda q=q, v=v: naive_search(db, q, v, 20))
        for q, v in zip(queries[:n], vectors[:n], strict=True)
    ]
    python_loop = [
        timed(lambda q=q, v=v: naive_search(db, q, v, 20, python_loop=True))
        for q, v in zip(queries[:3], vectors[:3], strict=True)
    ]

    def line(label: str, values: list[float]) -> None:
        print(f"  {label:<44} median {statistics.median(values):8.1f} ms   "
              f"p95 {percentile(values, 95):8.1f} ms   (n={len(values)})")  # fmt: skip

    print(f"per query over {args.candidates:,} candidates (query embedding not counted):")
    line("hybrid search (TalentSearch.search)", hybrid)
    line("  keyword ranking alone (pool 50)", keyword)
    line("  vector search alone (pool 50)", vector)
    line("keyword-only search (no query vector)", keyword_only)
    line("baseline: LIKE scan + read all vectors + numpy", baseline)
    line("baseline: same with a pure-Python cosine loop", python_loop)
    median = statistics.median(hybrid)
    print(f"speed-up vs baseline: {statistics.median(baseline) / median:.0f}x (median), "
          f"vs pure-Python loop: {statistics.median(python_loop) / median:.0f}x")  # fmt: skip
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (other work slows every figure)")
    p95 = percentile(hybrid, 95)
    verdict = "met" if p95 <= 50 else "NOT met"
    print(f"target <= 50 ms per query: {verdict} (median {median:.1f} ms, p95 {p95:.1f} ms)")


if __name__ == "__main__":
    main()
