"""Stale metrics: code the metrics depend on changed after the commit they were made from.
Git answers at the edge (github/git.py); these functions turn the answer into findings."""

from __future__ import annotations

from collections.abc import Sequence

from gate.result import MAX_LISTED_ARGS, Finding, listed


def no_commit() -> Finding:
    return Finding(
        "stale-metrics check: the metrics file names no run.commit, so gate cannot tell "
        "whether the metrics describe this code (--code-paths)",
        level="error",
    )


def unknown_commit(commit: str, why: str) -> Finding:
    return Finding(
        "stale-metrics check: cannot compare run.commit {0} with HEAD: {1}",
        (commit, why),
        level="error",
    )


def changed(commit: str, files: Sequence[str]) -> Finding:
    if not files:
        return Finding(
            "no file matching --code-paths changed since {0}, the commit the metrics were "
            "made from",
            (commit[:12],),
            level="note",
        )
    return Finding(
        "stale metrics: " + listed(files, first=1) + " changed since {0}, the commit the "
        "metrics were made from; re-run the evaluation and commit its metrics",
        (commit[:12], *files[:MAX_LISTED_ARGS]),
        level="error",
    )
