"""What got worse: the answer a reviewer wants first on a pull request, right under the
decision, in two or three lines that fit a phone. Counts of the models that regressed beyond
a limit, got worse within the limits, got better, are new or are gone; then the worst
regressions with their numbers, one line each."""

from __future__ import annotations

import math
from typing import NamedTuple

from gate.findings import Removed
from gate.numbers import change_text, format_number
from gate.render.common import better_up, same
from gate.render.reasons import Escape
from gate.result import ChangeCheck, GateResult, ModelResult

WORST_SHOWN = 5


class Changes(NamedTuple):
    regressed: int  # broke a regression or drift limit
    worse: int  # got worse on a ruled metric, within every limit
    better: int
    new: int
    gone: int
    worst: tuple[tuple[str, ChangeCheck], ...]  # (model, check): the largest excess first


def changes(result: GateResult) -> Changes | None:
    """The changes since the baseline (and the history's best); None when nothing was
    compared."""
    with_baseline = result.baseline is not None and result.baseline.doc is not None
    if not with_baseline and not result.policy.history.drifts:
        return None
    broken: list[tuple[str, ChangeCheck]] = []
    regressed = worse = better = new = 0
    named = result.policy.named_metrics()  # once, not once per model
    for model in result.models:
        failed = [c for c in model.changes if _broke(c)]
        broken += [(model.name, c) for c in failed]
        if model.new:
            new += 1
        elif failed:
            regressed += 1
        else:
            moved = _moves(model, named)
            worse += any(m < 0 for m in moved)
            better += bool(moved) and all(m >= 0 for m in moved) and any(m > 0 for m in moved)
    gone = sum(len(f.what.models) for f in result.findings if isinstance(f.what, Removed))
    broken.sort(key=lambda pair: -round(_excess(pair[1]), 9))  # stable: ties keep file order
    return Changes(regressed, worse, better, new, gone, tuple(broken[:WORST_SHOWN]))


def _broke(check: ChangeCheck) -> bool:
    """A regression or drift limit broken, or a metric it needs gone missing."""
    return not check.passed and check.kind != "improvement" and check.reference is not None


def _excess(check: ChangeCheck) -> float:
    """How far beyond its limit, relative to the limit (a change limit of 0: absolute); a
    missing value first of all."""
    assert check.reference is not None
    if check.value is None:
        return math.inf
    allowed = check.limit.of(check.reference)
    return (check.worsening - allowed) / max(abs(allowed), 1e-9)


def _moves(model: ModelResult, named: list[str]) -> list[float]:
    """Each named metric's change against the baseline (a rule's or a limit's), turned so
    that up is better by the metric's one direction; noise is no change."""
    if model.baseline is None:
        return []
    found = []
    for metric in named:
        before = model.baseline.metrics.get(metric)
        value = model.model.metrics.get(metric)
        up = better_up(model, metric)
        if before is None or value is None or up is None:
            continue
        change = 0.0 if same(value, before) else float(value) - float(before)
        found.append(change if up else -change)
    return found


def counts_line(found: Changes) -> str:
    """`2 regressed beyond their limits · 3 worse within them · 5 better · 1 new`."""
    parts = [
        (found.regressed, "regressed beyond a limit"),
        (found.worse, "worse within the limits"),
        (found.better, "better"),
        (found.new, "new"),
        (found.gone, "gone"),
    ]
    shown = [f"{count:,} {words}" for count, words in parts if count]
    return " · ".join(shown) if shown else "no ruled metric changed"


def worst_lines(found: Changes, escape: Escape) -> list[str]:
    """`▼ model_B accuracy 0.93 → 0.85 (−0.080; at most 0.010 allowed)`, worst first, then
    how many more."""
    lines = [_line(name, check, escape) for name, check in found.worst]
    more = found.regressed - len({name for name, _ in found.worst})
    if more > 0:
        lines.append(f"and {more:,} more model{'s' if more != 1 else ''} regressed")
    return lines


def _line(name: str, check: ChangeCheck, escape: Escape) -> str:
    assert check.reference is not None
    where = f" slice {escape(check.slice)}" if check.slice else ""
    metric = escape(check.limit.metric)
    against = "its best in the history" if check.kind == "drift" else "the baseline"
    if check.value is None:
        return f"▼ {escape(name)}{where} {metric} missing (was {format_number(check.reference)})"
    allowed = format_number(round(check.limit.of(check.reference), 12))
    return (
        f"▼ {escape(name)}{where} {metric} "
        f"{format_number(check.reference)} → {format_number(check.value)} "
        f"({change_text(float(check.value) - float(check.reference))} against {against}; "
        f"at most {allowed} allowed)"
    )
