"""The flaky OpenAI-compatible server of `soak_import.py`, run as its child process.

Run: `python tests/benchmarks/soak_server.py --flaky 0.15 --latency 0.05 --seed 1
[--answer-tokens 2000]`. It prints its base URL, then answers one command per stdin line
with one JSON line on stdout: `progress` ({"parse_ok": n, "requests": m}) or `report`
(every request it saw). It stops when its stdin closes.

With probability `--flaky` a chat or embedding request gets a 429 (Retry-After: 0), a 500
or a dropped connection, chosen at random; otherwise parse requests get a JSON profile
(`cv_profile_responder`) whose usage says `--answer-tokens` completion tokens (a real
profile's length: it makes a hard cap reachable with few CVs) and embeddings the fake's
default answer.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fakes import ChatReply, DropConnection, ErrorReply, FakeOpenAIServer, FakeUsage
from tests.fakes.cv_responder import cv_profile_responder, cv_text_of
from tests.fakes.openai_replies import RecordedRequest, message_text, word_count
from tests.fakes.openai_server import CHAT_PATH

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


class FlakyServer(FakeOpenAIServer):
    """FakeOpenAIServer failing a share of chat and embedding requests at random."""

    def __init__(self, flaky: float, seed: int, answer_tokens: int, latency: float) -> None:
        super().__init__(latency=latency)
        self.flaky = flaky
        self.answer_tokens = answer_tokens
        self._random = random.Random(seed)
        self._random_lock = threading.Lock()
        self.arrived_at: dict[int, float] = {}  # id(record) -> time.time() of arrival
        self.responder = self._respond

    def _record(self, record: RecordedRequest) -> None:
        self.arrived_at[id(record)] = time.time()
        super()._record(record)

    def _next_reply(self, path: str, body: dict[str, Any]) -> object:
        with self._random_lock:
            failing = self._random.random() < self.flaky
            kind = self._random.randrange(3)
        if failing:
            if kind == 0:
                return ErrorReply(429, "Rate limit reached (fake).", retry_after=0)
            if kind == 1:
                return ErrorReply(500, "The server had an error (fake).")
            return DropConnection()
        return super()._next_reply(path, body)

    def _respond(self, body: dict[str, Any]) -> ChatReply | None:
        reply = cv_profile_responder(body)
        if reply is None:
            return None
        prompt = max(1, sum(word_count(message_text(m)) for m in body.get("messages", [])))
        reply.usage = FakeUsage(prompt_tokens=prompt, completion_tokens=self.answer_tokens)
        return reply

    def describe(self, record: RecordedRequest) -> dict[str, Any]:
        """One request as the soak test reads it."""
        usage = record.sent_usage
        cv_text = cv_text_of(record.body or {}) if record.path == CHAT_PATH else None
        email = EMAIL.search(cv_text) if cv_text else None
        return {
            "path": record.path,
            "answer": answer_of(record),
            "prompt_tokens": usage.prompt_tokens if usage else None,
            "completion_tokens": usage.completion_tokens if usage else None,
            "cv": email.group(0) if email else None,
            "arrived_at": self.arrived_at.get(id(record)),
        }

    def parse_ok(self) -> int:
        return sum(1 for r in self._snapshot() if r.path == CHAT_PATH and r.sent_usage is not None)


def answer_of(record: RecordedRequest) -> str:
    """What the server answered: an HTTP status, "drop", or "none" (stopped first)."""
    reply = record.reply
    if isinstance(reply, ErrorReply):
        return str(reply.status)
    if isinstance(reply, DropConnection):
        return "drop"
    if reply is None:
        return "none"
    # Usage is noted just before the bytes carrying it are written: without it, the
    # client went away before the answer was complete.
    return "200" if record.sent_usage is not None else "cut"


def serve(server: FlakyServer) -> None:
    for line in sys.stdin:
        command = line.strip()
        if command == "progress":
            answer: Any = {"parse_ok": server.parse_ok(), "requests": len(server._snapshot())}
        elif command == "report":
            answer = [server.describe(r) for r in server._snapshot()]
        else:
            answer = {"error": f"unknown command {command!r}"}
        print(json.dumps(answer), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flaky", type=float, default=0.15)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--answer-tokens", type=int, default=2000)
    args = parser.parse_args()
    server = FlakyServer(args.flaky, args.seed, args.answer_tokens, args.latency)
    server.start()
    print(server.base_url, flush=True)
    try:
        serve(server)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
