"""Workflow commands (`::error …::`), escaped exactly as @actions/core escapes them.

See actions/toolkit packages/core/src/command.ts: data escapes %, CR, LF; properties also
escape ':' and ','.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, properties: Mapping[str, object] | None = None) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (properties or {}).items()
        if value is not None and value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def stop_commands_token() -> str:
    """A token nobody can guess, so untrusted text cannot resume command processing."""
    return random_token()


def random_token() -> str:
    """128 random bits in hex, from os.urandom as secrets.token_hex(16) makes them (secrets
    itself would import hmac and hashlib on every run in GitHub mode)."""
    return os.urandom(16).hex()


def stop_commands(token: str) -> str:
    return f"::stop-commands::{token}"


def resume_commands(token: str) -> str:
    return f"::{token}::"
