"""The review in GitHub-flavoured Markdown (job summary, PR comment, --format markdown): the
decision first, a table that fits a screen (the rows that matter outside the fold, the
others inside it), the reasons under it, then notes, lineage and the rules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gate import __version__
from gate.files import UNENCODABLE
from gate.numbers import limit_text
from gate.policy import Rule
from gate.render.changes import changes, counts_line, worst_lines
from gate.render.common import (
    against_baseline,
    compared,
    extra_rules,
    failing_metrics,
    finding_lines,
    ready_line,
    rules_by_metric,
    shorten,
    source_line,
    value_cells,
)
from gate.render.lineage import lineage_lines
from gate.render.markdown_text import (
    MAX_CELL_CHARS,
    escape_cell,
    escape_html,
    escape_markdown,
    escape_prose,
    render_error_markdown,
)
from gate.render.reasons import model_reason, paired_lines
from gate.render.review import (
    decision,
    fold_counts,
    limits_changes,
    middle_cut,
    named_in,
    order_rows,
    visible_metrics,
)
from gate.render.slice_rows import slice_folds
from gate.render.trend import trend_heading, trend_phrase, trends
from gate.result import GateResult, ModelResult

# GitHub refuses a step summary over 1 MiB; we stay well below it, whatever the file holds.
SUMMARY_MAX_BYTES = 1_000_000
MAX_READY_NAMES = 20
MAX_FOLDED = 2000  # rows in the fold at most
_OPS = {">=": "≥", "<=": "≤", ">": "&gt;", "<": "&lt;"}
_SYMBOL = {">=": "≥", "&gt;=": "≥", "<=": "≤", "&lt;=": "≤"}
_SYMBOLS = re.compile(r" (>=|<=|&gt;=|&lt;=) (?=[-+0-9.])")  # a reason's `>= 0.8`, as headers


def limit(rule: Rule) -> str:
    return limit_text(rule, _OPS)


def render_markdown(
    result: GateResult,
    max_bytes: int = SUMMARY_MAX_BYTES,
    place: str = "summary",
    chart: bool = False,
) -> str:
    """The review; `place` ("summary" or "comment") names the size limit a cut refers to."""
    shown, folded = order_rows(result)
    said = decision(result, escape_prose, limit)
    head = [_heading(result), "", *_decision(result, said), "", *_changes(result), ""]
    columns = visible_metrics(result, shown)
    head += [*_table(result, shown, columns), ""]
    head += _other_columns(result, shown, columns) + _full_names(shown)
    head += _reasons(result, shown, said) + slice_folds(shown, escape_cell, limit)
    head += _paired(shown)
    if chart:
        from gate.render.chart import metric_chart, trend_chart

        head += metric_chart(result, shown) + trend_chart(result)
    foot = [*_notes(result), *lineage_lines(result, escape_cell), "", _footer(result), ""]
    budget = max_bytes - _size([*head, *foot]) - 600  # 600: the fold's frame and cut note
    return "\n".join(_single_blanks([*head, *_fold(result, folded, budget, place), *foot]))


def _heading(result: GateResult) -> str:
    return "### ✅ Model gate passed" if result.passed else "### ❌ Model gate failed"


def _decision(result: GateResult, said: list[str]) -> list[str]:
    """Why it failed, a line per reason with its numbers (`said`); or what qualified, and
    the best."""
    if not result.passed:
        return [f"- {_as_headers(line)}" for line in said]
    best = f" · best: **{escape_cell(result.best)}**" if result.best else ""
    return [ready_line(result, escape_cell, MAX_READY_NAMES) + best]


def _as_headers(text: str) -> str:
    """A reason's `>= 0.8` with the headers' symbols, `≥ 0.8`."""
    return _SYMBOLS.sub(lambda m: f" {_SYMBOL[m.group(1)]} ", text)


def _changes(result: GateResult) -> list[str]:
    """What got worse, right under the decision: the counts, then the worst regressions."""
    found = changes(result)
    if found is None:
        return []
    lines = [f"**Changes:** {counts_line(found)}"]
    return lines + [f"- {line}" for line in worst_lines(found, escape_cell)]


def _full_names(models: Sequence[ModelResult]) -> list[str]:
    """The whole name of each shown model the table cut in the middle (a file path)."""
    cut = [m.name for m in models if middle_cut(m.name) != m.name]
    if not cut:
        return []
    listed = [f"- {escape_cell(middle_cut(n))}: {escape_prose(n)}" for n in cut]
    return ["<details><summary>Full model names</summary>", "", *listed, "", "</details>", ""]


def _other_columns(
    result: GateResult, models: Sequence[ModelResult], columns: list[str]
) -> list[str]:
    """The metrics the table left out, for the same models, in a fold of their own."""
    rest = [m for m in result.policy.named_metrics() if m not in columns]
    if not rest or not models:
        return []
    names = ", ".join(escape_html(m) for m in rest)
    return [
        f"<details><summary>The other ruled metrics of these models ({names}), all "
        "passing</summary>",
        "",
        *_table(result, models, rest),
        "",
        "</details>",
        "",
    ]


def _table(
    result: GateResult, models: Sequence[ModelResult], metrics: list[str] | None = None
) -> list[str]:
    metrics = result.policy.named_metrics() if metrics is None else metrics
    headers = ["Model"]
    by_metric = rules_by_metric(result.policy)
    for metric in metrics:
        limits = ", ".join(limit(r) for r in by_metric.get(metric, ()))
        headers.append(f"{escape_cell(metric)} {limits}".rstrip())
    lines = [
        "| " + " | ".join([*headers, "Verdict"]) + " |",
        "| :-- | " + " | ".join("--:" for _ in metrics) + " | :-- |",
    ]
    return lines + [_row(result, model, metrics) for model in models]


def _row(result: GateResult, model: ModelResult, metrics: list[str]) -> str:
    """The verdict's mark leads the row, so a phone that scrolls the table never hides it;
    a value is marked only when it fails its threshold, a change only on its own line."""
    mark = "✅" if model.qualified else "❌"
    cells = [f"{mark} {escape_cell(middle_cut(model.name))}"]
    failing = failing_metrics(model)
    with_base = compared(result)
    for metric, value in zip(metrics, value_cells(model, metrics)):
        text = f"**{value}** ❌" if metric in failing else value
        note = against_baseline(model, metric) if with_base else ""
        cells.append(f"{text}<br><sub>{note}</sub>" if note else text)
    verdict = "best" if model.name == result.best else ("pass" if model.qualified else "fail")
    return "| " + " | ".join([*cells, verdict]) + " |"


def _reasons(result: GateResult, models: Sequence[ModelResult], said: list[str]) -> list[str]:
    """Why each shown model does not qualify (and notes on slices too small to gate), each
    reason once: not again when the decision already gave it."""
    lines = []
    for model in models:
        reason = model_reason(model, escape_cell)
        told = named_in(said, escape_prose(model.name), model_reason(model, escape_prose))
        if reason and not told:
            reason = _as_headers(reason)
            lines.append(f"- **{escape_cell(model.name)}**: {shorten(reason, 4 * MAX_CELL_CHARS)}")
    return [*lines, ""] if lines else []


def _paired(models: Sequence[ModelResult]) -> list[str]:
    """Per regressed model, the examples that became worse and better (paired checks)."""
    lines = []
    for model in models:
        heads = paired_lines(model, escape_html)  # inside HTML: entities, not backslashes
        for (head, _, _), (_, worse, better) in zip(heads, paired_lines(model, escape_cell)):
            lines += [f"<details><summary>{head}</summary>", ""]
            lines += [f"- became worse: {worse}" if worse else "- became worse: none"]
            lines += [f"- became better: {better}" if better else "- became better: none"]
            lines += ["", "</details>", ""]
    return lines


_LIMITS = {
    "summary": "GitHub's 1 MiB summary limit",
    "comment": "GitHub's 65,536-character comment limit (the job summary has more)",
}


def _fold(result: GateResult, models: Sequence[ModelResult], budget: int, place: str) -> list[str]:
    """The other models, collapsed: as many rows as fit (MAX_FOLDED at most), then a note."""
    if not models:
        return []
    qualified = sum(1 for m in models if m.qualified)
    table = _table(result, [])
    budget -= _size(table)
    rows: list[str] = []
    metrics = result.policy.named_metrics()
    for model in models[:MAX_FOLDED]:
        row = _row(result, model, metrics)
        budget -= len(row.encode("utf-8", UNENCODABLE)) + 1
        if budget < 0:
            break
        rows.append(row)
    cut = []
    if len(rows) < len(models):
        why = (
            f"to stay under {_LIMITS[place]}"
            if len(rows) < MAX_FOLDED
            else "(a longer table is not one anybody reads)"
        )
        cut = [
            "",
            f"**Showing the first {len(rows):,} of these {len(models):,}** {why}; "
            "the JSON report lists every model (the workflow run's `gate-report` artifact, "
            "where the workflow uploads the `report` output: docs/action.md).",
        ]
    counts = fold_counts(models, qualified, limits_changes(result))
    summary = f"{len(models):,} more models: {counts}"
    return [
        f"<details><summary>{summary}</summary>",
        "",
        *table,
        *rows,
        *cut,
        "",
        "Why each of these does not qualify: the JSON report (the `gate-report` artifact).",
        "",
        "</details>",
        "",
    ]


_MARKS = {"error": "❌ **Fails the gate:**", "warning": "⚠️ **Warning:**", "note": "ℹ️ Note:"}


def _notes(result: GateResult) -> list[str]:
    """What was compared with, then the findings that did not already decide the gate."""
    lines = []
    found = trends(result)
    if found:
        lines += ["", trend_heading(result, escape_cell), ""]
        lines += [f"- {escape_cell(t.metric)} `{trend_phrase(t)}`" for t in found]
    baseline = result.baseline
    if baseline is not None and baseline.doc is not None:
        note = f" ({escape_cell(baseline.doc.note)})" if baseline.doc.note else ""
        lines += ["", f"Compared with the baseline {escape_cell(baseline.label)}{note}."]
    for level, text in finding_lines(result, escape_prose):
        if level != "error":  # blocking findings lead the report already
            lines += ["", f"> {_MARKS[level]} {text}"]
    return lines


def _footer(result: GateResult) -> str:
    policy = result.policy
    rules = " · ".join(
        [f"{escape_cell(r.metric)} {limit(r)}" for r in policy.rules]
        + extra_rules(policy, escape_cell, limit)
    )
    files = ", ".join(escape_cell(f) for f in result.files[:5])
    files += f" and {len(result.files) - 5} more" if len(result.files) > 5 else ""
    source = source_line(result)
    read = f", read as {escape_cell(source)}" if source else ""
    label = "files" if len(result.files) > 1 else "file"
    return f"<sub>Rules: {rules} · {label}: {files}{read} · gate {__version__}</sub>"


def _single_blanks(lines: list[str]) -> list[str]:
    """Blocks are separated by one blank line, however they were put together."""
    return [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]


def _size(lines: list[str]) -> int:
    return len("\n".join(lines).encode("utf-8", UNENCODABLE)) + 1


__all__ = ["escape_cell", "escape_markdown", "render_error_markdown", "render_markdown"]
