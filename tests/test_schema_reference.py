"""The shipped schemas as others read them. Editors and `check-jsonschema` validate gate's
files with python-jsonschema, the reference implementation: the schemas must be valid Draft
2020-12 documents to it, and gate (jsonschema-rs) must never accept a file it refuses.
The reference is an oracle here, in the tests only; gate itself has one validator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from gate.schema import SCHEMA_NAMES, is_valid, schema
from gate.settings import POLICY, settings_for
from tests.test_load import JSON_VALUES
from tests.test_schema_verdicts import DOCUMENTS


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(schema(name))
    assert schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def never_looser(instance: Any, name: str) -> None:
    if is_valid(instance, name):
        reference = Draft202012Validator(schema(name))
        assert reference.is_valid(instance), (
            f"gate accepts what the reference refuses: {instance!r:.300}"
        )


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_gate_accepts_no_metrics_file_the_reference_refuses(document) -> None:  # type: ignore[no-untyped-def]
    never_looser(json.loads(json.dumps(document)), "metrics")


POLICIES = st.dictionaries(
    st.sampled_from([s.name for s in settings_for(POLICY)] + ["$schema"]),
    JSON_VALUES | st.sampled_from(["none", "any", "all", "pass", "best", 0.95, 2, ["f1>=0.7"]]),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(POLICIES)
def test_gate_accepts_no_policy_file_the_reference_refuses(policy) -> None:  # type: ignore[no-untyped-def]
    never_looser(policy, "policy")
