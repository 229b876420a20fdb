"""Which way is better comes from the policy and gate's own table, never from the candidate
file alone. Before, lm-eval's `higher_is_better: false` in the candidate turned a fall of acc
0.62 → 0.30 into an improvement that passed --max-regression, --max-drift and
--min-improvement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import gate_main
from tests.formats.test_readers import DATA

TASK = "afrimmlu_direct_swa_prompt_1"


def _lm_eval(tmp_path: Path, name: str, acc: float, higher: bool | None) -> str:
    """The real gemma-2b file (SOURCES.md) with its acc set, and what it says of acc."""
    data = json.loads(
        (DATA / "lm-eval" / "v0.4" / "gemma-2b_afrimmlu_0shot.json").read_text(encoding="utf-8")
    )
    data["results"][TASK]["acc,none"] = acc
    if higher is None:
        data["higher_is_better"][TASK].pop("acc", None)
    else:
        data["higher_is_better"][TASK]["acc"] = higher
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "limit",
    [
        ["--max-regression", "acc=0.01"],
        ["--min-improvement", "acc=0.01"],
        ["--max-regression", f"{TASK}.acc=0.01"],
    ],
)
def test_a_candidate_cannot_turn_a_fall_into_a_gain(tmp_path: Path, limit: list[str]) -> None:
    base = _lm_eval(tmp_path, "base.json", 0.62, True)
    candidate = _lm_eval(tmp_path, "candidate.json", 0.30, False)
    rules = ["--min-accuracy", "none", "--threshold", "acc >= 0"]
    run = gate_main([candidate, "--baseline", base, *rules, *limit])
    assert run.code == 2, run.out
    assert "is better, but your rule on it says higher" in run.err or (
        "is better, but gate's table of metric names says higher" in run.err
    )
    assert "the file says a lower" in run.err
    honest = _lm_eval(tmp_path, "honest.json", 0.30, True)
    assert gate_main([honest, "--baseline", base, *rules, *limit]).code == 1


def test_a_rule_settles_a_metric_and_the_file_must_agree(tmp_path: Path, write: Any) -> None:
    base = write("base.json", '{"m": {"toxicity": 0.10}}')
    candidate = write("c.json", '{"m": {"toxicity": 0.30}}')
    run = gate_main([candidate, "--baseline", base, "--min-accuracy", "none",
                     "--threshold", "toxicity <= 0.5", "--max-regression", "toxicity=0.05"])  # fmt: skip
    assert run.code == 1 and "toxicity rose by 0.2" in run.out


def _unknown(tmp_path: Path, name: str, value: float, higher: bool | None) -> str:
    """An lm-eval file whose metric `brier` gate's table does not know."""
    data = {
        "results": {"t": {"brier,none": value}},
        "versions": {"t": 1},
        "higher_is_better": {"t": {} if higher is None else {"brier": higher}},
        "model_name": "m",
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_an_unknown_metric_s_direction_must_be_confirmed_by_the_baseline(tmp_path: Path) -> None:
    rules = [
        "--min-accuracy",
        "none",
        "--threshold",
        "t.brier >= 0",
        "--max-regression",
        "t.brier=0.01",
    ]
    candidate = _unknown(tmp_path, "c.json", 0.30, False)
    # the rule "t.brier >= 0" says higher is better: the file's "lower" disagrees
    run = gate_main([candidate, "--baseline", _unknown(tmp_path, "b.json", 0.1, False), *rules])
    assert run.code == 2 and "your rule on it says higher" in run.err
    plain = [
        "--min-accuracy",
        "none",
        "--threshold",
        "brier >= 0",
        "--max-regression",
        "t.brier=0.01",
    ]
    agree = gate_main([candidate, "--baseline", _unknown(tmp_path, "b.json", 0.1, False), *plain])
    assert agree.code == 1 and "t.brier rose by 0.2" in agree.out  # lower is better, confirmed
    other = gate_main([candidate, "--baseline", _unknown(tmp_path, "b2.json", 0.1, True), *plain])
    assert other.code == 2 and "the baseline says higher" in other.err
    silent = gate_main([candidate, "--baseline", _unknown(tmp_path, "b3.json", 0.1, None), *plain])
    assert silent.code == 2 and "nothing it is compared with says so too" in silent.err
