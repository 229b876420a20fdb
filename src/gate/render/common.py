"""What every renderer shows the same way: columns, verdict lines, escaping for terminals."""

from __future__ import annotations

import math
from typing import Callable

from gate.evaluate.runs import spread
from gate.numbers import change_text, format_number, signed
from gate.policy import Policy, Rule
from gate.render.findings import finding_text
from gate.render.reasons import amount, bound, interval_text
from gate.result import GateResult, ModelResult


def failing_metrics(result: ModelResult) -> set[str]:
    """The metrics whose value cell is marked: a threshold on it failed. A change that broke
    its limit is marked on its change line (`against_baseline`), not on a value that meets
    the threshold in the header."""
    return {c.rule.metric for c in result.checks if not c.passed}


def broken_metrics(result: ModelResult) -> set[str]:
    """The metrics the model fails: a threshold on it, or a change limit on the model itself."""
    broken = failing_metrics(result)
    broken |= {c.limit.metric for c in result.changes if not c.passed and c.slice is None}
    return broken


def better_up(result: ModelResult, metric: str) -> bool | None:
    """Which way is better for `metric`, as its limits and rules say; None: unknown."""
    for change in result.changes:
        if change.limit.metric == metric:
            return change.limit.higher_is_better
    return next((c.rule.higher_is_better for c in result.checks if c.rule.metric == metric), None)


def compared(result: GateResult) -> bool:
    """Whether a baseline file was found, so the table has baseline and change columns."""
    return result.baseline is not None and result.baseline.doc is not None


def against_baseline(
    result: ModelResult, metric: str, relative: bool = False, broke: str = " ❌"
) -> str:
    """What the baseline said of a model's metric: `was 0.89 · ▼ −0.030` (▼ worse, ▲ better,
    by the metric's direction; with `relative`, `(−3.4%)` after it), `was 0.89 · same`,
    `new`, `no baseline`; `broke` and the limit when the change broke it; empty without a
    baseline value to show."""
    if result.new:
        return "new"
    before = result.baseline.metrics.get(metric) if result.baseline else None
    value = result.model.metrics.get(metric)
    if before is None:
        return "no baseline" if value is not None else ""
    failed = next(
        (
            c
            for c in result.regressions + result.improvements
            if c.slice is None and c.limit.metric == metric and not c.passed
        ),
        None,
    )
    if value is None:  # a limit needed it: the change is marked as broken
        return f"was {format_number(before)}" + (f"{broke} missing" if failed else "")
    change = float(value) - float(before)
    if same(value, before):
        return f"was {format_number(before)} · same"
    up = better_up(result, metric)
    arrow = "" if up is None else ("▲ " if (change > 0) == up else "▼ ")
    text = f"was {format_number(before)} · {arrow}{change_text(change)}"
    if relative and before != 0:
        text += f" ({signed(change / abs(before) * 100, 1)}%)"
    judged = next(
        (
            c
            for c in result.regressions + result.improvements
            if c.slice is None and c.limit.metric == metric and c.interval is not None
        ),
        None,
    )
    if judged is not None and judged.interval is not None:
        text += f" {interval_text(judged.interval)}"
        text += " inconclusive" if judged.outcome == "inconclusive" else ""
    if failed is not None and failed.reference is not None:
        amount = format_number(round(failed.limit.of(failed.reference), 12))
        word = "floor" if failed.kind == "improvement" else "limit"
        text += f"{broke} {word} {amount}"
    return text


def same(value: float, before: float) -> bool:
    """Equal but for float noise (0.1 + 0.2 against 0.3): no change to show or count."""
    return math.isclose(float(value), float(before), rel_tol=1e-12, abs_tol=1e-15)


def rules_by_metric(policy: Policy) -> dict[str, list[Rule]]:
    """Each metric's rules, in order; built once per table, not once per column."""
    found: dict[str, list[Rule]] = {}
    for rule in policy.rules:
        found.setdefault(rule.metric, []).append(rule)
    return found


def value_cells(result: ModelResult, metrics: list[str]) -> list[str]:
    """Each metric's value, with its Wilson interval when --confidence judged it, or its
    standard error when the file gives one (lm-eval)."""
    intervals = {c.rule.metric: c.interval for c in result.checks if c.interval is not None}
    values, errors = result.model.metrics, result.model.stderr
    if result.model.runs:  # --runs: the spread of the runs, not their standard error
        return [_with_runs(result, m, intervals.get(m)) for m in metrics]
    if not intervals and not errors:  # the common case: the values alone
        return [format_number(values[m]) if m in values else "—" for m in metrics]
    shown = []
    for metric in metrics:
        value = values.get(metric)
        interval = intervals.get(metric)
        error = errors.get(metric)
        if value is None:
            shown.append("—")
        elif interval is not None:
            shown.append(f"{format_number(value)} [{bound(interval[0])}, {bound(interval[1])}]")
        elif error is not None:
            shown.append(f"{format_number(value)} ± {bound(error)}")
        else:
            shown.append(format_number(value))
    return shown


def _with_runs(result: ModelResult, metric: str, interval: tuple[float, float] | None) -> str:
    value = result.model.metrics.get(metric)
    if value is None:
        return "—"
    text = format_number(value)
    if interval is not None:
        text += f" [{bound(interval[0])}, {bound(interval[1])}]"
    found = spread(result.model, metric)
    if found is not None:
        text += f" (runs {format_number(found[0])}–{format_number(found[1])})"
    return text


def source_line(result: GateResult) -> str:
    """How the files were read, when not as gate's own forms: "lm-eval (…)"."""
    if result.source_format == "gate":
        return ""
    note = f" ({result.source_note})" if result.source_note else ""
    return f"{result.source_format}{note}"


def extra_rules(
    policy: Policy, escape: Callable[[str], str], op: Callable[[Rule], str]
) -> list[str]:
    """Slice gates and the confidence level, as short phrases (empty when not used)."""
    phrases = [f"every slice: {escape(r.metric)} {op(r)}" for r in policy.slices.rules]
    phrases += [
        f"slice gap of {escape(g.metric)} at most {format_number(g.amount)}"
        for g in policy.slices.gaps
    ]
    if policy.slices.active and policy.slices.min_samples:
        phrases.append(f"slices under {policy.slices.min_samples} samples not gated")
    if policy.confidence is not None:
        phrases.append(f"proportions judged on {policy.confidence:.0%} Wilson bounds")
        limits = policy.baseline.regressions + policy.baseline.improvements + policy.history.drifts
        if limits:
            asked = policy.baseline.on_inconclusive
            phrases.append(
                f"changes on their {policy.confidence:.0%} intervals (inconclusive: {asked})"
            )
    per_slice = " (and per slice)" if policy.baseline.slices else ""
    phrases += [
        f"{escape(limit.metric)} at most {amount(limit)} worse than the baseline{per_slice}"
        for limit in policy.baseline.regressions
    ]
    phrases += [
        f"{escape(floor.metric)} at least {amount(floor)} better than the baseline"
        for floor in policy.baseline.improvements
    ]
    depth = policy.history.depth
    phrases += [
        f"{escape(x.metric)} at most {amount(x)} worse than its best in the last {depth} versions"
        for x in policy.history.drifts
    ]
    return phrases


def finding_lines(result: GateResult, escape: Callable[[str], str]) -> list[tuple[str, str]]:
    """(level, text) for each finding about the run, blocking ones first."""
    order = {"error": 0, "warning": 1, "note": 2}
    ranked = sorted(result.findings, key=lambda f: order[f.level])
    return [(f.level, finding_text(f, escape)) for f in ranked]


def qualifying_after(result: GateResult, shown: int) -> int:
    """How many qualifying models a table cut after `shown` rows leaves out (counted among
    the shown ones: a cut table shows the fewer)."""
    return len(result.qualified) - sum(1 for m in result.models[:shown] if m.qualified)


def ready_line(result: GateResult, escape: Callable[[str], str], limit: int | None = None) -> str:
    """The seed's line, kept word for word, or a clear 'no model qualifies'.

    With `limit`, at most that many names, then how many more.
    """
    names = result.qualified
    if not names:
        return "No model qualifies for production."
    shown = names if limit is None else names[:limit]
    more = f" and {len(names) - len(shown)} more" if len(shown) < len(names) else ""
    return "Models ready for production: " + ", ".join(map(escape, shown)) + more


# An error message can quote a hostile key or value of any length; where it is shown to a
# person (stderr, annotations) it is cut to this. The JSON report keeps it whole.
MAX_MESSAGE_CHARS = 1000


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters; a cut is marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def terminal_safe(text: str) -> str:
    """Control and invisible format characters (ESC, CR, bidi overrides) shown as escapes."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
