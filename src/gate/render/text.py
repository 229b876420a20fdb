"""The terminal table and the verdict lines.

The table is tabulate's "simple" format, written here in a few lines because importing
tabulate (it reads its own package metadata) would be most of a small run's start-up;
tests/render/test_text.py checks the output against tabulate's byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gate.render.common import (
    base_cell,
    cell,
    compared,
    delta_cell,
    extra_rules,
    finding_lines,
    qualifying_after,
    ready_line,
    ruled_metrics,
    rules_on,
    source_line,
    terminal_safe,
)
from gate.render.reasons import limit, model_reason, verdict_line
from gate.result import GateResult

_GREEN, _RED, _BOLD, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[0m"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MIN_PADDING = 2  # tabulate's: a column is at least its header plus two


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


DEFAULT_MAX_ROWS = 1000


def render_text(result: GateResult, color: bool = False, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """The table (at most `max_rows` rows; 0 means all), then the verdict lines."""
    metrics = ruled_metrics(result.policy)
    with_base = compared(result)
    headers = ["Model"]
    for metric in metrics:
        limits = ", ".join(limit(r) for r in rules_on(result.policy, metric))
        headers.append(f"{metric} ({limits})" if limits else metric)
        if with_base:
            headers += [f"{metric} base", f"Δ {metric}"]
    headers += ["Verdict", "Reason"]
    shown = result.models if max_rows <= 0 else result.models[:max_rows]
    rows = []
    for model in shown:
        verdict = "pass" if model.qualified else "FAIL"
        if model.name == result.best:
            verdict += " (best)"
        if color:
            verdict = f"{_GREEN if model.qualified else _RED}{verdict}{_RESET}"
        cells = [terminal_safe(model.name)]
        for metric in metrics:
            cells.append(cell(model, metric))
            if with_base:
                cells += [base_cell(model, metric), delta_cell(model, metric)]
        rows.append([*cells, verdict, model_reason(model, terminal_safe)])
    table = simple_table(headers, rows)
    hidden = len(result.models) - len(shown)
    if hidden:
        qualifying = qualifying_after(result, len(shown))
        table += (
            f"\n… {hidden} more models ({qualifying} qualifying) not shown; --max-rows 0 shows "
            "all, and --report writes every model"
        )
    closing = [ready_line(result, terminal_safe, max_rows or None)]
    if result.best is not None:
        closing.append(f"Best model: {terminal_safe(result.best)}")
    extra = extra_rules(result.policy, terminal_safe, limit)
    if extra:
        closing.append("Also: " + "; ".join(extra) + ".")
    if source_line(result):
        closing.append(f"Read as: {terminal_safe(source_line(result))}")
    if result.baseline is not None:
        closing.append(f"Baseline: {terminal_safe(result.baseline.label)}")
    closing += [f"{_LABELS[level]}: {text}" for level, text in finding_lines(result, terminal_safe)]
    status = verdict_line(result, terminal_safe)
    closing.append(f"{_BOLD}{status}{_RESET}" if color else status)
    return "\n".join([table, "", *closing]) + "\n"


_LABELS = {"error": "Gate-failing", "warning": "Warning", "note": "Note"}
