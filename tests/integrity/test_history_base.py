"""--history is what the base branch saw. On a pull request's merge commit the PR's own commits
used to fill the window: committing the file N+1 times, each a little worse, walked past
--max-drift. Paths reached git as pathspecs (`a[b].json` matched `ab.json`); a dvc.yaml's
history ignored commits to the files it lists; a dvc.yaml in a subfolder could not be compared
at a ref at all ("git is not installed")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import gate_main, git


def _doc(accuracy: float) -> str:
    return json.dumps({"version": 1, "models": [{"name": "m", "metrics": {"accuracy": accuracy}}]})


def _commit(root: Path, name: str, text: str, message: str) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(root, "add", name)
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD")


def _report(tmp_path: Path, argv: list[str], env: dict[str, str] | None = None) -> tuple[int, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)], env)
    assert run.code in (0, 1), run.err
    return run.code, json.loads(out.read_text(encoding="utf-8"))


def _pull_request(tmp_path: Path) -> tuple[Path, str]:
    """main reached 0.90; the PR commits the file seven times, 0.002 worse each time, and is
    checked out as GitHub checks out a PR: its merge into main."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _commit(root, "metrics.json", _doc(0.88), "older")
    base = _commit(root, "metrics.json", _doc(0.90), "main's best")
    git(root, "checkout", "-qb", "feature")
    for i in range(7):
        _commit(root, "metrics.json", _doc(round(0.899 - 0.002 * i, 3)), f"retrain {i}")
    git(root, "checkout", "-q", "main")
    _commit(root, "notes.txt", "unrelated\n", "unrelated on main")
    git(
        root,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@e",
        "merge",
        "-q",
        "--no-ff",
        "feature",
        "-m",
        "merge",
    )
    return root, base


def test_on_a_merge_commit_the_window_is_the_base_branch(tmp_path: Path) -> None:
    root, base = _pull_request(tmp_path)
    argv = [str(root / "metrics.json"), "--history", "3", "--max-drift", "accuracy=0.01"]
    code, report = _report(tmp_path, argv)
    assert [v["value"] for v in report["history"]] == [0.90, 0.88]  # never 0.887, 0.889, …
    assert report["history"][0]["commit"] == base
    assert code == 1 and report["models"][0]["drifts"][0]["best"] == 0.90


def test_on_a_pull_request_event_the_window_starts_at_its_base(tmp_path: Path) -> None:
    root, base = _pull_request(tmp_path)
    git(root, "checkout", "-q", "feature")  # the head itself, as some workflows check out
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 1, "base": {"sha": base}}}), encoding="utf-8"
    )
    env = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    argv = [str(root / "metrics.json"), "--history", "5", "--max-drift", "accuracy=0.01"]
    code, report = _report(tmp_path, argv, env)
    assert [v["value"] for v in report["history"]] == [0.90, 0.88]
    assert code == 1
    code, report = _report(tmp_path, argv)  # not a pull request: HEAD's own line
    assert report["history"][0]["value"] == 0.889 and code == 0


def test_paths_reach_git_literally(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    mine = _commit(root, "a[b].json", _doc(0.9), "mine")
    _commit(root, "ab.json", _doc(0.99), "another file that the pattern a[b] would match")
    (root / "a[b].json").write_text(_doc(0.85), encoding="utf-8")
    _code, report = _report(tmp_path, [str(root / "a[b].json"), "--history", "5"])
    assert [v["commit"] for v in report["history"]] == [mine]


def _pipeline(root: Path) -> None:
    """A stage-style dvc.yaml in a subfolder, listing its metrics in a subfolder of its own."""
    stages = {"stages": {"evaluate": {"cmd": "python eval.py", "metrics": ["eval/scores.json"]}}}
    (root / "ml").mkdir(parents=True)
    (root / "ml" / "dvc.yaml").write_text(json.dumps(stages), encoding="utf-8")
    git(root, "add", "ml/dvc.yaml")  # committed with the first metrics


def test_a_dvc_yaml_s_versions_are_the_commits_of_the_files_it_lists(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _pipeline(root)
    _commit(root, "ml/eval/scores.json", '{"acc": 0.91}', "first")  # with the dvc.yaml
    only_metrics = _commit(root, "ml/eval/scores.json", '{"acc": 0.93}', "retrain")
    (root / "ml" / "eval" / "scores.json").write_text('{"acc": 0.90}', encoding="utf-8")
    argv = [
        str(root / "ml" / "dvc.yaml"), "--metrics-format", "dvc", "--min-accuracy", "none",
        "--threshold", "acc >= 0.5", "--history", "5", "--max-drift", "acc=0.01",
    ]  # fmt: skip
    code, report = _report(tmp_path, argv)
    assert report["history"][0]["commit"] == only_metrics
    assert [v["value"] for v in report["history"]] == [0.93, 0.91]
    assert code == 1  # 0.93 → 0.90


def test_a_dvc_yaml_in_a_subfolder_is_compared_at_a_ref(tmp_path: Path, monkeypatch: Any) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _pipeline(root)
    _commit(root, "ml/eval/scores.json", '{"acc": 0.93}', "base")
    (root / "ml" / "eval" / "scores.json").write_text('{"acc": 0.85}', encoding="utf-8")
    flags = ["--metrics-format", "dvc", "--min-accuracy", "none", "--threshold", "acc >= 0.5"]
    limit = ["--baseline-ref", "HEAD", "--max-regression", "acc=0.01"]
    for cwd, path in ((root, "ml/dvc.yaml"), (root / "ml", "dvc.yaml")):
        monkeypatch.chdir(cwd)
        code, report = _report(tmp_path, [path, *flags, *limit])
        assert code == 1, report
        (model,) = report["models"]
        assert model["name"] == "ml/dvc.yaml" and model["baseline_metrics"] == {"acc": 0.93}
