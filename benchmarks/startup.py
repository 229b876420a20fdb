"""Start-up cost: `python -m gate` on the seed file beside `python -c pass`, median of N runs.

    python benchmarks/startup.py [N]

Prints wall-clock medians and the ratio (issue 7's goal 3: at most 4× `python -c pass`), and
the import time of the heaviest modules from `python -X importtime`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed" / "metrics.json"


def median_ms(argv: list[str], runs: int) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, env=env, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def top_imports(argv: list[str], count: int = 6) -> list[tuple[int, str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, check=False
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if not name.startswith("  "):  # top-level imports only (cumulative time)
                rows.append((int(parts[1]), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    gate_cmd = [sys.executable, "-m", "gate", str(SEED)]
    base = median_ms([sys.executable, "-c", "pass"], runs)
    gate = median_ms(gate_cmd, runs)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {runs} runs")
    print(f"{'python -c pass':<40} {base:8.1f} ms")
    print(f"{'python -m gate examples/seed/metrics.json':<40} {gate:8.1f} ms   {gate / base:.1f}x")
    print("heaviest top-level imports (cumulative µs):")
    for micros, name in top_imports(["-m", "gate", str(SEED)]):
        print(f"  {micros:>8}  {name}")


if __name__ == "__main__":
    main()
