"""The action's own start-up under nektos/act (self-hosted, offline, warm pip cache).

    python benchmarks/action_startup.py [RUNS]

Runs tests/action/workflows/pass.yml RUNS times and prints the median time act reports for
the "Install gate" and "Run gate" steps, beside the naive install this action avoids
(`python -m venv` with pip, then `pip install <action>`, which builds the package).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.action.act import publish_copy, run_workflow  # noqa: E402

_UNITS = {"s": 1000.0, "ms": 1.0, "µs": 0.001}


def step_ms(log: str, step: str) -> float:
    match = re.search(rf"Success - Main {re.escape(step)} \[([\d.]+)(s|ms|µs)\]", log)
    assert match, f"no timing for {step!r} in the act log"
    return float(match.group(1)) * _UNITS[match.group(2)]


def naive_install_ms(action: Path, work: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(work / "naive")], check=True)
    subprocess.run(
        [
            str(work / "naive" / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(action),
        ],
        check=True,
    )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as temp:
        action = publish_copy(Path(temp, "action"))
        installs, gates, totals = [], [], []
        for i in range(runs):
            start = time.perf_counter()
            result = run_workflow("pass.yml", action, Path(temp, f"run{i}"))
            totals.append((time.perf_counter() - start) * 1000)
            assert result.code == 0, result.log
            installs.append(step_ms(result.log, "Install gate"))
            gates.append(step_ms(result.log, "Run gate"))
        naive = naive_install_ms(action, Path(temp))
    print(f"act, self-hosted, median of {runs} runs (warm pip cache)")
    print(f"  Install gate step (venv + deps + .pth)   {statistics.median(installs):8.0f} ms")
    print(f"  Run gate step (python -m gate.action)    {statistics.median(gates):8.0f} ms")
    print(f"  whole workflow under act                 {statistics.median(totals):8.0f} ms")
    print(f"naive: venv with pip + pip install <action> {naive:8.0f} ms")


if __name__ == "__main__":
    main()
