"""The terminal table, checked against golden files and exact lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.evaluate import evaluate
from gate.load.document import parse_document
from gate.load.gate import validate_metrics
from gate.parse import parse_rule
from gate.policy import Requirement, Rule, build_policy
from gate.render.common import terminal_safe
from gate.render.text import render_text
from gate.result import GateResult
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"


def result_for(
    path: Path, *rules: str, min_accuracy: float | None = 0.8, require: str = "any"
) -> GateResult:
    doc = validate_metrics(parse_document(path.read_bytes(), path.name))
    kind = require if require in ("any", "all") else "model"
    req = Requirement(kind, model=None if kind != "model" else require)  # type: ignore[arg-type]
    accuracy = [Rule("accuracy", ">=", min_accuracy)] if min_accuracy is not None else []
    return evaluate(doc, build_policy([*accuracy, *(parse_rule(r) for r in rules)], req))


@pytest.mark.parametrize(
    ("golden", "example", "rules"),
    [
        ("seed.txt", "seed/metrics.json", ()),
        ("full.txt", "full/metrics.yaml", ("f1 >= 0.75", "latency_ms <= 50")),
    ],
)
def test_text_table_matches_golden(golden: str, example: str, rules: tuple[str, ...]) -> None:
    text = render_text(result_for(EXAMPLES / example, *rules))
    assert text == (GOLDEN / golden).read_text(encoding="utf-8")


def test_colour_marks_verdicts_and_keeps_columns_aligned() -> None:
    plain = render_text(result_for(EXAMPLES / "seed/metrics.json"))
    coloured = render_text(result_for(EXAMPLES / "seed/metrics.json"), color=True)
    assert "\x1b[32mpass (best)\x1b[0m" in coloured
    assert "\x1b[31mFAIL\x1b[0m" in coloured
    strip = coloured.replace("\x1b[32m", "").replace("\x1b[31m", "")
    strip = strip.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert strip == plain


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\x1b[2J", "evil\\x1b[2J"),
        ("a\rb", "a\\rb"),
        ("rtl\u202etxt", "rtl\\u202etxt"),
        ("ok name é", "ok name é"),
    ],
)
def test_control_characters_are_shown_escaped(name: str, shown: str) -> None:
    assert terminal_safe(name) == shown


# --- the table formatter is tabulate's "simple" format, byte for byte ----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tabulate import tabulate  # noqa: E402

from gate.render.text import simple_table  # noqa: E402

_CELL = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)
_COLOURED = st.builds(
    lambda t, c: f"\x1b[{c}m{t}\x1b[0m", _CELL, st.sampled_from(["31", "32", "1"])
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(_CELL, min_size=n, max_size=n),
            st.lists(st.lists(_CELL | _COLOURED, min_size=n, max_size=n), min_size=1, max_size=6),
        )
    )
)
def test_simple_table_matches_tabulate(table) -> None:  # type: ignore[no-untyped-def]
    headers, rows = table
    expected = tabulate(rows, headers, tablefmt="simple", disable_numparse=True)
    assert simple_table(headers, rows) == expected
