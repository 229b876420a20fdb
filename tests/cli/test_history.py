"""--history, --max-drift and --min-improvement on real git repositories: commits that change
the metrics file and commits that do not, shallow clones that gate deepens, and clones it
cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import gate_main, git, report_of


def metrics(accuracy: float, latency: float = 20.0, dataset: str | None = None) -> str:
    body: dict = {  # type: ignore[type-arg]
        "version": 1,
        "models": [{"name": "m", "metrics": {"accuracy": accuracy, "latency_ms": latency}}],
    }
    if dataset:
        body["run"] = {"dataset": {"name": dataset}}
    return json.dumps(body)


def commit(root: Path, text: str, message: str) -> str:
    (root / "metrics.json").write_text(text, encoding="utf-8")
    git(root, "add", "metrics.json")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD")


def unrelated(root: Path, n: int) -> None:
    (root / "notes.txt").write_text(f"note {n}\n", encoding="utf-8")
    git(root, "add", "notes.txt")
    git(root, "commit", "-qm", f"unrelated {n}")


@pytest.fixture
def decay(tmp_path: Path) -> tuple[Path, list[str]]:
    """Five retrains, each 0.005 below the last (0.900 → 0.880), with an unrelated commit
    after each; the work tree holds a sixth (0.875), not committed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shas = []
    for i, accuracy in enumerate((0.900, 0.895, 0.890, 0.885, 0.880)):
        shas.append(commit(root, metrics(accuracy, 20 + i), f"retrain {i}"))
        unrelated(root, i)
    (root / "metrics.json").write_text(metrics(0.875, 25), encoding="utf-8")
    return root, shas


def run(root: Path, tmp_path: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    return report_of(tmp_path, str(root / "metrics.json"), *args)


def test_history_lists_the_versions_that_changed_the_file_newest_first(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, shas = decay
    code, report = run(root, tmp_path, "--history", "3")
    assert code == 0
    assert [v["commit"] for v in report["history"]] == shas[::-1][:3]  # unrelated ones skipped
    assert [v["value"] for v in report["history"]] == [0.88, 0.885, 0.89]
    assert all(v["passed"] is True and v["best"] == "m" for v in report["history"])
    assert report["history"][0]["date"].startswith("20")
    assert report["history_depth"] == 3


def test_a_committed_candidate_is_not_its_own_history(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, shas = decay
    latest = commit(root, metrics(0.875, 25), "retrain 5")  # the work tree is this commit
    _, report = run(root, tmp_path, "--history", "2")
    assert latest not in [v["commit"] for v in report["history"]]
    assert [v["commit"] for v in report["history"]] == [shas[4], shas[3]]


def test_five_small_losses_pass_regression_but_not_drift(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    code, _ = run(root, tmp_path, "--baseline-ref", "HEAD", "--max-regression", "accuracy=0.01")
    assert code == 0  # 0.88 → 0.875 is within 0.01
    code, report = run(root, tmp_path, "--history", "5", "--max-drift", "accuracy=0.01")
    assert code == 1
    (drift,) = report["models"][0]["drifts"]
    assert drift["best"] == 0.9 and drift["value"] == 0.875 and drift["passed"] is False
    assert drift["best_commit"] == report["history"][-1]["commit"]
    assert report["models"][0]["reason"] == (
        f"accuracy 0.875 is 0.025 (2.8%) below its best in the history, 0.9 at "
        f"{drift['best_commit'][:12]}; at most 0.01 allowed"
    )


@pytest.mark.parametrize(("amount", "code"), [("3%", 0), ("2%", 1), ("0.03", 0), ("0.02", 1)])
def test_drift_absolute_and_relative(decay, tmp_path, amount: str, code: int) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    found, _ = run(root, tmp_path, "--history", "5", "--max-drift", f"accuracy={amount}")
    assert found == code  # 0.025 below 0.9 is 2.8%


def test_the_window_decides_the_reference(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay  # in the last 2 versions the best is 0.885: 0.01 below, within 0.01
    code, report = run(root, tmp_path, "--history", "2", "--max-drift", "accuracy=0.01")
    assert code == 0
    assert report["models"][0]["drifts"][0]["best"] == 0.885


def test_drift_on_a_lower_is_better_metric(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay  # latency 20, 21, 22, 23, 24 → 25: 25% above its best (20)
    args = ["--history", "5", "--threshold", "latency_ms <= 50"]
    assert run(root, tmp_path, *args, "--max-drift", "latency_ms=30%")[0] == 0
    code, report = run(root, tmp_path, *args, "--max-drift", "latency_ms=20%")
    assert code == 1
    assert (
        "latency_ms 25 is 5 (25%) above its best in the history, 20"
        in (report["models"][0]["reason"])
    )


def test_max_drift_needs_history(decay) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    result = gate_main([str(root / "metrics.json"), "--max-drift", "accuracy=0.01"])
    assert result.code == 2
    assert "give --history N too" in result.err


def test_an_unreadable_version_is_listed_and_skipped(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    broken = commit(root, '{"version": 1, "models": [', "half-written")
    (root / "metrics.json").write_text(metrics(0.89), encoding="utf-8")
    code, report = run(root, tmp_path, "--history", "3", "--max-drift", "accuracy=0.01")
    assert report["history"][0]["commit"] == broken
    assert report["history"][0]["passed"] is None and report["history"][0]["error"]
    assert report["models"][0]["drifts"][0]["best"] == 0.885  # from the two readable ones
    assert code == 0
    assert any(broken[:12] in f["message"] for f in report["findings"])


def test_versions_on_another_evaluation_set_are_not_a_drift_reference(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, metrics(0.95, dataset="easy-set"), "easy")
    commit(root, metrics(0.88, dataset="hard-set"), "hard")
    (root / "metrics.json").write_text(metrics(0.875, dataset="hard-set"), encoding="utf-8")
    code, report = run(root, tmp_path, "--history", "5", "--max-drift", "accuracy=0.01")
    assert code == 0  # against 0.88 (hard-set), not 0.95 (easy-set)
    assert report["models"][0]["drifts"][0]["best"] == 0.88
    assert any("another evaluation set" in f["message"] for f in report["findings"])


def test_no_history_fails_drift_unless_told_otherwise(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    path = write("outside/metrics.json", metrics(0.9))  # not in a git repository
    args = [path, "--history", "3", "--max-drift", "accuracy=0.01"]
    failed = gate_main(args)
    assert failed.code == 1
    assert "no history: " in failed.out and "--max-drift could not be judged" in failed.out
    assert gate_main([*args, "--on-missing-baseline", "warn"]).code == 0
    only_trend = gate_main([path, "--history", "3"])
    assert only_trend.code == 0 and "Warning: no history" in only_trend.out


def test_a_new_model_has_no_history_and_follows_on_missing_baseline(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    two = json.loads(metrics(0.875))
    two["models"].append({"name": "fresh", "metrics": {"accuracy": 0.9, "latency_ms": 9}})
    (root / "metrics.json").write_text(json.dumps(two), encoding="utf-8")
    args = ["--history", "2", "--max-drift", "accuracy=0.05"]
    code, report = run(root, tmp_path, *args)
    assert code == 0
    assert any("no history for fresh" in f["message"] for f in report["findings"])
    assert run(root, tmp_path, *args, "--on-missing-baseline", "fail")[0] == 1


def test_a_shallow_clone_is_deepened_to_find_the_versions(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    origin, shas = decay
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    (clone / "metrics.json").write_text(metrics(0.875), encoding="utf-8")
    code, report = run(clone, tmp_path, "--history", "4", "--max-drift", "accuracy=0.01")
    assert [v["commit"] for v in report["history"]] == shas[::-1][:4]
    assert code == 1  # 0.875 against 0.895: the deepened history was used


def test_a_shallow_clone_that_cannot_be_deepened_says_so(decay, tmp_path) -> None:  # type: ignore[no-untyped-def]
    origin, _ = decay
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", origin.as_uri(), str(clone))
    git(clone, "remote", "set-url", "origin", (tmp_path / "gone").as_uri())
    (clone / "metrics.json").write_text(metrics(0.875), encoding="utf-8")
    result = gate_main([str(clone / "metrics.json"), "--history", "4"])
    assert result.code == 0
    assert "the clone is shallow and deepening it failed" in result.out
    drift = gate_main(
        [str(clone / "metrics.json"), "--history", "4", "--max-drift", "accuracy=0.001"]
    )
    assert drift.code == 1  # judged on the one version it has: 0.875 against 0.88


def test_trend_in_text_and_markdown(decay) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    text = gate_main([str(root / "metrics.json"), "--history", "5"]).out
    assert "  accuracy: █▇▅▄▂▁ 0.9 → 0.875 (5 versions, then this run)" in text
    markdown = gate_main([str(root / "metrics.json"), "--history", "5", "--format", "markdown"])
    assert "- accuracy `█▇▅▄▂▁ 0.9 → 0.875 (5 versions, then this run)`" in markdown.out
    chart = gate_main(
        [str(root / "metrics.json"), "--history", "5", "--format", "markdown", "--chart"]
    )
    assert "    line [0.9, 0.895, 0.89, 0.885, 0.88, 0.875]" in chart.out


def test_policy_file_keys(decay, tmp_path, write) -> None:  # type: ignore[no-untyped-def]
    root, _ = decay
    policy = write("p.yml", "history: 5\nmax-drift: ['accuracy=0.01']\n")
    code, report = run(root, tmp_path, "--config", policy)
    assert code == 1 and report["max_drifts"][0]["metric"] == "accuracy"


# --min-improvement: a challenger must beat the baseline by a margin.


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ((0.86, 0.865, "accuracy=0.01"), 1),  # better, but not by enough
        ((0.86, 0.875, "accuracy=0.01"), 0),
        ((0.86, 0.86, "accuracy=0.01"), 1),  # no change
        ((0.86, 0.85, "accuracy=0"), 1),  # worse fails even a zero floor
        ((0.86, 0.86, "accuracy=0"), 0),
        ((0.80, 0.816, "accuracy=2%"), 0),
        ((0.80, 0.815, "accuracy=2%"), 1),
    ],
)
def test_min_improvement_on_a_higher_is_better_metric(
    write,
    tmp_path,
    case: tuple[float, float, str],
    code: int,  # type: ignore[no-untyped-def]
) -> None:
    before, after, floor = case
    base = write("b.json", metrics(before))
    found, report = report_of(
        tmp_path, write("h.json", metrics(after)), "--baseline", base, "--min-improvement", floor
    )
    assert found == code
    assert report["models"][0]["improvements"][0]["passed"] is (code == 0)


def test_min_improvement_on_latency_wants_it_lower(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = write("b.json", metrics(0.9, latency=20))
    args = [
        "--baseline",
        base,
        "--threshold",
        "latency_ms <= 50",
        "--min-improvement",
        "latency_ms=10%",
    ]
    code, report = report_of(tmp_path, write("h.json", metrics(0.9, latency=19)), *args)
    assert code == 1
    assert report["models"][0]["reason"] == (
        "latency_ms improved by only 1 (5%) on the baseline's 20 to 19; an improvement of at "
        "least 10% is required"
    )
    assert report_of(tmp_path, write("h.json", metrics(0.9, latency=17)), *args)[0] == 0
    code, report = report_of(tmp_path, write("h.json", metrics(0.9, latency=22)), *args)
    assert (
        code == 1
        and "latency_ms rose by 2 (10%) from the baseline's 20" in (report["models"][0]["reason"])
    )


def test_min_improvement_without_a_baseline_follows_on_missing_baseline(write) -> None:  # type: ignore[no-untyped-def]
    path = write("h.json", metrics(0.9))
    warned = gate_main([path, "--min-improvement", "accuracy=0.01"])
    assert warned.code == 0 and "--min-improvement needs a baseline" in warned.out
    assert (
        gate_main(
            [path, "--min-improvement", "accuracy=0.01", "--on-missing-baseline", "fail"]
        ).code
        == 1
    )
    base = write(
        "b.json", '{"version": 1, "models": [{"name": "other", "metrics": {"accuracy": 0.5}}]}'
    )
    new = gate_main([path, "--baseline", base, "--min-improvement", "accuracy=0.01"])
    assert new.code == 0 and "no baseline for new model m" in new.out


@pytest.mark.mermaid
def test_the_trend_chart_parses_with_githubs_mermaid(decay) -> None:  # type: ignore[no-untyped-def]
    from tests.render.test_chart import charts, parse_with_mermaid

    root, _ = decay
    args = [str(root / "metrics.json"), "--history", "5", "--format", "markdown", "--chart"]
    found = charts(gate_main(args).out)
    assert len(found) == 2  # this run's bars, and the trend
    assert parse_with_mermaid(found) == [None, None]
