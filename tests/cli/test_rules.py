"""Rules, requirement and best model, as a user sets them on the command line or in a policy."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, SEED, gate_main, report_of

PER_MODEL = str(EXAMPLES / "per-model" / "metrics.json")


def test_thresholds_add_rules_and_each_failure_is_a_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([PER_MODEL, "--threshold", "f1 >= 0.75", "--threshold", "latency_ms<=50"])
    assert run.code == 0
    lines = run.out.splitlines()
    assert any("baseline_logreg" in ln and "f1 0.72 fails >= 0.75" in ln for ln in lines)
    assert any("transformer_small" in ln and "latency_ms 61.5 fails <= 50" in ln for ln in lines)
    assert "Models ready for production: gbdt_v4" in lines


@pytest.mark.parametrize(
    ("rule", "qualified"),
    [
        ("f1>0.8", ["transformer_small"]),
        ("f1>=0.8", ["gbdt_v4", "transformer_small"]),
        ("latency_ms<14", ["baseline_logreg"]),
        ("latency_ms<=14", ["baseline_logreg", "gbdt_v4"]),
    ],
)
def test_each_operator_and_its_boundary(tmp_path, rule, qualified) -> None:  # type: ignore[no-untyped-def]
    _, report = report_of(tmp_path, PER_MODEL, "--threshold", rule)
    assert report["qualified"] == qualified


def test_model_lacking_a_ruled_metric_does_not_qualify_and_says_why(tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json", '{"model_A": {"accuracy": 0.9}, "model_B": {"accuracy": 0.9, "f1": 0.6}}'
    )
    code, report = report_of(tmp_path, path, "--threshold", "f1>=0.7")
    assert code == 1
    assert report["qualified"] == []
    assert report["models"][1]["reason"] == "f1 0.6 fails >= 0.7"
    model_a = report["models"][0]
    assert model_a["reason"] == "missing metric f1 (needs f1 >= 0.7)"
    assert model_a["checks"][1] == {
        "metric": "f1",
        "op": ">=",
        "threshold": 0.7,
        "value": None,
        "passed": False,
    }


def test_later_rule_on_same_metric_and_direction_replaces_earlier(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, report = report_of(tmp_path, str(SEED), "--threshold", "accuracy>=0.85")
    assert report["rules"] == [{"metric": "accuracy", "op": ">=", "threshold": 0.85}]
    assert report["qualified"] == ["model_C"]
    # the other direction is a second rule, not a replacement
    _, report = report_of(tmp_path, str(SEED), "--threshold", "accuracy<0.9")
    assert [r["op"] for r in report["rules"]] == [">=", "<"]
    assert report["qualified"] == ["model_A"]


def test_min_accuracy_none_drops_the_accuracy_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, report = report_of(
        tmp_path, PER_MODEL, "--min-accuracy", "none", "--threshold", "f1>=0.85"
    )
    assert code == 0
    assert [r["metric"] for r in report["rules"]] == ["f1"]


def test_no_rule_at_all_is_a_usage_error_not_a_pass() -> None:
    run = gate_main([str(SEED), "--min-accuracy", "none"])
    assert run.code == 2
    assert "no rules to check" in run.err


@pytest.mark.parametrize(
    ("require", "code", "verdict"),
    [
        ("any", 0, "Gate passed (require any): 2 of 4 models qualify."),
        ("all", 1, "Gate failed (require all): 2 of 4 models qualify."),
        ("2", 0, "Gate passed (require at least 2): 2 of 4 models qualify."),
        ("3", 1, "Gate failed (require at least 3): 2 of 4 models qualify."),
        ("model_C", 0, "Gate passed (require model_C): model_C qualifies."),
        (
            "model_B",
            1,
            "Gate failed (require model_B): model_B does not qualify (accuracy 0.75 fails >= 0.8).",
        ),
    ],
)
def test_require(require: str, code: int, verdict: str) -> None:
    run = gate_main([str(SEED), "--require", require])
    assert run.code == code
    assert verdict in run.out.splitlines()


@pytest.mark.parametrize("require", ["model_X", "0", ""])
def test_bad_require_is_exit_2(require: str) -> None:
    run = gate_main([str(SEED), "--require", require])
    assert run.code == 2
    assert run.err.startswith("gate: error:")


def test_require_unknown_model_lists_the_models() -> None:
    run = gate_main([str(SEED), "--require", "model_X"])
    assert "model 'model_X', which is not in the file (models: model_A, model_B" in run.err


def test_best_model_follows_first_rule_direction_and_keeps_file_order_on_ties(
    write, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json",
        json.dumps(
            {
                "a": {"latency_ms": 20, "accuracy": 0.9},
                "b": {"latency_ms": 10, "accuracy": 0.9},
                "c": {"latency_ms": 10, "accuracy": 0.95},
            }
        ),
    )
    _, report = report_of(
        tmp_path,
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "latency_ms<=30",
        "--threshold",
        "accuracy>=0.8",
    )
    assert report["best"] == "b"  # lowest latency; b and c tie, b comes first
    _, report = report_of(tmp_path, path)
    assert report["best"] == "c"
    _, report = report_of(tmp_path, path, "--min-accuracy", "0.9")
    assert report["best"] == "c"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "f1=0.7"], "operator '=' is not supported; use one of >=, >, <=, <"),
        (["--threshold", "f1 >= high"], "must be a number, got 'high'"),
        (["--threshold", "f1"], "expected 'METRIC OP VALUE'"),
        (["--threshold", "accuracy>=80"], "80 is out of range; did you mean 0.8?"),
        (["--threshold", "f1>=nan"], "must be a finite number"),
        (["--min-accuracy", "1.5"], "accuracy is a proportion in [0, 1]"),
        (["--min-accuracy", "eighty"], "--min-accuracy: the minimum accuracy must be a number"),
        (["--min-accuracy", "80%"], "the minimum 80% is out of range; did you mean 0.8?"),
        (["--threshold", "accuracy>=80%"], "80% is out of range; did you mean 0.8?"),
        (["--format", "html"], "--format: expected one of text, markdown, json, got 'html'"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_options_are_exit_2_with_a_clear_message(args: list[str], message: str) -> None:
    run = gate_main([str(SEED), *args])
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err


def test_policy_file_and_flags_override_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    policy = str(EXAMPLES / "policy" / "gate.yml")
    full = str(EXAMPLES / "full" / "metrics.yaml")
    code, report = report_of(tmp_path, full, "--config", policy)
    assert code == 0
    assert [(r["metric"], r["op"], r["threshold"]) for r in report["rules"]] == [
        ("accuracy", ">=", 0.8),
        ("f1", ">=", 0.75),
        ("latency_ms", "<=", 50),
    ]
    assert report["qualified"] == ["model_A", "model_C"]
    code, report = report_of(
        tmp_path,
        full,
        "--config",
        policy,
        "--min-accuracy",
        "0.85",
        "--threshold",
        "f1>=0.8",
        "--require",
        "all",
    )
    assert code == 1
    assert report["require"] == "all"
    assert report["rules"][0]["threshold"] == 0.85
    assert report["rules"][1] == {"metric": "f1", "op": ">=", "threshold": 0.8}
    assert report["qualified"] == ["model_C"]


@pytest.mark.parametrize(
    ("policy", "line", "message"),
    [
        ("thresholds:\n  - f1 >= 0.7\n  - f1 => 0.7\n", 3, "thresholds[1]: operator '=>'"),
        ("min-accuracy: 80\n", 1, "min-accuracy: 80 is greater than the maximum of 1"),
        ("require: any\nrequire: all\n", 2, "duplicate key 'require'"),
        ("thresholds: f1>=0.7\n", 1, "thresholds: expected a list, got string"),
        ("min-acuracy: 0.9\n", 1, "unknown key \"min-acuracy\"; did you mean 'min-accuracy'?"),
        ("min_accuracy: 0.9\n", 1, "did you mean 'min-accuracy'? (keys use '-', as the flags do)"),
        ("report: r.json\n", 1, 'unknown key "report"'),
        ("require: 0\n", 1, "require: 0 is less than the minimum of 1"),
    ],
)
def test_bad_policy_file_names_file_line_and_path(write, policy, line, message) -> None:  # type: ignore[no-untyped-def]
    path = write("policy.yml", policy)
    run = gate_main([str(SEED), "--config", path])
    assert run.code == 2
    assert f"{path}:{line}: " in run.err
    assert message in run.err


def test_missing_policy_file_is_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(SEED), "--config", str(tmp_path / "nope.yml")])
    assert run.code == 2
    assert "nope.yml: cannot read: no such file" in run.err
