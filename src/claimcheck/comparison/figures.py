"""Reading a claim's value as an interval the comparator can reason about.

The extractor records what was written (``low``/``high``/``point`` and the qualifier);
this module decides what the words *allow*. Keeping that decision here, not in the
extractor, means one place owns the tolerance semantics and ``config.tolerances`` acts on
every claim the same way, whoever extracted it.

How a figure is read (numbers and durations):

* ``exact``: ``[low, high]`` (or the point). An exact figure also carries an *implied
  rounding* of half a step of its last significant digit ("2,000" is +/-500, "1,960"
  +/-5, "13.5" +/-0.05). That rounding never makes two figures *compatible*; it only
  turns a small conflict into a *minor* (rounding) disagreement. See :mod:`.verdicts`.
* ``approximately``: what rounds to the written figure, half a step of its last
  significant digit either side ("about 2,900" is 2,850-2,950, "approximately 13%" is
  12.5-13.5%, "approximately 600,000" is 550,000-650,000), never more than
  ``approximate_width`` of its size and never less than one for whole counts ("about 5"
  people is 4-6; a percentage or an amount keeps its half step). Reading the written
  step is what keeps "around 2,900" and "2,783" apart: a 10 % band alone would swallow
  most real disagreements.
* durations are compared in days, whatever unit they were written in ("six months" is
  about 174 to 192 days, as months are 28 to 31 days long; "60 days" is 60).
* ``at-least``/``more-than``/``at-most``/``less-than``: half-open rays; "more than" and
  "less than" exclude their bound.
* ``range``/``vague``: ``[low, high]`` as extracted; a vague figure without bounds
  ("dozens" left unbounded) cannot be compared and is skipped.

Dates are compared as day ordinals. An "approximately" date widens by
:data:`APPROXIMATE_DATE_DAYS` on each side; a deadline is read as its own date (two
deadlines are compared with each other, never with actual dates: see blocking).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from claimcheck.config import Tolerances
from claimcheck.model import Value

INF = math.inf

#: Length of a duration unit in days, so that "six months" and "60 days" compare.
DAYS_PER_UNIT = {
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.44,
    "year": 365.25,
    "decade": 3652.5,
}

#: Calendar units vary in length (a month is 28 to 31 days), so a count of them covers
#: this many days either side of its mean length: "three months" is 87 to 96 days, and
#: "a 90-day stay" and "a three-month stay" are one length written two ways.
DAYS_SPREAD = {"month": 1.5, "year": 0.5, "decade": 1.0}

#: Days an "approximately" date ("around October 4") is read as covering on each side.
APPROXIMATE_DATE_DAYS = 2


@dataclass(slots=True, frozen=True)
class Figure:
    """A claim's value as an interval, plus what its wording allows beyond it.

    Dates are stored as proleptic ordinals so numbers and dates share one arithmetic.
    """

    lo: float
    hi: float
    lo_open: bool
    hi_open: bool
    # Step of the last significant digit (1000 for "2,000", 10 for "1,960"); 0 for dates.
    step: float
    # True when the figure was written without qualifier (only those carry implied rounding).
    exact: bool
    is_date: bool

    @property
    def key(self) -> tuple[float, float, bool, bool, float, bool]:
        """Everything a verdict depends on: equal keys always agree."""
        return (self.lo, self.hi, self.lo_open, self.hi_open, self.step, self.exact)


@lru_cache(maxsize=65536)
def step_of(point: float) -> float:
    """The step of the last significant digit of a written figure.

    Why: "2,000" and "2,001" differ in how much they claim to know; the step is the
    measure of that (1000 vs 1). Zero has no significant digit; it is given step 1.
    """
    if point == 0:
        return 1.0
    if float(point).is_integer():
        n = abs(int(point))
        step = 1
        while n % 10 == 0:
            n //= 10
            step *= 10
        return float(step)
    exponent = Decimal(repr(float(point))).normalize().as_tuple().exponent
    return 10.0 ** int(exponent)


def _num(x: object) -> float | None:
    if type(x) is float:
        return x  # type: ignore[return-value]
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    return None


def _day(x: object) -> float | None:
    if isinstance(x, dt.date):
        return float(x.toordinal())
    return None


def read_figure(value: Value, tolerances: Tolerances) -> Figure | None:
    """The interval ``value`` allows, or None when it has no usable bound.

    Works on ``model_construct``-built values too: nothing is re-validated, wrong types
    simply make the figure incomparable.
    """
    is_date = value.kind == "date"
    conv = _day if is_date else _num
    # "early 1990": the year is named, its first part is what the figure allows
    raw_low, raw_high = value.bounds() if is_date else (value.low, value.high)
    low = conv(raw_low)
    high = conv(raw_high)
    point = conv(value.point)
    if point is None:
        if low is not None and high is not None:
            point = (low + high) / 2
        else:
            point = low if low is not None else high
    q = value.qualifier
    lo_open = hi_open = False
    exact = False
    if q == "exact" or q == "deadline":
        exact = q == "exact"
        if q == "deadline" and point is not None:
            lo = hi = point
        else:
            lo = low if low is not None else point
            hi = high if high is not None else point
    elif q == "approximately":
        if point is None:
            return None
        if is_date:
            width = float(APPROXIMATE_DATE_DAYS)
        else:
            step = step_of(point)
            width = min(tolerances.approximate_width * abs(point), step / 2)
            if point.is_integer() and abs(point) >= 1 and value.unit is None:
                width = max(width, 1.0)  # counts: "about 5" people is 4-6
        lo, hi = point - width, point + width
    elif q == "at-least" or q == "more-than":
        lo = low if low is not None else point
        hi = INF
        lo_open = q == "more-than"
    elif q == "at-most" or q == "less-than":
        lo = -INF
        hi = high if high is not None else point
        hi_open = q == "less-than"
    else:  # range, vague, or anything unknown: trust the extracted bounds only
        lo, hi = low, high
        if lo is None and hi is None:
            return None
        if lo is None:
            lo = -INF
        if hi is None:
            hi = INF
    if lo is None or hi is None:
        return None
    if lo > hi:
        lo, hi = hi, lo
    step = 0.0 if is_date or point is None else step_of(point)
    if value.kind == "duration":
        days = DAYS_PER_UNIT.get(str(value.unit), 1.0)
        spread = DAYS_SPREAD.get(str(value.unit), 0.0)
        lo, hi, step = lo * (days - spread), hi * (days + spread), step * days
    return Figure(lo, hi, lo_open, hi_open, step, exact, is_date)


def overlaps(a: Figure, b: Figure) -> bool:
    """True when some value satisfies both figures (open bounds respected)."""
    if a.hi < b.lo or b.hi < a.lo:
        return False
    if a.hi == b.lo and (a.hi_open or b.lo_open):
        return False
    return not (b.hi == a.lo and (b.hi_open or a.lo_open))


def gap_between(a: Figure, b: Figure) -> tuple[float, float, float]:
    """Distance between the nearest points of two disjoint figures, and those points."""
    if a.hi <= b.lo:
        return b.lo - a.hi, a.hi, b.lo
    return a.lo - b.hi, b.hi, a.lo


def relative_gap(gap: float, x: float, y: float) -> float:
    """``gap / max(|x|, |y|)``, the measure ``Tolerances.minor_gap``/``major_gap`` use."""
    denom = max(abs(x), abs(y))
    if denom == 0 or math.isinf(denom):
        return 0.0
    return gap / denom


def common_point(figures: list[Figure]) -> bool:
    """True when every pair of figures overlaps.

    For intervals on a line, pairwise overlap is the same as one shared point (Helly),
    so one O(n) pass replaces the O(n^2) pair loop for the common all-agree group.
    """
    max_lo = -INF
    lo_open = False
    min_hi = INF
    hi_open = False
    for f in figures:
        if f.lo > max_lo:
            max_lo, lo_open = f.lo, f.lo_open
        elif f.lo == max_lo and f.lo_open:
            lo_open = True
        if f.hi < min_hi:
            min_hi, hi_open = f.hi, f.hi_open
        elif f.hi == min_hi and f.hi_open:
            hi_open = True
    if max_lo < min_hi:
        return True
    return max_lo == min_hi and not lo_open and not hi_open


def format_scalar(x: float, is_date: bool) -> str:
    """A bound as a person reads it: thousands separators, ISO dates."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if is_date:
        return dt.date.fromordinal(int(x)).isoformat()
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1000 else f"{x:.6g}"


def describe(f: Figure) -> str:
    """The interval in words ("1,950-1,970", "more than 600,000")."""
    if math.isinf(f.hi) and not math.isinf(f.lo):
        word = "more than" if f.lo_open else "at least"
        return f"{word} {format_scalar(f.lo, f.is_date)}"
    if math.isinf(f.lo) and not math.isinf(f.hi):
        word = "less than" if f.hi_open else "at most"
        return f"{word} {format_scalar(f.hi, f.is_date)}"
    if f.lo == f.hi:
        return format_scalar(f.lo, f.is_date)
    sep = " to " if f.is_date else "-"
    return f"{format_scalar(f.lo, f.is_date)}{sep}{format_scalar(f.hi, f.is_date)}"
