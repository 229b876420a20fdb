"""What the gate decided, as values every renderer reads and none recomputes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from gate.metrics import Model
from gate.numbers import format_number
from gate.policy import Policy, Rule

Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Check:
    rule: Rule
    value: float | None  # None: the model lacks the metric

    @property
    def passed(self) -> bool:
        return self.value is not None and self.rule.test(self.value)

    def reason(self, escape: Escape = _same) -> str:
        rule = self.rule
        metric = escape(rule.metric)
        limit = f"{rule.op} {format_number(rule.threshold)}"
        if self.value is None:
            return f"missing metric {metric} (needs {metric} {limit})"
        return f"{metric} {format_number(self.value)} fails {limit}"


@dataclass(frozen=True)
class ModelResult:
    model: Model
    checks: tuple[Check, ...]

    @property
    def name(self) -> str:
        return self.model.name

    @cached_property
    def qualified(self) -> bool:
        return all(check.passed for check in self.checks)

    def reason(self, escape: Escape = _same) -> str:
        """Why the model does not qualify; empty when it does. `escape` applies to names."""
        return "; ".join(check.reason(escape) for check in self.checks if not check.passed)


@dataclass(frozen=True)
class GateResult:
    file: str
    policy: Policy
    models: tuple[ModelResult, ...]
    passed: bool
    best: str | None = None

    @cached_property
    def qualified(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.models if m.qualified)

    def verdict(self, escape: Escape = _same) -> str:
        """What decided the requirement: "2 of 4 models qualify", "model_C qualifies"."""
        require = self.policy.require
        if require.kind == "model":
            target = next(m for m in self.models if m.name == require.model)
            name = escape(target.name)
            if target.qualified:
                return f"{name} qualifies"
            return f"{name} does not qualify ({target.reason(escape)})"
        total = len(self.models)
        plural = "s qualify" if total != 1 else " qualifies"
        return f"{len(self.qualified)} of {total} model{plural}"
