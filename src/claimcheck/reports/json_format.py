"""JSON: the full report, versioned (docs/report-format.md), for machines and the scorer.

Top-level ``claims``, ``conflicts`` and ``one_sided`` follow the report contract that
evaluation tools read; ``findings`` carries every finding with all its fields.
"""

from __future__ import annotations

import json
from typing import TextIO

from claimcheck.analysis import Report
from claimcheck.findings import Finding

#: Code of the revised-figure rule, listed under "revisions" rather than "conflicts".
REVISED = "CC104"


def _conflict_entry(finding: Finding) -> dict:
    return {
        "id": finding.id,
        "kind": finding.value_kind,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "quantity": finding.quantity,
        "claims": finding.claims,
        "message": finding.message,
        "verdicts": [v.model_dump(mode="json") for v in finding.verdicts],
    }


def _one_sided_entry(finding: Finding) -> dict:
    return {
        "id": finding.id,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "quantity": finding.quantity,
        "claims": finding.claims,
        "party": finding.party,
        "own_side": finding.own_side,
        "own_voice_sources": finding.own_voice_sources,
        "message": finding.message,
    }


def payload(report: Report) -> dict:
    """The JSON document as a dict."""
    return {
        "schema": "claimcheck-report",
        "schema_version": report.schema_version,
        "tool_version": report.tool_version,
        "summary": {
            "sources": len(report.sources),
            "claims": len(report.claims),
            "conflicts": sum(f.code != REVISED for f in report.disagreements),
            "revisions": sum(f.code == REVISED for f in report.disagreements),
            "one_sided": len(report.one_sided),
        },
        "sources": [s.model_dump(mode="json") for s in report.sources],
        "claims": [c.model_dump(mode="json") for c in report.claims],
        "conflicts": [_conflict_entry(f) for f in report.disagreements if f.code != REVISED],
        # Revisions (CC104) are disagreements in the text but not conflicts: one voice
        # updated its own figure. They are listed apart so consumers do not count them.
        "revisions": [_conflict_entry(f) for f in report.disagreements if f.code == REVISED],
        "one_sided": [_one_sided_entry(f) for f in report.one_sided],
    }


def render(report: Report, out: TextIO) -> None:
    """Write the report as one JSON document."""
    json.dump(payload(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
