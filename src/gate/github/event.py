"""The workflow's event payload ($GITHUB_EVENT_PATH): which pull request, which base."""

from __future__ import annotations

import json
from typing import Any

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")


def load_event(path: str | None) -> dict[str, Any]:
    """The payload, or {} when there is none or it cannot be read (nothing to act on)."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            event = json.load(handle)
    except (OSError, ValueError):
        return {}
    return event if isinstance(event, dict) else {}


def _field(event: dict[str, Any], *keys: str) -> Any:
    value: Any = event
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def pull_request_number(event: dict[str, Any]) -> int | None:
    number = _field(event, "pull_request", "number")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def base_sha(event: dict[str, Any]) -> str | None:
    sha = _field(event, "pull_request", "base", "sha")
    return sha if isinstance(sha, str) and sha else None


def workflow_run_head_sha(event: dict[str, Any]) -> str | None:
    sha = _field(event, "workflow_run", "head_sha")
    return sha if isinstance(sha, str) and sha else None


def head_sha(event: dict[str, Any]) -> str | None:
    """The pull request's head commit (not GITHUB_SHA, which is its merge commit)."""
    sha = _field(event, "pull_request", "head", "sha")
    return sha if isinstance(sha, str) and sha else workflow_run_head_sha(event)
