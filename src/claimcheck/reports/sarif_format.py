"""SARIF 2.1.0: findings as static-analysis results, for GitHub code scanning and IDEs.

One run; ``tool.driver.rules`` lists every rule of :data:`claimcheck.findings.RULES` (all
of them, not only those that fired, so a consumer can tell "ran and found nothing" from
"unknown rule") and the store problem codes. Each finding is a result located at the
figure of one of its claims in the source document (front matter counted, columns in
Unicode code points, ``run.columnKind`` says so), with the other claims as
``relatedLocations`` and the finding's fingerprint in ``partialFingerprints`` so code
scanning tracks it across commits without line-based hashing.

From ``claimcheck check``, known findings are kept in the log with ``suppressions``
(baseline or acknowledgement, with its reason) and ``baselineState: unchanged``, so the
log is a complete record while viewers hide them; new ones are ``baselineState: new``.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from claimcheck import __version__
from claimcheck.analysis import Report
from claimcheck.checking import ACK_CODES, CheckedFinding, CheckResult, FindingState
from claimcheck.findings import RULES, Finding, FindingKind, Rule, Severity
from claimcheck.validate import CODES, Problem

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

#: Result level of a finding by severity, outside a check (and for rule defaults).
SEVERITY_LEVEL = {
    Severity.major: "error",
    Severity.moderate: "warning",
    Severity.minor: "note",
    Severity.info: "note",
}

#: Default severity of each rule as docs/findings.md gives it (CC101/CC102 vary with the
#: worst pair; their default is the level of a real conflict).
RULE_LEVEL = {
    "CC101": "error",
    "CC102": "error",
    "CC103": "note",
    "CC104": "note",
    "CC201": "note",
    "CC202": "warning",
    "CC203": "note",
}

#: Environment variable naming where docs/findings.md is published, for ``helpUri``.
DOCS_URL_VARIABLE = "CLAIMCHECK_DOCS_URL"


def docs_url() -> str | None:
    """Absolute URL of docs/findings.md, when one is known.

    SARIF wants an absolute ``helpUri``. It comes from ``CLAIMCHECK_DOCS_URL``, else from
    the package's ``Documentation`` project URL; without either, rules carry their help
    text inline (``help``) and no ``helpUri``, rather than a link that leads nowhere.
    """
    url = os.environ.get(DOCS_URL_VARIABLE)
    if url:
        return url
    try:
        for entry in metadata.metadata("claimcheck").get_all("Project-URL") or []:
            label, _, value = entry.partition(",")
            if label.strip().lower() == "documentation" and value.strip():
                return value.strip().rstrip("/") + "/docs/findings.md"
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return None
    return None


def rule_anchor(rule: Rule) -> str:
    """Anchor in docs/findings.md: the Rules table, where every code has its row."""
    del rule  # one table holds every rule; kept as a parameter should each get a heading
    return "rules"


def _rule(rule: Rule, base: str | None) -> dict[str, Any]:
    family = "disagreement" if rule.kind is FindingKind.disagreement else "one-sided figure"
    full = f"{rule.summary} Example: {rule.example}."
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {
            "text": f"{full} See docs/findings.md in claimcheck.",
            "markdown": f"**{rule.code} `{rule.name}`** ({family}): {rule.summary}\n\n"
            f"Example: {rule.example}\n\nSee `docs/findings.md` (Rules).",
        },
        "defaultConfiguration": {"level": RULE_LEVEL.get(rule.code, "warning")},
        "properties": {"tags": ["claimcheck", family]},
    }
    if base:
        entry["helpUri"] = f"{base}#{rule_anchor(rule)}"
    return entry


def _problem_rule(code: str, text: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": code,
        "shortDescription": {"text": f"Store problem: {text}."},
        "fullDescription": {
            "text": f"The claim store has a problem: {text}. See docs/commands/validate.md."
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["claimcheck", "store"]},
    }


def artifact_uri(path: str, root: Path | None) -> str:
    """``path`` relative to ``root`` with forward slashes, as code scanning wants; a file
    outside ``root`` gets an absolute ``file:`` URI."""
    absolute = Path(path).resolve()
    base = (root or Path.cwd()).resolve()
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_uri()


def _location(
    report: Report, claim_id: str, root: Path | None, message: str | None = None
) -> dict[str, Any] | None:
    claims = report.claim_by_id()
    claim = claims.get(claim_id)
    if claim is None or claim.source not in report.paths:
        return None
    physical: dict[str, Any] = {
        "artifactLocation": {
            "uri": artifact_uri(report.paths[claim.source], root),
            "uriBaseId": "%SRCROOT%",
        }
    }
    region = report.regions.get(claim_id)
    if region is not None:
        physical["region"] = {
            "startLine": region[0],
            "startColumn": region[1],
            "endLine": region[2],
            "endColumn": region[3],
            # The characters the region covers (value.text may add a qualifier).
            "snippet": {
                "text": claim.quote[
                    claim.value_span[0] - claim.span[0] : claim.value_span[1] - claim.span[0]
                ]
            },
        }
    location: dict[str, Any] = {"physicalLocation": physical}
    if message:
        location["message"] = {"text": message}
    return location


def _claim_words(report: Report, claim_id: str) -> str:
    claim = report.claim_by_id().get(claim_id)
    if claim is None:
        return claim_id
    who = claim.attribution.speaker or "own voice"
    party = f" ({claim.attribution.party})" if claim.attribution.party else ""
    return f"'{claim.value.text}' in {claim.source}, said by {who}{party} [{claim.id}]"


def _result(
    report: Report,
    finding: Finding,
    root: Path | None,
    checked: CheckedFinding | None,
    baseline_name: str,
) -> dict[str, Any]:
    primary = (checked.primary_claim if checked else None) or (
        finding.claims[0] if finding.claims else None
    )
    if checked is None:
        level = SEVERITY_LEVEL[finding.severity]
    elif checked.state is FindingState.new:
        level = "error" if checked.fails else "warning"
    else:
        level = "note"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": list(RULES).index(finding.code) if finding.code in RULES else None,
        "level": level,
        "message": {"text": f"{finding.message} (finding {finding.id}, {finding.severity.value})"},
        "locations": [],
        "partialFingerprints": {
            "claimcheckFinding/v1": checked.fingerprint if checked else finding.id
        },
        "properties": {
            "findingId": finding.id,
            "severity": finding.severity.value,
            "quantity": finding.quantity,
            "claims": finding.claims,
        },
    }
    if result["ruleIndex"] is None:
        del result["ruleIndex"]
    if primary is not None:
        location = _location(report, primary, root)
        if location is not None:
            result["locations"].append(location)
    related = []
    for number, claim_id in enumerate(finding.claims, start=1):
        if claim_id == primary:
            continue
        location = _location(report, claim_id, root, _claim_words(report, claim_id))
        if location is not None:
            location["id"] = number
            related.append(location)
    if related:
        result["relatedLocations"] = related
    if checked is not None:
        result["baselineState"] = "new" if checked.state is FindingState.new else "unchanged"
        result["properties"]["state"] = checked.state.value
        if checked.state is FindingState.baselined:
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"recorded in the baseline {baseline_name}",
                }
            ]
        elif checked.acknowledgement is not None:
            ack = checked.acknowledgement
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{ack.reason} (acknowledged by {ack.who}, {ack.when})",
                }
            ]
    return result


def _problem_result(problem: Problem, root: Path | None, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(problem.path, root), "uriBaseId": "%SRCROOT%"}
    }
    if problem.line is not None:
        physical["region"] = {"startLine": problem.line}
    return {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": physical}],
    }


def sarif_log(
    report: Report,
    root: Path | None = None,
    check: CheckResult | None = None,
) -> dict[str, Any]:
    """The SARIF log as a dict: the whole report, or a check's verdict on it."""
    base = docs_url()
    rules = [_rule(rule, base) for rule in RULES.values()]
    problem_codes = {**CODES, **ACK_CODES}
    problem_index = {code: len(rules) + i for i, code in enumerate(problem_codes)}
    rules += [_problem_rule(code, text) for code, text in problem_codes.items()]
    states = check.states() if check else {}
    baseline_name = check.baseline_path.name if check and check.baseline_path else "baseline"
    results = [
        _result(report, finding, root, states.get(finding.id), baseline_name)
        for finding in report.findings
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if check is not None:
        results += [
            _problem_result(problem, root, problem_index.get(problem.code, 0))
            for problem in check.problems
        ]
        notes = [{"level": "note", "message": {"text": line}} for line in check.summary_lines()]
        invocation["toolExecutionNotifications"] = notes
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "claimcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if base:
        run["tool"]["driver"]["informationUri"] = base
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, out: TextIO) -> None:
    """Write the report as a SARIF log (every finding a result, levels by severity)."""
    json.dump(sarif_log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_check(check: CheckResult, out: TextIO) -> None:
    """Write a check's verdict as a SARIF log (failing findings are errors)."""
    json.dump(sarif_log(check.report, check.root, check), out, ensure_ascii=False, indent=2)
    out.write("\n")
