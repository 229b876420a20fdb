"""Each model judged: its rules, then its slice gates and its comparisons with the baseline
and the history."""

from __future__ import annotations

from collections.abc import Mapping

from gate.evaluate.baseline import improvement_checks, regression_checks
from gate.evaluate.basis import Side
from gate.evaluate.changes import family
from gate.evaluate.changes import judge as judge_change
from gate.evaluate.drift import Peaks, drift_checks
from gate.evaluate.rules import Judge, judge_rules, rule_judge
from gate.evaluate.slices import gap_check
from gate.metrics import Baseline, MetricsDoc, Model
from gate.policy import Policy
from gate.result import Limits, ModelResult, qualifies


def judge_models(
    doc: MetricsDoc,
    policy: Policy,
    limits: Limits,
    baseline: Baseline | None,
    reached: Peaks | None,
) -> list[ModelResult]:
    results = judge_rules(doc.models, policy, doc.file, doc.proportions)
    before = {m.name: m for m in baseline.doc.models} if baseline and baseline.doc else None
    if not (policy.slices.active or before is not None or reached is not None):
        return results
    judge = rule_judge(policy.slices.rules, policy, doc.file, doc.proportions)
    return [_extend(r, policy, limits, (judge, doc.proportions), before, reached) for r in results]


def _extend(  # noqa: PLR0917 (one model, and what it is compared with)
    result: ModelResult,
    policy: Policy,
    limits: Limits,
    judging: tuple[Judge, frozenset[str]],
    before: Mapping[str, Model] | None,
    reached: Peaks | None,
) -> ModelResult:
    """A model's result with its slice gates and its comparisons added."""
    judge, declared = judging
    model, gates = result.model, policy.slices
    base = before.get(model.name) if before is not None else None
    sliced = gates.active or (base is not None and policy.baseline.slices)
    slices = model.slices if sliced else ()
    # A slice of unknown size is gated: only a known small sample count excuses it.
    small = [s.samples is not None and s.samples < gates.min_samples for s in slices]
    gated = [s for s, skip in zip(slices, small) if not skip]
    result = result._replace(
        regressions=regression_checks(model, base, limits, policy, gated) if base else (),
        improvements=improvement_checks(model, base, limits) if base else (),
        drifts=drift_checks(model, limits, reached) if reached is not None else (),
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
    if policy.confidence is not None and result.changes:
        result = _on_intervals(result, base, reached, policy, declared)
    return result._replace(qualified=qualifies(result))


def _on_intervals(
    result: ModelResult,
    base: Model | None,
    reached: Peaks | None,
    policy: Policy,
    declared: frozenset[str],
) -> ModelResult:
    """--confidence: each change judged on its interval, the regressions and drifts of the
    model as one family (evaluate/changes.py)."""
    level = policy.confidence
    assert level is not None
    model = result.model
    judged = []
    for check in result.changes:
        metric, among = check.limit.metric, 1
        if check.kind == "drift":
            peak = reached.get((model.name, metric)) if reached else None
            reference, among = (peak.model, peak.among) if peak else (None, 1)
        else:
            reference = base
        before, after = _side(reference, check.slice, metric), _side(model, check.slice, metric)
        rate = policy.is_rate(metric, declared)
        asked = check._replace(on_inconclusive=policy.baseline.on_inconclusive, among=among)
        judged.append(judge_change(asked, before, after, level, rate))
    checks = family(judged, level)
    regressions, improvements = len(result.regressions), len(result.improvements)
    return result._replace(
        regressions=checks[:regressions],
        improvements=checks[regressions : regressions + improvements],
        drifts=checks[regressions + improvements :],
    )


def _side(model: Model | None, piece: str | None, metric: str) -> Side:
    """What `model` (or its slice `piece`) has of `metric`: value, count, error, examples."""
    if model is None:
        return Side(None)
    columns = model.examples.columns if model.examples is not None else {}
    if piece is not None:  # a slice's examples are the column SLICE.METRIC (lm-eval's tasks)
        found = next((s for s in model.slices if s.name == piece), None)
        if found is None:
            return Side(None)
        column = columns.get(f"{piece}.{metric}")
        return Side(found.metrics.get(metric), found.samples, found.stderr.get(metric), column)
    column = columns.get(metric)
    return Side(
        model.metrics.get(metric), model.samples_of(metric), model.stderr.get(metric), column
    )
