"""What a hostile read of the review redesign found (issue 26, second read), each through the
real CLI: --each-file's outputs, one model's wording, reasons said once by name, changes too
small for three decimals, float noise, the counts beside the table, a missing metric a limit
needs, escapes in the terminal and in HTML summaries, the drift limit drawn, huge values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import gate_main


def _doc(models: dict[str, dict[str, float]]) -> str:
    listed = [{"name": k, "metrics": v} for k, v in models.items()]
    return json.dumps({"version": 1, "models": listed})


def test_each_file_never_overwrites_one_verdict_with_another(
    write: Any, tmp_path: Path, github_env: dict[str, str]
) -> None:
    bad, good = write("a.json", '{"a": 0.7}'), write("b.json", '{"b": 0.9}')
    run = gate_main(["--each-file", bad, good], env=github_env)
    assert run.code == 1
    # no outputs, summary or comment from a single file: the exit code is the verdict
    assert Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8") == ""
    for flags in (["--summary", str(tmp_path / "s.md")], ["--format", "json"]):
        refused = gate_main(["--each-file", *flags, bad, good])
        assert refused.code == 2 and "--each-file writes to the terminal only" in refused.err


def test_one_qualifying_model_short_of_a_count_is_not_said_to_fail(write: Any) -> None:
    run = gate_main([write("m.json", '{"solo": 0.9}'), "--require", "2"])
    assert run.code == 1 and "1 of 1 models qualify; at least 2 must" in run.out
    assert "does not qualify" not in run.out


def test_every_failing_model_keeps_its_reason(write: Any) -> None:
    models = {name: 0.7 for name in "abcde"} | {"f": 0.9}
    run = gate_main([write("m.json", json.dumps(models)), "--require", "all"])
    for name in "de":  # not named by the decision: their reason stays under the table
        assert f"  {name}: accuracy 0.7 fails >= 0.8" in run.out


def test_a_tiny_change_that_breaks_its_limit_is_not_shown_as_zero(write: Any) -> None:
    base = write("b.json", _doc({"m": {"ece": 0.0120}}))
    head = write("h.json", _doc({"m": {"ece": 0.0124}}))
    run = gate_main([head, "--baseline", base, "--min-accuracy", "none", "--threshold",
                     "ece <= 0.02", "--max-regression", "ece=0.0002"])  # fmt: skip
    assert run.code == 1
    assert "(was 0.012 · ▼ +0.0004 (+3.3%) ✗ limit 0.0002)" in run.out
    assert "(+0.0004 against the baseline; at most 0.0002 allowed)" in run.out


def test_float_noise_is_no_change(write: Any) -> None:
    base = write("b.json", _doc({"m": {"accuracy": 0.9, "loss": 0.3}}))
    head = write("h.json", _doc({"m": {"accuracy": 0.9, "loss": 0.1 + 0.2}}))
    run = gate_main([head, "--baseline", base, "--threshold", "loss <= 0.5"])
    assert "(was 0.3 · same)" in run.out and "Changes: no ruled metric changed" in run.out


def test_the_counts_read_every_named_metric_once(write: Any) -> None:
    base = write("b.json", _doc({"m": {"accuracy": 0.90, "latency_ms": 20}}))
    head = write("h.json", _doc({"m": {"accuracy": 0.93, "latency_ms": 22}}))
    both = gate_main([head, "--baseline", base, "--threshold", "accuracy <= 0.99"])
    assert "Changes: 1 better" in both.out  # a band (>= and <=): one direction, the first's
    limited = gate_main([head, "--baseline", base, "--max-regression", "latency_ms=20%"])
    assert "Changes: 1 worse within the limits" in limited.out  # a limit names it too


def test_a_metric_a_limit_needs_is_counted_and_marked_when_missing(write: Any) -> None:
    base = write("b.json", _doc({"m1": {"accuracy": 0.9, "f1": 0.8}, "m2": {"accuracy": 0.9}}))
    head = write("h.json", _doc({"m1": {"accuracy": 0.9}, "m2": {"accuracy": 0.9, "f1": 0.7}}))
    run = gate_main([head, "--baseline", base, "--max-regression", "f1=0.01", "--require", "all"])
    assert run.code == 1 and "Changes: 1 regressed beyond a limit" in run.out
    assert "▼ m1 f1 missing (was 0.8)" in run.out and "(was 0.8 ✗ missing)" in run.out


def test_metric_names_reach_the_terminal_without_escapes(write: Any) -> None:
    name = "acc\x1b]0;pwn\x07"
    path = write("m.json", json.dumps({"version": 1, "models": [
        {"name": "m", "metrics": {name: 0.9}}]}))  # fmt: skip
    run = gate_main([path, "--min-accuracy", "none", "--threshold", f"'{name}' >= 0.5"])
    assert "\x1b" not in run.out and "\x07" not in run.out


def test_html_summaries_escape_names_without_backslashes(write: Any) -> None:
    slices = {"s1": {"metrics": {"accuracy": 0.5}}}
    model = {"name": "m_1 <b>", "metrics": {"accuracy": 0.9}, "slices": slices}
    path = write("m.json", json.dumps({"version": 1, "models": [model]}))
    run = gate_main([path, "--slice-threshold", "accuracy >= 0.75", "--format", "markdown"])
    assert "<details><summary>m_1 &lt;b&gt;: 1 of 1 slices fail</summary>" in run.out


def test_percent_metric_on_gate_s_own_form_says_it_does_not_apply(write: Any) -> None:
    run = gate_main([write("m.json", '{"m": 0.9}'), "--percent-metric", "accuracy"])
    assert run.code == 2 and "gate's own form takes proportions in [0, 1]" in run.err


def test_values_no_axis_can_draw_leave_the_chart_out(write: Any) -> None:
    base = write("b.json", _doc({"m": {"accuracy": 0.9, "latency_ms": 1e300}}))
    head = write("h.json", _doc({"m": {"accuracy": 0.9, "latency_ms": 2e300}}))
    run = gate_main([head, "--baseline", base, "--threshold", "latency_ms <= 1e308",
                     "--max-regression", "latency_ms=10%", "--chart", "--format", "markdown"])  # fmt: skip
    assert run.code in (0, 1) and "inf" not in run.out
    assert '"latency_ms"' not in run.out  # no chart of it; the table has the numbers
