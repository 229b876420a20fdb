"""--history: each earlier version judged under the same policy, the best value each model
reached in them (the reference of a --max-drift limit), and findings about the window."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from gate.errors import GateError
from gate.evaluate.baseline import LEVELS, dataset_changed
from gate.metrics import History, MetricsDoc, Model, PastVersion
from gate.policy import NO_BASELINE_LIMITS, NO_HISTORY, Policy
from gate.result import ChangeCheck, Finding, GateResult, Version

Judge = Callable[[MetricsDoc, Policy], GateResult]
Peaks = Mapping[tuple[str, str], tuple[float, str]]  # (model, metric) → (best value, commit)


def judge_versions(history: History, policy: Policy, judge: Judge) -> tuple[Version, ...]:
    """Each version as the gate would have judged it then (rules, slices, requirement: no
    baseline, no history), newest first; an unreadable or unjudgeable one keeps its error."""
    plain = policy._replace(baseline=NO_BASELINE_LIMITS, history=NO_HISTORY)
    first = policy.rules[0].metric
    named = trend_metrics(policy)
    versions = []
    for past in history.versions:
        if past.doc is None:
            versions.append(Version(past.commit, past.date, error=past.error))
            continue
        try:
            result = judge(past.doc, plain)
        except GateError as exc:  # a rule on a metric this version did not have yet
            versions.append(Version(past.commit, past.date, error=exc.issues[0].message))
            continue
        top = next((m.model for m in result.models if m.name == result.top), None)
        metrics = tuple((m, top.metrics[m]) for m in named if m in top.metrics) if top else ()
        value = top.metrics.get(first) if top else None
        versions.append(Version(past.commit, past.date, result.passed, result.top, value, metrics))
    return tuple(versions)


def trend_metrics(policy: Policy) -> list[str]:
    """The metrics a rule or a limit names, in that order."""
    named = [rule.metric for rule in policy.rules]
    named += [x.metric for x in policy.baseline.regressions + policy.baseline.improvements]
    named += [x.metric for x in policy.history.drifts]
    return list(dict.fromkeys(named))


def peaks(history: History, doc: MetricsDoc, policy: Policy) -> Peaks:
    """The best value of each drift-limited metric each model reached in the versions that
    were measured on the candidate's evaluation set."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for past in usable(history, doc):
        assert past.doc is not None
        for model in past.doc.models:
            for limit in policy.history.drifts:
                value = model.metrics.get(limit.metric)
                if value is None:
                    continue
                key = (model.name, limit.metric)
                held = best.get(key)
                better = held is None or (
                    value > held[0] if limit.higher_is_better else value < held[0]
                )
                if better:
                    best[key] = (value, past.commit)
    return best


def usable(history: History, doc: MetricsDoc) -> list[PastVersion]:
    """Readable versions measured on the candidate's evaluation set (when both name one)."""
    return [p for p in history.versions if p.doc is not None and not dataset_changed(doc, p.doc)]


def drift_checks(model: Model, policy: Policy, found: Peaks) -> tuple[ChangeCheck, ...]:
    checks = []
    for limit in policy.history.drifts:
        peak = found.get((model.name, limit.metric))
        value = model.metrics.get(limit.metric)
        reference, source = peak if peak else (None, "")
        checks.append(ChangeCheck(limit, reference, value, None, "drift", source))
    return tuple(checks)


def history_findings(
    history: History, doc: MetricsDoc, policy: Policy, models: Sequence[str], found: Peaks
) -> tuple[Finding, ...]:
    drifts = policy.history.drifts
    readable = [p for p in history.versions if p.doc is not None]
    if history.missing or not readable:
        why = history.missing or (
            "no earlier version of the metrics files is in this branch's history"
            if not history.versions
            else "no earlier version of the metrics files could be read"
        )
        level = LEVELS[policy.baseline.missing("fail")] if drifts else "warning"
        return (Finding("no-history", (why,), level),)
    findings = []
    if history.short:
        counts = (str(len(history.versions)), str(history.wanted), history.short)
        findings.append(Finding("history-short", counts))
    skipped = tuple(p.commit[:12] for p in history.versions if p.doc is None)
    if skipped:
        findings.append(Finding("history-skipped", skipped, "note"))
    if drifts:
        other = len(readable) - len(usable(history, doc))
        if other:
            findings.append(Finding("history-other-data", (str(other),), "note"))
        unseen = tuple(
            name for name in models if not any((name, x.metric) in found for x in drifts)
        )
        if unseen:
            findings.append(Finding("not-in-history", unseen, LEVELS[policy.baseline.missing()]))
    return tuple(findings)
