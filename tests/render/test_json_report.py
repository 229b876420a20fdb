"""The JSON report reads the same whichever way its model lines are made: json's encoder and
the general entries for small runs (no import to pay), msgspec's from a few thousand models
on, with the one-loop Structs of a run with model rules only."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.evaluate import evaluate
from gate.metrics import Artifact, MetricsDoc
from gate.policy import Policy, Requirement
from gate.render import entries
from gate.render import json as report_json
from tests.conftest import report_of
from tests.test_evaluate import MODELS, RULES


@pytest.mark.parametrize("fast", [False, True])
def test_both_encoders_write_the_same_report(tmp_path, write, monkeypatch, fast) -> None:  # type: ignore[no-untyped-def]
    models = [
        {
            "name": f'm{i} "ü" \\ <b>\n\u2028',
            "metrics": {"accuracy": 0.5 + i / 100, "loss": 10**-i, "n": i},
            "artifact": {"uri": f"s3://bucket/m{i}"},
        }
        for i in range(40)
    ]
    path = write("m.json", json.dumps({"version": 1, "models": models}))
    monkeypatch.setattr(report_json, "_FAST_ENCODER_MODELS", 0 if fast else 10**9)
    code, report = report_of(tmp_path, path, "--threshold", "loss <= 0.001")
    assert code == 0
    assert [m["name"] for m in report["models"]] == [m["name"] for m in models]
    assert [m["metrics"] for m in report["models"]] == [m["metrics"] for m in models]
    assert report["qualified"] == [f'm{i} "ü" \\ <b>\n\u2028' for i in range(30, 40)]
    assert report["models"][0]["reason"] == "accuracy 0.5 fails >= 0.8; loss 1 fails <= 0.001"
    # one model per line, and no name breaks its line (the encoders escape line breaks)
    lines = (tmp_path / "report.json").read_text(encoding="utf-8").split("\n")
    assert len([line for line in lines if line.startswith('    {"name":"m')]) == 40
    assert report["models"][35]["checks"][1] == {
        "metric": "loss",
        "op": "<=",
        "threshold": 0.001,
        "value": 1e-35,
        "passed": True,
    }


@settings(max_examples=300, deadline=None)
@given(MODELS, RULES, st.booleans())
def test_the_plain_entries_agree_with_the_general_ones(models, rules, artifacts) -> None:  # type: ignore[no-untyped-def]
    """The one-loop Structs of a big run with model rules only encode to the same JSON as the
    general path's entries, which small runs use."""
    if artifacts:
        models = [m._replace(artifact=Artifact(f"s3://{m.name}")) for m in models]
    result = evaluate(
        MetricsDoc("m.json", "document", tuple(models)), Policy(tuple(rules), Requirement("any"))
    )
    general = [entries._model(m, sliced=False) for m in result.models]
    assert list(entries.model_entries(result)) == general
    structs = entries.model_entries(result, structs=True)  # what msgspec writes for big runs
    assert [msgspec.json.encode(e) for e in structs] == [msgspec.json.encode(e) for e in general]
