"""--junit FILE: the verdict as JUnit XML, for CI systems that show test reports (GitLab's
artifacts:reports:junit, Jenkins, Azure Pipelines). One <testsuite> named after the metrics
files; a <testcase> per model (a <failure> with the reason when it does not qualify), one for
the requirement, one per blocking finding; warnings and notes in <system-out>. An input
error is an <error> test case, so the file never passes, and is never empty or stale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from gate import __version__
from gate.errors import GateError
from gate.render.findings import finding_text, verdict_line
from gate.render.reasons import model_reason, requirement
from gate.result import GateResult

# XML 1.0 has no way to write these (control characters, lone surrogates, U+FFFE/U+FFFF):
# they are shown as escapes, as a terminal shows them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text
    )


def render_junit(result: GateResult) -> str:
    suite = _suite(result.files or (result.file,))
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("gate_version", __version__),
        ("passed", "true" if result.passed else "false"),
        ("verdict", verdict_line(result)),
        ("best_model", result.best or ""),
    ):
        ET.SubElement(props, "property", name=name, value=xml_text(value))
    failures = 0
    for model in result.models:
        case = _case(suite, model.name, "gate.model")
        if not model.qualified:
            failures += 1
            _failure(case, "ModelDoesNotQualify", model_reason(model))
    need = requirement(result.policy.require)
    case = _case(suite, f"requirement: {need}", "gate.requirement")
    if not result.met:
        failures += 1
        _failure(case, "RequirementNotMet", verdict_line(result, findings=False))
    others = []
    for finding in result.findings:
        text = finding_text(finding)
        if finding.blocking:
            failures += 1
            case = _case(suite, f"finding: {finding.kind}", "gate.finding")
            _failure(case, "GateFinding", text)
        else:
            others.append(f"{finding.level}: {text}")
    if others:
        ET.SubElement(suite, "system-out").text = xml_text("\n".join(others))
    return _document(suite, tests=len(suite.findall("testcase")), failures=failures, errors=0)


def render_error_junit(error: GateError, files: Sequence[str]) -> str:
    """A run that could not decide: one test case in error, with every problem."""
    suite = _suite(files or ("gate",))
    case = _case(suite, "input", "gate.input")
    lines = [issue.describe() for issue in error.issues]
    if error.more:
        lines.append(f"… and {error.more} more models with problems")
    node = ET.SubElement(case, "error", type=type(error).__name__, message=xml_text(error.title))
    node.text = xml_text("\n".join(lines))
    return _document(suite, tests=1, failures=0, errors=1)


def _suite(files: Sequence[str]) -> ET.Element:
    return ET.Element("testsuite", name=xml_text(", ".join(files)))


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=xml_text(name), classname=classname, time="0")


def _failure(case: ET.Element, kind: str, message: str) -> None:
    node = ET.SubElement(case, "failure", type=kind, message=xml_text(message))
    node.text = xml_text(message)


def _document(suite: ET.Element, *, tests: int, failures: int, errors: int) -> str:
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    suite.attrib.update({**counts, "skipped": "0", "time": "0"})
    root = ET.Element("testsuites", {"name": "gate", "time": "0", **counts})
    root.append(suite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
