"""MetricsDoc × Policy (× Baseline) → GateResult. Pure, linear in models × rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from gate.errors import Issue, PolicyError
from gate.evaluate.baseline import comparison_findings, regression_checks
from gate.evaluate.confidence import wilson_interval
from gate.metrics import Baseline, MetricsDoc, Model, Slice
from gate.policy import OPS, Gap, Policy, Requirement, Rule
from gate.result import (
    CHECK_DEFAULTS,
    RESULT_DEFAULTS,
    Check,
    Finding,
    GapCheck,
    GateResult,
    ModelResult,
    qualifies,
)
from gate.result import check as judged


def evaluate(
    doc: MetricsDoc,
    policy: Policy,
    baseline: Baseline | None = None,
    found: tuple[Finding, ...] = (),
) -> GateResult:
    """`found`: findings made at the edge (stale metrics), judged with the rest."""
    before = {m.name: m for m in baseline.doc.models} if baseline and baseline.doc else None
    if before is None and policy.confidence is None and not policy.slices.active:
        results, qualified, names, best = judge_plainly(doc.models, policy.rules)
    else:
        results = tuple(judge_model(model, policy, doc.file, before) for model in doc.models)
        results, qualified, names, best = _judged(results, policy.rules)
    met = judge(policy.require, results, doc.file, len(qualified))
    findings = found + (comparison_findings(doc, baseline, results, policy) if baseline else ())
    passed = met and not any(f.blocking for f in findings)
    return GateResult(doc.file, policy, results, names, passed, best, baseline, findings, doc.run)


class Judged(NamedTuple):
    results: tuple[ModelResult, ...]
    qualified: list[ModelResult]
    names: tuple[str, ...]  # of the qualified models
    best: str | None  # pick_best's choice


def _judged(results: tuple[ModelResult, ...], rules: Sequence[Rule]) -> Judged:
    qualified = [r for r in results if r.qualified]
    best = pick_best(qualified, rules[0]) if rules else None
    return Judged(results, qualified, tuple([r.model.name for r in qualified]), best)


def judge_plainly(models: Sequence[Model], rules: Sequence[Rule]) -> Judged:
    """judge_model's results when only model rules apply (no slices, baseline or confidence),
    in one loop without a call per model: the common case, and the one a 100k-model sweep
    spends its time in. Under one rule, the qualified models and the best are found on the
    way, while each model is at hand (~15 ms less on 100k models than three more passes).
    tests/test_evaluate.py holds this to judge_model and pick_best."""
    tests = [(rule, rule.metric, OPS[rule.op], rule.threshold) for rule in rules]
    new = tuple.__new__
    results: list[ModelResult] = []
    append = results.append
    if len(tests) == 1:  # the default policy, and most others
        [(rule, metric, test, threshold)] = tests
        better = OPS[">" if rule.higher_is_better else "<"]  # strict: the first of equals stays
        qualified: list[ModelResult] = []
        names: list[str] = []
        value: Any  # a number wherever passed is true
        top: Any = None
        best: str | None = None
        for model in models:
            value = model.metrics.get(metric)
            passed = value is not None and test(value, threshold)
            checks = (new(Check, (rule, value, passed) + CHECK_DEFAULTS),)
            result = new(ModelResult, (model, passed, checks) + RESULT_DEFAULTS)
            append(result)
            if passed:
                qualified.append(result)
                names.append(name := model.name)
                if top is None or better(value, top):
                    top, best = value, name
        return Judged(tuple(results), qualified, tuple(names), best)
    for model in models:
        metrics = model.metrics
        made = []
        passed = True
        for rule, metric, test, threshold in tests:
            value = metrics.get(metric)
            met = value is not None and test(value, threshold)
            passed = passed and met
            made.append(new(Check, (rule, value, met) + CHECK_DEFAULTS))
        append(new(ModelResult, (model, passed, tuple(made)) + RESULT_DEFAULTS))
    return _judged(tuple(results), rules)


def judge_model(
    model: Model, policy: Policy, file: str, before: Mapping[str, Model] | None = None
) -> ModelResult:
    """`before`: the baseline's models by name, when a baseline file was found."""
    checks = _checks(policy.rules, model.metrics, model.samples, None, model.name, policy, file)
    gates = policy.slices
    base = before.get(model.name) if before is not None else None
    new = before is not None and base is None
    if not gates.active and base is None:  # no slice rules, and nothing to compare with
        return ModelResult(model, qualifies(checks), checks, new=new)
    gated: list[Slice] = []
    small: list[bool] = []
    sliced = gates.active or (base is not None and policy.baseline.slices)
    slices = model.slices if sliced else ()  # built on each read: read once
    if sliced:
        # A slice of unknown size is gated: only a known small sample count excuses it.
        small = [s.samples is not None and s.samples < gates.min_samples for s in slices]
        gated = [s for s, skip in zip(slices, small) if not skip]
    regressions = regression_checks(model, base, policy, gated) if base else ()
    if not gates.active:
        ok = qualifies(checks, regressions=regressions)
        return ModelResult(model, ok, checks, regressions=regressions, baseline=base, new=new)
    slice_checks = tuple(
        check
        for piece in gated
        for check in _checks(
            gates.rules, piece.metrics, piece.samples, piece.name, model.name, policy, file
        )
    )
    gaps = tuple(gap_check(gap, gated) for gap in gates.gaps)
    ungated = tuple(s for s, skip in zip(slices, small) if skip)
    unsliced = not slices
    ok = qualifies(checks, slice_checks, gaps, unsliced, regressions)
    return ModelResult(
        model, ok, checks, slice_checks, gaps, unsliced, ungated, regressions, base, new
    )


def _checks(  # noqa: PLR0917 (a hot loop: positional arguments are cheaper)
    rules: Sequence[Rule],
    metrics: Mapping[str, float],
    samples: int | None,
    where: str | None,
    name: str,
    policy: Policy,
    file: str,
) -> tuple[Check, ...]:
    """Each rule on one model's (or slice's) metrics."""
    level = policy.confidence
    if level is None:
        return tuple(judged(rule, metrics.get(rule.metric), where) for rule in rules)
    out = []
    for rule in rules:
        value = metrics.get(rule.metric)
        if value is None or not policy.is_proportion(rule.metric):
            out.append(judged(rule, value, where))
        elif samples is None:
            out.append(judged(rule, value, where, level=level, no_samples=True))
        elif not 0 <= value <= 1:
            place = f"{name!r}" + (f" slice {where!r}" if where else "")
            raise PolicyError(
                [Issue(f"{rule.metric} is declared a proportion, but {place} has {value}", file)]
            )
        else:
            interval = wilson_interval(value, samples, level)
            out.append(judged(rule, value, where, interval=interval, level=level))
    return tuple(out)


def gap_check(gap: Gap, slices: Sequence[Slice]) -> GapCheck:
    values = [(s.name, s.metrics[gap.metric]) for s in slices if gap.metric in s.metrics]
    if len(values) < 2:
        return GapCheck(gap)
    return GapCheck(gap, max(values, key=lambda v: v[1]), min(values, key=lambda v: v[1]))


def pick_best(qualified: Sequence[ModelResult], rule: Rule) -> str | None:
    """First in the rule's direction on the rule's metric; ties keep file order (max, min and
    index all take the first of equals)."""
    if not qualified:
        return None
    metric = rule.metric
    values = [result.model.metrics[metric] for result in qualified]  # qualified: present
    top = max(values) if rule.higher_is_better else min(values)
    return qualified[values.index(top)].name


def judge(require: Requirement, results: Sequence[ModelResult], file: str, count: int) -> bool:
    """Whether the requirement is met (`count` models qualify). A named model must be in the
    file."""
    if require.kind == "model":
        target = next((r for r in results if r.name == require.model), None)
        if target is None:
            names = ", ".join(r.name for r in results[:10]) + (", …" if len(results) > 10 else "")
            raise PolicyError(
                [
                    Issue(
                        f"--require names model {require.model!r}, which is not in the file "
                        f"(models: {names})",
                        file,
                    )
                ]
            )
        return target.qualified
    if require.kind == "all":
        return count == len(results)
    return count >= (require.number if require.kind == "count" else 1)
