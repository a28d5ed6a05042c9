"""Verdicts on pairs of claims about one quantity, and the disagreement findings they make.

Verdicts, in the order they are tried:

* **agree**: the two figures read as the same interval.
* **compatible**: the intervals overlap once their qualifiers are applied
  ("approximately 600,000" and "over 600,000"; "191" and "~190"; "at least 143" and
  "about 150").
* **revised** (CC104): they do not overlap, but both carry an ``as_of`` date, the dates
  differ and the same voice stands behind both (same attributed party, same perspective
  party, or the same document in its own voice). A later figure replaces an earlier one.
* **minor** (CC103): they do not overlap, the relative gap is at most
  ``tolerances.minor_gap``, and the coarser of the two is an exact round figure, written
  to a coarser step than the other, whose implied rounding (half a step of its last
  significant digit) covers the gap: "2,000" vs "approximately 1,960"; or the two only
  touch at an open bound ("600,000" vs "over 600,000"). Figures written to the same step
  ("13%" and "14%") conflict. Dates never get this verdict.
* **conflict**: anything else. Severity for numbers from the relative gap between the
  nearest points: <= ``minor_gap`` minor, < ``major_gap`` moderate, else major. For
  dates (any two non-overlapping days conflict) from the number of days between them:
  1 day minor (often a report-vs-event or time-zone lag), up to a week moderate, more
  major.

A group's claims are first collapsed into *signatures* (same figure, and for dated
figures same as-of and voice): verdicts depend only on signatures, so a group of a
thousand claims repeating two figures costs one comparison, and findings list one
verdict per pair of distinct figures, between their lowest-id claims. Of the pairs of
signatures, only those the scope rules can accept are tested
(:func:`~claimcheck.comparison.scope.scope_candidates`): figures sorted by value meet
only their neighbours within the scope ratios, and figures of one document meet each
other only when both are anchored, so the work follows the pairs that can be one
quantity, not the square of the distinct figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from claimcheck.comparison.blocking import quantity_label
from claimcheck.comparison.context import Context
from claimcheck.comparison.figures import (
    Figure,
    common_point,
    describe,
    gap_between,
    overlaps,
    read_figure,
    relative_gap,
)
from claimcheck.comparison.scope import scope_candidates, signatures_in_scope
from claimcheck.config import Tolerances
from claimcheck.findings import RULES, Finding, PairVerdict, Severity, fingerprint
from claimcheck.model import Claim

AGREE = "agree"
COMPATIBLE = "compatible"
MINOR = "minor"
CONFLICT = "conflict"
REVISED = "revised"

#: Verdicts that put a pair into a disagreement finding.
DISAGREEING = frozenset({CONFLICT, MINOR, REVISED})
#: Verdicts under which one claim corroborates the other's figure.
SUPPORTING = frozenset({AGREE, COMPATIBLE})

#: Days apart up to which a date conflict is minor, and up to which it is moderate.
DATE_MINOR_DAYS = 1
DATE_MODERATE_DAYS = 7


@dataclass(slots=True)
class Signature:
    """Claims of one group that share everything a verdict looks at."""

    figure: Figure
    as_of: object
    voice: str | None
    deprecated: bool
    claims: list[Claim] = field(default_factory=list)

    @property
    def rep(self) -> Claim:
        """The lowest-id claim, used as the pair's representative in verdicts."""
        return self.claims[0]


@dataclass(slots=True)
class Judgement:
    """One pair verdict with what the finding needs beyond PairVerdict."""

    verdict: str
    reason: str
    gap: float | None
    severity: Severity


@dataclass(slots=True)
class GroupResult:
    """What one group yields: maybe a disagreement, and figure sets to test for one-sidedness."""

    disagreement: Finding | None
    # Distinct sets of mutually supporting claims, largest first.
    figure_sets: list[list[Claim]]


def _severity_for_gap(rel: float, tol: Tolerances) -> Severity:
    if rel <= tol.minor_gap:
        return Severity.minor
    if rel < tol.major_gap:
        return Severity.moderate
    return Severity.major


def _quote(claim: Claim) -> str:
    return f"'{claim.value.text}'"


def _shown(claim: Claim, fig: Figure) -> str:
    """The figure as written, with the interval it was read as when that is not a point."""
    if fig.lo == fig.hi:
        return _quote(claim)
    return f"{_quote(claim)} ({describe(fig)})"


def judge(a: Signature, b: Signature, tol: Tolerances) -> Judgement:
    """The verdict on two signatures' figures, with a reason a person can read."""
    fa, fb = a.figure, b.figure
    ta, tb = _quote(a.rep), _quote(b.rep)
    sa, sb = _shown(a.rep, fa), _shown(b.rep, fb)
    if fa.key == fb.key:
        return Judgement(AGREE, f"{ta} and {tb} state the same figure", 0.0, Severity.info)
    if overlaps(fa, fb):
        return Judgement(
            COMPATIBLE,
            f"{sa} and {sb} overlap within their qualifiers",
            0.0,
            Severity.info,
        )
    gap, near_a, near_b = gap_between(fa, fb)
    if fa.is_date:
        days = int(gap)
        if a.as_of and b.as_of and a.as_of != b.as_of and a.voice and a.voice == b.voice:
            return _revised(a, b, None)
        if days <= DATE_MINOR_DAYS:
            severity = Severity.minor
        elif days <= DATE_MODERATE_DAYS:
            severity = Severity.moderate
        else:
            severity = Severity.major
        unit = "day" if days == 1 else "days"
        return Judgement(
            CONFLICT,
            f"{sa} and {sb} cannot both hold: {days} {unit} apart",
            None,
            severity,
        )
    rel = relative_gap(gap, near_a, near_b)
    if a.as_of and b.as_of and a.as_of != b.as_of and a.voice and a.voice == b.voice:
        return _revised(a, b, rel)
    # The coarser figure is the "round" one; on a tie, the exact one (only it has rounding).
    if fb.step > fa.step or (fb.step == fa.step and fb.exact and not fa.exact):
        coarse, fine = fb, fa
    else:
        coarse, fine = fa, fb
    if coarse.exact and (coarse.step > fine.step or gap == 0) and rel <= tol.minor_gap:
        half = coarse.step / 2
        widened = Figure(coarse.lo - half, coarse.hi + half, False, False, coarse.step, True, False)
        if overlaps(widened, fine):
            round_text = ta if coarse is fa else tb
            return Judgement(
                MINOR,
                f"{sa} and {sb} are {rel:.1%} apart: "
                f"within the rounding of {round_text} (±{half:,.6g}) but outside what "
                "the figures state",
                rel,
                Severity.minor,
            )
    return Judgement(
        CONFLICT,
        f"{sa} and {sb} cannot both hold: {rel:.1%} apart",
        rel,
        _severity_for_gap(rel, tol),
    )


def _revised(a: Signature, b: Signature, rel: float | None) -> Judgement:
    early, late = (a, b) if a.as_of < b.as_of else (b, a)  # type: ignore[operator]
    voice = (a.voice or "").split(":", 1)[-1]
    return Judgement(
        REVISED,
        f"{voice} updated {_quote(early.rep)} (as of {early.as_of}) to "
        f"{_quote(late.rep)} (as of {late.as_of}): a revision, not a conflict",
        rel,
        Severity.info,
    )


def analyse_group(group: list[Claim], ctx: Context) -> GroupResult:
    """Verdicts for one group, its disagreement finding, and its figure sets.

    The common case, a group whose figures all overlap, is decided in one pass without
    any pair work: no disagreement, and the whole group is one figure.
    """
    tol = ctx.tolerances
    items: list[tuple[Claim, Figure]] = []
    for claim in group:
        fig = read_figure(claim.value, tol)
        if fig is not None:
            items.append((claim, fig))
    if not items:
        return GroupResult(None, [])
    if len(items) == 1 or (
        common_point([f for _, f in items])
        and len({c.source for c, _ in items}) == len(items)
        and len({c.event for c, _ in items}) == 1
        and all(c.value.qualifier != "vague" for c, _ in items)
    ):
        return GroupResult(None, [[c for c, _ in items]])

    sigs: dict[tuple, Signature] = {}
    for claim, fig in items:
        as_of = claim.as_of
        voice = ctx.voice(claim) if as_of is not None else None
        deprecated = claim.review.rank == "deprecated"
        key = (fig.key, as_of, voice, deprecated)
        sig = sigs.get(key)
        if sig is None:
            sig = sigs[key] = Signature(fig, as_of, voice, deprecated)
        sig.claims.append(claim)
    ordered = list(sigs.values())  # items are in claim-id order, so this order is stable

    n = len(ordered)
    supports: list[set[int]] = [{i} for i in range(n)]
    pairs: list[tuple[Signature, Signature, Judgement]] = []
    # Only the pairs the scope rules can let through are tested, in the order a loop
    # over all pairs would meet them.
    for i, j in scope_candidates([(s.claims, s.figure) for s in ordered]):
        a, b = ordered[i], ordered[j]
        if not signatures_in_scope(a.claims, a.figure, b.claims, b.figure):
            continue
        judgement = judge(a, b, tol)
        if judgement.verdict in SUPPORTING:
            supports[i].add(j)
            supports[j].add(i)
        elif not a.deprecated and not b.deprecated:
            pairs.append((a, b, judgement))

    figure_sets = _figure_sets(supports, ordered)
    finding = _disagreement(pairs, ctx, quantity_label(group)) if pairs else None
    return GroupResult(finding, figure_sets)


def _figure_sets(supports: list[set[int]], ordered: list[Signature]) -> list[list[Claim]]:
    """The distinct figure sets (a figure and every claim compatible with it), largest first.

    Not only the maximal ones: in a chain 46 ~ "about 50" ~ 54 the set {46, about 50}
    can rest on one side while its superset {46, about 50, 54} is corroborated.
    """
    unique = sorted({frozenset(s) for s in supports}, key=lambda s: (-len(s), sorted(s)))
    out: list[list[Claim]] = []
    for s in unique:
        claims = [c for i in sorted(s) for c in ordered[i].claims]
        claims.sort(key=lambda c: c.id)
        out.append(claims)
    return out


_SEVERITY_RANK = {s: s.rank for s in Severity}


def _disagreement(
    pairs: list[tuple[Signature, Signature, Judgement]], ctx: Context, quantity: str
) -> Finding:
    verdicts_seen = {j.verdict for _, _, j in pairs}
    is_date = pairs[0][0].figure.is_date
    if CONFLICT in verdicts_seen:
        code = "CC102" if is_date else "CC101"
    elif MINOR in verdicts_seen:
        code = "CC103"
    else:
        code = "CC104"
    rule = RULES[code]

    involved: dict[int, Signature] = {}
    verdicts: list[PairVerdict] = []
    severity = Severity.info
    for a, b, j in pairs:
        involved[id(a)] = a
        involved[id(b)] = b
        x, y = sorted((a.rep.id, b.rep.id))
        gap = None if j.gap is None or math.isinf(j.gap) else round(j.gap, 6)
        verdicts.append(PairVerdict(a=x, b=y, verdict=j.verdict, reason=j.reason, gap=gap))
        if _SEVERITY_RANK[j.severity] > _SEVERITY_RANK[severity]:
            severity = j.severity
    verdicts.sort(key=lambda v: (v.a, v.b))
    sig_list = sorted(involved.values(), key=lambda s: s.rep.id)
    claim_ids = sorted(c.id for s in sig_list for c in s.claims)

    shown = []
    for sig in sig_list[:6]:
        extra = f" +{len(sig.claims) - 1} more" if len(sig.claims) > 1 else ""
        shown.append(f"{_quote(sig.rep)} ({ctx.who(sig.rep)}{extra})")
    if len(sig_list) > 6:
        shown.append(f"and {len(sig_list) - 6} more figures")
    lead = {
        "CC101": "Figures cannot all hold",
        "CC102": "Dates cannot all hold",
        "CC103": "Round and precise figures differ by more than rounding allows",
        "CC104": "Figure revised by the same voice",
    }[code]
    message = f"{lead} for {quantity}: " + " vs ".join(shown)
    return Finding(
        id=fingerprint(code, claim_ids),
        code=code,
        name=rule.name,
        kind=rule.kind,
        value_kind="date" if is_date else "numeric",
        severity=severity,
        quantity=quantity,
        claims=claim_ids,
        message=message,
        verdicts=verdicts,
    )
