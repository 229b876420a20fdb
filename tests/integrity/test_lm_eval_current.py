"""lm-evaluation-harness as its current release writes it. Before, every file of lm-eval
>= 0.4.12 was refused (its rows add `name`, `sample_len` and `sample_count`), two result
files of one model could not be gated together, and a `--limit 50` run's acc was not a
proportion under --confidence. The files are real (tests/formats/data/SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import gate_main
from tests.formats.test_readers import DATA

CURRENT = DATA / "lm-eval" / "current" / "qwen36-gsm8k-limit50.json"
SOLAR = DATA / "lm-eval" / "solar"
STRICT = "gsm8k.exact_match,strict-match"


def _report(tmp_path: Path, *argv: str) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in (0, 1), run.err
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_0_4_12_file_is_read_and_its_bookkeeping_skipped(tmp_path: Path) -> None:
    report = _report(
        tmp_path, str(CURRENT), "--min-accuracy", "none", "--threshold", f"{STRICT} >= 0"
    )
    (model,) = report["models"]
    assert model["name"] == "Qwen/Qwen3.6-35B-A3B-FP8"
    assert set(model["metrics"]) == {STRICT, "gsm8k.exact_match,flexible-extract",
                                     "exact_match,strict-match", "exact_match,flexible-extract"}  # fmt: skip
    assert "run with --limit 50: each task scored on at most 50 examples" in report["source_note"]


def test_a_group_row_s_sample_count_is_bookkeeping(tmp_path: Path) -> None:
    data = json.loads(CURRENT.read_text(encoding="utf-8"))
    data["results"]["math"] = {
        "name": "math",
        "alias": "math",
        "sample_count": 100,
        "acc,none": 0.4,
    }
    data["group_subtasks"] = {"math": ["gsm8k"]}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = _report(
        tmp_path, str(path), "--min-accuracy", "none", "--threshold", "math.acc >= 0.3"
    )
    assert report["models"][0]["metrics"]["math.acc"] == 0.4
    assert "math.sample_count" not in report["models"][0]["metrics"]


def test_its_scores_are_proportions_with_their_task_s_count(tmp_path: Path) -> None:
    rules = ["--min-accuracy", "none", "--threshold", f"{STRICT} >= 0.5", "--confidence", "0.95"]
    data = json.loads(CURRENT.read_text(encoding="utf-8"))
    data["results"]["gsm8k"]["exact_match,strict-match"] = 0.64
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = _report(tmp_path, str(path), *rules)
    (check,) = report["models"][0]["checks"]
    low, high = check["interval"]
    assert round(low, 3) == 0.501 and round(high, 3) == 0.759  # Wilson, 32 of 50
    assert check["passed"] is True


def test_two_files_of_one_model_on_other_tasks_are_one_run(tmp_path: Path) -> None:
    report = _report(tmp_path, str(SOLAR / "winogrande-run1.json"), str(SOLAR / "math-hard.json"),
                     "--min-accuracy", "none", "--threshold", "winogrande.exact_match,get-answer >= 0.5")  # fmt: skip
    (model,) = report["models"]
    assert "leaderboard_math_algebra_hard.exact_match" in model["metrics"]
    assert "winogrande.exact_match,get-answer" in model["metrics"]
    assert "exact_match,get-answer" not in model["metrics"]  # the one-task plain name names neither


def test_two_files_of_one_model_on_one_task_are_refused_naming_it() -> None:
    run = gate_main([str(SOLAR / "winogrande-run1.json"), str(SOLAR / "winogrande-run2.json"),
                     "--min-accuracy", "none", "--threshold", "winogrande.exact_match,get-answer >= 0.5"])  # fmt: skip
    assert run.code == 2
    assert "has results for 'winogrande' in both" in run.err
