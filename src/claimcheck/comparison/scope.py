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
* **inferred dates**: two dates each counted from its own article's date ("two weeks
  ago", "last Friday", "yesterday") are not a disagreement between articles; an
  inferred date can still conflict with one stated (a day written without its year,
  "on March 3", is stated);
* **anchors**: inside one document, where the same generic subject recurs for many
  incidents, a pair needs something that pins the quantity down: a side, a place or a
  subject of two words or more (for small counts, below twenty, a place; for shares, a
  side or a place, since a text gives one rate for many groups; for durations, what
  they are the length of); dates anywhere need a place or an event subject; across
  documents, small counts and percentages need a measure, a side, a place or a subject
  of two words or more ("two polls" and "five polls", "a 33 percent rate" and "a 36
  percent rate" are not one quantity).

:func:`scope_candidates` turns these rules into sorted windows, so that a group's pairs
of figures are not all tested; a change to a rule must keep every pair it accepts among
the candidates (``tests/test_comparison_pairs.py`` checks this on generated groups).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def _inferred(claim: Claim) -> bool:
    """A date counted from the article's date or an earlier date ("two weeks ago",
    "Friday"), or relative with nothing to count from; a day or month stated without
    its year ("on March 3") is the writer's own and compares like a stated date."""
    return claim.value.anchor in ("document", "text", "none")


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
        if _inferred(a) and _inferred(b) and a.source != b.source:
            return False  # "two weeks ago" in two articles: each read from its own date
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
    counts = a.value.unit is None and a.value.kind == "number"
    if a.source == b.source:
        if counts and pa is not None and pb is not None and max(pa, pb) < SMALL_COUNT:
            return bool(a.place and b.place)  # small counts recur for every incident
        if a.value.unit == "%" and b.value.unit == "%":
            # shares recur for every group and category ("33 percent if they are white,
            # 36 percent if they are Hispanic", "32% of Republican claims false, 11%
            # entirely true"): a pair needs a side or a place, not a longer subject
            return bool((a.side and b.side) or (a.place and b.place))
        return _anchored(a) and _anchored(b)
    small = counts and pa is not None and pb is not None and max(pa, pb) < SMALL_COUNT
    if small or a.value.unit == "%":
        # "two polls" and "the five most recent polls", "a 33 percent rate" and "a 36
        # percent rate": across articles too, a small count or a share needs what it
        # is of pinned down (a measure, a side, a place or a longer subject)
        return _pinned(a) and _pinned(b)
    return True


def _pinned(claim: Claim) -> bool:
    """A figure whose quantity is named beyond one generic noun."""
    return bool(claim.measure) or _anchored(claim)


#: Claims of a signature that stand for it in scope tests.
SCOPE_SAMPLE = 20


def signatures_in_scope(
    claims_a: list[Claim], fa: Figure, claims_b: list[Claim], fb: Figure
) -> bool:
    """True when some claim of one signature can be the same quantity as some of the other."""
    return any(
        same_scope(a, fa, b, fb) for a in claims_a[:SCOPE_SAMPLE] for b in claims_b[:SCOPE_SAMPLE]
    )


#: Slack on the ratio windows below, so that float rounding never drops a pair that
#: ``same_scope``'s division would keep.
_WINDOW_SLACK = 1 + 1e-9


def scope_candidates(signatures: Sequence[tuple[list[Claim], Figure]]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of signatures that :func:`signatures_in_scope` may
    accept, in order; every pair it accepts is among them.

    Testing every pair is quadratic in the distinct figures of a group. The rules above
    let most pairs go untested, so the cost follows the pairs that can be in scope:

    * dates: only the same precision (never years), at most :data:`MAX_DATE_GAP_DAYS`
      apart, and only figures with a date anchor: a window over figures sorted by day;
    * numbers with a positive point: at most :data:`SCOPE_RATIO_ACROSS_SOURCES` apart
      and from two documents, or :data:`SCOPE_RATIO_SAME_SOURCE` apart (ten times for a
      named term) within one document with an anchor or a place each: windows over
      figures sorted by point, the second one per document;
    * vague claims never count; figures without a positive point (zero, negative,
      unbounded both ways) escape the ratio rule: they meet every figure of the other
      documents and every anchored figure of their own; a group that mixes dates and
      numbers is not searched at all (every pair is a candidate).
    """
    n = len(signatures)
    heads = [
        [c for c in claims[:SCOPE_SAMPLE] if c.value.qualifier != "vague"]
        for claims, _ in signatures
    ]
    live = [i for i in range(n) if heads[i]]
    dates = {signatures[i][1].is_date for i in live}
    if len(dates) > 1:
        return [(i, j) for k, i in enumerate(live) for j in live[k + 1 :]]
    pairs: set[tuple[int, int]] = set()
    if dates == {True}:
        by_precision: dict[str, list[tuple[float, int]]] = {}
        for i in live:
            fig = signatures[i][1]
            precision = _date_precision(fig)
            if precision != "year" and any(_date_anchored(c) for c in heads[i]):
                by_precision.setdefault(precision, []).append((fig.lo, i))
        for days in by_precision.values():
            _within(days, lambda lo: lo + MAX_DATE_GAP_DAYS, None, pairs)
        return sorted(pairs)

    wild: list[int] = []
    points: list[tuple[float, int]] = []
    colours: dict[int, object] = {}
    by_colour: dict[object, list[int]] = {}
    anchored_in: dict[str, list[int]] = {}
    by_source: dict[str, list[tuple[float, int]]] = {}
    by_term: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for i in live:
        p = _point(signatures[i][1])
        positive = p is not None and p > 0
        if positive:
            points.append((p, i))
        else:
            wild.append(i)
        sources = {c.source for c in heads[i]}
        # Figures of one document meet across documents only with other documents': one
        # colour per document, and a colour of its own for a figure stated in several.
        colour = next(iter(sources)) if len(sources) == 1 else ("several", i)
        colours[i] = colour
        by_colour.setdefault(colour, []).append(i)
        for source in {c.source for c in heads[i] if c.place or _anchored(c)}:
            anchored_in.setdefault(source, []).append(i)
            if positive:
                by_source.setdefault(source, []).append((p, i))
        terms = {
            (c.source, c.subject)
            for c in heads[i]
            if c.value.kind == "duration" and len(c.subject.split()) >= 3
        }
        if positive:
            for term in terms:
                by_term.setdefault(term, []).append((p, i))
    # No ratio limits a figure without a positive point: it meets every figure of other
    # documents, and every anchored figure of its own document when it is anchored there.
    for i in wild:
        for colour, members in by_colour.items():
            if colour != colours[i]:
                pairs.update((i, j) if i < j else (j, i) for j in members)
        for source in {c.source for c in heads[i] if c.place or _anchored(c)}:
            pairs.update((i, j) if i < j else (j, i) for j in anchored_in[source] if j != i)
    across = SCOPE_RATIO_ACROSS_SOURCES * _WINDOW_SLACK
    same = SCOPE_RATIO_SAME_SOURCE * _WINDOW_SLACK
    _within(points, lambda p: p * across, colours, pairs)
    for entries in by_source.values():
        _within(entries, lambda p: p * same, None, pairs)
    for entries in by_term.values():
        _within(entries, lambda p: p * across, None, pairs)
    return sorted(pairs)


def _within(
    entries: list[tuple[float, int]],
    reach: Callable[[float], float],
    colours: dict[int, object] | None,
    pairs: set[tuple[int, int]],
) -> None:
    """Add every pair of ``entries`` (key, index) whose larger key is at most ``reach`` of
    the smaller; with ``colours``, only pairs of different colours.

    Keys are sorted once; with colours, a run of the same colour is jumped over in one
    step, so the cost is the number of pairs added, not the number inside the window.
    """
    entries.sort()
    keys = [k for k, _ in entries]
    index = [i for _, i in entries]
    m = len(entries)
    if colours is None:
        for a in range(m):
            limit = reach(keys[a])
            i = index[a]
            b = a + 1
            while b < m and keys[b] <= limit:
                j = index[b]
                pairs.add((i, j) if i < j else (j, i))
                b += 1
        return
    colour = [colours[i] for i in index]
    # next_other[b]: the first position after b whose colour is not b's.
    next_other = [m] * m
    for b in range(m - 2, -1, -1):
        next_other[b] = b + 1 if colour[b + 1] != colour[b] else next_other[b + 1]
    for a in range(m):
        limit = reach(keys[a])
        i = index[a]
        b = a + 1
        while b < m and keys[b] <= limit:
            if colour[b] == colour[a]:
                b = next_other[b]
                continue
            j = index[b]
            pairs.add((i, j) if i < j else (j, i))
            b += 1
