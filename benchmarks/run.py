"""gate beside its peers, one run, figures side by side (issue 7's goals).

    python benchmarks/run.py [--models 100000] [--check-models 10000] [--runs 3]

Generates the files (benchmarks/generate.py: full form, 5 metrics and 2 slices per model),
then prints for each workload wall time (median of --runs) and peak RSS, and the ratio to
the peer:
  1. 100k models: gate in GitHub mode (validation, rules, Markdown summary, outputs, JSON
     report) vs `jq` selecting accuracy >= 0.8 (gating alone, no validation);
  2. 10k models: gate vs check-jsonschema validating the same file against our schema;
  3. the seed: `python -m gate` vs `python -c pass`.
Needs jq and check-jsonschema on PATH (or beside this Python). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import document  # noqa: E402

# Measures one command's peak RSS: the child's own maximum, as the kernel counts it.
_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        sys.exit(f"benchmarks: {name} is not installed")
    return found


def measure(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """(median wall ms, peak RSS MiB) of `argv`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        times.append((time.perf_counter() - start) * 1000)
    peak = subprocess.run(
        [sys.executable, "-c", _PEAK, *argv], capture_output=True, text=True, env=env, check=True
    ).stdout
    kib = int(peak.strip().splitlines()[-1])
    return statistics.median(times), (kib * 1024 if sys.platform == "darwin" else kib) / 1024


def row(label: str, figures: tuple[float, float], peer: tuple[float, float] | None) -> None:
    wall, peak = figures
    ratio = f"{wall / peer[0]:5.2f}x wall  {peak / peer[1]:5.2f}x memory" if peer else ""
    print(f"  {label:<46} {wall:9.0f} ms {peak:8.0f} MiB   {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--check-models", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    gate = [sys.executable, "-m", "gate"]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {sys.platform}; "
        f"median of {args.runs} runs; peak RSS of one run"
    )
    with tempfile.TemporaryDirectory() as temp:
        import json

        big, mid = Path(temp, "big.json"), Path(temp, "mid.json")
        big.write_text(json.dumps(document(args.models), separators=(",", ":")))
        mid.write_text(json.dumps(document(args.check_models), separators=(",", ":")))
        schema = Path(temp, "metrics.schema.json")
        schema.write_text(
            subprocess.run([*gate, "schema"], capture_output=True, text=True, check=True).stdout
        )
        summary, output = Path(temp, "summary.md"), Path(temp, "output.txt")
        github = {
            **env,
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
        }

        print(f"1. {args.models} models ({big.stat().st_size / 2**20:.1f} MiB JSON)")
        jq = measure(
            [tool("jq"), "[.models[] | select(.metrics.accuracy >= 0.8) | .name]", str(big)],
            args.runs,
            env,
        )
        row("jq, gating alone (no validation)", jq, None)
        row(
            "gate, GitHub mode, summary + outputs + report",
            measure([*gate, str(big), "--report", str(Path(temp, "r.json"))], args.runs, github),
            jq,
        )

        print(f"2. {args.check_models} models ({mid.stat().st_size / 2**20:.1f} MiB JSON)")
        check = measure([tool("check-jsonschema"), "--schemafile", str(schema), str(mid)], 1, env)
        row("check-jsonschema, validation alone", check, None)
        row("gate, full run", measure([*gate, str(mid)], args.runs, env), check)

        print("3. the seed (4 models)")
        seed = str(ROOT / "examples" / "seed" / "metrics.json")
        base = measure([sys.executable, "-c", "pass"], max(args.runs, 15), env)
        row("python -c pass", base, None)
        row(
            "python -m gate examples/seed/metrics.json",
            measure([*gate, seed], max(args.runs, 15), env),
            base,
        )


if __name__ == "__main__":
    main()
