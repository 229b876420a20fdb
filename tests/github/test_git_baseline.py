"""--baseline-ref against real git repositories made in a temp dir, shallow clones included."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import gate_main, git, report_of


def test_compares_with_the_file_at_a_ref(repo, tmp_path):
    metrics = repo / "reports dir" / "metrics.json"
    code, rep = report_of(
        tmp_path, str(metrics), "--baseline-ref", "main", "--max-regression", "accuracy=0.02"
    )
    assert code == 0
    assert rep["baseline"]["source"] == "main:reports dir/metrics.json"
    assert [m["qualified"] for m in rep["models"]] == [False, True]
    assert rep["models"][0]["baseline_metrics"] == {"accuracy": 0.9}


def test_a_ref_without_the_file_is_a_missing_baseline(repo):
    (repo / "new.json").write_text('{"a": 0.9}', encoding="utf-8")
    run = gate_main([str(repo / "new.json"), "--baseline-ref", "main"])
    assert run.code == 0
    assert "Warning: no baseline: main:new.json does not exist" in run.out
    assert (
        gate_main(
            [str(repo / "new.json"), "--baseline-ref", "main", "--on-missing-baseline", "fail"]
        ).code
        == 1
    )


def test_a_shallow_clone_fetches_the_base_commit(repo, tmp_path):
    base_sha = git(repo, "rev-parse", "main")
    git(repo, "config", "uploadpack.allowAnySHA1InWant", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "feature", repo.as_uri(), str(clone))
    with pytest.raises(subprocess.CalledProcessError):
        git(clone, "cat-file", "-e", base_sha)  # the checkout lacks it, as on a runner
    code, rep = report_of(
        tmp_path, str(clone / "reports dir" / "metrics.json"), "--baseline-ref", base_sha
    )
    assert code == 0
    assert rep["models"][0]["baseline_metrics"] == {"accuracy": 0.9}
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "no-such-branch",
            "cannot find 'no-such-branch' in this clone, and fetching it from origin failed",
        ),
        ("--upload-pack=touch /tmp/pwned", "is not a git ref gate will pass to git"),
    ],
)
def test_bad_refs_are_input_errors(repo, ref, message):
    run = gate_main([str(repo / "reports dir" / "metrics.json"), "--baseline-ref", ref])
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err


def test_outside_a_repository(tmp_path, write):
    run = gate_main([write("m.json", '{"a": 0.9}'), "--baseline-ref", "main"])
    assert run.code == 2 and "needs a git repository" in run.err


def test_a_malformed_baseline_names_the_ref_and_path(repo):
    git(repo, "checkout", "-q", "main")
    (repo / "reports dir" / "metrics.json").write_text('{"a": 0.9, "a": 0.8}', encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    git(repo, "checkout", "-q", "feature")
    run = gate_main([str(repo / "reports dir" / "metrics.json"), "--baseline-ref", "main"])
    assert run.code == 2
    assert "main:reports dir/metrics.json:1" in run.err and "duplicate key" in run.err


def test_a_pr_event_gives_the_action_its_default_baseline():
    from gate.action import argv_from_inputs

    env = {"INPUT_METRICS_FILE": "m.json", "GITHUB_EVENT_NAME": "pull_request"}
    assert argv_from_inputs(env, "r.json")[:1] == ["--pr-base"]
    assert "--pr-base" not in argv_from_inputs({**env, "INPUT_BASELINE_REF": "none"}, "r.json")
    assert argv_from_inputs({**env, "INPUT_BASELINE_REF": "v2"}, "r.json")[:1] == [
        "--baseline-ref=v2"
    ]
    assert argv_from_inputs({**env, "INPUT_BASELINE": "b.json"}, "r.json")[:1] == [
        "--baseline=b.json"
    ]


def pr_event(tmp_path: Path, sha: str) -> dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 3, "base": {"sha": sha}}}), encoding="utf-8"
    )
    return {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}


def test_pr_base_reads_the_base_commit_from_the_event(repo, tmp_path):
    env = pr_event(tmp_path, git(repo, "rev-parse", "main"))
    out = tmp_path / "r.json"
    run = gate_main(
        [str(repo / "reports dir" / "metrics.json"), "--pr-base", "--report", str(out)], env
    )
    assert run.code == 0, run.err
    assert json.loads(out.read_text(encoding="utf-8"))["models"][0]["baseline_metrics"] == {
        "accuracy": 0.9
    }


def test_pr_base_that_cannot_be_had_is_a_missing_baseline_not_an_error(repo, tmp_path, write):
    env = pr_event(tmp_path, "0" * 40)
    run = gate_main([str(repo / "reports dir" / "metrics.json"), "--pr-base"], env)
    assert run.code == 0
    assert (
        "Warning: no baseline: gate could not get the pull request's base commit; with "
        "actions/checkout, fetch-depth: 2 gives it, or set baseline-ref (git: cannot find "
        "'0000000000000000000000000000000000000000' in this clone, and fetching it from origin "
        "failed: 'origin' does not appear to be a git repository)"
    ) in run.out
    outside = gate_main([write("m.json", '{"a": 0.9}'), "--pr-base"], env)
    assert outside.code == 0 and "needs a git repository" in outside.out
    no_event = gate_main(
        [str(repo / "reports dir" / "metrics.json"), "--pr-base", "--on-missing-baseline", "fail"]
    )
    assert no_event.code == 1 and "names no pull request base commit" in no_event.out
