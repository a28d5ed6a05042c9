"""Markdown: a pull-request comment, readable on GitHub and GitLab."""

from __future__ import annotations

from typing import TextIO

from claimcheck.analysis import Report
from claimcheck.reports.common import OWN_VOICE, finding_rows, summary_line, verdict_lines


def _cell(text: str) -> str:
    """Table-cell text: pipes escaped, newlines folded."""
    return " ".join(text.replace("|", "\\|").split())


def render(report: Report, out: TextIO) -> None:
    """Summary, one table per disagreement, one-sided figures as a list by party."""
    lines = ["## claimcheck report", "", summary_line(report), ""]
    if report.disagreements:
        lines += ["### Disagreements", ""]
    for finding in report.disagreements:
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
    if report.one_sided:
        lines += ["### One-sided figures", ""]
    for finding in sorted(report.one_sided, key=lambda f: (f.party or "", f.quantity, f.id)):
        rows = finding_rows(report, finding)
        values = ", ".join(sorted({_cell(r.value) for r in rows}))
        speakers = "; ".join(sorted({_cell(r.speaker) for r in rows if r.speaker != OWN_VOICE}))
        lines.append(
            f"- **{finding.party}** — {values}: {_cell(finding.quantity)} "
            f"(`{finding.code}` {finding.name}; said by {speakers})"
        )
    out.write("\n".join(lines).rstrip() + "\n")
