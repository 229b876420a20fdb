"""What every renderer shows the same way: columns, verdict lines, escaping for terminals."""

from __future__ import annotations

from typing import Callable

from gate.numbers import format_number
from gate.policy import Policy, Rule
from gate.result import GateResult, ModelResult, bound_text


def ruled_metrics(policy: Policy) -> list[str]:
    """One column per metric that a rule names, in rule order."""
    return list(dict.fromkeys(rule.metric for rule in policy.rules))


def rules_on(policy: Policy, metric: str) -> list[Rule]:
    return [rule for rule in policy.rules if rule.metric == metric]


def cell(result: ModelResult, metric: str) -> str:
    """The value, with its Wilson interval when --confidence judged it."""
    value = result.model.metrics.get(metric)
    if value is None:
        return "—"
    for check in result.checks:
        if check.rule.metric == metric and check.interval is not None:
            low, high = check.interval
            return f"{format_number(value)} [{bound_text(low)}, {bound_text(high)}]"
    return format_number(value)


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
    return phrases


def qualifying_after(result: GateResult, shown: int) -> int:
    """How many qualifying models a table cut after `shown` rows leaves out."""
    return sum(1 for m in result.models[shown:] if m.qualified)


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


def terminal_safe(text: str) -> str:
    """Control and invisible format characters (ESC, CR, bidi overrides) shown as escapes."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def threshold_text(rule: Rule) -> str:
    return f"{rule.op} {format_number(rule.threshold)}"
