"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

Each finding becomes one ``::error`` (fails the check) or ``::warning`` (new but below
the fail level, or any finding outside a check) command at the figure of one of its
claims, grouped per file with ``::group::``/``::endgroup::`` so the job log folds them.
Known findings (baseline, acknowledged) are not annotated: the pull request did not
bring them. GitHub reads the commands from the log, so stdout holds nothing else.

Escaping follows the runner's rules: in the message ``%``, ``\\r`` and ``\\n`` become
``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,`` become ``%3A`` and ``%2C`` too.
Columns count Unicode code points; ``endColumn`` is the column of the figure's last
character (inclusive), as the annotation highlights it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TextIO

from claimcheck.analysis import Report
from claimcheck.checking import CheckResult, FindingState
from claimcheck.findings import Finding
from claimcheck.reports.sarif_format import artifact_uri
from claimcheck.validate import Problem


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, e.g. ``::error file=a.md,line=3::text``."""
    props = ",".join(
        f"{name}={escape_property(str(value))}"
        for name, value in properties.items()
        if value is not None
    )
    return (
        f"::{kind} {props}::{escape_data(message)}"
        if props
        else f"::{kind}::{escape_data(message)}"
    )


def _annotation(
    report: Report, finding: Finding, kind: str, claim_id: str | None, root: Path | None
) -> tuple[str, str]:
    """(file, command) for a finding annotated at ``claim_id``'s figure."""
    claims = report.claim_by_id()
    claim = claims.get(claim_id) if claim_id else None
    title = f"{finding.code} {finding.name} ({finding.severity.value})"
    others = [
        f"'{claims[c].value.text}' ({claims[c].source})"
        for c in finding.claims
        if c != claim_id and c in claims
    ]
    message = finding.message + f"\nFinding {finding.id}: {finding.quantity}."
    if others:
        message += "\nOther claims: " + "; ".join(others)
    if claim is None or claim.source not in report.paths:
        return "", command(kind, message, title=title)
    file = artifact_uri(report.paths[claim.source], root)
    region = report.regions.get(claim.id)
    if region is None:
        return file, command(kind, message, file=file, title=title)
    line, col, end_line, end_col = region
    return file, command(
        kind,
        message,
        file=file,
        line=line,
        col=col,
        endLine=end_line,
        endColumn=max(1, end_col - 1),
        title=title,
    )


def _problem_annotation(problem: Problem, root: Path | None) -> tuple[str, str]:
    file = artifact_uri(problem.path, root)
    return file, command(
        "error", problem.message, file=file, line=problem.line, title=f"store {problem.code}"
    )


def _write_groups(annotations: list[tuple[str, str]], out: TextIO) -> None:
    grouped: dict[str, list[str]] = defaultdict(list)
    for file, line in annotations:
        grouped[file].append(line)
    for file in sorted(grouped):
        lines = grouped[file]
        label = file or "claimcheck"
        noun = "annotation" if len(lines) == 1 else "annotations"
        out.write(f"::group::{escape_data(label)} ({len(lines)} {noun})\n")
        for line in lines:
            out.write(line + "\n")
        out.write("::endgroup::\n")


def render(report: Report, out: TextIO) -> None:
    """Every finding as a ``::warning`` annotation (a report does not gate)."""
    annotations = [
        _annotation(report, f, "warning", f.claims[0] if f.claims else None, None)
        for f in report.findings
    ]
    _write_groups(annotations, out)


def render_check(check: CheckResult, out: TextIO) -> None:
    """New findings as ``::error`` (failing) or ``::warning``; store problems as errors."""
    annotations = [_problem_annotation(p, check.root) for p in check.problems]
    for checked in check.checked:
        if checked.state is not FindingState.new:
            continue
        kind = "error" if checked.fails else "warning"
        annotations.append(
            _annotation(check.report, checked.finding, kind, checked.primary_claim, check.root)
        )
    _write_groups(annotations, out)
    verdict = "failed" if not check.passed else "passed"
    summary = f"claimcheck check {verdict}: " + "; ".join(check.summary_lines())
    out.write(command("notice", summary, title="claimcheck check") + "\n")
