"""Stale metrics: code the metrics depend on changed after the commit they were made from.
Git answers at the edge (git.py); these functions turn the answer into findings."""

from __future__ import annotations

from collections.abc import Sequence

from gate.result import Finding


def no_commit() -> Finding:
    return Finding("stale-no-commit", level="error")


def unknown_commit(commit: str, why: str) -> Finding:
    return Finding("stale-unknown-commit", (commit, why), "error")


def changed(commit: str, files: Sequence[str]) -> Finding:
    if not files:
        return Finding("stale-unchanged", (commit,), "note")
    return Finding("stale-changed", (commit, *files), "error")
