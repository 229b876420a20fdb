"""Install gate for the composite action: a venv of its own under $RUNNER_TEMP.

Run by the job's Python (3.9+), which it never changes, in two steps of action.yml:

    install.py plan   the venv's folder and its cache key, as step outputs; between the two
                      steps, actions/cache restores that folder when the `cache` input is true
    install.py        make the venv there, unless a restored one (or an earlier use of the
                      action in this job) carries a ready marker with the same key

The venv is made without pip and filled from requirements.txt, the one list of pins, by uv
when it is on PATH (several times faster than pip: benchmarks/action_startup.py), else by
the job's pip (`pip --python`, pip ≥ 22.3; an older pip is bootstrapped into the venv). If uv
fails, pip has its turn. Both use their own cache and configuration as the job set them. The
action's source is linked with a .pth file, rewritten on every run, so a venv restored from
another release of the action runs this one.
Writes `key=…`, `dir=…` (plan) or `python=<venv interpreter>`, `built=true|false` (install)
to $GITHUB_OUTPUT.
"""

from __future__ import annotations

import hashlib
import json
import locale
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, NamedTuple

ACTION = Path(__file__).resolve().parent.parent
REQUIREMENTS = ACTION / "requirements.txt"
MARKER = ".gate-ready"
LAYOUT = "1"  # the venv's layout and marker: a change here must not restore old venvs

# site-packages relative to the venv, as the venv's own Python sees both
SITE_PACKAGES = (
    "import os, sys, sysconfig; "
    "print(os.path.relpath(sysconfig.get_paths()['purelib'], sys.prefix).replace(os.sep, '/'))"
)

Run = Callable[..., "subprocess.CompletedProcess[str]"]


class Plan(NamedTuple):
    key: str  # actions/cache's key: runner OS and arch, Python, a hash of the pins
    target: Path  # the venv, the folder actions/cache restores and saves


def cache_enabled(text: str) -> bool:
    value = text.strip().lower() or "true"
    if value not in ("true", "false"):
        raise ValueError(f"cache must be true or false, got {text.strip()!r}")
    return value == "true"


def cache_key(requirements: bytes, python: str, env: Mapping[str, str]) -> str:
    """The same pins, interpreter and runner make the same key; anything else another one.
    The interpreter's path is hashed too: a venv points at the Python it was made with."""
    digest = hashlib.sha256(b"\0".join([LAYOUT.encode(), requirements, python.encode()]))
    runner = env.get("RUNNER_OS") or platform.system()
    arch = env.get("RUNNER_ARCH") or platform.machine()
    version = f"{sys.implementation.name}{platform.python_version()}"
    return f"gate-venv-{runner}-{arch}-{version}-{digest.hexdigest()[:16]}"


def make_plan(env: Mapping[str, str]) -> Plan:
    key = cache_key(REQUIREMENTS.read_bytes(), sys.executable, env)
    folder = f"gate-venv-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    return Plan(key, Path(env.get("RUNNER_TEMP") or tempfile.gettempdir(), folder))


def venv_python(target: Path) -> Path:
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ready_purelib(plan: Plan) -> Path | None:
    """The site-packages folder of a finished venv made for this key, else None."""
    try:
        marker = json.loads((plan.target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("key") != plan.key:
        return None
    if not venv_python(plan.target).exists():  # follows the link to the base Python
        return None
    return plan.target / str(marker.get("purelib", ""))


def uv_command(uv: str, python: Path) -> list[str]:
    return [uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(REQUIREMENTS)]


def pip_command(python: Path, outer: bool) -> list[str]:
    # --no-compile, as uv does: a module is compiled when a run first imports it
    args = ["install", "--quiet", "--disable-pip-version-check", "--no-input", "--no-compile"]
    args += ["-r", str(REQUIREMENTS)]
    if outer:
        return [sys.executable, "-m", "pip", "--python", str(python), *args]
    return [str(python), "-m", "pip", *args]


def pip_supports_python_option(run: Run) -> bool:
    """The job's pip is 22.3 or later (asked of pip's package: `pip --version` is slower)."""
    command = [sys.executable, "-c", "import pip; print(pip.__version__)"]
    proc = run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        return False
    try:
        major, minor = (int(p) for p in proc.stdout.strip().split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (22, 3)


def fill(target: Path, uv: str | None, run: Run = subprocess.run) -> str:
    """Make the venv at `target` and install the pins into it; the installer's name."""
    import venv  # only to build: a restored venv starts without it

    if uv:
        venv.EnvBuilder(clear=True).create(target)
        try:
            run(uv_command(uv, venv_python(target)), cwd=ACTION, check=True)
            return "uv"
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"::warning title=gate::uv could not install gate ({exc}); trying pip")
    outer = pip_supports_python_option(run)
    venv.EnvBuilder(with_pip=not outer, clear=True).create(target)
    run(pip_command(venv_python(target), outer), cwd=ACTION, check=True)
    return "pip"


def build(plan: Plan, uv: str | None, run: Run = subprocess.run) -> Path:
    """Fill the venv and mark it ready; its site-packages folder."""
    installer = fill(plan.target, uv, run)
    relative = run(
        [str(venv_python(plan.target)), "-c", SITE_PACKAGES],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    marker = {"key": plan.key, "purelib": relative, "installer": installer}
    (plan.target / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    print(f"gate: installed with {installer} into {plan.target}")
    return plan.target / relative


# Python reads a .pth file in the locale's encoding before 3.13 (UTF-8 since): a runner whose
# path holds a non-ASCII letter (C:\\Users\\Jürgen) must find the same path the file names.
PTH_ENCODING = "utf-8" if sys.version_info >= (3, 13) else locale.getpreferredencoding(False)


def write_outputs(env: Mapping[str, str], **values: str) -> None:
    output = env.get("GITHUB_OUTPUT")
    lines = "".join(f"{name}={value}\n" for name, value in values.items())
    if output:
        with open(output, "a", encoding="utf-8", newline="\n") as handle:  # "\n" on Windows too
            handle.write(lines)
    else:
        print(lines, end="")


def install(plan: Plan, env: Mapping[str, str], run: Run = subprocess.run) -> None:
    purelib = ready_purelib(plan)
    built = purelib is None
    if purelib is None:
        purelib = build(plan, shutil.which("uv", path=env.get("PATH")), run)
    else:
        print(f"gate: reusing the environment in {plan.target}")
    link = str(ACTION / "src") + "\n"
    with open(purelib / "gate-action.pth", "w", encoding=PTH_ENCODING, newline="\n") as pth:
        pth.write(link)  # open, not write_text: its newline= is Python 3.10+
    # forward slashes: bash on Windows runners runs D:/a/_temp/…/python.exe as is
    python = venv_python(plan.target).as_posix()
    write_outputs(env, python=python, built="true" if built else "false")


def main(argv: list[str], env: Mapping[str, str]) -> int:
    plan = make_plan(env)
    if argv[1:] == ["plan"]:
        try:
            cache = cache_enabled(env.get("GATE_CACHE", ""))
        except ValueError as exc:
            print(f"::error title=gate::{exc}")
            return 2
        write_outputs(
            env,
            python=Path(sys.executable).as_posix(),
            cache="true" if cache else "false",
            key=plan.key,
            dir=plan.target.as_posix(),
        )
        return 0
    try:
        install(plan, env)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"::error title=gate::could not install gate into {plan.target}: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, os.environ))
