"""MetricsDoc × Policy (× Baseline, History) → GateResult, in steps. Pure, linear in
models × rules:

1. check the policy against the file (names.py): a rule on a metric no model has, a
   proportion written as a percentage, a direction the file contradicts → PolicyError;
2. the limits as judged (directions.py): each change limit with its direction settled;
3. each model judged: rules, then slices and the comparisons (models.py);
4. the findings about the run: the baseline, the history, staleness;
5. the decision: the requirement, the best model, passed.
"""

from __future__ import annotations

from gate.errors import GateError
from gate.evaluate import drift
from gate.evaluate.baseline import LEVELS, comparison_findings
from gate.evaluate.changes import interval_findings
from gate.evaluate.directions import settle_limits
from gate.evaluate.models import judge_models
from gate.evaluate.names import check_metric_names, check_scales
from gate.evaluate.rules import pick_best, requirement_met
from gate.evaluate.runs import aggregate
from gate.findings import Finding, NoBaseline
from gate.metrics import Baseline, History, MetricsDoc, PastVersion
from gate.policy import NO_BASELINE_LIMITS, NO_HISTORY, Policy
from gate.result import GateResult, Limits, ModelResult, Version


def evaluate(
    doc: MetricsDoc,
    policy: Policy,
    baseline: Baseline | None = None,
    found: tuple[Finding, ...] = (),
    history: History | None = None,
) -> GateResult:
    """`found`: findings made at the edge (stale metrics), judged with the rest."""
    doc = aggregate(doc, policy)  # --runs: a model of several runs stands for them
    if baseline is not None and baseline.doc is not None:
        baseline = baseline._replace(doc=aggregate(baseline.doc, policy))
    if history is not None and policy.runs is not None:
        history = history._replace(versions=tuple(_runs_of(v, policy) for v in history.versions))
    check_metric_names(doc, policy)
    check_scales(doc, policy)
    references = [baseline.doc] if baseline and baseline.doc else []
    references += [v.doc for v in history.versions if v.doc] if history else []
    limits = settle_limits(policy, doc, references)
    reached = drift.peaks(history, doc, limits) if history and limits.drifts else None
    results = judge_models(doc, policy, limits, baseline, reached)
    findings = found + _findings(doc, policy, limits, baseline, history, results, reached)
    versions = _versions(history, policy) if history is not None else None
    return _decide(doc, policy, tuple(results), findings, baseline, versions)._replace(
        limits=limits
    )


def _findings(  # noqa: PLR0917 (each step's values, once)
    doc: MetricsDoc,
    policy: Policy,
    limits: Limits,
    baseline: Baseline | None,
    history: History | None,
    results: list[ModelResult],
    reached: drift.Peaks | None,
) -> tuple[Finding, ...]:
    findings: tuple[Finding, ...] = ()
    if baseline is not None:
        findings += comparison_findings(doc, baseline, results, policy)
    elif limits.improvements:
        level = LEVELS[policy.baseline.missing()]
        findings += (Finding(NoBaseline(_NO_BASELINE_SOURCE), level),)
    if history is not None:
        every = [r.name for r in results]
        findings += drift.history_findings(history, doc, policy, limits, every, reached or {})
    if policy.confidence is None:  # changes are judged on intervals only under --confidence
        return findings
    return findings + interval_findings(results, policy)


_NO_BASELINE_SOURCE = (
    "--min-improvement needs a baseline to improve on: --baseline, --baseline-ref or --pr-base"
)


def _versions(history: History, policy: Policy) -> tuple[Version, ...]:
    """Each version as the gate would have judged it then (rules, slices, requirement: no
    baseline, no history), newest first; an unreadable or unjudgeable one keeps its error."""
    plain = policy._replace(baseline=NO_BASELINE_LIMITS, history=NO_HISTORY)
    return tuple(_version(past, plain, policy) for past in history.versions)


def _runs_of(past: PastVersion, policy: Policy) -> PastVersion:
    """A history version whose models of several runs stand for them, as now."""
    if past.doc is None:
        return past
    try:
        return past._replace(doc=aggregate(past.doc, policy))
    except GateError as exc:  # its runs disagree: unusable, said in the history
        return past._replace(doc=None, error=exc.issues[0].message)


def _version(past: PastVersion, plain: Policy, policy: Policy) -> Version:
    if past.doc is None:
        return Version(past.commit, past.date, error=past.error)
    try:
        result = evaluate(past.doc, plain)
    except GateError as exc:  # a rule on a metric this version did not have yet
        return Version(past.commit, past.date, error=exc.issues[0].message)
    return drift.version_of(past, result, policy)


def _decide(  # noqa: PLR0917 (the steps' values, into the result)
    doc: MetricsDoc,
    policy: Policy,
    results: tuple[ModelResult, ...],
    findings: tuple[Finding, ...],
    baseline: Baseline | None,
    versions: tuple[Version, ...] | None,
) -> GateResult:
    """The requirement, the best model and the verdict."""
    qualified = [r for r in results if r.qualified]
    top = pick_best(qualified, policy.rules[0])
    met = requirement_met(policy.require, results, doc.file)
    passed = met and not any(f.blocking for f in findings)
    return GateResult(
        file=doc.file,
        policy=policy,
        models=results,
        qualified=tuple([r.model.name for r in qualified]),  # a list first: no generator
        passed=passed,
        best=top if passed else None,  # no model is "best" to ship from a failed gate
        baseline=baseline,
        findings=findings,
        run=doc.run,
        files=doc.files or (doc.file,),
        source_format=doc.source_format,
        source_note=doc.note,
        met=met,
        top=top,
        history=versions,
    )
