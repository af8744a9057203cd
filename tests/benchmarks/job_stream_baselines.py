"""The baselines `bench_job_stream.py` measures in the same run, without the app: the bare
openai client reading the job stream, and a reader that only drains its bytes (the
server's own pace). Imports are inside the functions: the benchmark's top stays light.
"""

from __future__ import annotations

import time
from typing import Any

TITLE = "Senior Data Platform Engineer"
API_KEY = "sk-test-fake"


def rate_of(stamps: list[float]) -> float:
    """Chunks per second from the first stamp to the last."""
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0


def job_request_body(model: str) -> dict[str, Any]:
    """A job posting in the app's structured-output format: the server answers it as it
    answers the app's request."""
    from headhunter_desktop.core.domain.job_posting import JobPostingDraft
    from headhunter_desktop.core.llm.json_answers import json_schema_format

    messages = [{"role": "user", "content": f"Write the job posting for a {TITLE}."}]
    return {
        "model": model,
        "messages": messages,
        "response_format": json_schema_format(JobPostingDraft),
    }


async def drain_stream(base_url: str, model: str) -> None:
    """Read the job stream's bytes and nothing else (httpx, no SSE or JSON parsing)."""
    import httpx

    body = job_request_body(model) | {"stream": True}
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with (
        httpx.AsyncClient(timeout=60) as http,
        http.stream("POST", f"{base_url}/chat/completions", json=body, headers=headers) as reply,
    ):
        async for _ in reply.aiter_raw():
            pass


async def bare_client(client: Any, model: str) -> float:
    """Deltas per second an `openai.AsyncOpenAI` reads, its first delta to its last."""
    stream = await client.chat.completions.create(**job_request_body(model), stream=True)
    first = last = 0.0
    count = 0
    async with stream:
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                last = time.monotonic()
                first = first or last
                count += 1
    return (count - 1) / (last - first) if count > 1 else 0.0
