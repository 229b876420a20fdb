"""What the gate decided, as values every renderer reads and none recomputes."""

from __future__ import annotations

from dataclasses import dataclass

from gate.metrics import Model
from gate.numbers import format_number
from gate.policy import Policy, Rule


@dataclass(frozen=True)
class Check:
    rule: Rule
    value: float | None  # None: the model lacks the metric

    @property
    def passed(self) -> bool:
        return self.value is not None and self.rule.test(self.value)

    def reason(self) -> str:
        if self.value is None:
            return f"missing metric {self.rule.metric} (needs {self.rule})"
        return f"{self.rule.metric} {format_number(self.value)} fails {self.rule.op} " + (
            format_number(self.rule.threshold)
        )


@dataclass(frozen=True)
class ModelResult:
    model: Model
    checks: tuple[Check, ...]

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def qualified(self) -> bool:
        return all(check.passed for check in self.checks)

    def reason(self) -> str:
        """Why the model does not qualify; empty when it does."""
        return "; ".join(check.reason() for check in self.checks if not check.passed)


@dataclass(frozen=True)
class GateResult:
    file: str
    policy: Policy
    models: tuple[ModelResult, ...]
    passed: bool
    verdict: str  # what decided the requirement, e.g. "2 of 4 models qualify"
    best: str | None = None

    @property
    def qualified(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.models if m.qualified)
