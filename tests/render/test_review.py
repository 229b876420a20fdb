"""The review as GitHub shows it (cmark-gfm, raw HTML kept as GitHub keeps <details>, <br> and
<sub>): the decision first, a table that fits (a column per ruled metric, no reason column),
failing cells marked, reasons under the table, long files folded, and words that are true."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from tests.conftest import EXAMPLES, SEED, gate_main, parse_github_output

REVIEW = EXAMPLES / "review"


def html_of(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def tables(html: str) -> list[list[list[str]]]:
    """Each table as rows of cells (the cells' inner HTML)."""
    return [
        [
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", t, re.S)
        ]
        for t in re.findall(r"<table>(.*?)</table>", html, re.S)
    ]


def outside_fold(html: str) -> str:
    return re.sub(r"<details>.*?</details>", "", html, flags=re.S)


def text_of(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


class Review:
    def __init__(self, tmp_path: Path, github_env: dict[str, str], *argv: str) -> None:
        report = tmp_path / "report.json"
        run = gate_main([*argv, "--report", str(report)], github_env)
        self.code = run.code
        self.markdown = Path(github_env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
        self.html = html_of(self.markdown)
        self.outputs = parse_github_output(
            Path(github_env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
        )
        self.report = json.loads(report.read_text(encoding="utf-8")) if run.code in (0, 1) else None
        self.text = run.out

    @property
    def table(self) -> list[list[str]]:
        return tables(outside_fold(self.html))[0]

    def before_table(self) -> str:
        return text_of(self.html.split("<table>", 1)[0])

    def after_table(self) -> str:
        return text_of(outside_fold(self.html).split("</table>", 1)[1])


@pytest.fixture
def review(tmp_path: Path, github_env: dict[str, str]):  # type: ignore[no-untyped-def]
    return lambda *argv: Review(tmp_path, github_env, *argv)


def test_seed_leads_with_what_qualified_and_marks_failing_cells(review) -> None:  # type: ignore[no-untyped-def]
    seen = review(str(SEED))
    assert seen.code == 0
    head = seen.before_table()
    assert head.index("Model gate passed") < head.index(
        "Models ready for production: model_A, model_C · best: model_C"
    )
    assert seen.table == [
        ["Model", "accuracy ≥ 0.8", "Verdict"],
        ["✅ model_A", "0.82", "pass"],  # the mark leads the row: a phone never hides it
        ["❌ model_B", "<strong>0.75</strong> ❌", "fail"],
        ["✅ model_C", "0.9", "best"],
        ["❌ model_D", "<strong>0.6</strong> ❌", "fail"],
    ]
    reasons = seen.after_table()
    assert "model_B: accuracy 0.75 fails ≥ 0.8" in reasons  # the headers' symbols
    assert "Compared with" not in seen.markdown
    assert seen.outputs["best-model"] == "model_C"


def test_three_ruled_metrics_show_the_first_and_the_failing_on_a_phone(review) -> None:  # type: ignore[no-untyped-def]
    seen = review(
        str(EXAMPLES / "full/metrics.yaml"),
        "--threshold", "f1 >= 0.75", "--threshold", "latency_ms <= 50",
    )  # fmt: skip
    # accuracy (the first rule) and f1 (model_B fails it); latency passes everywhere: folded
    header = seen.table[0]
    assert header == ["Model", "accuracy ≥ 0.8", "f1 ≥ 0.75", "Verdict"]
    assert all(len(row) == len(header) for row in seen.table)
    assert "Reason" not in header
    others = tables(seen.html)[1]
    assert others[0] == ["Model", "latency_ms ≤ 50", "Verdict"] and len(others) == 4
    assert "The other ruled metrics of these models (latency_ms), all passing" in seen.html


def test_slices_fail_with_their_reasons_under_the_table(review) -> None:  # type: ignore[no-untyped-def]
    seen = review(
        str(EXAMPLES / "slices/metrics.yaml"),
        "--slice-threshold", "accuracy >= 0.75", "--max-slice-gap", "accuracy=0.05",
    )  # fmt: skip
    verdicts = {row[0]: row[-1] for row in seen.table[1:]}
    assert verdicts == {
        "❌ wide_and_fair": "fail",
        "❌ good_on_average": "fail",
        "✅ lucky_small_eval": "best",
    }
    assert "good_on_average: accuracy gap 0.15 between slices" in seen.after_table()


def test_review_cell_holds_value_baseline_and_change(review) -> None:  # type: ignore[no-untyped-def]
    seen = review(
        str(REVIEW / "candidate.yaml"),
        "--config", str(REVIEW / "policy.yml"), "--baseline", str(REVIEW / "base.yaml"),
    )  # fmt: skip
    rows = {row[0].split(" ", 1)[1]: row for row in seen.table[1:]}
    # 0.86 meets the header's threshold: the value is not marked; the change that broke its
    # limit is, on its own line, ▼ for worse by the metric's direction
    assert rows["ranker_v4"][1] == "0.86<br><sub>was 0.89 · ▼ −0.030 ❌ limit 0.0089</sub>"
    assert rows["ranker_v3"][1] == "0.865<br><sub>was 0.86 · ▲ +0.005</sub>"
    assert rows["ranker_v5"][2] == "30<br><sub>new</sub>"
    assert "ranker_v4: accuracy fell by 0.03 (3.4%)" in seen.after_table()
    assert "Compared with the baseline" in seen.after_table()


def test_failing_gate_says_why_with_numbers_before_the_table(review) -> None:  # type: ignore[no-untyped-def]
    seen = review(str(SEED), "--min-accuracy", "0.95")
    assert seen.code == 1
    head = seen.before_table()
    assert "Model gate failed" in head
    assert "No model reaches accuracy ≥ 0.95; the best is model_C at 0.9" in head
    assert "ready for production" not in seen.markdown
    assert all(row[0].startswith("❌ ") and row[-1] == "fail" for row in seen.table[1:])
    assert seen.outputs["best-model"] == "" and seen.outputs["passed"] == "false"
    assert "Gate FAILED" in seen.text or "failed" in seen.text.splitlines()[0].lower()


def test_changed_evaluation_set_fails_without_naming_a_model_to_ship(
    review,
    write,  # type: ignore[no-untyped-def]
) -> None:
    base = (
        (REVIEW / "base.yaml")
        .read_text(encoding="utf-8")
        .replace("holdout-2026-10", "holdout-2026-09")
    )
    base = base.replace("sha256: 9b1e", "sha256: 0b1e")
    seen = review(
        str(REVIEW / "candidate.yaml"), "--baseline", write("base.yaml", base),
    )  # fmt: skip
    assert seen.code == 1
    head = seen.before_table()
    assert "evaluation set changed" in head and "holdout-2026-09" in head
    assert "ready for production" not in seen.markdown
    assert "✅ best" not in seen.markdown and "Compared with" not in head
    assert seen.outputs["best-model"] == ""
    assert seen.outputs["qualified"] != "[]"  # they met the rules; the gate still failed
    assert seen.report["best"] is None and seen.report["top_model"] == "ranker_v5"


def test_no_baseline_found_says_so_whole_and_claims_no_comparison(
    tmp_path: Path, github_env: dict[str, str], repo: Path
) -> None:
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 3, "base": {"sha": "0" * 40}}}), encoding="utf-8"
    )
    env = {**github_env, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    seen = Review(tmp_path, env, str(repo / "reports dir" / "metrics.json"), "--pr-base")
    assert seen.code == 0
    assert "Compared with" not in seen.markdown and "<sub>was" not in seen.markdown
    warning = text_of(next(p for p in seen.html.split("<blockquote>") if "base commit" in p))
    assert "fetch-depth: 2 gives it, or set baseline-ref" in warning
    assert "origin' does not appear to be a git repository)" in warning  # whole, to the end
    assert "hint:" not in warning and "fatal:" not in warning


def test_input_error_lists_each_problem_where_it_is(review, write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.json", '{"version": 1, "models": [{"name": "a", "metrics": {"accuracy": 1.5}}]}'
    )
    seen = review(path)
    assert seen.code == 2
    assert "<table>" not in seen.html  # a list fits a phone; a three-column table did not
    heading, problem = (
        text_of(seen.html).strip().split("\n")[0],
        re.findall(r"<li>(.*?)</li>", seen.html),
    )
    assert heading == "❌ Model gate: invalid metrics file"
    assert text_of(problem[0]).startswith(f"{path}:1 at models[0].metrics.accuracy: 1.5 is greater")
    assert seen.outputs["best-model"] == "" and seen.outputs["passed"] == "false"


def many_models(count: int, step: float = 0.001) -> str:
    """Models whose accuracy goes 0.500, 0.501, …: the last is the best."""
    models = [
        {"name": f"model_{i:03d}", "metrics": {"accuracy": round(0.5 + i * step, 4)}}
        for i in range(count)
    ]
    return json.dumps({"version": 1, "models": models})


def test_300_models_show_20_rows_that_matter_and_fold_the_rest(review, write) -> None:  # type: ignore[no-untyped-def]
    seen = review(write("m.json", many_models(300)), "--min-accuracy", "0.795")
    shown = [row[0].split(" ", 1)[1] for row in seen.table[1:]]
    assert len(shown) == 20
    # a passing gate, nothing compared: the best, the qualifying (0.795..0.799), the misses
    assert shown[0] == "model_299"
    assert shown[1:5] == ["model_295", "model_296", "model_297", "model_298"]
    assert shown[5:] == [f"model_{i:03d}" for i in range(294, 279, -1)]
    folds = re.findall(r"<details>(.*?)</details>", seen.html, re.S)
    assert "280 more models: 280 failing" in folds[0]
    folded = [row[0] for row in tables(folds[0])[0][1:]]
    assert len(folded) == 280 and folded[0] == "❌ model_000"
    assert len(seen.markdown.encode()) < 200_000


def test_300_model_comment_fits_githubs_limit_and_keeps_the_decision(write) -> None:  # type: ignore[no-untyped-def]
    from gate.render.markdown import render_markdown
    from tests.render.test_text import result_for

    path = Path(write("m.json", many_models(3000, step=0.0001)))
    comment = render_markdown(result_for(path, min_accuracy=0.99), 65_536, "comment")
    assert len(comment) <= 65_536
    html = html_of(comment)
    assert "No model reaches accuracy ≥ 0.99; the best is model_2999 at 0.7999" in html
    assert len(tables(outside_fold(html))[0]) == 21
    assert "Showing" in html and "65,536-character comment limit" in html
