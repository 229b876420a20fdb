"""Random documents through the real CLI: exit 0, 1 or 2, never a traceback or exit 3."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
    path.write_text(json.dumps({f"model_{i:05d}": 0.9 if i % 2 else 0.5 for i in range(5000)}))
    for args, verdict in (([], 0), (["--require", "all"], 1)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "gate", str(path), "--max-rows", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"Model")
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == verdict
        assert err == b""
