"""Figures that rest on one party's word.

A *figure* is a claim's value together with every claim of the same quantity whose
value agrees or is compatible with it (see :mod:`.verdicts`). For each figure we collect
who asserts it:

* a claim attributed to a configured party with a conflict side (a belligerent, or a
  party whose ``side`` is set) counts for that side;
* an independent or international party, or any other configured party without a side
  (a third government, a wire service), corroborates: the figure is not one party's word;
* a claim in a document's own voice (no speaker) corroborates when the document is an
  agreement (jointly signed) or an NGO report (the NGO's own documentation); in a
  document with a ``perspective`` it counts as that party; otherwise it corroborates
  nothing and the document is listed in ``own_voice_sources`` (it repeats the figure);
* a named speaker without a party, or a party id the configuration does not know, is an
  unknown voice: conservatively, it corroborates nothing.

Only figures that say what they count can be one-sided: a bare number with neither
subject nor measure, or a year or month (a period, not a figure someone asserts), is
not reported.

The figure is one-sided when at least one claim counts for a side, all such claims
count for one side, and nothing corroborates. The rule depends on whose figure it is:
CC201 when the subject belongs to the asserting side, CC202 when to another side (an
adversary's losses: weaker evidence, higher severity), CC203 when the claim does not say.
"""

from __future__ import annotations

from claimcheck.comparison.blocking import quantity_label
from claimcheck.comparison.context import Context, party_side
from claimcheck.findings import RULES, Finding, Severity, fingerprint
from claimcheck.model import Claim, SourceKind

#: Source kinds whose own voice counts as an independent or joint statement.
CORROBORATING_SOURCE_KINDS = frozenset({SourceKind.agreement, SourceKind.ngo_report})

SEVERITY = {"CC201": Severity.minor, "CC202": Severity.moderate, "CC203": Severity.minor}


def assess(claims: list[Claim], ctx: Context) -> Finding | None:
    """The one-sided finding for a figure set, or None when it is corroborated or unattributed."""
    if not any(c.subject or c.measure for c in claims):
        return None
    first = claims[0].value
    is_day = first.low is not None and first.low == first.high
    if first.kind == "date" and not is_day and first.qualifier != "deadline":
        return None
    by_party: dict[str, int] = {}
    side: str | None = None
    own_voice: set[str] = set()
    parties = ctx.parties
    for claim in claims:
        party_id = claim.attribution.party
        if party_id is None and claim.attribution.speaker is None:
            source = ctx.sources.get(claim.source)
            if source is not None:
                if source.kind in CORROBORATING_SOURCE_KINDS:
                    return None
                party_id = source.perspective
            if party_id is None:
                own_voice.add(claim.source)
                continue
        if party_id is None:
            continue  # a named speaker we cannot tie to a party
        party = parties.get(party_id)
        if party is None:
            continue  # unknown party id: corroborates nothing
        if party.is_independent:
            return None
        party_side_id = party_side(party)
        if party_side_id is None:
            return None
        if side is None:
            side = party_side_id
        elif side != party_side_id:
            return None
        by_party[party_id] = by_party.get(party_id, 0) + 1
    if side is None:
        return None

    party_id = min(by_party, key=lambda p: (-by_party[p], p))
    subject_side = ctx.side_of(claims[0].side)
    if subject_side is None:
        code, own_side = "CC203", None
    elif subject_side == side:
        code, own_side = "CC201", True
    else:
        code, own_side = "CC202", False
    rule = RULES[code]
    claim_ids = sorted(c.id for c in claims)
    quantity = quantity_label(claims)
    texts = sorted({f"'{c.value.text}'" for c in claims})
    shown = ", ".join(texts[:4]) + (f" and {len(texts) - 4} more" if len(texts) > 4 else "")
    others = sorted(p for p in by_party if p != party_id)
    also = f" (with {', '.join(others)})" if others else ""
    whose = {"CC201": "its own side", "CC202": "another side", "CC203": "an unstated side"}[code]
    message = (
        f"Only {party_id}{also}, of the {side} side, asserts {shown} for {quantity}, "
        f"a figure about {whose}"
    )
    if own_voice:
        message += f"; repeated in their own voice by {', '.join(sorted(own_voice))}"
    return Finding(
        id=fingerprint(code, claim_ids),
        code=code,
        name=rule.name,
        kind=rule.kind,
        value_kind="date" if claims[0].value.kind == "date" else "numeric",
        severity=SEVERITY[code],
        quantity=quantity,
        claims=claim_ids,
        message=message,
        party=party_id,
        own_side=own_side,
        own_voice_sources=sorted(own_voice),
    )
