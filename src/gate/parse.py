"""Text → policy values. Each parser raises ValueError with a message fit for a user that
says what was expected; the caller adds where the text came from (a flag, an input, a line
of the policy file)."""

from __future__ import annotations

import math
import re
from typing import Callable

from gate.policy import OPS, Change, Gap, Requirement, Rule, Runs
from gate.schema import proportion_metrics

# A metric is a word without spaces or operators, or any name in quotes ('NER F Score').
_RULE = re.compile(r"""\s*('[^']+'|"[^"]+"|[^<>=!\s'"]+)\s*(>=|<=|=>|=<|==|!=|=|>|<)\s*(\S*)\s*""")
MAX_NUMBER_CHARS = 100  # longer text is no number a person meant; refused before float()


def parse_number(text: str, what: str) -> float:
    """A finite number. `what` names it in the message."""
    stripped = text.strip()
    try:
        if len(stripped) > MAX_NUMBER_CHARS:
            raise ValueError
        number = float(stripped)
    except ValueError:
        raise ValueError(f"{what} must be a number, got {quoted(text)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {quoted(text)}")
    return number


def quoted(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _proportion(metric: str, value: float, percent: bool, text: str, what: str) -> float:
    """A value on a proportion metric lies in [0, 1]; `80` or `80%` probably meant 0.8."""
    if metric not in proportion_metrics():
        if percent:
            raise ValueError(f"{what} must be a number, got {quoted(text)}")
        return value
    if 0 <= value <= 1 and not percent:
        return value
    meant = value / 100 if percent or 1 < value <= 100 else None
    hint = f"; did you mean {meant:g}?" if meant is not None and 0 <= meant <= 1 else ""
    raise ValueError(f"{metric} is a proportion in [0, 1], so {what} {text} is out of range{hint}")


def _number_or_percent(text: str, what: str) -> tuple[float, bool]:
    """`0.8` → (0.8, False); `80%` → (80.0, True)."""
    stripped = text.strip()
    percent = stripped.endswith("%")
    return parse_number(stripped[:-1] if percent else stripped, what), percent


_UNQUOTED = (
    "; quote the rule (--threshold 'f1 >= 0.7'): unquoted, the shell reads > and < as "
    "redirections, and may have left a file named like '=0.7' behind"
)


def parse_rule(text: str) -> Rule:
    """`f1>=0.7`, `latency_ms <= 50`."""
    match = _RULE.fullmatch(text)
    if not match:
        hint = _UNQUOTED if re.fullmatch(r"\s*[\w.,@/-]+\s*", text) else ""
        raise ValueError(
            f"expected 'METRIC OP VALUE' such as 'f1 >= 0.7', got {quoted(text)}{hint}"
        )
    metric, op, value = match.groups()
    metric = unquote(metric)
    if op not in OPS:
        raise ValueError(f"operator {op!r} is not supported; use one of >=, >, <=, <")
    threshold, percent = _number_or_percent(value, "the threshold")
    threshold = _proportion(metric, threshold, percent, value, "the threshold")
    return Rule(metric, op, threshold)  # type: ignore[arg-type]


def parse_min_accuracy(text: str) -> float | None:
    """A number in [0, 1], or `none` to drop the accuracy rule."""
    if text.strip().lower() == "none":
        return None
    value, percent = _number_or_percent(text, "the minimum accuracy")
    return _proportion("accuracy", value, percent, text.strip(), "the minimum")


def unquote(name: str) -> str:
    """`'NER F Score'` → `NER F Score`: how a metric name with spaces is written in a rule."""
    name = name.strip()
    if len(name) > 2 and name[0] == name[-1] and name[0] in "'\"":
        return name[1:-1]
    return name


def _metric_amount(text: str, example: str) -> tuple[str, str]:
    metric, sep, amount = text.rpartition("=")
    if not sep or not unquote(metric) or not amount.strip():
        raise ValueError(f"expected METRIC=AMOUNT such as {example}, got {quoted(text)}")
    return unquote(metric), amount.strip()


def parse_gap(text: str) -> Gap:
    """`accuracy=0.05`: the largest allowed best-minus-worst slice difference."""
    metric, amount = _metric_amount(text, "accuracy=0.05")
    value = parse_number(amount, "the amount")
    if value < 0:
        raise ValueError("the amount must not be negative")
    return Gap(metric, value)


def parse_change(text: str) -> Change:
    """`accuracy=0.02` (absolute) or `accuracy=2%` (of the reference value)."""
    metric, amount = _metric_amount(text, "accuracy=0.02 or accuracy=2%")
    value, percent = _number_or_percent(amount, "the amount")
    if value < 0:
        raise ValueError("the amount must not be negative")
    if percent:
        return Change(metric, value / 100, relative=True)
    if value >= 1 and metric in proportion_metrics():
        raise ValueError(
            f"{metric} is a proportion in [0, 1], so a change of {amount} is more than its "
            f"whole range; did you mean {metric}={amount}% or {metric}={value / 100:g}?"
        )
    return Change(metric, value)


HIGHEST_LEVEL = 0.999999


def parse_confidence(text: str) -> float | None:
    """A confidence level strictly between 0 and 1, such as 0.95; `none`: off."""
    if text.strip().lower() == "none":
        return None
    level, percent = _number_or_percent(text, "the level")
    if percent:
        level /= 100
    if not 0 < level < 1:
        hint = f"; did you mean {level / 100:g}?" if 1 < level < 100 else ""
        raise ValueError(f"expected a level between 0 and 1 such as 0.95, got {quoted(text)}{hint}")
    if level > HIGHEST_LEVEL:  # the normal quantile of a level closer to 1 is no number
        raise ValueError(f"expected a level of at most {HIGHEST_LEVEL}, got {quoted(text)}")
    return level


def parse_count(text: str) -> int:
    """A whole number >= 0."""
    stripped = text.strip()
    if not stripped.isdigit() or not stripped.isascii() or len(stripped) > 18:
        raise ValueError(f"expected a whole number >= 0, got {quoted(text)}")
    return int(stripped)


def parse_requirement(text: str) -> Requirement:
    word = text.strip()
    if word in ("any", "all"):
        return Requirement(word)  # type: ignore[arg-type]
    if word.isdigit() and word.isascii():
        if len(word) > 18 or int(word) < 1:
            raise ValueError(f"N must be a whole number >= 1, got {quoted(text)}")
        return Requirement("count", number=int(word))
    if not word:
        raise ValueError("expected any, all, a number N >= 1, or a model name")
    return Requirement("model", model=word)


def choice(*choices: str) -> Callable[[str], str]:
    """A parser that accepts one of `choices` (any case) and returns it in lower case."""

    def parse(text: str) -> str:
        word = text.strip().lower()
        if word not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {quoted(text)}")
        return word

    return parse


def parse_text(text: str) -> str:
    """Any text but blank: a path, a name, a pathspec."""
    if not text.strip():
        raise ValueError("must not be empty")
    return text.strip()


_COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def parse_comment_id(text: str) -> str:
    if not _COMMENT_ID.fullmatch(text.strip()):
        raise ValueError(f"expected letters, digits, '.', '_' or '-' (at most 64), got {text!r}")
    return text.strip()


def parse_pr(text: str) -> int:
    number = parse_count(text)
    if number < 1:
        raise ValueError(f"expected a pull request number, got {text!r}")
    return number


def parse_runs(text: str) -> Runs:
    """`mean`, `worst`, `each` (every run must qualify) or `each:K` (at least K must)."""
    word, _, count = text.strip().lower().partition(":")
    if word not in ("mean", "worst", "each") or (count and word != "each"):
        raise ValueError(f"expected mean, worst, each or each:K, got {quoted(text)}")
    if not count:
        return Runs(word)  # type: ignore[arg-type]
    if not count.isdigit() or not count.isascii() or not 1 <= int(count) <= 1000:
        raise ValueError(f"each:K needs a whole number K >= 1, got {quoted(text)}")
    return Runs("each", int(count))
