"""A flag (or the action's input) overrides the same key of the policy file, key by key.

Each case: a policy file that sets the key one way, the flag that sets it another, and what
the JSON report shows when the flag won. Run through the CLI, then through the action's
entry point with the same value as an input (issue 15: `--min-accuracy 0.9` lost to a
file's `accuracy >= 0.5`, and `slice-regressions: false` could not turn off a file's true).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from gate.action import run_action
from tests.conftest import EXAMPLES, gate_main, parse_github_output

SLICES = str(EXAMPLES / "slices" / "metrics.yaml")
Check = Callable[[dict[str, Any]], bool]


def _rule(report: dict[str, Any], metric: str, key: str = "rules") -> list[float]:
    return [r["threshold"] for r in report[key] if r["metric"] == metric]


# key: (policy file, flag argv, action input (name, value), metrics file, check on the report)
CASES: dict[str, tuple[str, list[str], tuple[str, str], str, Check]] = {
    "min-accuracy": (
        "min-accuracy: 0.5\n",
        ["--min-accuracy", "0.9"],
        ("min-accuracy", "0.9"),
        SLICES,
        lambda r: _rule(r, "accuracy") == [0.9] and not r["passed"],
    ),
    "thresholds-on-accuracy": (  # the case: the file's rule replaced the flag's
        "thresholds: [accuracy >= 0.5]\n",
        ["--min-accuracy", "0.9"],
        ("min-accuracy", "0.9"),
        SLICES,
        lambda r: _rule(r, "accuracy") == [0.9] and not r["passed"],
    ),
    "min-accuracy-none": (
        "thresholds: [accuracy >= 0.99, recall >= 0.5]\n",
        ["--min-accuracy", "none"],
        ("min-accuracy", "none"),
        SLICES,
        lambda r: _rule(r, "accuracy") == [] and r["passed"],
    ),
    "thresholds": (
        "thresholds: [recall >= 0.99]\n",
        ["--threshold", "recall >= 0.5"],
        ("thresholds", "recall >= 0.5"),
        SLICES,
        lambda r: _rule(r, "recall") == [0.5] and r["passed"],
    ),
    "metric": (
        "metric: f1\n",
        ["--metric", "recall", "--min-accuracy", "none", "--threshold", "recall >= 0"],
        ("metric", "recall"),
        "SHORTHAND",
        lambda r: set(r["models"][0]["metrics"]) == {"recall"},
    ),
    "require": (
        "require: all\n",
        ["--require", "any"],
        ("require", "any"),
        SLICES,
        lambda r: r["require"] == "any" and r["passed"],
    ),
    "slice-thresholds": (
        "slice-thresholds: [accuracy >= 0.99]\n",
        ["--slice-threshold", "accuracy >= 0.5"],
        ("slice-thresholds", "accuracy >= 0.5"),
        SLICES,
        lambda r: _rule(r, "accuracy", "slice_rules") == [0.5],
    ),
    "max-slice-gap": (
        "max-slice-gap: [accuracy=0.01]\n",
        ["--max-slice-gap", "accuracy=0.5"],
        ("max-slice-gap", "accuracy=0.5"),
        SLICES,
        lambda r: r["slice_gaps"] == [{"metric": "accuracy", "max": 0.5}],
    ),
    "min-slice-samples": (
        "min-slice-samples: 100\nslice-thresholds: [accuracy >= 0.5]\n",
        ["--min-slice-samples", "0"],
        ("min-slice-samples", "0"),
        SLICES,
        lambda r: r["min_slice_samples"] == 0,
    ),
    "confidence": (
        "confidence: 0.99\n",
        ["--confidence", "0.5"],
        ("confidence", "0.5"),
        SLICES,
        lambda r: r["confidence"] == 0.5,
    ),
    "confidence-none": (
        "confidence: 0.99\n",
        ["--confidence", "none"],
        ("confidence", "none"),
        SLICES,
        lambda r: "confidence" not in r,
    ),
    "max-regression": (
        "max-regression: [accuracy=0.5]\n",
        ["--max-regression", "accuracy=0.01"],
        ("max-regression", "accuracy=0.01"),
        SLICES,
        lambda r: [x["amount"] for x in r["max_regressions"]] == [0.01],
    ),
    "slice-regressions": (
        "slice-regressions: true\nmax-regression: [accuracy=0.01]\n",
        ["--no-slice-regressions"],
        ("slice-regressions", "false"),
        SLICES,
        lambda r: r["slice_regressions"] is False,
    ),
    "on-missing-baseline": (
        "on-missing-baseline: fail\n",
        ["--on-missing-baseline", "pass"],
        ("on-missing-baseline", "pass"),
        SLICES,
        lambda r: r["on_missing_baseline"] == "pass",
    ),
    "on-incomparable": (
        "on-incomparable: warn\n",
        ["--on-incomparable", "fail"],
        ("on-incomparable", "fail"),
        SLICES,
        lambda r: r["on_incomparable"] == "fail",
    ),
}


def _metrics_file(which: str, tmp_path: Path) -> str:
    if which != "SHORTHAND":
        return which
    path = tmp_path / "short.json"
    path.write_text(json.dumps({"model_A": 0.9}), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("key", list(CASES))
def test_a_flag_overrides_its_policy_key(key: str, tmp_path: Path) -> None:
    text, flags, _, metrics, check = CASES[key]
    policy = tmp_path / "policy.yml"
    policy.write_text(text, encoding="utf-8")
    report = tmp_path / "r.json"
    argv = [_metrics_file(metrics, tmp_path), "--config", str(policy), *flags]
    # the candidate is its own baseline, so that the comparison keys show in the report
    argv += ["--baseline", SLICES, "--report", str(report)]
    run = gate_main(argv)
    assert run.code in (0, 1), run.err
    assert check(json.loads(report.read_text(encoding="utf-8"))), report.read_text(
        encoding="utf-8"
    )[:2000]


@pytest.mark.parametrize("key", list(CASES))
def test_an_action_input_overrides_its_policy_key(
    key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _, (name, value), metrics, check = CASES[key]
    policy = tmp_path / "policy.yml"
    policy.write_text(text, encoding="utf-8")
    output = tmp_path / "output.txt"
    output.write_text("", encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path),
        "INPUT_METRICS_FILE": _metrics_file(metrics, tmp_path),
        "INPUT_CONFIG": str(policy),
        "INPUT_BASELINE": SLICES,
        "INPUT_FAIL_ON_GATE": "false",
        "INPUT_COMMENT": "false",
        "INPUT_" + name.upper().replace("-", "_"): value,
    }
    if key == "metric":  # a rule on the flag's metric, instead of accuracy's
        env["INPUT_THRESHOLDS"] = "recall >= 0"
        env["INPUT_MIN_ACCURACY"] = "none"
    code = run_action(env)
    assert code == 0, capsys.readouterr()
    report = Path(parse_github_output(output.read_text(encoding="utf-8"))["report"])
    assert check(json.loads(report.read_text(encoding="utf-8"))), report.read_text(
        encoding="utf-8"
    )[:2000]


def test_a_flag_rule_keeps_the_place_of_the_file_rule_it_replaces(tmp_path: Path) -> None:
    """The first rule ranks the best model: a flag that replaces it must not demote it."""
    policy = tmp_path / "policy.yml"
    policy.write_text("min-accuracy: 0.5\nthresholds: [recall >= 0.5]\n", encoding="utf-8")
    report = tmp_path / "r.json"
    gate_main([SLICES, "--config", str(policy), "--min-accuracy", "0.8", "--report", str(report)])
    rules = json.loads(report.read_text(encoding="utf-8"))["rules"]
    assert [(r["metric"], r["threshold"]) for r in rules] == [("accuracy", 0.8), ("recall", 0.5)]
