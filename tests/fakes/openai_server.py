"""A local OpenAI-compatible HTTP server for tests that drive the real ``openai`` client.

It runs in daemon threads (stdlib ``ThreadingHTTPServer``) instead of on an asyncio loop, so it
works whatever loop the code under test uses (the app runs on qasync). Every sleep waits on one
``threading.Event`` so :meth:`FakeOpenAIServer.stop` interrupts streams promptly.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.embedding_server_limits import EmbeddingServerLimits
from tests.fakes.openai_replies import (
    ChatReply,
    DropConnection,
    EmbeddingReply,
    ErrorReply,
    FakeUsage,
    RecordedRequest,
    embedding_texts,
    error_json,
    fake_embedding,
    message_text,
    split_chunks,
    word_count,
)

Responder = Callable[[dict[str, Any]], ChatReply | ErrorReply | DropConnection | None]

DEFAULT_CHAT_CONTENT = "This is a fake reply from the fake OpenAI server."
MODEL_IDS = (
    "gpt-4o-mini",
    "gpt-4o",
    "gpt-4.1-mini",
    "text-embedding-3-small",
    "text-embedding-3-large",
)
CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"
MODELS_PATH = "/v1/models"


class _Stopped(Exception):
    """Raised inside a handler when the server stops while it sleeps."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # stop() must never wait for a handler stuck in a long sleep
    allow_reuse_address = True
    fake: FakeOpenAIServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall
        # for seconds in sandboxes; we know the name already.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-response are normal in these tests; print anything else.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def fake(self) -> FakeOpenAIServer:
        return self.server.fake

    def setup(self) -> None:
        super().setup()
        # Small SSE writes must not wait for Nagle/delayed-ACK (adds ~40 ms per chunk).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.fake._track(self.connection, add=True)

    def finish(self) -> None:
        self.fake._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _pause(self, seconds: float) -> None:
        if self.fake._stop_event.is_set() or (seconds > 0 and self.fake._stop_event.wait(seconds)):
            raise _Stopped

    def _drop(self) -> None:
        """Cut the connection abruptly: no (further) HTTP bytes, no chunked terminator."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", self._request_id)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, record: RecordedRequest, reply: ErrorReply) -> None:
        record.reply = reply
        retry = {} if reply.retry_after is None else {"retry-after": f"{reply.retry_after:g}"}
        self._send_json(reply.status, error_json(reply), retry)

    def _error_or_drop(self, record: RecordedRequest, reply: object) -> None:
        if isinstance(reply, ErrorReply):
            self._send_error(record, reply)
        else:
            self._drop()

    def _write_chunk(self, data: bytes) -> None:
        # One HTTP/1.1 chunk per SSE event, written in a single send.
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _write_event(self, payload: Any) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    # -- routing ----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        fake = self.fake
        self._seq = next(fake._ids)
        self._request_id = f"req_fake_{self._seq}"
        path = self.path.split("?", 1)[0].rstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        record = RecordedRequest(
            method=self.command,
            path=path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body if isinstance(body, dict) else None,
        )
        fake._record(record)
        fake._answering(+1)
        routes = {
            ("GET", MODELS_PATH): self._models,
            ("POST", CHAT_PATH): self._chat,
            ("POST", EMBEDDINGS_PATH): self._embeddings,
        }
        try:
            self._pause(fake.latency)
            route = routes.get((self.command, path))
            if route is None:
                self._send_error(record, ErrorReply(404, f"Invalid URL ({self.command} {path})"))
            elif fake.api_key is not None and (
                self.headers.get("Authorization") != f"Bearer {fake.api_key}"
            ):
                # Never echo the key we were sent: tests check it does not leak into errors.
                message = "Incorrect API key provided."
                self._send_error(record, ErrorReply(401, message, code="invalid_api_key"))
            elif self.command == "POST" and record.body is None:
                self._send_error(record, ErrorReply(400, "Request body must be a JSON object."))
            else:
                route(record)
        except _Stopped:
            self._drop()
        except OSError:  # client went away mid-response
            self.close_connection = True
        finally:
            fake._answering(-1)

    def _models(self, record: RecordedRequest) -> None:
        data = [
            {"id": mid, "object": "model", "created": 1_700_000_000, "owned_by": "openai"}
            for mid in MODEL_IDS
        ]
        self._send_json(200, {"object": "list", "data": data})

    # -- chat -------------------------------------------------------------------------------

    def _chat(self, record: RecordedRequest) -> None:
        fake, body = self.fake, record.body or {}
        if not body.get("model") or not isinstance(body.get("messages"), list):
            self._send_error(record, ErrorReply(400, "'model' and 'messages' are required."))
            return
        fmt = body.get("response_format")
        if fake.reject_json_schema and isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            # Checked before the queue so a gateway's json_object fallback gets the queued reply.
            msg = "response_format json_schema is not supported"
            self._send_error(record, ErrorReply(400, msg))
            return
        if (refusal := fake.context_refusal(body)) is not None:
            self._send_error(record, refusal)
            return
        if fake.reject_stream_options and "stream_options" in body:
            msg = "Unrecognized request argument supplied: stream_options"
            self._send_error(record, ErrorReply(400, msg))
            return
        reply = fake._next_reply(CHAT_PATH, body)
        record.reply = reply
        if not isinstance(reply, ChatReply):
            self._error_or_drop(record, reply)
            return
        model = reply.model or fake.answer_model or str(body["model"])
        usage = reply.usage or FakeUsage(
            prompt_tokens=max(1, sum(word_count(message_text(m)) for m in body["messages"])),
            completion_tokens=max(1, word_count(reply.content)),
        )
        base = {
            "id": f"chatcmpl-fake{self._seq}",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fp_fake",
        }
        if body.get("stream"):
            self._stream_chat(record, reply, base, usage)
            return
        payload: dict[str, Any] = {
            **base,
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
        }
        if reply.send_usage:
            payload["usage"] = usage.to_json()
            record.sent_usage = usage
        record.sent_model = model
        self._send_json(200, payload)

    def _stream_chat(
        self, record: RecordedRequest, reply: ChatReply, base: dict[str, Any], usage: FakeUsage
    ) -> None:
        options = record.body.get("stream_options") if record.body else None
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        base = {**base, "object": "chat.completion.chunk"}
        if include_usage:
            base["usage"] = None  # like OpenAI: every chunk carries usage=null until the last

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            return {**base, "choices": [choice]}

        # Chunked transfer encoding keeps the connection reusable after [DONE]; a
        # Connection: close stream would force a new TCP connection per request.
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", self._request_id)
        self.end_headers()

        self._pause(self.fake.ttft)
        record.sent_model = str(base["model"])
        self._write_event(chunk({"role": "assistant", "content": "", "refusal": None}))
        for i, piece in enumerate(split_chunks(reply.content, reply.chunk_words)):
            if reply.drop_after_chunks is not None and i >= reply.drop_after_chunks:
                self._drop()
                return
            if i:
                self._pause(self.fake.chunk_delay)
            if self.fake.on_chunk is not None:
                self.fake.on_chunk(i)
            self._write_event(chunk({"content": piece}))
        if reply.drop_after_chunks is not None:  # N >= number of chunks: drop before finishing
            self._drop()
            return
        self._write_event(chunk({}, reply.finish_reason))
        if include_usage and reply.send_usage:
            record.sent_usage = usage
            self._write_event({**base, "choices": [], "usage": usage.to_json()})
        self._write_chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")  # end of chunked body; the connection stays open

    # -- embeddings -------------------------------------------------------------------------

    def _embeddings(self, record: RecordedRequest) -> None:
        fake, body = self.fake, record.body or {}
        self._pause(fake.embedding_latency)
        texts = embedding_texts(body.get("input"))
        if not texts or not body.get("model"):
            self._send_error(record, ErrorReply(400, "'model' and a non-empty 'input' required."))
            return
        if (refusal := fake.embedding_limits.refusal(texts)) is not None:
            self._send_error(record, refusal)  # checked before the queue, like json_schema
            return
        reply = fake._next_reply(EMBEDDINGS_PATH, body)
        record.reply = reply
        if not isinstance(reply, EmbeddingReply):
            self._error_or_drop(record, reply)
            return
        dims = body.get("dimensions") or fake.embedding_dims_by_model.get(
            str(body["model"]), fake.embedding_dims
        )
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, text in enumerate(texts):
            vec = fake_embedding(text, dims)
            encoded: Any = vec
            if as_base64:  # little-endian float32, the openai client's default request format
                encoded = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = reply.usage_tokens
        if tokens is None:
            tokens = max(1, sum(word_count(t) for t in texts))
        model = reply.model or str(body["model"])
        record.sent_usage = FakeUsage(prompt_tokens=tokens, completion_tokens=0)
        record.sent_model = model
        usage = {"prompt_tokens": tokens, "total_tokens": tokens}
        self._send_json(200, {"object": "list", "data": data, "model": model, "usage": usage})


class FakeOpenAIServer:
    """OpenAI-compatible server on 127.0.0.1 (free port) for the real openai client.

    Replies come from :meth:`queue` (FIFO), else from ``responder`` (chat only), else a default
    :class:`ChatReply` / :class:`EmbeddingReply`. ``latency``, ``embedding_latency`` (added
    for embedding requests only), ``ttft``, ``chunk_delay``, ``answer_model``, ``api_key``,
    ``responder``, ``reject_json_schema`` and ``reject_stream_options`` may be changed at
    any time, also while the server runs.
    """

    def __init__(
        self,
        *,
        api_key: str | None = "sk-test-fake",
        answer_model: str | None = None,
        latency: float = 0.0,
        ttft: float = 0.0,
        chunk_delay: float = 0.0,
        embedding_dims: int = 64,
        embedding_dims_by_model: dict[str, int] | None = None,
    ) -> None:
        self.api_key = api_key
        self.answer_model = answer_model
        self.latency = latency
        self.embedding_latency = 0.0
        self.ttft = ttft
        self.chunk_delay = chunk_delay
        self.embedding_dims = embedding_dims
        # Models whose vectors have another length than `embedding_dims` (a model switch).
        self.embedding_dims_by_model = dict(embedding_dims_by_model or {})
        self.responder: Responder | None = None
        # Benchmark hooks, called in the handler thread: `on_chunk(i)` right before content
        # chunk i of a stream is written (to stamp or pace chunks), `on_connection(sock)`
        # when a connection is accepted (to watch when the client closes it).
        self.on_chunk: Callable[[int], None] | None = None
        self.on_connection: Callable[[socket.socket], None] | None = None
        self.reject_json_schema = False
        # Refuse `stream_options` as an unknown argument, as Azure's older API versions do.
        self.reject_stream_options = False
        # A local embedding server's limits (none by default: OpenAI's).
        self.embedding_limits = EmbeddingServerLimits()
        # A chat model's context window, checked as vLLM does: prompt + output limit.
        self.context_window: int | None = None
        self.requests: list[RecordedRequest] = []
        self.base_url = ""
        self._queue: list[object] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._stop_event = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_accepted = 0
        self._answering_now = 0
        self.most_at_once = 0  # the most requests it was answering at the same time
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Bind a free port and serve in a daemon thread; returns ``self``."""
        if self._httpd is not None or self._stop_event.is_set():
            raise RuntimeError("a FakeOpenAIServer starts once; create a new one instead")
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        # A short poll interval keeps shutdown() fast.
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-openai-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut open connections; wakes handlers sleeping mid-stream."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stop_event.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            # shutdown(), not close(): the handler thread still owns the file descriptor.
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=1)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- scripting and inspection -------------------------------------------------------------

    def context_refusal(self, body: dict[str, Any]) -> ErrorReply | None:
        """vLLM's 400 for a prompt and output limit over `context_window` (None: fits)."""
        if self.context_window is None:
            return None
        prompt = max(1, sum(word_count(message_text(m)) for m in body["messages"]))
        limit = int(body.get("max_tokens") or body.get("max_completion_tokens") or 0)
        if prompt + limit <= self.context_window:
            return None
        return ErrorReply(
            400,
            f"This model's maximum context length is {self.context_window} tokens. However, "
            f"you requested {prompt + limit} tokens ({prompt} in the messages, {limit} in the "
            "completion). Please reduce the length of the messages or completion.",
        )

    def queue(self, *replies: ChatReply | ErrorReply | DropConnection | EmbeddingReply) -> None:
        """Queue replies for the next requests. Each request takes the first queued reply that
        fits its endpoint (ErrorReply/DropConnection: any; ChatReply: chat; EmbeddingReply:
        embeddings); requests rejected for auth or json_schema consume nothing."""
        for reply in replies:
            if not isinstance(reply, ChatReply | ErrorReply | DropConnection | EmbeddingReply):
                raise TypeError(f"not a fake reply: {reply!r}")
        with self._lock:
            self._queue.extend(replies)

    def chat_requests(self) -> list[RecordedRequest]:
        """Recorded requests to /v1/chat/completions, oldest first."""
        return [r for r in self._snapshot() if r.path == CHAT_PATH]

    def embedding_requests(self) -> list[RecordedRequest]:
        """Recorded requests to /v1/embeddings, oldest first."""
        return [r for r in self._snapshot() if r.path == EMBEDDINGS_PATH]

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far (lets tests check keep-alive reuse)."""
        return self._connections_accepted

    @property
    def open_connections(self) -> int:
        """TCP connections still open (a client that closes a response early drops its one)."""
        with self._lock:
            return len(self._connections)

    # -- used by the handler threads ----------------------------------------------------------

    def _snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self.requests)

    def _record(self, record: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(record)

    def _answering(self, change: int) -> None:
        with self._lock:
            self._answering_now += change
            self.most_at_once = max(self.most_at_once, self._answering_now)

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
                self._connections_accepted += 1
            else:
                self._connections.discard(conn)
        if add and self.on_connection is not None:
            self.on_connection(conn)

    def _next_reply(self, path: str, body: dict[str, Any]) -> object:
        fits = (ChatReply,) if path == CHAT_PATH else (EmbeddingReply,)
        with self._lock:
            for i, reply in enumerate(self._queue):
                if isinstance(reply, (ErrorReply, DropConnection, *fits)):
                    return self._queue.pop(i)
        if path != CHAT_PATH:
            return EmbeddingReply()
        responder = self.responder
        if responder is None:
            return ChatReply(DEFAULT_CHAT_CONTENT)
        try:
            reply = responder(body)
        except Exception as exc:  # surface responder bugs to the test as a 500
            return ErrorReply(500, f"fake responder raised {type(exc).__name__}: {exc}")
        if reply is None:
            return ChatReply(DEFAULT_CHAT_CONTENT)
        if not isinstance(reply, ChatReply | ErrorReply | DropConnection):
            return ErrorReply(500, f"fake responder returned {reply!r}")
        return reply
