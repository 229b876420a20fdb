"""Rules that name a metric no model has are a configuration error, not "every model
failed": `acuracy >= 0.8`, `F1 >= 0.8` or `--max-regression acc=0.02` would otherwise fail
every model for a typo, and a file whose tool writes other names (`eval.acc`, `macro_f1`)
would fail on the default accuracy rule without saying why. And a rule written as a
proportion on values written as percentages is refused, not rescaled."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from gate.errors import Issue, PolicyError
from gate.metrics import MetricsDoc, Model
from gate.numbers import format_number, rule_text
from gate.policy import Policy, proportion_like


def check_metric_names(doc: MetricsDoc, policy: Policy) -> None:
    wanted = [(f"the rule '{rule_text(r)}'", r.metric, False) for r in policy.rules]
    wanted += [(f"the slice rule '{rule_text(r)}'", r.metric, True) for r in policy.slices.rules]
    wanted += [(f"--max-slice-gap {g.metric}", g.metric, True) for g in policy.slices.gaps]
    wanted += [
        (f"--max-regression {x.metric}", x.metric, policy.baseline.slices)
        for x in policy.baseline.regressions
    ]
    floors = policy.baseline.improvements
    wanted += [(f"--min-improvement {x.metric}", x.metric, False) for x in floors]
    wanted += [(f"--max-drift {x.metric}", x.metric, False) for x in policy.history.drifts]
    wanted += [(f"--proportion-metric {p}", p, False) for p in sorted(policy.proportions)]
    for what, metric, in_slices in wanted:
        if any(metric in m.metrics for m in doc.models):  # stops at the first that has it
            continue
        have = {name for m in doc.models for name in m.metrics}
        if in_slices:
            found = {name for m in doc.models for s in m.slices for name in s.metrics}
            if metric in found:
                continue
            have |= found
        implicit = what.startswith("the rule") and metric in {r.metric for r in policy.implicit}
        raise PolicyError([Issue(_message(what, metric, have, doc, implicit), doc.file)])


def check_scales(doc: MetricsDoc, policy: Policy) -> None:
    """A rule written as a proportion (`rouge1 >= 0.4`) on values written as percentages
    (41.6) would pass every model: gate does not rescale, it refuses."""
    for rule in (*policy.rules, *policy.slices.rules):
        if not (0 <= rule.threshold <= 1 and proportion_like(rule.metric)):
            continue
        metric = rule.metric
        if rule in policy.slices.rules:
            pieces = ((m, s.metrics.get(metric)) for m in doc.models for s in m.slices)
            found = next(((m, v) for m, v in pieces if v is not None and 1 < v <= 100), None)
        else:
            found = _percent_like(doc.models, metric)
        if found is not None:
            model, high = found
            message = (
                f"{metric} is {format_number(high)} for {model.name!r}, which looks like a "
                f"percentage, but the rule '{rule_text(rule)}' reads it as a proportion in "
                "[0, 1]; gate does not rescale: write the threshold on the file's scale, "
                f"e.g. '{metric} {rule.op} {format_number(rule.threshold * 100)}'"
            )
            raise PolicyError([Issue(message, doc.file)])


def _percent_like(models: Sequence[Model], metric: str) -> tuple[Model, float] | None:
    """The first model whose `metric` lies in (1, 100]: the values gathered, then
    compared, without a tuple per model (a sweep has 100k models)."""
    values = [m.metrics.get(metric) for m in models]
    highs = [v for v in values if v is not None and 1 < v <= 100]  # none, when all is well
    return (models[values.index(highs[0])], highs[0]) if highs else None


def _message(what: str, metric: str, have: set[str], doc: MetricsDoc, implicit: bool) -> str:
    files = " and ".join(doc.files) if len(doc.files) > 1 else doc.file
    what += " (the default --min-accuracy)" if implicit else ""
    text = f"{what} names the metric {metric!r}, which no model in {files} has"
    close = closest(metric, have)
    text += f"; did you mean {close!r}?" if close else ""
    more = [f"The models have: {_listed(sorted(have))}"] if have else []
    if implicit:
        more.append(
            "Drop the default with --min-accuracy none (action input min-accuracy: none) "
            "and add a --threshold on a metric the file has"
        )
    for sentence in more:  # a question ends its own sentence
        text += ("" if text.endswith("?") else ".") + " " + sentence
    return text


def closest(name: str, names: Iterable[str]) -> str | None:
    """The name a typo probably meant: the same without case, else the nearest spelling."""
    names = sorted(names)
    for candidate in names:
        if candidate.lower() == name.lower():
            return candidate
    for candidate in names:  # `acc` for lm-eval's TASK.acc
        if candidate.lower().rpartition(".")[2] == name.lower():
            return candidate
    lowered = {n.lower(): n for n in names}
    found = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
    return lowered[found[0]] if found else None


def _listed(names: list[str], limit: int = 20) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
