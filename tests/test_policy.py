"""Rules and requirements, and the rule engine against a reference written here."""

from __future__ import annotations

import operator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import PolicyError
from gate.evaluate import evaluate
from gate.metrics import MetricsDoc, Model
from gate.parse import parse_requirement, parse_rule
from gate.policy import Requirement, Rule, build_policy, combine_rules
from gate.render.reasons import model_reason


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("f1>=0.7", Rule("f1", ">=", 0.7)),
        ("  latency_ms <= 50 ", Rule("latency_ms", "<=", 50.0)),
        ("loss<1e-3", Rule("loss", "<", 0.001)),
        ("auc > 0.5", Rule("auc", ">", 0.5)),
        ("delta >= -2", Rule("delta", ">=", -2.0)),
    ],
)
def test_parse_rule(text: str, rule: Rule) -> None:
    assert parse_rule(text) == rule


@pytest.mark.parametrize("text", ["f1 == 0.7", "f1 != 0.7", "f1 => 0.7", ">= 0.7", "f1 >=", ""])
def test_parse_rule_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rule(text)


def test_combine_rules_replaces_same_metric_and_direction_in_place() -> None:
    rules = [parse_rule(t) for t in ("accuracy>=0.8", "f1>=0.7", "accuracy>0.85", "accuracy<=0.99")]
    assert combine_rules(rules) == (
        Rule("accuracy", ">", 0.85),
        Rule("f1", ">=", 0.7),
        Rule("accuracy", "<=", 0.99),
    )


@pytest.mark.parametrize(
    ("text", "requirement"),
    [
        ("any", Requirement("any")),
        ("all", Requirement("all")),
        ("3", Requirement("count", number=3)),
        ("model_A", Requirement("model", model="model_A")),
    ],
)
def test_parse_requirement(text: str, requirement: Requirement) -> None:
    assert parse_requirement(text) == requirement


def test_require_a_model_not_in_the_file_is_a_policy_error() -> None:
    doc = MetricsDoc("m.json", "shorthand", (Model("a", {"accuracy": 0.9}),))
    policy = build_policy([Rule("accuracy", ">=", 0.8)], Requirement("model", model="b"))
    with pytest.raises(PolicyError, match="'b', which is not in the file"):
        evaluate(doc, policy)


# --- property tests: the engine against a direct reading of DESIGN.md §2 --------------------

METRICS = ["accuracy", "f1", "latency_ms"]
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 0.8, 0.9, 1.0])

models = st.lists(
    st.dictionaries(st.sampled_from(METRICS), values, max_size=3),
    min_size=1,
    max_size=8,
)
rules = st.lists(
    st.builds(Rule, st.sampled_from(METRICS), st.sampled_from(list(OPS)), values),
    max_size=4,
)
requirements = st.one_of(
    st.builds(Requirement, st.sampled_from(["any", "all"])),
    st.builds(lambda n: Requirement("count", number=n), st.integers(1, 9)),
    st.builds(lambda i: Requirement("model", model=f"m{i}"), st.integers(0, 7)),
)


def reference(metric_sets, min_accuracy, extra, require):  # type: ignore[no-untyped-def]
    """Straight from the contract, with no shared code."""
    active = [("accuracy", ">=", min_accuracy)] if min_accuracy is not None else []
    for r in extra:
        same = [
            i
            for i, (m, op, _) in enumerate(active)
            if m == r.metric and (op in (">=", ">")) == (r.op in (">=", ">"))
        ]
        if same:
            active[same[0]] = (r.metric, r.op, r.threshold)
        else:
            active.append((r.metric, r.op, r.threshold))
    names = [f"m{i}" for i in range(len(metric_sets))]
    ok = [all(m in ms and OPS[op](ms[m], t) for m, op, t in active) for ms in metric_sets]
    qualified = [n for n, q in zip(names, ok) if q]
    if require.kind == "any":
        passed = len(qualified) >= 1
    elif require.kind == "all":
        passed = len(qualified) == len(names)
    elif require.kind == "count":
        passed = len(qualified) >= require.number
    else:
        passed = require.model in qualified
    best = None
    if qualified and active:
        metric, op, _ = active[0]
        ranked = [(metric_sets[names.index(n)][metric], names.index(n)) for n in qualified]
        if op in (">=", ">"):
            best = names[min(ranked, key=lambda p: (-p[0], p[1]))[1]]
        else:
            best = names[min(ranked, key=lambda p: (p[0], p[1]))[1]]
    return qualified, passed, best


@settings(max_examples=500, deadline=None)
@given(models, st.one_of(st.none(), values), rules, requirements)
def test_engine_matches_reference(metric_sets, min_accuracy, extra, require) -> None:  # type: ignore[no-untyped-def]
    doc = MetricsDoc(
        "m.json",
        "per-model",
        tuple(Model(f"m{i}", ms) for i, ms in enumerate(metric_sets)),
    )
    accuracy = [Rule("accuracy", ">=", min_accuracy)] if min_accuracy is not None else []
    if min_accuracy is None and not extra:
        with pytest.raises(ValueError, match="no rules"):
            build_policy([*accuracy, *extra], require)
        return
    policy = build_policy([*accuracy, *extra], require)
    named = {r.metric for r in policy.rules}
    if any(all(metric not in ms for ms in metric_sets) for metric in named):
        with pytest.raises(PolicyError, match=r"which no model in m\.json has"):
            evaluate(doc, policy)  # a rule on a metric no model has is a usage error
        return
    if require.kind == "model" and require.model not in [m.name for m in doc.models]:
        with pytest.raises(PolicyError):
            evaluate(doc, policy)
        return
    result = evaluate(doc, policy)
    qualified, passed, top = reference(metric_sets, min_accuracy, extra, require)
    assert list(result.qualified) == qualified
    assert result.passed == passed
    assert result.top == top
    assert result.best == (top if passed else None)  # no model to ship from a failed gate
    for model in result.models:
        assert (model_reason(model) == "") == model.qualified
