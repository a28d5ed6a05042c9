"""Comparison: which claims speak of the same quantity, whether they disagree, and which
figures rest on one party's word.

The work is split so that each step stays cheap on a large corpus:

1. :mod:`.blocking` partitions the live claims into groups about one quantity, using
   exact-match blocks and fuzzy subject matching only inside a block;
2. :mod:`.verdicts` reads each claim's figure as an interval (:mod:`.figures`), settles
   the common all-compatible group in one pass, and otherwise judges each pair of
   distinct figures and builds the disagreement finding (CC101-CC104);
3. :mod:`.onesided` checks each figure (a value with the claims that support it) for
   corroboration beyond one side of the conflict (CC201-CC203).

Claims are read as given: nothing is re-validated, so ``Claim.model_construct``-built
claims work, and the cost per claim stays a few attribute reads.
"""

from __future__ import annotations

from claimcheck.comparison.blocking import group_claims
from claimcheck.comparison.context import Context
from claimcheck.comparison.onesided import assess
from claimcheck.comparison.verdicts import analyse_group
from claimcheck.config import Config
from claimcheck.findings import Finding, FindingKind
from claimcheck.model import Claim, Event, Source

__all__ = ["compare", "finding_order"]

_KIND_ORDER = {kind: i for i, kind in enumerate(FindingKind)}


def compare(
    claims: list[Claim],
    config: Config,
    sources: dict[str, Source] | None = None,
    events: list[Event] | None = None,
) -> list[Finding]:
    """Disagreement findings (CC101-CC104) and one-sided findings (CC201-CC203), in a stable order.

    The order is (kind, severity descending, quantity, id); ids are fingerprints of the
    rule code and the claim ids, so neither file order nor text offsets change them.
    """
    ctx = Context(config, sources or {})
    findings: dict[str, Finding] = {}
    related = {event.id: event.related for event in events or [] if event.related}
    for group in group_claims(claims, ctx.tolerances.subject_similarity, related):
        result = analyse_group(group, ctx)
        event = group[0].event_id
        if result.disagreement is not None:
            findings[result.disagreement.id] = result.disagreement.model_copy(
                update={"event": event}
            )
        flagged: list[frozenset[str]] = []
        for figure in result.figure_sets:
            finding = assess(figure, ctx)
            if finding is None:
                continue
            # A one-sided set inside a larger one-sided set of the group says nothing new.
            ids = frozenset(finding.claims)
            if any(ids < other for other in flagged):
                continue
            flagged.append(ids)
            findings[finding.id] = finding.model_copy(update={"event": event})
    return sorted(findings.values(), key=finding_order)


def finding_order(finding: Finding) -> tuple[int, int, str, str]:
    """The findings' stable order: kind, severity descending, quantity, id."""
    return (_KIND_ORDER[finding.kind], -finding.severity.rank, finding.quantity, finding.id)
