"""Bytes → a Parsed document (load/parsed.py): JSON, YAML or TOML, each by its strict
reader. Pure: the caller reads the file; this module never touches the file system.
"""

from __future__ import annotations

import re
import sys

from gate.errors import Issue, LoadError
from gate.load.parsed import Format, Parsed, decode, without_lone_surrogates


def detect_format(file: str, text: str) -> Format:
    """From the extension; otherwise JSON if the first character opens an object or array."""
    lower = file.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if lower.endswith(".toml"):
        return "toml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*[\[{]")


def parse_document(raw: bytes, file: str, fmt: Format | None = None) -> Parsed:
    """Decode and parse a metrics or policy file. Raises LoadError with file and line."""
    # JSON is parsed from the bytes; any other file is decoded once, for detection and parser
    text = None if fmt == "json" or _JSON_START.match(raw) else decode(raw, file)
    fmt = fmt or detect_format(file, "{" if text is None else text)
    if fmt == "json":
        from gate.load.json_text import parse_json

        return parse_json(raw, file)
    text = decode(raw, file) if text is None else text
    if not text.strip():
        raise LoadError([Issue("the file is empty", file, 1)])
    if fmt == "toml":
        return _parse_toml(text, file)
    from gate.load.yaml_safe import (  # PyYAML only for YAML files
        YAMLPositionError,
        parse_with_lines,
    )

    try:
        data, lines = parse_with_lines(text)
    except YAMLPositionError as exc:
        raise LoadError([Issue(exc.message, file, exc.line, exc.path)]) from None
    return without_lone_surrogates(Parsed(data, file, text, "yaml", lines=lines))


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, file: str) -> Parsed:
    """TOML, as DVC reads metrics and params files: only for --metrics-format dvc."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        line = int(found.group(1)) if found else None
        raise LoadError([Issue(str(exc).split(" (at line")[0], file, line)]) from None
    return Parsed(data, file, text, "toml")
