"""The local OpenAI-compatible server of `bench_job_stream.py`, in its own process.

Run by the benchmark (`ServerProcess(this file)`): prints its base URL, then answers one
command per stdin line with one JSON line on stdout, and stops when stdin closes.

- Job-posting requests (a `json_schema` response format named JobPostingDraft, from the
  app or from the bare openai client) get `job_answer(n)` streamed one word per chunk;
  CV parse requests get a profile (`cv_profile_responder`), as in `bench_import.py`.
- `answer N`: the job answer's size in chunks. `rate R`: chunks per second on a fixed
  schedule (catching up in bursts when behind), 0 for as fast as the client reads.
  `latency S`: seconds before any answer starts.
- `port`: the client port of the last stream. `stream`: that port and when each content
  chunk was written (`time.monotonic()`: CLOCK_MONOTONIC, one clock for all processes).
- `closed PORT`: when this process saw the client close that connection (EPOLLRDHUP on
  the socket, from a watcher thread, however busy the handler), or null.
"""

from __future__ import annotations

import json
import random
import select
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fakes.cv_responder import cv_profile_responder
from tests.fakes.generation_responder import requested_schema
from tests.fakes.openai_replies import ChatReply, split_chunks
from tests.fakes.openai_server import FakeOpenAIServer

JOB_SCHEMA_NAME = "JobPostingDraft"
_PROSE = (
    "the team builds reliable data pipelines for our clients across Europe and we value "
    "ownership clear writing pragmatic testing mentoring Python PostgreSQL Kubernetes "
    "observability product sense customer focus hybrid remote Berlin Lisbon growth budget"
)
_VOCABULARY = _PROSE.split()
# Shares of the answer's words per field, in JobPostingDraft's writing order.
_TEXT_SHARES = {"description": 0.45, "team_info": 0.07, "growth_opportunities": 0.06,
                "application_process": 0.05}  # fmt: skip
_LIST_SHARES = {"responsibilities": (0.12, 14), "qualifications": (0.08, 10),
                "preferred_qualifications": (0.05, 9), "skills_required": (0.03, 3),
                "benefits": (0.05, 8)}  # fmt: skip


def job_answer(chunks: int, seed: int = 9) -> str:
    """A JobPostingDraft answer, keys in the model's writing order, that the server
    streams in exactly `chunks` one-word chunks (its description takes up the slack)."""
    rng = random.Random(seed)
    words = max(chunks, 200)
    answer: dict[str, Any] = {"title": "Senior Data Platform Engineer", "description": ""}
    for key, (share, item_words) in _LIST_SHARES.items():
        count = max(1, round(words * share / item_words))
        answer[key] = [_sentence(rng, item_words) for _ in range(count)]
    for key in ("team_info", "growth_opportunities", "application_process"):
        answer[key] = _markdown(rng, round(words * _TEXT_SHARES[key]))
    answer |= {
        "years_of_experience": 5,
        "salary_range": {"min": 85000, "max": 110000, "currency": "EUR", "period": "YEAR"},
        "location": {"locality": "Berlin", "region": "Berlin", "country": "DE"},
        "employment_type": "FULL_TIME",
        "remote_policy": "hybrid",
    }
    description = _markdown(rng, round(words * _TEXT_SHARES["description"]))
    while True:
        answer["description"] = description
        text = json.dumps(answer, ensure_ascii=False)
        missing = chunks - len(split_chunks(text, 1))
        if missing <= 0:
            return text
        description += " " + " ".join(rng.choices(_VOCABULARY, k=missing))


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(_VOCABULARY, k=words)).capitalize() + "."


def _markdown(rng: random.Random, words: int) -> str:
    """Paragraphs of 40-90 words, a heading every fifth, some bold words."""
    parts: list[str] = []
    while words > 0:
        if len(parts) % 5 == 0:
            parts.append("## " + " ".join(rng.choices(_VOCABULARY, k=3)).title())
            words -= 4
        n = min(words, rng.randint(40, 90))
        sentence = rng.choices(_VOCABULARY, k=n)
        sentence[rng.randrange(n)] = f"**{rng.choice(_VOCABULARY)}**"
        parts.append(" ".join(sentence).capitalize() + ".")
        words -= n
    return "\n\n".join(parts)


class CloseWatch:
    """When clients close their connections, as this process sees it.

    It watches a duplicate of each socket: the handler closing its own descriptor (after
    a failed write, say) neither drops a close not yet reported nor frees the number for
    the next connection while it is still watched.
    """

    _EVENTS = select.EPOLLRDHUP | select.EPOLLHUP | select.EPOLLERR

    def __init__(self) -> None:
        self._epoll = select.epoll()
        self._lock = threading.Lock()
        self._watched: dict[int, tuple[socket.socket, int]] = {}  # fd -> (duplicate, port)
        self._closed: dict[int, float] = {}  # client port -> when it closed
        threading.Thread(target=self._watch, name="close-watch", daemon=True).start()

    def add(self, conn: socket.socket) -> None:
        try:
            duplicate, port = conn.dup(), conn.getpeername()[1]
        except OSError:  # gone already: nothing of it will be measured
            return
        with self._lock:
            self._watched[duplicate.fileno()] = (duplicate, port)
            self._closed.pop(port, None)
        self._epoll.register(duplicate.fileno(), self._EVENTS)

    def closed_at(self, port: int) -> float | None:
        with self._lock:
            return self._closed.get(port)

    def _watch(self) -> None:
        while True:
            for fd, _events in self._epoll.poll():
                now = time.monotonic()
                with self._lock:
                    duplicate, port = self._watched.pop(fd)
                    self._closed.setdefault(port, now)
                self._epoll.unregister(fd)
                duplicate.close()


class JobStreams:
    """The job answer, its pacing and the send time of each chunk of the last stream."""

    def __init__(self, watch: CloseWatch) -> None:
        self.answer = job_answer(20_000)
        self.rate = 0.0
        self.stamps: list[float] = []
        self.port = 0
        self.watch = watch
        self._connection = threading.local()  # a handler thread serves one connection
        self._start = 0.0

    def respond(self, body: dict[str, Any]) -> ChatReply | None:
        schema = requested_schema(body)
        if schema is not None and schema.get("title") == JOB_SCHEMA_NAME:
            return ChatReply(self.answer, chunk_words=1)
        return cv_profile_responder(body)

    def on_connection(self, conn: socket.socket) -> None:
        self._connection.port = conn.getpeername()[1]
        self.watch.add(conn)

    def on_chunk(self, index: int) -> None:
        if index == 0:
            self.stamps = []
            self.port = getattr(self._connection, "port", 0)
            self._start = time.monotonic()
        elif self.rate:
            delay = self._start + index / self.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self.stamps.append(time.monotonic())


def answer_command(server: FakeOpenAIServer, streams: JobStreams, words: list[str]) -> Any:
    """The JSON answer to one command line (module docstring)."""
    name, args = words[0], words[1:]
    if name == "answer":
        streams.answer = job_answer(int(args[0]))
        return {"chunks": len(split_chunks(streams.answer, 1))}
    if name == "rate":
        streams.rate = float(args[0])
    elif name == "latency":
        server.latency = float(args[0])
    elif name == "port":
        return {"port": streams.port}
    elif name == "stream":
        return {"port": streams.port, "stamps": streams.stamps}
    elif name == "closed":
        return {"at": streams.watch.closed_at(int(args[0]))}
    else:
        return {"error": f"unknown command {name!r}"}
    return {}


def main() -> None:
    streams = JobStreams(CloseWatch())
    server = FakeOpenAIServer(latency=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0)
    server.responder = streams.respond
    server.on_chunk = streams.on_chunk
    server.on_connection = streams.on_connection
    server.start()
    print(server.base_url, flush=True)
    for line in sys.stdin:
        if line.split():
            print(json.dumps(answer_command(server, streams, line.split())), flush=True)
    server.stop()


if __name__ == "__main__":
    main()
