"""Time as news writes it: relative, deictic and calendar expressions read against a date.

"yesterday", "last year", "a year earlier", "two days later", "the third quarter",
"this summer", "last May", "nearly four years ago", "a week", "2 1/2 years": the
figure finder reads stated dates and numbers; this table-driven reader adds what news
writes relative to the article's date (TimeML's reading, Pustejovsky et al. 2003).

Each expression is resolved against an anchor and says which (``Anchor``):

* ``document``: the article's date (its ``published``, else its dateline): "yesterday",
  "last year", "two weeks ago", a weekday, a month without a year;
* ``text``: an earlier date in the text: "two days later", "a year earlier";
* ``none``: there is no date to read it against; the value stays relative (no bounds)
  and is never compared as absolute.

Tense and cue words decide past or future where the words do not: "will", "next",
"expected to" look ahead; "last", "ago", "earlier", past forms look back; with no cue a
month takes the year that puts it nearest the article's date.

The reader is a single regex pass per sentence (:data:`RELATIVE`) and small tables, so
its cost stays a fraction of the figure scan. ``dateparser`` was measured on the same
spans (see the commit that added this module): it resolves "yesterday" and "2 weeks
ago" but not quarters, "a year earlier", "last May" in TimeML's sense or tense, and it
is about two orders of magnitude slower per span.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from claimcheck.extraction.words import NUMBER_WORDS, alternation
from claimcheck.model import Anchor, DatePart, Qualifier, ValueKind
from claimcheck.sources import MONTH_NUMBERS

__all__ = ["RELATIVE", "Reading", "choose_year", "future_cue", "read"]

#: Number words a relative time is counted in ("two days ago", "a week later").
_NUM_WORDS = {"a": 1, "an": 1, **NUMBER_WORDS}
_NUM = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|a\s+few|a\s+couple\s+of|a\s+couple)"
)
_UNITS = r"(?:second|minute|hour|day|night|week|weekend|month|year|decade|century|centurie)s?"
_ORD = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
}
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "fall": (9, 11),
    "autumn": (9, 11),
    "winter": (12, 2),
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
_TENS = r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"

# The words an expression can start with. The scan tries its alternatives only where one
# of them starts, which halves its cost; an alternative with a new first word must add it.
_FIRST_WORDS = [
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "roughly",
    "more",
    "over",
    "less",
    "just",
    "only",
    "at",
    "up",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "several",
    "late",
    "early",
    "earlier",
    "later",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "the",
    "this",
    "last",
    "now",
    "nowadays",
    "currently",
    "right",
    "these",
    "recently",
    "lately",
    "recent",
    "in",
    "fiscal",
    "calendar",
    "first",
    "second",
    "third",
    "fourth",
    "1st",
    "2nd",
    "3rd",
    "4th",
    "final",
    "latest",
    "current",
    "past",
    "previous",
    "prior",
    "next",
    "coming",
    "same",
    "comparable",
    "year-earlier",
    "year-ago",
    "year",
    "quarter",
    "period",
    "half",
    "mid",
    "following",
    "nineteen",
    *MONTH_NUMBERS,
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
]
_FIRST = alternation(_FIRST_WORDS)

RELATIVE = re.compile(
    rf"(?<![\w'’-])(?=(?:{_FIRST}|\d)(?![a-z]))(?:"
    # nearly four years ago, two days later, a year earlier, three hours before, a week
    # or so ago.
    rf"(?P<ago>(?P<aq>(?:nearly|almost|about|around|some|roughly|more\s+than|over|less\s+than"
    rf"|just|only|at\s+least)\s+)?(?P<an>{_NUM})[\s-]+(?:and\s+a\s+half\s+)?(?P<au>{_UNITS})"
    r"(?:\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+(?P<ad>ago|earlier|later|from\s+now|hence"
    r"|before(?=\s*[,.;:)]|\s+that\b)|after(?=\s*[,.;:)]|\s+that\b)))"
    # yesterday, late yesterday, earlier today, last night, this morning
    r"|(?P<dx>(?:(?:late|early|earlier|later)\s+)?(?P<dw>today|tonight|yesterday|tomorrow)"
    r"|the\s+day\s+(?P<dba>before\s+yesterday|after\s+tomorrow)"
    r"|(?P<dn>last\s+night|this\s+(?:morning|afternoon|evening))"
    r"|(?P<dnow>now|currently|at\s+present|nowadays|right\s+now|these\s+days)"
    r"|(?P<dpast>recently|lately|(?:in\s+)?the\s+(?:recent\s+|distant\s+)?past"
    r"(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|centur|quarters?|weekend)))"
    r"|(?P<dfut>(?:in\s+)?the\s+(?:near\s+|distant\s+)?future))"
    # the third quarter, third-quarter, the fiscal first quarter, this year's second
    # quarter, the year-earlier period, the first half, fourth-quarter of 1989
    r"|(?P<qx>(?:(?P<qthe>the)\s+)?(?:(?P<qyw>this|last|next)\s+year['’]s\s+|(?P<qfy>(?:fiscal\s+)?(?:19|20)\d\d(?:['’]s)?)\s+)?"
    r"(?:(?:fiscal|calendar)\s+)?"
    r"(?P<qo>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|past|previous|prior"
    r"|next|coming|same|comparable|year-earlier|year-ago|year\s+earlier|year\s+ago)?(?(qo)[\s-]+|)"
    r"(?:(?:fiscal|calendar)\s+)?(?P<qu>quarter|period|half)(?![\w-]|\s+(?:of\s+(?:a|an|the|its|their)\b|point|hour|mile|percent|century))"
    r"(?:\s+of\s+(?:fiscal\s+)?(?P<qy>(?:19|20)\d\d)|\s+(?P<qly>(?:this|last|next)\s+year))?)"
    # year-earlier results, year-ago levels: a modifier for the year before
    r"|(?P<ye>year[\s-](?:earlier|ago)(?=[\s-]+[a-z]))"
    # last year, this week, next month, the past year, earlier this month, late next year,
    # the end of this year, the coming weekend, this summer
    r"|(?P<rx>(?P<rp>(?:(?:early|late|earlier|later|mid|the\s+(?:end|beginning|start|middle|rest|remainder)\s+of)[\s-]+))?"
    r"(?P<rthe>the\s+)?(?P<rw>last|this|next|past|coming|previous|current|following|same|prior)\s+"
    r"(?P<ru>week|weekend|month|year|decade|century|fiscal\s+year|spring|summer|fall|autumn|winter|season))"
    # last May, this September, next January
    rf"|(?P<mx>(?P<mw>last|this|next|past|coming)\s+(?P<mm>(?-i:{_MONTH_RE}|May|March))(?!\s*\d))"
    # January this year, July last year
    rf"|(?P<my>(?P<mym>(?-i:{_MONTH_RE}|May|March))\s+(?P<myw>this|last|next)\s+year)"
    # this summer's, early next spring, the summer of 1990 (seasons with a year or a cue)
    r"|(?P<sx>(?P<sp>(?:early|late|mid)[\s-]+)?(?:the\s+)?(?P<ss>spring|summer|autumn|fall|winter)"
    r"\s+of\s+(?P<sy>(?:19|20)\d\d))"
    # the weekend, over the weekend, year-end, the end of the year
    r"|(?P<wx>the\s+weekend|year[\s-]end|the\s+end\s+of\s+the\s+year)"
    # nineteen ninety-one, the year two thousand
    rf"|(?P<yx>(?:(?P<ym>(?-i:{_MONTH_RE}|May|March))\s+)?nineteen[\s-]+(?P<yt>{_TENS}|{_TEENS})(?:[\s-]+(?P<yo>{_ONES}))?"
    rf"|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:[\s-]+(?P<y2>{_ONES}|ten|{_TEENS}))?)"
    # recent years, recent months, the coming months, a week, one day, a decade,
    # several years, a few days, 2 1/2 years, a minute and a half, half an hour
    r"|(?P<du>(?P<dq>(?:nearly|almost|about|around|some|roughly|more\s+than|over|less\s+than|just|only"
    r"|at\s+least|up\s+to)\s+)?"
    r"(?:(?P<dr>recent|the\s+(?:coming|next|past|last|previous)|(?:in\s+)?coming)\s+(?P<dru>weeks|months|years|days|decades)"
    r"|(?P<dh>half\s+an?)\s+(?P<dhu>hour|day|year|century|decade)"
    rf"|(?P<dn2>\d+\s+1/2|a|an|one|several|a\s+few|a\s+couple\s+of|a\s+couple)[\s-]+(?P<duu>{_UNITS})"
    r"(?P<dhalf>\s+and\s+a\s+half)?))"
    r")(?![\w-])",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|expects?\s+to|expected\s+to|plans?\s+to|planned"
    r"|planning|scheduled|intends?\s+to|is\s+to|are\s+to|due\s+to|due\s+in|would|next|coming"
    r"|upcoming|until|till|hopes?\s+to|aims?\s+to|set\s+to|to\s+be|beginning|starting"
    r"|(?:un)?likely\s+to)\b",
    re.IGNORECASE,
)
# A scheduled event in the present tense right before a weekday looks ahead, as wire copy
# writes it: "the two leaders meet separately Monday", "the Senate votes Tuesday".
_SCHEDULED_PRESENT = re.compile(
    r"\b(?:meets?|resumes?|begins?|opens?|starts?|votes?|convenes?|reconvenes?|arrives?"
    r"|travels?|returns?|visits?|hosts?|faces?|plays?|takes\s+effect|goes\s+on\s+trial"
    r"|testif(?:y|ies))(?:\s+\w+ly)?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
# Words right before a date that look ahead: "payable Jan. 2", "effective Feb. 1".
_FUTURE_BEFORE = re.compile(r"\b(?:payable|effective|starting|beginning)\s*$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:to|until|till|through|by)\s*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:,\u2014]|\s--\s|\b(?:and|but|while|when|after|before)\b")
_WORD = re.compile(r"[a-z]+")
_PAST_WORDS = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "took",
        "made",
        "came",
        "went",
        "began",
        "rose",
        "fell",
        "won",
        "lost",
        "left",
        "sold",
        "bought",
        "paid",
        "got",
        "gave",
        "held",
        "met",
        "saw",
        "ran",
        "built",
        "sent",
        "spent",
        "led",
        "struck",
        "fought",
        "found",
        "thought",
        "brought",
        "kept",
        "became",
        "grew",
        "drew",
        "fled",
        "shot",
        "stood",
        "since",
        "ago",
        "earlier",
        "last",
        "previously",
    ]
)
_NOT_PAST = frozenset(
    [
        "need",
        "needed",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "speed",
        "hundred",
        "based",
        "limited",
        "united",
        "detailed",
        "scheduled",
        "expected",
        "planned",
        "proposed",
        "reduced",
        "combined",
        "related",
        "interested",
        "concerned",
        "supposed",
    ]
)
# A figure or rate word right before "a year", "a day": "$5 a year", "twice a day".
_RATE_BEFORE = re.compile(
    r"(?:\d[\d,.]*%?|\b(?:times|once|twice|percent|cents?|dollars|each|per|every|than|half|hours"
    r"|miles|barrels|tons|shares|units|copies|people|visitors|calls|pounds|yen|marks|francs))"
    r"\s*$",
    re.IGNORECASE,
)
# A figure a few words before, with no preposition between: "four flights a week", "$500
# million a year in costs" are rates ("within a week", "for a year" are lengths).
_RATE_FIGURE_BEFORE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand"
    r"|million|billion)\b)[^\d.;:,()]{0,30}$",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|for|within|over|after|than|about|nearly|almost|around|under|of|at|by|from|to"
    r"|since|during|past|last|just|only|least|more|less|some|take|took|takes|taken|lasted"
    r"|last|spent|spend|extra|another|full|whole|once|up)\s*$",
    re.IGNORECASE,
)
_NOT_A_PERIOD = re.compile(
    r"\s+(?:of|century|mile|hour|point|inch|percent|finals?)\b", re.IGNORECASE
)
_AGE_AFTER = re.compile(r"[\s-]*(?:old\b|olds\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """One expression read: its spans and the fields of its ``Value``."""

    value_span: tuple[int, int]
    text_span: tuple[int, int]
    kind: ValueKind
    low: object
    high: object
    point: object
    qualifier: Qualifier
    unit: str | None
    anchor: Anchor | None
    part: DatePart | None = None


def future_cue(text: str) -> bool:
    return _FUTURE.search(text) is not None


def scheduled_present(before: str) -> bool:
    """Whether a weekday follows a scheduled event in the present ("meets Tuesday")."""
    return _SCHEDULED_PRESENT.search(before) is not None


def looks_ahead(before: str) -> bool:
    """Whether the clause leading up to a date speaks of the future ("will", "plans to")."""
    return _tense(before) == "future"


def _tense(before: str) -> str:
    """ "future", "target", "past" or "" for the clause that leads up to a date.

    A future cue anywhere in the clause wins ("will be paid Dec. 14", "said it will
    redeem the preferred shares on Oct. 31"); a preposition of a target ("extended to
    Nov. 20", "through January") leaves the verb's time aside. A past form right before
    the date is its own verb and wins over a cue further back. A clause with no tense of
    its own ("would leave from March 30, with the third departing from August 6") looks
    ahead when the clause before it in the sentence does; a past form further back is
    not carried over, since the dates of a record day or an earlier step often follow
    one ("declared a dividend, payable Dec. 7 to holders of record Nov. 22").
    """
    clauses = _CLAUSE_START.split(before[-160:])
    whole = clauses[-1]
    clause = whole[-80:]
    nearest = _NEAREST_WORD.search(clause)
    if (
        nearest
        and _past_form(nearest.group(2).lower())
        and (nearest.group(1) or "").lower() not in _PRESENT_OR_FUTURE_BE
    ):
        return "past"  # "the businesses to be acquired had revenue for the year ended March 31"
    if _TARGET_BEFORE.search(clause) and not (
        _FUTURE.search(clause) or _FUTURE_BEFORE.search(clause)
    ):
        return "target"
    tense = _clause_tense(clause)
    if tense or not _PARTICIPLE_CLAUSE.match(whole):
        return tense
    for earlier in reversed(clauses[:-1]):
        if _SENTENCE_END.search(earlier):
            break
        tense = _clause_tense(earlier)
        if tense:
            return "future" if tense == "future" else ""
    return ""


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+[A-Z]")
#: A clause that continues the one before it: "with the third departing ...", "rising to".
_PARTICIPLE_CLAUSE = re.compile(r"\s*(?:with\s|[a-z]{2,}ing\s)", re.IGNORECASE)


#: The word right before a date (past "on"/"in"), and the one before it: "the year ended
#: March 31", "dated May 2"; "will be paid Dec. 14" is a passive, not a past form.
_NEAREST_WORD = re.compile(r"(?:\b([A-Za-z]+)\s+)?\b([A-Za-z]+)\s+(?:(?:on|in)\s+)?$")
_PRESENT_OR_FUTURE_BE = frozenset(["be", "been", "being", "is", "are", "am", "get", "gets"])


def _past_form(word: str) -> bool:
    return word in _PAST_WORDS or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST)


def _clause_tense(clause: str) -> str:
    if _FUTURE.search(clause) or _FUTURE_BEFORE.search(clause):
        return "future"
    if any(_past_form(w) for w in _WORD.findall(clause.lower())):
        return "past"
    return ""


def choose_year(anchor: dt.date, month: int, day: int | None, before: str, after: str) -> int:
    """The year of a month (or month and day) written without one, read from the article's date.

    A future cue ("will", "expected to", "payable") puts it on or after the article's
    date, a past form ("was sold in October", "since") on or before it; with neither,
    news looks back, unless the date falls within two months after the article's date
    ("talks on Dec. 15" in a November report): news rarely names a day ten months past
    without its year.
    """
    del after
    tense = _tense(before)

    def first(y: int) -> dt.date:
        return dt.date(y, month, day or 1)

    def last(y: int) -> dt.date:
        return dt.date(y, month, day or calendar.monthrange(y, month)[1])

    # Only years that have the day: "Feb. 29" is in a leap year or none.
    years = [
        y
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if day is None or day <= calendar.monthrange(y, month)[1]
    ]
    if not years:
        return anchor.year
    if tense == "future":
        return min((y for y in years if last(y) >= anchor), default=years[-1])
    latest_past = max((y for y in years if first(y) <= anchor), default=years[0])
    if tense == "past":
        return latest_past
    window = 183 if tense == "target" else 62
    ahead = [y for y in years if first(y) > anchor and (first(y) - anchor).days <= window]
    return ahead[0] if ahead else latest_past


def _number(text: str) -> float | None:
    t = " ".join(text.lower().split())
    if "1/2" in t:
        return float(t.split()[0]) + 0.5
    if t[0].isdigit():
        return float(t)
    if t in ("several", "a few", "a couple of", "a couple"):
        return None
    return float(_NUM_WORDS.get(t, 0)) or None


def _vague_count(text: str) -> tuple[float, float] | None:
    t = " ".join(text.lower().split())
    return {
        "several": (3.0, 9.0),
        "a few": (2.0, 5.0),
        "a couple of": (2.0, 2.0),
        "a couple": (2.0, 2.0),
    }.get(t)


def _unit(text: str) -> str:
    u = text.lower().rstrip("s")
    if u == "centurie":
        u = "century"
    return "day" if u == "night" else u


def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _span_of(unit: str, d: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar unit (day, week, month, year, decade, century) containing ``d``."""
    if unit in ("second", "minute", "hour", "day"):
        return d, d
    if unit in ("week", "weekend"):
        monday = d - dt.timedelta(days=d.weekday())
        if unit == "weekend":
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return _month_span(d.year, d.month)
    if unit == "quarter":
        q0 = (d.month - 1) // 3 * 3 + 1
        return dt.date(d.year, q0, 1), _month_span(d.year, q0 + 2)[1]
    if unit == "decade":
        y = d.year // 10 * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    if unit == "century":
        y = d.year // 100 * 100
        return dt.date(y, 1, 1), dt.date(y + 99, 12, 31)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _shift(d: dt.date, unit: str, n: float) -> dt.date:
    if unit in ("second", "minute", "hour"):
        return d
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit in ("week", "weekend"):
        return d + dt.timedelta(days=round(7 * n))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(d, round(months * n))


def date_part(words: str | None) -> DatePart | None:
    """The part of a period the words name: "early", "mid-", "the end of" (or None)."""
    key = (words or "").lower()
    if not key:
        return None
    if "early" in key or "beginning" in key or "start" in key:
        return DatePart.early
    if "mid" in key:
        return DatePart.mid
    if "end" in key:
        return DatePart.end
    return DatePart.late if "late" in key else None


def _part(words: str | None) -> DatePart | None:
    """The part named before a relative period; "earlier this month" is the month itself
    (TimeML reads "earlier" and "later" as before or after now, not as a part)."""
    if not words or words.lower().startswith(("earlier", "later", "the rest", "the remainder")):
        return None
    return date_part(words)


_DURATION_UNIT = {
    "second": ("minute", 1 / 60),
    "minute": ("minute", 1),
    "hour": ("hour", 1),
    "day": ("day", 1),
    "night": ("day", 1),
    "week": ("week", 1),
    "weekend": ("day", 2),
    "month": ("month", 1),
    "quarter": ("month", 3),
    "year": ("year", 1),
    "decade": ("year", 10),
    "century": ("year", 100),
}
_APPROX = ("nearly", "almost", "about", "around", "some", "roughly", "just", "only")
_MORE = ("more than", "over", "at least")
_LESS = ("less than", "up to")


def _duration_qualifier(q: str | None) -> Qualifier:
    key = " ".join((q or "").lower().split())
    if key in _APPROX:
        return Qualifier.approximately
    if key in _MORE:
        return Qualifier.more_than if key != "at least" else Qualifier.at_least
    if key in _LESS:
        return Qualifier.less_than if key == "less than" else Qualifier.at_most
    return Qualifier.exact


def read(
    body: str,
    start: int,
    end: int,
    published: dt.date | None,
    reference: tuple[dt.date, dt.date] | None,
    year_for,
) -> list[Reading]:
    """The relative and deictic time expressions of body[start:end], resolved.

    ``reference`` is the latest date the text stated before (for "two days later");
    ``year_for(pos)`` is the year the text gives a date at ``pos`` (or None).
    """
    out: list[Reading] = []
    for m in RELATIVE.finditer(body, start, end):
        reading = _one(body, m, start, end, published, reference, year_for)
        if reading is not None:
            out.append(reading)
            if (
                reading.kind is ValueKind.date
                and reading.low is not None
                and reading.qualifier is not Qualifier.vague
                and reading.low == reading.high
            ):
                reference = (reading.low, reading.high)  # type: ignore[assignment]
    return out


def _date(
    m: re.Match[str],
    low: dt.date | None,
    high: dt.date | None,
    anchor: Anchor,
    qualifier: Qualifier = Qualifier.exact,
    text_start: int | None = None,
    part: DatePart | None = None,
) -> Reading:
    if anchor is Anchor.none:
        low = high = None
    if low is None or high is None or low == high:
        part = None
    point = low if low is not None and low == high else None
    return Reading(
        (m.start(), m.end()),
        (m.start() if text_start is None else text_start, m.end()),
        ValueKind.date,
        low,
        high,
        point,
        qualifier,
        None,
        anchor,
        part,
    )


def _one(body, m, start, end, published, reference, year_for) -> Reading | None:
    g = m.group
    before = body[max(start, m.start() - 100) : m.start()]
    after = body[m.end() : min(end, m.end() + 40)]
    anchor = Anchor.document if published is not None else Anchor.none
    today = published or dt.date(2000, 1, 1)
    words = m.group().split()
    if (
        len(words) > 1
        and all(w[0].isupper() for w in words)
        and not g("yx")
        and re.search(r"[\w,]\s*[\"“'‘]?\s*$", body[max(start, m.start() - 3) : m.start()])
    ):
        return None  # "ABC's This Week", "Last Days": a title in mid-sentence, not a time
    if (
        len(m.group()) > 2
        and m.group().isupper()
        and re.search(r"\b[A-Z][\w.]*\s+$", body[max(start, m.start() - 20) : m.start()])
    ):
        return None  # "USA TODAY", "CBS THIS MORNING": a name in capitals, not a time
    if g("ago"):
        unit = _unit(g("au"))
        n = _number(g("an"))
        vague = _vague_count(g("an"))
        direction = " ".join(g("ad").lower().split())
        sign = 1 if direction in ("later", "from now", "hence", "after") else -1
        base, how = today, anchor
        if direction not in ("ago", "from now", "hence") and reference is not None:
            base, how = reference[0], Anchor.text
        qualifier = Qualifier.approximately if g("aq") or vague else Qualifier.exact
        if n is None:
            if vague is None:
                return None
            lo_n, hi_n = vague
            a = _span_of(unit, _shift(base, unit, sign * lo_n))
            b = _span_of(unit, _shift(base, unit, sign * hi_n))
            low, high = min(a[0], b[0]), max(a[1], b[1])
        else:
            low, high = _span_of(unit, _shift(base, unit, sign * n))
        return _date(m, low, high, how, qualifier)
    if g("dx"):
        if g("dw"):
            word = g("dw").lower()
            offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
            day = today + dt.timedelta(days=offset)
            return _date(m, day, day, anchor)
        if g("dba"):
            offset = -2 if "before" in g("dba").lower() else 2
            day = today + dt.timedelta(days=offset)
            return _date(m, day, day, anchor)
        if g("dn"):
            day = today - dt.timedelta(days=1) if g("dn").lower().startswith("last") else today
            return _date(m, day, day, anchor)
        if g("dnow"):
            word = g("dnow").lower()
            if word == "now" and re.match(r"\s*(?:that|on\b)", after, re.IGNORECASE):
                return None  # "now that", "from now on": no point in time
            if word == "now" and re.search(
                r"\b(?:from|until|till|by|ago)\s*$", before, re.IGNORECASE
            ):
                return None
            return _date(m, today, today, anchor, Qualifier.vague)
        if g("dpast"):
            return (
                _date(m, None, today, anchor, Qualifier.vague)
                if anchor is not Anchor.none
                else _date(m, None, None, anchor, Qualifier.vague)
            )
        if g("dfut"):
            if re.match(r"\s+of\b", after):
                return None  # "the future of the alliance": a thing, not a time
            return (
                _date(m, today, None, anchor, Qualifier.vague)
                if anchor is not Anchor.none
                else _date(m, None, None, anchor, Qualifier.vague)
            )
    if g("qx"):
        return _quarter(body, m, before, after, today, anchor, reference, year_for)
    if g("ye"):
        y = today.year - 1
        return _date(m, dt.date(y, 1, 1), dt.date(y, 12, 31), anchor)
    if g("rx"):
        word = g("rw").lower()
        unit = " ".join(g("ru").lower().split())
        if word == "this" and unit == "fiscal year":
            unit = "year"
        if unit == "fiscal year":
            unit = "year"
        if word == "same" and not g("rthe"):
            return None
        if unit in _SEASONS:
            return _season(m, unit, word, g("rp"), today, anchor)
        if unit == "season":
            return (
                _date(m, None, today, anchor, Qualifier.vague)
                if anchor is not Anchor.none
                else None
            )
        n = {
            "last": -1,
            "past": -1,
            "previous": -1,
            "prior": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
        }.get(word, 0)
        base, how = today, anchor
        if word in ("previous", "prior", "following", "same") and reference is not None:
            base, how = reference[0], Anchor.text
        low, high = _span_of(unit, _shift(base, unit, n))
        if unit == "weekend" and word in ("this", "coming") and high < base:
            low, high = _span_of(unit, _shift(base, unit, 1))
        # "early next year" is next year, part early; "earlier this month" is the month.
        return _date(m, low, high, how, part=_part(g("rp")))
    if g("mx"):
        month = MONTH_NUMBERS[g("mm").rstrip(".").lower()]
        word = g("mw").lower()
        y = today.year
        if word in ("last", "past"):
            y = y if month < today.month else y - 1
        elif word in ("next", "coming"):
            y = y if month > today.month else y + 1
        low, high = _month_span(y, month)
        return _date(m, low, high, anchor)
    if g("my"):
        month = MONTH_NUMBERS[g("mym").rstrip(".").lower()]
        y = today.year + {"this": 0, "last": -1, "next": 1}[g("myw").lower()]
        low, high = _month_span(y, month)
        return _date(m, low, high, anchor)
    if g("sx"):
        y = int(g("sy"))
        return _season(m, g("ss").lower(), None, g("sp"), dt.date(y, 7, 1), Anchor.explicit, year=y)
    if g("wx"):
        text = g("wx").lower()
        if "weekend" in text:
            monday = today - dt.timedelta(days=today.weekday())
            low = monday + dt.timedelta(days=5)
            if low > today and not future_cue(before[-60:]):
                low -= dt.timedelta(days=7)
            return _date(m, low, low + dt.timedelta(days=1), anchor)
        stated = year_for(m.start())
        how = anchor if stated is None else Anchor.text
        y = stated if stated is not None else choose_year(today, 12, 31, before, after)
        # "at year end", "the end of the year": the year, part end (its December)
        return _date(m, dt.date(y, 1, 1), dt.date(y, 12, 31), how, part=DatePart.end)
    if g("yx"):
        return _spelled_year(m)
    if g("du"):
        return _duration(body, m, start)
    return None


def _spelled_year(m: re.Match[str]) -> Reading | None:
    words = {
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
        "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9,
    }  # fmt: skip
    if m.group("yt"):
        year = 1900 + words[m.group("yt").lower()] + words.get((m.group("yo") or "").lower(), 0)
    else:
        year = 2000 + words.get((m.group("y2") or "").lower(), 0)
    if m.group("ym"):
        low, high = _month_span(year, MONTH_NUMBERS[m.group("ym").rstrip(".").lower()])
        return _date(m, low, high, Anchor.explicit)
    return _date(m, dt.date(year, 1, 1), dt.date(year, 12, 31), Anchor.explicit)


def _season(m, season, word, part, today, anchor, year=None) -> Reading:
    first, last = _SEASONS[season]
    y = today.year if year is None else year
    if word in ("last", "past", "previous"):
        start = dt.date(y, first, 1)
        if start >= today.replace(day=1) or (
            first <= today.month <= (last if last > first else 12)
        ):
            y -= 1
    elif word in ("next", "coming", "following") and dt.date(y, first, 1) <= today:
        y += 1
    low = dt.date(y, first, 1)
    end_year = y + 1 if last < first else y
    high = _month_span(end_year, last)[1]
    return _date(m, low, high, anchor, part=_part(part))


def _quarter(body, m, before, after, today, anchor, reference, year_for) -> Reading | None:
    g = m.group
    unit = g("qu").lower()
    order = (g("qo") or "").lower().replace(" ", "-")
    has_modifier = bool(order or g("qyw") or g("qfy"))
    if unit == "period" and g("qfy") and not order:
        y = int(re.search(r"\d{4}", g("qfy")).group())  # "the 1988 period"
        return _date(m, dt.date(y, 1, 1), dt.date(y, 12, 31), Anchor.explicit)
    if unit == "period" and order not in (
        "latest",
        "year-earlier",
        "year-ago",
        "same",
        "comparable",
        "previous",
        "prior",
        "current",
    ):
        return None
    if unit == "half" and order not in (
        "first",
        "second",
        "1st",
        "2nd",
        "final",
        "latest",
        "past",
        "last",
        "next",
        "coming",
        "current",
    ):
        return None
    if not has_modifier and not g("qthe"):
        return None  # "quarter" alone: a fraction or a coin as often as three months
    # "the quarter" is the one just reported, in earnings news; not "the quarter of",
    # "the quarter-mile", "the quarter finals".
    if not has_modifier and not g("qy") and not g("qly") and _NOT_A_PERIOD.match(body, m.end()):
        return None
    months = 6 if unit == "half" else 3
    explicit_year = None
    how = anchor
    if g("qy"):
        explicit_year = int(g("qy"))
    elif g("qfy"):
        explicit_year = int(re.search(r"\d{4}", g("qfy")).group())
    elif g("qyw") or g("qly"):
        w = (g("qyw") or g("qly")).lower().split()[0]
        explicit_year = today.year + {"this": 0, "last": -1, "next": 1}[w]
    if explicit_year is not None and (g("qy") or g("qfy")):
        how = Anchor.explicit
    if order in _ORD or (unit == "half" and order in ("first", "second", "1st", "2nd")):
        n = _ORD.get(order, 1)
        if unit == "half":
            n = 2 if order in ("second", "2nd", "final") else 1
        if explicit_year is None:
            stated = year_for(m.start())
            if stated is not None and stated != today.year:
                explicit_year, how = stated, Anchor.text
        if explicit_year is None:
            first_month = (n - 1) * months + 1
            # A past quarter unless the words look ahead: "third-quarter profit" in
            # a January report is last year's.
            y = today.year
            if dt.date(y, first_month, 1) > today and not future_cue(before[-60:]):
                y -= 1
            explicit_year = y
        first_month = (n - 1) * months + 1
        low = dt.date(explicit_year, first_month, 1)
        high = _month_span(explicit_year, first_month + months - 1)[1]
        return _date(m, low, high, how)
    # Relative quarters: the latest, the current, last, next, the year-earlier.
    current = (
        _span_of("quarter", today)
        if months == 3
        else (
            (dt.date(today.year, 1, 1), dt.date(today.year, 6, 30))
            if today.month <= 6
            else (dt.date(today.year, 7, 1), dt.date(today.year, 12, 31))
        )
    )
    step = {"current": 0, "this": 0, "next": 1, "coming": 1}.get(order, -1)
    low = _add_months(current[0], step * months)
    if order in ("year-earlier", "year-ago", "year-earlier", "comparable", "same"):
        base = reference if (reference is not None and order in ("same", "comparable")) else None
        if base is not None:
            low, how = base[0], Anchor.text
        low = _add_months(low, -12) if order not in ("same",) else low
    low = low.replace(day=1)
    high = _add_months(low, months - 1)
    high = _month_span(high.year, high.month)[1]
    return _date(m, low, high, how)


def _duration(body: str, m: re.Match[str], start: int) -> Reading | None:
    g = m.group
    before = body[max(start, m.start() - 40) : m.start()]
    if _AGE_AFTER.match(body, m.end()):
        return None  # "a one-year-old", "a year old": an age, not a length of an event
    qualifier = _duration_qualifier(g("dq"))
    if g("dr"):
        unit = _unit(g("dru"))
        # "recent months", "the coming weeks": at least two of the unit, how many unsaid
        return Reading(
            (m.start(), m.end()),
            (m.start(), m.end()),
            ValueKind.duration,
            2.0,
            None,
            None,
            Qualifier.vague,
            unit,
            None,
        )
    if g("dh"):
        unit, mult = _DURATION_UNIT[g("dhu").lower()]
        value = 0.5 * mult
        return _length(m, value, unit, qualifier)
    count = g("dn2")
    raw_unit = _unit(g("duu"))
    if raw_unit == "centurie":
        raw_unit = "century"
    unit, mult = _DURATION_UNIT.get(raw_unit, (raw_unit, 1))
    key = " ".join(count.lower().split())
    if key in ("a", "an", "one"):
        if g("duu").lower().endswith("s") or raw_unit == "second":
            return None  # "a second bomb" is an ordinal; "a days" no English
        if _RATE_BEFORE.search(before) or (
            key != "one"
            and _RATE_FIGURE_BEFORE.search(before)
            and not _PREPOSITION_BEFORE.search(before)
        ):
            return None  # "$5 a year", "twice a day", "four flights a week": a rate
        value = 1.0 * mult
        if g("dhalf"):
            value += 0.5 * mult
        return _length(m, value, unit, qualifier)
    vague = _vague_count(key)
    if vague is not None:
        lo, hi = vague
        return Reading(
            (m.start(), m.end()),
            (m.start(), m.end()),
            ValueKind.duration,
            lo * mult,
            hi * mult,
            None,
            Qualifier.vague,
            unit,
            None,
        )
    n = _number(key)
    if n is None:
        return None
    return _length(m, n * mult, unit, qualifier)


def _length(m: re.Match[str], value: float, unit: str, qualifier: Qualifier) -> Reading:
    low: float | None = value
    high: float | None = value
    if qualifier is Qualifier.approximately:
        low, high = value * 0.9, value * 1.1
    elif qualifier in (Qualifier.more_than, Qualifier.at_least):
        high = None
    elif qualifier in (Qualifier.less_than, Qualifier.at_most):
        low = None
    value_start = (
        m.start("dn2") if m.group("dn2") else (m.start("dh") if m.group("dh") else m.start())
    )
    return Reading(
        (value_start, m.end()),
        (m.start(), m.end()),
        ValueKind.duration,
        low,
        high,
        value,
        qualifier,
        unit,
        None,
    )
