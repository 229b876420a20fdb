"""One sticky pull-request comment per gate: found by a hidden marker and by its author,
created once, then edited in place on every later run."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.github.client import ApiError, GitHubClient

# Who writes with the workflow's own token; `GET /user` answers 403 to that token.
WORKFLOW_BOT = "github-actions[bot]"
MAX_BODY_CHARS = 65_536  # GitHub refuses a longer comment body
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
FORK_HELP = (
    "Pull requests from forks get a read-only token, so gate cannot comment on them from "
    "a pull_request workflow; examples/workflows/gate-fork-comment.yml shows how to comment "
    "from a workflow_run workflow instead. Otherwise give the job "
    "`permissions: pull-requests: write`. The job summary has the full report."
)


@dataclass(frozen=True)
class Posted:
    action: str  # "created" or "updated"
    url: str


def marker(comment_id: str) -> str:
    """Hidden in the rendered comment; `comment_id` is checked to be [A-Za-z0-9._-]."""
    return f"<!-- gate:sticky-comment id={comment_id} -->"


def comment_body(markdown: str, comment_id: str, run_url: str | None) -> str:
    """The marker, the report and a link to the run, under GitHub's size limit."""
    head = marker(comment_id) + "\n"
    foot = f"\n<sub>[Workflow run]({run_url})</sub>\n" if run_url else ""
    room = MAX_BODY_CHARS - 1 - len(head) - len(foot)
    if len(markdown) > room:
        note = (
            "\n\n**Report cut to fit a comment; the job summary and the JSON report have "
            "all of it.**\n"
        )
        markdown = markdown[: room - len(note)].rsplit("\n", 1)[0] + note
    return head + markdown + foot


def check_repository(repository: str) -> str:
    if not _REPOSITORY.fullmatch(repository):
        raise ApiError(0, f"GITHUB_REPOSITORY {repository!r} is not OWNER/NAME")
    return repository


def identity(client: GitHubClient) -> str:
    """The login the token writes as: `GET /user`, or the workflow bot when that is refused."""
    try:
        login = client.request("GET", "/user").data.get("login")
    except ApiError as exc:
        if exc.status == 403:
            return WORKFLOW_BOT
        raise
    if not isinstance(login, str) or not login:
        raise ApiError(0, "GET /user answered without a login")
    return login


def find_comment(
    client: GitHubClient, repository: str, number: int, mark: str, author: str
) -> int | None:
    """Our newest comment: it carries `mark` and `author` wrote it. A marked comment by
    anyone else (a quote, a forgery) is never a match."""
    found = None
    url = f"/repos/{repository}/issues/{number}/comments?per_page=100"
    for comment in client.paginate(url):
        user = comment.get("user") or {}
        if mark in (comment.get("body") or "") and user.get("login") == author:
            found = comment.get("id")
    return found if isinstance(found, int) else None


def upsert_comment(
    client: GitHubClient, repository: str, number: int, body: str, comment_id: str
) -> Posted:
    check_repository(repository)
    mark = marker(comment_id)
    author = identity(client)
    for attempt in (1, 2):
        existing = find_comment(client, repository, number, mark, author)
        try:
            if existing is None:
                url = f"/repos/{repository}/issues/{number}/comments"
                answer = client.request("POST", url, {"body": body})
                return Posted("created", str(answer.data.get("html_url", "")))
            url = f"/repos/{repository}/issues/comments/{existing}"
            answer = client.request("PATCH", url, {"body": body})
            return Posted("updated", str(answer.data.get("html_url", "")))
        except ApiError as exc:
            # A create that failed in transit may have happened: look again, then retry.
            if attempt == 2 or not exc.transient:
                raise
            client.sleep(1.0)
    raise AssertionError("unreachable")


def check_head(client: GitHubClient, repository: str, number: int, head_sha: str) -> None:
    """In a workflow_run workflow the PR number comes from an artifact a fork could forge:
    comment only on the pull request whose head is the commit that was evaluated."""
    pull = client.request("GET", f"/repos/{check_repository(repository)}/pulls/{number}").data
    actual = (pull.get("head") or {}).get("sha")
    if actual != head_sha:
        raise ApiError(
            0,
            f"pull request #{number} is at {str(actual)[:12]}, not at the evaluated commit "
            f"{head_sha[:12]}; not commenting on it",
        )
