"""JSON: the full report, versioned, for machines and evaluation tools.

The payload is a pydantic model, so its JSON Schema (``docs/report.schema.json``) is
generated from the same definition that writes it and cannot drift. Top-level
``claims``, ``conflicts`` and ``one_sided`` follow the report contract that evaluation
tools read (``docs/report-format.md``).
"""

from __future__ import annotations

import json
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

from claimcheck.analysis import REPORT_SCHEMA_VERSION, Report
from claimcheck.findings import Finding, PairVerdict
from claimcheck.model import Claim, Event, Source

#: Code of the revised-figure rule, listed under "revisions" rather than "conflicts".
REVISED = "CC104"


class Summary(BaseModel):
    """Counts for a first glance."""

    sources: int
    claims: int
    # Events the sources were grouped into.
    events: int = 0
    # Disagreements (CC101-CC103).
    conflicts: int
    # Figures one voice updated with a later as-of date (CC104).
    revisions: int
    # Figures only one party of the conflict asserts (CC201-CC203).
    one_sided: int


class DisagreementEntry(BaseModel):
    """A disagreement (or revision) finding: the claims about one quantity that differ."""

    # Stable fingerprint of the rule and the claims' ids.
    id: str
    # "numeric" or "date".
    kind: str
    # Rule code and name (docs/findings.md).
    code: str
    name: str
    # info, minor, moderate or major.
    severity: str
    # What the figures are about, in words.
    quantity: str
    # Id of the event the figures are reported in (an entry of "events").
    event: str | None = None
    # Ids of the claims involved (entries of "claims").
    claims: list[str]
    message: str
    # Pair verdicts with a reason each.
    verdicts: list[PairVerdict]


class OneSidedEntry(BaseModel):
    """A figure asserted only by one party of the conflict."""

    id: str
    code: str
    name: str
    severity: str
    quantity: str
    # Id of the event the figure is reported in (an entry of "events").
    event: str | None = None
    claims: list[str]
    # The only party asserting the figure.
    party: str | None
    # True when the party reports its own side's figure, False for the adversary's.
    own_side: bool | None
    # Sources that state the figure in their own voice while their only named source for
    # it is that party.
    own_voice_sources: list[str]
    message: str


class ReportPayload(BaseModel):
    """The JSON report claimcheck writes (``scan --format json``, ``report --format json``).

    Other top-level keys may be added by commands that wrap the report (``check`` adds
    ``check``); consumers ignore keys they do not know.
    """

    model_config = ConfigDict(extra="allow")

    schema_name: Literal["claimcheck-report"] = Field(
        default="claimcheck-report", alias="schema", serialization_alias="schema"
    )
    schema_version: int
    tool_version: str
    summary: Summary
    sources: list[Source]
    # The events (stories) the sources report: id, label, sources, date span and the
    # features the sources share. Figures are compared only inside one event.
    events: list[Event]
    claims: list[Claim]
    conflicts: list[DisagreementEntry]
    revisions: list[DisagreementEntry]
    one_sided: list[OneSidedEntry]


def _disagreement(finding: Finding) -> DisagreementEntry:
    return DisagreementEntry(
        id=finding.id,
        kind=finding.value_kind,
        code=finding.code,
        name=finding.name,
        severity=finding.severity.value,
        quantity=finding.quantity,
        event=finding.event,
        claims=finding.claims,
        message=finding.message,
        verdicts=finding.verdicts,
    )


def _one_sided(finding: Finding) -> OneSidedEntry:
    return OneSidedEntry(
        id=finding.id,
        code=finding.code,
        name=finding.name,
        severity=finding.severity.value,
        quantity=finding.quantity,
        event=finding.event,
        claims=finding.claims,
        party=finding.party,
        own_side=finding.own_side,
        own_voice_sources=finding.own_voice_sources,
        message=finding.message,
    )


def build_payload(report: Report) -> ReportPayload:
    """The report as the JSON payload model."""
    conflicts = [_disagreement(f) for f in report.disagreements if f.code != REVISED]
    revisions = [_disagreement(f) for f in report.disagreements if f.code == REVISED]
    one_sided = [_one_sided(f) for f in report.one_sided]
    return ReportPayload(
        schema_version=report.schema_version,
        tool_version=report.tool_version,
        summary=Summary(
            sources=len(report.sources),
            claims=len(report.claims),
            events=len(report.events),
            conflicts=len(conflicts),
            revisions=len(revisions),
            one_sided=len(one_sided),
        ),
        sources=report.sources,
        events=report.events,
        claims=report.claims,
        conflicts=conflicts,
        revisions=revisions,
        one_sided=one_sided,
    )


def payload(report: Report) -> dict:
    """The JSON document as a dict."""
    return build_payload(report).model_dump(mode="json", by_alias=True)


def json_schema() -> dict:
    """JSON Schema of the payload (shipped as docs/report.schema.json)."""
    schema = ReportPayload.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"claimcheck report, schema version {REPORT_SCHEMA_VERSION}"
    return schema


def render(report: Report, out: TextIO) -> None:
    """Write the report as one JSON document."""
    json.dump(payload(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
