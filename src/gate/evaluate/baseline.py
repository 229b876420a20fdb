"""A candidate against its baseline: regression checks for each model (and slice), and
findings about the comparison as a whole: no baseline, removed models, other data."""

from __future__ import annotations

from collections.abc import Sequence

from gate.metrics import Baseline, Dataset, MetricsDoc, Model, Slice
from gate.policy import Policy
from gate.regression import OnMissing
from gate.result import MAX_LISTED_ARGS, Finding, ModelResult, RegressionCheck, listed

_LEVELS = {"pass": "note", "warn": "warning", "fail": "error"}


def regression_checks(
    model: Model, base: Model, policy: Policy, slices: Sequence[Slice]
) -> tuple[RegressionCheck, ...]:
    """Each limit on the model, and on each of `slices` with --slice-regressions."""
    limits = policy.baseline.regressions
    checks = [
        RegressionCheck(x, base.metrics.get(x.metric), model.metrics.get(x.metric)) for x in limits
    ]
    if policy.baseline.slices and limits:
        before = {piece.name: piece for piece in base.slices}
        for piece in slices:
            old = before.get(piece.name)
            for limit in limits:
                value = piece.metrics.get(limit.metric)
                was = old.metrics.get(limit.metric) if old else None
                if value is not None or was is not None:
                    checks.append(RegressionCheck(limit, was, value, piece.name))
    return tuple(checks)


def comparison_findings(
    doc: MetricsDoc, baseline: Baseline, results: Sequence[ModelResult], policy: Policy
) -> tuple[Finding, ...]:
    on_missing = policy.baseline.on_missing
    if baseline.doc is None:
        why = baseline.missing or f"{baseline.label} does not exist"
        return (
            Finding(
                "no baseline: {0}, so nothing was compared" + _how_to(on_missing),
                (why,),
                _LEVELS[on_missing],  # type: ignore[arg-type]
            ),
        )
    findings = [*_dataset_findings(doc, baseline.doc, policy)]
    missing = _without_baseline(results)
    if missing:
        findings.append(
            Finding(
                "no baseline for " + listed(missing) + _how_to(on_missing),
                tuple(missing[:MAX_LISTED_ARGS]),
                _LEVELS[on_missing],  # type: ignore[arg-type]
            )
        )
    names = {r.name for r in results}
    removed = [m.name for m in baseline.doc.models if m.name not in names]
    if removed:
        findings.append(
            Finding(
                "removed since the baseline: " + listed(removed),
                tuple(removed[:MAX_LISTED_ARGS]),
                "note",
            )
        )
    return tuple(findings)


def _how_to(on_missing: OnMissing) -> str:
    if on_missing == "fail":
        return " (--on-missing-baseline fail)"
    return ""


def _without_baseline(results: Sequence[ModelResult]) -> list[str]:
    """New models, and metrics or slices the baseline lacks, as short phrases."""
    missing: list[str] = []
    for result in results:
        if result.new:
            missing.append(f"new model {result.name}")
            continue
        for check in result.regressions:
            if check.baseline is None and check.value is not None:
                where = f" slice {check.slice}" if check.slice is not None else ""
                missing.append(f"{result.name}{where} {check.limit.metric}")
    return missing


def _dataset_findings(doc: MetricsDoc, base: MetricsDoc, policy: Policy) -> list[Finding]:
    new = doc.run.dataset if doc.run else None
    old = base.run.dataset if base.run else None
    unnamed = [which for d, which in ((old, "baseline"), (new, "candidate")) if not _named(d)]
    if unnamed:
        which = " and the ".join(unnamed)
        return [
            Finding(
                f"the {which} {'name' if len(unnamed) == 2 else 'names'} no evaluation set "
                "(run.dataset), so gate cannot tell "
                "whether both were measured on the same data; compared anyway",
                level="note" if len(unnamed) == 2 else "warning",
            )
        ]
    assert old is not None and new is not None
    if old.sha256 and new.sha256:
        same = old.sha256.lower() == new.sha256.lower()
    elif old.name and new.name:
        same = old.name == new.name
    else:
        return [
            Finding(
                "the baseline and the candidate fingerprint their evaluation sets differently "
                "(one by sha256 only, one by name only); compared anyway"
            )
        ]
    if same:
        return []
    failing = policy.baseline.on_incomparable == "fail"
    advice = (
        "; if the new evaluation set is intended, accept it with --on-incomparable warn "
        "(action input on-incomparable: warn)"
        if failing
        else ""
    )
    return [
        Finding(
            "evaluation set changed ({0} → {1}): the baseline and the candidate were measured "
            "on different data, so regressions cannot be judged fairly" + advice,
            (_describe(old), _describe(new)),
            "error" if failing else "warning",
        )
    ]


def _named(dataset: Dataset | None) -> bool:
    return dataset is not None and bool(dataset.name or dataset.sha256)


def _describe(dataset: Dataset) -> str:
    digest = f"sha256 {dataset.sha256[:12]}…" if dataset.sha256 else ""
    if dataset.name and digest:
        return f"{dataset.name}, {digest}"
    return dataset.name or digest
