"""Step outputs, appended to $GITHUB_OUTPUT in the runner's heredoc form.

Every value is written as `name<<DELIM` … `DELIM` with a random delimiter that is checked not
to occur in the value, as @actions/core does, so no value can add or change another output.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from gate.files import UNENCODABLE
from gate.github.commands import random_token
from gate.result import GateResult


def gate_outputs(result: GateResult, report_path: str) -> dict[str, str]:
    return {
        "passed": "true" if result.passed else "false",
        "qualified": json.dumps(list(result.qualified)),
        "qualified-count": str(len(result.qualified)),
        "best-model": result.best or "",
        "report": _slashed(report_path),
    }


def error_outputs(report_path: str) -> dict[str, str]:
    """The same outputs when the input was invalid: never passed, nothing qualified."""
    return {
        "passed": "false",
        "qualified": "[]",
        "qualified-count": "0",
        "best-model": "",
        "report": _slashed(report_path),
    }


def _slashed(path: str) -> str:
    """With '/' on every OS: Windows takes it, and a later step's shell (bash on every
    runner) does not eat a backslash."""
    return path.replace(os.sep, "/")


def format_outputs(outputs: Mapping[str, str]) -> str:
    chunks = []
    for name, value in outputs.items():
        delimiter = f"ghadelimiter_{random_token()}"
        if delimiter in name or delimiter in value:  # astronomically unlikely; never write it
            raise RuntimeError("output delimiter collision")
        chunks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(chunks)


def write_outputs(path: str, outputs: Mapping[str, str]) -> None:
    with open(path, "a", encoding="utf-8", errors=UNENCODABLE, newline="\n") as handle:
        handle.write(format_outputs(outputs))
