"""The review answers "what got worse?" first (issue 26): a changes block under the
decision, the models a change failed in the visible rows, marks only where they are true."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import cmarkgfm

from tests.conftest import gate_main


def _docs(tmp_path: Path) -> tuple[str, str]:
    """300 models; 38 fell 0.05 (past a 0.01 limit), 40 fell 0.005 (within it), the rest
    rose 0.002; one model is new and one is gone."""
    base, head = [], []
    for i in range(300):
        before = 0.85 + (i % 10) / 100
        after = before - 0.05 if i < 38 else (before - 0.005 if i < 78 else before + 0.002)
        base.append({"name": f"m{i:03d}", "metrics": {"accuracy": round(before, 4)}})
        head.append({"name": f"m{i:03d}", "metrics": {"accuracy": round(after, 4)}})
    base.append({"name": "gone", "metrics": {"accuracy": 0.9}})
    head.append({"name": "fresh", "metrics": {"accuracy": 0.9}})
    paths = []
    for name, models in (("base.json", base), ("head.json", head)):
        (tmp_path / name).write_text(json.dumps({"version": 1, "models": models}), "utf-8")
        paths.append(str(tmp_path / name))
    return paths[0], paths[1]


def _review(tmp_path: Path, *extra: str) -> tuple[int, str]:
    base, head = _docs(tmp_path)
    run = gate_main([head, "--baseline", base, "--max-regression", "accuracy=0.01",
                     "--format", "markdown", *extra])  # fmt: skip
    return run.code, run.out


def test_the_changes_block_counts_and_names_the_worst_first(tmp_path: Path) -> None:
    code, markdown = _review(tmp_path)
    assert code == 0  # --require any: 262 models still qualify
    head = markdown.split("| Model |", 1)[0]
    assert (
        "**Changes:** 38 regressed beyond a limit · 40 worse within the limits · 222 better · "
        "1 new · 1 gone" in head
    )
    worst = [line for line in head.splitlines() if line.startswith("- ▼ ")]
    assert len(worst) == 5 and "- and 33 more models regressed" in head
    assert worst[0].startswith("- ▼ m000 accuracy 0.85 → 0.8 (−0.050 against the baseline")


def test_every_regressed_model_is_visible_or_counted(tmp_path: Path) -> None:
    _, markdown = _review(tmp_path)
    visible = markdown.split("<details>", 1)[0]
    rows = re.findall(r"^\| (✅|❌) (m\d{3}|fresh) \|", visible, re.M)
    assert len(rows) == 20 and all(mark == "❌" for mark, _ in rows)  # the 20 a change failed
    assert {name for _, name in rows} <= {f"m{i:03d}" for i in range(38)}
    summary = re.search(r"<summary>(.*?)</summary>", markdown)
    assert summary is not None
    assert summary.group(1) == "281 more models: 18 regressed, 263 passing"


def test_marks_are_true_where_they_stand(tmp_path: Path) -> None:
    _, markdown = _review(tmp_path)
    html = cmarkgfm.github_flavored_markdown_to_html(markdown)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    values = cells[1::3]
    # every value meets "accuracy ≥ 0.8": none is marked; the broken limits are, on the
    # change line, ▼ for worse
    assert not any(c.startswith("<strong>") for c in values)
    assert all("▼ −0.050 ❌ limit 0.01" in c for c in values[:20])
    assert "0.000" not in markdown  # an unchanged value says "same"


def test_an_unchanged_value_says_same(tmp_path: Path, write: Any) -> None:
    doc = '{"version": 1, "models": [{"name": "a", "metrics": {"accuracy": 0.9}}]}'
    run = gate_main([write("h.json", doc), "--baseline", write("b.json", doc),
                     "--format", "markdown"])  # fmt: skip
    assert "0.9<br><sub>was 0.9 · same</sub>" in run.out
    assert "**Changes:** no ruled metric changed" in run.out


def test_one_model_is_not_called_the_closest(write: Any) -> None:
    doc = '{"version": 1, "models": [{"name": "a", "metrics": {"accuracy": 0.7}}]}'
    run = gate_main([write("m.json", doc)])
    assert "  - a does not qualify: accuracy 0.7 fails >= 0.8" in run.out
    assert "closest" not in run.out and "Why:" not in run.out  # each reason once


def test_the_failing_review_fits_an_80_column_terminal(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLES, ROOT, on_a_terminal

    review = EXAMPLES / "review"
    argv = [sys.executable, "-m", "gate", str(review / "candidate.yaml"), "--config",
            str(review / "policy.yml"), "--baseline", str(review / "base.yaml"),
            "--min-accuracy", "0.95"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80", "NO_COLOR": "1"}
    piped = subprocess.run(argv, capture_output=True, env=env, check=False, timeout=60)
    assert piped.returncode == 1
    assert max(map(len, piped.stdout.decode().splitlines())) > 80  # a log: a line per model
    code, seen, _ = on_a_terminal(argv, env)  # stdout on a terminal 80 columns wide
    lines = seen.decode().replace("\r\n", "\n").splitlines()
    assert code == 1
    assert max(map(len, lines)) <= 80, "\n".join(line for line in lines if len(line) > 80)
    # the table folds: each model's values on lines under it, the verdict beside the name
    at = lines.index("Model      Verdict")
    assert lines[at + 2] == "ranker_v3  FAIL"
    assert lines[at + 3].startswith("    accuracy (>= 0.95): 0.865 ✗ (was 0.86 · ▲ +0.005")


def test_failing_slices_are_rows_of_their_own(write: Any) -> None:
    slices = {f"s{i}": {"metrics": {"accuracy": 0.5 if i % 2 else 0.9}} for i in range(40_000)}
    model = {"name": "wide", "metrics": {"accuracy": 0.9}, "slices": slices}
    path = write("m.json", json.dumps({"version": 1, "models": [model]}))
    run = gate_main([path, "--slice-threshold", "accuracy >= 0.75", "--format", "markdown"])
    assert run.code == 1
    assert "<details><summary>wide: 20,000 of 40,000 slices fail</summary>" in run.out
    assert "| s1 | accuracy | 0.5 | ≥ 0.75 |" in run.out
    assert "and 19,950 more; the JSON report has all" in run.out
    assert len(run.out.encode()) < 1_000_000


def test_a_long_name_is_cut_in_the_middle_and_given_whole_in_a_fold(write: Any) -> None:
    name = "reports/experiments/2026-12/ablation-without-dropout/seed-3/eval_results.json"
    path = write("m.json", json.dumps({"version": 1, "models": [
        {"name": name, "metrics": {"accuracy": 0.9}}]}))  # fmt: skip
    run = gate_main([path, "--format", "markdown"])
    row = next(line for line in run.out.splitlines() if line.startswith("| ✅ "))
    assert row == "| ✅ reports/experiments/202…eed-3/eval\\_results&#46;json | 0.9 | best |"
    assert len(row.split(" | ")[0]) < 70  # the model cell fits a phone's first column
    assert "<details><summary>Full model names</summary>" in run.out
    assert "ablation-without-dropout" in run.out.split("Full model names", 1)[1]
