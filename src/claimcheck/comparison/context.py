"""What the comparator knows besides the claims: parties, sources, tolerances.

Bundled once per :func:`claimcheck.comparison.compare` call so the per-group code does
plain dictionary look-ups instead of re-deriving the same facts for every claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.config import Config, Tolerances
from claimcheck.model import Claim, Party, PartyKind, Source


def party_side(party: Party) -> str | None:
    """The conflict side a party speaks for: its ``side``, or itself for a belligerent."""
    if party.side:
        return party.side
    if party.kind == PartyKind.belligerent:
        return party.id
    return None


@dataclass(slots=True)
class Context:
    """Per-call facts shared by the grouping, verdict and one-sided steps."""

    config: Config
    sources: dict[str, Source]
    tolerances: Tolerances = field(init=False)
    parties: dict[str, Party] = field(init=False)

    def __post_init__(self) -> None:
        self.tolerances = self.config.tolerances
        self.parties = {p.id: p for p in self.config.parties}

    def side_of(self, party_or_side: str | None) -> str | None:
        """Resolve a party id used as a side ("artsakh") to the conflict side it backs."""
        if party_or_side is None:
            return None
        party = self.parties.get(party_or_side)
        if party is None:
            return party_or_side
        return party_side(party) or party_or_side

    def voice(self, claim: Claim) -> str | None:
        """Who stands behind a figure, for deciding whether a later figure *revises* it.

        The attributed party; for a figure in a document's own voice, the document's
        perspective party or else the document itself. A named speaker without a party
        has no voice we can match: its figures are never treated as revisions.
        """
        attribution = claim.attribution
        if attribution.party:
            return "party:" + attribution.party
        if attribution.speaker is None:
            source = self.sources.get(claim.source)
            if source is not None and source.perspective:
                return "party:" + source.perspective
            return "source:" + claim.source
        return None

    def who(self, claim: Claim) -> str:
        """Short description of who asserts a claim, for messages."""
        attribution = claim.attribution
        if attribution.party:
            return f"{attribution.party}, {claim.source}"
        if attribution.speaker:
            return f"{attribution.speaker}, {claim.source}"
        return claim.source
