"""One sticky pull-request comment per gate: found by a hidden marker and by its author,
created once, then edited in place on every later run. A sink: whatever goes wrong becomes
a warning, and nothing here changes the gate's verdict or exit code."""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from gate.clock import Clock
from gate.github.client import ApiError, GitHubClient
from gate.github.context import ApiContext
from gate.github.event import (
    base_sha,
    head_sha,
    load_event,
    pull_request_number,
    workflow_run_head_sha,
)

# Who writes with the workflow's own token; `GET /user` answers 403 to that token.
WORKFLOW_BOT = "github-actions[bot]"
MAX_BODY_CHARS = 65_536  # GitHub refuses a longer comment body
# Leaves room under that limit for the marker and the run link (a UTF-8 byte budget is
# also a character budget).
COMMENT_MAX_BYTES = 60_000
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
FORK_HELP = (
    "Pull requests from forks get a read-only token, so gate cannot comment on them from "
    "a pull_request workflow; examples/workflows/gate-fork-comment.yml shows how to comment "
    "from a workflow_run workflow instead. Otherwise give the job "
    "`permissions: pull-requests: write`. The job summary has the full report."
)


class Posted(NamedTuple):
    action: str  # "created" or "updated"
    url: str


def publish_comment(
    render: Callable[[int], str],
    *,
    mode: str,
    comment_id: str,
    pr: int | None,
    api: ApiContext,
    say: Callable[[str], None],
    warn: Callable[[str], None],
    clock: Clock = Clock(),  # noqa: B008 (an immutable value)
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
    try:
        client = GitHubClient(api.api_url, api.token, api.proxy_env, clock)
        head = workflow_run_head_sha(event) if api.event_name == "workflow_run" else None
        if head:
            check_head(client, api.repository, number, head)
        site = f"{api.server_url}/{api.repository}"
        run = f"{site}/actions/runs/{api.run_id}" if api.run_id else None
        links = commit_links(site, run, head_sha(event) or head, base_sha(event))
        body = comment_body(render(COMMENT_MAX_BYTES), comment_id, links)
        posted = upsert_comment(client, api.repository, number, body, comment_id)
        say(f"gate: {posted.action} the comment on pull request #{number}: {posted.url}")
    except ApiError as exc:
        text = f"gate could not comment on pull request #{number}: {exc}."
        warn(text + (" " + FORK_HELP if exc.status == 403 else ""))
    except Exception as exc:  # a bug in this sink must not change the verdict either
        warn(
            f"gate could not comment on pull request #{number} ({type(exc).__name__}); this "
            "is a bug in gate, please report it"
        )


def marker(comment_id: str) -> str:
    """Hidden in the rendered comment; `comment_id` is checked to be [A-Za-z0-9._-]."""
    return f"<!-- gate:sticky-comment id={comment_id} -->"


def commit_links(site: str, run: str | None, head: str | None, base: str | None) -> str:
    """`[Workflow run](…) · head [abc1234](…) · base [def5678](…)`: what was judged against
    what, and where the report artifact can be downloaded."""
    links = [f"[Workflow run]({run})"] if run else []
    for word, sha in (("head", head), ("base", base)):
        if sha and all(c in "0123456789abcdef" for c in sha.lower()):  # from the event file
            links.append(f"{word} [`{sha[:7]}`]({site}/commit/{sha})")
    return " · ".join(links)


def comment_body(markdown: str, comment_id: str, links: str | None) -> str:
    """The marker, the report (its heading naming a --comment-id other than the default, so
    two gates on one PR tell apart) and the links, under GitHub's size limit."""
    head = marker(comment_id) + "\n"
    if comment_id != "gate" and markdown.startswith("### "):
        first, _, rest = markdown.partition("\n")
        markdown = f"{first} · {comment_id}\n{rest}"
    foot = f"\n<sub>{links}</sub>\n" if links else ""
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


def _mapping(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError(0, f"{what} did not answer with a JSON object")
    return data


def identity(client: GitHubClient) -> str:
    """The login the token writes as: `GET /user`, or the workflow bot when that is refused."""
    try:
        answer = _mapping(client.request("GET", "/user").data, "GET /user")
    except ApiError as exc:
        if exc.status == 403:
            return WORKFLOW_BOT
        raise
    login = answer.get("login")
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
        if not isinstance(comment, dict):
            continue
        user = comment.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        body = comment.get("body")
        if isinstance(body, str) and mark in body and login == author:
            found = comment.get("id")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


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
                action = "created"
            else:
                url = f"/repos/{repository}/issues/comments/{existing}"
                answer = client.request("PATCH", url, {"body": body})
                action = "updated"
            link = _mapping(answer.data, url).get("html_url")
            return Posted(action, link if isinstance(link, str) else "")
        except ApiError as exc:
            # A create that failed in transit may have happened: look again, then retry.
            if attempt == 2 or not exc.transient:
                raise
            client.pause(1.0)
    raise AssertionError("unreachable")


def check_head(client: GitHubClient, repository: str, number: int, head_sha: str) -> None:
    """In a workflow_run workflow the PR number comes from an artifact a fork could forge:
    comment only on the pull request whose head is the commit that was evaluated."""
    url = f"/repos/{check_repository(repository)}/pulls/{number}"
    pull = _mapping(client.request("GET", url).data, url)
    head = pull.get("head")
    actual = head.get("sha") if isinstance(head, dict) else None
    if actual != head_sha:
        raise ApiError(
            0,
            f"pull request #{number} is at {str(actual)[:12]}, not at the evaluated commit "
            f"{head_sha[:12]}; not commenting on it",
        )
