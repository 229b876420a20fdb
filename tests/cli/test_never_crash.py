"""Random documents through the real CLI: exit 0, 1 or 2, never a traceback or exit 3."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import gate_main
from tests.test_load import JSON_VALUES, TEXT

model_values = st.one_of(
    JSON_VALUES,
    st.floats(),  # NaN and infinities included
    st.dictionaries(
        st.sampled_from(["accuracy", "f1", "x"]), st.floats() | JSON_VALUES, max_size=3
    ),
)
documents = st.one_of(
    JSON_VALUES,
    st.dictionaries(TEXT, model_values, max_size=4),
    st.fixed_dictionaries(
        {
            "version": st.sampled_from([1, 2, "1", True]),
            "models": st.lists(
                st.fixed_dictionaries({"name": TEXT, "metrics": model_values}), max_size=3
            ),
        }
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents)
def test_any_document_gives_a_verdict_or_an_input_error(write, document) -> None:  # type: ignore[no-untyped-def]
    path = write("doc.json", json.dumps(document))  # allow_nan: NaN and Infinity literals too
    run = gate_main([path])
    assert run.code in (0, 1, 2), run.err
    assert "Traceback" not in run.err
    if run.code == 0:
        # only a valid file with a qualifying model passes
        assert "Models ready for production:" in run.out
        qualified = [v for v in _accuracies(document) if v >= 0.8]
        assert qualified


def _accuracies(document: object) -> list[float]:
    if isinstance(document, dict) and "version" in document:
        return [
            m["metrics"]["accuracy"]
            for m in document["models"]
            if isinstance(m["metrics"], dict) and "accuracy" in m["metrics"]
        ]
    if isinstance(document, dict):
        return [v if not isinstance(v, dict) else v.get("accuracy", -1) for v in document.values()]
    return []


def test_a_reader_that_leaves_early_changes_neither_the_verdict_nor_stderr(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`gate big.json | head -1`: the table is cut, the exit code is still the verdict, and
    nothing is said about the closed pipe (gate ends with os._exit after a flush)."""
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps({f"model_{i:05d}": 0.9 if i % 2 else 0.5 for i in range(5000)}), encoding="utf-8"
    )
    for args, verdict in (([], 0), (["--require", "all"], 1)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "gate", str(path), "--max-rows", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"Gate ")
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == verdict
        assert err == b""


# Numbers at the edges: huge, tiny, signed, special, in every numeric option and file field.
EDGE = st.sampled_from(
    [0, -0.0, 1, -1, 0.5, 1e-300, 5e-324, -5e-324, 1e308, -1e308, 1.7976931348623157e308,
     2**63, 10**200, -(10**200), 0.9999999999999999, 1.0000000000000002]
) | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**30), 10**30)  # fmt: skip
TEXTS = EDGE.map(repr) | st.sampled_from(
    ["nan", "inf", "-inf", "1e999", "80%", "1e300%", "-0", "  0.5 "]
)


@st.composite
def edge_runs(draw: st.DrawFn) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    def value() -> object:
        return draw(EDGE)

    model = {
        "name": "m",
        "metrics": {"accuracy": draw(st.floats(0, 1)), "score": value(), "latency_ms": value()},
        "samples": draw(st.integers(1, 10**200)),
        "slices": {
            "a": {
                "metrics": {"accuracy": draw(st.floats(0, 1)), "score": value()},
                "samples": draw(st.integers(1, 10**200)),
            },
            "b": {"metrics": {"accuracy": draw(st.floats(0, 1)), "score": value()}},
        },
    }
    argv = []
    for flag, template in [
        ("--min-accuracy", "{}"),
        ("--threshold", "score >= {}"),
        ("--threshold", "latency_ms <= {}"),
        ("--slice-threshold", "score > {}"),
        ("--max-slice-gap", "score={}"),
        ("--min-slice-samples", "{}"),
        ("--confidence", "{}"),
        ("--max-regression", "score={}"),
        ("--max-regression", "latency_ms={}"),
        ("--max-rows", "{}"),
    ]:
        if draw(st.booleans()):
            argv += [flag, template.format(draw(TEXTS))]
    return {"version": 1, "models": [model]}, argv


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edge_runs())
def test_edge_numbers_everywhere_give_a_verdict_or_an_input_error_and_strict_json(
    write, tmp_path, case
) -> None:  # type: ignore[no-untyped-def]
    document, argv = case
    path = write("m.json", json.dumps(document))
    report = tmp_path / "r.json"
    run = gate_main([path, "--baseline", path, *argv, "--report", str(report)])
    assert run.code in (0, 1, 2), run.err
    text = report.read_text(encoding="utf-8")
    body = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the report"))
    assert body["passed"] is (run.code == 0)
