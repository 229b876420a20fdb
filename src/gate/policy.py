"""Rules and the requirement: parsed from text, combined, and frozen into a Policy."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable
from functools import cache
from typing import Callable, Literal, NamedTuple

from gate.numbers import format_number
from gate.regression import NO_REGRESSION_LIMITS, BaselinePolicy, resolve_directions
from gate.schema import proportion_metrics

Op = Literal[">=", ">", "<=", "<"]
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
_RULE = re.compile(
    r"^\s*(?P<metric>[^<>=!\s]+)\s*(?P<op>>=|<=|=>|=<|==|!=|=|>|<)\s*(?P<value>\S*)\s*$"
)

DEFAULT_MIN_ACCURACY = 0.80


class Rule(NamedTuple):
    metric: str
    op: Op
    threshold: float

    @property
    def higher_is_better(self) -> bool:
        return self.op in (">=", ">")

    def test(self, value: float) -> bool:
        return OPS[self.op](value, self.threshold)

    @property
    def limit(self) -> str:
        """`>= 0.8`: what a value must satisfy."""
        return _limit(self.op, self.threshold)

    def __str__(self) -> str:
        return f"{self.metric} {self.limit}"


@cache
def _limit(op: str, threshold: float) -> str:  # once per rule, not once per failing model
    return f"{op} {format_number(threshold)}"


class Requirement(NamedTuple):
    """`any`, `all`, at least `number` models, or the named `model`."""

    kind: Literal["any", "all", "count", "model"]
    number: int = 1
    model: str | None = None

    def __str__(self) -> str:
        if self.kind == "count":
            return f"at least {self.number}"
        if self.kind == "model":
            return str(self.model)
        return self.kind


class Gap(NamedTuple):
    """Best slice minus worst slice of `metric` may be at most `amount`."""

    metric: str
    amount: float

    def __str__(self) -> str:
        return f"{self.metric} gap <= {format_number(self.amount)}"


class SliceGates(NamedTuple):
    """Rules every slice must meet, gaps between slices, and the sample floor for gating."""

    rules: tuple[Rule, ...] = ()
    gaps: tuple[Gap, ...] = ()
    min_samples: int = 0

    @property
    def active(self) -> bool:
        return bool(self.rules or self.gaps)


NO_SLICE_GATES = SliceGates()


class Policy(NamedTuple):
    rules: tuple[Rule, ...]
    require: Requirement
    metric: str = "accuracy"
    slices: SliceGates = NO_SLICE_GATES
    confidence: float | None = None  # a level such as 0.95: judge proportions on Wilson bounds
    proportions: frozenset[str] = frozenset()  # declared by the policy, beyond the built-ins
    baseline: BaselinePolicy = NO_REGRESSION_LIMITS

    def is_proportion(self, metric: str) -> bool:
        return metric in self.proportions or metric in proportion_metrics()


def parse_rule(text: str) -> Rule:
    """`f1>=0.7`, `latency_ms <= 50`. Raises ValueError with a message fit for a user."""
    match = _RULE.match(text)
    if not match:
        raise ValueError(f"expected 'METRIC OP VALUE' such as 'f1 >= 0.7', got {text!r}")
    metric, op, value = match.group("metric", "op", "value")
    if op not in OPS:
        raise ValueError(f"operator {op!r} is not supported; use one of >=, >, <=, <")
    threshold = parse_number(value, f"the threshold in {text.strip()!r}")
    check_threshold(metric, threshold)
    return Rule(metric, op, threshold)  # type: ignore[arg-type]


def parse_number(text: str, what: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{what} must be a number, got {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {text!r}")
    return number


def check_threshold(metric: str, threshold: float) -> None:
    if metric in proportion_metrics() and not 0 <= threshold <= 1:
        hint = f"; did you mean {format_number(threshold / 100)}?" if 1 < threshold <= 100 else ""
        raise ValueError(
            f"{metric} is a proportion in [0, 1], so {threshold:g} is out of range{hint}"
        )


def parse_gap(text: str) -> Gap:
    """`accuracy=0.05`: the largest allowed best-minus-worst slice difference."""
    metric, sep, amount = text.partition("=")
    if not sep or not metric.strip():
        raise ValueError(f"expected METRIC=AMOUNT such as accuracy=0.05, got {text!r}")
    value = parse_number(amount.strip(), f"the amount in {text.strip()!r}")
    if value < 0:
        raise ValueError(f"the amount in {text.strip()!r} must not be negative")
    return Gap(metric.strip(), value)


def parse_confidence(text: str) -> float | None:
    """A confidence level strictly between 0 and 1, such as 0.95; `none`: off."""
    if text.strip().lower() == "none":
        return None
    level = parse_number(text, "--confidence")
    if not 0 < level < 1:
        raise ValueError(f"--confidence is a level between 0 and 1 such as 0.95, got {text!r}")
    return level


def parse_count(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(f"{what} must be a whole number >= 0, got {text!r}")
    return int(text)


def combine_gaps(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    """A later gap on the same metric replaces the earlier one."""
    return tuple({gap.metric: gap for gap in gaps}.values())


def parse_min_accuracy(text: str) -> float | None:
    """A number in [0, 1], or `none` to drop the accuracy rule."""
    if text.strip().lower() == "none":
        return None
    value = parse_number(text, "--min-accuracy")
    check_threshold("accuracy", value)
    return value


def parse_requirement(text: str) -> Requirement:
    word = text.strip()
    if word in ("any", "all"):
        return Requirement(word)  # type: ignore[arg-type]
    if word.isdigit():
        if int(word) < 1:
            raise ValueError("--require N needs N >= 1")
        return Requirement("count", number=int(word))
    if not word:
        raise ValueError("--require must be any, all, a number N >= 1, or a model name")
    return Requirement("model", model=word)


def combine_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """A later rule on the same metric and direction replaces the earlier one, in its place."""
    combined: list[Rule] = []
    for rule in rules:
        for index, kept in enumerate(combined):
            if (kept.metric, kept.higher_is_better) == (rule.metric, rule.higher_is_better):
                combined[index] = rule
                break
        else:
            combined.append(rule)
    return tuple(combined)


def build_policy(
    min_accuracy: float | None,
    rules: Iterable[Rule],
    require: Requirement,
    metric: str = "accuracy",
    *,
    slices: SliceGates = NO_SLICE_GATES,
    confidence: float | None = None,
    proportions: frozenset[str] = frozenset(),
    baseline: BaselinePolicy = NO_REGRESSION_LIMITS,
) -> Policy:
    accuracy = [Rule("accuracy", ">=", min_accuracy)] if min_accuracy is not None else []
    combined = combine_rules([*accuracy, *rules])
    if not combined:
        raise ValueError(
            "no rules to check: --min-accuracy none and no --threshold would let every model "
            "through; add a --threshold"
        )
    gates = SliceGates(combine_rules(slices.rules), combine_gaps(slices.gaps), slices.min_samples)
    directions: dict[str, bool] = {}
    for rule in combined:
        directions.setdefault(rule.metric, rule.higher_is_better)
    limits = resolve_directions(baseline.regressions, directions)
    baseline = baseline._replace(regressions=limits)
    return Policy(combined, require, metric, gates, confidence, proportions, baseline)
