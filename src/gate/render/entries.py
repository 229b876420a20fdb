"""The JSON report's model entries, one per line of the report."""

from __future__ import annotations

import math
from typing import Any

from gate.render.reasons import model_reason
from gate.result import ChangeCheck, Check, ModelResult


def model_entry(
    m: ModelResult, sliced: bool, compared: bool, confident: bool = False
) -> dict[str, Any]:
    model = m.model
    metrics = model.metrics
    out: dict[str, Any] = {
        "name": model.name,
        "qualified": m.qualified,
        "reason": "" if m.qualified and not m.ungated else model_reason(m, most=None),
        # the file's own dict, not a copy: the encoder reads it, nothing writes it
        "metrics": metrics if type(metrics) is dict else dict(metrics),
        "checks": list(map(_check, m.checks)),
    }
    artifact = model.artifact
    if artifact is not None:
        out["artifact"] = {"uri": artifact.uri, "sha256": artifact.sha256}
    if model.stderr:
        out["stderr"] = dict(model.stderr)
    if sliced:
        out.update(_slices(m))
    if compared:
        base = m.baseline
        out["new"] = m.new
        out["baseline_metrics"] = dict(base.metrics) if base else None
        out["regressions"] = [_change(r, "baseline", "allowed", confident) for r in m.regressions]
        if m.improvements:
            out["improvements"] = [
                _change(r, "baseline", "required", confident) for r in m.improvements
            ]
    if m.drifts:
        out["drifts"] = [
            {**_change(r, "best", "allowed", confident), "best_commit": r.source or None}
            for r in m.drifts
        ]
    return out


def _change(check: ChangeCheck, reference: str, limit: str, confident: bool) -> dict[str, Any]:
    """`reference` names the value compared with; `limit` the most worsening allowed, or the
    least improvement required."""
    was = check.reference
    entry = {
        "metric": check.limit.metric,
        **({"slice": check.slice} if check.slice is not None else {}),
        reference: was,
        "value": check.value,
        "change": finite(check.change),
        limit: finite(check.limit.of(was)) if was is not None else None,
        "passed": check.passed,
    }
    if confident and check.value is not None and was is not None:
        entry.update(_judged(check))
    return entry


def _judged(check: ChangeCheck) -> dict[str, Any]:
    """Under --confidence: the interval of the change, how it was made, the outcome."""
    out: dict[str, Any] = {
        "interval": [finite(v) for v in check.interval] if check.interval else None,
        "method": check.method,
        "outcome": check.outcome,
    }
    if check.growth is not None:
        out["settle_factor"] = finite(check.growth)  # × the examples that would settle it
    if check.corrected is not None:
        out["holm_checks"] = check.corrected  # regressed alone, not after Holm over these
    paired = check.paired
    if paired is not None:
        out["paired"] = {
            "n": paired.n,
            "newly_wrong": paired.newly_wrong,
            "newly_right": paired.newly_right,
            "p_value": paired.p_value,
            "only_baseline": paired.only_before,
            "only_candidate": paired.only_after,
        }
    return out


def _slices(m: ModelResult) -> dict[str, Any]:
    ungated = {s.name for s in m.ungated}
    return {
        "slices": [
            {
                "name": s.name,
                "samples": s.samples,
                "gated": s.name not in ungated,
                "metrics": dict(s.metrics),
            }
            for s in m.model.slices
        ],
        "slice_checks": list(map(_check, m.slice_checks)),
        "gaps": [
            {
                "metric": g.gap.metric,
                "max": g.gap.amount,
                "gap": finite(round(g.spread, 12)),
                "high": list(g.high) if g.high else None,
                "low": list(g.low) if g.low else None,
                "passed": g.passed,
            }
            for g in m.gaps
        ],
        "unsliced": m.unsliced,
    }


def _check(check: Check) -> dict[str, Any]:
    metric, op, threshold = check.rule
    out: dict[str, Any] = {
        "metric": metric,
        "op": op,
        "threshold": threshold,
        "value": check.value,
        "passed": check.passed,
    }
    if check.slice is not None:
        out["slice"] = check.slice
    if check.level is not None:
        out["interval"] = list(check.interval) if check.interval else None
        out["judged"] = check.judged
    return out


def finite(number: float | None) -> float | None:
    """A computed number for JSON, which has no infinity: two finite values far apart can
    differ by more than a float holds. The check that used it has already failed."""
    return number if number is None or math.isfinite(number) else None
