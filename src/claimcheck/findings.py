"""Findings: what the comparator reports, as data.

One :class:`Finding` type serves every kind of finding; each kind has a stable code and
name in :data:`RULES` (documented with an example in ``docs/findings.md``), so that
reports, baselines and CI annotations can refer to them without parsing messages.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """How much a finding matters, lowest first."""

    info = "info"
    minor = "minor"
    moderate = "moderate"
    major = "major"

    @property
    def rank(self) -> int:
        """Order for ``--min-severity`` filters."""
        return list(Severity).index(self)


class FindingKind(StrEnum):
    """The two families of findings a user filters on."""

    disagreement = "disagreement"
    one_sided = "one-sided"


class Rule(BaseModel):
    """A kind of finding: stable code, stable name, what it means, and an example."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    kind: FindingKind
    summary: str
    example: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule(
            code="CC101",
            name="numeric-conflict",
            kind=FindingKind.disagreement,
            summary="Two figures for the same quantity cannot both hold.",
            example="'around 2,900 soldiers killed' vs '2,783 military personnel were killed'",
        ),
        Rule(
            code="CC102",
            name="date-conflict",
            kind=FindingKind.disagreement,
            summary="Two dates for the same event cannot both hold.",
            example="'capture of Jabrayil city on October 9' vs 'Cəbrayıl | October 4, 2020'",
        ),
        Rule(
            code="CC103",
            name="rounding-disagreement",
            kind=FindingKind.disagreement,
            summary="A round figure differs from a precise one by more than its rounding "
            "allows; minor, shown so it is not hidden.",
            example="'2,000 Russian peacekeepers' vs 'approximately 1,960 Russian peacekeepers'",
        ),
        Rule(
            code="CC104",
            name="revised-figure",
            kind=FindingKind.disagreement,
            summary="The same side updated an earlier figure with a later as-of date.",
            example="'2,425 soldiers killed as of late November' vs '3,937 by early 2021'",
        ),
        Rule(
            code="CC201",
            name="one-sided-own-figure",
            kind=FindingKind.one_sided,
            summary="Only one party of the conflict asserts this figure, about its own side.",
            example="'49 Armenian soldiers were killed, the Armenian Prime Minister said'",
        ),
        Rule(
            code="CC202",
            name="one-sided-adversary-figure",
            kind=FindingKind.one_sided,
            summary="Only one party asserts this figure, about its adversary: weaker still.",
            example="'more than 60 combat positions ... came under our control, the MoD said'",
        ),
        Rule(
            code="CC203",
            name="one-sided-figure",
            kind=FindingKind.one_sided,
            summary="Only one party asserts this figure; whose side it concerns is not stated.",
            example="'the operation halted as of 13:00, September 20, the Defense Ministry said'",
        ),
    ]
}


class PairVerdict(BaseModel):
    """The comparator's verdict on two claims about the same quantity, with its reason."""

    # Claim ids of the pair.
    a: str
    b: str
    # conflict, minor, compatible, revised or agree.
    verdict: str
    # A sentence a person can read: why the two values do or do not fit together.
    reason: str
    # Relative gap between the two values' nearest points (0 when they overlap).
    gap: float | None = None


class Finding(BaseModel):
    """One thing the comparator found, with everything a report needs to show it."""

    # Fingerprint from the rule and the claims' stable ids: the same finding keeps its id
    # when text moves, files are reordered or lines shift.
    id: str
    # Stable rule code, e.g. "CC101".
    code: str
    # Stable rule name, e.g. "numeric-conflict".
    name: str
    # disagreement or one-sided.
    kind: FindingKind
    # "numeric" or "date" for disagreements about numbers or dates.
    value_kind: str
    # How much it matters.
    severity: Severity
    # What the figures are about, in words ("Russian peacekeepers deployed").
    quantity: str
    # Id of the event (story) the figures are reported in; every claim of a finding
    # belongs to it. None when claims were compared without grouping into events.
    event: str | None = None
    # Ids of the claims involved, in a stable order.
    claims: list[str]
    # One-line explanation for people.
    message: str
    # Pairwise verdicts behind a disagreement.
    verdicts: list[PairVerdict] = Field(default_factory=list)
    # For one-sided findings: the only party asserting the figure.
    party: str | None = None
    # For one-sided findings: True when the party reports its own side's figure.
    own_side: bool | None = None
    # Sources that state the figure in their own voice while their only named source
    # for it is that party.
    own_voice_sources: list[str] = Field(default_factory=list)


def fingerprint(code: str, claim_ids: list[str]) -> str:
    """Stable finding id: rule code and the sorted claim ids, hashed."""
    key = code + "\0" + "\0".join(sorted(claim_ids))
    return "f-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
