"""Fixtures for the GitHub tests: a fake GitHub on 127.0.0.1 and a pull request's variables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.github.fake_github import FakeGitHub

TOKEN = "ghs_s3cretTOKENvalue42"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


@pytest.fixture
def pr_env(tmp_path: Path, github: FakeGitHub, github_env: dict[str, str]) -> dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 7, "base": {"sha": "abc"}}}), encoding="utf-8"
    )
    return {
        **github_env,
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "99",
    }
