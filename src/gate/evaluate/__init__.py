"""MetricsDoc × Policy (× Baseline) → GateResult. Pure, linear in models × rules."""

from __future__ import annotations

from collections.abc import Mapping

from gate.evaluate.baseline import comparison_findings, regression_checks
from gate.evaluate.names import check_metric_names, check_scales, settle_directions
from gate.evaluate.rules import Judge, judge_rules, pick_best, requirement_met, rule_judge
from gate.evaluate.slices import gap_check
from gate.metrics import Baseline, MetricsDoc, Model
from gate.policy import Policy
from gate.result import Finding, GateResult, ModelResult, qualifies


def evaluate(
    doc: MetricsDoc,
    policy: Policy,
    baseline: Baseline | None = None,
    found: tuple[Finding, ...] = (),
) -> GateResult:
    """`found`: findings made at the edge (stale metrics), judged with the rest. A rule on a
    metric no model has, or a limit whose direction nothing says, is a PolicyError."""
    check_metric_names(doc, policy)
    check_scales(doc, policy)
    policy = settle_directions(policy, doc)
    results = judge_rules(doc.models, policy, doc.file)
    before = {m.name: m for m in baseline.doc.models} if baseline and baseline.doc else None
    if policy.slices.active or before is not None:
        judge = rule_judge(policy.slices.rules, policy, doc.file)
        results = [_extend(result, policy, judge, before) for result in results]
    qualified = [r for r in results if r.qualified]
    top = pick_best(qualified, policy.rules[0])
    met = requirement_met(policy.require, results, doc.file)
    findings = found + (comparison_findings(doc, baseline, results, policy) if baseline else ())
    passed = met and not any(f.blocking for f in findings)
    names = tuple(r.name for r in qualified)
    return GateResult(
        doc.file,
        policy,
        tuple(results),
        names,
        passed,
        top if passed else None,  # no model is "best" to ship from a failed gate
        baseline,
        findings,
        doc.run,
        doc.files or (doc.file,),
        doc.source_format,
        doc.note,
        met,
        top,
    )


def _extend(
    result: ModelResult, policy: Policy, judge: Judge, before: Mapping[str, Model] | None
) -> ModelResult:
    """A model's result with its slice gates and its comparison with the baseline added."""
    model, gates = result.model, policy.slices
    base = before.get(model.name) if before is not None else None
    sliced = gates.active or (base is not None and policy.baseline.slices)
    slices = model.slices if sliced else ()
    # A slice of unknown size is gated: only a known small sample count excuses it.
    small = [s.samples is not None and s.samples < gates.min_samples for s in slices]
    gated = [s for s, skip in zip(slices, small) if not skip]
    result = result._replace(
        regressions=regression_checks(model, base, policy, gated) if base else (),
        baseline=base,
        new=before is not None and base is None,
    )
    if gates.active:
        result = result._replace(
            slice_checks=tuple(
                check
                for piece in gated
                for check in judge(piece.metrics, piece.samples, piece.name, model.name)
            ),
            gaps=tuple(gap_check(gap, gated) for gap in gates.gaps),
            unsliced=not slices,
            ungated=tuple(s for s, skip in zip(slices, small) if skip),
        )
    return result._replace(qualified=qualifies(result))
