"""--chart: each ruled metric per model as a Mermaid bar chart, its threshold as a line and,
with a baseline, the baseline's value in a grey bar beside each model's.

GitHub renders Mermaid in job summaries and comments. Mermaid's xychart has no legend and
no gaps in a series, so the title says what is what, and a model's baseline bar sits in its
own slot (a zero-height bar in the other series). Names are reduced to characters that
cannot end the code block or the quoted label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gate.policy import Rule
from gate.render.common import broken_metrics, compared, rules_by_metric, shorten
from gate.result import GateResult, ModelResult

MAX_CHART_MODELS = 20
MAX_LABEL_CHARS = 24
# this run, the baseline, then one colour per threshold line
_PALETTE = "#0969da, #8c959f, #cf222e, #bf8700, #8250df"
_PALETTE_NO_BASE = "#0969da, #cf222e, #bf8700, #8250df"  # no grey: no baseline bars
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_UNSAFE = re.compile(r"[^\w .+/-]")


MAX_CHARTED = 1e15  # Mermaid reads plain decimals only: larger values are not drawn
MAX_CHARTS = 2  # a chart is ~300 px tall: two fit a screen beside the table


def metric_chart(result: GateResult, models: Sequence[ModelResult]) -> list[str]:
    """A chart per ruled metric that failed, then per one that changed since the baseline
    (the first rule's when none did), at most MAX_CHARTS, for the first MAX_CHART_MODELS of
    `models`: a chart of what passed unchanged says nothing a reviewer needs."""
    models = models[:MAX_CHART_MODELS]
    by_metric = rules_by_metric(result.policy)
    named = result.policy.named_metrics()
    broken = {m for model in models for m in broken_metrics(model)}
    failing = [m for m in named if m in broken]
    changed = [m for m in named if m not in failing and any(_moved(x, m) for x in models)]
    chosen = (failing + changed)[:MAX_CHARTS] or named[:1]
    lines: list[str] = []
    for metric in chosen:
        lines += _chart(result, models, metric, by_metric.get(metric, []))
    return lines


def _moved(model: ModelResult, metric: str) -> bool:
    before = _base(model, metric)
    return before is not None and model.model.metrics.get(metric) != before


def _limit_line(model: ModelResult, metric: str, value: float) -> float:
    """The value `model` may fall to against its baseline (reference ∓ allowed); its own
    value where no regression limit applies, so the line says nothing there."""
    for check in model.regressions:
        if check.limit.metric == metric and check.slice is None and check.reference is not None:
            allowed = check.limit.of(check.reference)
            up = check.limit.higher_is_better
            return float(check.reference) - allowed if up else float(check.reference) + allowed
    return value


def _chart(
    result: GateResult, models: Sequence[ModelResult], metric: str, rules: list[Rule]
) -> list[str]:
    valued = [(m, m.model.metrics[metric]) for m in models if metric in m.model.metrics]
    if not valued:
        return []
    with_base = compared(result)
    labels = _labels([m.name for m, _ in valued])
    bases = [_base(m, metric) for m, _ in valued] if with_base else []
    floors = [_limit_line(m, metric, v) for m, v in valued]
    limited = any(f != v for f, (_, v) in zip(floors, valued))
    numbers = [v for _, v in valued] + [r.threshold for r in rules] + floors
    numbers += [b for b in bases if b is not None]
    if not all(abs(float(n)) <= MAX_CHARTED for n in numbers):
        return []  # beyond what an axis can draw: the table has the numbers
    low, high = _zoomed(numbers)  # zoomed: a 0.03 drop must show, not hide under a 0→1 axis
    categories: list[str] = []
    now: list[float] = []
    before: list[float] = []
    floor: list[float] = []
    for index, (label, (_, value)) in enumerate(zip(labels, valued)):
        categories.append(label)
        now.append(value)
        before.append(low)
        floor.append(floors[index])
        if bases and bases[index] is not None:
            categories.append(f"{label} (base)")
            now.append(low)  # the axis' foot: a bar of no height
            before.append(bases[index])  # type: ignore[arg-type]
            floor.append(floors[index])
    name = _safe(metric)
    title = [f"{name}: blue bars this run"]
    if with_base:
        title.append("grey the baseline")
    title += [f"line {_OPS[r.op]} {_number(r.threshold)}" for r in rules]
    if limited:
        title.append("stepped line each model's limit against its baseline")
    series = [f"    bar {_series(now)}"]
    if with_base:
        series.append(f"    bar {_series(before)}")
    series += [f"    line {_series([r.threshold] * len(categories))}" for r in rules]
    if limited:
        series.append(f"    line {_series(floor)}")
    palette = _PALETTE if with_base else _PALETTE_NO_BASE
    return _block(palette, "; ".join(title), categories, f'"{name}" {_range(low, high)}', series)


def trend_chart(result: GateResult) -> list[str]:
    """--history with --chart: the best model's value per version, oldest first, as a line,
    with its threshold."""
    from gate.render.trend import trends

    by_metric = rules_by_metric(result.policy)
    lines: list[str] = []
    for trend in trends(result):
        rules = by_metric.get(trend.metric, [])
        name = _safe(trend.metric)
        title = [f"{name} of the best model, oldest first"]
        title += [f"red line {_OPS[r.op]} {_number(r.threshold)}" for r in rules]
        series = [f"    line {_series(trend.values)}"]
        series += [f"    line {_series([r.threshold] * len(trend.values))}" for r in rules]
        if not all(abs(float(v)) <= MAX_CHARTED for v in trend.values):
            continue  # beyond what an axis can draw
        drift = _drift_floor(result, trend.metric)
        if drift is not None:  # the drift limit: the history's best less what may be lost
            title.append(f"flat line the drift limit {_number(drift)}")
            series.append(f"    line {_series([drift] * len(trend.values))}")
        extra = [drift] if drift is not None else []
        axis = _zoomed([*trend.values, *(r.threshold for r in rules), *extra])
        palette = _PALETTE_NO_BASE
        y_axis = f'"{name}" {_range(*axis)}'
        lines += _block(palette, "; ".join(title), trend.commits, y_axis, series)
    return lines


def _drift_floor(result: GateResult, metric: str) -> float | None:
    """Where the --max-drift limit of the model that ends the trend line lies (this run's
    best, else the one ranking first: trend.leader): its best in the history ∓ allowed."""
    from gate.render.trend import leader

    shown = leader(result)
    for model in result.models:
        if shown is None or model.model is not shown:
            continue
        for check in model.drifts:
            if check.limit.metric == metric and check.reference is not None:
                allowed = check.limit.of(check.reference)
                sign = -1 if check.limit.higher_is_better else 1
                return float(check.reference) + sign * allowed
    return None


def _range(low: float, high: float) -> str:
    return f"{_number(low)} --> {_number(high)}"


def _block(
    palette: str, title: str, categories: Sequence[str], y_axis: str, series: list[str]
) -> list[str]:
    return [
        "```mermaid",
        "---",
        "config:",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{palette}"',
        "---",
        "xychart-beta",
        f'    title "{title}"',
        f"    x-axis [{', '.join(f'{chr(34)}{c}{chr(34)}' for c in categories)}]",
        f"    y-axis {y_axis}",
        *series,
        "```",
        "",
    ]


def _base(model: ModelResult, metric: str) -> float | None:
    if model.new or model.baseline is None:
        return None
    return model.baseline.metrics.get(metric)


def _zoomed(numbers: list[float]) -> tuple[float, float]:
    """A line's axis: the values and thresholds with a margin, so a slow slide shows."""
    low, high = float(min(numbers)), float(max(numbers))
    margin = (high / 2 - low / 2) * 0.2 or abs(high) * 0.1 or 1.0  # halved, as in _axis
    return low - margin, high + margin


def _series(values: Sequence[float]) -> str:
    return "[" + ", ".join(_number(v) for v in values) + "]"


def _number(value: float) -> str:
    """Plain decimals: Mermaid's chart grammar reads no exponent."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _safe(text: str) -> str:
    """Letters, digits, space and `_ . + / -`; others become `_`; at most MAX_LABEL_CHARS."""
    return shorten(_UNSAFE.sub("_", text), MAX_LABEL_CHARS)


def _labels(names: Sequence[str]) -> list[str]:
    """Safe and distinct: a chart's categories are matched by their label."""
    seen: set[str] = set()
    labels = []
    for name in names:
        label = _safe(name)
        number = 2
        while label in seen:
            label = f"{_safe(name)[: MAX_LABEL_CHARS - 4]} #{number}"
            number += 1
        seen.add(label)
        labels.append(label)
    return labels
