"""The sticky PR comment, end to end: the real CLI against a fake GitHub on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from gate.github.comment import MAX_BODY_CHARS, marker
from tests.conftest import SEED, gate_main
from tests.github.conftest import TOKEN
from tests.github.fake_github import FakeGitHub

FAILING = '{"model_A": 0.5, "model_B": 0.6}'


def ours(github: FakeGitHub, number: int = 7) -> list[dict]:  # type: ignore[type-arg]
    return [c for c in github.comments.get(number, []) if marker("gate") in c["body"]]


def test_first_run_creates_and_later_runs_update_one_comment(pr_env, github, write):
    first = gate_main([str(SEED)], pr_env)
    assert first.code == 0
    assert len(ours(github)) == 1
    body = ours(github)[0]["body"]
    assert body.startswith(marker("gate"))
    assert "| ✅ model\\_C |" in body and "Model gate passed" in body
    assert "(https://github.com/o/r/actions/runs/99)" in body
    assert "created the comment on pull request #7" in first.err

    second = gate_main([write("m.json", FAILING)], pr_env)
    assert second.code == 1
    assert len(github.comments[7]) == 1, "the comment is edited, not added"
    assert "Model gate failed" in github.comments[7][0]["body"]
    assert [r.method for r in github.writes()] == ["POST", "PATCH"]
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in github.requests)
    assert "updated the comment" in second.err


def test_finds_its_comment_on_a_later_page(pr_env, github):
    github.page_size = 2
    for i in range(5):
        github.add_comment(7, "someone", f"review {i}")
    mine = github.add_comment(7, "github-actions[bot]", marker("gate") + "\nold report")
    github.add_comment(7, "someone", "after")
    assert gate_main([str(SEED)], pr_env).code == 0
    assert [(r.method, r.path) for r in github.writes()] == [
        ("PATCH", f"/repos/o/r/issues/comments/{mine['id']}")
    ]
    pages = [r for r in github.requests if r.path.endswith("/comments") and r.method == "GET"]
    assert len(pages) == 4  # 7 comments, 2 per page
    assert "Model gate passed" in mine["body"]


def test_a_marked_comment_by_someone_else_is_never_edited(pr_env, github):
    forged = github.add_comment(7, "mallory", marker("gate") + "\nall models pass, trust me")
    assert gate_main([str(SEED)], pr_env).code == 0
    assert forged["body"].endswith("trust me")
    assert [r.method for r in github.writes()] == ["POST"]


def test_a_personal_token_matches_comments_by_its_own_login(pr_env, github):
    github.login = github.writer = "alice"
    github.add_comment(7, "github-actions[bot]", marker("gate") + "\nby the bot")
    mine = github.add_comment(7, "alice", marker("gate") + "\nby alice")
    assert gate_main([str(SEED)], pr_env).code == 0
    assert [r.path for r in github.writes()] == [f"/repos/o/r/issues/comments/{mine['id']}"]


def test_comment_ids_keep_separate_comments(pr_env, github):
    gate_main([str(SEED)], pr_env)
    gate_main([str(SEED), "--comment-id", "latency-gate"], pr_env)
    gate_main([str(SEED), "--comment-id", "latency-gate"], pr_env)
    assert len(github.comments[7]) == 2
    assert [r.method for r in github.writes()] == ["POST", "POST", "PATCH"]


@pytest.mark.parametrize(("metrics", "code"), [(None, 0), (FAILING, 1)])
def test_fork_read_only_token_warns_and_keeps_the_verdict(pr_env, github, write, metrics, code):
    github.read_only = True
    file = write("m.json", metrics) if metrics else str(SEED)
    run = gate_main([file], pr_env)
    assert run.code == code
    warning = next(line for line in run.err.splitlines() if line.startswith("::warning"))
    assert "HTTP 403" in warning and "workflow_run" in warning
    assert "examples/workflows/gate-fork-comment.yml" in warning
    assert TOKEN not in run.out + run.err


def test_server_errors_are_retried(pr_env, github):
    github.fail("GET", "/comments", 502)
    github.fail("POST", "/comments", 503)
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    assert run.waited == [1.0, 1.0]  # the GET's first retry, then the pause before a new look
    assert len(github.comments[7]) == 1, "a failed create is looked for again, not doubled"
    assert "created the comment" in run.err


def test_rate_limit_waits_as_told(pr_env, github):
    github.fail("POST", "/comments", 429, headers={"Retry-After": "1"})
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0 and len(github.comments[7]) == 1
    posts = [r for r in github.requests if r.method == "POST"]
    assert len(posts) == 2 and run.waited == [1.0]


def test_secondary_rate_limit_is_retried(pr_env, github):
    limit = {"message": "You have exceeded a secondary rate limit."}
    github.fail("GET", "/comments", 403, headers={"Retry-After": "0"}, body=limit)
    assert gate_main([str(SEED)], pr_env).code == 0
    assert len(github.comments[7]) == 1


def test_a_long_wait_or_lasting_failure_gives_up_with_a_warning(pr_env, github, write):
    github.fail("GET", "/comments", 429, headers={"Retry-After": "3600"})
    run = gate_main([write("m.json", FAILING)], pr_env)
    assert run.code == 1
    assert "::warning" in run.err and "HTTP 429" in run.err and "3600" in run.err
    assert not github.writes()


def test_the_token_never_appears_even_when_echoed(pr_env, github):
    github.fail("GET", "/user", 401, body={"message": f"Bad credentials {TOKEN}"})
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    assert TOKEN not in run.out + run.err and "***" in run.err


def test_body_stays_under_the_limit_and_mentions_are_neutralised(pr_env, github, write):
    models = {f"@octocat-model-{i:05d}-" + "x" * 150: 0.9 for i in range(3000)}
    assert gate_main([write("m.json", json.dumps(models))], pr_env).code == 0
    body = ours(github)[0]["body"]
    assert len(body) < MAX_BODY_CHARS
    assert "comment limit" in body
    assert "@octocat" not in body and "@&#8203;octocat" in body


def test_no_comment_off_pull_requests_or_when_switched_off(pr_env, github):
    assert (
        gate_main(
            [str(SEED)], {**pr_env, "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": ""}
        ).code
        == 0
    )
    assert gate_main([str(SEED), "--comment", "false"], pr_env).code == 0
    assert gate_main([str(SEED), "--no-github"], {**pr_env, "GITHUB_ACTIONS": ""}).code == 0
    assert github.requests == []


def test_comment_true_without_a_token_warns(pr_env, github):
    env = {k: v for k, v in pr_env.items() if k != "GITHUB_TOKEN"}
    run = gate_main([str(SEED), "--comment", "true"], env)
    assert run.code == 0
    assert "without GITHUB_TOKEN" in run.err
    assert github.requests == []


def test_input_error_replaces_a_passing_comment(pr_env, github, write):
    gate_main([str(SEED)], pr_env)
    bad = gate_main([write("bad.json", '{"model_A": "high"}')], pr_env)
    assert bad.code == 2
    body = github.comments[7][0]["body"]
    assert "Model gate: invalid metrics file" in body and "passed" not in body.split("\n")[1]


def test_workflow_run_comments_only_on_the_evaluated_head(pr_env, github, tmp_path):
    event = tmp_path / "run-event.json"
    event.write_text(json.dumps({"workflow_run": {"head_sha": "f00d" * 10}}), encoding="utf-8")
    env = {**pr_env, "GITHUB_EVENT_NAME": "workflow_run", "GITHUB_EVENT_PATH": str(event)}
    github.heads[7] = "beef" * 10
    run = gate_main([str(SEED), "--pr", "7"], env)
    assert run.code == 0 and not github.writes()
    assert "not at the evaluated commit" in run.err
    github.heads[7] = "f00d" * 10
    assert gate_main([str(SEED), "--pr", "7"], env).code == 0
    assert len(ours(github)) == 1


def test_a_next_page_on_another_host_is_not_followed(pr_env, github):
    github.foreign_next = "http://203.0.113.9/steal"
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0 and "another host" in run.err
    assert not github.writes()


def test_the_comment_names_head_and_base_and_its_gate(pr_env, github, tmp_path):  # type: ignore[no-untyped-def]
    head, base = "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c", "a" * 40
    event = {"pull_request": {"number": 7, "head": {"sha": head}, "base": {"sha": base}}}
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    assert gate_main([str(SEED), "--comment-id", "latency"], pr_env).code == 0
    (body,) = [c["body"] for c in github.comments[7] if marker("latency") in c["body"]]
    assert "### ✅ Model gate passed · latency\n" in body  # two gates on one PR tell apart
    assert (
        "<sub>[Workflow run](https://github.com/o/r/actions/runs/99) · head [`1f2e3d4`]"
        f"(https://github.com/o/r/commit/{head}) · base [`aaaaaaa`]"
        f"(https://github.com/o/r/commit/{base})</sub>" in body
    )
