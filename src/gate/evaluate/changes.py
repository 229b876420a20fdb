"""Changes judged on their interval under --confidence (docs/rules.md, "Noise-aware
comparisons"): the interval of value − reference from the best data both sides have —
paired examples, else sample counts of a rate such as accuracy (Newcombe), else standard
errors — and one of three outcomes against the limit. Without that data the check stays a
comparison of point values, and says so. A model's regressed findings are one family:
Holm's procedure keeps the family's level, so twenty unchanged slices do not cry wolf."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from gate.evaluate.basis import Basis, Side, basis_of, stricter
from gate.evaluate.intervals import Interval, holm, one_sided_p
from gate.findings import ExamplesChanged, Finding, Inconclusive, Level, Unsure
from gate.policy import Policy
from gate.result import ChangeCheck, ModelResult, Outcome

TOLERANCE = 1e-12


class Judged(NamedTuple):
    check: ChangeCheck
    basis: Basis | None


def judge(check: ChangeCheck, before: Side, after: Side, level: float, rate: bool) -> Judged:
    """`check` with its interval, method and outcome at `level`. `rate`: the metric
    is a mean of 0/1 outcomes over the samples (accuracy), so a sample count gives it an
    interval (recall's count is its positives, not the samples: it needs errors or
    examples)."""
    if check.value is None or check.reference is None:
        return Judged(check, None)
    basis = basis_of(before, after, rate)
    if check.among > 1:  # against the best of several versions: each compared, Bonferroni
        basis = stricter(basis, check.among)
    if basis.method == "point":  # said in the review: this one is a comparison of point values
        return Judged(check._replace(method="point", paired=basis.paired, examples=0), None)
    check = check._replace(
        interval=basis.at(level), method=basis.method, paired=basis.paired, examples=basis.examples
    )
    return Judged(_outcome(check, basis, level), basis)


def _outcome(check: ChangeCheck, basis: Basis, level: float) -> ChangeCheck:
    """The outcome against the limit, and for an inconclusive one how many times the
    examples would settle it."""
    assert check.reference is not None and check.interval is not None
    limit = check.limit.of(check.reference)
    outcome = _decide(check, _worse(check, check.interval), limit)
    growth = _growth(check, basis, level, limit) if outcome == "inconclusive" else None
    return check._replace(outcome=outcome, growth=growth)


def _decide(check: ChangeCheck, worse: Interval, limit: float) -> Outcome:
    if check.kind == "improvement":  # the gain must reach the floor
        gain = (-worse[1], -worse[0])
        if gain[0] >= limit - TOLERANCE:
            return "improved-enough"
        return "not-enough" if gain[1] < limit - TOLERANCE else "inconclusive"
    if worse[0] > limit + TOLERANCE:
        return "regressed"
    return "within" if worse[1] <= limit + TOLERANCE else "inconclusive"


def _worse(check: ChangeCheck, interval: Interval) -> Interval:
    """The interval of the worsening: the change, turned so that up is worse."""
    low, high = interval
    return (-high, -low) if check.limit.higher_is_better else (low, high)


def _growth(check: ChangeCheck, basis: Basis, level: float, limit: float) -> float:
    """How many times its examples (per side, each side at its observed rate) the change
    needs before its interval leaves the limit: the interval itself, recomputed at each
    size, so unequal sides and skewed intervals are counted right. Infinite when no size
    up to a trillion times does it (a change at the limit never settles)."""
    base = basis.size

    def settled(size: float) -> bool:
        return _decide(check, _worse(check, basis.sized(level, size)), limit) != "inconclusive"

    high = base * 2
    while not settled(high):
        if high > base * 1e12:
            return math.inf
        high *= 2
    low = high / 2
    for _ in range(40):
        middle = math.sqrt(low * high)
        low, high = (low, middle) if settled(middle) else (middle, high)
    return high / base


def family(judged: Sequence[Judged], level: float) -> tuple[ChangeCheck, ...]:
    """A model's checks with Holm's procedure over its regression and drift checks judged on
    an interval: a "regressed" that does not survive it is inconclusive, with its interval
    at the level it would need alone in its family (Bonferroni's). A "within" needs no
    correction (each interval alone is inside the limit). The same comparison twice (a
    single task's metric and that task's slice) is one member."""
    checks = [j.check for j in judged]
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, item in enumerate(judged):
        if item.basis and item.check.kind != "improvement":
            groups.setdefault(_same(item.check), []).append(i)
    members = list(groups.values())
    flagged = [g for g in members if checks[g[0]].outcome == "regressed"]
    if len(members) < 2 or not flagged:
        return tuple(checks)
    alpha = (1 - level) / 2  # each bound is a one-sided test at this level
    p_values = [_p_value(judged[g[0]]) for g in flagged]
    p_values += [1.0] * (len(members) - len(flagged))  # never rejected: past every threshold
    strict = 1 - (1 - level) / len(members)
    for group, kept in zip(flagged, holm(p_values, alpha)):
        for i in [] if kept else group:
            check, basis = judged[i]
            assert basis is not None and check.reference is not None
            limit = check.limit.of(check.reference)
            checks[i] = check._replace(
                outcome="inconclusive",
                interval=basis.at(strict),
                growth=_growth(check, basis, strict, limit),
                corrected=len(members),
            )
    return tuple(checks)


def _same(check: ChangeCheck) -> tuple[object, ...]:
    return (check.kind, check.limit.metric, check.value, check.reference, check.interval)


def _p_value(item: Judged) -> float:
    check, basis = item.check, item.basis
    assert basis is not None and check.reference is not None
    return one_sided_p(
        lambda level: _worse(check, basis.at(level))[0], check.limit.of(check.reference)
    )


def interval_findings(results: Sequence[ModelResult], policy: Policy) -> tuple[Finding, ...]:
    """The inconclusive changes that were let through, and examples that changed."""
    found: list[Finding] = []
    unsure = tuple(
        Unsure(r.name, c.slice, c.limit.metric, c.interval, c.growth, c.examples, c.corrected)
        for r in results
        for c in r.changes
        if c.outcome == "inconclusive" and c.kind != "improvement" and c.interval is not None
    )
    asked = policy.baseline.on_inconclusive
    if unsure and asked != "fail":
        found.append(Finding(Inconclusive(unsure), "warning" if asked == "warn" else "note"))
    level: Level = "error" if policy.baseline.on_incomparable == "fail" else "warning"
    for r in results:
        moved = next(
            (c for c in r.changes if c.paired and (c.paired.only_before or c.paired.only_after)),
            None,
        )
        if moved is not None and moved.paired is not None:
            seen = moved.paired
            against = "the history's best version" if moved.kind == "drift" else "the baseline"
            changed = ExamplesChanged(r.name, seen.only_before, seen.only_after, against, seen.n)
            found.append(Finding(changed, level))
    return tuple(found)
