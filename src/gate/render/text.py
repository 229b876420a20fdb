"""The terminal table (tabulate) and the verdict lines."""

from __future__ import annotations

from tabulate import tabulate

from gate.render.common import (
    cell,
    ready_line,
    ruled_metrics,
    rules_on,
    terminal_safe,
    threshold_text,
    verdict_line,
)
from gate.result import GateResult

_GREEN, _RED, _BOLD, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[0m"


def render_text(result: GateResult, color: bool = False) -> str:
    metrics = ruled_metrics(result.policy)
    headers = [
        "Model",
        *(
            f"{metric} ({', '.join(threshold_text(r) for r in rules_on(result.policy, metric))})"
            for metric in metrics
        ),
        "Verdict",
        "Reason",
    ]
    rows = []
    for model in result.models:
        verdict = "pass" if model.qualified else "FAIL"
        if model.name == result.best:
            verdict += " (best)"
        if color:
            verdict = f"{_GREEN if model.qualified else _RED}{verdict}{_RESET}"
        rows.append(
            [
                terminal_safe(model.name),
                *(cell(model, m) for m in metrics),
                verdict,
                model.reason(terminal_safe),
            ]
        )
    table = tabulate(rows, headers, tablefmt="simple", disable_numparse=True)
    closing = [ready_line(result, terminal_safe)]
    if result.best is not None:
        closing.append(f"Best model: {terminal_safe(result.best)}")
    status = verdict_line(result, terminal_safe)
    closing.append(f"{_BOLD}{status}{_RESET}" if color else status)
    return "\n".join([table, "", *closing]) + "\n"
