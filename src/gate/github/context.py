"""What the runner tells us through the environment, read once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class GitHubContext:
    enabled: bool
    step_summary: str | None = None
    output: str | None = None
    workspace: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str], disabled: bool = False) -> GitHubContext:
        if disabled or env.get("GITHUB_ACTIONS") != "true":
            return cls(enabled=False)
        return cls(
            enabled=True,
            step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
            output=env.get("GITHUB_OUTPUT") or None,
            workspace=env.get("GITHUB_WORKSPACE") or None,
        )
