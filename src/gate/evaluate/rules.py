"""Rules on metrics: the one loop that judges every model's (and slice's) rules, the
requirement, and the best model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Callable

from gate.errors import Issue, PolicyError
from gate.evaluate.intervals import t_interval, wilson
from gate.evaluate.runs import run_values
from gate.metrics import NO_COUNTS, Model
from gate.policy import OPS, Policy, Requirement, Rule
from gate.result import Check, ModelResult, all_pass, qualifies


def judge_rules(
    models: Sequence[Model], policy: Policy, file: str, declared: frozenset[str] = frozenset()
) -> list[ModelResult]:
    """Each model against the policy's model rules: the only place model rules are judged.
    Slices and the comparisons are added on top (evaluate/models.py). `declared`: what the
    file's tool documents as proportions."""
    judge = rule_judge(policy.rules, policy, file, declared)
    over_runs = policy.confidence is not None and policy.runs is not None
    each = policy.runs if policy.runs is not None and policy.runs.mode == "each" else None
    results = []
    for model in models:
        runs = run_values(model) if over_runs else NO_RUNS
        checks = judge(model.metrics, model.samples, None, model.name, model.counts, runs)
        if each is not None and model.runs:
            results.append(_each_run(model, checks, judge, each.required))
            continue
        # its rules alone so far: `qualifies` of this result is `all_pass` of its checks
        results.append(ModelResult(model, all_pass(checks), checks))
    return results


def _each_run(
    model: Model, checks: tuple[Check, ...], judge: Judge, required: int | None
) -> ModelResult:
    """--runs each: the rules judged on each run too; `required` runs must qualify (None:
    all)."""
    each = tuple(judge(r.metrics, r.samples, None, model.name, r.counts) for r in model.runs)
    result = ModelResult(
        model, True, checks, run_checks=each, runs_required=required or len(model.runs)
    )
    return result._replace(qualified=qualifies(result))


Judge = Callable[..., tuple[Check, ...]]  # (metrics, samples, slice, model[, counts, runs])
NO_RUNS: Mapping[str, Sequence[float]] = MappingProxyType({})


def rule_judge(
    rules: Sequence[Rule], policy: Policy, file: str, declared: frozenset[str] = frozenset()
) -> Judge:
    """`judge(metrics, samples, slice, model)` → the checks of `rules` on those metrics; what
    is the same for every model is worked out once."""
    level = policy.confidence
    # (rule, metric, test, threshold, a proportion whose bound is judged under --confidence)
    tests = [
        (rule, rule.metric, OPS[rule.op], rule.threshold,
         level is not None and policy.is_proportion(rule.metric, declared))
        for rule in rules
    ]  # fmt: skip

    def judge(  # noqa: PLR0917 (positional: it is called once per model and slice)
        metrics: Mapping[str, float],
        samples: int | None,
        where: str | None,
        name: str,
        counts: Mapping[str, int] = NO_COUNTS,
        runs: Mapping[str, Sequence[float]] = NO_RUNS,
    ) -> tuple[Check, ...]:
        checks = []
        for rule, metric, test, threshold, proportion in tests:
            value = metrics.get(metric)
            if value is None:
                checks.append(Check(rule, None, False, where))
            elif level is None:
                checks.append(Check(rule, value, test(value, threshold), where))
            elif metric in runs:  # a mean over runs: its t interval
                interval = t_interval(runs[metric], level)
                check = Check(rule, value, False, where, interval, level)
                judged = check.judged
                checks.append(check._replace(passed=judged is not None and test(judged, threshold)))
            elif proportion:
                place = f"{name!r}" + (f" slice {where!r}" if where else "")
                count = counts.get(metric, samples)
                checks.append(_confident(rule, value, count, where, level, (place, file)))
            else:
                checks.append(Check(rule, value, test(value, threshold), where))
        return tuple(checks)

    return judge


def _confident(  # noqa: PLR0917
    rule: Rule,
    value: float,
    samples: int | None,
    where: str | None,
    level: float,
    place: tuple[str, str],
) -> Check:
    """The rule judged on the Wilson bound in its direction (--confidence)."""
    if samples is None:
        return Check(rule, value, False, where, level=level, no_samples=True)
    if not 0 <= value <= 1:
        message = f"{rule.metric} is declared a proportion, but {place[0]} has {value}"
        raise PolicyError([Issue(message, place[1] or None)])
    check = Check(rule, value, False, where, wilson(value, samples, level), level)
    judged = check.judged
    return check._replace(passed=judged is not None and OPS[rule.op](judged, rule.threshold))


def pick_best(qualified: Sequence[ModelResult], rule: Rule) -> str | None:
    """First in the rule's direction on the rule's metric; ties keep file order (max, min and
    index all take the first of equals)."""
    if not qualified:
        return None
    values = [result.model.metrics[rule.metric] for result in qualified]  # qualified: present
    top = max(values) if rule.higher_is_better else min(values)
    return qualified[values.index(top)].name


def requirement_met(require: Requirement, results: Sequence[ModelResult], file: str) -> bool:
    """Whether the requirement is met. A named model must be in the file."""
    if require.kind == "model":
        target = next((r for r in results if r.name == require.model), None)
        if target is None:
            names = ", ".join(r.name for r in results[:10]) + (", …" if len(results) > 10 else "")
            message = (
                f"--require names model {require.model!r}, which is not in the file "
                f"(models: {names})"
            )
            raise PolicyError([Issue(message, file)])
        return target.qualified
    if require.kind == "all":
        return all(r.qualified for r in results)
    if require.kind == "any":  # stops at the first that qualifies
        return any(r.qualified for r in results)
    return sum(1 for r in results if r.qualified) >= require.number
