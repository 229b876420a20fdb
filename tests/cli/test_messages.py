"""Messages that finish the sentence: each names what to do next (issue 27)."""

from __future__ import annotations

from typing import Any

from tests.conftest import SEED, gate_main, gate_process

CARD = """---
model-index:
- name: bert-ner
  results:
  - task: {type: token-classification}
    dataset: {name: conll2003, type: conll2003}
    metrics:
    - {type: f1, value: VALUE}
---
"""


def test_a_full_form_without_its_version_says_to_add_it(write: Any) -> None:
    run = gate_main([write("m.yaml", "models:\n  - name: a\n    metrics: {accuracy: 0.9}\n")])
    assert run.code == 2
    assert "models: expected a number or a mapping, got a list; a list of models is the full " in (
        run.err
    )
    assert "add `version: 1` beside `models:`" in run.err


def test_a_percentage_in_gate_s_own_file_gets_the_proportion_it_meant(write: Any) -> None:
    doc = '{"version": 1, "models": [{"name": "a", "metrics": {"accuracy": 82}}]}'
    run = gate_main([write("m.json", doc)])
    assert run.code == 2 and "(accuracy is a proportion in [0, 1]); did you mean 0.82?" in run.err


def test_a_tool_s_percentages_are_read_as_such_when_declared(write: Any) -> None:
    card = write("README.md", CARD.replace("VALUE", "75.6"))
    asked = [card, "--min-accuracy", "none", "--threshold", "f1 >= 0.7"]
    run = gate_main(asked)
    assert run.code == 2
    assert (
        "75.6 is greater than the maximum of 1 (f1 is a proportion in [0, 1]); if the tool "
        "writes f1 in percent, read it as a percentage with --percent-metric f1" in run.err
    )
    run = gate_main([*asked, "--percent-metric", "f1"])
    assert run.code == 0 and "bert-ner  0.756" in run.out
    assert "Read as: model-index (read as percentages: f1)" in run.out
    # declared, never guessed: a value that cannot be a percentage is refused, located
    bad = write("bad/README.md", CARD.replace("VALUE", "175.6"))
    run = gate_main([bad, "--min-accuracy", "none", "--threshold", "f1 >= 0.7",
                     "--percent-metric", "f1"])  # fmt: skip
    assert run.code == 2
    assert "README.md:8: model-index[0].results[0].metrics[0].value: f1 is read as a " in run.err
    # a proportion the tool wrote as one, read as a percentage, fails closed (0.00756 < 0.7)
    small = write("small/README.md", CARD.replace("VALUE", "0.756"))
    assert gate_main([small, "--min-accuracy", "none", "--threshold", "f1 >= 0.7",
                      "--percent-metric", "f1"]).code == 1  # fmt: skip


def test_an_unquoted_rule_says_to_quote_it() -> None:
    # `--threshold accuracy>=0.8` unquoted: the shell passes `accuracy`, writes a file `=0.8`
    run = gate_main([str(SEED), "--threshold", "accuracy"])
    assert run.code == 2 and "quote the rule (--threshold 'f1 >= 0.7')" in run.err


def test_usage_names_every_command_and_its_own_help() -> None:
    run = gate_main(["validate"])
    assert run.code == 2 and "(see gate validate --help)" in run.err
    helped = gate_process(["--help"])  # argparse prints help to the process's stdout
    assert helped.out.startswith(
        "usage: gate [options] METRICS_FILE [METRICS_FILE ...]\n"
        "       gate validate [options] FILE [FILE ...]\n"
        "       gate schema [metrics|policy]\n"
    )


def test_a_suggestion_ends_its_own_sentence() -> None:
    run = gate_main([str(SEED), "--threshold", "acuracy >= 0.5"])
    assert run.code == 2
    assert "did you mean 'accuracy'? The models have" in run.err and "?." not in run.err
