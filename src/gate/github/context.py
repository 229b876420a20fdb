"""What the runner tells us through the environment, read once."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class GitHubContext(NamedTuple):
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


DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"


class ApiContext(NamedTuple):
    """What the pull-request comment needs from the standard variables. `token` is a secret:
    it goes into one request header and nowhere else."""

    api_url: str = DEFAULT_API_URL
    repository: str | None = None
    token: str | None = None
    event_name: str | None = None
    event_path: str | None = None
    server_url: str = DEFAULT_SERVER_URL
    run_id: str | None = None
    actions: bool = False
    proxy_env: Mapping[str, str] = MappingProxyType({})

    def __repr__(self) -> str:  # the token and proxy credentials stay out of any log
        shown = {k: v for k, v in self._asdict().items() if k not in ("token", "proxy_env")}
        return f"ApiContext({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def mask(self, text: str) -> str:
        """`text` with the token replaced by ***, as the runner masks secrets."""
        return text.replace(self.token, "***") if self.token else text

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ApiContext:
        return cls(
            api_url=(env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            repository=env.get("GITHUB_REPOSITORY") or None,
            token=env.get("GITHUB_TOKEN") or None,
            event_name=env.get("GITHUB_EVENT_NAME") or None,
            event_path=env.get("GITHUB_EVENT_PATH") or None,
            server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/"),
            run_id=env.get("GITHUB_RUN_ID") or None,
            actions=env.get("GITHUB_ACTIONS") == "true",
            proxy_env={k: v for k, v in env.items() if k.lower().endswith("_proxy")},
        )


NO_API = ApiContext()
