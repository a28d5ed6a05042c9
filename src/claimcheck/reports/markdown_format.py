"""Markdown: a pull-request comment, readable on GitHub and GitLab."""

from __future__ import annotations

import re
from typing import TextIO

from claimcheck.analysis import Report
from claimcheck.findings import Finding
from claimcheck.reports.common import (
    OWN_VOICE,
    by_event,
    event_heading,
    finding_rows,
    shown,
    summary_line,
    verdict_lines,
)

#: Markdown that would turn a document's text into markup or links on the page.
_MARKUP = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "\\|",
    "[": "\\[",
    "]": "\\]",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
}
_MARKUP_RE = re.compile("[&<>|\\[\\]`*_]")


def _cell(text: str) -> str:
    """Text from documents as plain text in Markdown: raw HTML, links (``javascript:``
    ones included), emphasis and pipes escaped, active characters shown as escapes,
    newlines folded."""
    text = _MARKUP_RE.sub(lambda m: _MARKUP[m.group()], shown(text))
    return " ".join(text.split())


def render(report: Report, out: TextIO) -> None:
    """Summary, one table per disagreement, one-sided figures as a list by party; both
    under the event they are reported in."""
    lines = ["## claimcheck report", "", summary_line(report), ""]
    if report.disagreements:
        lines += ["### Disagreements", ""]
    for event, findings in by_event(report, report.disagreements):
        lines += [f"**Event: {_cell(event_heading(event))}**", ""]
        lines += _disagreement(report, findings)
    if report.one_sided:
        lines += ["### One-sided figures", ""]
    for event, findings in by_event(report, report.one_sided):
        lines += [f"**Event: {_cell(event_heading(event))}**", ""]
        lines += _one_sided(report, findings)
        lines.append("")
    out.write("\n".join(lines).rstrip() + "\n")


def _disagreement(report: Report, findings: list[Finding]) -> list[str]:
    """A heading, a table of claims and the verdicts for each disagreement."""
    lines: list[str] = []
    for finding in findings:
        heading = f"#### {finding.code} `{finding.name}` ({finding.severity.value})"
        lines += [
            f"{heading}: {_cell(finding.quantity)}",
            "",
            "| value | source | date | speaker | party | evidence |",
            "|---|---|---|---|---|---|",
        ]
        for row in finding_rows(report, finding):
            lines.append(
                f"| {_cell(row.value)} | {_cell(row.source)} | {row.date} | "
                f"{_cell(row.speaker)} | {_cell(row.party)} | {_cell(row.excerpt)} |"
            )
        lines.append("")
        lines += [f"- {_cell(line)}" for line in verdict_lines(finding)]
        lines += ["", f"<sub>finding {finding.id}</sub>", ""]
    return lines


def _one_sided(report: Report, findings: list[Finding]) -> list[str]:
    """One list item per one-sided figure, by party."""
    lines: list[str] = []
    for finding in sorted(findings, key=lambda f: (f.party or "", f.quantity, f.id)):
        rows = finding_rows(report, finding)
        values = ", ".join(sorted({_cell(r.value) for r in rows}))
        speakers = "; ".join(sorted({_cell(r.speaker) for r in rows if r.speaker != OWN_VOICE}))
        lines.append(
            f"- **{finding.party}** — {values}: {_cell(finding.quantity)} "
            f"(`{finding.code}` {finding.name}; said by {speakers})"
        )
    return lines
