"""GitHub-flavoured Markdown: a heading with the verdict, one table row per model, the rules."""

from __future__ import annotations

import re

from gate import __version__
from gate.errors import GateError
from gate.numbers import format_number
from gate.paths import format_path
from gate.policy import Rule
from gate.render.common import cell, ready_line, ruled_metrics, rules_on, verdict_line
from gate.result import GateResult, ModelResult
from gate.schema import proportion_metrics

_BAR_CELLS = 10
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~])")
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


def escape_markdown(text: str) -> str:
    """Untrusted text as literal inline Markdown: no table break, no HTML, no links or emphasis."""
    text = re.sub(r"[\r\n\t]+", " ", text)
    text = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
    text = _PUNCTUATION.sub(r"\\\1", text)
    return "".join(_ENTITIES.get(c, c) for c in text)


def bar(value: float | None, scale: float) -> str:
    """A ten-cell bar of value / scale, drawn in a code span so every cell has the same width."""
    if value is None:
        return ""
    fraction = 0.0 if scale <= 0 else min(max(value / scale, 0.0), 1.0)
    filled = round(fraction * _BAR_CELLS)
    return "`" + "█" * filled + "░" * (_BAR_CELLS - filled) + "`"


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


def render_markdown(result: GateResult) -> str:
    policy = result.policy
    metrics = ruled_metrics(policy)
    first = policy.rules[0].metric
    scale = _scale(result, first)
    headers = ["Model"]
    for metric in metrics:
        limits = ", ".join(_threshold(r) for r in rules_on(policy, metric))
        headers.append(f"{escape_markdown(metric)} {limits}")
        if metric == first:
            headers.append(" ")
    headers += ["Verdict", "Reason"]
    align = ["---"] + ["--:" if h != " " else ":--" for h in headers[1:-2]] + [":--", ":--"]
    lines = [
        f"### {'✅' if result.passed else '❌'} Model gate "
        f"{'passed' if result.passed else 'failed'}",
        "",
        ready_line(result, escape_markdown)
        + (f" · best: **{escape_markdown(result.best)}**" if result.best else ""),
        "",
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for model in result.models:
        cells = [escape_markdown(model.name)]
        for metric in metrics:
            cells.append(cell(model, metric))
            if metric == first:
                cells.append(bar(model.model.metrics.get(metric), scale))
        cells += [_verdict(result, model), model.reason(escape_markdown)]
        lines.append("| " + " | ".join(cells) + " |")
    rules = " · ".join(f"{escape_markdown(r.metric)} {_threshold(r)}" for r in policy.rules)
    lines += [
        "",
        verdict_line(result, escape_markdown),
        "",
        f"<sub>Rules: {rules} · file: {escape_markdown(result.file)} · gate {__version__}</sub>",
        "",
    ]
    return "\n".join(lines)


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
            f"| {escape_markdown(issue.location())} | {escape_markdown(path)} "
            f"| {escape_markdown(issue.message)} |"
        )
    hidden = len(error.issues) - MAX_ERROR_ROWS
    if hidden > 0:
        lines += ["", f"… and {hidden} more; the step log lists every one."]
    return "\n".join([*lines, ""])


__all__ = ["bar", "escape_markdown", "render_error_markdown", "render_markdown"]
