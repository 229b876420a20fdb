"""The seed's promise, through the real program: `python -m gate` and the `gate` script."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES, SCRIPTS, SEED, gate_process

READY = "Models ready for production: model_A, model_C"


@pytest.mark.parametrize("name", ["metrics.json", "metrics.yaml"])
def test_seed_passes_and_names_the_ready_models(name: str) -> None:
    run = gate_process([str(EXAMPLES / "seed" / name)])
    assert run.code == 0, run.err
    assert READY in run.out.splitlines()
    assert "Best model: model_C" in run.out
    assert run.err == ""
    for model in ("model_A", "model_B", "model_C", "model_D"):
        assert model in run.out


@pytest.mark.parametrize("name", ["metrics.json", "metrics.yaml"])
def test_seed_with_higher_bar_fails_with_exit_1(name: str) -> None:
    run = gate_process([str(EXAMPLES / "seed" / name), "--min-accuracy", "0.95"])
    assert run.code == 1
    assert "No model qualifies for production." in run.out
    assert "Gate failed (require any): 0 of 4 models qualify." in run.out
    assert "Traceback" not in run.out + run.err


def test_min_accuracy_is_inclusive() -> None:
    run = gate_process([str(SEED), "--min-accuracy", "0.82"])
    assert run.code == 0
    assert "Models ready for production: model_A, model_C" in run.out


def _console_script() -> str:
    found = shutil.which("gate", path=SCRIPTS)
    assert found, "the `gate` console script is not installed beside this Python"
    return found


@pytest.mark.parametrize(
    "args",
    [
        [str(SEED)],
        [str(SEED), "--min-accuracy", "0.95"],
        [str(SEED), "--format", "json"],
        [str(EXAMPLES / "invalid" / "metrics.yaml")],
        ["--min-accuracy", "2", str(SEED)],
    ],
)
def test_console_script_behaves_like_python_m_gate(args: list[str]) -> None:
    module = gate_process(args)
    script = gate_process(args, program=[_console_script()])
    assert (script.code, script.out, script.err) == (module.code, module.out, module.err)


def test_stdin_is_read_with_dash() -> None:
    run = gate_process(["-"], stdin=SEED.read_bytes())
    assert run.code == 0
    assert READY in run.out


def test_non_ascii_output_never_crashes_on_a_legacy_encoding(write) -> None:  # type: ignore[no-untyped-def]
    """Windows runners default pipes to cp1252; '✅' and '模型' must still come out as UTF-8."""
    path = write("u.json", '{"模型": 0.9, "b": 0.5}')
    for fmt in ("text", "markdown"):
        run = gate_process([path, "--format", fmt], env={"PYTHONIOENCODING": "cp1252"})
        assert run.code == 0, run.err
        assert "模型" in run.out
    run = gate_process([path, "--format", "markdown"], env={"PYTHONIOENCODING": "cp1252"})
    assert "| ✅ 模型 | 0.9 | best |" in run.out
