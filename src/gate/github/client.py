"""A small GitHub REST client on the standard library: JSON in and out, bounded retries that
honour Retry-After and rate-limit resets, pagination through `Link: rel="next"`.

The token goes into the Authorization header of requests to the API's own origin and
nowhere else: redirects are refused, and a next-page link to another origin is not followed.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Callable

from gate import __version__

MAX_ATTEMPTS = 4
MAX_WAIT_SECONDS = 60.0  # a longer Retry-After is not worth holding a CI job for
TIMEOUT_SECONDS = 20


class ApiError(Exception):
    """A request that did not succeed, after any retries. `status` 0: no HTTP answer."""

    def __init__(
        self, status: int, message: str, transient: bool = False, wait: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient  # worth another try
        self.wait = wait  # what GitHub asked us to wait, in seconds


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    data: Any


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the caller sees the 3xx as an error; the token never follows it


@dataclass
class GitHubClient:
    api_url: str
    token: str = field(repr=False)
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    sleep: Callable[[float], None] = time.sleep
    waited: list[float] = field(default_factory=list)  # each pause, for the log

    def request(self, method: str, url: str, body: Any = None) -> Response:
        """One API call. GET and PATCH are retried on 5xx, 429, rate limits and network
        errors; POST only where GitHub says it did nothing (429, rate limits)."""
        url = url if url.startswith(("http://", "https://")) else self.api_url + url
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return self._send(method, url, data)
            except ApiError as exc:
                if attempt == MAX_ATTEMPTS or not exc.transient:
                    raise
                # A 5xx or a dropped connection may come after the write happened.
                unsure = exc.status >= 500 or exc.status == 0
                if unsure and method == "POST":
                    raise
                wait = exc.wait if exc.wait is not None else float(2 ** (attempt - 1))
                if wait > MAX_WAIT_SECONDS:
                    raise ApiError(exc.status, f"{exc} (asked to wait {wait:.0f} s)") from None
                self.waited.append(wait)
                self.sleep(wait)
        raise AssertionError("unreachable")

    def paginate(self, url: str) -> Iterator[Any]:
        """Every item of a list endpoint, page after page."""
        next_url: str | None = url
        while next_url:
            response = self.request("GET", next_url)
            yield from response.data
            next_url = next_link(response.headers.get("Link", ""))
            if next_url and not same_origin(next_url, self.api_url):
                raise ApiError(0, "the next page is on another host; not following it")

    def _send(self, method: str, url: str, data: bytes | None) -> Response:
        request = urllib.request.Request(url, data=data, method=method, headers=self._headers())
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(proxies_for(url, self.env)), _NoRedirect()
        )
        try:
            with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
                raw = answer.read()
                return Response(answer.status, answer.headers, json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            raise _http_error(exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"cannot reach {self.api_url}: {reason}", transient=True) from None
        except ValueError:
            raise ApiError(
                0, f"{method} {_path(url)} answered with something that is not JSON"
            ) from None

    def _headers(self) -> dict[str, str]:
        return {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "User-Agent": f"gate/{__version__}",
            "X-GitHub-Api-Version": "2022-11-28",
        }


def _http_error(exc: urllib.error.HTTPError) -> ApiError:
    try:
        message = str(json.loads(exc.read() or b"{}").get("message", ""))
    except (ValueError, AttributeError, OSError):
        message = ""
    status, headers = exc.code, exc.headers
    text = f"HTTP {status}" + (f": {message[:200]}" if message else "")
    limited = status == 429 or (
        status == 403
        and ("rate limit" in message.lower() or headers.get("X-RateLimit-Remaining") == "0")
    )
    wait = retry_wait(headers) if limited or status >= 500 else None
    if limited and wait is None:
        wait = 60.0  # GitHub's advice for secondary limits without Retry-After: a minute
    return ApiError(status, text, transient=limited or status >= 500, wait=wait)


def retry_wait(headers: Message, now: float | None = None) -> float | None:
    """Seconds to wait: Retry-After, else until X-RateLimit-Reset when none remain."""
    after = headers.get("Retry-After")
    if after and after.strip().isdigit():
        return float(after.strip())
    reset = headers.get("X-RateLimit-Reset")
    if headers.get("X-RateLimit-Remaining") == "0" and reset and reset.isdigit():
        return max(0.0, float(reset) - (time.time() if now is None else now))
    return None


def next_link(header: str) -> str | None:
    """The rel="next" URL of a Link header, if any."""
    for part in header.split(","):
        section = part.split(";")
        url = section[0].strip()
        rels = [p.strip() for p in section[1:]]
        if url.startswith("<") and url.endswith(">") and 'rel="next"' in rels:
            return url[1:-1]
    return None


def same_origin(url: str, base: str) -> bool:
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def proxies_for(url: str, env: Mapping[str, str]) -> dict[str, str]:
    """The proxy for `url` from the environment given (not os.environ), honouring NO_PROXY."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    bypass = [
        h.strip().lstrip(".").lower()
        for h in (env.get("no_proxy") or env.get("NO_PROXY") or "").split(",")
        if h.strip()
    ]
    if host in ("127.0.0.1", "localhost", "::1") or "*" in bypass:
        return {}
    if any(host == h or host.endswith("." + h) for h in bypass):
        return {}
    proxy = env.get(f"{parts.scheme}_proxy") or env.get(f"{parts.scheme.upper()}_PROXY")
    return {parts.scheme: proxy} if proxy else {}


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path
