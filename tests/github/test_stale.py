"""--code-paths: metrics made from an older commit than the code they gate, in real repos."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import gate_main, report_of
from tests.github.test_git_baseline import git


def metrics(commit: str | None) -> str:
    run = {"commit": commit} if commit else {}
    return json.dumps(
        {"version": 1, "run": run, "models": [{"name": "m", "metrics": {"accuracy": 0.9}}]}
    )


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """`train/model.py` at commit A; the metrics file (made at A) is committed after it."""
    root = tmp_path / "origin"
    (root / "train").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "train" / "model.py").write_text("layers = 3\n", encoding="utf-8")
    (root / "README.md").write_text("hello\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "model")
    made_at = git(root, "rev-parse", "HEAD")
    (root / "metrics.json").write_text(metrics(made_at), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "metrics")
    return root, made_at


def test_unchanged_code_passes_with_a_note(repo):
    root, made_at = repo
    (root / "README.md").write_text("docs only\n", encoding="utf-8")
    git(root, "commit", "-qam", "docs")
    run = gate_main([str(root / "metrics.json"), "--code-paths", "train/"])
    assert run.code == 0
    assert f"Note: no file matching --code-paths changed since {made_at[:12]}" in run.out


def test_changed_code_fails_naming_files_and_commit(repo, tmp_path):
    root, made_at = repo
    (root / "train" / "model.py").write_text("layers = 4\n", encoding="utf-8")
    (root / "train" / "data.py").write_text("x = 1\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "change the model")
    code, rep = report_of(tmp_path, str(root / "metrics.json"), "--code-paths", "train/*.py")
    assert code == 1
    (finding,) = rep["findings"]
    assert finding["blocking"] is True
    assert finding["message"].startswith(
        f"stale metrics: train/data.py, train/model.py changed since {made_at[:12]}"
    )
    run = gate_main([str(root / "metrics.json"), "--code-paths", "train/", "--format", "markdown"])
    decision = run.out.split("|", 1)[0]  # before the table
    assert "### ❌ Model gate failed\n\n- stale metrics: train/data&#46;py" in decision


def test_no_commit_is_a_failure_with_its_own_reason(tmp_path, write):
    run = gate_main([write("m.json", metrics(None)), "--code-paths", "src/"])
    assert run.code == 1
    assert "names no run.commit" in run.out


def test_a_commit_not_in_the_history_is_a_failure_not_a_pass(repo):
    root, _ = repo
    (root / "metrics.json").write_text(metrics("ab" * 20), encoding="utf-8")
    run = gate_main([str(root / "metrics.json"), "--code-paths", "train/"])
    assert run.code == 1
    assert f"cannot compare run.commit {'ab' * 20} with HEAD" in run.out
    assert "fetching it from origin failed" in run.out


def test_a_shallow_clone_fetches_the_metrics_commit(repo, tmp_path):
    root, made_at = repo
    (root / "train" / "model.py").write_text("layers = 5\n", encoding="utf-8")
    git(root, "commit", "-qam", "change")
    git(root, "config", "uploadpack.allowAnySHA1InWant", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", root.as_uri(), str(clone))
    with pytest.raises(subprocess.CalledProcessError):
        git(clone, "cat-file", "-e", made_at)
    run = gate_main([str(clone / "metrics.json"), "--code-paths", "train/"])
    assert run.code == 1 and "stale metrics: train/model.py changed" in run.out


def test_the_action_passes_code_paths_one_per_line():
    from gate.action import argv_from_inputs

    env = {
        "INPUT_METRICS_FILE": "m.json",
        "INPUT_CODE_PATHS": "train/\n# data\n:(glob)src/**/*.py\n",
    }
    assert argv_from_inputs(env, "r.json") == [
        "--code-paths=train/",
        "--code-paths=:(glob)src/**/*.py",
        "--report=r.json",
        "--",
        "m.json",
    ]
