"""GitHub-flavoured Markdown: a heading with the verdict, one table row per model, the rules."""

from __future__ import annotations

import re
from typing import Callable

from gate import __version__
from gate.errors import GateError
from gate.files import UNENCODABLE
from gate.jsonpath import format_path
from gate.policy import Rule
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
    shorten,
    source_line,
    terminal_safe,
)
from gate.render.lineage import lineage_lines
from gate.render.numbers import format_number
from gate.render.reasons import model_reason, more_models, verdict_line
from gate.result import GateResult, ModelResult
from gate.schema import proportion_metrics

_BAR_CELLS = 10
_BARS = ["`" + "█" * filled + "░" * (_BAR_CELLS - filled) + "`" for filled in range(_BAR_CELLS + 1)]
# Markdown punctuation is backslash-escaped.
_PUNCTUATION = "\\`*_{}[]()#+!|~"
# HTML specials become entities. ':' '.' and '@' are encoded too: GitHub's extended autolinks
# (https://…, www.…, a@b.c) and @mentions would otherwise act on plain text; a zero-width
# space after '@' is what keeps an email or a mention inert.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    ":": "&#58;",
    ".": "&#46;",
    "@": "@&#8203;",
}
# The two sets do not overlap, so one pass of str.translate does both.
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _PUNCTUATION}, **_ENTITIES})
_LINE_BREAKS = re.compile(r"[\r\n\t]+")
_SPECIAL = re.compile("[" + re.escape(_PUNCTUATION + "".join(_ENTITIES)) + "]")  # a quick look


def escape_markdown(text: str) -> str:
    """Untrusted text as literal inline Markdown: no table break, no HTML, no links or emphasis."""
    if not text.isprintable():  # line breaks and control characters are not printable
        text = terminal_safe(_LINE_BREAKS.sub(" ", text))
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


def bar(value: float | None, scale: float) -> str:
    """A ten-cell bar of value / scale, drawn in a code span so every cell has the same width."""
    if value is None:
        return ""
    fraction = 0.0 if scale <= 0 else min(max(value / scale, 0.0), 1.0)
    return _BARS[round(fraction * _BAR_CELLS)]


def _scale(result: GateResult, metric: str) -> float:
    if metric in proportion_metrics():
        return 1.0
    values = [abs(v) for m in result.models if (v := m.model.metrics.get(metric)) is not None]
    return max(values, default=0.0)


_OPS = {">=": "≥", "<=": "≤", ">": "&gt;", "<": "&lt;"}


def _threshold(rule: Rule) -> str:
    return f"{_OPS[rule.op]} {format_number(rule.threshold)}"


def _verdict(result: GateResult, model: ModelResult) -> str:
    text = "✅ pass" if model.qualified else "❌ fail"
    return text + (" · **best**" if model.name == result.best else "")


# GitHub refuses a step summary over 1 MiB; we stay well below it, whatever the file holds.
SUMMARY_MAX_BYTES = 1_000_000
MAX_CELL_CHARS = 200
MAX_READY_NAMES = 20


def escape_cell(text: str) -> str:
    """Untrusted text for one table cell: escaped, and shortened so no name can flood a page."""
    return escape_markdown(shorten(text, MAX_CELL_CHARS))


def render_markdown(
    result: GateResult, max_bytes: int = SUMMARY_MAX_BYTES, place: str = "summary"
) -> str:
    """The report; `place` ("summary" or "comment") names the size limit a cut refers to."""
    policy = result.policy
    head = [
        f"### {'✅' if result.passed else '❌'} Model gate "
        f"{'passed' if result.passed else 'failed'}",
        "",
        ready_line(result, escape_cell, MAX_READY_NAMES)
        + (f" · best: **{escape_cell(result.best)}**" if result.best else ""),
        "",
        *_table_head(result),
    ]
    rules = " · ".join(
        [f"{escape_cell(r.metric)} {_threshold(r)}" for r in policy.rules]
        + extra_rules(policy, escape_cell, _threshold)
    )
    foot = [
        *_findings(result),
        *lineage_lines(result, escape_cell),
        "",
        verdict_line(result, escape_cell),
        "",
        f"<sub>Rules: {rules} · {_files(result)} · gate {__version__}</sub>",
        "",
    ]
    budget = max_bytes - len("\n".join([*head, *foot]).encode("utf-8", UNENCODABLE)) - 400
    rows: list[str] = []
    row = _row_maker(result)
    for model in result.models:
        text = row(model)
        budget -= len(text.encode("utf-8", UNENCODABLE)) + 1
        if budget < 0:
            break
        rows.append(text)
    return "\n".join([*head, *rows, *_cut_note(result, len(rows), place), *foot])


def _table_head(result: GateResult) -> list[str]:
    policy = result.policy
    first = policy.rules[0].metric
    with_base = compared(result)
    headers, align = ["Model"], ["---"]
    for metric in ruled_metrics(policy):
        limits = ", ".join(_threshold(r) for r in rules_on(policy, metric))
        headers.append(f"{escape_cell(metric)} {limits}".rstrip())
        align.append("--:")
        if metric == first:
            headers.append(" ")
            align.append(":--")
        if with_base:
            headers += ["base", "Δ"]
            align += ["--:", "--:"]
    headers += ["Verdict", "Reason"]
    align += [":--", ":--"]
    return ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]


def _row_maker(result: GateResult) -> Callable[[ModelResult], str]:
    """A model → its table row; what is the same for every row is worked out once."""
    first = result.policy.rules[0].metric
    with_base = compared(result)
    metrics, scale = ruled_metrics(result.policy), _scale(result, first)
    names: dict[str, str] = {}  # metric and slice names repeat on every row: escaped once

    def escape_name(name: str) -> str:
        escaped = names.get(name)
        if escaped is None:
            escaped = names[name] = escape_cell(name)
        return escaped

    def row(model: ModelResult) -> str:
        cells = [escape_cell(model.name)]
        for metric in metrics:
            cells.append(cell(model, metric))
            if metric == first:
                cells.append(bar(model.model.metrics.get(metric), scale))
            if with_base:
                base = base_cell(model, metric)
                cells += ["🆕 new" if model.new else base, delta_cell(model, metric)]
        reason = model_reason(model, escape_name)
        cells += [_verdict(result, model), shorten(reason, 4 * MAX_CELL_CHARS)]
        return "| " + " | ".join(cells) + " |"

    return row


def _files(result: GateResult) -> str:
    files = ", ".join(escape_cell(f) for f in result.files[:5])
    files += f" and {len(result.files) - 5} more" if len(result.files) > 5 else ""
    label = "files" if len(result.files) > 1 else "file"
    source = source_line(result)
    return f"{label}: {files}" + (f", read as {escape_cell(source)}" if source else "")


_MARKS = {"error": "❌ **Fails the gate:**", "warning": "⚠️ **Warning:**", "note": "ℹ️ Note:"}


def _findings(result: GateResult) -> list[str]:
    """The baseline, then each finding about the run as a quoted line of its own."""
    lines = []
    if result.baseline is not None:
        lines += ["", f"Compared with the baseline {escape_cell(result.baseline.label)}."]
    for level, text in finding_lines(result, escape_cell):
        lines += ["", f"> {_MARKS[level]} {text}"]
    return lines


_LIMITS = {
    "summary": "GitHub's 1 MiB summary limit",
    "comment": "GitHub's 65,536-character comment limit (the job summary has more rows)",
}


def _cut_note(result: GateResult, shown: int, place: str) -> list[str]:
    total = len(result.models)
    if shown == total:
        return []
    hidden_qualified = qualifying_after(result, shown)
    return [
        "",
        f"**Showing {shown} of {total} models** to stay under {_LIMITS[place]}; "
        f"{total - shown} more ({hidden_qualified} of them qualifying) are in the JSON report "
        "(the `report` output), which lists every model.",
    ]


MAX_ERROR_ROWS = 50


def render_error_markdown(error: GateError) -> str:
    """Input errors as a table a reviewer can act on: where, and what is wrong."""
    lines = [
        f"### ❌ Model gate: {escape_markdown(error.title.lower())}",
        "",
        "The gate could not decide, so it failed. Fix these problems in the input:",
        "",
        "| Where | Path | Problem |",
        "| :-- | :-- | :-- |",
    ]
    for issue in error.issues[:MAX_ERROR_ROWS]:
        path = format_path(issue.path) if issue.path is not None else ""
        lines.append(
            f"| {escape_cell(issue.location())} | {escape_cell(path)} "
            f"| {escape_markdown(shorten(issue.message, 4 * MAX_CELL_CHARS))} |"
        )
    hidden = len(error.issues) - MAX_ERROR_ROWS
    if hidden > 0:
        lines += ["", f"… and {hidden} more problems; the step log lists them."]
    if error.more:
        lines += ["", f"… and {more_models(error.more)}."]
    return "\n".join([*lines, ""])


__all__ = ["bar", "escape_cell", "escape_markdown", "render_error_markdown", "render_markdown"]
