"""The JSON report reads the same whichever encoder writes its model lines: json's for small
runs (no import to pay), msgspec's from a few thousand models on."""

from __future__ import annotations

import json

import pytest

from gate.render import json as report_json
from tests.conftest import report_of


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
    encoder = report_json._encoder
    monkeypatch.setattr(report_json, "_encoder", lambda _: encoder(10**9 if fast else 0))
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
