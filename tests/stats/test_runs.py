"""--runs mean|worst|each[:K]: a model evaluated in several runs, judged as one; its baseline
and history aggregated the same way; runs that disagree on their metrics refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import gate_main, git
from tests.formats.test_readers import DATA


def _runs(tmp_path: Path, name: str, accuracies: list[float], **extra: Any) -> list[str]:
    paths = []
    for i, accuracy in enumerate(accuracies, 1):
        model = {"name": "llm", "metrics": {"accuracy": accuracy, **extra}, "samples": 500}
        path = tmp_path / f"{name}{i}.json"
        path.write_text(json.dumps({"version": 1, "models": [model]}), encoding="utf-8")
        paths.append(str(path))
    return paths


def _report(tmp_path: Path, argv: list[str]) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in (0, 1), run.err
    return run.code, json.loads(out.read_text(encoding="utf-8"))


def test_without_runs_a_model_in_two_files_is_still_an_error(tmp_path: Path) -> None:
    run = gate_main(_runs(tmp_path, "r", [0.83, 0.79]))
    assert run.code == 2 and "or say with --runs mean|worst|each" in run.err


@pytest.mark.parametrize(
    ("mode", "code", "value"),
    [("mean", 0, 0.81), ("worst", 1, 0.79), ("each", 1, 0.81), ("each:2", 0, 0.81)],
)
def test_each_mode_judges_the_runs_as_it_says(
    tmp_path: Path, mode: str, code: int, value: float
) -> None:
    files = _runs(tmp_path, "r", [0.83, 0.79, 0.81])
    got, report = _report(tmp_path, [*files, "--runs", mode])
    (model,) = report["models"]
    assert got == code and round(model["metrics"]["accuracy"], 6) == value
    if mode == "each":
        assert (
            "2 of 3 runs qualify, and --runs each needs 3; run 2: accuracy 0.79 fails >= 0.8"
            in model["reason"]
        )


def test_the_review_shows_the_spread_of_the_runs(tmp_path: Path) -> None:
    run = gate_main([*_runs(tmp_path, "r", [0.83, 0.79, 0.81]), "--runs", "mean"])
    assert "0.81 (runs 0.79–0.83)" in run.out


def test_under_confidence_the_mean_is_judged_on_a_t_interval_over_runs(tmp_path: Path) -> None:
    files = _runs(tmp_path, "r", [0.81, 0.83, 0.80])
    code, report = _report(
        tmp_path, [*files, "--runs", "mean", "--confidence", "0.95", "--min-accuracy", "0.75"]
    )
    (check,) = report["models"][0]["checks"]
    assert [round(v, 6) for v in check["interval"]] == [0.775388, 0.851279]  # scipy: CASES §7
    assert code == 0


def test_runs_that_disagree_on_their_metrics_are_refused(tmp_path: Path) -> None:
    files = _runs(tmp_path, "r", [0.83, 0.79]) + _runs(tmp_path, "s", [0.8], f1=0.7)
    run = gate_main([*files, "--runs", "mean"])
    assert run.code == 2
    assert (
        "the runs of model 'llm' disagree on which metrics exist: run 1 and run 3 differ on 'f1'"
        in run.err
    )


def test_the_baseline_s_runs_are_aggregated_the_same_way(tmp_path: Path) -> None:
    candidate = _runs(tmp_path, "c", [0.80, 0.82])
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    base = _runs(root, "r", [0.86, 0.88])
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    for path, new in zip(base, candidate):
        Path(path).write_text(Path(new).read_text(encoding="utf-8"), encoding="utf-8")
    code, report = _report(
        tmp_path,
        [*base, "--runs", "mean", "--baseline-ref", "HEAD", "--max-regression", "accuracy=0.02"],
    )
    (check,) = report["models"][0]["regressions"]
    assert (check["baseline"], round(check["value"], 6), check["passed"]) == (0.87, 0.81, False)
    assert code == 1


def test_two_lm_eval_runs_of_one_task_are_runs(tmp_path: Path) -> None:
    """The same model and task run twice (SOURCES.md): an error without --runs, runs with it."""
    files = [str(DATA / "lm-eval" / "solar" / f"winogrande-run{i}.json") for i in (1, 2)]
    metric = "winogrande.exact_match,get-answer"
    rules = ["--min-accuracy", "none", "--threshold", f"{metric} >= 0.7"]
    assert gate_main([*files, *rules]).code == 2
    code, report = _report(tmp_path, [*files, *rules, "--runs", "worst"])
    assert code == 0 and report["models"][0]["metrics"][metric] == 0.7
    code, report = _report(tmp_path, [*files, *rules, "--runs", "mean"])
    assert round(report["models"][0]["metrics"][metric], 6) == 0.75


def test_history_versions_aggregate_their_runs(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    files = _runs(root, "r", [0.88, 0.90])
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    _runs(root, "r", [0.80, 0.82])
    code, report = _report(
        tmp_path, [*files, "--runs", "mean", "--history", "1", "--max-drift", "accuracy=0.02"]
    )
    (check,) = report["models"][0]["drifts"]
    assert (round(check["best"], 6), round(check["value"], 6), check["passed"]) == (
        0.89,
        0.81,
        False,
    )
    assert code == 1
