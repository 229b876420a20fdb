"""A hostile-input corpus (tests/hostile/) through the real CLI in GitHub mode.

`ok-*` files are valid (exit 0 or 1) but carry hostile names; `bad-*` files are input errors
(exit 2). For every file: no traceback, no workflow command outside our own, no forged
output, a summary under GitHub's 1 MiB, and `passed=true` only on exit 0.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import gate_main, gate_process, parse_github_output

CORPUS = sorted((Path(__file__).parent / "hostile").iterdir())
OUTPUT_NAMES = {"passed", "qualified", "qualified-count", "best-model", "report"}
# The only workflow commands gate itself writes; untrusted text goes into their escaped data.
OURS = re.compile(
    r"::(error|warning|notice)( file=[^,:]*(,line=\d+)?,|\s)?(title=[^:]*)?::.*"
    r"|::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::"
)
SUMMARY_LIMIT = 1024 * 1024


def commands_outside_the_frame(stdout: str) -> list[str]:
    """Lines the runner would act on: `::cmd` after leading space, or `##[` anywhere."""
    lines = stdout.splitlines()
    acting = []
    framed = False
    token = ""
    for line in lines:
        if framed:
            framed = line != f"::{token}::"
            continue
        if line.startswith("::stop-commands::"):
            framed, token = True, line.removeprefix("::stop-commands::")
            continue
        stripped = line.lstrip()
        if stripped.startswith("::") and not OURS.fullmatch(stripped):
            acting.append(line)
        if "##[" in line and not OURS.fullmatch(stripped):
            acting.append(line)
    return acting


def check_github_run(code: int, out: str, err: str, env: dict[str, str]) -> dict[str, str]:
    assert code in (0, 1, 2), err
    assert "Traceback" not in out + err
    assert commands_outside_the_frame(out) == []
    for line in err.splitlines():
        assert line.startswith("gate: "), line
        assert "##[" not in line
    outputs = parse_github_output(Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))
    assert set(outputs) == OUTPUT_NAMES
    assert outputs["passed"] == ("true" if code == 0 else "false")
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_bytes()
    assert 0 < len(summary) < SUMMARY_LIMIT
    return outputs


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_hostile_file(path: Path, github_env: dict[str, str]) -> None:
    run = gate_process([str(path)], env=github_env)
    outputs = check_github_run(run.code, run.out, run.err, github_env)
    if path.name.startswith("bad-"):
        assert run.code == 2, run.out
        assert re.search(rf"gate: error: {re.escape(str(path))}(:\d+)?: ", run.err), run.err
    else:
        assert run.code in (0, 1), run.err
        assert json.loads(outputs["qualified"]) is not None


def test_output_forgery_file_keeps_the_true_outputs(github_env: dict[str, str]) -> None:
    path = Path(__file__).parent / "hostile" / "ok-output-forgery.json"
    run = gate_process([str(path), "--require", "all"], env=github_env)
    outputs = check_github_run(run.code, run.out, run.err, github_env)
    assert outputs["passed"] == "false"
    assert json.loads(outputs["qualified"]) == [
        "best<<EOF\ninjected\nEOF",
        "ghadelimiter_0000\nbest-model=evil",
    ]
    assert outputs["best-model"] == ""  # the gate failed: nothing to ship, forged or not


def test_a_huge_file_keeps_the_summary_under_1_mib(write, github_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    models = {f"model_{i:06d}_{'x' * 40}": 0.5 + (i % 50) / 100 for i in range(30_000)}
    path = write("many.json", json.dumps(models))
    report = tmp_path / "report.json"
    run = gate_main([path, "--report", str(report)], env=github_env)
    check_github_run(run.code, run.out, run.err, github_env)
    summary = Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert len(summary.encode()) < 1_000_000
    assert "**Showing the first 2,000 of these 29,980**" in summary
    # 20 rows outside the fold: the best and 19 more qualifying models
    qualifying = sum(1 for value in models.values() if value >= 0.8)
    failing = 30_000 - qualifying
    assert f"29,980 more models: {failing:,} failing, {qualifying - 20:,} passing" in summary
    assert "and " in summary.splitlines()[2]  # the ready line names 20, then counts the rest
    assert len(json.loads(report.read_text(encoding="utf-8"))["models"]) == 30_000


def test_a_megabyte_name_is_cut_everywhere_a_person_reads(write, github_env) -> None:  # type: ignore[no-untyped-def]
    name = "n" * 2_000_000
    path = write("long.json", json.dumps({name: 0.9, "b": {"accuracy": 2}}))
    run = gate_main([path], env=github_env)
    check_github_run(run.code, run.out, run.err, github_env)
    assert max(len(line) for line in run.err.splitlines()) < 2000
    ok = write("long-ok.json", json.dumps({name: 0.9}))
    run = gate_main([ok], env=github_env)
    assert run.code == 0
    summary = Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert len(summary) < 10_000


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from(["m.json", "m.yaml", "m"]))
def test_random_bytes_never_crash_and_never_pass(write, tmp_path, raw, name) -> None:  # type: ignore[no-untyped-def]
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md"),
        "GITHUB_OUTPUT": str(tmp_path / "o.txt"),
        "GITHUB_WORKSPACE": str(tmp_path),
    }
    for key in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        Path(env[key]).write_text("", encoding="utf-8")
    run = gate_main([write(name, raw)], env=env)
    check_github_run(run.code, run.out, run.err, env)
    if run.code == 0:  # only a valid file whose models qualify passes
        assert "Models ready for production:" in run.out


@pytest.mark.parametrize(
    ("stdout", "acting"),
    [
        ("::set-output name=passed::true\n", 1),
        ("  ::add-mask::x\n", 1),
        ("text ##[set-output name=a]b\n", 1),
        ("::stop-commands::" + "a" * 32 + "\n::add-mask::x\n::" + "a" * 32 + "::\n", 0),
        ("::stop-commands::" + "a" * 32 + "\n::" + "a" * 32 + "::\n::add-mask::x\n", 1),
        ("::error file=m.json,line=3,title=Invalid metrics file::##[x]%0A::y\n", 0),
        ("::warning::gate could not write the job summary: denied\n", 0),
    ],
)
def test_the_command_checker_itself(stdout: str, acting: int) -> None:
    assert len(commands_outside_the_frame(stdout)) == acting
