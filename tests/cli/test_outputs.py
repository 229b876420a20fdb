"""What the gate writes: stdout formats, --report, --summary, and GitHub's files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cmarkgfm
import pytest

from tests.conftest import EXAMPLES, SEED, gate_main, gate_process, parse_github_output


def test_format_json_is_the_report(tmp_path: Path) -> None:
    run = gate_main([str(SEED), "--format", "json", "--report", str(tmp_path / "r.json")])
    assert run.code == 0
    assert json.loads(run.out) == json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def test_report_has_the_contract_fields(tmp_path: Path) -> None:
    gate_main([str(SEED), "--report", str(tmp_path / "r.json")])
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["passed"] is True
    assert report["qualified"] == ["model_A", "model_C"]
    assert report["best"] == "model_C"
    assert report["rules"] == [{"metric": "accuracy", "op": ">=", "threshold": 0.8}]
    assert [m["name"] for m in report["models"]] == ["model_A", "model_B", "model_C", "model_D"]
    model_b = report["models"][1]
    assert model_b["qualified"] is False
    assert model_b["metrics"] == {"accuracy": 0.75}
    assert model_b["checks"] == [
        {"metric": "accuracy", "op": ">=", "threshold": 0.8, "value": 0.75, "passed": False}
    ]


def test_report_and_summary_folders_are_created(tmp_path: Path) -> None:
    report, summary = tmp_path / "out" / "a" / "r.json", tmp_path / "out" / "b" / "s.md"
    run = gate_main([str(SEED), "--report", str(report), "--summary", str(summary)])
    assert run.code == 0
    assert report.is_file() and summary.is_file()


def test_unwritable_report_is_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    run = gate_main([str(SEED), "--report", str(blocker / "r.json")])
    assert run.code == 2
    assert "--report" in run.err and "cannot write" in run.err


def test_summary_renders_as_one_table_with_a_row_per_model(tmp_path: Path) -> None:
    summary = tmp_path / "s.md"
    gate_main([str(SEED), "--summary", str(summary)])
    html = cmarkgfm.github_flavored_markdown_to_html(summary.read_text(encoding="utf-8"))
    assert html.count("<table>") == 1
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert len(rows) == 5  # header + 4 models
    first_cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)[0] for row in rows]
    assert first_cells == ["Model", "✅ model_A", "❌ model_B", "✅ model_C", "❌ model_D"]


def test_format_markdown_prints_the_summary(tmp_path: Path) -> None:
    summary = tmp_path / "s.md"
    run = gate_main([str(SEED), "--format", "markdown", "--summary", str(summary)])
    assert run.out == summary.read_text(encoding="utf-8")


def test_github_mode_writes_summary_outputs_and_frames_stdout(tmp_path: Path, github_env) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.json"
    run = gate_main([str(SEED), "--report", str(report)], env=github_env)
    assert run.code == 0
    summary = Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "### ✅ Model gate passed" in summary
    assert "| ✅ model\\_C | 0.9 | best |" in summary
    outputs = parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    assert outputs == {
        "passed": "true",
        "qualified": '["model_A", "model_C"]',
        "qualified-count": "2",
        "best-model": "model_C",
        "report": str(report),
    }
    lines = run.out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert lines[-1] == f"::{token}::"
    assert "Models ready for production: model_A, model_C" in lines


def test_github_mode_failure_annotates_and_sets_passed_false(github_env) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(SEED), "--min-accuracy", "0.95"], env=github_env)
    assert run.code == 1
    assert "::error file=" in run.out
    assert "title=Model gate failed::Gate failed (require any): 0 of 4 models qualify." in run.out
    outputs = parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    assert outputs["passed"] == "false" and outputs["qualified"] == "[]"
    assert outputs["best-model"] == ""


def test_github_mode_input_error_is_an_annotation_on_the_right_line(
    tmp_path: Path, github_env
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "reports" / "metrics.json"
    bad.parent.mkdir()
    bad.write_text('{\n  "model_A": 0.82,\n  "model_B": 1.75\n}\n', encoding="utf-8")
    run = gate_process([str(bad)], env=github_env, cwd=tmp_path)
    assert run.code == 2
    assert (
        "::error file=reports/metrics.json,line=3,title=Invalid metrics file::"
        "model_B: 1.75 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])"
    ) in run.out.splitlines()
    outputs = parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    assert outputs["passed"] == "false"
    summary = Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "Model gate: invalid metrics file" in summary
    html = cmarkgfm.github_flavored_markdown_to_html(summary)
    assert f"<li><strong>{bad}:3</strong> at model_B: 1.75 is greater than" in html


def test_no_github_writes_nothing_to_github_files(github_env) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(SEED), "--no-github"], env=github_env)
    assert run.code == 0
    assert Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8") == ""
    assert Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8") == ""
    assert "::" not in run.out


def test_github_summary_is_appended_not_overwritten(github_env) -> None:  # type: ignore[no-untyped-def]
    Path(github_env["GITHUB_STEP_SUMMARY"]).write_text("earlier step\n", encoding="utf-8")
    gate_main([str(SEED)], env=github_env)
    assert (
        Path(github_env["GITHUB_STEP_SUMMARY"])
        .read_text(encoding="utf-8")
        .startswith("earlier step\n###")
    )


def test_unwritable_github_summary_warns_and_keeps_the_verdict(tmp_path: Path, github_env) -> None:  # type: ignore[no-untyped-def]
    env = {**github_env, "GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "s.md")}
    run = gate_main([str(SEED), "--min-accuracy", "0.95"], env=env)
    assert run.code == 1
    assert "::warning::gate could not write the job summary" in run.out


def test_model_name_cannot_forge_an_output(write, github_env) -> None:  # type: ignore[no-untyped-def]
    name = "evil\npassed=true\nbest-model=evil"
    path = write("m.json", json.dumps({name: 0.5, "ok": 0.9}))
    gate_main([path, "--require", "all"], env=github_env)
    outputs = parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    assert outputs["passed"] == "false"
    assert set(outputs) == {"passed", "qualified", "qualified-count", "best-model", "report"}


def test_model_name_cannot_issue_workflow_commands_on_stdout(write, github_env) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json", json.dumps({"::add-mask::x": 0.9, "##[set-output name=passed]true": 0.5})
    )
    run = gate_main([path], env=github_env)
    lines = run.out.splitlines()
    token = lines[0].removeprefix("::stop-commands::")
    start = lines.index(f"::stop-commands::{token}")
    end = lines.index(f"::{token}::")
    outside = lines[:start] + lines[end + 1 :]
    assert not any("add-mask" in ln or "##[" in ln for ln in outside)


@pytest.mark.parametrize(
    ("env", "tty", "color"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"TERM": "dumb"}, True, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),  # CI logs that render ANSI
        ({"FORCE_COLOR": "true"}, False, True),
        ({"FORCE_COLOR": "0"}, True, False),  # "0" turns it off, as Node and pytest read it
        ({"FORCE_COLOR": ""}, True, True),  # empty: not set
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),  # NO_COLOR wins
    ],
)
def test_color_follows_the_terminal_force_color_and_no_color(
    env: dict[str, str], tty: bool, color: bool
) -> None:
    from gate.options import Gating, parse_options

    parsed = parse_options([str(SEED)], env, is_tty=tty)
    assert isinstance(parsed, Gating) and parsed.context.color is color


def test_the_verdict_line_and_failing_values_are_coloured() -> None:
    plain = gate_process([str(SEED)])
    assert "\x1b[" not in plain.out
    lines = gate_process([str(SEED)], env={"FORCE_COLOR": "1"}).out.splitlines()
    assert lines[0] == "\x1b[1m\x1b[32mGate passed (require any): 2 of 4 models qualify.\x1b[0m"
    row_b = next(line for line in lines if line.startswith("model_B"))
    assert "\x1b[31m0.75 ✗\x1b[0m" in row_b
    failed = gate_process([str(SEED), "--min-accuracy", "0.95"], env={"FORCE_COLOR": "1"})
    assert failed.out.startswith("\x1b[1m\x1b[31mGate failed")


def test_schema_command_prints_the_shipped_schemas() -> None:
    metrics = gate_process(["schema"])
    assert metrics.code == 0
    schema = json.loads(metrics.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("metrics.schema.json")
    policy = json.loads(gate_process(["schema", "policy"]).out)
    assert policy["$id"].endswith("policy.schema.json")
    assert gate_process(["schema", "nope"]).code == 2


def test_full_example_shows_all_ruled_metrics() -> None:
    run = gate_main(
        [str(EXAMPLES / "full" / "metrics.yaml"), "--config", str(EXAMPLES / "policy" / "gate.yml")]
    )
    header = next(line for line in run.out.splitlines() if line.startswith("Model"))
    for column in ("Model", "accuracy (>= 0.8)", "f1 (>= 0.75)", "latency_ms (<= 50)", "Verdict"):
        assert column in header
    assert "Reason" not in header  # reasons follow the table, under "Why:"
