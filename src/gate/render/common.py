"""What every renderer shows the same way: columns, verdict lines, escaping for terminals."""

from __future__ import annotations

from typing import Callable

from gate.numbers import format_number
from gate.policy import Policy, Rule
from gate.result import GateResult, ModelResult


def ruled_metrics(policy: Policy) -> list[str]:
    """One column per metric that a rule names, in rule order."""
    return list(dict.fromkeys(rule.metric for rule in policy.rules))


def rules_on(policy: Policy, metric: str) -> list[Rule]:
    return [rule for rule in policy.rules if rule.metric == metric]


def cell(result: ModelResult, metric: str) -> str:
    value = result.model.metrics.get(metric)
    return "—" if value is None else format_number(value)


def ready_line(result: GateResult, escape: Callable[[str], str]) -> str:
    """The seed's line, kept word for word, or a clear 'no model qualifies'."""
    if result.qualified:
        return "Models ready for production: " + ", ".join(map(escape, result.qualified))
    return "No model qualifies for production."


def verdict_line(result: GateResult, escape: Callable[[str], str]) -> str:
    state = "passed" if result.passed else "failed"
    require = escape(str(result.policy.require))
    return f"Gate {state} (require {require}): {result.verdict(escape)}."


def rules_text(policy: Policy) -> str:
    return ", ".join(str(rule) for rule in policy.rules)


def terminal_safe(text: str) -> str:
    """Control and invisible format characters (ESC, CR, bidi overrides) shown as escapes."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def threshold_text(rule: Rule) -> str:
    return f"{rule.op} {format_number(rule.threshold)}"
