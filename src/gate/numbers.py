"""How numbers and rules are written for people: short, but never rounded so far that a
verdict looks wrong. Used by the renderers and by the errors evaluate/ raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gate.policy import Rule


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float (0.82, 12.5, 5000), capped at 6 digits."""
    text = repr(value if value.__class__ is float else float(value))  # a float: no conversion
    if text in ("inf", "-inf"):  # a change between two values near the largest float
        return "too large" if value > 0 else "\u2212too large"
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) > 10:
        text = f"{value:.6g}"
    return text


def signed(number: float, decimals: int | None) -> str:
    """`+0.012`, `−0.040` (a true minus sign); no sign when it shows as zero."""
    magnitude = abs(number)
    if magnitude == float("inf"):
        return ("+" if number > 0 else "\u2212") + "too large"
    text = format_number(round(magnitude, 6)) if decimals is None else f"{magnitude:.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if number > 0 else "\u2212") + text


def limit_text(rule: Rule, ops: Mapping[str, str] | None = None) -> str:
    """`>= 0.8` (or, with `ops`, `≥ 0.8`): what a value must satisfy."""
    return f"{(ops or {}).get(rule.op, rule.op)} {format_number(rule.threshold)}"


def rule_text(rule: Rule, ops: Mapping[str, str] | None = None) -> str:
    """`accuracy >= 0.8`: the one way a rule is written, in every message and review."""
    return f"{rule.metric} {limit_text(rule, ops)}"


def change_text(number: float) -> str:
    """A change as a reviewer reads it: `+0.012`, `−0.040`, `+1`; a change too small for
    three decimals keeps two significant digits (`+0.00042`), never a false `0.000`."""
    if number != 0 and abs(number) < 0.0005:
        digits = f"{abs(number):.2g}"
        if "e" in digits:  # plain decimals, as everywhere else in the review
            digits = f"{abs(number):.{2 - int(f'{abs(number):e}'.split('e')[1]) - 1}f}"
        return ("+" if number > 0 else "\u2212") + digits
    return signed(number, 3 if abs(number) < 1 else None)
