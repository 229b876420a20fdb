"""A model is the same model in the candidate, the baseline and every history version: for
the formats that name no model, its name is the file's path from the repository root,
wherever and at whichever ref the file was read. Before, the baseline's model was named by
its label (`main:all_results.json`), so the candidate was "new" and a fall of 0.93 → 0.85
passed --max-regression with a warning.

The files are real (tests/formats/data/SOURCES.md); each test commits one at the base with its
own values and puts the same file with one metric lowered in the work tree."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import gate_main, git
from tests.formats.test_readers import DATA


def _lower_json(*keys: str) -> Callable[[bytes], bytes]:
    def lower(raw: bytes) -> bytes:
        data = json.loads(raw)
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = round(node[keys[-1]] - 0.05, 6)
        return json.dumps(data, indent=2).encode()

    return lower


def _lower_csv_last(column: str) -> Callable[[bytes], bytes]:
    def lower(raw: bytes) -> bytes:
        rows = list(csv.reader(io.StringIO(raw.decode())))
        index = [c.strip() for c in rows[0]].index(column)
        rows[-1][index] = str(round(float(rows[-1][index]) - 0.05, 6))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode()

    return lower


def _unnamed_lm_eval() -> bytes:
    """lm-eval v0.4 without model_name or pretrained=: named by its path."""
    data = json.loads((DATA / "lm-eval" / "v0.4" / "gemma-2b_afrimmlu_0shot.json").read_bytes())
    data.pop("model_name", None)
    data["config"].pop("model_args", None)
    return json.dumps(data).encode()


# (case, source bytes, file name in the repository, format flags, metric, lowering)
CASES: list[tuple[str, Callable[[], bytes], str, list[str], str, Callable[[bytes], bytes]]] = [
    (
        "sklearn",
        (DATA / "sklearn" / "iris_classification_report.json").read_bytes,
        "classification_report.json",
        [],
        "accuracy",
        _lower_json("accuracy"),
    ),
    (
        "hf-trainer",
        (DATA / "hf-trainer" / "ner" / "all_results.json").read_bytes,
        "all_results.json",
        [],
        "accuracy",
        _lower_json("eval_accuracy"),
    ),
    (
        "dvc",
        (DATA / "dvc" / "dvclive-mnist-metrics.json").read_bytes,
        "metrics.json",
        ["--metrics-format", "dvc"],
        "eval.acc",
        _lower_json("eval", "acc"),
    ),
    (
        "ultralytics",
        (DATA / "ultralytics" / "yolo26-nutrition" / "results.csv").read_bytes,
        "results.csv",
        ["--metrics-format", "ultralytics", "--row", "last"],
        "mAP50-95(B)",
        _lower_csv_last("metrics/mAP50-95(B)"),
    ),
    (
        "lm-eval",
        _unnamed_lm_eval,
        "results.json",
        [],
        "afrimmlu_direct_swa_prompt_1.acc",
        _lower_json("results", "afrimmlu_direct_swa_prompt_1", "acc,none"),
    ),
]
IDS = [case[0] for case in CASES]


def _setup(tmp_path: Path, case: tuple[Any, ...]) -> tuple[Path, Path, list[str], str]:
    _, source, name, flags, metric, lower = case
    root = tmp_path / "repo"
    (root / "eval").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    target = root / "eval" / name
    base = source()
    target.write_bytes(base)
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "feature")
    target.write_bytes(lower(base))
    rules = ["--min-accuracy", "none", "--threshold", f"{metric} >= 0"]
    return root, target, [*flags, *rules], metric


def _judge(tmp_path: Path, argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)], env)
    assert run.code == 1, run.out + run.err
    return json.loads(out.read_text(encoding="utf-8"))


def _regressed(report: dict[str, Any], key: str = "regressions") -> dict[str, Any]:
    (model,) = report["models"]
    assert model["name"] == "eval/" + Path(report["file"]).name
    (check,) = model[key]
    assert check["passed"] is False
    return model


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_a_ref_the_same_file_is_the_same_model(tmp_path: Path, case: Any) -> None:
    _root, target, flags, metric = _setup(tmp_path, case)
    limit = ["--max-regression", f"{metric}=0.01"]
    report = _judge(tmp_path, [str(target), *flags, "--baseline-ref", "main", *limit])
    model = _regressed(report)
    assert model["new"] is False
    assert not any("no baseline for" in f["message"] for f in report["findings"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_a_baseline_file_it_is_the_same_model(tmp_path: Path, case: Any) -> None:
    root, target, flags, metric = _setup(tmp_path, case)
    kept = root / "old" / target.name
    kept.parent.mkdir()
    git(root, "show", f"main:eval/{target.name}")  # the base's bytes, as a file elsewhere
    kept.write_bytes(case[1]())
    limit = ["--max-regression", f"{metric}=0.01"]
    _regressed(_judge(tmp_path, [str(target), *flags, "--baseline", str(kept), *limit]))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_the_pr_base_from_a_subfolder(
    tmp_path: Path, case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, target, flags, metric = _setup(tmp_path, case)
    event = tmp_path / "event.json"
    base = git(root, "rev-parse", "main")
    event.write_text(
        json.dumps({"pull_request": {"number": 1, "base": {"sha": base}}}), encoding="utf-8"
    )
    env = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    monkeypatch.chdir(root / "eval")  # named from a subfolder: the same identity
    limit = ["--max-regression", f"{metric}=0.01"]
    _regressed(_judge(tmp_path, [target.name, *flags, "--pr-base", *limit], env))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_against_its_history_it_is_the_same_model(tmp_path: Path, case: Any) -> None:
    _root, target, flags, metric = _setup(tmp_path, case)
    limit = ["--max-drift", f"{metric}=0.01"]
    report = _judge(tmp_path, [str(target), *flags, "--history", "1", *limit])
    _regressed(report, "drifts")
    assert report["history"][0]["best"] == "eval/" + target.name


def test_a_baseline_file_for_several_unnamed_files_is_refused(tmp_path: Path) -> None:
    """Which of two sklearn reports is `--baseline old.json` the past of? gate will not guess."""
    report = DATA / "sklearn" / "iris_classification_report.json"
    for name in ("a.json", "b.json", "old.json"):
        shutil.copy(report, tmp_path / name)
    run = gate_main(
        [
            str(tmp_path / "a.json"),
            str(tmp_path / "b.json"),
            "--baseline",
            str(tmp_path / "old.json"),
        ]
    )
    assert run.code == 2
    assert "cannot tell which of the metrics files it is the baseline of" in run.err


FOLDER = st.lists(
    st.from_regex(r"[a-z][a-z0-9 _\[\]-]{0,6}", fullmatch=True), min_size=0, max_size=2
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=st.sampled_from(CASES), folder=FOLDER, history=st.booleans())
def test_any_unnamed_file_anywhere_is_the_same_model_at_a_ref(
    tmp_path_factory: pytest.TempPathFactory, case: Any, folder: list[str], history: bool
) -> None:
    """Property: wherever the file lives and however it is named from the working folder,
    the candidate and its version at a ref are one model."""
    _, source, name, flags, metric, lower = case
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    target = root.joinpath(*folder, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source())
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    target.write_bytes(lower(target.read_bytes()))
    rules = ["--min-accuracy", "none", "--threshold", f"{metric} >= 0"]
    limit = (
        ["--history", "1", "--max-drift", f"{metric}=0.01"]
        if history
        else ["--baseline-ref", "main", "--max-regression", f"{metric}=0.01"]
    )
    report = _judge(root, [str(target), *flags, *rules, *limit])
    (model,) = report["models"]
    assert model["name"] == "/".join([*folder, name])
    assert model["drifts" if history else "regressions"][0]["passed"] is False
