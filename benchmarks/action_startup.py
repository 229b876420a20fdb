"""The action's install under nektos/act (self-hosted, offline): cold and warm, pip and uv.

    python benchmarks/action_startup.py [RUNS] [--uv PATH]

Runs tests/action/workflows/pass.yml RUNS times in each of four ways, interleaved (a slow
spell of a shared machine falls on all four), and prints the median time act reports for the
action's steps:

- cold: no cached venv (the fake actions/cache's folder is empty), so the venv is built;
- warm: the folder holds the venv an earlier job saved, restored before "Install gate";
- pip: no uv on PATH; uv: the uv of --uv (default: on PATH, or where pip puts scripts) first.

"install" is the two steps the action runs itself (plan + install). act cannot fetch
actions/cache offline: tests/action/fake-cache plays it with a local copy, so its restore and
save columns are a copy on this disk, not the download and upload of a real runner. python3
on PATH is the interpreter itself, as setup-python leaves it, not a version manager's shim.
pip's and uv's own download caches are warm. Beside them, once: the naive install this action
avoids (`python -m venv` with pip, then `pip install <action>`, which builds the package).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.action.act import publish_copy, run_workflow, search_path  # noqa: E402

_UNITS = {"s": 1000.0, "ms": 1.0, "µs": 0.001}
STEPS = {
    "plan": "Plan gate's environment",
    "restore": "Restore gate's environment",
    "install": "Install gate",
    "save": "Save gate's environment",
    "gate": "Run gate",
}


class Way(NamedTuple):
    name: str
    path: str  # the runner's PATH
    store: Path | None  # the warm cache's folder; None: a new empty one each run


def step_ms(log: str, step: str) -> float | None:
    match = re.search(rf"Success - Main {re.escape(step)} \[([\d.]+)(s|ms|µs)\]", log)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else None


def run_once(way: Way, action: Path, work: Path) -> dict[str, float]:
    start = time.perf_counter()
    result = run_workflow("pass.yml", action, work, way.store, way.path)
    wall = (time.perf_counter() - start) * 1000
    assert result.code == 0, result.log
    times = {k: step_ms(result.log, step) for k, step in STEPS.items()}
    installer = "reusing" if way.store else f"installed with {way.name.split()[0]}"
    assert f"gate: {installer}" in result.log, result.log
    figures = {k: v for k, v in times.items() if v is not None}
    figures["install"] = (times["plan"] or 0) + (times["install"] or 0)
    figures["workflow"] = wall
    return figures


def warm_store(name: str, path: str, action: Path, work: Path) -> Path:
    """The folder a cold job's save left its venv in."""
    store = work / f"store-{name}"
    result = run_workflow("pass.yml", action, work / f"fill-{name}", store, path)
    assert result.code == 0 and any(store.iterdir()), result.log
    return store


def naive_install_ms(action: Path, work: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(work / "naive")], check=True)
    pip = [str(work / "naive" / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--disable-pip-version-check", str(action)], check=True)
    return (time.perf_counter() - start) * 1000


def find_uv(given: str | None) -> str | None:
    if given:
        return given
    return shutil.which("uv") or shutil.which("uv", path=sysconfig.get_path("scripts"))


def ways(uv: str | None, action: Path, work: Path) -> list[Way]:
    interpreter = Path(sys.base_prefix) / ("Scripts" if sys.platform == "win32" else "bin")
    found = [("pip", search_path(interpreter))]
    if uv:
        (work / "uv").mkdir()
        (work / "uv" / "uv").symlink_to(Path(uv).resolve())
        found.append(("uv", search_path(work / "uv", interpreter)))
    result = []
    for name, path in found:
        result.append(Way(f"{name} cold", path, None))
        result.append(Way(f"{name} warm", path, warm_store(name, path, action, work)))
    return result


def show(value: float | None) -> str:
    return f"{value:8.0f}" if value is not None else f"{'-':>8}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument(
        "--uv", help="the uv to measure (default: on PATH or where pip puts scripts)"
    )
    args = parser.parse_args()
    uv = find_uv(args.uv)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        action = publish_copy(work / "action")
        found = ways(uv, action, work)
        figures: dict[str, list[dict[str, float]]] = {way.name: [] for way in found}
        for i in range(args.runs):
            for way in found:
                run = work / f"run{i}-{way.name.replace(' ', '-')}"
                figures[way.name].append(run_once(way, action, run))
        naive = naive_install_ms(action, work)

    print(f"act, self-hosted, median of {args.runs} runs, in ms (*: fake-cache, a local copy)")
    columns = ["install", "restore", "save", "gate", "workflow"]
    print(f"  {'':10} {'install':>8} {'restore*':>8} {'save*':>8} {'run gate':>8} {'workflow':>8}")
    for name, runs in figures.items():
        medians = [
            statistics.median(r[c] for r in runs) if all(c in r for r in runs) else None
            for c in columns
        ]
        print(f"  {name:10} " + " ".join(show(m) for m in medians))
    if not uv:
        print("  uv: not found (pip install uv, or --uv PATH)")
    print(f"naive: venv with pip + pip install <action>  {naive:8.0f} ms")


if __name__ == "__main__":
    main()
