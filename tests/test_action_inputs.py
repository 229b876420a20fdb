"""The action's inputs → the CLI's flags, one to one (src/gate/action.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.action import InputError, argv_from_inputs, fail_on_gate, run_action
from tests.conftest import SEED, parse_github_output


def test_empty_inputs_are_not_flags_so_a_policy_file_is_not_overridden() -> None:
    env = {"INPUT_METRICS_FILE": "m.json", "INPUT_MIN_ACCURACY": "", "INPUT_REQUIRE": " "}
    assert argv_from_inputs(env, "r.json") == ["--report=r.json", "--", "m.json"]


def test_thresholds_one_rule_per_line_comments_and_blanks_skipped() -> None:
    env = {
        "INPUT_METRICS_FILE": "m.json",
        "INPUT_THRESHOLDS": "# budget\n f1 >= 0.75\n\nlatency_ms <= 50\r\n",
        "INPUT_MIN_ACCURACY": "0.9",
        "INPUT_CONFIG": "gate.yml",
    }
    assert argv_from_inputs(env, "r.json") == [
        "--config=gate.yml",
        "--min-accuracy=0.9",
        "--threshold=f1 >= 0.75",
        "--threshold=latency_ms <= 50",
        "--report=r.json",
        "--",
        "m.json",
    ]


def test_fail_on_gate_values() -> None:
    assert fail_on_gate({}) is True
    assert fail_on_gate({"INPUT_FAIL_ON_GATE": "False"}) is False
    with pytest.raises(InputError, match="fail-on-gate must be true or false"):
        fail_on_gate({"INPUT_FAIL_ON_GATE": "maybe"})


def test_report_only_turns_exit_1_into_0_but_not_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.txt"
    out.write_text("", encoding="utf-8")
    env = {
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(out),
        "INPUT_METRICS_FILE": str(SEED),
        "INPUT_MIN_ACCURACY": "0.95",
        "INPUT_FAIL_ON_GATE": "false",
    }
    assert run_action(env) == 0
    outputs = parse_github_output(out.read_text(encoding="utf-8"))
    assert outputs["passed"] == "false"
    assert json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))["passed"] is False
    assert run_action({**env, "INPUT_MIN_ACCURACY": "2"}) == 2
    assert run_action({**env, "INPUT_FAIL_ON_GATE": "yes"}) == 2
    assert run_action({**env, "INPUT_METRICS_FILE": ""}) == 2
