"""The pull-request comment as a sink: decide whether to post, post, and turn every failure
into a warning. Nothing here changes the gate's verdict or exit code."""

from __future__ import annotations

from typing import Callable

from gate.github.context import ApiContext
from gate.github.event import load_event, pull_request_number, workflow_run_head_sha

# Leaves room under GitHub's 65,536-character limit for the marker and the run link
# (a UTF-8 byte budget is also a character budget).
COMMENT_MAX_BYTES = 60_000


def publish_comment(
    render: Callable[[int], str],
    *,
    mode: str,
    comment_id: str,
    pr: int | None,
    api: ApiContext,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """`render(max_bytes)` makes the Markdown; `say` and `warn` write a line to the log."""
    if mode == "false":
        return
    event = load_event(api.event_path)
    number = pr or pull_request_number(event)
    if mode == "auto" and not (api.actions and number):
        return
    needs = [
        ("a pull request (--pr N, or a pull_request event)", number),
        ("GITHUB_REPOSITORY", api.repository),
        ("GITHUB_TOKEN", api.token),
    ]
    missing = [what for what, value in needs if not value]
    if missing or number is None or api.repository is None or api.token is None:
        warn(f"gate cannot comment on the pull request without {' and '.join(missing)}")
        return
    # The HTTP client (urllib: ~30 ms to import) is loaded only once a comment is due.
    from gate.github.client import ApiError, GitHubClient
    from gate.github.comment import FORK_HELP, check_head, comment_body, upsert_comment

    client = GitHubClient(api.api_url, api.token, api.proxy_env)
    try:
        head = workflow_run_head_sha(event) if api.event_name == "workflow_run" else None
        if head:
            check_head(client, api.repository, number, head)
        run = f"{api.server_url}/{api.repository}/actions/runs/{api.run_id}"
        body = comment_body(render(COMMENT_MAX_BYTES), comment_id, run if api.run_id else None)
        posted = upsert_comment(client, api.repository, number, body, comment_id)
        say(f"gate: {posted.action} the comment on pull request #{number}: {posted.url}")
    except ApiError as exc:
        text = f"gate could not comment on pull request #{number}: {exc}."
        if exc.status == 403:
            text += " " + FORK_HELP
        warn(text.replace(api.token, "***"))
