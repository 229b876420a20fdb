"""evaluate() on its own: one loop of model rules, then slices and the baseline on top."""

from __future__ import annotations

from gate.evaluate import evaluate
from gate.metrics import MetricsDoc, Model
from gate.policy import Policy, Requirement, Rule
from gate.render.reasons import model_reason


def test_evaluate_with_model_rules_only() -> None:
    rule = Rule("accuracy", ">=", 0.8)
    models = (Model("a", {"accuracy": 0.9}), Model("b", {"accuracy": 0.7}), Model("c", {}))
    result = evaluate(MetricsDoc("m.json", "document", models), Policy((rule,), Requirement("all")))
    assert [m.qualified for m in result.models] == [True, False, False]
    assert result.qualified == ("a",)
    assert not result.passed
    assert model_reason(result.models[2]) == "missing metric accuracy (needs accuracy >= 0.8)"
