"""gate beside its peers, one run, figures side by side (issue 7's goals).

    python benchmarks/run.py [--models 100000] [--check-models 10000] [--runs 5] [--goals 1,3]
                             [--env action|here]

Generates the files (benchmarks/generate.py: full form, 5 metrics and 2 slices per model),
makes gate's venv as the action does (action/install.py: requirements.txt alone; `--env
here`: this venv, test extras and all) with its bytecode compiled, then prints for each
workload wall time (median of --runs rounds that alternate gate and its peer) and peak RSS,
and the ratio to the peer (the median of the rounds' own ratios, with their range):
  1. 100k models: gate in GitHub mode (validation, rules, Markdown summary, outputs, JSON
     report), then plain (the terminal table alone), each vs `jq` selecting accuracy >= 0.8
     (gating alone, no validation);
  2. 10k models: gate vs check-jsonschema validating the same file against our schema;
  3. the seed: `python -m gate` vs `python -c pass`.
Needs jq and check-jsonschema on PATH (or beside this Python). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import document
from measure import ROOT, action_python, clean_env, compile_bytecode, peak_mib, rounds_ms


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        sys.exit(f"benchmarks: {name} is not installed")
    return found


def pair(
    label: str,
    argv: list[str],
    peer_label: str,
    peer: list[str],
    *,
    runs: int,
    env: dict[str, str],
    fresh: tuple[Path, ...] = (),
) -> None:
    """gate and its peer, interleaved; each line: median wall, peak RSS, gate's ratios. The
    wall ratio is the median of the rounds' own ratios (gate's time over the peer's right
    beside it), which a slow spell of a shared machine disturbs least; their range follows."""
    times = rounds_ms({"peer": peer, "gate": argv}, runs, env, fresh)
    walls = {name: statistics.median(values) for name, values in times.items()}
    ratios = [mine / theirs for mine, theirs in zip(times["gate"], times["peer"])]
    peaks = {"peer": peak_mib(peer, env), "gate": peak_mib(argv, env)}
    print(f"  {peer_label:<46} {walls['peer']:9.0f} ms {peaks['peer']:8.0f} MiB")
    spread = f" ({min(ratios):.2f}-{max(ratios):.2f})" if runs > 1 else ""
    print(
        f"  {label:<46} {walls['gate']:9.0f} ms {peaks['gate']:8.0f} MiB   "
        f"{statistics.median(ratios):5.2f}x wall{spread}  "
        f"{peaks['gate'] / peaks['peer']:5.2f}x memory"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--check-models", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--goals", default="1,2,3", help="which workloads to run (default: all)")
    parser.add_argument(
        "--env",
        choices=("action", "here"),
        default="action",
        help="gate's environment: the venv action/install.py makes (default), or this one",
    )
    args = parser.parse_args()
    goals = {int(goal) for goal in args.goals.split(",")}
    compile_bytecode()
    env = clean_env()
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {sys.platform}; median of "
        f"{args.runs} interleaved runs (gate, peer, gate, …); wall ratio: median of the "
        "rounds' ratios (their range); peak RSS of one run"
    )
    with tempfile.TemporaryDirectory() as temp:
        python = action_python(Path(temp)) if args.env == "action" else sys.executable
        print(f"gate runs in {'the action' if args.env == 'action' else 'this'}'s venv: {python}")
        gate = [python, "-m", "gate"]
        big, mid = Path(temp, "big.json"), Path(temp, "mid.json")
        big.write_text(json.dumps(document(args.models), separators=(",", ":")))
        mid.write_text(json.dumps(document(args.check_models), separators=(",", ":")))
        schema = Path(temp, "metrics.schema.json")
        schema.write_text(
            subprocess.run([*gate, "schema"], capture_output=True, text=True, check=True).stdout
        )
        summary, output, report = (Path(temp, n) for n in ("summary.md", "output.txt", "r.json"))
        github = {
            **env,
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
        }

        if 1 in goals:
            print(f"1. {args.models} models ({big.stat().st_size / 2**20:.1f} MiB JSON)")
            pair(
                "gate, GitHub mode, summary + outputs + report",
                [*gate, str(big), "--report", str(report)],
                "jq, gating alone (no validation)",
                [tool("jq"), "[.models[] | select(.metrics.accuracy >= 0.8) | .name]", str(big)],
                runs=args.runs,
                env=github,
                # as a job step finds them: no report yet (the action's is a new temporary
                # file), an empty summary and outputs file
                fresh=(summary, output, report),
            )
            pair(
                "gate, plain (terminal table only)",
                [*gate, str(big)],
                "jq, gating alone (no validation)",
                [tool("jq"), "[.models[] | select(.metrics.accuracy >= 0.8) | .name]", str(big)],
                runs=args.runs,
                env=env,
            )

        if 2 in goals:
            print(f"2. {args.check_models} models ({mid.stat().st_size / 2**20:.1f} MiB JSON)")
            pair(
                "gate, full run",
                [*gate, str(mid)],
                "check-jsonschema, validation alone",
                [tool("check-jsonschema"), "--schemafile", str(schema), str(mid)],
                runs=1,
                env=env,
            )

        if 3 in goals:
            print("3. the seed (4 models)")
            seed = str(ROOT / "examples" / "seed" / "metrics.json")
            pair(
                "python -m gate examples/seed/metrics.json",
                [*gate, seed],
                "python -c pass",
                [sys.executable, "-c", "pass"],
                runs=max(args.runs, 21),
                env=env,
            )


if __name__ == "__main__":
    main()
