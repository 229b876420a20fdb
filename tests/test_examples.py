"""Every file in examples/ is run by a test, with the outcome the README promises."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, gate_process

POLICY = str(EXAMPLES / "policy" / "gate.yml")

# example file → (extra arguments, expected exit code, a line the output must contain)
CASES = {
    "seed/metrics.json": ([], 0, "Models ready for production: model_A, model_C"),
    "seed/metrics.yaml": ([], 0, "Models ready for production: model_A, model_C"),
    "per-model/metrics.json": (
        ["--threshold", "f1 >= 0.75", "--threshold", "latency_ms <= 50"],
        0,
        "Models ready for production: gbdt_v4",
    ),
    "full/metrics.yaml": (["--config", POLICY], 0, "Models ready for production: model_A, model_C"),
    "policy/gate.yml": None,  # used by full/metrics.yaml above
    "slices/metrics.yaml": (
        ["--config", str(EXAMPLES / "policy" / "fairness.yml")],
        0,
        "Models ready for production: wide_and_fair",
    ),
    "policy/fairness.yml": None,  # used by slices/metrics.yaml above
    "review/candidate.yaml": (
        [
            "--baseline",
            str(EXAMPLES / "review" / "base.yaml"),
            "--config",
            str(EXAMPLES / "review" / "policy.yml"),
        ],
        0,
        "accuracy fell by 0.03 (3.4%), from 0.89 to 0.86; at most 1% allowed",
    ),
    "review/base.yaml": None,  # the baseline of review/candidate.yaml
    "review/policy.yml": None,  # used by review/candidate.yaml
    "invalid/metrics.yaml": ([], 2, "models[1].metrics.accuracy: 1.4 is greater than the maximum"),
}


def test_every_example_is_covered() -> None:
    on_disk = {
        str(p.relative_to(EXAMPLES)).replace("\\", "/")
        for p in EXAMPLES.rglob("*")
        if p.is_file() and "workflows" not in p.parts
    }
    assert on_disk == set(CASES)


@pytest.mark.parametrize("name", [k for k, v in CASES.items() if v is not None])
def test_example(name: str) -> None:
    args, code, expected = CASES[name]  # type: ignore[misc]
    run = gate_process([str(EXAMPLES / name), *args])
    assert run.code == code, run.out + run.err
    assert expected in run.out + run.err
