"""The normalised document users' files become (src/gate/validate.py, metrics.py)."""

from __future__ import annotations

from gate.load.document import parse_document
from gate.load.gate import validate_metrics
from gate.metrics import Dataset, Slice
from tests.conftest import EXAMPLES


def test_full_form_keeps_lineage_samples_artifacts_and_slices() -> None:
    path = EXAMPLES / "full" / "metrics.yaml"
    doc = validate_metrics(parse_document(path.read_bytes(), str(path)))
    assert doc.form == "document"
    assert doc.run is not None and doc.run.commit == "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
    assert doc.run.dataset == Dataset(
        "holdout-2026-10", "9b1e5c3a7d2f4e6b8a0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a"
    )
    assert doc.run.created == "2026-11-20T10:00:00Z"
    model_a, model_b, model_c = doc.models
    assert model_a.samples == 5000 and isinstance(model_a.samples, int)
    assert model_a.artifact is not None and model_a.artifact.uri == "s3://bucket/model_A.onnx"
    assert model_a.slices == (
        Slice("region=eu", {"accuracy": 0.80}, 1200),
        Slice("region=us", {"accuracy": 0.84}, 2100),
    )
    assert model_b.slices == () and model_b.artifact is None
    assert model_c.artifact is not None and model_c.artifact.sha256 is None


def test_whole_number_floats_become_int_sample_counts() -> None:
    text = (
        b'{"version": 1, "models": [{"name": "a", "metrics": {"accuracy": 0.9}, "samples": 5000.0,'
    )
    text += b' "slices": {"s": {"metrics": {"accuracy": 0.8}, "samples": 12.0}}}]}'
    (model,) = validate_metrics(parse_document(text, "m.json")).models
    assert model.samples == 5000 and isinstance(model.samples, int)
    assert model.slices[0].samples == 12 and isinstance(model.slices[0].samples, int)


def test_shorthand_and_per_model_forms_normalise_to_the_same_models() -> None:
    short = validate_metrics(parse_document(b'{"a": 0.9, "b": 0.7}', "s.json"))
    per = validate_metrics(
        parse_document(b'{"a": {"accuracy": 0.9}, "b": {"accuracy": 0.7}}', "p.json")
    )
    assert short.form == "shorthand" and per.form == "per-model"
    assert [(m.name, dict(m.metrics)) for m in short.models] == [
        (m.name, dict(m.metrics)) for m in per.models
    ]
