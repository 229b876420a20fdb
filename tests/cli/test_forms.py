"""All three metrics-file forms, in JSON and YAML, give the same verdict through the CLI."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import gate_main

MODELS = {
    "model_A": {"accuracy": 0.82, "f1": 0.79},
    "model_B": {"accuracy": 0.75, "f1": 0.90},
    "model_C": {"accuracy": 0.90, "f1": 0.60},
}
SHORTHAND = {name: m["accuracy"] for name, m in MODELS.items()}
DOCUMENT = {"version": 1, "models": [{"name": n, "metrics": m} for n, m in MODELS.items()]}


def _dump(data: object, fmt: str) -> str:
    return json.dumps(data) if fmt == "json" else yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize(
    "form", [SHORTHAND, MODELS, DOCUMENT], ids=["shorthand", "per-model", "document"]
)
def test_every_form_gives_the_same_report(write, tmp_path, fmt, form) -> None:  # type: ignore[no-untyped-def]
    path = write(f"metrics.{fmt}", _dump(form, fmt))
    run = gate_main([path, "--report", str(tmp_path / "r.json")])
    assert run.code == 0, run.err
    assert "Models ready for production: model_A, model_C" in run.out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["qualified"] == ["model_A", "model_C"]
    assert report["best"] == "model_C"
    assert [m["metrics"]["accuracy"] for m in report["models"]] == [0.82, 0.75, 0.90]


@pytest.mark.parametrize("suffix", ["", ".txt", ".metrics"])
def test_format_is_sniffed_without_a_known_extension(write, suffix) -> None:  # type: ignore[no-untyped-def]
    as_json = write(f"a{suffix}", json.dumps(SHORTHAND))
    as_yaml = write(f"b{suffix}", yaml.safe_dump(SHORTHAND))
    assert gate_main([as_json]).code == 0
    assert gate_main([as_yaml]).code == 0


def test_metric_names_what_shorthand_numbers_mean(write) -> None:  # type: ignore[no-untyped-def]
    path = write("f1.json", json.dumps({"a": 0.7, "b": 0.9}))
    run = gate_main([path, "--metric", "f1", "--min-accuracy", "none", "--threshold", "f1>=0.8"])
    assert run.code == 0
    assert "Models ready for production: b" in run.out
    # without --metric the numbers are accuracy, and no model has f1: a usage error
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "f1>=0.8"])
    assert run.code == 2
    assert "the rule 'f1 >= 0.8' names the metric 'f1', which no model in" in run.err
    assert "The models have: accuracy" in run.err


def test_metric_range_applies_to_the_shorthand_metric(write) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", json.dumps({"a": 12.5}))
    assert (
        gate_main(
            [
                path,
                "--metric",
                "latency_ms",
                "--min-accuracy",
                "none",
                "--threshold",
                "latency_ms<=50",
            ]
        ).code
        == 0
    )
    run = gate_main([path])
    assert run.code == 2
    assert "a: 12.5 is greater than the maximum of 1 (accuracy is a proportion" in run.err


def test_utf8_bom_is_accepted(write) -> None:  # type: ignore[no-untyped-def]
    path = write("bom.json", b"\xef\xbb\xbf" + json.dumps(SHORTHAND).encode())
    assert gate_main([path]).code == 0


def test_unicode_model_names_are_kept(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write("u.yaml", "modèle_é: 0.9\n模型: 0.85\n")
    run = gate_main([path, "--report", str(tmp_path / "r.json")])
    assert run.code == 0
    assert "Models ready for production: modèle_é, 模型" in run.out
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["qualified"] == ["modèle_é", "模型"]


# Files other tools write that look like gate's mapping forms. Each once passed the gate
# on the wrong number (issue 14); now each is refused before any rule runs.
LOOKALIKES = {
    # DVCLive's flat metrics.json: the metrics themselves would be "models"
    "dvclive-flat": ({"accuracy": 0.6, "precision": 0.88, "recall": 0.73, "auc": 0.93}, "accuracy"),
    # a train/eval split: the training accuracy would pass it
    "train-eval": ({"train": {"accuracy": 0.99}, "eval": {"accuracy": 0.55}}, "train"),
    # a wrapper key
    "metrics-wrapper": ({"metrics": {"accuracy": 0.9}}, "metrics"),
    # scikit-learn's classification_report(output_dict=True)
    "sklearn-report": (
        {
            "0": {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 50},
            "accuracy": 0.81,
            "macro avg": {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 50},
        },
        "accuracy",
    ),
    # Hugging Face Trainer's eval_results.json
    "hf-trainer": ({"epoch": 3.0, "eval_rouge1": 0.41, "eval_samples": 500}, "epoch"),
    "bookkeeping": ({"_step": 3, "model_A": 0.9}, "_step"),
    "upper-case": ({"Accuracy": 0.9}, "Accuracy"),
    "val-slash": ({"val/acc": 0.9, "val/loss": 0.2}, "val/acc"),
}


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("case", list(LOOKALIKES), ids=list(LOOKALIKES))
def test_a_file_of_metrics_is_never_read_as_models(write, tmp_path, case, fmt) -> None:  # type: ignore[no-untyped-def]
    data, key = LOOKALIKES[case]
    text = _dump(data, fmt)
    path = write(f"metrics.{fmt}", text)
    key_text = _dump({key: None}, fmt).split(": null")[0] + ":"
    line = (
        1
        if fmt == "json"
        else next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(key_text))
    )
    report = tmp_path / "r.json"
    for extra in ([], ["--metric", "rouge1", "--min-accuracy", "none", "--threshold", "rouge1>=0"]):
        # as gate's own forms: the Trainer file and the classification report are read
        # natively under --metrics-format auto (tests/formats/)
        run = gate_main([path, "--metrics-format", "gate", "--report", str(report), *extra])
        assert run.code == 2, run.out
        assert f"{path}:{line}: " in run.err
        assert f"{key!r}" in run.err and "not a model name" in run.err
        assert "full form (version: 1" in run.err and "--metrics-format" in run.err
        assert json.loads(report.read_text(encoding="utf-8"))["passed"] is False


def test_a_model_really_called_test_is_refused_with_a_hint_not_judged(write) -> None:  # type: ignore[no-untyped-def]
    path = write("m.yaml", "model_A: 0.82\ntest: 0.9\n")
    run = gate_main([path])
    assert run.code == 2
    assert f"{path}:2: test: 'test' names a data split" in run.err
    # the full form takes any name
    full = write("full.yaml", "version: 1\nmodels:\n  - {name: test, metrics: {accuracy: 0.9}}\n")
    assert gate_main([full]).code == 0


@pytest.mark.parametrize(
    "name",
    ["org/model", "meta-llama/Llama-3-8B", "testing_model", "evaluator", "model_test", "f1_tuned"],
)
def test_names_that_only_resemble_those_keys_stay_models(write, name) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", json.dumps({name: 0.9}))
    run = gate_main([path])
    assert run.code == 0, run.err
