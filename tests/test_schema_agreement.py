"""jsonschema-rs takes the happy path only because it agrees with python-jsonschema (the
reference) on every file of the test corpora and on generated documents. The one direction
that could let a bad model through, fast "valid" where the reference says "invalid", must
never happen; on finite documents the two agree exactly."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import GateError
from gate.load.document import parse_document
from gate.load.gate import _normalise_mapping, detect_form
from gate.schema import _validator, is_valid
from tests.cli.test_errors import BAD_FILES
from tests.conftest import EXAMPLES
from tests.test_load import JSON_VALUES, TEXT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    *(p for p in EXAMPLES.rglob("metrics.*")),
    *sorted((ROOT / "tests" / "hostile").iterdir()),
]


def reference_valid(instance: Any, name: str = "metrics", ref: str | None = None) -> bool:
    return not any(True for _ in _validator(name, ref).iter_errors(instance))


def finite(value: Any) -> bool:
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) < 2**63
    return True


def check(instance: Any, name: str = "metrics", ref: str | None = None) -> None:
    slow = reference_valid(instance, name, ref)
    fast = is_valid(instance, name, ref)
    assert not (fast and not slow), (
        f"jsonschema-rs accepted what the reference refuses: {instance!r:.200}"
    )
    if finite(instance):
        assert fast == slow, f"jsonschema-rs and the reference disagree on {instance!r:.200}"


def documents_of(raw: bytes, name: str) -> list[Any]:
    """The raw document and, for mapping forms, its normalised form (both are validated)."""
    try:
        data = parse_document(raw, name).data
    except GateError:
        return []
    docs = [data]
    if isinstance(data, dict) and detect_form(data) != "document":
        docs.append(("normalised", _normalise_mapping(data, "accuracy")))
    return docs


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_agree_on_the_corpus(path: Path) -> None:
    for doc in documents_of(path.read_bytes(), path.name):
        if isinstance(doc, tuple):
            check(doc[1], "metrics", "#/$defs/document")
        else:
            check(doc)


@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_agree_on_the_bad_files(case) -> None:  # type: ignore[no-untyped-def]
    name, text, _, _ = case
    raw = text if isinstance(text, bytes) else text.encode()
    for doc in documents_of(raw, name):
        if isinstance(doc, tuple):
            check(doc[1], "metrics", "#/$defs/document")
        else:
            check(doc)


def test_agree_on_the_policy_examples() -> None:
    for path in (EXAMPLES / "policy").glob("*.yml"):
        check(parse_document(path.read_bytes(), path.name).data, "policy")
    for bad in ({"min-accuracy": 2}, {"thresholds": "f1>=1"}, {"require": 0}, {"x": 1}):
        check(bad, "policy")


NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-3, 10**6),
    st.sampled_from([0, 1, 0.5, 1.0, -0.0, 1.5, True, None, "0.5"]),
)
METRICS = st.dictionaries(
    st.sampled_from(["accuracy", "f1", "auc", "latency_ms", ""]), NUMBERS, max_size=4
)
MODEL = st.fixed_dictionaries(
    {"name": TEXT, "metrics": METRICS},
    optional={
        "samples": NUMBERS,
        "slices": st.dictionaries(
            TEXT,
            st.fixed_dictionaries({"metrics": METRICS}, optional={"samples": NUMBERS}),
            max_size=2,
        ),
        "artifact": st.fixed_dictionaries({"uri": TEXT}, optional={"sha256": TEXT}),
        "sample": NUMBERS,
    },
)
DOCUMENTS = st.one_of(
    JSON_VALUES,
    st.dictionaries(TEXT, NUMBERS | METRICS, max_size=4),
    st.fixed_dictionaries(
        {"version": st.sampled_from([1, 1.0, 2, "1", True]), "models": st.lists(MODEL, max_size=3)},
        optional={
            "run": st.fixed_dictionaries(
                {},
                optional={
                    "commit": TEXT,
                    "created": TEXT,
                    "dataset": st.fixed_dictionaries({"name": TEXT}),
                },
            )
        },
    ),
)


@settings(max_examples=600, deadline=None)
@given(DOCUMENTS)
def test_agree_on_generated_documents(document) -> None:  # type: ignore[no-untyped-def]
    check(json.loads(json.dumps(document)))
