"""Change rules under --confidence through the real CLI: the method each check uses, the
three outcomes and --on-inconclusive, the examples files (unique ids, their mean, ids on one
side only, read at the baseline's ref), standard errors, drift, and what the review says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import gate_main, git
from tests.render.test_review import html_of

CONFIDENT = ["--confidence", "0.95", "--min-accuracy", "0.5"]


def _model(accuracy: float, samples: int | None = 1000, **extra: Any) -> str:
    model: dict[str, Any] = {"name": "m", "metrics": {"accuracy": accuracy}, **extra}
    if samples:
        model["samples"] = samples
    return json.dumps({"version": 1, "models": [model]})


def _report(tmp_path: Path, argv: list[str], code: int | None = None) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in ((0, 1) if code is None else (code,)), run.out + run.err
    return json.loads(out.read_text(encoding="utf-8"))


def _check(report: dict[str, Any], key: str = "regressions") -> dict[str, Any]:
    return report["models"][0][key][0]


@pytest.mark.parametrize(
    ("before", "after", "limit", "outcome", "passed"),
    [
        (0.90, 0.89, "accuracy=0.01", "inconclusive", True),  # −0.010 [−0.037, +0.017]
        (0.90, 0.80, "accuracy=0.01", "regressed", False),
        (0.90, 0.90, "accuracy=0.05", "within", True),
    ],
)
def test_the_three_outcomes_of_a_proportion_with_samples(  # noqa: PLR0917
    write: Any, tmp_path: Path, before: float, after: float, limit: str, outcome: str, passed: bool
) -> None:
    argv = [write("c.json", _model(after)), "--baseline", write("b.json", _model(before))]
    check = _check(_report(tmp_path, [*argv, *CONFIDENT, "--max-regression", limit]))
    assert (check["method"], check["outcome"], check["passed"]) == ("newcombe", outcome, passed)
    assert check["interval"][0] < check["change"] < check["interval"][1]


def test_inconclusive_follows_on_inconclusive(write: Any, tmp_path: Path) -> None:
    argv = [write("c.json", _model(0.89)), "--baseline", write("b.json", _model(0.90)), *CONFIDENT,
            "--max-regression", "accuracy=0.005"]  # fmt: skip
    warned = gate_main(argv)
    assert (
        warned.code == 0
        and "Warning: inconclusive, let through by --on-inconclusive warn: m accuracy: the "
        "change's interval [−0.037, +0.017] straddles the limit; about 28,875 examples per side "
        "would settle it"
        in warned.out
    )  # z²·(0.9·0.1 + 0.89·0.11)/0.005² = 28,874.6 by hand
    failed = gate_main([*argv, "--on-inconclusive", "fail"])
    assert failed.code == 1
    assert (
        "inconclusive: the change's interval [−0.037, +0.017] straddles the limit; about"
        in failed.out
    )
    assert "examples per side would settle it" in failed.out
    assert gate_main([*argv, "--on-inconclusive", "pass"]).code == 0


def test_without_confidence_nothing_changes(write: Any, tmp_path: Path) -> None:
    argv = [write("c.json", _model(0.89)), "--baseline", write("b.json", _model(0.90)),
            "--max-regression", "accuracy=0.005"]  # fmt: skip
    check = _check(_report(tmp_path, argv, 1))
    assert "outcome" not in check and check["passed"] is False


def test_without_samples_a_check_stays_a_point_comparison_and_says_so(
    write: Any, tmp_path: Path
) -> None:
    score = [json.dumps({"m": {"score": v}}) for v in (0.89, 0.90)]
    argv = [write("c.json", score[0]), "--baseline", write("b.json", score[1]),
            "--max-regression", "score=0.005", "--confidence", "0.95", "--min-accuracy", "none",
            "--threshold", "score >= 0"]  # fmt: skip
    report = _report(tmp_path, argv, 1)
    check = _check(report)
    assert check["method"] == "point" and check["interval"] is None and check["passed"] is False
    assert (
        "(compared as point values: neither per-example results, standard errors, nor sample"
        in report["models"][0]["reason"]
    )


def test_standard_errors_give_a_normal_interval(write: Any, tmp_path: Path) -> None:
    argv = [write("c.json", _model(0.62, None, stderr={"accuracy": 0.012})),
            "--baseline", write("b.json", _model(0.60, None, stderr={"accuracy": 0.015})),
            "--max-regression", "accuracy=0.01", "--confidence", "0.95", "--min-accuracy", "none",
            "--threshold", "accuracy >= 0"]  # fmt: skip
    check = _check(_report(tmp_path, argv))
    assert check["method"] == "stderr"
    assert [round(v, 5) for v in check["interval"]] == [-0.01765, 0.05765]  # scipy: CASES §5


def _examples(path: Path, values: list[int], ids: list[Any] | None = None) -> None:
    ids = ids if ids is not None else list(range(len(values)))
    path.write_text(
        "".join(json.dumps({"id": i, "accuracy": v}) + "\n" for i, v in zip(ids, values)),
        encoding="utf-8",
    )


def _paired_pair(
    tmp_path: Path, before: list[int], after: list[int], ids_after: list[Any] | None = None
) -> list[str]:
    for name, values, ids in (("b", before, None), ("c", after, ids_after)):
        _examples(tmp_path / f"{name}.jsonl", values, ids)
        accuracy = sum(values) / len(values)
        (tmp_path / f"{name}.json").write_text(
            _model(accuracy, len(values), examples=f"{name}.jsonl"), encoding="utf-8"
        )
    return [str(tmp_path / "c.json"), "--baseline", str(tmp_path / "b.json")]


def test_examples_pair_the_comparison_and_the_review_lists_them(tmp_path: Path) -> None:
    before = [1] * 800 + [0] * 200
    after = [0] * 40 + [1] * 760 + [1] * 10 + [0] * 190  # 40 newly wrong, 10 newly right
    argv = [*_paired_pair(tmp_path, before, after), *CONFIDENT, "--max-regression", "accuracy=0"]
    report = _report(tmp_path, argv, 1)
    check = _check(report)
    assert check["method"] == "paired" and check["outcome"] == "regressed"
    assert check["paired"]["n"] == 1000 and check["paired"]["newly_wrong"] == 40
    assert check["paired"]["newly_right"] == 10 and check["paired"]["p_value"] < 1e-4
    html = html_of(gate_main([*argv, "--format", "markdown"]).out)
    assert "<summary>m accuracy: 40 of 1,000 examples became worse and 10 better" in html
    assert "became worse: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 30 more" in html


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            '{"id": 1, "accuracy": 1}\n{"id": 1, "accuracy": 0}\n',
            "c.jsonl:2: the id 1 is used twice (first on line 1)",
        ),
        (
            '{"id": 1, "accuracy": 1, "accuracy": 0}\n',
            "c.jsonl:1: not a JSON object: duplicate key 'accuracy'",
        ),
        ('{"id": true, "accuracy": 1}\n', 'c.jsonl:1: each example needs an "id"'),
        (
            '{"id": 1, "accuracy": NaN}\n',
            "c.jsonl:1: not a JSON object: NaN is not a finite number",
        ),
    ],
)
def test_a_bad_examples_file_is_an_input_error_at_its_line(
    tmp_path: Path, lines: str, message: str
) -> None:
    argv = _paired_pair(tmp_path, [1, 0, 1], [1, 0, 1])
    (tmp_path / "c.jsonl").write_text(lines, encoding="utf-8")
    run = gate_main([*argv, *CONFIDENT, "--max-regression", "accuracy=0"])
    assert run.code == 2 and message in run.err


def test_examples_must_be_of_the_same_run(tmp_path: Path) -> None:
    argv = _paired_pair(tmp_path, [1, 0, 1, 1], [1, 0, 1, 1])
    _examples(tmp_path / "c.jsonl", [1, 0, 0, 0])
    run = gate_main([*argv, *CONFIDENT, "--max-regression", "accuracy=0"])
    assert run.code == 2
    assert (
        "the mean of 'accuracy' over the 4 examples in" in run.err
        and "is 0.25, but the metrics file says 0.75" in run.err
    )


def test_ids_on_one_side_only_are_a_changed_evaluation_set(tmp_path: Path) -> None:
    argv = _paired_pair(tmp_path, [1] * 50 + [0] * 50, [1] * 50 + [0] * 50, list(range(3, 103)))
    argv += ["--confidence", "0.95", "--min-accuracy", "0.3"]
    run = gate_main([*argv, "--max-regression", "accuracy=0.2"])
    assert run.code == 1
    assert "the examples of m changed: 3 only in the baseline, 3 only in the candidate" in run.out
    assert (
        gate_main([*argv, "--max-regression", "accuracy=0.2", "--on-incomparable", "warn"]).code
        == 0
    )


def test_the_baseline_s_examples_come_from_its_ref(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    _paired_pair(root, [1] * 90 + [0] * 10, [0] * 20 + [1] * 70 + [0] * 10)
    (root / "c.json").write_text(
        (root / "b.json").read_text(encoding="utf-8").replace("b.jsonl", "c.jsonl"),
        encoding="utf-8",
    )
    (root / "c.jsonl").write_text((root / "b.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    git(root, "add", "c.json", "c.jsonl")
    git(root, "commit", "-qm", "base")
    _examples(root / "c.jsonl", [0] * 20 + [1] * 70 + [0] * 10)
    (root / "c.json").write_text(_model(0.7, 100, examples="c.jsonl"), encoding="utf-8")
    report = _report(
        tmp_path,
        [
            str(root / "c.json"),
            "--baseline-ref",
            "HEAD",
            *CONFIDENT,
            "--max-regression",
            "accuracy=0",
        ],
        1,
    )
    assert _check(report)["method"] == "paired" and _check(report)["paired"]["newly_wrong"] == 20


def test_an_examples_file_outside_the_repository_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    argv = _paired_pair(root, [1, 0, 1], [1, 0, 1])
    _examples(tmp_path / "secret.jsonl", [1, 0, 1])
    (root / "c.json").write_text(_model(2 / 3, 3, examples="../secret.jsonl"), encoding="utf-8")
    run = gate_main([*argv, *CONFIDENT, "--max-regression", "accuracy=0"])
    assert run.code == 2 and "'../secret.jsonl' is outside the repository" in run.err


def test_a_drift_is_judged_on_the_interval_against_the_best_version(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    for accuracy in (0.91, 0.90):
        (root / "m.json").write_text(_model(accuracy), encoding="utf-8")
        git(root, "add", "m.json")
        git(root, "commit", "-qm", f"{accuracy}")
    (root / "m.json").write_text(_model(0.80), encoding="utf-8")
    argv = [str(root / "m.json"), "--history", "2", "--max-drift", "accuracy=0.01", *CONFIDENT]
    check = _check(_report(tmp_path, argv, 1), "drifts")
    assert (check["method"], check["outcome"], check["best"]) == ("newcombe", "regressed", 0.91)


def test_lm_eval_log_samples_pair_two_runs(tmp_path: Path) -> None:
    """A real results file beside its --log_samples file (SOURCES.md) as the baseline; the
    candidate is the same run with three right answers turned wrong."""
    source = Path(__file__).parent.parent / "formats" / "data" / "lm-eval" / "samples"
    stamp = "2024-12-23T14-36-36.300029"
    base, cand = tmp_path / "base", tmp_path / "cand"
    for folder in (base, cand):
        folder.mkdir()
        for item in source.iterdir():
            (folder / item.name).write_bytes(item.read_bytes())
    lines = (cand / f"samples_winogrande_{stamp}.jsonl").read_text(encoding="utf-8").splitlines()
    flipped, rows = 0, []
    for line in lines:
        row = json.loads(line)
        if row["exact_match"] == 1.0 and flipped < 3:
            row["exact_match"], flipped = 0.0, flipped + 1
        rows.append(json.dumps(row))
    (cand / f"samples_winogrande_{stamp}.jsonl").write_text(
        "\n".join(rows) + "\n", encoding="utf-8"
    )
    results = json.loads((cand / f"results_{stamp}.json").read_text(encoding="utf-8"))
    results["results"]["winogrande"]["exact_match,get-answer"] = 0.4
    (cand / f"results_{stamp}.json").write_text(json.dumps(results), encoding="utf-8")
    metric = "winogrande.exact_match,get-answer"
    argv = [str(cand / f"results_{stamp}.json"), "--baseline", str(base / f"results_{stamp}.json"),
            "--confidence", "0.95", "--max-regression", f"{metric}=0", "--min-accuracy", "none",
            "--threshold", f"{metric} >= 0"]  # fmt: skip
    check = _check(_report(tmp_path, argv))
    assert check["method"] == "paired"
    assert (
        check["paired"]["n"],
        check["paired"]["newly_wrong"],
        check["paired"]["newly_right"],
    ) == (10, 3, 0)
    # Samples whose mean is not the result (lambada's perplexity logs log-likelihoods) are
    # not paired, and the review says so; the metric is still compared, unpaired.
    results["results"]["winogrande"]["exact_match,get-answer"] = 0.5
    (cand / f"results_{stamp}.json").write_text(json.dumps(results), encoding="utf-8")
    report = _report(tmp_path, argv)
    assert _check(report)["method"] != "paired"
    run = gate_main(argv)
    assert "per-example values not paired for 'winogrande.exact_match,get-answer'" in run.out
