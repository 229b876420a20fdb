"""evaluate() on its own: one loop of model rules, then slices and the baseline on top."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from gate.evaluate import evaluate
from gate.metrics import MetricsDoc, Model
from gate.policy import Policy, Requirement, Rule
from gate.render.reasons import model_reason
from gate.result import qualifies


def test_evaluate_with_model_rules_only() -> None:
    rule = Rule("accuracy", ">=", 0.8)
    models = (Model("a", {"accuracy": 0.9}), Model("b", {"accuracy": 0.7}), Model("c", {}))
    result = evaluate(MetricsDoc("m.json", "document", models), Policy((rule,), Requirement("all")))
    assert [m.qualified for m in result.models] == [True, False, False]
    assert result.qualified == ("a",)
    assert not result.passed
    assert model_reason(result.models[2]) == "missing metric accuracy (needs accuracy >= 0.8)"


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["loss", "latency_ms", "tokens"]),
            st.floats(min_value=0, max_value=2, allow_nan=False),
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["loss", "latency_ms", "tokens"]),
            st.sampled_from([">=", ">", "<=", "<"]),
            st.floats(min_value=0, max_value=2, allow_nan=False),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_a_model_qualifies_exactly_when_every_check_of_its_rules_passes(metrics, rules) -> None:  # type: ignore[no-untyped-def]
    """The verdict on each model is the one `qualifies` gives its result: every rule met by a
    value the model has, and nothing else asked of it."""
    models = tuple(Model(f"m{i}", m) for i, m in enumerate(metrics))
    policy = Policy(tuple(Rule(*rule) for rule in rules), Requirement("any"))
    named = {name for m in metrics for name in m}
    assume(all(metric in named for metric, _, _ in rules))  # else a PolicyError, tested elsewhere
    result = evaluate(MetricsDoc("m.json", "document", models), policy)
    for judged in result.models:
        assert judged.qualified is qualifies(judged)
        ops = {">=": float.__ge__, ">": float.__gt__, "<=": float.__le__, "<": float.__lt__}
        expected = all(
            metric in judged.model.metrics
            and ops[op](float(judged.model.metrics[metric]), threshold)
            for metric, op, threshold in rules
        )
        assert judged.qualified is expected
