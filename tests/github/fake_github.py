"""A local HTTP server on 127.0.0.1 that plays GitHub's REST API for issue comments:
list (paginated with Link headers), create, update, `GET /user`, `GET /pulls/N`, and
scripted failures (403 for forks, 5xx, 429 with Retry-After). It records every request."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

READ_ONLY = {"message": "Resource not accessible by integration", "status": "403"}


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float


@dataclass
class Failure:
    method: str
    path_part: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    times: int = 1


class FakeGitHub:
    def __init__(self) -> None:
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.login: str | None = None  # None: GET /user answers 403, as for the workflow token
        self.writer = "github-actions[bot]"  # who the server says wrote our comments
        self.page_size = 100
        self.read_only = False
        self.heads: dict[int, str] = {}
        self.failures: list[Failure] = []
        self.requests: list[Seen] = []
        self.next_id = 1000
        self.foreign_next: str | None = None  # a Link rel="next" to another host, once
        self.same_page_next = False  # every comments page says the next page is itself
        self.shapes: dict[str, Any] = {}  # path → a body of the wrong shape to answer GET with
        self.drip_seconds = 0.0  # answer a byte at a time, this long apart
        self.padding = 0  # bytes of whitespace added to every answer
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # a short poll: shutdown() waits for it, and tests start and stop many servers
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_comment(self, number: int, login: str, body: str) -> dict[str, Any]:
        comment = {
            "id": self.next_id,
            "body": body,
            "user": {"login": login},
            "html_url": f"https://github.com/o/r/pull/{number}#issuecomment-{self.next_id}",
        }
        self.next_id += 1
        self.comments.setdefault(number, []).append(comment)
        return comment

    def fail(self, method: str, path_part: str, status: int, **kwargs: Any) -> None:
        self.failures.append(Failure(method, path_part, status, **kwargs))

    def writes(self) -> list[Seen]:
        return [r for r in self.requests if r.method in ("POST", "PATCH")]

    # -- the server side ---------------------------------------------------------------
    def _answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple:
        for failure in self.failures:
            if failure.times and failure.method == method and failure.path_part in path:
                failure.times -= 1
                return failure.status, failure.headers, failure.body or {"message": "failure"}
        if method == "GET" and path in self.shapes:
            return 200, {}, self.shapes[path]
        parts = path.strip("/").split("/")
        if path == "/user":
            if self.login is None:
                return 403, {}, READ_ONLY
            return 200, {}, {"login": self.login}
        if parts[:1] != ["repos"] or parts[1:3] != ["o", "r"]:
            return 404, {}, {"message": "Not Found"}
        if parts[3:4] == ["pulls"]:
            return (
                200,
                {},
                {"number": int(parts[4]), "head": {"sha": self.heads.get(int(parts[4]))}},
            )
        if parts[3:4] == ["issues"] and parts[5:6] == ["comments"] and method == "GET":
            return self._page(int(parts[4]), int(query.get("page", ["1"])[0]))
        return self._write(method, parts, body)

    def _write(self, method: str, parts: list[str], body: Any) -> tuple:
        if self.read_only and method in ("POST", "PATCH"):
            return 403, {}, READ_ONLY
        if parts[3:4] == ["issues"] and parts[5:6] == ["comments"] and method == "POST":
            return 201, {}, self.add_comment(int(parts[4]), self.writer, body["body"])
        if parts[3:5] == ["issues", "comments"] and method == "PATCH":
            for comment in (c for cs in self.comments.values() for c in cs):
                if comment["id"] == int(parts[5]):
                    comment["body"] = body["body"]
                    return 200, {}, comment
        return 404, {}, {"message": "Not Found"}

    def _page(self, number: int, page: int) -> tuple:
        items = self.comments.get(number, [])
        start = (page - 1) * self.page_size
        headers = {}
        if start + self.page_size < len(items):
            base = f"{self.url}/repos/o/r/issues/{number}/comments"
            headers["Link"] = (
                f'<{base}?per_page=100&page={page + 1}>; rel="next", '
                f'<{base}?per_page=100&page=1>; rel="first"'
            )
        if self.foreign_next:
            headers["Link"] = f'<{self.foreign_next}>; rel="next"'
            self.foreign_next = None
        if self.same_page_next:
            base = f"{self.url}/repos/o/r/issues/{number}/comments"
            headers["Link"] = f'<{base}?per_page=100&page={page}>; rel="next"'
        return 200, headers, items[start : start + self.page_size]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                url = urlsplit(self.path)
                with fake._lock:
                    fake.requests.append(
                        Seen(self.command, url.path, dict(self.headers), body, time.monotonic())
                    )
                    status, headers, answer = fake._answer(
                        self.command, url.path, parse_qs(url.query), body
                    )
                data = json.dumps(answer).encode() + b" " * fake.padding
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not fake.drip_seconds:
                    self.wfile.write(data)
                    return
                for byte in data:  # a slow drip: each byte in time, the whole never
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(fake.drip_seconds)

            do_GET = do_POST = do_PATCH = _serve

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
