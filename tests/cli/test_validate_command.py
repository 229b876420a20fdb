"""`gate validate FILE…` (the pre-commit hook): each file checked on its own, no gating;
`gate -V`; the help's examples."""

from __future__ import annotations

from gate import __version__
from tests.conftest import EXAMPLES, ROOT, SEED, gate_main, gate_process

SKLEARN = ROOT / "tests" / "formats" / "data" / "sklearn" / "iris_classification_report.json"
INVALID = EXAMPLES / "invalid" / "metrics.yaml"


def test_valid_files_pass_without_gating() -> None:
    # the seed's model_B and model_D fail accuracy >= 0.8: validation does not care
    run = gate_main(["validate", str(SEED), str(EXAMPLES / "full" / "metrics.yaml"), str(SKLEARN)])
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        f"ok {SEED}: 4 models",
        f"ok {EXAMPLES / 'full' / 'metrics.yaml'}: 3 models",
        f"ok {SKLEARN}: 1 model, read as sklearn",
    ]


def test_every_invalid_file_is_reported_with_file_line_and_path(write) -> None:  # type: ignore[no-untyped-def]
    other = write("other.json", '{"a": 0.9, "a": 0.8}')
    run = gate_main(["validate", str(INVALID), str(SEED), other])
    assert run.code == 2
    errors = run.err.splitlines()
    assert errors[0].startswith(f"gate: error: {INVALID}:8: models[1].metrics.accuracy: 1.4")
    assert errors[1].startswith(f"gate: error: {INVALID}:9: models[1].metrics.f1")
    assert any(line.startswith(f"gate: error: {other}:1") for line in errors)


def test_validate_reads_formats_as_told(write) -> None:  # type: ignore[no-untyped-def]
    flat = write("metrics.json", '{"eval": {"acc": 0.91}, "step": 3}')
    assert gate_main(["validate", flat]).code == 2  # one model's metrics, not models
    run = gate_main(["validate", flat, "--metrics-format", "dvc"])
    assert run.code == 0 and run.out.endswith("1 model, read as dvc\n")


def test_version() -> None:
    run = gate_process(["-V"])
    assert run.code == 0 and run.out == f"gate {__version__}\n"


def test_help_has_groups_examples_and_commands() -> None:
    run = gate_process(["--help"], {"COLUMNS": "100"})
    assert run.code == 0
    for title in (
        "the metrics file:",
        "rules and the requirement:",
        "history: trends and ratchets:",
        "GitHub:",
    ):
        assert f"\n{title}\n" in run.out
    assert "\nexamples:\n  gate reports/metrics.json" in run.out
    assert "gate validate FILE..." in run.out and "gate schema [metrics|policy]" in run.out
