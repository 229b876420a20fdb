"""Gates that catch what an average hides: slices, gaps between slices, confidence bounds."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import cmarkgfm
import pytest

from gate.evaluate.intervals import wilson as wilson_interval
from tests.conftest import EXAMPLES, gate_main, report_of

SLICES = str(EXAMPLES / "slices" / "metrics.yaml")
FAIRNESS = str(EXAMPLES / "policy" / "fairness.yml")


def by_name(report: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in report["models"] if m["name"] == name)


# --- the Wilson interval, against an independent solution of its defining equation --------


def wilson_by_bisection(p: float, n: int, level: float) -> tuple[float, float]:
    """The Wilson bounds are the q where |p - q| = z * sqrt(q (1 - q) / n); solved numerically."""
    z = {0.9: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}[level]

    def f(q: float) -> float:
        return abs(p - q) - z * math.sqrt(q * (1 - q) / n)

    def root(lo: float, hi: float) -> float:
        for _ in range(200):
            mid = (lo + hi) / 2
            if (f(lo) > 0) == (f(mid) > 0):
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    low = 0.0 if p == 0 else root(0.0, p)
    high = 1.0 if p == 1 else root(p, 1.0)
    return low, high


@pytest.mark.parametrize(
    ("p", "n", "level"),
    [
        (0.8, 10, 0.95),
        (0.82, 5000, 0.95),
        (0.5, 1, 0.9),
        (0.0, 20, 0.95),
        (1.0, 20, 0.99),
        (0.999, 100000, 0.99),
        (0.33, 7, 0.9),
    ],
)
def test_wilson_interval_matches_an_independent_computation(p: float, n: int, level: float) -> None:
    assert wilson_interval(p, n, level) == pytest.approx(wilson_by_bisection(p, n, level), abs=1e-9)


def test_wilson_textbook_value() -> None:
    low, high = wilson_interval(0.8, 10, 0.95)  # 8 of 10: the classic [0.490, 0.943]
    assert (round(low, 3), round(high, 3)) == (0.49, 0.943)


# --- confidence-aware rules ------------------------------------------------------------------


def test_confidence_judges_on_the_lower_bound_and_shows_it(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.yaml",
        "version: 1\nmodels:\n  - {name: big, metrics: {accuracy: 0.82}, samples: 5000}\n"
        "  - {name: small, metrics: {accuracy: 0.84}, samples: 120}\n",
    )
    code, report = report_of(tmp_path, path, "--confidence", "0.95")
    assert code == 0
    assert report["qualified"] == ["big"] and report["confidence"] == 0.95
    small = by_name(report, "small")
    assert small["reason"] == "accuracy 0.84 (lower 95% bound 0.764) fails >= 0.8"
    check = small["checks"][0]
    assert check["interval"] == pytest.approx(list(wilson_interval(0.84, 120, 0.95)))
    assert check["judged"] == pytest.approx(check["interval"][0])
    run = gate_main([path, "--confidence", "0.95"])
    assert "0.84 [0.764, 0.8949]" in run.out
    assert "proportions judged on 95% Wilson bounds" in run.out
    # the same file without --confidence passes both
    _, plain = report_of(tmp_path, path)
    assert plain["qualified"] == ["big", "small"]


def test_upper_bound_for_upper_limits_and_declared_proportions(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json",
        json.dumps(
            {
                "version": 1,
                "models": [
                    {"name": "m", "metrics": {"error_rate": 0.08, "latency_ms": 40}, "samples": 200}
                ],
            }
        ),
    )
    argv = [
        path,
        "--min-accuracy",
        "none",
        "--threshold",
        "error_rate<=0.1",
        "--threshold",
        "latency_ms<=50",
        "--confidence",
        "0.95",
    ]
    _, undeclared = report_of(tmp_path, *argv)
    assert undeclared["passed"] is True  # error_rate is not a known proportion: judged as is
    _, declared = report_of(tmp_path, *argv, "--proportion-metric", "error_rate")
    assert declared["passed"] is False
    check = declared["models"][0]["checks"][0]
    assert check["judged"] == pytest.approx(wilson_interval(0.08, 200, 0.95)[1])
    assert "error_rate 0.08 (upper 95% bound 0.126) fails <= 0.1" in declared["models"][0]["reason"]
    assert "interval" not in declared["models"][0]["checks"][1]  # latency is no proportion


def test_confidence_without_samples_never_qualifies(tmp_path: Path) -> None:
    code, report = report_of(
        tmp_path, str(EXAMPLES / "seed" / "metrics.json"), "--confidence", "0.95"
    )
    assert code == 1
    assert report["qualified"] == []
    assert (
        by_name(report, "model_C")["reason"]
        == "accuracy has no sample count, which --confidence needs"
    )


def test_declared_proportion_outside_0_1_is_an_input_error(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json",
        json.dumps(
            {
                "version": 1,
                "models": [
                    {"name": "m", "metrics": {"accuracy": 0.9, "score": 3.5}, "samples": 100}
                ],
            }
        ),
    )
    run = gate_main(
        [path, "--threshold", "score>=1", "--confidence", "0.9", "--proportion-metric", "score"]
    )
    assert run.code == 2
    assert "score is declared a proportion, but 'm' has 3.5" in run.err


# --- slices ----------------------------------------------------------------------------------


def test_slice_threshold_names_the_failing_slice(tmp_path: Path) -> None:
    code, report = report_of(tmp_path, SLICES, "--slice-threshold", "accuracy >= 0.8")
    assert code == 0
    assert report["qualified"] == ["lucky_small_eval"]
    reason = by_name(report, "good_on_average")["reason"]
    assert reason == "slice region=eu: accuracy 0.79 fails >= 0.8"
    # without --min-slice-samples the 40-sample slice is gated like any other
    assert (
        by_name(report, "wide_and_fair")["reason"]
        == "slice region=apac: accuracy 0.61 fails >= 0.8"
    )
    fair = by_name(report, "wide_and_fair")
    assert [c["slice"] for c in fair["slice_checks"]] == ["region=eu", "region=us", "region=apac"]
    assert report["slice_rules"] == [{"metric": "accuracy", "op": ">=", "threshold": 0.8}]


def test_small_slices_are_shown_not_gated(tmp_path: Path) -> None:
    _, report = report_of(
        tmp_path, SLICES, "--slice-threshold", "accuracy >= 0.8", "--min-slice-samples", "100"
    )
    fair = by_name(report, "wide_and_fair")
    assert fair["qualified"] is True
    assert [s["gated"] for s in fair["slices"]] == [True, True, False]
    assert fair["reason"] == "note: slice region=apac has 40 samples, too few to gate"
    assert [c["slice"] for c in fair["slice_checks"]] == ["region=eu", "region=us"]


def test_a_sample_count_beyond_64_bits_is_reported_exactly(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    huge = 10**25  # more than the fast encoder takes: that line is written by json
    path = write(
        "m.json",
        json.dumps(
            {
                "version": 1,
                "models": [
                    {
                        "name": "m",
                        "metrics": {"accuracy": 0.9},
                        "slices": {"eu": {"metrics": {"accuracy": 0.85}, "samples": huge}},
                    },
                    {
                        "name": "n",
                        "metrics": {"accuracy": 0.9},
                        "slices": {"eu": {"metrics": {"accuracy": 0.7}, "samples": 10}},
                    },
                ],
            }
        ),
    )
    code, report = report_of(tmp_path, path, "--slice-threshold", "accuracy>=0.8")
    assert code == 0
    assert report["models"][0]["slices"][0]["samples"] == huge
    assert [m["qualified"] for m in report["models"]] == [True, False]


def test_a_slice_of_unknown_size_is_gated(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.yaml",
        "version: 1\nmodels:\n  - name: m\n    metrics: {accuracy: 0.9}\n"
        "    slices: {tiny: {metrics: {accuracy: 0.5}}}\n",
    )
    code, report = report_of(
        tmp_path, path, "--slice-threshold", "accuracy>=0.8", "--min-slice-samples", "100"
    )
    assert code == 1
    assert report["models"][0]["reason"] == "slice tiny: accuracy 0.5 fails >= 0.8"


def test_a_model_without_slices_does_not_pass_slice_rules(tmp_path: Path) -> None:
    _, report = report_of(
        tmp_path, str(EXAMPLES / "full" / "metrics.yaml"), "--slice-threshold", "accuracy>=0.5"
    )
    assert report["qualified"] == ["model_A"]
    assert by_name(report, "model_B")["reason"] == "no slices, but slice rules apply"
    assert by_name(report, "model_B")["unsliced"] is True


@pytest.mark.parametrize(("amount", "passes"), [("0.15", True), ("0.149", False)])
def test_max_slice_gap(tmp_path: Path, amount: str, passes: bool) -> None:
    _, report = report_of(
        tmp_path, SLICES, "--max-slice-gap", f"accuracy={amount}", "--min-slice-samples", "100"
    )
    model = by_name(report, "good_on_average")
    assert model["qualified"] is passes  # 0.94 - 0.79 is 0.15 (with float error, tolerated)
    gap = model["gaps"][0]
    assert (gap["high"], gap["low"], gap["gap"]) == (["region=us", 0.94], ["region=eu", 0.79], 0.15)
    if not passes:
        assert model["reason"] == (
            "accuracy gap 0.15 between slices region=us (0.94) and region=eu (0.79) exceeds 0.149"
        )
    # one gated slice has nothing to compare
    assert by_name(report, "lucky_small_eval")["gaps"][0]["passed"] is True


def test_policy_file_sets_them_all_and_flags_override(tmp_path: Path) -> None:
    code, report = report_of(tmp_path, SLICES, "--config", FAIRNESS)
    assert code == 0
    assert report["qualified"] == ["wide_and_fair"]
    assert report["confidence"] == 0.95 and report["min_slice_samples"] == 100
    assert report["slice_gaps"] == [{"metric": "accuracy", "max": 0.05}]
    _, looser = report_of(
        tmp_path,
        SLICES,
        "--config",
        FAIRNESS,
        "--confidence",
        "0.5",
        "--max-slice-gap",
        "accuracy=0.2",
        "--slice-threshold",
        "accuracy>=0.7",
    )
    assert looser["confidence"] == 0.5
    assert looser["slice_gaps"] == [{"metric": "accuracy", "max": 0.2}]
    assert looser["slice_rules"] == [{"metric": "accuracy", "op": ">=", "threshold": 0.7}]
    assert looser["qualified"] == ["wide_and_fair", "good_on_average", "lucky_small_eval"]


def test_markdown_shows_intervals_slice_reasons_and_the_extra_rules(tmp_path: Path) -> None:
    summary = tmp_path / "s.md"
    gate_main([SLICES, "--config", FAIRNESS, "--summary", str(summary)])
    html = cmarkgfm.github_flavored_markdown_to_html(summary.read_text(encoding="utf-8"))
    # the models' table, then a table per model with failing slices (their value and limit)
    assert html.count("<table>") == 3 and html.count(">Slice</th>") == 2
    assert "0.88 [0.8727, 0.8869]" in html
    assert "slice region=eu: accuracy 0.79 (lower 95% bound 0.7751) fails ≥ 0.8" in html
    assert re.search(r"every slice: accuracy ≥ 0.8 · slice gap of accuracy at most 0.05", html)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--confidence", "95"],
            "--confidence: expected a level between 0 and 1 such as 0.95, got '95'; did you mean 0.95?",
        ),
        (["--confidence", "1"], "--confidence: expected a level between 0 and 1"),
        (["--max-slice-gap", "accuracy"], "expected METRIC=AMOUNT"),
        (["--max-slice-gap", "accuracy=-1"], "must not be negative"),
        (["--min-slice-samples", "-3"], "--min-slice-samples: expected a whole number >= 0"),
        (["--slice-threshold", "accuracy = 0.8"], "operator '=' is not supported"),
    ],
)
def test_bad_slice_and_confidence_options(args: list[str], message: str) -> None:
    run = gate_main([SLICES, *args])
    assert run.code == 2
    assert message in run.err
