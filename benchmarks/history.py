"""--history 20 on a 1,000-model file, beside one run of the same file without it.

The repository is made in a temporary folder: 20 commits that each rewrite the metrics file
(a new random draw) with an unrelated commit between them, then the work tree's candidate.
Also a shallow clone (`--depth 1`, through file://) that gate must deepen to find them.

python benchmarks/history.py [--runs N] [--models N] [--versions N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import document
from measure import clean_env, compile_bytecode, peak_mib, rounds_ms


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def make_repo(root: Path, models: int, versions: int) -> Path:
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    path = root / "metrics.json"
    for seed in range(versions):
        path.write_text(json.dumps(document(models, seed=seed)))
        git(root, "add", "metrics.json")
        git(root, "commit", "-qm", f"retrain {seed}")
        (root / "notes.txt").write_text(str(seed))
        git(root, "add", "notes.txt")
        git(root, "commit", "-qm", "unrelated")
    path.write_text(json.dumps(document(models, seed=versions)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=20)
    args = parser.parse_args()
    compile_bytecode()
    env = clean_env()
    with tempfile.TemporaryDirectory() as temp:
        path = make_repo(Path(temp) / "repo", args.models, args.versions)
        clone = Path(temp) / "clone"
        gate = [sys.executable, "-m", "gate"]
        common = ["--report", str(Path(temp) / "r.json"), "--max-drift", "accuracy=0.05"]
        history = ["--history", str(args.versions)]
        commands = {
            "one run (no history)": [*gate, str(path), "--report", str(Path(temp) / "r.json")],
            f"--history {args.versions} --max-drift": [*gate, str(path), *history, *common],
        }
        times = rounds_ms(commands, args.runs, env)
        # the shallow clone is deepened on its first run only: time that one, once per round
        shallow = []
        for _ in range(args.runs):
            subprocess.run(["rm", "-rf", str(clone)], check=True)
            git(Path(temp), "clone", "-q", "--depth", "1", (Path(temp) / "repo").as_uri(), "clone")
            (clone / "metrics.json").write_bytes(path.read_bytes())
            shallow.append(
                rounds_ms({"x": [*gate, str(clone / "metrics.json"), *history, *common]}, 1, env)[
                    "x"
                ][0]
            )
        times[f"--history {args.versions}, shallow clone deepened"] = shallow
        size = path.stat().st_size / 2**20
        print(f"{args.models} models ({size:.1f} MiB JSON), {args.versions} earlier versions")
        base = sorted(times["one run (no history)"])[len(shallow) // 2]
        for label, values in times.items():
            median = sorted(values)[len(values) // 2]
            memory = f"{peak_mib(commands[label], env):8.0f} MiB" if label in commands else " " * 12
            ratio = f"{median / base:5.2f}x one run"
            print(f"  {label:<44}{median:8.0f} ms {memory}    {ratio}")


if __name__ == "__main__":
    main()
