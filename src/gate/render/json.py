"""The JSON report: everything a later step needs to act on the verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import msgspec

from gate import __version__
from gate.errors import GateError
from gate.files import UNENCODABLE
from gate.jsonpath import format_path
from gate.metrics import Run
from gate.policy import Change, Rule
from gate.render.entries import encoded, entry_lines
from gate.render.findings import finding_text, verdict
from gate.result import GateResult


def report(result: GateResult) -> dict[str, Any]:
    """Everything but the models, whose lines `entry_lines` writes."""
    policy = result.policy
    body: dict[str, Any] = {
        "gate_version": __version__,
        "file": result.file,
        "files": list(result.files),
        "source_format": result.source_format,
        "passed": result.passed,
        "verdict": verdict(result),
        "require": _requirement(result),
        "qualified": list(result.qualified),
        "best": result.best,  # null on a failed gate
        "top_model": result.top,  # the qualifying model that ranks first, passed or not
        "rules": [_rule(r) for r in policy.rules],
        "run": _run(result.run),
        "findings": [
            {"level": f.level, "blocking": f.blocking, "message": finding_text(f)}
            for f in result.findings
        ],
    }
    if result.source_note:
        body["source_note"] = result.source_note
    if policy.slices.active:
        body["slice_rules"] = [_rule(r) for r in policy.slices.rules]
        body["slice_gaps"] = [{"metric": g.metric, "max": g.amount} for g in policy.slices.gaps]
        body["min_slice_samples"] = policy.slices.min_samples
    if policy.confidence is not None:
        body["confidence"] = policy.confidence
    if result.baseline is not None:
        body.update(_comparison(result))
    if result.history is not None:
        body["history_depth"] = policy.history.depth
        body["max_drifts"] = [_limit(x) for x in result.limits.drifts]
        body["history"] = [
            {
                "commit": v.commit,
                "date": v.date,
                "passed": v.passed,
                "best": v.best,
                "value": v.value,
                "metrics": dict(v.metrics),
                **({"error": v.error} if v.error else {}),
            }
            for v in result.history
        ]
    return body


def _limit(change: Change) -> dict[str, Any]:
    return {
        "metric": change.metric,
        "amount": change.amount,
        "relative": change.relative,
        "higher_is_better": change.higher_is_better,
    }


def _comparison(result: GateResult) -> dict[str, Any]:
    baseline = result.baseline
    assert baseline is not None
    limits = result.policy.baseline
    judged = result.limits
    names = {m.name for m in result.models}
    doc = baseline.doc
    return {
        "baseline": {
            "source": baseline.label,
            "found": doc is not None,
            "run": _run(doc.run) if doc else None,
            "removed": [m.name for m in doc.models if m.name not in names] if doc else [],
        },
        "max_regressions": [_limit(x) for x in judged.regressions],
        "min_improvements": [_limit(x) for x in judged.improvements],
        "slice_regressions": limits.slices,
        "on_missing_baseline": limits.missing(),
        "on_incomparable": limits.on_incomparable,
    }


def _run(run: Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    dataset = run.dataset
    return {
        "commit": run.commit,
        "dataset": {"name": dataset.name, "sha256": dataset.sha256} if dataset else None,
        "created": run.created,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {"metric": rule.metric, "op": rule.op, "threshold": rule.threshold}


def _requirement(result: GateResult) -> str | int:
    require = result.policy.require
    if require.kind == "count":
        return require.number
    return str(require.model) if require.kind == "model" else require.kind


def render_json(result: GateResult) -> str:
    return b"".join(report_chunks(result)).decode()


def report_chunks(result: GateResult) -> Iterator[bytes]:
    """The report as UTF-8 pieces, indented at the top and one model per line: readable with
    grep and head, and never held whole (a 100k-model report is ~26 MB)."""
    body = report(result)
    qualified = body.pop("qualified")
    piece = bytearray(_indented(body)[:-2] + b',\n  "qualified": ')
    piece += encoded([qualified])[0]
    piece += b',\n  "models": ['
    sliced, compared = result.policy.slices.active, result.baseline is not None
    confident = result.policy.confidence is not None
    models = result.models
    separator = b",\n    "
    piece += b"\n    " if models else b""
    for start in range(0, len(models), _BATCH):
        batch = models[start : start + _BATCH]
        piece += separator.join(entry_lines(batch, sliced, compared, confident))
        piece += separator if start + _BATCH < len(models) else b""
        if len(piece) >= 1 << 16:
            yield bytes(piece)
            del piece[:]
    piece += b"\n  ]\n}\n"
    yield bytes(piece)


_BATCH = 1024  # models whose lines are built at once, a column at a time


def _indented(body: dict[str, Any]) -> bytes:
    """The report's head, indented, its numbers spelled as msgspec spells the model lines'
    (1e-7, not json's 1e-07). Text no UTF-8 can hold json writes, as its escape (not
    `encoded` and then msgspec's format: that refuses the escape of a lone surrogate)."""
    try:
        return msgspec.json.format(msgspec.json.encode(body), indent=2)
    except UnicodeEncodeError:
        text = json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8", UNENCODABLE)


def render_error_json(error: GateError) -> str:
    """A report for a run that could not decide: never passed, with every problem located."""
    body = {
        "gate_version": __version__,
        "passed": False,
        "verdict": f"input error: {error.title.lower()}",
        "qualified": [],
        "best": None,
        "top_model": None,
        "rules": [],
        "models": [],
        "more_models_with_errors": error.more,  # beyond the models the errors listed are about
        "errors": [
            {
                "file": issue.file,
                "line": issue.line,
                "path": format_path(issue.path) if issue.path is not None else None,
                "message": issue.message,
            }
            for issue in error.issues
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
