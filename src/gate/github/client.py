"""A small GitHub REST client on the standard library: JSON in and out, bounded retries that
honour Retry-After and rate-limit resets, pagination through `Link: rel="next"`, and one
deadline for everything it does, so a slow or hostile API cannot eat a job's timeout.

The token goes into the Authorization header of requests to the API's own origin and
nowhere else: redirects are refused, and a next-page link to another origin is not followed.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from gate import __version__
from gate.clock import Clock

if TYPE_CHECKING:
    import urllib.error
    from email.message import Message

MAX_ATTEMPTS = 4
MAX_PAGES = 50  # 5,000 comments: a PR with more is not worth a CI job's minutes
MAX_BODY_BYTES = 16 << 20  # a page of 100 comments of 65,536 characters is ~7 MB
DEADLINE_SECONDS = 90.0  # the whole comment step: every request, read and pause
TIMEOUT_SECONDS = 20.0  # one socket operation


class ApiError(Exception):
    """A request that did not succeed, after any retries. `status` 0: no HTTP answer."""

    def __init__(
        self, status: int, message: str, transient: bool = False, wait: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient  # worth another try
        self.wait = wait  # what GitHub asked us to wait, in seconds


class Response(NamedTuple):
    status: int
    headers: Message
    data: Any


class GitHubClient:
    def __init__(
        self,
        api_url: str,
        token: str,
        env: Mapping[str, str] | None = None,
        clock: Clock = Clock(),  # noqa: B008 (an immutable value)
    ) -> None:
        parts = _split(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(0, f"GITHUB_API_URL {api_url!r} is not an http(s) URL")
        self.api_url = api_url
        self._token = token
        self.env = env or {}
        self.clock = clock
        self.deadline = clock.now() + DEADLINE_SECONDS

    def __repr__(self) -> str:  # the token stays out of any log
        return f"GitHubClient({self.api_url!r})"

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
                if method == "POST" and (exc.status >= 500 or exc.status == 0):
                    raise
                self.pause(exc.wait if exc.wait is not None else float(2 ** (attempt - 1)), exc)
        raise AssertionError("unreachable")

    def pause(self, seconds: float, why: Exception | None = None) -> None:
        if self.clock.now() + seconds > self.deadline:
            reason = f"{why} " if why else ""
            raise ApiError(0, f"{reason}(asked to wait {seconds:.0f} s, past gate's time limit)")
        self.clock.sleep(seconds)

    def paginate(self, url: str) -> Iterator[Any]:
        """Every item of a list endpoint, page after page; a page seen before ends it."""
        next_url: str | None = url
        seen: set[str] = set()
        while next_url and next_url not in seen:
            if len(seen) == MAX_PAGES:
                raise ApiError(0, f"more than {MAX_PAGES} pages of comments; not reading on")
            seen.add(next_url)
            response = self.request("GET", next_url)
            if not isinstance(response.data, list):
                raise ApiError(0, f"GET {_split(next_url).path} did not answer with a list")
            yield from response.data
            next_url = next_link(response.headers.get("Link", ""))
            if next_url and not same_origin(next_url, self.api_url):
                raise ApiError(0, "the next page is on another host; not following it")

    def _send(self, method: str, url: str, data: bytes | None) -> Response:
        remaining = self.deadline - self.clock.now()
        if remaining <= 0:
            raise ApiError(0, f"gave up after {DEADLINE_SECONDS:.0f} s")
        # urllib.request (and http.client, email) only for a request: most runs make none
        import urllib.error
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None  # the caller sees the 3xx as an error; the token never follows it

        request = urllib.request.Request(url, data=data, method=method, headers=self._headers())
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(proxies_for(url, self.env)), NoRedirect()
        )
        try:
            with opener.open(request, timeout=min(TIMEOUT_SECONDS, remaining)) as answer:
                raw = self._read(answer)
                return Response(answer.status, answer.headers, json.loads(raw) if raw else None)
        except urllib.error.HTTPError as exc:
            raise _http_error(exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"cannot reach {self.api_url}: {reason}", transient=True) from None
        except ValueError:
            path = _split(url).path
            raise ApiError(0, f"{method} {path} answered with something that is not JSON") from None

    def _read(self, answer: Any) -> bytes:
        """The body, a piece at a time: a slow drip or a flood stops at the deadline or size."""
        pieces, size = [], 0
        while piece := answer.read1(1 << 16):  # read1: no waiting for a whole piece
            size += len(piece)
            if size > MAX_BODY_BYTES:
                raise ApiError(0, f"the answer is larger than {MAX_BODY_BYTES >> 20} MiB")
            if self.clock.now() > self.deadline:
                raise ApiError(0, f"the answer took longer than {DEADLINE_SECONDS:.0f} s")
            pieces.append(piece)
        return b"".join(pieces)

    def _headers(self) -> dict[str, str]:
        return {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "Content-Type": "application/json",
            "User-Agent": f"gate/{__version__}",
            "X-GitHub-Api-Version": "2022-11-28",
        }


def _split(url: str) -> urllib.parse.SplitResult:
    try:
        return urllib.parse.urlsplit(url)
    except ValueError:  # e.g. http://[::1 : an unclosed IPv6 address
        return urllib.parse.SplitResult("", "", "", "", "")


def _http_error(exc: urllib.error.HTTPError) -> ApiError:
    try:
        answer = json.loads(exc.read(1 << 16) or b"{}")
        message = str(answer.get("message", "")) if isinstance(answer, dict) else ""
    except (ValueError, OSError):
        message = ""
    status, headers = exc.code, exc.headers
    text = f"HTTP {status}" + (f": {message}" if message else "")
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
    after = (headers.get("Retry-After") or "").strip()
    if after.isdigit() and len(after) < 10:
        return float(after)
    reset = (headers.get("X-RateLimit-Reset") or "").strip()
    if headers.get("X-RateLimit-Remaining") == "0" and reset.isdigit() and len(reset) < 12:
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
    a, b = _split(url), _split(base)
    return bool(a.netloc) and (a.scheme, a.netloc) == (b.scheme, b.netloc)


def proxies_for(url: str, env: Mapping[str, str]) -> dict[str, str]:
    """The proxy for `url` from the environment given (not os.environ), honouring NO_PROXY."""
    parts = _split(url)
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
