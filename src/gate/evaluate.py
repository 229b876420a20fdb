"""MetricsDoc × Policy → GateResult. Pure, linear in the number of models × rules."""

from __future__ import annotations

from collections.abc import Sequence

from gate.errors import Issue, PolicyError
from gate.metrics import MetricsDoc
from gate.policy import Policy, Requirement, Rule
from gate.result import Check, GateResult, ModelResult


def evaluate(doc: MetricsDoc, policy: Policy) -> GateResult:
    results = tuple(
        ModelResult(
            model, tuple(Check(rule, model.metrics.get(rule.metric)) for rule in policy.rules)
        )
        for model in doc.models
    )
    qualified = [r for r in results if r.qualified]
    passed = judge(policy.require, results, doc.file)
    best = pick_best(qualified, policy.rules[0]) if policy.rules else None
    return GateResult(doc.file, policy, results, passed, best)


def pick_best(qualified: Sequence[ModelResult], rule: Rule) -> str | None:
    """First in the rule's direction on the rule's metric; ties keep file order."""
    best: ModelResult | None = None
    best_value = 0.0
    for result in qualified:
        value = result.model.metrics[rule.metric]  # qualified, so present
        better = value > best_value if rule.higher_is_better else value < best_value
        if best is None or better:
            best, best_value = result, value
    return best.name if best else None


def judge(require: Requirement, results: Sequence[ModelResult], file: str) -> bool:
    """Whether the requirement is met. A named model must be in the file."""
    count = sum(1 for r in results if r.qualified)
    if require.kind == "model":
        target = next((r for r in results if r.name == require.model), None)
        if target is None:
            names = ", ".join(r.name for r in results[:10]) + (", …" if len(results) > 10 else "")
            raise PolicyError(
                [
                    Issue(
                        f"--require names model {require.model!r}, which is not in the file "
                        f"(models: {names})",
                        file,
                    )
                ]
            )
        return target.qualified
    if require.kind == "all":
        return count == len(results)
    return count >= (require.count if require.kind == "count" else 1)
