"""A rule on a metric no model has is a usage error (exit 2) with the close match and the
metrics the file has, for every kind of rule; it used to fail every model with "missing"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, gate_main

FULL = str(EXAMPLES / "slices" / "metrics.yaml")  # accuracy and recall, with region slices


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--threshold", "acuracy >= 0.8"], "the rule 'acuracy >= 0.8' names the metric 'acuracy'"),
        (["--threshold", "Recall >= 0.8"], "did you mean 'recall'?"),
        (
            ["--min-accuracy", "none", "--threshold", "f1 >= 0.5"],
            "the rule 'f1 >= 0.5' names the metric 'f1'",
        ),
        (["--slice-threshold", "acc >= 0.8"], "the slice rule 'acc >= 0.8' names the metric 'acc'"),
        (
            ["--max-slice-gap", "accurracy=0.05"],
            "--max-slice-gap accurracy names the metric 'accurracy'",
        ),
        (
            ["--baseline", FULL, "--max-regression", "acc=0.02"],
            "--max-regression acc names the metric 'acc'",
        ),
        (
            ["--confidence", "0.95", "--proportion-metric", "precison"],
            "--proportion-metric precison names the metric 'precison'",
        ),
    ],
)
def test_every_kind_of_rule_on_an_unknown_metric_is_exit_2(
    argv: list[str], said: str, tmp_path: Path
) -> None:
    report = tmp_path / "r.json"
    run = gate_main([FULL, *argv, "--report", str(report)])
    assert run.code == 2, run.out
    assert said in run.err
    assert f"which no model in {FULL} has" in run.err
    assert "The models have: accuracy, recall" in run.err
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is False


def test_close_matches(write) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", '{"a": {"accuracy": 0.9, "F1": 0.8}}')
    run = gate_main([path, "--threshold", "acuracy >= 0.8"])
    assert "did you mean 'accuracy'?" in run.err
    run = gate_main([path, "--threshold", "f1 >= 0.8"])
    assert "did you mean 'F1'?" in run.err


def test_the_default_rule_says_how_to_drop_it(write) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", '{"a": {"f1": 0.9}}')
    run = gate_main([path])
    assert run.code == 2
    assert (
        "the rule 'accuracy >= 0.8' (the default --min-accuracy) names the metric 'accuracy'"
        in run.err
    )
    assert "--min-accuracy none" in run.err


def test_a_metric_only_some_models_have_still_fails_those_that_lack_it(write) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", '{"a": {"accuracy": 0.9}, "b": {"accuracy": 0.9, "f1": 0.9}}')
    run = gate_main([path, "--threshold", "f1 >= 0.5"])
    assert run.code == 0
    assert "missing metric f1 (needs f1 >= 0.5)" in run.out
