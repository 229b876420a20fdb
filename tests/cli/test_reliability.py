"""Defects a hostile review found (issue 15), each through the real CLI: crashes on input the
schema accepts, numbers that overflow, unbounded output, files left wrong, option and refspec
injection. Each test failed on the code before the fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gate.cli
import gate.render.json
from gate.action import argv_from_inputs, run_action
from tests.conftest import (
    EXAMPLES,
    SEED,
    gate_main,
    gate_process,
    git,
    parse_github_output,
    report_of,
)

# --- crashes on input the schema accepts -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("m.json", '{"\\ud800x": 0.9}'),
        ("m.yaml", '"\\ud800x": 0.9\n'),
        ("n.json", '{"a": {"\\udfff": 0.9}}'),
    ],
)
def test_a_lone_surrogate_is_an_input_error_not_a_crash(write, github_env, name, text) -> None:  # type: ignore[no-untyped-def]
    path = write(name, text)
    for extra in ([], ["--require", "nosuch"]):
        run = gate_main([path, *extra], github_env)
        assert run.code == 2, run.err
        assert f"{path}:1: " in run.err and "lone surrogate" in run.err
        assert (
            parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))[
                "passed"
            ]
            == "false"
        )


def test_text_no_utf8_can_hold_from_the_command_line_is_written_escaped(
    tmp_path, github_env
) -> None:  # type: ignore[no-untyped-def]
    report, summary = tmp_path / "r.json", tmp_path / "s.md"
    metric = "\udcff"  # what an argument in Latin-1 becomes on a UTF-8 system
    argv = [
        str(SEED),
        "--min-accuracy",
        "none",
        "--metric",
        metric,
        "--threshold",
        f"{metric} >= 0.8",
    ]
    run = gate_main([*argv, "--report", str(report), "--summary", str(summary)], github_env)
    assert run.code == 0, run.err
    assert (
        json.loads(report.read_text(encoding="utf-8"))["rules"][0]["metric"] == "\udcff"
    )  # the escape, in JSON
    assert "\\udcff" in summary.read_text(encoding="utf-8")


# --- numbers that reach arithmetic -------------------------------------------------------------

HUGE = """version: 1
models:
  - name: m
    metrics: {accuracy: 0.9}
    samples: %s
    slices:
      a: {metrics: {accuracy: 0.9, score: 1.7e+308}, samples: 5}
      b: {metrics: {accuracy: 0.9, score: -1.7e+308}, samples: 5}
"""


def test_huge_but_finite_numbers_give_a_verdict_and_strict_json(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write("m.yaml", HUGE % ("1" + "0" * 200))
    report = tmp_path / "r.json"
    argv = [path, "--confidence", "0.95", "--max-slice-gap", "score=1", "--baseline", path]
    run = gate_main([*argv, "--max-regression", "accuracy=1e300%", "--report", str(report)])
    assert run.code == 1, run.err
    assert "score gap beyond any number between slices a (1.7e+308) and b (-1.7e+308)" in run.out
    text = report.read_text(encoding="utf-8")
    assert "Infinity" not in text and "NaN" not in text
    (model,) = json.loads(text)["models"]
    assert model["gaps"][0]["gap"] is None and model["gaps"][0]["passed"] is False
    assert model["checks"][0]["interval"] == [0.9, 0.9]


@pytest.mark.parametrize("amount", ["1e999", "inf", "nan", "1" * 400])
def test_an_amount_that_is_not_finite_is_refused(amount) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(SEED), "--baseline", str(SEED), "--max-regression", f"accuracy={amount}"])
    assert run.code == 2 and "must be a" in run.err


def test_a_long_amount_is_refused_at_once() -> None:
    """`accuracy=` + 20,000 digits + `x` backtracked quadratically (25 s) in a regex."""
    run = gate_main(
        [str(SEED), "--baseline", str(SEED), "--max-regression", "accuracy=" + "9" * 20000 + "x"]
    )
    assert run.code == 2 and "must be a number" in run.err
    assert len(run.err) < 400


@pytest.mark.parametrize("size", ["1000000GiB", "30GiB"])
def test_a_huge_size_limit_does_not_allocate_it(size) -> None:  # type: ignore[no-untyped-def]
    assert gate_main([str(SEED), "--max-file-size", size]).code == 0
    run = gate_process(["-", "--max-file-size", size], stdin=SEED.read_bytes())
    assert run.code == 0, run.err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is a Linux device")
def test_a_full_disk_on_stdout_is_an_environment_error() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "gate", str(SEED)],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert proc.returncode == 2
    assert (
        proc.stderr.decode()
        == "gate: error: cannot write to standard output: No space left on device\n"
    )


def test_thousands_of_rules_are_each_judged_once(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every rule of a long list applies, a later one on a metric replacing an earlier one
    in its place (how they combine in linear time is measured in benchmarks/, not here)."""
    metrics = {f"m{i}": 0.5 for i in range(2000)}
    path = write("m.json", json.dumps({"model": metrics}))
    argv = [path, "--min-accuracy", "none"]
    for i in range(2000):
        argv += ["--threshold", f"m{i} >= 0.1"]
    argv += ["--threshold", "m7 >= 0.6"]  # replaces m7's rule, in its place
    code, report = report_of(tmp_path, *argv)
    (model,) = report["models"]
    assert code == 1 and len(model["checks"]) == 2000
    assert [c["metric"] for c in model["checks"][6:9]] == ["m6", "m7", "m8"]
    assert [c["passed"] for c in model["checks"]].count(False) == 1
    assert model["reason"] == "m7 0.5 fails >= 0.6"


# --- bounded output on a file with many errors -----------------------------------------------------


def test_an_invalid_file_lists_twenty_errors_then_counts_the_rest(
    write, github_env, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    models = [
        {
            "name": f"m{i}",
            "metrics": {"accuracy": 0.9},
            "slices": {"s": {"metrics": {"accuracy": 1.5}}},
        }
        for i in range(2000)
    ]
    path = write("m.json", json.dumps({"version": 1, "models": models}, indent=1))
    report = tmp_path / "r.json"
    run = gate_main([path, "--report", str(report)], github_env)
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) == 21
    assert lines[0].startswith(f"gate: error: {path}:")
    assert "models[0].slices.s.metrics.accuracy: 1.5 is greater than the maximum of 1" in lines[0]
    assert lines[-1] == "gate: error: … and 1980 more models with problems of the same kinds"
    body = json.loads(report.read_text(encoding="utf-8"))
    assert len(body["errors"]) == 20 and body["more_models_with_errors"] == 1980
    annotations = [line for line in run.out.splitlines() if line.startswith("::error")]
    assert len(annotations) == 11 and "1980 more models" in annotations[-1]


# --- files left wrong ----------------------------------------------------------------------------


def test_a_report_is_never_torn(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "r.json"
    report.write_text('{"passed": false, "old": true}', encoding="utf-8")
    real = gate.render.json.report_chunks

    def broken(result):  # type: ignore[no-untyped-def]
        chunks = real(result)
        yield next(chunks)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gate.render.json, "report_chunks", broken)
    run = gate_main([str(SEED), "--report", str(report)])
    assert run.code == 2 and "--report" in run.err and "No space left on device" in run.err
    # never half a passing report: the run's own error report replaced the old one whole
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["passed"] is False and "No space left on device" in body["errors"][0]["message"]
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_a_crash_still_says_failed_in_every_file(monkeypatch, tmp_path, github_env) -> None:  # type: ignore[no-untyped-def]
    report, summary = tmp_path / "r.json", tmp_path / "s.md"
    gate_main([str(SEED), "--report", str(report), "--summary", str(summary)])
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is True

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(gate.cli, "evaluate", boom)
    run = gate_main([str(SEED), "--report", str(report), "--summary", str(summary)], github_env)
    assert run.code == 3
    assert "internal error (RuntimeError)" in run.err
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is False
    assert "passed" not in summary.read_text(encoding="utf-8").splitlines()[0]
    assert (
        parse_github_output(Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))["passed"]
        == "false"
    )


def test_an_input_error_rewrites_a_passing_summary(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "s.md"
    gate_main([str(SEED), "--summary", str(summary)])
    assert "✅ Model gate passed" in summary.read_text(encoding="utf-8")
    run = gate_main([write("bad.json", '{"a": "high"}'), "--summary", str(summary)])
    assert run.code == 2
    assert "Model gate passed" not in summary.read_text(
        encoding="utf-8"
    ) and "invalid metrics file" in summary.read_text(encoding="utf-8")
    # an option that does not parse: the files named on the same command line are rewritten too
    run = gate_main(
        [
            str(SEED),
            "--summary",
            str(summary),
            "--report",
            str(tmp_path / "r.json"),
            "--threshold",
            "x",
        ]
    )
    assert run.code == 2
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["passed"] is False


def test_json_format_prints_the_error_report_on_stdout(write) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([write("bad.json", '{"a": "high"}'), "--format", "json"])
    assert run.code == 2
    body = json.loads(run.out)
    assert body["passed"] is False and body["errors"][0]["path"] == "a"


# --- git and option injection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "feature:refs/tags/planted",
        "+main:refs/heads/x",
        "--upload-pack=touch /tmp/x",
        "main..feature",
        "-h",
    ],
)
def test_a_ref_that_git_would_read_as_a_refspec_or_option_is_refused(repo, ref) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(repo / "reports dir" / "metrics.json"), f"--baseline-ref={ref}"])
    assert run.code == 2, run.out
    assert "is not a git ref gate will pass to git" in run.err
    assert git(repo, "tag") == ""
    assert git(repo, "branch", "--list", "x") == ""


@pytest.mark.parametrize("name", ["--version", "-h", "schema", "--config=evil.yml"])
def test_the_action_reads_a_metrics_file_named_like_an_option_as_a_file(
    tmp_path, capsys, name
) -> None:  # type: ignore[no-untyped-def]
    env = {"RUNNER_TEMP": str(tmp_path), "INPUT_METRICS_FILE": name}
    assert argv_from_inputs(env, "r.json")[-2:] == ["--", name]
    os.chdir(tmp_path)
    assert run_action(env) == 2  # no such file: never a pass, never the schema or the help
    (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_action(env) == 0
    assert "Models ready for production: model_A, model_C" in capsys.readouterr().out


def test_a_file_called_schema_is_gated_after_a_double_dash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "schema").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    run = gate_process(["--", "schema"], cwd=tmp_path)
    assert run.code == 0 and "Models ready for production" in run.out
    assert json.loads(gate_process(["schema"], cwd=tmp_path).out)["title"] == "gate metrics file"


def test_examples_still_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert gate_main([str(EXAMPLES / "full" / "metrics.yaml")]).code == 0
