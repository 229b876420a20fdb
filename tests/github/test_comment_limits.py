"""The PR comment against a GitHub that misbehaves: wrong shapes, loops, slow drips, floods,
a broken API URL, echoed tokens. Each is a warning at most; the verdict never changes, and
nothing hangs (issue 15)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import gate.github.client
from tests.conftest import SEED, gate_main
from tests.github.conftest import TOKEN
from tests.github.test_comment import FAILING

WRONG_SHAPES = [
    ("/user", [], "GET /user did not answer with a JSON object"),
    ("/user", {"login": 7}, "GET /user answered without a login"),
    ("/repos/o/r/issues/7/comments", {}, "did not answer with a list"),
    ("/repos/o/r/issues/7/comments", [[], 3, {"user": "x", "body": 5}], "created the comment"),
]


@pytest.mark.parametrize("case", WRONG_SHAPES, ids=[c[2] for c in WRONG_SHAPES])
@pytest.mark.parametrize("metrics", [None, FAILING], ids=["passing", "failing"])
def test_answers_of_the_wrong_shape_are_warnings(pr_env, github, write, case, metrics):  # type: ignore[no-untyped-def]
    path, shape, said = case
    github.login = "gate-bot"
    github.shapes[path] = shape
    run = gate_main([write("m.json", metrics) if metrics else str(SEED)], pr_env)
    assert run.code == (0 if metrics is None else 1)
    assert said in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.com", "not a url"])
def test_a_broken_api_url_is_a_warning_even_on_an_input_error(pr_env, write, url):  # type: ignore[no-untyped-def]
    env = {**pr_env, "GITHUB_API_URL": url}
    assert gate_main([str(SEED)], env).code == 0
    run = gate_main([write("bad.json", '{"a": "high"}')], env)
    assert run.code == 2
    assert "is not an http(s) URL" in run.err and "Traceback" not in run.err


def test_a_next_page_that_is_the_same_page_ends_the_listing(pr_env, github):  # type: ignore[no-untyped-def]
    github.same_page_next = True
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    pages = [r for r in github.requests if r.path.endswith("/comments") and r.method == "GET"]
    assert len(pages) == 2  # the first URL, then page=1, whose next page is itself: stop
    assert len(github.comments[7]) == 1


def test_pages_are_capped(pr_env, github, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gate.github.client, "MAX_PAGES", 3)
    github.page_size = 1
    for i in range(10):
        github.add_comment(7, "someone", f"review {i}")
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    assert "more than 3 pages of comments" in run.err
    assert not github.writes()


def test_a_slow_drip_ends_at_the_deadline(pr_env, github, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gate.github.client, "DEADLINE_SECONDS", 1.0)
    github.login = "gate-bot"
    github.drip_seconds = 0.05  # ~30 bytes: 1.5 s to send
    started = time.monotonic()
    from gate.cli import main  # the real clock: the drip is real time

    err = __import__("io").StringIO()
    code = main([str(SEED)], env=pr_env, stdout=__import__("io").StringIO(), stderr=err)
    assert code == 0
    assert time.monotonic() - started < 5
    assert "took longer than 1 s" in err.getvalue() or "gave up after 1 s" in err.getvalue()


def test_a_flood_is_cut_at_the_size_limit(pr_env, github, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(gate.github.client, "MAX_BODY_BYTES", 1 << 20)
    github.login = "gate-bot"
    github.padding = 2 << 20
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0 and "the answer is larger than 1 MiB" in run.err


@pytest.mark.parametrize("filler", [900, 995])
def test_a_long_echoed_message_never_shows_a_piece_of_the_token(pr_env, github, filler):  # type: ignore[no-untyped-def]
    """Masked first, then shortened: a cut through the token would leave its first part."""
    github.fail("GET", "/user", 401, body={"message": "x" * filler + TOKEN})
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    assert TOKEN[:4] not in run.out + run.err
    assert ("***" in run.err) == (filler == 900)


def test_the_comment_url_is_masked_when_it_echoes_the_token(pr_env, github):  # type: ignore[no-untyped-def]
    github.login = "gate-bot"
    github.writer = "gate-bot"
    github.shapes["/repos/o/r/issues/7/comments"] = []  # nothing there yet
    real = github._write

    def echo(method, parts, body):  # type: ignore[no-untyped-def]
        status, headers, answer = real(method, parts, body)
        return status, headers, {**answer, "html_url": f"https://example.com/?t={TOKEN}"}

    github._write = echo
    run = gate_main([str(SEED)], pr_env)
    assert run.code == 0
    assert TOKEN not in run.out + run.err and "?t=***" in run.err


def test_retry_after_longer_than_the_deadline_gives_up_at_once(pr_env, github, write):  # type: ignore[no-untyped-def]
    github.fail("GET", "/comments", 429, headers={"Retry-After": "120"})
    run = gate_main([write("m.json", FAILING)], pr_env)
    assert run.code == 1 and run.waited == []
    assert "past gate's time limit" in run.err


def test_the_event_file_can_be_anything(pr_env, tmp_path: Path):  # type: ignore[no-untyped-def]
    event = tmp_path / "event.json"
    for text in ["[]", '{"pull_request": []}', '{"pull_request": {"number": "7"}}', "\xff"]:
        event.write_text(text, encoding="latin-1")
        run = gate_main([str(SEED)], {**pr_env, "GITHUB_EVENT_PATH": str(event)})
        assert run.code == 0, run.err
        assert "Traceback" not in run.err
    assert json.loads("[]") == []
