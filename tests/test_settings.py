"""The settings table (src/gate/settings.py) is the one place a setting is declared: the
action's inputs, the policy file's schema and the reference tables (docs/cli.md,
docs/action.md) must agree with it."""

from __future__ import annotations

import json
import re

import yaml

from gate.options import build_parser
from gate.schema import schema_text
from gate.settings import ACTION, ACTION_INPUTS, CLI, POLICY, SETTINGS, settings_for
from tests.conftest import ROOT

ACTION_YML = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
ACTION_DOC = (ROOT / "docs" / "action.md").read_text(encoding="utf-8")


def test_action_yml_has_every_input_and_passes_each_through_env() -> None:
    inputs = ACTION_YML["inputs"]
    expected = {s.name for s in settings_for(ACTION)} | set(ACTION_INPUTS)
    assert set(inputs) == expected
    assert all(spec.get("description") for spec in inputs.values())
    step = next(s for s in ACTION_YML["runs"]["steps"] if s.get("id") == "gate")
    for name in expected - {"python", "working-directory", "github-token"}:
        variable = "INPUT_" + name.upper().replace("-", "_")
        assert step["env"][variable] == f"${{{{ inputs.{name} }}}}", name
    assert step["env"]["GITHUB_TOKEN"] == "${{ inputs.github-token }}"


def test_the_shipped_policy_schema_is_the_one_made_from_the_table() -> None:
    shipped = (ROOT / "src" / "gate" / "schema" / "policy.schema.json").read_text()
    assert shipped == schema_text("policy"), (
        "run: python -m gate schema policy > src/gate/schema/policy.schema.json"
    )
    keys = set(json.loads(shipped)["properties"]) - {"$schema"}
    assert keys == {s.name for s in settings_for(POLICY)}


def test_every_flag_of_the_parser_comes_from_the_table() -> None:
    options = {o for a in build_parser()._actions for o in a.option_strings}
    for setting in settings_for(CLI):
        assert setting.option in options
    assert options - {s.option for s in SETTINGS} - {f"--no-{s.name}" for s in SETTINGS} == {
        "-h",
        "--help",
        "-V",
        "--version",
    }


def test_the_reference_tables_list_every_flag_and_input() -> None:
    flags = re.findall(r"^\| `(--[a-z-]+)", CLI_DOC, re.M)
    assert set(flags) >= {s.option for s in settings_for(CLI)}
    table = ACTION_DOC.split("## Inputs", 1)[1].split("\n## ", 1)[0]
    inputs = re.findall(r"^\| `([a-z-]+)` \|", table, re.M)
    assert set(inputs) == {s.name for s in settings_for(ACTION)} | set(ACTION_INPUTS)
