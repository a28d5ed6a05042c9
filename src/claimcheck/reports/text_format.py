"""Text: a rich terminal report for people (colour only when writing to a terminal)."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimcheck.analysis import Report
from claimcheck.findings import Finding
from claimcheck.reports.common import (
    OWN_VOICE,
    by_event,
    event_heading,
    finding_rows,
    summary_line,
    verdict_lines,
)

SEVERITY_STYLE = {"major": "bold red", "moderate": "red", "minor": "yellow", "info": "cyan"}


def render(report: Report, out: TextIO) -> None:
    """Summary, each disagreement as a table, then one-sided figures grouped by party;
    both under the event they are reported in."""
    console = Console(file=out, width=max(100, Console(file=out).width), highlight=False)
    console.print(Text(summary_line(report), style="bold"))
    if report.disagreements:
        console.rule("Disagreements")
    for event, findings in by_event(report, report.disagreements):
        console.print(Text(f"Event: {event_heading(event)}", style="bold underline"))
        for finding in findings:
            _disagreement(console, report, finding)
    if report.one_sided:
        console.rule("One-sided figures")
    for event, findings in by_event(report, report.one_sided):
        console.print(Text(f"Event: {event_heading(event)}", style="bold underline"))
        _one_sided(console, report, findings)


def _disagreement(console: Console, report: Report, finding: Finding) -> None:
    """One disagreement: title, a table of its claims, the verdicts and its id."""
    style = SEVERITY_STYLE.get(finding.severity.value, "")
    title = Text.assemble(
        (f"{finding.code} {finding.name}", style),
        f" [{finding.severity.value}] {finding.quantity}",
    )
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    for column in ("value", "source", "speaker", "party", "evidence"):
        table.add_column(column, overflow="fold", ratio=3 if column == "evidence" else 1)
    for row in finding_rows(report, finding):
        table.add_row(
            row.value,
            f"{row.source}\n{row.date}".strip(),
            row.speaker,
            row.party,
            row.excerpt,
        )
    console.print(table)
    for line in verdict_lines(finding):
        console.print(f"  {line}")
    console.print(f"  id {finding.id}", style="dim")


def _one_sided(console: Console, report: Report, findings: list[Finding]) -> None:
    """One-sided findings of one event, grouped by the party asserting them."""
    ordered = sorted(findings, key=lambda f: (f.party or "", f.quantity, f.id))
    for party, group in groupby(ordered, key=lambda f: f.party or "unknown"):
        console.print(Text(f"Asserted only by {party}", style="bold"))
        for finding in group:
            rows = finding_rows(report, finding)
            values = ", ".join(sorted({r.value for r in rows}))
            speakers = "; ".join(sorted({r.speaker for r in rows if r.speaker != OWN_VOICE}))
            console.print(
                f"  {finding.code} {finding.name}: {values} — {finding.quantity} "
                f"(said by {speakers}; {len(rows)} claim(s))"
            )
            if finding.own_voice_sources:
                console.print(
                    "    stated in their own voice by: " + ", ".join(finding.own_voice_sources)
                )
