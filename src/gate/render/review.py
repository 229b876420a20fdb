"""The shape of a review, the same in the terminal and in Markdown: the decision first (why
a failed gate failed, with its numbers), then the rows that matter, then the reasons."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from gate.numbers import format_number
from gate.policy import Rule
from gate.render.common import broken_metrics
from gate.render.findings import finding_text
from gate.render.reasons import Escape, model_reason, requirement
from gate.result import GateResult, ModelResult

MAX_SHOWN = 20  # rows outside the fold: the best, the qualifying, regressions, closest misses
Limit = Callable[[Rule], str]  # `>= 0.8` or `≥ 0.8`


def decision(result: GateResult, escape: Escape, limit: Limit) -> list[str]:
    """One line per reason a failed gate failed; nothing when it passed."""
    if result.passed:
        return []
    lines = [] if result.met else _unmet(result, escape, limit)
    return lines + [finding_text(f, escape) for f in result.findings if f.blocking]


def _unmet(result: GateResult, escape: Escape, limit: Limit) -> list[str]:
    require = result.policy.require
    models = result.models
    alone = len(models) == 1 and not models[0].qualified  # one model: no "best" or "closest"
    if require.kind == "model" or alone:
        target = next(m for m in models if m.name == require.model or alone)
        return [f"{escape(target.name)} does not qualify: {model_reason(target, escape)}"]
    failing = [m for m in models if not m.qualified]
    if require.kind == "all":
        lines = [f"{len(failing)} of {len(models)} models do not qualify (require all)"]
        return lines + [f"{escape(m.name)}: {model_reason(m, escape)}" for m in failing[:3]]
    if result.qualified:  # some, not enough
        needed = requirement(require)
        return [f"{len(result.qualified)} of {len(models)} models qualify; {needed} must"]
    lines = [
        _unreached(models, rule, index, escape, limit)
        for index, rule in enumerate(result.policy.rules)
    ]
    found = [line for line in lines if line][:3]
    if found:
        return found
    closest = min(failing, key=shortfall)  # ties keep file order
    return [
        f"No model meets every rule; the closest is {escape(closest.name)}: "
        f"{model_reason(closest, escape)}"
    ]


def _unreached(
    models: Sequence[ModelResult], rule: Rule, index: int, escape: Escape, limit: Limit
) -> str:
    """ "No model reaches accuracy ≥ 0.95; the best is model_C at 0.9", when none does."""
    if any(m.checks[index].passed for m in models):
        return ""
    valued = [(m.checks[index].value, m.name) for m in models if m.checks[index].value is not None]
    if not valued:
        return f"No model has {escape(rule.metric)}"
    pick = max if rule.higher_is_better else min
    value, name = pick(valued, key=lambda pair: pair[0])  # type: ignore[arg-type,return-value]
    return (
        f"No model reaches {escape(rule.metric)} {limit(rule)}; the best is {escape(name)} "
        f"at {format_number(value)}"  # type: ignore[arg-type]
    )


def named_in(said: Sequence[str], name: str, reason: str) -> bool:
    """Whether the decision already gave this model's reason (`name: reason`, `name does not
    qualify: reason`), so the list under the table does not say it twice."""
    return any(f"{name}: {reason}" in line or f"{name} does not qualify: {reason}" in line
               for line in said)  # fmt: skip


def shortfall(result: ModelResult) -> float:
    """How far a failing model is from qualifying: the sum of each failed check's distance
    from its limit, relative to the limit; a missing value is infinitely far."""
    total = 0.0
    for check in (*result.checks, *result.slice_checks):
        if not check.passed:
            judged = check.judged
            if judged is None:
                return math.inf
            total += abs(judged - check.rule.threshold) / max(abs(check.rule.threshold), 1e-9)
    for gap in result.gaps:
        if not gap.passed:
            total += (gap.spread - gap.gap.amount) / max(gap.gap.amount, 1e-9)
    for change in result.changes:
        if not change.passed:
            if change.reference is None or change.value is None:
                return math.inf
            allowed = change.limit.of(change.reference)  # or, for an improvement, required
            beyond = (
                change.worsening + allowed
                if change.kind == "improvement"
                else (change.worsening - allowed)
            )
            total += beyond / max(abs(allowed), 1e-9)
    return math.inf if result.unsliced else total


def limits_changes(result: GateResult) -> bool:
    """Whether any change is judged: a limit against the baseline or the history."""
    limits = result.policy.baseline
    return bool(limits.regressions or limits.improvements or result.policy.history.drifts)


def broke_a_limit(model: ModelResult) -> bool:
    """A change limit failed it; asked of 100,000 models, so the common case (no change
    checks at all) costs three empty-tuple tests."""
    if not (model.regressions or model.improvements or model.drifts):
        return False
    return any(not c.passed for c in model.changes)


def order_rows(
    result: GateResult, shown: int = MAX_SHOWN
) -> tuple[list[ModelResult], list[ModelResult]]:
    """The rows a reviewer must look at first — the models a change failed, then (on a failed
    gate) the closest misses, then the best and the qualifying — at most `shown`; and the
    others, in file order, for the fold."""
    models = result.models
    if len(models) <= shown:
        return list(models), []
    first: list[ModelResult] = []
    seen: set[int] = set()

    def take(found: Iterable[ModelResult]) -> None:
        for model in found:
            if len(first) == shown:
                return
            if id(model) not in seen:
                seen.add(id(model))
                first.append(model)

    failing = [m for m in models if not m.qualified]
    if limits_changes(result):
        take(filter(broke_a_limit, failing))  # what this change broke
    if not result.passed:  # the misses the requirement waits on
        take(heapq.nsmallest(shown, failing, key=shortfall))  # ties keep file order
    take(islice((m for m in models if m.model.name == result.top), 1))
    take(m for m in models if m.qualified)
    if len(first) < shown:  # only then are the other misses worth ranking
        take(heapq.nsmallest(shown, failing, key=shortfall))
    return first, [m for m in models if id(m) not in seen]


MAX_COLUMNS = 2  # ruled metrics a phone shows beside the model without scrolling


def visible_metrics(result: GateResult, models: Sequence[ModelResult]) -> list[str]:
    """The table's metric columns: all of them up to MAX_COLUMNS; beyond, the first rule's
    metric and those a shown model fails (a threshold or a change limit), in their order."""
    named = result.policy.named_metrics()
    if len(named) <= MAX_COLUMNS:
        return named
    failing = {m for model in models for m in broken_metrics(model)}
    return [m for i, m in enumerate(named) if i == 0 or m in failing]


def fold_counts(models: Sequence[ModelResult], qualified: int, limited: bool = True) -> str:
    """What the fold holds: `12 regressed, 3 failing, 250 passing` (`limited`: the policy
    limits changes at all)."""
    regressed = sum(1 for m in models if not m.qualified and broke_a_limit(m)) if limited else 0
    failing = len(models) - qualified - regressed
    parts = [(regressed, "regressed"), (failing, "failing"), (qualified, "passing")]
    return ", ".join(f"{count:,} {word}" for count, word in parts if count)


MAX_NAME_CHARS = 48  # a file path as a model name: cut in the middle, its ends kept


def middle_cut(name: str) -> str:
    if len(name) <= MAX_NAME_CHARS:
        return name
    half = (MAX_NAME_CHARS - 1) // 2
    return name[:half] + "…" + name[-half:]
