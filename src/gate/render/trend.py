"""--history as a reviewer reads it: per ruled metric, the best model's value in each
earlier version and in this run, oldest first, as numbers and a sparkline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from gate.metrics import Model
from gate.numbers import format_number
from gate.result import GateResult

_BARS = "▁▂▃▄▅▆▇█"


class Trend(NamedTuple):
    metric: str
    commits: tuple[str, ...]  # short SHAs, oldest first, then "now"
    values: tuple[float, ...]


def trends(result: GateResult) -> list[Trend]:
    """A trend per ruled metric with at least one earlier value; versions without one (an
    error, no qualifying model) are left out."""
    if not result.history:
        return []
    top = leader(result)
    past = [(v.commit[:7], dict(v.metrics)) for v in reversed(result.history)]
    found = []
    for metric in result.policy.named_metrics():
        points = [(commit, values[metric]) for commit, values in past if metric in values]
        if not points:
            continue
        if top is not None and metric in top.metrics:
            points.append(("now", top.metrics[metric]))
        found.append(Trend(metric, tuple(c for c, _ in points), tuple(v for _, v in points)))
    return found


def trend_heading(result: GateResult, escape: Callable[[str], str]) -> str:
    """Whose trend: each version's best model, naming this run's, which ends the line."""
    shown = leader(result)
    now = f" (now {escape(shown.name)})" if shown is not None else ""
    return f"Trend of each version's best model{now}, oldest first:"


def leader(result: GateResult) -> Model | None:
    """This run's best model; when none qualifies, the one that ranks first on the first
    rule's metric, so the trend still ends at this run."""
    if result.top is not None:
        return next(m.model for m in result.models if m.name == result.top)
    rule = result.policy.rules[0]
    valued = [m.model for m in result.models if rule.metric in m.model.metrics]
    if not valued:
        return None
    pick = max if rule.higher_is_better else min
    return pick(valued, key=lambda model: model.metrics[rule.metric])


def sparkline(values: Sequence[float]) -> str:
    halves = [float(v) / 2 for v in values]  # halved: no difference of two floats overflows
    low, high = min(halves), max(halves)
    if high == low:
        return _BARS[3] * len(values)
    return "".join(_BARS[round((v - low) / (high - low) * (len(_BARS) - 1))] for v in halves)


def trend_phrase(trend: Trend) -> str:
    """`▇▆▅▃▁ 0.9 → 0.875 (4 versions, then this run)`."""
    earlier = len(trend.values) - (1 if trend.commits[-1] == "now" else 0)
    then = ", then this run" if trend.commits[-1] == "now" else ""
    plural = "s" if earlier != 1 else ""
    return (
        f"{sparkline(trend.values)} {format_number(trend.values[0])} → "
        f"{format_number(trend.values[-1])} ({earlier} version{plural}{then})"
    )
