"""Install gate for the composite action: a venv of its own under $RUNNER_TEMP.

Run by the job's Python (3.9+); changes nothing in it. The venv is made without pip and
filled by the job's pip (`pip --python`, pip ≥ 22.3), which is about four times faster than
bootstrapping pip into the venv; older pips fall back to that. The action's own source is
linked with a .pth file instead of being built, and pip's cache is used as configured
(PIP_CACHE_DIR and friends), so a job that caches pip reuses it.
Writes `python=<venv interpreter>` to $GITHUB_OUTPUT.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ACTION = Path(__file__).resolve().parent.parent
REQUIREMENTS = ACTION / "requirements.txt"


def venv_python(target: Path) -> Path:
    return target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip_supports_python_option() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return False
    try:
        major, minor = (int(p) for p in proc.stdout.split()[1].split(".")[:2])
    except (IndexError, ValueError):
        return False
    return (major, minor) >= (22, 3)


def pip_install(python: Path, use_outer_pip: bool) -> None:
    args = [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "-r",
        str(REQUIREMENTS),
    ]
    if use_outer_pip:
        command = [sys.executable, "-m", "pip", "--python", str(python), *args]
    else:
        command = [str(python), "-m", "pip", *args]
    subprocess.run(command, check=True)


def build(target: Path) -> Path:
    use_outer_pip = pip_supports_python_option()
    venv.EnvBuilder(with_pip=not use_outer_pip, clear=True).create(target)
    python = venv_python(target)
    pip_install(python, use_outer_pip)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "gate-action.pth").write_text(str(ACTION / "src") + "\n", encoding="utf-8")
    return python


def main() -> int:
    key = hashlib.sha256(
        REQUIREMENTS.read_bytes() + sys.version.encode() + str(ACTION).encode()
    ).hexdigest()[:12]
    target = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir(), f"gate-venv-{key}")
    ready = target / ".gate-ready"
    python = venv_python(target)
    if not ready.exists():  # a second use of the action in the same job reuses the venv
        try:
            python = build(target)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"::error title=gate::could not install gate into {target}: {exc}")
            return 2
        ready.write_text("ok\n", encoding="utf-8")
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            # forward slashes: bash on Windows runners runs D:/a/_temp/…/python.exe as is
            handle.write(f"python={python.as_posix()}\n")
    else:
        print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
