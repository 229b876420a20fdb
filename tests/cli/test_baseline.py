"""Comparing with a baseline file: deltas, regression limits, new and removed models,
missing baselines and changed evaluation sets, through the real CLI."""

from __future__ import annotations

import json

import cmarkgfm
import pytest

from tests.conftest import gate_main, report_of

BASE = '{"a": 0.90, "b": 0.85, "gone": 0.95}'
HEAD = '{"a": 0.86, "b": 0.86, "c": 0.95}'


def doc(models: dict, dataset: dict | None = None, slices: dict | None = None) -> str:  # type: ignore[type-arg]
    body: dict = {"version": 1, "models": []}  # type: ignore[type-arg]
    if dataset is not None:
        body["run"] = {"dataset": dataset}
    for name, metrics in models.items():
        model = {"name": name, "metrics": metrics}
        if slices and name in slices:
            model["slices"] = slices[name]
        body["models"].append(model)
    return json.dumps(body)


def test_deltas_new_and_removed_models_in_the_table(write):
    run = gate_main([write("h.json", HEAD), "--baseline", write("b.json", BASE)])
    assert run.code == 0
    rows = {
        line.split()[0]: line for line in run.out.splitlines() if line[:2] in ("a ", "b ", "c ")
    }
    assert "0.9" in rows["a"] and "−0.040 (−4.4%)" in rows["a"]
    assert "+0.010 (+1.2%)" in rows["b"]
    assert "0.95 (new)" in rows["c"]
    assert "Note: removed since the baseline: gone" in run.out
    assert "Warning: no baseline for new model c" in run.out
    assert f"Baseline: {write('b.json', BASE)}" in run.out


@pytest.mark.parametrize(
    ("limit", "a_qualifies"),
    [
        ("accuracy=0.05", True),
        ("accuracy=0.04", True),
        ("accuracy=0.03", False),
        ("accuracy=5%", True),
        ("accuracy=4%", False),
    ],
)
def test_absolute_and_relative_limits(tmp_path, write, limit, a_qualifies):
    code, rep = report_of(
        tmp_path,
        write("h.json", HEAD),
        "--baseline",
        write("b.json", BASE),
        "--max-regression",
        limit,
    )
    assert code == 0
    a = next(m for m in rep["models"] if m["name"] == "a")
    assert a["qualified"] is a_qualifies
    if not a_qualifies:
        assert "accuracy fell by 0.04 (4.4%), from 0.9 to 0.86" in a["reason"]
        assert a["regressions"][0]["passed"] is False


def test_lower_is_better_from_a_rule_or_the_known_table(tmp_path, write):
    base = write("b.json", '{"m": {"accuracy": 0.9, "latency_ms": 10, "p99": 10}}')
    head = write("h.json", '{"m": {"accuracy": 0.9, "latency_ms": 12, "p99": 8}}')
    code, rep = report_of(tmp_path, head, "--baseline", base, "--max-regression", "latency_ms=10%")
    assert code == 1
    assert (
        "latency_ms rose by 2 (20%), from 10 to 12; at most 10% allowed"
        in rep["models"][0]["reason"]
    )
    # p99 has no rule and no known direction: the user must say which way is better
    run = gate_main([head, "--baseline", base, "--max-regression", "p99=1"])
    assert run.code == 2 and "add a rule on it" in run.err
    code, rep = report_of(
        tmp_path, head, "--baseline", base, "--max-regression", "p99=1", "--threshold", "p99 >= 1"
    )
    assert code == 1 and "p99 fell by 2" in rep["models"][0]["reason"]


def test_zero_baseline_with_a_relative_limit_allows_no_worsening(tmp_path, write):
    base = write("b.json", '{"m": {"accuracy": 0.9, "error_rate": 0}}')
    same = write("same.json", '{"m": {"accuracy": 0.9, "error_rate": 0}}')
    worse = write("worse.json", '{"m": {"accuracy": 0.9, "error_rate": 0.001}}')
    args = ["--baseline", base, "--max-regression", "error_rate=50%"]
    assert report_of(tmp_path, same, *args)[0] == 0
    code, rep = report_of(tmp_path, worse, *args)
    assert code == 1
    assert "at most 50% of a zero baseline, so none allowed" in rep["models"][0]["reason"]


@pytest.mark.parametrize(
    ("mode", "code", "label"),
    [("pass", 0, "Note: "), ("warn", 0, "Warning: "), ("fail", 1, "  - ")],
)
def test_on_missing_baseline(write, tmp_path, mode, code, label):
    head = write("h.json", HEAD)
    run = gate_main([head, "--baseline", write("b.json", BASE), "--on-missing-baseline", mode])
    assert run.code == code
    assert f"{label}no baseline for new model c" in run.out


def test_a_baseline_file_named_but_missing_is_an_input_error(write, tmp_path):
    """A file the user named and mistyped must not turn into a passing 'no baseline'."""
    report = tmp_path / "r.json"
    run = gate_main(
        [write("h.json", HEAD), "--baseline", str(tmp_path / "typo.json"), "--report", str(report)]
    )
    assert run.code == 2
    assert (
        f"{tmp_path / 'typo.json'}: cannot read the baseline: no such file (--baseline)" in run.err
    )
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is False


def test_missing_baseline_warns_on_the_runner(write, github_env):
    run = gate_main([write("h.json", HEAD), "--baseline", write("b.json", BASE)], github_env)
    assert "::warning file=h.json,title=Model gate::no baseline for new model c" in run.out


DS_A = {"name": "holdout-1", "sha256": "a" * 64}
DS_B = {"name": "holdout-2", "sha256": "b" * 64}


def test_a_changed_evaluation_set_fails_by_default(write):
    base = write("b.json", doc({"m": {"accuracy": 0.9}}, DS_A))
    head = write("h.json", doc({"m": {"accuracy": 0.95}}, DS_B))
    run = gate_main([head, "--baseline", base])
    assert run.code == 1
    assert (
        "evaluation set changed (holdout-1, sha256 aaaaaaaaaaaa… → holdout-2, sha256 bbbbbbbbbbbb…)"
        in run.out
    )
    assert "--on-incomparable warn" in run.out
    verdict, why = run.out.splitlines()[:2]
    assert verdict == "Gate failed (require any): 1 of 1 model qualifies."
    assert why.startswith("  - evaluation set changed")
    warned = gate_main([head, "--baseline", base, "--on-incomparable", "warn"])
    assert warned.code == 0 and "Warning: evaluation set changed" in warned.out


def test_evaluation_sets_compare_by_digest_then_by_name(write):
    renamed = write("h1.json", doc({"m": {"accuracy": 0.9}}, {**DS_A, "name": "renamed"}))
    base = write("b.json", doc({"m": {"accuracy": 0.9}}, DS_A))
    assert gate_main([renamed, "--baseline", base]).code == 0  # same digest: same data
    by_name = write("b2.json", doc({"m": {"accuracy": 0.9}}, {"name": "holdout-1"}))
    other = write("h2.json", doc({"m": {"accuracy": 0.9}}, {"name": "holdout-9"}))
    assert gate_main([other, "--baseline", by_name]).code == 1
    unnamed = write("b3.json", doc({"m": {"accuracy": 0.9}}))
    run = gate_main([renamed, "--baseline", unnamed])
    assert run.code == 0
    assert "Warning: the baseline names no evaluation set (run.dataset)" in run.out


def test_slice_regressions(tmp_path, write):
    base = write(
        "b.json",
        doc(
            {"m": {"accuracy": 0.9}},
            slices={
                "m": {"eu": {"metrics": {"accuracy": 0.9}}, "us": {"metrics": {"accuracy": 0.9}}}
            },
        ),
    )
    head = write(
        "h.json",
        doc(
            {"m": {"accuracy": 0.9}},
            slices={
                "m": {
                    "eu": {"metrics": {"accuracy": 0.8}},
                    "us": {"metrics": {"accuracy": 0.9}},
                    "apac": {"metrics": {"accuracy": 0.85}},
                }
            },
        ),
    )
    args = ["--baseline", base, "--max-regression", "accuracy=0.02"]
    assert report_of(tmp_path, head, *args)[0] == 0  # the whole-model value did not move
    code, rep = report_of(tmp_path, head, *args, "--slice-regressions")
    assert code == 1
    assert "slice eu: accuracy fell by 0.1" in rep["models"][0]["reason"]
    messages = [f["message"] for f in rep["findings"]]
    assert "no baseline for m slice apac accuracy" in messages


def test_report_and_markdown_carry_the_comparison(tmp_path, write):
    summary = tmp_path / "s.md"
    code, rep = report_of(
        tmp_path,
        write("h.json", HEAD),
        "--baseline",
        write("b.json", BASE),
        "--max-regression",
        "accuracy=2%",
        "--summary",
        str(summary),
    )
    assert code == 0
    assert rep["baseline"]["found"] is True and rep["baseline"]["removed"] == ["gone"]
    assert rep["max_regressions"] == [
        {"metric": "accuracy", "amount": 0.02, "relative": True, "higher_is_better": True}
    ]
    a = rep["models"][0]
    assert a["baseline_metrics"] == {"accuracy": 0.9}
    assert a["regressions"][0]["allowed"] == pytest.approx(0.018)
    assert [m["new"] for m in rep["models"]] == [False, False, True]
    html = cmarkgfm.github_flavored_markdown_to_html(
        summary.read_text(encoding="utf-8"), options=cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE
    )
    assert html.count("<table>") == 1
    # a's fall of 0.04 breaks the 2% limit: its change line is marked, with the limit
    assert '<td align="right">0.86<br><sub>was 0.9 · ▼ −0.040 ❌ limit 0.018</sub></td>' in html
    # and the changes block, under the decision, says what got worse first
    assert "<strong>Changes:</strong> 1 regressed beyond a limit · 1 better · 1 new · 1 gone" in (
        html
    )
    assert "▼ a accuracy 0.9 → 0.86 (−0.040 against the baseline; at most 0.018 allowed)" in html
    assert '<td align="right">0.95<br><sub>new</sub></td>' in html


def test_policy_file_keys(tmp_path, write):
    policy = write("p.yml", "max-regression: ['accuracy=0.01']\non-missing-baseline: fail\n")
    code, rep = report_of(
        tmp_path, write("h.json", HEAD), "--baseline", write("b.json", BASE), "--config", policy
    )
    assert code == 1
    assert rep["on_missing_baseline"] == "fail"
    assert rep["models"][0]["qualified"] is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--max-regression", "accuracy"], "expected METRIC=AMOUNT"),
        (["--max-regression", "accuracy=-1"], "the amount must not be negative"),
        (["--max-regression", "accuracy=2"], "did you mean accuracy=2% or accuracy=0.02?"),
        (["--on-missing-baseline", "maybe"], "expected one of pass, warn, fail, got 'maybe'"),
        (["--on-incomparable", "pass"], "expected one of warn, fail, got 'pass'"),
        (["--baseline-ref", "HEAD"], "not more"),
    ],
)
def test_bad_baseline_options_are_usage_errors(write, argv, message):
    run = gate_main([write("h.json", HEAD), "--baseline", write("b.json", BASE), *argv])
    assert run.code == 2 and message in run.err


def test_a_malformed_baseline_is_an_input_error(write):
    run = gate_main([write("h.json", HEAD), "--baseline", write("b.json", '{"a": 1.5}')])
    assert run.code == 2
    assert "b.json:1: a: 1.5 is greater than the maximum of 1" in run.err
