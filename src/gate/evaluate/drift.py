"""--history and --max-drift: what each earlier version was judged (its best model and
values), the best value each model reached in them (the reference of a --max-drift limit),
and findings about the window."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from gate.evaluate.baseline import LEVELS, dataset_changed
from gate.findings import (
    Finding,
    HistoryOtherData,
    HistoryShort,
    HistorySkipped,
    NoHistory,
    NotInHistory,
)
from gate.metrics import History, MetricsDoc, Model, PastVersion
from gate.policy import Policy
from gate.result import ChangeCheck, GateResult, Limits, Version


class Peak(NamedTuple):
    """The best value a model reached on a metric in the window, where, and that version
    of the model (its samples, errors and examples judge a drift under --confidence)."""

    value: float
    commit: str
    model: Model
    among: int = 1  # the versions it was the best of: a maximum of noisy values is biased


Peaks = Mapping[tuple[str, str], Peak]  # (model, metric) → its peak


def version_of(past: PastVersion, result: GateResult, policy: Policy) -> Version:
    """A version as the gate judged it: its verdict, its best model and that model's value
    of every metric a rule or limit names."""
    top = next((m.model for m in result.models if m.name == result.top), None)
    named = policy.named_metrics()
    metrics = tuple((m, top.metrics[m]) for m in named if m in top.metrics) if top else ()
    value = top.metrics.get(policy.rules[0].metric) if top else None
    return Version(past.commit, past.date, result.passed, result.top, value, metrics)


def peaks(history: History, doc: MetricsDoc, limits: Limits) -> Peaks:
    """The best value of each drift-limited metric each model reached in the versions that
    were measured on the candidate's evaluation set."""
    best: dict[tuple[str, str], Peak] = {}
    for past in usable(history, doc):
        assert past.doc is not None
        for model in past.doc.models:
            for limit in limits.drifts:
                value = model.metrics.get(limit.metric)
                if value is None:
                    continue
                key = (model.name, limit.metric)
                held = best.get(key)
                if held is None:
                    best[key] = Peak(value, past.commit, model)
                elif value > held.value if limit.higher_is_better else value < held.value:
                    best[key] = Peak(value, past.commit, model, held.among + 1)
                else:
                    best[key] = held._replace(among=held.among + 1)
    return best


def usable(history: History, doc: MetricsDoc) -> list[PastVersion]:
    """Readable versions measured on the candidate's evaluation set (when both name one)."""
    return [p for p in history.versions if p.doc is not None and not dataset_changed(doc, p.doc)]


def drift_checks(model: Model, limits: Limits, found: Peaks) -> tuple[ChangeCheck, ...]:
    checks = []
    for limit in limits.drifts:
        peak = found.get((model.name, limit.metric))
        value = model.metrics.get(limit.metric)
        reference, source = (peak.value, peak.commit) if peak else (None, "")
        checks.append(ChangeCheck(limit, reference, value, None, "drift", source))
    return tuple(checks)


def history_findings(  # noqa: PLR0917 (the window, and what was judged against it)
    history: History,
    doc: MetricsDoc,
    policy: Policy,
    limits: Limits,
    models: Sequence[str],
    found: Peaks,
) -> tuple[Finding, ...]:
    drifts = limits.drifts
    readable = [p for p in history.versions if p.doc is not None]
    if history.missing or not readable:
        why = history.missing or (
            "no earlier version of the metrics files is in this branch's history"
            if not history.versions
            else "no earlier version of the metrics files could be read"
        )
        level = LEVELS[policy.baseline.missing("fail")] if drifts else "warning"
        return (Finding(NoHistory(why), level),)
    findings = []
    if history.short:
        short = HistoryShort(len(history.versions), history.wanted, history.short)
        findings.append(Finding(short))
    skipped = tuple(p.commit[:12] for p in history.versions if p.doc is None)
    if skipped:
        findings.append(Finding(HistorySkipped(skipped), "note"))
    if drifts:
        other = len(readable) - len(usable(history, doc))
        if other == len(readable):  # the evaluation set changed since every version
            fail = policy.baseline.on_incomparable == "fail"
            findings.append(Finding(HistoryOtherData(other, True), "error" if fail else "warning"))
            return tuple(findings)
        if other:
            findings.append(Finding(HistoryOtherData(other), "note"))
        unseen = tuple(
            name for name in models if not any((name, x.metric) in found for x in drifts)
        )
        if unseen:
            level = LEVELS[policy.baseline.missing()]
            findings.append(Finding(NotInHistory(unseen), level))
    return tuple(findings)
