"""Start-up cost: `python -m gate` on the seed file beside `python -c pass`, median of N runs.

    python benchmarks/startup.py [N]

Prints wall-clock medians of interleaved runs (the goal: the seed in at most 150 ms), and
the import time of the heaviest modules from `python -X importtime`.
gate's bytecode is compiled first, as an installed package's is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, clean_env, compile_bytecode, wall_ms

SEED = ROOT / "examples" / "seed" / "metrics.json"


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
    compile_bytecode()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -m gate examples/seed/metrics.json": [sys.executable, "-m", "gate", str(SEED)],
    }
    medians = wall_ms(commands, runs, clean_env())
    base = medians["python -c pass"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {runs} runs")
    for label, ms in medians.items():
        ratio = f"   {ms / base:.1f}x" if ms is not base else ""
        print(f"{label:<44} {ms:8.1f} ms{ratio}")
    print("heaviest top-level imports (cumulative µs):")
    for micros, name in top_imports(["-m", "gate", str(SEED)]):
        print(f"  {micros:>8}  {name}")


if __name__ == "__main__":
    main()
