"""The plain loop that judges a big sweep gives what the general judge_model gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gate.evaluate import evaluate, judge_model, judge_plainly, pick_best
from gate.metrics import MetricsDoc, Model
from gate.policy import Policy, Requirement, Rule

METRICS = ["accuracy", "f1", "latency_ms"]
VALUES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(-5, 5),
    # near the thresholds, and numbers whose shortest text is long, ends in ".0" or has an
    # exponent (how reasons write them differs)
    st.sampled_from([0.8, 0.79999, 0.80001, 1, 0, 2 / 3, 0.123456789, 5000.0, 1e16, 1e-07]),
)
MODELS = st.lists(
    st.builds(
        lambda i, metrics: Model(f"m{i}", metrics),
        st.integers(0, 10**6),
        st.dictionaries(st.sampled_from(METRICS), VALUES),
    ),
    max_size=8,
)
RULES = st.lists(
    st.builds(
        Rule,
        st.sampled_from(METRICS),
        st.sampled_from([">=", ">", "<=", "<"]),
        st.sampled_from([0.8, 0, 1, 100, -1.5]),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(MODELS, RULES)
def test_the_plain_loop_agrees_with_judge_model(models, rules) -> None:  # type: ignore[no-untyped-def]
    policy = Policy(tuple(rules), Requirement("any"))
    general = tuple(judge_model(model, policy, "m.json") for model in models)
    qualified = [r for r in general if r.qualified]
    plain = judge_plainly(models, rules)
    assert plain.results == general
    assert plain.qualified == qualified
    assert plain.names == tuple(r.name for r in qualified)
    assert plain.best == pick_best(qualified, rules[0])


def test_evaluate_with_model_rules_only() -> None:
    rule = Rule("accuracy", ">=", 0.8)
    models = (Model("a", {"accuracy": 0.9}), Model("b", {"accuracy": 0.7}), Model("c", {}))
    result = evaluate(MetricsDoc("m.json", "document", models), Policy((rule,), Requirement("all")))
    assert [m.qualified for m in result.models] == [True, False, False]
    assert result.qualified == ("a",)
    assert not result.passed
    assert result.models[2].reason() == "missing metric accuracy (needs accuracy >= 0.8)"
