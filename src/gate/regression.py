"""How a candidate is held against its baseline: regression limits and what to do when a
baseline is missing or measured on other data. Parsed from text and frozen, like rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

from gate.numbers import format_number

OnMissing = Literal["pass", "warn", "fail"]
OnIncomparable = Literal["warn", "fail"]

# Which way is better for metrics nobody wrote a rule on. A name made of words (`val_loss`,
# `latency_ms`, `error-rate`) is matched by its words; a name with words of both kinds, or
# of neither, needs a rule to say.
HIGHER_IS_BETTER = frozenset({"accuracy", "acc", "f1", "precision", "recall", "auc", "roc_auc"})
LOWER_IS_BETTER = frozenset({"loss", "error", "latency"})


class MaxRegression(NamedTuple):
    """The most `metric` may get worse than the baseline: `amount` itself, or (`relative`)
    that fraction of the baseline's magnitude. A zero baseline allows no worsening at all."""

    metric: str
    amount: float
    relative: bool = False
    higher_is_better: bool = True  # settled by resolve_directions

    def allowed(self, baseline: float) -> float:
        return self.amount * abs(baseline) if self.relative else self.amount

    def __str__(self) -> str:
        return f"{self.metric} worse by at most {self.amount_text()}"

    def amount_text(self) -> str:
        if self.relative:
            return f"{format_number(round(self.amount * 100, 10))}%"
        return format_number(self.amount)


class BaselinePolicy(NamedTuple):
    """Regression limits and the answers to "no baseline" and "another evaluation set"."""

    regressions: tuple[MaxRegression, ...] = ()
    on_missing: OnMissing = "warn"
    on_incomparable: OnIncomparable = "fail"
    slices: bool = False  # --slice-regressions: the limits apply to each slice too


_AMOUNT = re.compile(r"^\s*(?P<number>[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(?P<pct>%?)\s*$")


def parse_max_regression(text: str) -> MaxRegression:
    """`accuracy=0.02` (absolute) or `accuracy=2%` (of the baseline value)."""
    metric, sep, amount = text.partition("=")
    match = _AMOUNT.match(amount)
    if not sep or not metric.strip() or not match:
        raise ValueError(
            f"expected METRIC=AMOUNT such as accuracy=0.02 or accuracy=2%, got {text!r}"
        )
    value = float(match.group("number"))
    if match.group("pct"):
        return MaxRegression(metric.strip(), value / 100, relative=True)
    return MaxRegression(metric.strip(), value)


def parse_choice(text: str, choices: tuple[str, ...], what: str) -> str:
    word = text.strip().lower()
    if word not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, got {text!r}")
    return word


def known_direction(metric: str) -> bool | None:
    """True when higher is better, False when lower is, None when the name does not say."""
    name = metric.lower()
    if name in HIGHER_IS_BETTER:
        return True
    if name in LOWER_IS_BETTER:
        return False
    words = set(re.split(r"[^a-z0-9]+", name))
    higher, lower = bool(words & HIGHER_IS_BETTER), bool(words & LOWER_IS_BETTER)
    return None if higher == lower else higher


def resolve_directions(
    limits: Iterable[MaxRegression], rule_directions: dict[str, bool]
) -> tuple[MaxRegression, ...]:
    """Each limit's direction: its metric's first rule, else the known-metric table.
    A later limit on the same metric replaces an earlier one."""
    resolved: dict[str, MaxRegression] = {}
    for limit in limits:
        direction = rule_directions.get(limit.metric, known_direction(limit.metric))
        if direction is None:
            raise ValueError(
                f"--max-regression {limit.metric}={limit.amount_text()}: gate cannot tell "
                f"whether a higher or a lower {limit.metric} is better; add a rule on it, "
                f"e.g. --threshold '{limit.metric} >= …' or '{limit.metric} <= …'"
            )
        resolved[limit.metric] = limit._replace(higher_is_better=direction)
    return tuple(resolved.values())


NO_REGRESSION_LIMITS = BaselinePolicy()
