"""The JSON report's model lines: one model per line whatever its name holds, the file's
values as written, text no UTF-8 can hold written as its escape."""

from __future__ import annotations

import json

from tests.conftest import report_of


def test_each_model_is_one_line_whatever_its_name_holds(tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    models = [
        {
            "name": f'm{i} "ü" \\ <b>\n\u2028',
            "metrics": {"accuracy": 0.5 + i / 100, "loss": 10**-i, "n": i},
            "artifact": {"uri": f"s3://bucket/m{i}"},
        }
        for i in range(40)
    ]
    path = write("m.json", json.dumps({"version": 1, "models": models}))
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


def test_a_metric_named_in_text_no_utf8_holds_is_written_as_its_escape(tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    """`--metric` from an argument in Latin-1 on a UTF-8 system: the model lines carry the
    name too, and the report is still one valid JSON document with a line per model."""
    path = write("m.json", json.dumps({f"m{i}": 0.5 + i / 10 for i in range(5)}))
    metric = "\udcff"
    argv = ["--metric", metric, "--min-accuracy", "none", "--threshold", f"{metric} >= 0.8"]
    code, report = report_of(tmp_path, path, *argv)
    assert code == 0
    assert [m["metrics"] for m in report["models"]] == [{metric: 0.5 + i / 10} for i in range(5)]
    assert report["qualified"] == ["m3", "m4"]
    lines = (tmp_path / "report.json").read_text(encoding="utf-8").split("\n")
    assert len([line for line in lines if line.startswith('    {"name":"m')]) == 5
