"""On a runner nothing gate prints can become a workflow command, on any path. Before, the
`--format json` error report and `gate validate`'s lines were not framed, so a name holding
`##[set-output …]` reached the runner; and the action's own input errors (a glob matching
nothing, `chart: yes`) left the previous run's outputs, JUnit file and passing comment."""

from __future__ import annotations

import io
import json
import re
from html import escape
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest

from gate.action import run_action
from gate.github.guard import Guarded, neutralise
from tests.conftest import gate_main, parse_github_output

HOSTILE = "##[set-output name=passed;]true"
OURS = re.compile(
    r"::(error|warning|notice)( [^:]*)?::|::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::"
)


def assert_inert(text: str) -> None:
    """What the runner would act on: only gate's own commands, and no legacy `##[`."""
    assert "##[" not in text.replace("#\u200b#[", ""), text
    for line in text.splitlines():
        if line.lstrip().startswith("::"):
            assert OURS.match(line.lstrip()), line
    # a command line's untrusted part is escaped: no line break can start a new one
    assert "\n::set-output" not in text


def test_neutralise_breaks_both_kinds_of_command() -> None:
    assert neutralise(f"a {HOSTILE}") == "a #\u200b#[set-output name=passed;]true"
    assert neutralise("  ::warning::x\nok") == "  \u200b::warning::x\nok"
    stream = io.StringIO()
    Guarded(stream).write("::error::x\n")
    assert stream.getvalue() == "\u200b::error::x\n"


@pytest.mark.parametrize("form", ["json", "text", "markdown"])
def test_an_input_error_prints_nothing_the_runner_runs(
    write: Any, github_env: dict[str, str], form: str
) -> None:
    path = write("m.json", json.dumps({HOSTILE: 0.9, "::set-output name=x::y": 2.0}))
    run = gate_main([path, "--format", form], github_env)
    assert run.code == 2
    assert_inert(run.out)
    assert_inert(run.err)


def test_validate_prints_nothing_the_runner_runs(
    tmp_path: Path, github_env: dict[str, str]
) -> None:
    good = tmp_path / f"{HOSTILE}.json"
    good.write_text('{"a": 0.9}', encoding="utf-8")
    bad = tmp_path / "::set-output name=x::bad.json"
    bad.write_text('{"a": 2}', encoding="utf-8")
    run = gate_main(["validate", str(good), str(bad)], github_env)
    assert run.code == 2
    assert "ok " in run.out or "set-output" in run.err
    assert_inert(run.out)
    assert_inert(run.err)
    run = gate_main(["validate", str(good)], {**github_env, "GITHUB_ACTIONS": "true"})
    assert run.code == 0 and "#\u200b#[set-output" in run.out


def test_a_verdict_with_no_github_still_neutralises(write: Any, github_env: dict[str, str]) -> None:
    """--no-github writes no GitHub files, but the runner still reads every line."""
    path = write("m.json", json.dumps({HOSTILE: 0.5}))
    run = gate_main([path, "--no-github"], github_env)
    assert run.code == 1
    assert_inert(run.out)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"METRICS_FILE": "reports/*.json"}, "metrics-file: no file matches 'reports/*.json'"),
        ({"CHART": "yes"}, "chart must be true or false, got 'yes'"),
        ({"FAIL_ON_GATE": "maybe"}, "fail-on-gate must be true or false, got 'maybe'"),
    ],
)
def test_the_action_s_own_input_errors_take_the_error_path(  # noqa: PLR0917
    tmp_path: Path,
    github_env: dict[str, str],
    inputs: dict[str, str],
    message: str,
    monkeypatch: Any,
    capsys: Any,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.json").write_text('{"a": 0.9}', encoding="utf-8")
    junit, summary, output = (
        tmp_path / "junit.xml",
        Path(github_env["GITHUB_STEP_SUMMARY"]),
        Path(github_env["GITHUB_OUTPUT"]),
    )
    good = {
        **github_env,
        "RUNNER_TEMP": str(tmp_path),
        "INPUT_METRICS_FILE": "m.json",
        "INPUT_JUNIT": str(junit),
        "INPUT_COMMENT": "false",
    }
    assert run_action(good) == 0  # an earlier run passed and left its files
    assert parse_github_output(output.read_text(encoding="utf-8"))["passed"] == "true"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    capsys.readouterr()
    assert run_action({**good, **{f"INPUT_{k}": v for k, v in inputs.items()}}) == 2
    printed = capsys.readouterr()
    assert f"gate: error: {message}" in printed.err
    outputs = parse_github_output(output.read_text(encoding="utf-8"))
    assert outputs["passed"] == "false" and outputs["qualified"] == "[]"
    assert json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))["passed"] is False
    html = cmarkgfm.github_flavored_markdown_to_html(summary.read_text(encoding="utf-8"))
    assert f"<li>{escape(message, quote=False)}</li>" in html and "❌ Model gate" in html
    assert (
        "<error" in junit.read_text(encoding="utf-8")
        and "passed" not in junit.read_text(encoding="utf-8").split("<testcase")[0]
    )
