"""--chart: a Mermaid chart per ruled metric that GitHub can draw, whatever the names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import cmarkgfm
import pytest

from tests.conftest import EXAMPLES, ROOT, SEED, gate_main

REVIEW = EXAMPLES / "review"
REVIEW_ARGS = [
    str(REVIEW / "candidate.yaml"),
    *("--config", str(REVIEW / "policy.yml"), "--baseline", str(REVIEW / "base.yaml")),
]
HOSTILE = [
    'a"b',
    "c]d",
    "```\n# not a heading",
    "x, y",
    "ünï 模型",
    "<b>h</b>",
    "%%{init}%%",
    "e" * 80,
]


def markdown(*argv: str) -> str:
    run = gate_main([*argv, "--format", "markdown", "--chart"])
    assert run.code in (0, 1), run.err
    return run.out


def charts(text: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```\n", text, re.S)


def field(chart: str, name: str) -> str:
    return re.search(rf"^    {name} (.*)$", chart, re.M).group(1)  # type: ignore[union-attr]


def hostile_file(write) -> str:  # type: ignore[no-untyped-def]
    return write("h.json", json.dumps({name: 0.5 + i / 20 for i, name in enumerate(HOSTILE)}))


def test_a_chart_per_changed_metric_zoomed_with_its_limits() -> None:
    accuracy, latency = charts(markdown(*REVIEW_ARGS))  # both changed since the baseline
    assert field(accuracy, "x-axis") == (
        '["ranker_v3", "ranker_v3 (base)", "ranker_v4", "ranker_v4 (base)", "ranker_v5"]'
    )
    # zoomed to the values and limits with a margin: ranker_v4's 0.03 drop shows
    assert field(accuracy, "y-axis") == '"accuracy" 0.789 --> 0.921'
    this_run, baseline = re.findall(r"^    bar (.*)$", accuracy, re.M)
    assert this_run == "[0.865, 0.789, 0.86, 0.789, 0.91]"  # the axis foot: a bar of no height
    assert baseline == "[0.789, 0.86, 0.789, 0.89, 0.789]"  # ranker_v5 is new: no base slot
    threshold, floor = re.findall(r"^    line (.*)$", accuracy, re.M)
    assert threshold == "[0.8, 0.8, 0.8, 0.8, 0.8]"
    # each model's limit against its baseline (1% of 0.86, of 0.89): ranker_v4 fell below it
    assert floor == "[0.8514, 0.8514, 0.8811, 0.8811, 0.91]"
    assert "line ≤ 50" in field(latency, "title")


def test_at_most_two_charts_the_failing_metric_first(write) -> None:  # type: ignore[no-untyped-def]
    models = {"a": {"accuracy": 0.9, "f1": 0.5, "recall": 0.7},
              "b": {"accuracy": 0.7, "f1": 0.6, "recall": 0.8}}  # fmt: skip
    path = write("m.json", json.dumps(models))
    rules = ["--threshold", "recall >= 0.1", "--threshold", "f1 >= 0.55"]
    titles = [field(c, "title") for c in charts(markdown(path, *rules))]
    # accuracy and f1 fail somewhere; recall passes everywhere, unchanged: no chart
    assert [t.split(":")[0].strip('"') for t in titles] == ["accuracy", "f1"]


def test_no_chart_unless_asked() -> None:
    run = gate_main([*REVIEW_ARGS, "--format", "markdown"])
    assert "mermaid" not in run.out


def test_without_a_baseline_one_bar_per_model() -> None:
    (chart,) = charts(markdown(str(SEED)))
    assert field(chart, "x-axis") == '["model_A", "model_B", "model_C", "model_D"]'
    assert re.findall(r"^    bar (.*)$", chart, re.M) == ["[0.82, 0.75, 0.9, 0.6]"]
    assert "grey" not in field(chart, "title")


def test_at_most_20_models_those_the_table_shows_first(write) -> None:  # type: ignore[no-untyped-def]
    models = {f"m{i:03d}": 0.5 + i / 1000 for i in range(300)}
    (chart,) = charts(markdown(write("m.json", json.dumps(models)), "--min-accuracy", "0.795"))
    labels = json.loads(field(chart, "x-axis"))
    assert len(labels) == 20 and labels[0] == "m299"  # the best first, as in the table


def test_hostile_names_cannot_leave_the_chart(write) -> None:  # type: ignore[no-untyped-def]
    text = markdown(hostile_file(write))
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    assert html.count('<pre lang="mermaid">') == 1
    assert "<h1>" not in html
    labels = json.loads(field(charts(text)[0], "x-axis"))
    assert len(labels) == len(set(labels)) == len(HOSTILE)
    assert all(re.fullmatch(r"[\w .+/…-]+", label) for label in labels), labels
    assert all(len(label) <= 24 for label in labels)


def test_negative_values_get_an_axis_that_holds_them(write) -> None:  # type: ignore[no-untyped-def]
    path = write("n.json", json.dumps({"a": {"score": -2.5}, "b": {"score": 4}}))
    (chart,) = charts(markdown(path, "--min-accuracy", "none", "--threshold", "score >= 1"))
    assert field(chart, "y-axis") == '"score" -3.15 --> 4.65'  # the values, with a margin


MERMAID = ROOT / "scripts" / "node_modules" / "mermaid"


@pytest.mark.mermaid
def test_every_chart_parses_with_githubs_mermaid(write) -> None:  # type: ignore[no-untyped-def]
    """Run by .ci/run after `npm ci --prefix scripts` (mermaid 11.1.0: GitHub's since 2024)."""
    negative = write("n.json", json.dumps({"a": {"score": -2.5}, "b": {"score": 4}}))
    many = write("m.json", json.dumps({f"m{i}": 0.5 + i / 100 for i in range(40)}))
    found = [
        *charts(markdown(*REVIEW_ARGS)),
        *charts(markdown(str(SEED))),
        *charts(markdown(hostile_file(write))),
        *charts(markdown(negative, "--min-accuracy", "none", "--threshold", "score >= 1")),
        *charts(markdown(many)),
    ]
    assert len(found) == 6
    assert parse_with_mermaid(found) == [None] * len(found)


def parse_with_mermaid(diagrams: list[str]) -> list[str | None]:
    """Each diagram's parse error (None: it parses), from mermaid 11.1.0 under node."""
    assert shutil.which("node") and MERMAID.is_dir(), "npm ci --prefix scripts first"
    proc = subprocess.run(
        ["node", str(ROOT / "scripts" / "mermaid_parse.mjs")],
        input=json.dumps(diagrams),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    )
    parsed = json.loads(proc.stdout)
    assert parsed["version"] == "11.1.0"
    return parsed["results"]  # type: ignore[no-any-return]


@pytest.mark.mermaid
def test_the_parser_would_catch_a_broken_chart() -> None:
    (error,) = parse_with_mermaid(['xychart-beta\n    x-axis ["a "b"]\n    bar [1]'])
    assert error is not None and "Parse error" in error
