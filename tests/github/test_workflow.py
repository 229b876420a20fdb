"""Workflow commands, outputs and annotations, against the toolkit's documented behaviour."""

from __future__ import annotations

import os

import pytest

from gate.errors import Issue, SchemaError
from gate.github.annotations import MAX_ANNOTATIONS, annotation_path, error_annotations
from gate.github.commands import command, escape_data, escape_property
from gate.github.outputs import format_outputs
from tests.conftest import parse_github_output


# @actions/core command.ts: escapeData: % → %25, \r → %0D, \n → %0A;
# escapeProperty: the same plus : → %3A and , → %2C.
@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("x:y,z", "x:y,z", "x%3Ay%2Cz"),
        ("%0A", "%250A", "%250A"),
        ("::set-output name=x::y", "::set-output name=x::y", "%3A%3Aset-output name=x%3A%3Ay"),
    ],
)
def test_escaping_matches_the_toolkit(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_command_line_shape() -> None:
    line = command("error", "bad\nvalue", {"file": "a,b.json", "line": 3, "title": "T: x"})
    assert line == "::error file=a%2Cb.json,line=3,title=T%3A x::bad%0Avalue"
    assert command("warning", "w") == "::warning::w"
    assert command("error", "m", {"file": None, "line": ""}) == "::error::m"


def test_outputs_use_fresh_random_delimiters_and_round_trip() -> None:
    values = {"best-model": "a\nb<<EOF\nEOF", "passed": "false"}
    first, second = format_outputs(values), format_outputs(values)
    assert first != second
    assert parse_github_output(first) == values


def test_annotation_paths_are_relative_to_the_workspace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    inside = tmp_path / "reports" / "m.json"
    assert annotation_path(str(inside), str(tmp_path)) == "reports/m.json"
    assert annotation_path("rel/m.json", None) == "rel/m.json"
    outside = os.path.abspath(os.path.join(str(tmp_path), "..", "elsewhere.json"))
    assert annotation_path(outside, str(tmp_path)) == outside.replace(os.sep, "/")


def test_at_most_ten_annotations_then_one_that_counts_the_rest() -> None:
    issues = [Issue(f"problem {i}", "m.json", i + 1, ("m", i)) for i in range(20)]
    lines = error_annotations(SchemaError(issues, more=1000), None)
    assert len(lines) == MAX_ANNOTATIONS + 1
    assert lines[0] == "::error file=m.json,line=1,title=Invalid metrics file::m[0]: problem 0"
    assert "10 more problems not annotated, see the step log" in lines[-1]
    assert "and 1000 more models with problems of the same kinds" in lines[-1]
