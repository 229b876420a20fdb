"""The README and docs/: each console example `$ python -m gate …` prints what it shows,
every relative link leads somewhere, and the README stays short."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT, gate_process

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXT = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
BLOCKS = re.findall(r"```console\n\$ python -m gate (.*?)\n(.*?)```", TEXT, re.S)
README = PAGES[0].read_text(encoding="utf-8")


def test_readme_has_console_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize(("args", "shown"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_console_example(args: str, shown: str) -> None:
    run = gate_process(shlex.split(args))
    assert run.out + run.err == shown


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


LINKS = [
    (page, target)
    for page in [*PAGES, ROOT / "CHANGELOG.md", ROOT / "benchmarks" / "README.md"]
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8"))
    if not target.startswith(("http://", "https://", "mailto:"))
]


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{p.name}->{t}" for p, t in LINKS])
def test_relative_links_lead_somewhere(page, target: str) -> None:  # type: ignore[no-untyped-def]
    path, _, anchor = target.partition("#")
    found = (page.parent / path).resolve() if path else page
    assert found.exists(), f"{page.name}: {target}"
    if anchor and found.suffix == ".md":
        headings = re.findall(r"^#+ (.*)$", found.read_text(encoding="utf-8"), re.M)
        assert anchor in {_anchor(h) for h in headings}, f"{page.name}: {target}"


def test_the_readme_is_short_and_keeps_its_two_commands() -> None:
    assert len(README.splitlines()) <= 150
    assert "<!-- run-command -->\n```sh\n" in README and "<!-- test-command -->\n```sh\n" in README


def test_the_training_snippet_writes_a_file_gate_reads(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys
    import types

    snippet = README.split("## Write the metrics file from your training script", 1)[1]
    code = snippet.split("```python\n", 1)[1].split("```", 1)[0]
    metrics = types.ModuleType("sklearn.metrics")  # scikit-learn's two functions, stood in for
    metrics.accuracy_score = lambda y, p: sum(a == b for a, b in zip(y, p)) / len(y)  # type: ignore[attr-defined]
    metrics.f1_score = lambda y, p: 0.8  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sklearn", types.ModuleType("sklearn"))
    monkeypatch.setitem(sys.modules, "sklearn.metrics", metrics)
    monkeypatch.chdir(tmp_path)  # a fresh project: no reports/ folder yet
    exec(code, {"y_test": [1, 0, 1, 1, 0], "pred": [1, 0, 1, 0, 0]})
    from tests.conftest import gate_main

    run = gate_main([str(tmp_path / "reports" / "metrics.json")])
    assert run.code == 0 and "Models ready for production: churn_gbdt" in run.out  # 4 of 5
