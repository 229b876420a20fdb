"""The Markdown report: golden text, and GitHub's own renderer (cmarkgfm) on the result."""

from __future__ import annotations

import html
import re
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate import __version__
from gate.errors import Issue, SchemaError
from gate.render.common import terminal_safe
from gate.render.markdown import escape_markdown, render_error_markdown, render_markdown
from tests.conftest import EXAMPLES
from tests.render.test_text import GOLDEN, result_for


def html_of(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown)


def table_rows(html: str) -> list[list[str]]:
    assert html.count("<table>") == 1, html
    return [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


@pytest.mark.parametrize(
    ("golden", "example", "rules"),
    [
        ("seed.md", "seed/metrics.json", ()),
        ("full.md", "full/metrics.yaml", ("f1 >= 0.75", "latency_ms <= 50")),
    ],
)
def test_markdown_matches_golden(golden: str, example: str, rules: tuple[str, ...]) -> None:
    text = render_markdown(result_for(EXAMPLES / example, *rules))
    assert f" · gate {__version__}</sub>" in text
    shown = text.replace(f" · gate {__version__}</sub>", " · gate VERSION</sub>")
    assert shown == (GOLDEN / golden).read_text(encoding="utf-8")


HOSTILE = [
    "a|b",
    "x\\|y",
    "<img src=x onerror=alert(1)>",
    "[click](https://evil.example)",
    "![pic](https://evil.example/p.png)",
    "**bold** _em_ `code` ~~del~~",
    "line\nbreak | cell",
    "&lt;entity&gt;",
    "# heading",
    "<!-- comment",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_untrusted_text_stays_literal_inside_one_cell(name: str) -> None:
    html = html_of(f"| h |\n| - |\n| {escape_markdown(name)} |\n")
    rows = table_rows(html)
    assert len(rows) == 2 and len(rows[1]) == 1
    cell = rows[1][0]
    for tag in ("<img", "<a ", "<strong", "<em", "<code", "<del", "<h1", "<!--"):
        assert tag not in cell


def test_hostile_model_names_do_not_change_the_table_shape(write) -> None:  # type: ignore[no-untyped-def]
    import json

    path = Path(write("m.json", json.dumps({name: 0.9 for name in HOSTILE})))
    rows = table_rows(html_of(render_markdown(result_for(path))))
    assert len(rows) == 1 + len(HOSTILE)
    assert all(len(row) == 3 for row in rows)  # Model, accuracy, Verdict


def test_error_markdown_is_a_list_of_problems() -> None:
    error = SchemaError(
        [
            Issue("1.5 is greater than the maximum of 1", "m.json", 3, ("b",)),
            Issue("bad | pipe **x**", "m.json", 4, ("c",)),
        ]
    )
    items = re.findall(r"<li>(.*?)</li>", html_of(render_error_markdown(error)), re.S)
    assert items == [
        "<strong>m.json:3</strong> at b: 1.5 is greater than the maximum of 1",
        "<strong>m.json:4</strong> at c: bad | pipe **x**",
    ]


def test_lineage_names_commit_evaluation_set_and_artifacts() -> None:
    html = html_of(render_markdown(result_for(EXAMPLES / "full/metrics.yaml")))
    assert (
        "Lineage: commit 3f2a9c1d8e7b · evaluation set holdout-2026-10 (sha256 9b1e5c3a7d2f…)"
        " · created 2026-11-20T10:00:00Z" in html
    )
    artifacts = html.split("Lineage: ")[1]  # <details> is raw HTML, omitted by the safe renderer
    rows = re.findall(r"<tr>(.*?)</tr>", artifacts, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    assert cells[1][:2] == ["model_A", "s3://bucket/model_A.onnx"]
    assert cells[2] == ["model_C", "s3://bucket/model_C.onnx", "—"]
    assert "<a " not in artifacts  # a URI is shown, never turned into a link


CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab1é -=/\\`*_{}[]()#+!|~&<>":.@\n\t\x1b')))


@settings(max_examples=300, deadline=None)
@given(CELL_TEXT)
def test_any_text_reads_back_literally_from_its_cell(text: str) -> None:
    """What GitHub shows in the cell is the text itself (line breaks as spaces, control
    characters as escapes, a zero-width space after '@')."""
    rows = table_rows(html_of(f"| h |\n| - |\n| {escape_markdown(text)} |\n"))
    assert len(rows) == 2 and len(rows[1]) == 1
    expected = terminal_safe(re.sub(r"[\r\n\t]+", " ", text)).replace("@", "@\u200b")
    assert html.unescape(rows[1][0]) == expected.strip()
