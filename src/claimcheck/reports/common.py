"""What every human-readable format shows of a claim, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.analysis import Report
from claimcheck.display import shown
from claimcheck.findings import Finding
from claimcheck.model import Claim, Event, Source

EXCERPT_WIDTH = 160
#: How a claim in the document's own voice shows in the speaker column.
OWN_VOICE = "(own voice)"


@dataclass(frozen=True)
class ClaimRow:
    """One line of a finding's table."""

    claim_id: str
    value: str
    source: str
    date: str
    speaker: str
    party: str
    excerpt: str


def excerpt(claim: Claim, width: int = EXCERPT_WIDTH) -> str:
    """The evidence quote cut around the figure, whitespace folded."""
    quote = claim.quote
    start = claim.value_span[0] - claim.span[0]
    if len(quote) > width:
        left = max(0, start - width // 2)
        right = min(len(quote), left + width)
        left = max(0, right - width)
        quote = ("…" if left > 0 else "") + quote[left:right] + ("…" if right < len(quote) else "")
    return shown(" ".join(quote.split()))


def claim_row(claim: Claim, sources: dict[str, Source]) -> ClaimRow:
    """The fields shown for a claim."""
    source = sources.get(claim.source)
    published = source.published.isoformat() if source and source.published else ""
    return ClaimRow(
        claim_id=claim.id,
        value=shown(claim.value.text),
        source=claim.source,
        date=published,
        speaker=shown(claim.attribution.speaker or OWN_VOICE),
        party=claim.attribution.party or "",
        excerpt=excerpt(claim),
    )


def finding_rows(report: Report, finding: Finding) -> list[ClaimRow]:
    """Rows of the claims behind a finding, in the finding's order."""
    claims = report.claim_by_id()
    sources = report.source_by_id()
    return [claim_row(claims[c], sources) for c in finding.claims if c in claims]


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def by_event(report: Report, findings: list[Finding]) -> list[tuple[Event | None, list[Finding]]]:
    """Findings under their event, events in report order (earliest first), order kept
    inside each; findings of no known event come last."""
    events = {event.id: event for event in report.events}
    grouped: dict[str | None, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.event if finding.event in events else None, []).append(finding)
    order = [e.id for e in report.events if e.id in grouped]
    if None in grouped:
        order.append(None)
    return [(events.get(key) if key else None, grouped[key]) for key in order]


def event_heading(event: Event | None) -> str:
    """'magnitude earthquake, Aceh, July 2013 (e-1a2b3c4d5e, 6 sources)'."""
    if event is None:
        return "Not grouped into an event"
    return f"{event.label} ({event.id}, {_count(len(event.sources), 'source', 'sources')})"


def summary_line(report: Report) -> str:
    """'4 sources in 2 events, 310 claims: 12 disagreements, 9 one-sided figures'."""
    events = f" in {_count(len(report.events), 'event', 'events')}" if report.events else ""
    sources, claims = report.totals or (len(report.sources), len(report.claims))
    return (
        f"{_count(sources, 'source', 'sources')}{events}, "
        f"{_count(claims, 'claim', 'claims')}: "
        f"{_count(len(report.disagreements), 'disagreement', 'disagreements')}, "
        f"{_count(len(report.one_sided), 'one-sided figure', 'one-sided figures')}"
    )


def verdict_lines(finding: Finding) -> list[str]:
    """'verdict: reason' once each: claims repeating a figure under another voice give the
    same pair reason again, which says nothing new to a reader."""
    return list(dict.fromkeys(f"{v.verdict}: {v.reason}" for v in finding.verdicts))
