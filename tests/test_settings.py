"""The settings table (src/gate/settings.py) and the format registry (src/gate/load/formats.py)
are the one place a setting or a format is declared: the parser, action.yml's inputs and env
lines, the policy file's schema and the docs' tables are made from them, and
scripts/generate.py --check fails when a made file differs."""

from __future__ import annotations

import runpy
import subprocess
import sys

import yaml

from gate.load.formats import CHOICES
from gate.options import build_parser
from gate.settings import ACTION, CLI, POLICY, SETTINGS, settings_for
from tests.conftest import ROOT

GENERATE = ROOT / "scripts" / "generate.py"


def test_every_made_file_is_what_the_tables_make() -> None:
    proc = subprocess.run(
        [sys.executable, str(GENERATE), "--check"],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, f"run: python scripts/generate.py\n{proc.stdout}{proc.stderr}"


def test_action_yml_passes_every_input_through_env_and_nothing_else() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {s.name for s in settings_for(ACTION)}
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "gate")
    passed = {k for k in step["env"] if k.startswith("INPUT_")}
    own = {"python", "working-directory", "github-token", "cache"}
    assert passed == {
        "INPUT_" + s.name.upper().replace("-", "_")
        for s in settings_for(ACTION)
        if s.name not in own
    }
    assert step["env"]["GITHUB_TOKEN"] == "${{ inputs.github-token }}"


def test_the_policy_schema_has_a_key_per_policy_setting() -> None:
    schema = runpy.run_path(str(GENERATE))["policy_schema"]()
    assert set(schema["properties"]) - {"$schema"} == {s.name for s in settings_for(POLICY)}


def test_every_flag_of_the_parser_comes_from_the_table() -> None:
    options = {o for a in build_parser()._actions for o in a.option_strings}
    assert {s.option for s in settings_for(CLI)} <= options
    extra = options - {s.option for s in SETTINGS} - {f"--no-{s.name}" for s in SETTINGS}
    assert extra == {"-h", "--help", "-V", "--version"}


def test_every_row_fills_a_field_or_says_who_reads_it() -> None:
    from gate.fold import Options
    from gate.load.reader import ReadOptions
    from gate.policy import BaselinePolicy, HistoryPolicy, Policy, SliceGates

    records = {"run": Options, "run.read": ReadOptions, "policy": Policy, "policy.slices": SliceGates,
               "policy.baseline": BaselinePolicy, "policy.history": HistoryPolicy}  # fmt: skip
    for setting in SETTINGS:
        if not setting.fills:
            assert setting.group == "action" or setting.name == "debug", setting.name
            continue
        owner, _, field = setting.fills.rpartition(".")
        assert field in records[owner]._fields, setting.fills


def test_the_format_choices_come_from_the_registry() -> None:
    parser = build_parser()
    (action,) = [a for a in parser._actions if "--metrics-format" in a.option_strings]
    assert all(name in action.help for name in CHOICES)
