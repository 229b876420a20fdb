"""--each-file (the pre-commit hook's mode): each metrics file judged on its own."""

from __future__ import annotations

from typing import Any

from tests.conftest import SEED, gate_main

WEAK = '{"version": 1, "models": [{"name": "weak", "metrics": {"accuracy": 0.5}}]}'


def test_a_good_file_does_not_carry_a_failing_one(write: Any) -> None:
    weak = write("eval/metrics.json", WEAK)
    together = gate_main([str(SEED), weak])  # gated together, --require any passes
    assert together.code == 0
    run = gate_main(["--each-file", str(SEED), weak])
    assert run.code == 1
    assert f"{weak}:\nGate failed (require any): 0 of 1 model qualifies." in run.out
    assert f"{SEED}:\nGate passed (require any): 2 of 4 models qualify." in run.out


def test_an_invalid_file_is_exit_2_and_the_others_are_still_judged(write: Any) -> None:
    bad = write("bad.json", '{"version": 1, "models": [{"name": "m", "metrics": {"accuracy": 7}}]}')
    weak = write("weak.json", WEAK)
    run = gate_main(["--each-file", bad, weak])
    assert run.code == 2
    assert "bad.json:1: models[0].metrics.accuracy: 7 is greater than the maximum of 1" in run.err
    assert f"{weak}:\nGate failed" in run.out


def test_each_file_writes_to_the_terminal_only(write: Any, tmp_path: Any) -> None:
    run = gate_main(["--each-file", "--report", str(tmp_path / "r.json"), str(SEED), str(SEED)])
    assert run.code == 2 and "--each-file writes to the terminal only; drop --report" in run.err
