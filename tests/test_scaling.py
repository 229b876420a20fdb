"""No step is super-linear: the work (Python lines executed and calls, counted, not timed) for 4N
models is at most ~4x the work for N, on the whole run in GitHub mode: parse, validate,
evaluate, best model, Markdown summary, outputs, JSON report; and on the error path."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gate.cli import execute
from tests.conftest import gate_main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import document

N = 300


def calls_for(write, github_env, text: str, *argv: str) -> int:  # type: ignore[no-untyped-def]
    path = write("m.json", text)
    count = 0

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1  # every call and every line executed
        return tracer

    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        Path(github_env[name]).write_text("", encoding="utf-8")
    sys.settrace(tracer)
    try:
        run = gate_main([path, *argv], env=github_env)
    finally:
        sys.settrace(None)
    assert run.code in (0, 1, 2), run.err
    return count


def ratio(write, github_env, make, *argv: str) -> float:  # type: ignore[no-untyped-def]
    calls_for(write, github_env, make(N), *argv)  # warm caches (schemas, validators)
    small = calls_for(write, github_env, make(N), *argv)
    large = calls_for(write, github_env, make(4 * N), *argv)
    return large / small


def test_a_valid_file_costs_linear_work(write, github_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """msgspec with its duplicate-key proof, then jsonschema-rs."""

    def make(n: int) -> str:
        return json.dumps(document(n))

    assert (
        ratio(
            write,
            github_env,
            make,
            "--report",
            str(tmp_path / "r.json"),
            "--threshold",
            "f1>=0.6",
            "--max-rows",
            "0",
        )
        <= 4.2
    )


def test_an_invalid_file_costs_linear_work(write, github_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    def make(n: int) -> str:
        return json.dumps({f"m{i}": 1.5 for i in range(n)}, indent=1)  # an error per model

    assert ratio(write, github_env, make, "--report", str(tmp_path / "r.json")) <= 4.4


@pytest.mark.parametrize("require", ["model_x", "all"])
def test_requirements_cost_linear_work(write, github_env, require) -> None:  # type: ignore[no-untyped-def]
    def make(n: int) -> str:
        return json.dumps({f"m{i}": 0.5 + (i % 5) / 10 for i in range(n)} | {"model_x": 0.9})

    assert ratio(write, github_env, make, "--require", require) <= 4.2


def test_the_collector_never_walks_a_run(write, github_env) -> None:  # type: ignore[no-untyped-def]
    """The cyclic collector frees nothing of a run and takes ~0.3 s to walk a 100k-model one:
    it is off during `execute`, and stays off for the caller that keeps the outcome and exits
    (the CLI and the action), so that what they allocate on the way out triggers no pass."""
    path = write("m.json", json.dumps(document(N)))
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    was_on = gc.isenabled()
    gc.enable()
    gc.callbacks.append(count)
    try:
        outcome = execute([path], env=github_env, stdout=io.StringIO(), stderr=io.StringIO())
        code = outcome.code
        leaving = [[] for _ in range(50_000)]  # what the way out may allocate
    finally:
        gc.callbacks.remove(count)
        if was_on:
            gc.enable()
        else:
            gc.disable()
    assert code == 0
    assert len(leaving) == 50_000
    assert passes == []


def test_a_seed_run_imports_none_of_the_error_or_format_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Start-up, counted in modules: a seed-size file, with a report, in GitHub mode (as the
    action runs it) needs none of what only invalid files, other formats or a pull-request
    comment use. (msgspec is every run's: it builds the records and reads JSON.)"""
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    code = (
        "import sys; from gate.cli import main; "
        f"main([sys.argv[1], '--report', sys.argv[2]], {{'GITHUB_ACTIONS': 'true', "
        f"'GITHUB_STEP_SUMMARY': {str(summary)!r}, 'GITHUB_OUTPUT': {str(output)!r}}}); "
        "print(' '.join(sorted(sys.modules)))"
    )
    seed = str(Path(__file__).resolve().parent.parent / "examples" / "seed" / "metrics.json")
    run = subprocess.run(
        [sys.executable, "-c", code, seed, str(tmp_path / "r.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    loaded = set(run.stdout.split())
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["passed"] is True
    assert (tmp_path / "output.txt").read_text(encoding="utf-8").startswith("passed<<ghadelimiter_")
    heavy = {"jsonschema", "yaml", "dataclasses", "hmac", "zipfile", "csv", "statistics"}
    heavy |= {"urllib.request", "http.client"}  # the HTTP client's, for a comment
    assert loaded & heavy == set()
