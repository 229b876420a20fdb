"""The compiled checks in gate/checks are what scripts/generate_checks.py makes of the
schemas shipped today: a schema edit without regenerating fails here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_compiled_checks_are_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/generate_checks.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"{proc.stdout}{proc.stderr}run: python scripts/generate_checks.py"
