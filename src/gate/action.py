"""The composite action's entry point: its inputs (INPUT_* in env) → the CLI's argv.

Inputs match the flags one to one; an empty input means "not given" so that a policy file
(`config`) is not overridden by the action's defaults. `fail-on-gate: false` turns a failed
gate (exit 1) into a passing step whose outputs still say passed=false; input errors (exit 2)
always fail the step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping

from gate.cli import EXIT_FAILED, EXIT_INPUT, EXIT_PASSED, exit_now, main
from gate.github.commands import command
from gate.github.event import PULL_REQUEST_EVENTS

FLAG_INPUTS = (
    "min-accuracy",
    "require",
    "metric",
    "config",
    "max-file-size",
    "max-rows",
    "min-slice-samples",
    "confidence",
    "on-missing-baseline",
    "on-incomparable",
    "comment",
    "comment-id",
    "pr",
)
# Multi-line inputs: one value per line, each becoming the repeatable flag.
LIST_INPUTS = {
    "thresholds": "--threshold",
    "slice-thresholds": "--slice-threshold",
    "max-slice-gap": "--max-slice-gap",
    "proportion-metrics": "--proportion-metric",
    "max-regression": "--max-regression",
    "code-paths": "--code-paths",
}


def _input(env: Mapping[str, str], name: str) -> str:
    return env.get("INPUT_" + name.upper().replace("-", "_"), "").strip()


def baseline_argv(env: Mapping[str, str]) -> list[str]:
    """`baseline` (a file) or `baseline-ref`; on a pull request, by default, the PR's base
    commit. `baseline-ref: none` compares with nothing."""
    if _input(env, "baseline"):
        return ["--baseline", _input(env, "baseline")]
    ref = _input(env, "baseline-ref")
    if ref.lower() == "none":
        return []
    if ref:
        return ["--baseline-ref", ref]
    return ["--pr-base"] if env.get("GITHUB_EVENT_NAME") in PULL_REQUEST_EVENTS else []


def argv_from_inputs(env: Mapping[str, str], report: str) -> list[str]:
    argv = [_input(env, "metrics-file"), *baseline_argv(env)]
    switch = _input(env, "slice-regressions").lower()
    if switch:  # false too: it must be able to turn off a policy file's true
        argv.append("--slice-regressions" if switch == "true" else "--no-slice-regressions")
    for name in FLAG_INPUTS:
        value = _input(env, name)
        if value:
            argv += [f"--{name}", value]
    for name, flag in LIST_INPUTS.items():
        for line in _input(env, name).splitlines():
            value = line.strip()
            if value and not value.startswith("#"):
                argv += [flag, value]
    return [*argv, "--report", report]


def fail_on_gate(env: Mapping[str, str]) -> bool | None:
    value = _input(env, "fail-on-gate").lower() or "true"
    return {"true": True, "false": False}.get(value)


def run_action(env: Mapping[str, str], keep: list[object] | None = None) -> int:
    if not _input(env, "metrics-file"):
        print(command("error", "the metrics-file input is required", {"title": "gate"}))
        return EXIT_INPUT
    if _input(env, "slice-regressions").lower() not in ("", "true", "false"):
        print(command("error", "slice-regressions must be true or false", {"title": "gate"}))
        return EXIT_INPUT
    failing = fail_on_gate(env)
    if failing is None:
        print(command("error", "fail-on-gate must be true or false", {"title": "gate"}))
        return EXIT_INPUT
    folder = env.get("RUNNER_TEMP") or tempfile.gettempdir()
    handle, report = tempfile.mkstemp(prefix="gate-report-", suffix=".json", dir=folder)
    os.close(handle)
    code = main(argv_from_inputs(env, report), env=env, keep=keep)
    if code == EXIT_FAILED and not failing:
        notice = "the gate failed; fail-on-gate is false, so the step passes"
        print(command("notice", notice, {"title": "gate"}))
        return EXIT_PASSED
    return code


if __name__ == "__main__":
    kept: list[object] = []
    exit_now(run_action(os.environ, kept))
