"""The review in a terminal: the verdict first (coloured), then why a failed gate failed,
the table without reasons, and the reasons under it.

The table is tabulate's "simple" format, written here in a few lines because importing
tabulate (it reads its own package metadata) would be most of a small run's start-up;
tests/render/test_text.py checks the output against tabulate's byte for byte.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from gate.render.changes import changes, counts_line, worst_lines
from gate.render.common import (
    against_baseline,
    compared,
    extra_rules,
    failing_metrics,
    finding_lines,
    qualifying_after,
    ready_line,
    rules_by_metric,
    source_line,
    terminal_safe,
    value_cells,
)
from gate.render.findings import verdict_line
from gate.render.reasons import limit, model_reason, paired_lines
from gate.render.review import decision, named_in
from gate.render.trend import trend_heading, trend_phrase, trends
from gate.result import GateResult, ModelResult

_GREEN, _RED, _BOLD, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[0m"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MIN_PADDING = 2  # tabulate's: a column is at least its header plus two
FAILING = " ✗"  # after a value that fails its rule


def simple_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """tabulate(rows, headers, tablefmt="simple", disable_numparse=True), for text cells."""
    head = list(headers)  # tabulate strips cells, not headers
    body = [[c.strip() for c in row] for row in rows]
    widths = [
        max([_width(h) + _MIN_PADDING, *(_width(row[i]) for row in body)])
        for i, h in enumerate(head)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = (c + " " * (w - _width(c)) for c, w in zip(cells, widths))
        return "  ".join(padded).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, body)])


def _width(cell: str) -> int:
    return len(_ANSI.sub("", cell)) if "\x1b" in cell else len(cell)


def render_text(
    result: GateResult, color: bool = False, max_rows: int = 1000, width: int = 0
) -> str:
    """The verdict, the table (at most `max_rows` rows; 0 means all), the reasons; every
    line within `width` columns (0: no limit): a table too wide for them is folded, each
    model's values on lines under it, and prose is wrapped."""
    shown = result.models if max_rows <= 0 else result.models[:max_rows]
    status = verdict_line(result, terminal_safe, findings=False)  # they follow, one a line
    if color:
        status = f"{_BOLD}{_GREEN if result.passed else _RED}{status}{_RESET}"
    said = decision(result, terminal_safe, limit)
    lines = [status, *(f"  - {line}" for line in said), ""]
    found = changes(result)
    if found is not None:
        lines += [f"Changes: {counts_line(found)}"]
        lines += [*(f"  {line}" for line in worst_lines(found, terminal_safe)), ""]
    lines += [_table(result, shown, color, width)]
    hidden = len(result.models) - len(shown)
    if hidden:
        lines.append(
            f"… {hidden:,} more models ({qualifying_after(result, len(shown)):,} qualifying) not "
            "shown; --max-rows 0 shows all, and --report writes every model"
        )
    reasons = [  # each reason once: not again when the decision already gave it
        f"  {terminal_safe(m.name)}: {r}"
        for m in shown
        if (r := model_reason(m, terminal_safe)) and not named_in(said, terminal_safe(m.name), r)
    ]
    if reasons:
        lines += ["", "Why:", *reasons]
    for model in shown:
        for head, worse, better in paired_lines(model, terminal_safe):
            lines += [f"  {head}", f"    became worse: {worse or 'none'}"]
            lines += [f"    became better: {better or 'none'}"]
    lines = [*lines, "", *_closing(result, max_rows)]
    if width:
        lines = [wrapped for line in lines for wrapped in _wrap(line, width)]
    return "\n".join(lines) + "\n"


def _wrap(line: str, width: int) -> list[str]:
    """A line of prose within `width`, its continuation indented under its text."""
    if _width(line) <= width or "\n" in line:
        return [line]
    indent = " " * (len(line) - len(line.lstrip()) + 2)
    return textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [line]


def _table(result: GateResult, models: Sequence[ModelResult], color: bool, width: int = 0) -> str:
    metrics = result.policy.named_metrics()
    with_base = compared(result)
    headers = ["Model"]
    by_metric = rules_by_metric(result.policy)
    for metric in metrics:
        limits = ", ".join(limit(r) for r in by_metric.get(metric, ()))
        shown = terminal_safe(metric)  # a name from the files: no escape reaches the terminal
        headers.append(f"{shown} ({limits})" if limits else shown)
    rows = []
    for model in models:
        failing = failing_metrics(model)
        cells = [terminal_safe(model.name)]
        for metric, value in zip(metrics, value_cells(model, metrics)):
            text = value
            if metric in failing:
                text = f"{_RED}{value}{FAILING}{_RESET}" if color else value + FAILING
            note = against_baseline(model, metric, True, FAILING) if with_base else ""
            cells.append(f"{text} ({note})" if note else text)
        verdict = "pass" if model.qualified else "FAIL"
        if model.name == result.best:
            verdict += " (best)"
        if color:
            verdict = f"{_GREEN if model.qualified else _RED}{verdict}{_RESET}"
        rows.append([*cells, verdict])
    table = simple_table([*headers, "Verdict"], rows)
    if not width or max(map(_width, table.split("\n"))) <= width:
        return table
    return _folded(headers, rows, width)


def _folded(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    """The table for a narrow terminal: model and verdict in columns, each value on its own
    line under its model, `metric (rule): value (baseline)`, wrapped to `width`."""
    narrow = simple_table([headers[0], "Verdict"], [[row[0], row[-1]] for row in rows])
    lines = narrow.split("\n")
    folded = lines[:2]  # the header and its rule
    for line, row in zip(lines[2:], rows):
        folded.append(line)
        for header, cell in zip(headers[1:], row[1:-1]):
            folded += textwrap.wrap(
                f"    {header}: {cell}", width, subsequent_indent=" " * 6, break_on_hyphens=False
            )
    return "\n".join(folded)


def _closing(result: GateResult, max_rows: int) -> list[str]:
    """What qualified (on a passed gate), the other rules, the source, notes and warnings."""
    closing = []
    if result.passed or not result.qualified:  # no "ready" line on a failed gate
        closing.append(ready_line(result, terminal_safe, max_rows or None))
    if result.best is not None:
        closing.append(f"Best model: {terminal_safe(result.best)}")
    extra = extra_rules(result.policy, terminal_safe, limit)
    if extra:
        closing.append("Also: " + "; ".join(extra) + ".")
    if source_line(result):
        closing.append(f"Read as: {terminal_safe(source_line(result))}")
    baseline = result.baseline
    if baseline is not None and baseline.doc is not None:
        note = f" ({baseline.doc.note})" if baseline.doc.note else ""
        closing.append(f"Baseline: {terminal_safe(baseline.label + note)}")
    found = trends(result)
    if found:
        closing.append(trend_heading(result, terminal_safe))
        closing += [f"  {terminal_safe(t.metric)}: {trend_phrase(t)}" for t in found]
    closing += [
        f"{_LABELS[level]}: {text}"
        for level, text in finding_lines(result, terminal_safe)
        if level != "error"  # blocking findings lead the output already
    ]
    return closing


_LABELS = {"error": "Gate-failing", "warning": "Warning", "note": "Note"}
