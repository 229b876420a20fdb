"""Two values never collapse into one metric. After any reader maps a file, two source keys
that land on one metric (or slice, or standard error) name are refused, naming both, by the
one step every reader passes through (load/mapped.py). Before, a model card listing
`accuracy` twice (top-1 and top-5) kept the last; so did F1 macro/micro/weighted all typed
`f1`, Trainer `--split test` with test_ and predict_ keys, lm-eval's `acc,none` and `acc`, a
CSV column named twice and DVC's `{"a.b": …, "a": {"b": …}}`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import GateError
from gate.load.read import read_metrics
from gate.load.reader import ReadOptions
from tests.conftest import gate_main
from tests.formats.test_readers import DATA

CARDS = DATA / "model-index" / "cards"


def _names(path: str, *flags: str) -> list[str]:
    run = gate_main(
        [path, *flags, "--format", "json", "--min-accuracy", "none", "--threshold", "zz >= 0"]
    )
    assert run.code == 2, run.out
    return run.err.split("The models have: ", 1)[1].strip().split(", ")


def test_a_type_listed_twice_is_named_by_each_metric_s_name() -> None:
    assert _names(str(CARDS / "buvn-top1-top5-dataset-name.md")) == [
        "Top-1 Accuracy", "Top-5 Accuracy", "perplexity",
    ]  # fmt: skip
    assert _names(str(CARDS / "per-test-val-Clementapa_wav2vec2-phoneme-dutch.md")) == [
        "Test PER", "Val PER",
    ]  # fmt: skip
    names = _names(str(CARDS / "f1-macro-micro-weighted-Abdelrahman-Rezk_distilbert-emotion.md"))
    assert "emotion/default/test.F1 Macro" in names and "emotion/default/test.F1 Micro" in names


def test_names_with_spaces_are_usable_in_rules_when_quoted() -> None:
    path = str(CARDS / "buvn-top1-top5-dataset-name.md")
    rules = ["--threshold", "'Top-1 Accuracy' >= 30", "--threshold", '"Top-5 Accuracy" >= 70']
    run = gate_main([path, "--min-accuracy", "none", *rules])
    assert run.code == 1
    # one model: its reason is the decision (said once), and 37.88 passes its Top-1 rule
    reason = run.out.splitlines()[1]
    assert "does not qualify: Top-5 Accuracy 60.34 fails >= 70" in reason
    assert "Top-1 Accuracy" not in reason


def test_spacy_cards_without_a_dataset_have_a_slice_per_task() -> None:
    for card in ("spacy-MohaAM_en_pipeline.md", "spacy-chcaa_da_dacy_large_trf.md"):
        names = _names(str(CARDS / card))
        assert "NER.f_score" in names and "UNLABELED_DEPENDENCIES.accuracy" in names
    path = str(CARDS / "spacy-MohaAM_en_pipeline.md")
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "NER.f_score >= 0.5"])
    assert run.code in (0, 1) and "NER.f_score" in run.out


def test_a_type_listed_twice_without_names_is_refused(write: Any) -> None:
    card = """---
model-index:
- name: m
  results:
  - dataset: {type: imagenet}
    metrics:
    - {type: accuracy, value: 0.8}
    - {type: accuracy, value: 0.95}
---
"""
    run = gate_main([write("README.md", card)])
    assert run.code == 2
    assert (
        "README.md:7: model-index[0].results[0].metrics[0]: 2 metrics of this result have the type 'accuracy' and this one has no name"
        in run.err
    )


@pytest.mark.parametrize(
    ("name", "text", "flags", "first", "second"),
    [
        (
            "all_results.json",
            '{"test_accuracy": 0.9, "predict_accuracy": 0.5}',
            ["--split", "test"],
            "test_accuracy (line 1)",
            "predict_accuracy",
        ),
        (
            "results.json",
            json.dumps(
                {"results": {"arc": {"acc,none": 0.9, "acc": 0.5}}, "versions": {"arc": 1}},
                indent=1,
            ),
            [],
            'results.arc["acc,none"] (line 4)',
            "results.arc.acc",
        ),
        (
            "metrics.json",
            '{"eval": {"acc": 0.9},\n "eval.acc": 0.5}',
            ["--metrics-format", "dvc"],
            "eval.acc (line 1)",
            '["eval.acc"]',
        ),
    ],
)
def test_two_keys_that_land_on_one_metric_are_refused_naming_both(  # noqa: PLR0917
    write: Any, name: str, text: str, flags: list[str], first: str, second: str
) -> None:
    run = gate_main([write(name, text), *flags, "--min-accuracy", "none", "--threshold", "x >= 0"])
    assert run.code == 2, run.out
    assert "two values land on metric" in run.err
    assert first in run.err and f"and {second}; gate will not keep one" in run.err


def test_a_csv_column_named_twice_is_refused(write: Any) -> None:
    text = "epoch,metrics/mAP50(B),metrics/mAP50(B)\n1,0.9,0.1\n"
    run = gate_main(
        [write("results.csv", text), "--metrics-format", "ultralytics", "--row", "last"]
    )
    assert run.code == 2
    assert (
        "results.csv:1: column 'metrics/mAP50(B)' is in the header twice (columns 2 and 3)"
        in run.err
    )


# --- every reader, generated -------------------------------------------------------------------

METRIC = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
VALUE = st.floats(0, 1, allow_nan=False)


def _colliding(fmt: str, metric: str, a: float, b: float) -> tuple[str, bytes, ReadOptions]:
    """A file of `fmt` in which two source keys map to one metric name. scikit-learn's
    report cannot have one: its keys are fixed names or distinct class rows."""
    if fmt == "hf-trainer":
        data: Any = {f"test_{metric}": a, f"predict_{metric}": b}
        return "all_results.json", json.dumps(data).encode(), ReadOptions(fmt, split="test")
    if fmt == "lm-eval":
        data = {"results": {"task": {f"{metric},none": a, metric: b}}, "versions": {"task": 1}}
        return "results.json", json.dumps(data).encode(), ReadOptions(fmt)
    if fmt == "dvc":
        data = {"eval": {metric: a}, f"eval.{metric}": b}
        return "metrics.json", json.dumps(data).encode(), ReadOptions(fmt)
    if fmt == "model-index":
        metrics = [
            {"type": "t", "name": metric, "value": a},
            {"type": "t", "name": metric, "value": b},
        ]
        data = {"model-index": [{"name": "m", "results": [{"metrics": metrics}]}]}
        return "card.yaml", json.dumps(data).encode(), ReadOptions(fmt)
    header = f"epoch,metrics/{metric},metrics/{metric}\n1,{a},{b}\n"
    return "results.csv", header.encode(), ReadOptions(fmt, row="last")


@pytest.mark.parametrize("fmt", ["hf-trainer", "lm-eval", "dvc", "model-index", "ultralytics"])
@settings(max_examples=25, deadline=None)
@given(metric=METRIC, a=VALUE, b=VALUE)
def test_every_reader_refuses_keys_that_collide_after_mapping(
    fmt: str, metric: str, a: float, b: float
) -> None:
    name, raw, how = _colliding(fmt, metric, a, b)
    with pytest.raises(GateError) as caught:
        read_metrics(raw, name, how, lambda entry: (b"", entry))
    assert any(word in str(caught.value) for word in ("two values land on", "twice")), str(
        caught.value
    )
