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
