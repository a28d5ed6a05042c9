"""Whether two claims that look alike can speak of the same quantity at all.

Blocking and subject matching say two claims *look* alike; these general rules of news
text say when they still cannot be one quantity, so that no verdict is given:

* **one piece of evidence**: figures in the same sentence or table row are different
  quantities ("killing 10 and wounding 34"; "71+ (23 destroyed, 47 captured)");
* **vague figures** ("dozens", "hundreds") are too loose to contradict anything;
* **scope**: figures far apart count different things (one incident and a whole war;
  hospitalised and all wounded), not the same thing wrongly: three times apart within
  one document, ten times across documents, twice when only one states its event's year;
  two durations of one term named in three words or more ("notice before expiration")
  are held to the ten-times limit even inside one document;
* **date precision**: a year or a month is a period, not the date of an event, and a
  date range is not a day: dates compare only with dates of the same precision,
  year-long periods never make a conflict, and dates more than a year apart are
  different events (two agreements, two wars), not one event misdated;
* **anchors**: inside one document, where the same generic subject recurs for many
  incidents, a pair needs something that pins the quantity down: a side, a place or a
  subject of two words or more (for small counts, below twenty, a place; for durations,
  what they are the length of); dates anywhere need a place or an event subject.
"""

from __future__ import annotations

from claimcheck.comparison.figures import Figure
from claimcheck.model import Claim

#: Figures further apart than this factor are read as different scopes: within one
#: document (where one subject recurs for many incidents) and across documents (where
#: disputed counts, such as crowd sizes, can differ tenfold and still be one quantity).
SCOPE_RATIO_SAME_SOURCE = 3.0
SCOPE_RATIO_ACROSS_SOURCES = 10.0
#: Inside one document, counts below this are incident details ("four children", "12
#: children"): a pair of them needs a place in common, a side is not enough.
SMALL_COUNT = 20
#: When only one of two figures of an event knows its year, they must be this close to
#: be read as one quantity: "10 civilians killed" in an undated report is not the 47 of
#: a war three years before.
SCOPE_RATIO_UNKNOWN_EVENT = 2.0
#: Dates further apart than this are different events.
MAX_DATE_GAP_DAYS = 366


def _date_precision(figure: Figure) -> str:
    width = figure.hi - figure.lo
    if width == 0:
        return "day"
    if 27 <= width <= 31:
        return "month"
    if width >= 360:
        return "year"
    return "span"


def _anchored(claim: Claim) -> bool:
    if claim.value.kind == "duration":
        return bool(claim.subject)  # the length of a named thing: "a 26-year occupation"
    return bool(claim.side or claim.place or len(claim.subject.split()) >= 2)


def _named_term(a: Claim, b: Claim) -> bool:
    """Two durations of one term named in three words or more ("notice before expiration").

    Such a subject does not recur for many incidents the way "soldiers" does, and terms
    are written in different units ("six months", "60 days"), so a threefold gap inside
    one document is a disagreement about the term, not two scopes.
    """
    return (
        a.value.kind == "duration"
        and b.value.kind == "duration"
        and a.subject == b.subject
        and len(a.subject.split()) >= 3
    )


def _date_anchored(claim: Claim) -> bool:
    return bool(claim.place or len(claim.subject.split()) >= 2 or (claim.subject and claim.measure))


def _point(figure: Figure) -> float | None:
    lo, hi = figure.lo, figure.hi
    if lo == float("-inf") or lo == float("inf"):
        return None if hi in (float("inf"), float("-inf")) else hi
    return lo if hi == float("inf") else (lo + hi) / 2


def same_scope(a: Claim, fa: Figure, b: Claim, fb: Figure) -> bool:
    """False when the rules above say the two claims cannot be one quantity."""
    if a.source == b.source and tuple(a.span) == tuple(b.span):
        return False
    if a.value.qualifier == "vague" or b.value.qualifier == "vague":
        return False
    if fa.is_date:
        precision = _date_precision(fa)
        if precision != _date_precision(fb) or precision == "year":
            return False
        if abs(fa.lo - fb.lo) > MAX_DATE_GAP_DAYS:
            return False
        return _date_anchored(a) and _date_anchored(b)
    pa, pb = _point(fa), _point(fb)
    if pa is not None and pb is not None and pa > 0 and pb > 0:
        limit = SCOPE_RATIO_SAME_SOURCE if a.source == b.source else SCOPE_RATIO_ACROSS_SOURCES
        if _named_term(a, b):
            limit = SCOPE_RATIO_ACROSS_SOURCES  # one named term: "notice before expiration"
        if (a.event is None) != (b.event is None):
            limit = min(limit, SCOPE_RATIO_UNKNOWN_EVENT)
        if max(pa, pb) / min(pa, pb) > limit:
            return False
    if a.source == b.source:
        counts = a.value.unit is None and a.value.kind == "number"
        if counts and pa is not None and pb is not None and max(pa, pb) < SMALL_COUNT:
            return bool(a.place and b.place)  # small counts recur for every incident
        return _anchored(a) and _anchored(b)
    return True


def signatures_in_scope(
    claims_a: list[Claim], fa: Figure, claims_b: list[Claim], fb: Figure
) -> bool:
    """True when some claim of one signature can be the same quantity as some of the other."""
    return any(same_scope(a, fa, b, fb) for a in claims_a[:20] for b in claims_b[:20])
