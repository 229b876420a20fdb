"""The GitLab example (examples/gitlab/.gitlab-ci.yml) as GitLab runs it: in a merge request,
its lines run in a shallow clone of the merge request's head that lacks the diff base, with
GitLab's predefined variables and an origin that serves branches but no commit asked for by
SHA. A merge request that loses accuracy fails and says which model; one that does not
passes; the files the job's artifacts name are there. Offline: the install lines are skipped
and `gate` runs this checkout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

import gate
from tests.ci.gitlab import INSTALL, JobRun, gate_command, jobs, run_job, runner_clone, runs
from tests.conftest import EXAMPLES, ROOT, git

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

TEXT = (EXAMPLES / "gitlab" / ".gitlab-ci.yml").read_text(encoding="utf-8")
JOBS = jobs(yaml.safe_load(TEXT))
MR_PIPELINE = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_DEFAULT_BRANCH": "main"}
MAIN_PIPELINE = {
    "CI_PIPELINE_SOURCE": "push",
    "CI_COMMIT_BRANCH": "main",
    "CI_DEFAULT_BRANCH": "main",
}
(MR_JOB,) = [job for job in JOBS.values() if runs(job, MR_PIPELINE)]
(MAIN_JOB,) = [job for job in JOBS.values() if runs(job, MAIN_PIPELINE)]
BASELINE = '{"churn_gbdt": 0.90}'
# The job runs in a Linux container; the imitation needs bash and POSIX paths.
linux_job = pytest.mark.skipif(sys.platform == "win32", reason="a GitLab job runs on Linux")


def origin_with_a_merge_request(tmp_path: Path, candidate: str) -> tuple[Path, str, str]:
    """A bare origin: main has the baseline and has moved on since `feature` left it; feature
    changes the metrics; GitLab's ref for merge request !1 points at feature. Returns the
    origin, the diff base and the merge request's head."""
    dev = tmp_path / "dev"
    (dev / "reports").mkdir(parents=True)
    git(dev, "init", "-q", "-b", "main")
    (dev / "reports" / "metrics.json").write_text(BASELINE, encoding="utf-8")
    git(dev, "add", ".")
    git(dev, "commit", "-qm", "baseline")
    base = git(dev, "rev-parse", "HEAD")
    git(dev, "checkout", "-qb", "feature")
    (dev / "reports" / "metrics.json").write_text(candidate, encoding="utf-8")
    git(dev, "commit", "-qam", "retrain")
    head = git(dev, "rev-parse", "HEAD")
    git(dev, "checkout", "-q", "main")
    (dev / "README.md").write_text("main moves on\n", encoding="utf-8")
    git(dev, "add", ".")
    git(dev, "commit", "-qm", "unrelated")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(dev, "push", "-q", origin.as_uri(), "main", "feature", "feature:refs/merge-requests/1/head")
    return origin, base, head


def merge_request_pipeline(tmp_path: Path, candidate: str) -> tuple[JobRun, Path, str]:
    """The merge request job run on `candidate`: its outcome, CI_PROJECT_DIR, the diff base."""
    origin, base, head = origin_with_a_merge_request(tmp_path, candidate)
    project = tmp_path / "builds" / "project"
    runner_clone(origin, "refs/merge-requests/1/head", project, depth=1)
    git(project, "config", "protocol.version", "0")  # no commit fetched by its SHA
    lacks_base = subprocess.run(["git", "cat-file", "-e", base], cwd=project, check=False)
    assert lacks_base.returncode != 0, "the imitation must start without the diff base"
    variables = {
        **MR_PIPELINE,
        "CI_COMMIT_SHA": head,
        "CI_COMMIT_REF_NAME": "feature",
        "CI_MERGE_REQUEST_IID": "1",
        "CI_MERGE_REQUEST_REF_PATH": "refs/merge-requests/1/head",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
    }
    return run_job(MR_JOB, project, variables, tmp_path / "home"), project, base


@linux_job
def test_a_merge_request_that_loses_accuracy_fails_naming_the_model(tmp_path: Path) -> None:
    run, project, _ = merge_request_pipeline(tmp_path, '{"churn_gbdt": 0.86}')
    assert run.code == 1, run.output
    reason = "accuracy fell by 0.04 (4.4%), from 0.9 to 0.86; at most 0.01 allowed"
    assert f"churn_gbdt does not qualify: {reason}" in run.output
    junit = ElementTree.parse(project / MR_JOB["artifacts"]["reports"]["junit"])
    (failure,) = junit.findall(".//testcase[@name='churn_gbdt']/failure")
    assert reason in (failure.get("message") or "") + (failure.text or "")
    (review,) = MR_JOB["artifacts"]["paths"]
    text = (project / review).read_text(encoding="utf-8")
    assert "Model gate failed" in text and reason in text


@linux_job
def test_a_merge_request_that_keeps_accuracy_passes(tmp_path: Path) -> None:
    run, project, base = merge_request_pipeline(tmp_path, '{"churn_gbdt": 0.905}')
    assert run.code == 0, run.output
    assert f"Baseline: {base}:reports/metrics.json" in run.output
    assert "Models ready for production: churn_gbdt" in run.output
    junit = ElementTree.parse(project / MR_JOB["artifacts"]["reports"]["junit"])
    assert junit.findall(".//testcase[@name='churn_gbdt']") != []
    assert junit.findall(".//failure") == [] and junit.findall(".//error") == []
    for path in MR_JOB["artifacts"]["paths"]:
        assert "Model gate passed" in (project / path).read_text(encoding="utf-8")


@linux_job
def test_on_the_default_branch_it_gates_the_file_and_names_the_best_model(tmp_path: Path) -> None:
    origin, _, _ = origin_with_a_merge_request(tmp_path, '{"churn_gbdt": 0.86}')
    project = tmp_path / "builds" / "project"
    runner_clone(origin, "refs/heads/main", project, depth=20)
    variables = {**MAIN_PIPELINE, "CI_COMMIT_SHA": git(project, "rev-parse", "HEAD")}
    run = run_job(MAIN_JOB, project, variables, tmp_path / "home")
    assert run.code == 0, run.output
    assert (project / MAIN_JOB["artifacts"]["reports"]["junit"]).is_file()
    (report,) = [p for p in MAIN_JOB["artifacts"]["paths"] if p.endswith(".json")]
    assert json.loads((project / report).read_text(encoding="utf-8"))["best"] == "churn_gbdt"


def test_one_job_for_merge_requests_one_for_the_default_branch_none_elsewhere() -> None:
    assert "--baseline-ref" in gate_command(MR_JOB)
    feature = {
        "CI_PIPELINE_SOURCE": "push",
        "CI_COMMIT_BRANCH": "feature",
        "CI_DEFAULT_BRANCH": "main",
    }
    assert not any(runs(job, feature) for job in JOBS.values())


def test_the_pinned_package_is_this_release() -> None:
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    installs = {
        line for job in JOBS.values() for line in job["before_script"] if INSTALL.match(line)
    }
    assert f"pip install {name}=={gate.__version__}" in installs
    assert any(re.search(r" install .* git$", line) for line in installs)
    assert f"@v{gate.__version__}" in TEXT  # the install-from-the-tag comment


def test_every_rule_is_on_the_command_line() -> None:
    assert "gate.yml" not in TEXT and "--config" not in TEXT
    for job in JOBS.values():
        assert "--min-accuracy" in gate_command(job)


def test_gitlab_accepts_the_artifacts_and_links_the_review_itself() -> None:
    for job in JOBS.values():
        artifacts, command = job["artifacts"], gate_command(job)
        assert artifacts["when"] == "always"  # the failed gate's files too
        assert artifacts["reports"]["junit"] == command[command.index("--junit") + 1]
        assert command[command.index("--summary") + 1] in artifacts["paths"]
    # GitLab refuses an expose_as that is not letters, digits, '-', '_' and spaces (at most
    # 100), or paths with '*' beside it (lib/gitlab/ci/config/entry/artifacts.rb); it links a
    # lone file itself, several to the artifacts browser (ci/find_exposed_artifacts_service.rb).
    expose_as = MR_JOB["artifacts"]["expose_as"]
    assert re.fullmatch(r"\w[-\w ]*", expose_as) and len(expose_as) <= 100
    (review,) = MR_JOB["artifacts"]["paths"]
    assert review.endswith(".md") and "*" not in review
