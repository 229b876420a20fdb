"""The lineage block of the Markdown report: run commit, evaluation set, artifacts."""

from __future__ import annotations

from typing import Callable

from gate.result import GateResult

MAX_ARTIFACT_ROWS = 20


def lineage_lines(result: GateResult, escape_cell: Callable[[str], str]) -> list[str]:
    """Where the numbers came from: the run's commit and evaluation set, each artifact."""
    run, parts = result.run, []
    if run is not None:
        if run.commit:
            parts.append(f"commit {escape_cell(run.commit[:12])}")
        if run.dataset is not None:
            digest = run.dataset.sha256
            name = escape_cell(run.dataset.name or "unnamed")
            parts.append(
                f"evaluation set {name}"
                + (f" (sha256 {escape_cell(digest[:12])}…)" if digest else "")
            )
        if run.created:
            parts.append(f"created {escape_cell(run.created)}")
    lines = ["", "Lineage: " + " · ".join(parts)] if parts else []
    artifacts = [m for m in result.models if m.model.artifact is not None]
    if artifacts:
        lines += ["", "<details><summary>Artifacts</summary>", "", "| Model | URI | sha256 |"]
        lines.append("| :-- | :-- | :-- |")
        for m in artifacts[:MAX_ARTIFACT_ROWS]:
            art = m.model.artifact
            assert art is not None
            digest = escape_cell(art.sha256) if art.sha256 else "—"
            lines.append(f"| {escape_cell(m.name)} | {escape_cell(art.uri)} | {digest} |")
        if len(artifacts) > MAX_ARTIFACT_ROWS:
            lines += ["", f"… and {len(artifacts) - MAX_ARTIFACT_ROWS} more in the JSON report."]
        lines += ["", "</details>"]
    return lines
