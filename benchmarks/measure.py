"""Timing helpers shared by the benchmark scripts.

Commands are run interleaved (gate, peer, gate, peer, …) so that a slow spell of a shared
machine falls on both sides of a ratio instead of on one.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Measures one command's peak RSS: the child's own maximum, as the kernel counts it.
_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def compile_bytecode() -> None:
    """Write gate's .pyc files, as pip does for an installed package and as the first run
    in a job does for the action's checkout (that run pays ~100 ms to compile them: the
    figures are of the runs after it); a machine with PYTHONDONTWRITEBYTECODE set would
    otherwise compile every module on every run."""
    compileall.compile_dir(str(ROOT / "src" / "gate"), quiet=1)


def action_python(folder: Path) -> str:
    """gate's interpreter as the action runs it: the venv action/install.py makes in
    `folder` (the pins of requirements.txt alone, with uv when it is on PATH, the source
    linked by a .pth file), its bytecode compiled, as a job's first run leaves it. Not this
    venv: its test extras bring typing_extensions, which msgspec imports when it is there."""
    scripts = str(Path(sys.executable).parent)  # this venv's uv, as on a runner's PATH
    env = {
        **clean_env(),
        "RUNNER_TEMP": str(folder),
        "PATH": scripts + os.pathsep + os.environ["PATH"],
    }
    out = subprocess.run(
        [sys.executable, "-S", str(ROOT / "action" / "install.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    python = next(line[7:] for line in out.splitlines() if line.startswith("python="))
    subprocess.run([python, "-m", "compileall", "-q", str(Path(python).parent.parent)], check=True)
    return python


def wall_ms(
    commands: Mapping[str, Sequence[str]], runs: int, env: Mapping[str, str]
) -> dict[str, float]:
    """Median wall time of each command over `runs` interleaved rounds."""
    times = rounds_ms(commands, runs, env)
    return {label: statistics.median(values) for label, values in times.items()}


def rounds_ms(
    commands: Mapping[str, Sequence[str]],
    runs: int,
    env: Mapping[str, str],
    fresh: Sequence[Path] = (),
) -> dict[str, list[float]]:
    """Each command's wall time in each of `runs` rounds; a round runs every command once.
    `fresh`: files removed before each run (untimed), as a new job step finds them absent."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, argv in commands.items():
            for path in fresh:
                path.unlink(missing_ok=True)
            start = time.perf_counter()
            subprocess.run(
                list(argv),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=dict(env),
                check=False,
            )
            times[label].append((time.perf_counter() - start) * 1000)
    return times


def peak_mib(argv: Sequence[str], env: Mapping[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *argv],
        capture_output=True,
        text=True,
        env=dict(env),
        check=True,
    ).stdout
    kib = int(out.strip().splitlines()[-1])
    return (kib * 1024 if sys.platform == "darwin" else kib) / 1024


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
