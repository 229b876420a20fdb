"""Write what is made from gate's tables, so that a setting or a format is one row:

- action.yml's inputs and the gate step's env lines (from src/gate/settings.py),
- src/gate/schema/policy.schema.json (the policy file's keys),
- the settings tables of docs/cli.md and docs/action.md,
- the formats table of docs/formats.md (from src/gate/load/formats.py).

    python scripts/generate.py           # write them
    python scripts/generate.py --check   # exit 1 naming each file that differs

tests/test_settings.py runs the check, so a row added without regenerating fails CI.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gate.load.formats import FORMATS  # noqa: E402
from gate.settings import ACTION, CLI, POLICY, Setting, settings_for  # noqa: E402

BEGIN, END = "<generated from {}>", "</generated>"
# Action inputs that reach the program itself, not through INPUT_*: the action's own.
NOT_PASSED = ("python", "working-directory", "github-token", "cache")


def policy_schema() -> dict[str, Any]:
    """The policy file's JSON Schema: one property per setting the file may hold."""
    properties: dict[str, Any] = {"$schema": {"type": "string"}}
    for setting in settings_for(POLICY):
        assert setting.schema is not None, setting.name
        properties[setting.name] = {"description": _sentence(setting), **setting.schema}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://raw.githubusercontent.com/OWNER/gate/v1/src/gate/schema/policy.schema.json",
        "title": "gate policy file",
        "description": "Settings for the gate, read with --config. Keys match the action's "
        "inputs; a flag or input overrides the key of the same name.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def shown_default(setting: Setting) -> str:
    """The default as a reader sees it, or "" when there is none to show."""
    if setting.shown:
        return setting.shown
    value = setting.default
    if value is None or value == ():
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if setting.name == "max-file-size":
        return "64MiB"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _sentence(setting: Setting) -> str:
    first = setting.help.split(":", 1)[0]
    named = first in {f.name for f in FORMATS}  # "hf-trainer: …" keeps its spelling
    text = setting.help if named else setting.help[0].upper() + setting.help[1:]
    default = shown_default(setting)
    if default and setting.kind != "flag" and not default.startswith("("):
        text += f" (default: {default})"
    return text + "."


def action_inputs() -> str:
    lines = []
    for setting in settings_for(ACTION):
        description = _sentence(setting)
        if setting.kind == "list":
            description += " One per line; lines starting with # are ignored."
        if POLICY in setting.sources:
            description += " Empty means the policy file's value, else the default."
        lines.append(f"  {setting.name}:")
        lines.append("    description: >-")
        wrapped = textwrap.wrap(description, 88, break_on_hyphens=False)
        lines += [f"      {line}" for line in wrapped]
        if setting.name == "metrics-file":
            lines.append("    required: true")
            continue
        lines.append("    required: false")
        default = (setting.default or "") if setting.group == "action" else ""
        lines.append(f"    default: {json.dumps(default)}" if default != "${{ github.token }}"
                     else f"    default: {default}")  # fmt: skip
    return "\n".join(lines)


def action_env() -> str:
    return "\n".join(
        f"        INPUT_{s.name.upper().replace('-', '_')}: ${{{{ inputs.{s.name} }}}}"
        for s in settings_for(ACTION)
        if s.name not in NOT_PASSED
    )


def cli_table() -> str:
    rows = ["| option | meaning |", "|---|---|"]
    for setting in settings_for(CLI):
        metavar = f" {setting.metavar}" if setting.metavar else ""
        flag = f"`{setting.option}{metavar}`".replace("|", "\\|")
        if setting.kind == "switch":
            flag += f", `--no-{setting.name}`"
        meaning = _sentence(setting).replace("|", "\\|")
        rows.append(f"| {flag} | {meaning} |")
    rows.append("| `--version`, `--help` | |")
    return "\n".join(rows)


def action_table() -> str:
    rows = ["| input | default | meaning |", "|---|---|---|"]
    for setting in settings_for(ACTION):
        default = shown_default(setting).replace("|", "\\|")
        text = setting.help.replace("|", "\\|")
        rows.append(f"| `{setting.name}` | {f'`{default}`' if default else ''} | {text} |")
    return "\n".join(rows)


def formats_table() -> str:
    rows = ["| format | what | `auto`? | signature |", "|---|---|---|---|"]
    for fmt in FORMATS:
        auto = "yes" if fmt.signature is not None else "named only"
        anchor = (
            f"[{fmt.what}](#{fmt.anchor})"
            if not fmt.anchor.endswith(".md")
            else (f"[{fmt.what}]({fmt.anchor})")
        )
        rows.append(f"| `{fmt.name}` | {anchor} | {auto} | {fmt.shape} |")
    return "\n".join(rows)


def _region(text: str, name: str, body: str, comment: tuple[str, str]) -> str:
    """`text` with the lines between its markers for `name` replaced by `body`."""
    open_, close = comment
    begin = f"{open_}{BEGIN.format(name)}{close}"
    end = f"{open_}{END}{close}"
    pattern = re.compile(rf"^([ \t]*){re.escape(begin)}\n.*?^[ \t]*{re.escape(end)}$", re.M | re.S)
    match = pattern.search(text)
    if match is None:
        raise SystemExit(f"no {begin} … {end} region for {name}")
    indent = match.group(1)
    return text[: match.start()] + f"{indent}{begin}\n{body}\n{indent}{end}" + text[match.end() :]


def outputs() -> dict[Path, str]:
    """Each generated file's whole text, as it should be."""
    yml, md = ("# ", ""), ("<!-- ", " -->")
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    action = _region(action, "settings.py: inputs", action_inputs(), yml)
    action = _region(action, "settings.py: env", action_env(), yml)
    cli = _region(
        (ROOT / "docs/cli.md").read_text(encoding="utf-8"), "settings.py", cli_table(), md
    )
    doc = (ROOT / "docs/action.md").read_text(encoding="utf-8")
    doc = _region(doc, "settings.py", action_table(), md)
    formats = (ROOT / "docs/formats.md").read_text(encoding="utf-8")
    formats = _region(formats, "load/formats.py", formats_table(), md)
    schema = json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"
    return {
        ROOT / "action.yml": action,
        ROOT / "docs/cli.md": cli,
        ROOT / "docs/action.md": doc,
        ROOT / "docs/formats.md": formats,
        ROOT / "src/gate/schema/policy.schema.json": schema,
    }


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in outputs().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'differs' if check else 'wrote'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
