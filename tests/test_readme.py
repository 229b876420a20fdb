"""The README's console examples are real: each `$ python -m gate …` prints what it shows."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT, gate_process

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n\$ python -m gate (.*?)\n(.*?)```", README, re.S)


def test_readme_has_console_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize(("args", "shown"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_console_example(args: str, shown: str) -> None:
    run = gate_process(shlex.split(args))
    assert run.out + run.err == shown
