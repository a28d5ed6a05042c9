"""Figures, dates and durations in news text, turned into intervals with their qualifier.

A news figure is rarely a bare number: "approximately 1,960", "over 600,000", "by
December 1", "between 200 and 600", "tens of thousands". Comparing figures across
documents needs each one as an interval ``[low, high]`` plus the words that made it,
so that "approximately 600,000" and "over 600,000" can be seen to agree.

How it works, and why:

* One combined candidate regex (:data:`_CANDIDATE`) is searched left to right over the
  original text, so offsets are exact and the scan costs one regex pass per sentence.
  Alternatives are ordered so that the longest reading wins at a position: a date
  before a number ("9 October 2020" is not the count 9), a range before a single
  number, and a qualifier is an optional prefix of every figure.
* Things that look like numbers but are not figures (citation markers, page and
  resolution numbers, clock times, ratios, ordinals, phone numbers and long ids) are
  matched too, and dropped, so their digits cannot be picked up on their own.
* Model designations ("T-72", "Su-30SM", "9N235", "TB2") never match because a figure
  may not start right after a letter or a letter-hyphen, nor run into letters.
* A four-digit number from 1800 to 2099 without a comma is read as a year; it is a
  date when a preposition or punctuation around it says so ("in 1994", "since 2016,"),
  and a name or modifier (skipped) when a determiner precedes it or a noun follows
  ("the 2020 war", "2020 Nagorno-Karabakh War").
* A date without a year takes it from the sentence, else from the nearest year stated
  earlier in the document, else from the publication date; never from today.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from claimcheck.extraction import timex
from claimcheck.extraction.sentences import CITATION
from claimcheck.extraction.words import NUMBER_WORDS, alternation
from claimcheck.model import Anchor, DatePart, Qualifier, Value, ValueKind, part_of
from claimcheck.sources import MONTH_NUMBERS, WEEKDAY_NUMBERS

__all__ = ["Figure", "FigureFinder"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in the text.

    ``value_span`` covers the figure itself ("1,960", "October 9, 2020", "$2.8
    billion"); ``text_span`` widens it with the qualifier words and any attached time
    ("approximately 1,960", "by December 1", "13:00, September 20"), and
    ``value.text`` is exactly the text under ``text_span``.
    """

    value_span: tuple[int, int]
    text_span: tuple[int, int]
    value: Value


# --------------------------------------------------------------------------- lexicon

_BIG_WORDS: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_SCALE_SUFFIX: dict[str, int] = {
    **_BIG_WORDS,
    "bn": 10**9,
    "mn": 10**6,
    "tn": 10**12,
    "b": 10**9,
    "m": 10**6,
    "k": 10**3,
}
#: Vague plurals and the interval each one conventionally spans.
_VAGUE_WORDS: dict[str, tuple[int, int]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}
_VAGUE_BASE: dict[str, int] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
#: "several hundred" and "a few hundred": multiples of the base word.
_VAGUE_MULTIPLES: dict[str, tuple[int, int]] = {"several": (3, 9), "few": (2, 5), "couple": (2, 2)}

_DENOMINATORS: dict[str, int] = {
    "half": 2,
    "halve": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "eighth": 8,
    "tenth": 10,
}
_MONTHS: dict[str, int] = MONTH_NUMBERS
_WEEKDAYS: dict[str, int] = WEEKDAY_NUMBERS

_CURRENCIES: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "c$": "CAD",
    "a$": "AUD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "azn": "AZN",
    "rub": "RUB",
    "dollars": "USD",
    "euros": "EUR",
    "pounds sterling": "GBP",
    "rubles": "RUB",
    "roubles": "RUB",
    "manat": "AZN",
    "manats": "AZN",
    "dram": "AMD",
    "drams": "AMD",
    "yuan": "CNY",
    "yen": "JPY",
}
#: The currency of "Canadian cents" and the like; cents alone are US cents.
_SUBUNIT_CURRENCIES = {"us": "USD", "canadian": "CAD", "australian": "AUD"}

# Qualifier words and the reading each one gives. "nearly" is approximately with the
# number itself as the upper bound; "between"/"from" open ranges; "by" is a deadline on
# dates and nothing on amounts ("rose by 5 percent"); "as of" is never a qualifier.
_QUALIFIER_WORDS: dict[str, str] = {
    "approximately": "approx",
    "approx.": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "ca.": "approx",
    "c.": "approx",
    "close to": "nearly",
    "closer to": "approx",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "more than": "more",
    "over": "more",
    "well over": "more",
    "just over": "more",
    "exceeded": "more",
    "exceeding": "more",
    "exceeds": "more",
    "in excess of": "more",
    "upwards of": "more",
    "above": "more",
    "north of": "more",
    "at least": "least",
    "no fewer than": "least",
    "no less than": "least",
    "not less than": "least",
    "a minimum of": "least",
    "up to": "most",
    "at most": "most",
    "no more than": "most",
    "not more than": "most",
    "a maximum of": "most",
    "as many as": "most",
    "as much as": "most",
    "under": "less",
    "fewer than": "less",
    "less than": "less",
    "below": "less",
    "between": "between",
    "from": "from",
    "by": "by",
    "no later than": "by",
    "not later than": "by",
    "as of": "asof",
}
_QUALIFIER_SYMBOLS: dict[str, str] = {
    "~": "approx",
    "≈": "approx",
    ">": "more",
    "≥": "least",
    "<": "less",
    "≤": "most",
}
_NUMERIC_QUALIFIERS: dict[str, Qualifier] = {
    "approx": Qualifier.approximately,
    "nearly": Qualifier.approximately,
    "more": Qualifier.more_than,
    "least": Qualifier.at_least,
    "most": Qualifier.at_most,
    "less": Qualifier.less_than,
}

# Words before a bare year that make it a date ("in 1994", "since 2016", "the summer
# of 2020"), and words that make it a name or modifier ("the 2020 war").
_YEAR_PREPOSITIONS = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "to",
        "through",
        "before",
        "after",
        "during",
        "of",
        "between",
        "and",
        "or",
        "around",
        "about",
        "circa",
        "early",
        "mid",
        "late",
        "fiscal",
        "year",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "than",
        "for",
        "at",
        "into",
        "throughout",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "this",
        "that",
        "these",
        "those",
        "whose",
        "each",
        "every",
    ]
)
# Words after a bare year that leave it a date ("in 2014 and 2016", "2014 was ...").
_YEAR_FOLLOWERS = frozenset(
    [
        "and",
        "or",
        "to",
        "when",
        "after",
        "before",
        "until",
        "the",
        "a",
        "an",
        "was",
        "were",
        "is",
        "are",
        "as",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "that",
        "which",
        "while",
        "but",
        "through",
        "onwards",
        "onward",
        "had",
        "has",
        "have",
        "he",
        "she",
        "it",
        "they",
        "we",
        "there",
        "this",
    ]
)
# Words before a figure that make a pair of numbers a score, not a range ("voted 4-3").
_SCORE_WORDS = frozenset(
    [
        "vote",
        "voted",
        "votes",
        "voting",
        "won",
        "win",
        "wins",
        "beat",
        "beating",
        "lost",
        "lose",
        "defeated",
        "score",
        "scored",
        "tied",
        "draw",
        "margin",
        "ruling",
        "ruled",
        "decision",
        "victory",
        "record",
    ]
)

# Words after a hyphenated pair that make it a win-loss record, not a range: "a 35-47
# record", "a 9-14 start", "an 11-2 run"; and words before it: "a record of 284-286".
_RECORD_WORDS = frozenset(["record", "records", "start", "mark", "finish", "run", "streak"])
_RECORD_WORDS_BEFORE = frozenset(["record", "mark"])

# --------------------------------------------------------------------------- patterns


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)(?![,.:]\d)"
_YEAR = r"(?:1[5-9]|20)\d\d(?!\w)"
_YEAR_SEP = r"(?:,\s*|\s+)"
_DATE_RANGE_SEP = r"(?:\s*[–—-]\s*|\s+(?:to|through|until|till|and|-)\s+)"
# Where digits may start: not inside a word, a number, a time or a designation.
_DIGIT_START = r"(?<![\w.,:/])(?<!\w['’])(?<![A-Za-z][-–])(?<!\d[-–])"
# Time zones written after a clock time: "11:11 PM PDT", "08.33 BST", "3:21 PM ET".
_ZONE = r"(?:local\s+time|GMT|UTC|BST|IST|CET|CEST|EET|EEST|MSK|[ECMP][SD]T|ET|PT|CT|AE[SD]T|JST)\b"
_TIME = (
    r"(?:(?:[01]?\d|2[0-3]):(?:[0-5]\d(?:\s?[AaPp]\.?[Mm]\.?)?|\s[0-5]\d\s?[AaPp]\.?[Mm]\.?)"
    # "08.33 BST": a dotted clock time, British style, read as one only with its zone
    rf"|(?:[01]?\d|2[0-3])\.[0-5]\d(?=\s+{_ZONE})"
    r"|(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[AP]\.M\.|am\b|pm\b|AM\b|PM\b))"
    rf"(?:\s+{_ZONE})?"
)
_PART = r"(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"

_SMALL = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|zero)\b"
)
_BIG = r"(?:dozen|hundred|thousand|million|billion|trillion)\b"
_WORDNUM = (
    rf"(?<![\w-])(?<!\w['’])(?i:(?:half[\s-]+(?:an?\s+)?{_BIG}|an?\s+{_BIG}|dozen\b|{_SMALL})"
    rf"(?:[\s-]+{_BIG}(?:(?:\s+and)?[\s-]+{_SMALL})?)*)"
    r"(?![\s-](?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|thirds?"
    r"|quarters?|halves|half)\b)"
)
_NUMD = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CUR = r"(?:US\$|C\$|A\$|\$|€|£|¥|(?<![A-Za-z])(?:USD|EUR|GBP|AZN|RUB)\s?)"
_SCALE = r"(?:\s?(?i:thousand|million|billion|trillion|bn|mn|tn)\b|(?:bn|mn|tn|[BMKk]|m)(?!\w))"
_UNIT = (
    r"(?:\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|pct\b)"
    r"|[\s-](?:square|sq\.?)\s?(?:kilomet(?:er|re)s?|km|miles?|mi|met(?:er|re)s?)\b"
    r"|\s?km²|\s?km2\b"
    r"|[\s-]?(?:kilomet(?:er|re)s?|km|miles?|hectares?|ha|tonnes?|tons?|met(?:er|re)s?)\b"
    r"|[\s-](?i:days?|weeks?|months?|years?|hours?|minutes?|decades?)\b"
    r"|\s(?:US\s+)?(?:dollars|euros|pounds\s+sterling|rubles|roubles|manats?|drams?|yuan|yen)\b"
    r"|\s(?:(?:US|Canadian|Australian)\s+)?(?:cents?|pence)\b)"
)


# "8 p.m." is a clock time, not the count 8; so is each end of "5-6 p.m.".
_CLOCK_SUFFIX = r"\s?(?:[ap]\.m\.|[AP]\.M\.|am\b|pm\b|AM\b|PM\b)"
# A price whose thousands separator a tokeniser split off: "$1, 199" is $1,199. Only
# after a currency sign and with exactly three digits after each comma.
_SPLIT_THOUSANDS = r"(?<=[$€£¥])\d{1,3}(?:,[ ]\d{3})+(?!\d|[.,]\d)"
# "08.33 BST" and "10: 50AM" are clock times too, not the figures 8.33 and 10.
_CLOCK_AHEAD = rf"(?:[01]?\d|2[0-3])\.[0-5]\d\s+{_ZONE}"
_NOT_CLOCK = rf"(?!{_CLOCK_SUFFIX}|[-–]\d{{1,2}}(?::\d\d)?{_CLOCK_SUFFIX})"


def _amount(suffix: str) -> str:
    """One amount: currency, number, scale and unit, with group names ending in ``suffix``."""
    digit_start = _DIGIT_START if suffix == "1" else ""
    return (
        rf"(?P<cur{suffix}>{_CUR})?"
        rf"(?P<n{suffix}>{_SPLIT_THOUSANDS}|{digit_start}(?!{_CLOCK_AHEAD}){_NUMD}(?!:\s?\d){_NOT_CLOCK}|{_WORDNUM})"
        rf"(?P<sc{suffix}>{_SCALE})?(?P<u{suffix}>{_UNIT})?"
    )


_NUMBER = (
    rf"(?P<num>{_amount('1')}"
    rf"(?:(?P<sep>\s?[–-]\s?|-to-|-by-|\s+(?:to|and|or|through|–)\s+){_amount('2')})?"
    r"(?P<plus>\+)?(?P<of>\s+of\s+(?:US\s+)?(?:dollars|euros))?)"
    r"(?!\w)(?![.,]\d)"
)
_VAGUE = (
    r"(?P<vague>(?<![\w-])(?<!\w['’])(?i:"
    r"(?P<vmul>tens|hundreds)\s+of\s+(?P<vof>thousands|millions|billions)"
    r"|(?P<vfew>several|a\s+few|a\s+couple\s+of|few)\s+(?P<vbase>dozen|hundred|thousand|million|billion)"
    r"(?:\s+(?P<vbase2>thousand|million|billion))?"
    r"|(?P<vword>dozens|scores(?=\s+of\b)|hundreds|thousands|millions|billions))(?!\w)"
    r"(?P<vcur>\s+of\s+(?:US\s+)?(?:dollars|euros))?)"
)
_FRACTION = (
    r"(?P<frac>(?<![\w-])(?i:(?P<fnum>one|two|three|four|five|six|seven|eight|nine)[\s-]"
    r"(?P<fden>half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?))(?!\w))"
)
_DATE = (
    r"(?P<date>"
    rf"(?P<tp>(?<![\w.:]){_TIME}(?:\s*,\s*|\s+on\s+|\s+))?"
    rf"(?P<wd>{_WEEKDAY},?\s+(?:the\s+)?)?"
    r"(?P<dv>"
    # October 5 to November 10, 2020
    rf"(?P<aM1>{_MONTH})\s*(?P<aD1>{_DAY}){_DATE_RANGE_SEP}(?P<aM2>{_MONTH})\s*(?P<aD2>{_DAY})"
    rf"(?:{_YEAR_SEP}(?P<aY>{_YEAR}))?"
    # October 5-10, 2020
    rf"|(?P<bM>{_MONTH})\s*(?P<bD1>{_DAY}){_DATE_RANGE_SEP}(?P<bD2>{_DAY})"
    rf"(?:{_YEAR_SEP}(?P<bY>{_YEAR}))?"
    # 27 September to 10 November 2020
    rf"|{_DIGIT_START}(?P<jD1>{_DAY})\s+(?:of\s+)?(?P<jM1>{_MONTH}){_DATE_RANGE_SEP}"
    rf"(?P<jD2>{_DAY})\s+(?:of\s+)?(?P<jM2>{_MONTH})(?:{_YEAR_SEP}(?P<jY>{_YEAR}))?"
    # 5-10 October 2020
    rf"|{_DIGIT_START}(?P<cD1>{_DAY}){_DATE_RANGE_SEP}(?P<cD2>{_DAY})\s+(?:of\s+)?(?P<cM>{_MONTH})"
    rf"(?:{_YEAR_SEP}(?P<cY>{_YEAR}))?"
    # October 9, 2020
    rf"|(?P<dM>{_MONTH})\s*(?P<dD>{_DAY})(?:{_YEAR_SEP}(?P<dY>{_YEAR}))?"
    # 9 October 2020
    rf"|{_DIGIT_START}(?P<eD>{_DAY})\s+(?:of\s+)?(?P<eM>{_MONTH})(?:{_YEAR_SEP}(?P<eY>{_YEAR}))?"
    # 2/3/2009, 04 / 02 / 07: a numeric date, month or day first (see _slash_date)
    r"|(?<![\w./-])(?P<sA>[0-3]?\d)[ \t]?/[ \t]?(?P<sB>[0-3]?\d)[ \t]?/[ \t]?"
    r"(?P<sY>(?:19|20)\d\d|\d\d)(?![\w/]|[.,]\d)"
    # 2020-10-09
    r"|(?<![\w-])(?P<gY>(?:19|20)\d\d)-(?P<gM>0[1-9]|1[0-2])-(?P<gD>3[01]|[12]\d|0[1-9])(?![\w-])"
    # the 1990s, the mid-1990s
    rf"|(?P<iP>{_PART}[\s-]+)?(?<![\w'’])(?P<iY>(?:1[5-9]|20)\d0)s(?!\w)"
    # early October 2020, October 2020, mid-October
    rf"|(?P<fP>{_PART}[\s-]+)?(?<![\w'’])(?P<fM>{_MONTH})(?:,?\s+(?P<fY>{_YEAR})|(?!\.?\s*\d))"
    # early 2021, mid-2020
    rf"|(?P<hP>(?i:early|mid|late)[\s-]+)(?P<hY>(?:19|20)\d\d)(?!\w)"
    r"))"
)
_QUALIFIER = (
    rf"(?P<q>(?<![\w'’])(?i:{alternation(_QUALIFIER_WORDS, spaces=True)})\s+"
    rf"|[{''.join(_QUALIFIER_SYMBOLS)}]\s?)"
)
# Number-like text that is not a figure; matched so that its digits are consumed.
_HARD_SKIP = (
    r"(?P<skip>(?<![\w])(?:\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)"
    r"|\+\d[\d\s-]{7,}\d|\d{10,}(?!,?\d)"
    # screen and image sizes: "1440 x 900", "720×720", "2,880 by 1,800 pixels"
    r"|\d[\d,]*\s?[x×]\s?\d[\d,]*(?![\w,.]?\d)"
    r"|\d[\d,]*\s+(?:pixels?\s+)?by\s+\d[\d,]*(?=[\s-]pixels?\b|\s+resolution\b)"
    r"|\d[\d,]*\s+pixels\s+by\s+\d[\d,]*"
    # a street address by its block: "the 12200 block of Elm Street"
    r"|[1-9]\d*00\s+block(?![\w-])))"
)
_SOFT_SKIP = (
    rf"(?P<skip2>(?:{CITATION})+"
    r"|(?<![\w.&])(?:pp?\.|(?i:pages?|vols?\.?|nos?\.|#|art\.|articles?|paragraphs?|paras?\.?"
    r"|sections?|chapters?|clauses?|resolutions?)(?:\s+(?:such\s+as|including|like|numbers?))?)"
    r"\s*\d+[A-Za-z]?(?:\s*\(\d{4}\))?"  # "Resolution 822 (1993)"
    r"(?:(?:\s*[–-]\s*|,\s*(?:and\s+)?|,?\s+(?:and|or)\s+)\d+[A-Za-z]?(?:\s*\(\d{4}\))?)*"
    rf"|(?<![\w.:]){_TIME}"
    r"|(?<![\w.:])\d+:\d+(?::\d+)?(?:[-–]\d+)?"
    r"|(?<![\w.:])\d+(?:st|nd|rd|th)\b)"
)
_CANDIDATE = re.compile(
    # Nothing starts inside a word, nor at a space: positions between two letters and
    # before whitespace fail at once, which is most of the text and most of the cost of
    # the scan (every figure, skip and qualifier starts with a character of its own).
    rf"(?!\s)(?:(?<![A-Za-z])|(?![A-Za-z]))(?:{_HARD_SKIP}|{_QUALIFIER}?(?:{_DATE}|(?P<wk>(?<![\w'’]){_WEEKDAY})(?![a-z])|{_VAGUE}|{_FRACTION}|{_NUMBER})"
    rf"|{_SOFT_SKIP})"
)
# Years the document states, for dates written without one: in a full date, a
# "Month YYYY", an ISO date or "in YYYY".
_YEAR_MENTION = re.compile(
    rf"(?:{_MONTH}\s*(?:{_DAY}{_YEAR_SEP})?|(?<!\w)\d{{1,2}}\s+{_MONTH},?\s+|\b[Ii]n\s+)"
    r"(?P<y>(?:19|20)\d\d)(?!\d)|(?<![\w-])(?P<iso>(?:19|20)\d\d)-[01]\d-[0-3]\d(?!\d)"
)
_WORD_TOKEN = re.compile(r"[a-z]+")
# One more day in a list of days of one month: ", 5", ", and 17", " and 17".
_DAY_LIST_ITEM = re.compile(
    r"(?:,\s*(?:and\s+)?|\s+and\s+)((?:3[01]|[12]\d|0?[1-9]))(?![\d,]\d|\w)"
)
_LIST_YEAR = re.compile(r",?\s+((?:19|20)\d\d)(?!\w)")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*)[\s,]*$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
_NAME_AFTER_WORDNUM = re.compile(r"-[A-Z]")
#: How far back (characters, about two paragraphs) a stated year still dates a day or
#: month written without one; further back, the article's date does.
_YEAR_REACH = 600
#: Words that count a weekday from the day the story is at: "the previous Friday".
_STORY_WEEKDAY_WORDS = frozenset(["previous", "preceding", "prior", "following"])
#: A day or month without a year this close to the article's date is the recent one.
_RECENT_DAYS = 62
_AGE_AFTER = re.compile(r"[\s-]*olds?\b")


# --------------------------------------------------------------------------- helpers


def _word_value(text: str) -> Decimal:
    """The value of a number written in words ("forty-nine", "half a million")."""
    total = Decimal(0)
    current = Decimal(0)
    half = False
    for token in _WORD_TOKEN.findall(text.lower()):
        if token == "half":
            half = True
        elif token in ("a", "an"):
            current = Decimal(1)
        elif token in NUMBER_WORDS:
            current += NUMBER_WORDS[token]
        elif token == "dozen":
            current = (current or 1) * 12
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in _BIG_WORDS:
            total += (current or 1) * _BIG_WORDS[token]
            current = Decimal(0)
    value = total + current
    return value / 2 if half else value


def _unit_of(text: str) -> tuple[ValueKind, str | None, int | Decimal]:
    """Kind, unit and multiplier of a unit suffix ("%", " square kilometers", "-year")."""
    word = " ".join(text.lower().replace("-", " ").replace(".", " ").split())
    if word.startswith("percentage point"):
        return ValueKind.number, "pp", 1
    if word in ("%", "pct") or word.startswith(("percent", "per cent")):
        return ValueKind.number, "%", 1
    if word.startswith(("square", "sq")) or word in ("km²", "km2"):
        if "mi" in word:
            return ValueKind.number, "mi2", 1
        if "km" in word or "kilomet" in word or word == "km²":
            return ValueKind.number, "km2", 1
        return ValueKind.number, "m2", 1
    if word.startswith(("kilomet", "km")):
        return ValueKind.number, "km", 1
    if word.startswith("mile"):
        return ValueKind.number, "mi", 1
    if word.startswith(("hectare", "ha")):
        return ValueKind.number, "ha", 1
    if word.startswith(("tonne", "ton")):
        return ValueKind.number, "t", 1
    if word.startswith("met"):
        return ValueKind.number, "m", 1
    if word.startswith("decade"):
        return ValueKind.duration, "year", 10
    for duration in ("day", "week", "month", "year", "hour", "minute"):
        if word.startswith(duration):
            return ValueKind.duration, duration, 1
    if word.endswith(("cent", "cents", "pence")):
        # "29 cents a share", "50 pence": a hundredth of the currency, compared as it
        currency = _SUBUNIT_CURRENCIES.get(word.rsplit(" ", 1)[0], "USD")
        return ValueKind.number, "GBP" if word == "pence" else currency, Decimal("0.01")
    currency = _CURRENCIES.get(word.removeprefix("us ").strip())
    return ValueKind.number, currency, 1


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _slash_date(first: str, second: str, year_text: str) -> tuple[dt.date | None, dt.date | None]:
    """A numeric date ("2/3/2009", "04 / 02 / 07") as the days it can be.

    American pages write month first and most others day first; a part above 12 says
    which, and otherwise the date is the span between its two readings. A two-digit
    year is 19xx from 70 up, else 20xx.
    """
    year = int(year_text)
    if len(year_text) == 2:
        year += 1900 if year >= 70 else 2000
    a, b = int(first), int(second)
    readings = [d for d in (_safe_date(year, a, b), _safe_date(year, b, a)) if d is not None]
    if not readings:
        return None, None
    return min(readings), max(readings)


def _day(text: str) -> int:
    return int(text.rstrip("stndrh"))


def _month(text: str) -> int:
    return _MONTHS[text.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- finder


class FigureFinder:
    """Finds the figures of one document; build one per body and call :meth:`find`."""

    def __init__(self, body: str, published: dt.date | None = None) -> None:
        self.body = body
        self.published = published
        # Offsets and values of the years the document states, built on first need.
        self._year_offsets: list[int] | None = None
        self._year_values: list[int] = []
        # How the date being read got its year (None: stated with it), set by _year_for.
        self._anchor: Anchor | None = None
        # Where the year of a date written without one came from: "text", "document".
        self._year_source: str | None = None
        # The latest date the text stated, for "two days later" and "a year earlier".
        self._reference: tuple[dt.date, dt.date] | None = None
        self._reference_at = 0

    # ----------------------------------------------------------------- public API

    def find(self, start: int, end: int) -> list[Figure]:
        """Figures inside body[start:end] (one sentence or one table cell).

        In text order and non-overlapping; nothing outside ``[start, end)`` is read
        except the year context of dates that state none.
        """
        figures: list[Figure] = []
        pos = start
        search = _CANDIDATE.search
        while pos < end:
            match = search(self.body, pos, end)
            if match is None:
                break
            self._anchor = self._year_source = None
            found, resume = self._handle(match, start, end)
            figures.extend(found)
            pos = max(resume, match.start() + 1)
        return self._with_relative(figures, start, end)

    def _with_relative(self, figures: list[Figure], start: int, end: int) -> list[Figure]:
        """Add the relative and deictic time expressions (see :mod:`timex`).

        A reading replaces the figures inside it: "nearly four years ago" is a date, not
        the duration "four years"; "2 1/2 years" is one length, not 2 and 1/2.
        """
        reference = self._reference if start - self._reference_at <= _YEAR_REACH else None
        for f in figures:  # a date earlier in this sentence: "on March 3 ... two days later"
            v = f.value
            if v.kind is ValueKind.date and isinstance(v.low, dt.date) and v.low == v.high:
                reference = (v.low, v.low)
        readings = timex.read(
            self.body, start, end, self.published, reference, self._year_at(start, end)
        )
        if readings:
            spans = [r.text_span for r in readings]
            kept = [
                f
                for f in figures
                if not any(a < f.value_span[1] and f.value_span[0] < b for a, b in spans)
            ]
            kept.extend(
                Figure(
                    r.value_span,
                    r.text_span,
                    Value(
                        text=self.body[r.text_span[0] : r.text_span[1]],
                        kind=r.kind,
                        low=r.low,
                        high=r.high,
                        point=r.point,
                        qualifier=r.qualifier,
                        unit=r.unit,
                        anchor=r.anchor,
                        part=r.part,
                    ),
                )
                for r in readings
            )
            figures = sorted(kept, key=lambda f: f.value_span)
        for f in reversed(figures):
            v = f.value
            if (
                v.kind is ValueKind.date
                and isinstance(v.low, dt.date)
                and isinstance(v.high, dt.date)
                and v.qualifier is not Qualifier.vague
                and (v.high - v.low).days <= 31  # a day or a month, not a year named
            ):
                self._reference = (v.low, v.high)
                self._reference_at = f.value_span[0]
                break
        return figures

    def _year_at(self, start: int, end: int) -> Callable[[int], int | None]:
        """The year the text states for a date at a position (None: only the article's)."""

        def year_at(pos: int) -> int | None:
            saved = self._year_source
            year = self._year_for(start, end, pos)
            stated = self._year_source != "document"
            self._year_source = saved
            return year if stated else None

        return year_at

    # ----------------------------------------------------------------- dispatch

    def _handle(self, m: re.Match[str], start: int, end: int) -> tuple[list[Figure], int]:
        """Figures for one candidate match, and where to continue the scan."""
        if m.group("skip") is not None or m.group("skip2") is not None:
            return [], m.end()
        if m.group("date") is not None:
            figures = [f for f in self._date(m, start, end) if f is not None]
            if m.group("dM") and not m.group("dY"):
                more, resume = self._day_list(m, start, end)
                return figures + more, resume
            return figures, m.end()
        if m.group("wk") is not None:
            figure = self._weekday(m, start)
            return ([figure] if figure else []), m.end()
        if m.group("vague") is not None:
            return [self._vague(m)], m.end()
        if m.group("frac") is not None:
            return [self._fraction(m)], m.end()
        return self._number(m, start, end)

    def _day_list(self, m: re.Match[str], start: int, end: int) -> tuple[list[Figure], int]:
        """Further days of the same month in a list: "October 4, 5, 8, 11, and 17".

        Without this the bare days would be read as counts. The list closes with "and";
        a year after the last day applies to every day.
        """
        items: list[re.Match[str]] = []
        pos = m.end()
        while True:
            item = _DAY_LIST_ITEM.match(self.body, pos, end)
            if item is None:
                break
            items.append(item)
            pos = item.end()
        # A list closes with "and": "October 4, 12 people died" is a date and a count.
        closing = [
            i
            for i, item in enumerate(items)
            if "and" in item.group(0)[: item.start(1) - item.start()]
        ]
        if not closing:
            return [], m.end()
        items = items[: closing[-1] + 1]
        pos = items[-1].end()
        year_match = _LIST_YEAR.match(self.body, pos, end)
        year_text = year_match.group(1) if year_match else None
        figures: list[Figure] = []
        for item in items:
            day, _ = self._resolve(
                start, end, m.start("dv"), year_text, m.group("dM"), item.group(1)
            )
            if day is not None:
                figures.append(
                    self._figure(
                        item.start(1),
                        item.start(1),
                        item.end(1),
                        item.end(1),
                        kind=ValueKind.date,
                        low=day,
                        high=day,
                        point=day,
                    )
                )
        return figures, pos

    def _qualifier(self, m: re.Match[str]) -> str | None:
        text = m.group("q")
        if text is None:
            return None
        key = " ".join(text.lower().split())
        return _QUALIFIER_WORDS.get(key) or _QUALIFIER_SYMBOLS.get(key)

    def _figure(
        self, text_start: int, value_start: int, value_end: int, text_end: int, **fields: object
    ) -> Figure:
        text = self.body[text_start:text_end]
        if fields.get("kind") is ValueKind.date:
            inferred = Anchor.year_inferred if self._year_source else Anchor.explicit
            fields.setdefault("anchor", self._anchor or inferred)
        return Figure((value_start, value_end), (text_start, text_end), Value(text=text, **fields))

    # ----------------------------------------------------------------- numbers

    def _parse_amount(
        self, m: re.Match[str], suffix: str
    ) -> tuple[Decimal, ValueKind, str | None, bool] | None:
        """Value, kind, unit and "is a bare word 'one'" of amount ``suffix`` in ``m``."""
        number = m.group("n" + suffix)
        digits = number.replace(",", "").replace(" ", "")
        value = Decimal(digits) if number[0].isdigit() else _word_value(number)
        kind, unit = ValueKind.number, None
        currency = m.group("cur" + suffix)
        if currency:
            unit = _CURRENCIES.get(currency.strip().lower())
        scale = m.group("sc" + suffix)
        if scale:
            key = scale.strip().lower()
            if key == "m" and scale.strip() == "m" and not currency:
                return None  # "150m" is metres or minutes as often as millions
            value *= _SCALE_SUFFIX[key]
        unit_text = m.group("u" + suffix)
        if unit_text:
            kind, written_unit, multiplier = _unit_of(unit_text)
            unit = written_unit or unit
            value *= multiplier
        bare_one = number.lower() in ("one", "a", "an")
        return value, kind, unit, bare_one

    def _number(self, m: re.Match[str], start: int, end: int) -> tuple[list[Figure], int]:
        qual = self._qualifier(m)
        first = self._parse_amount(m, "1")
        value_start = m.start("cur1") if m.group("cur1") else m.start("n1")
        if first is None:
            return [], m.end()
        if m.group("n2") is not None:
            second = self._parse_amount(m, "2")
            verdict = self._range_verdict(m, qual, first, second, start)
            if verdict == "skip":
                return [], m.end()
            if verdict == "split":
                first_end = max(m.end(g) for g in ("n1", "sc1", "u1", "cur1"))
                figure = self._single(m, qual, first, value_start, first_end, start, end, False)
                return ([figure] if figure else []), m.start("sep")
            if verdict == "years":
                return self._year_range(m, qual, start)
            assert second is not None
            return [self._range(m, qual, first, second, value_start)], m.end()
        value_end = max(m.end("n1"), m.end("sc1"), m.end("u1"))
        figure = self._single(m, qual, first, value_start, value_end, start, end, True)
        return ([figure] if figure else []), m.end()

    def _range_verdict(
        self,
        m: re.Match[str],
        qual: str | None,
        first: tuple[Decimal, ValueKind, str | None, bool],
        second: tuple[Decimal, ValueKind, str | None, bool] | None,
        start: int,
    ) -> str:
        """Whether two numbers joined by a separator are a range, two figures or a score."""
        if second is None:
            return "split"
        sep = " ".join(m.group("sep").split()).lower()
        if sep == "and" and qual != "between":
            return "split"
        n2 = m.group("n2")
        if self._is_yearlike(m, "1") and (
            self._is_yearlike(m, "2") or (len(n2) <= 2 and n2.isdigit() and sep in ("-", "–"))
        ):
            return "years"
        if sep in ("-", "–") and self._is_record(m, start):
            return "skip"
        if m.group("u1") and m.group("u2") and first[2] != second[2]:
            return "split"
        if (m.group("u1") and not m.group("u2")) or (m.group("cur2") and not m.group("cur1")):
            return "split"
        low, high = self._scaled_pair(m, first[0], second[0])
        if low >= high:
            # A share or amount on each side ("53 percent to 36 percent") is two figures;
            # two bare numbers falling ("voted 4-3", "won 52 to 48") are a score.
            if qual == "from" or sep in ("and", "or") or m.group("u2") or m.group("cur1"):
                return "split"
            # Tallies in the hundreds and more ("1,428 to 1,153 delegates") are two
            # counts; small falling pairs are scores and votes.
            return "split" if high >= 100 else "skip"
        if sep not in ("and", "or") and self._prev_word(m.start(), start) in _SCORE_WORDS:
            return "skip"
        return "range"

    def _is_record(self, m: re.Match[str], start: int) -> bool:
        """A win-loss record ("a 35-47 record", "a 9-14 start", "a record of 284-286")."""
        following = _NEXT_WORD.match(self.body, m.end())
        if following is not None and following.group(1).lower() in _RECORD_WORDS:
            return True
        before = self.body[max(start, m.start() - 20) : m.start()].lower().split()
        return any(word in _RECORD_WORDS_BEFORE for word in before[-3:])

    def _scaled_pair(
        self, m: re.Match[str], low: Decimal, high: Decimal
    ) -> tuple[Decimal, Decimal]:
        """Apply the second number's scale and unit to the first ("1.2 to 1.5 million").

        Only when the first is the smaller written number: "900,000 to 1.2 million" keeps
        its first number as written.
        """
        if m.group("sc1") or m.group("u1") or not (m.group("sc2") or m.group("u2")):
            return low, high
        n2 = m.group("n2")
        written = (
            Decimal(n2.replace(",", "").replace(" ", "")) if n2[0].isdigit() else _word_value(n2)
        )
        if written and low < written:
            return low * high / written, high
        return low, high

    def _range(
        self,
        m: re.Match[str],
        qual: str | None,
        first: tuple[Decimal, ValueKind, str | None, bool],
        second: tuple[Decimal, ValueKind, str | None, bool],
        value_start: int,
    ) -> Figure:
        low, high = self._scaled_pair(m, first[0], second[0])
        kind = second[1] if second[1] is not ValueKind.number else first[1]
        unit = second[2] or first[2]
        keep_qual = qual in ("between", "from") or qual in _NUMERIC_QUALIFIERS
        text_start = m.start("q") if keep_qual and m.group("q") else value_start
        value_end = max(m.end("n2"), m.end("sc2"), m.end("u2"), m.end("of"))
        return self._figure(
            text_start,
            value_start,
            value_end,
            max(value_end, m.end("plus")),
            kind=kind,
            low=float(low),
            high=float(high),
            point=None,
            qualifier=Qualifier.range,
            unit=unit or (_CURRENCIES["dollars"] if m.group("of") else None),
        )

    def _single(
        self,
        m: re.Match[str],
        qual: str | None,
        amount: tuple[Decimal, ValueKind, str | None, bool],
        value_start: int,
        value_end: int,
        start: int,
        end: int,
        whole: bool,
    ) -> Figure | None:
        """One number (not a range): a count, amount, duration, or a year."""
        value, kind, unit, bare_one = amount
        if bare_one:
            return None  # "one" is a pronoun as often as a number; "a day" is no figure
        number = m.group("n1")
        if not number[0].isdigit() and _NAME_AFTER_WORDNUM.match(self.body, m.end("n1")):
            return None  # "the Four-Day War", "Group of Seven": part of a name
        plus = whole and m.group("plus") is not None
        if whole and m.group("of"):
            unit = unit or _CURRENCIES[m.group("of").split()[-1].lower()]
            value_end = m.end("of")
        if self._is_yearlike(m, "1") and not plus:
            role = self._year_role(m, qual, m.start("n1"), m.end("n1"), start, end)
            if role == "skip":
                return None
            if role == "year":
                year = int(number)
                return self._date_value(
                    m,
                    qual,
                    m.start("n1"),
                    m.end("n1"),
                    m.end("n1"),
                    dt.date(year, 1, 1),
                    dt.date(year, 12, 31),
                )
        if kind is ValueKind.duration and _AGE_AFTER.match(self.body, value_end):
            return None  # "the 6-year-old", "52 years old": an age, not how long anything lasted
        text_end = m.end("plus") if plus else value_end
        if plus:
            qual = "more"
        qualifier = _NUMERIC_QUALIFIERS.get(qual or "")
        text_start = m.start("q") if qualifier and m.group("q") else value_start
        low, high = value, value
        if qual == "approx":
            low, high = value * Decimal("0.9"), value * Decimal("1.1")
        elif qual == "nearly":
            low = value * Decimal("0.9")
        elif qual in ("more", "least"):
            high = None
        elif qual in ("most", "less"):
            low = None
        return self._figure(
            text_start,
            value_start,
            value_end,
            text_end,
            kind=kind,
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            point=float(value),
            qualifier=qualifier or Qualifier.exact,
            unit=unit,
        )

    def _is_yearlike(self, m: re.Match[str], suffix: str) -> bool:
        number = m.group("n" + suffix)
        return (
            len(number) == 4
            and number.isdigit()
            and 1800 <= int(number) <= 2099
            and not m.group("cur" + suffix)
            and not m.group("sc" + suffix)
            and not m.group("u" + suffix)
        )

    def _year_role(
        self, m: re.Match[str], qual: str | None, n_start: int, n_end: int, start: int, end: int
    ) -> str:
        """Is a bare four-digit number a year ("in 1994"), a count, or a name ("the 2020 war")?"""
        prev = self._prev_word(m.start(), start)
        following = _NEXT_WORD.match(self.body, n_end, end)
        next_word = following.group(1) if following else None
        content_after = next_word is not None and next_word.lower() not in _YEAR_FOLLOWERS
        if qual in ("more", "less", "least", "most", "nearly"):
            return "count"
        if qual == "approx" and content_after and next_word and next_word[0].islower():
            return "count"
        if prev in _DETERMINERS or prev.endswith(("'s", "’s", "s'", "s’")):
            return "skip"
        if qual in ("by", "approx", "between", "from", "asof") or prev in _YEAR_PREPOSITIONS:
            return "year"
        return "skip" if content_after else "year"

    def _prev_word(self, pos: int, start: int) -> str:
        """The word before ``pos`` within the sentence, lower-cased ("" at its start)."""
        found = _PREV_WORD.search(self.body, max(start, pos - 30), pos)
        return found.group(1).lower() if found else ""

    def _year_range(
        self, m: re.Match[str], qual: str | None, start: int
    ) -> tuple[list[Figure], int]:
        """A span of years: "1994-2016", "between 1994 and 2016", "2015-16"."""
        prev = self._prev_word(m.start(), start)
        if prev in _DETERMINERS or prev.endswith(("'s", "’s")):
            return [], m.end()
        first = int(m.group("n1"))
        second_text = m.group("n2")
        # "2015-16" and "2008-9" write only the last digits of the second year.
        cut = 10 ** len(second_text)
        second = first // cut * cut + int(second_text)
        if second <= first:
            return [], m.end()
        text_start = m.start("q") if qual in ("between", "from", "approx") else m.start("n1")
        return [
            self._figure(
                text_start,
                m.start("n1"),
                m.end("n2"),
                m.end("n2"),
                kind=ValueKind.date,
                low=dt.date(first, 1, 1),
                high=dt.date(second, 12, 31),
                qualifier=Qualifier.range,
            )
        ], m.end()

    def _vague(self, m: re.Match[str]) -> Figure:
        """A vague quantity ("dozens", "tens of thousands") as its conventional interval."""
        word = m.group("vword")
        if word:
            low, high = _VAGUE_WORDS[word.lower().split()[0]]
        elif m.group("vmul"):
            multiple = 10 if m.group("vmul").lower() == "tens" else 100
            base = _VAGUE_BASE[m.group("vof").lower().rstrip("s")]
            low, high = 2 * multiple * base, 10 * multiple * base - 1
        else:
            few = m.group("vfew").lower().split()
            lo_mul, hi_mul = _VAGUE_MULTIPLES[few[1] if few[0] == "a" else few[0]]
            base = _VAGUE_BASE[m.group("vbase").lower()]
            if m.group("vbase2"):
                base *= _VAGUE_BASE[m.group("vbase2").lower()]
            low, high = lo_mul * base, hi_mul * base
        qual = self._qualifier(m)
        qualifier = Qualifier.vague
        if qual in ("more", "least"):
            high = None
        elif qual in ("most", "less"):
            low = None
        keep = qual in _NUMERIC_QUALIFIERS
        value_start = m.start("vague")
        value_end = m.end("vague")
        return self._figure(
            m.start("q") if keep and m.group("q") else value_start,
            value_start,
            value_end,
            value_end,
            kind=ValueKind.number,
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            qualifier=qualifier,
            unit="USD" if m.group("vcur") and "dollar" in m.group("vcur") else None,
        )

    def _fraction(self, m: re.Match[str]) -> Figure:
        """A fraction ("two-thirds") as a percentage, so that it compares with "67%"."""
        numerator = NUMBER_WORDS[m.group("fnum").lower()]
        denominator = _DENOMINATORS[m.group("fden").lower().rstrip("s")]
        share = round(100 * numerator / denominator, 2)
        qual = self._qualifier(m)
        qualifier = _NUMERIC_QUALIFIERS.get(qual or "", Qualifier.exact)
        low, high = share, share
        if qual == "approx":
            low, high = round(share * 0.9, 2), round(share * 1.1, 2)
        elif qual == "nearly":
            low = round(share * 0.9, 2)
        elif qual in ("more", "least"):
            high = None
        elif qual in ("most", "less"):
            low = None
        keep = qualifier is not Qualifier.exact and m.group("q")
        return self._figure(
            m.start("q") if keep else m.start("frac"),
            m.start("frac"),
            m.end("frac"),
            m.end("frac"),
            kind=ValueKind.number,
            low=low,
            high=high,
            point=share,
            qualifier=qualifier,
            unit="%",
        )

    # ----------------------------------------------------------------- dates

    def _date(self, m: re.Match[str], start: int, end: int) -> list[Figure | None]:
        """A calendar date, day range, month, part of a month, year part or decade."""
        dv_start, dv_end = m.start("dv"), m.end("dv")
        qual = self._qualifier(m)
        g = m.group
        if g("aM1"):
            low, high = self._resolve(start, end, dv_start, g("aY"), g("aM1"), g("aD1"))
            _, high = self._resolve(start, end, dv_start, g("aY"), g("aM2"), g("aD2"))
            return [self._date_range(m, qual, low, high)]
        if g("jM1"):
            low, _ = self._resolve(start, end, dv_start, g("jY"), g("jM1"), g("jD1"))
            _, high = self._resolve(start, end, dv_start, g("jY"), g("jM2"), g("jD2"))
            return [self._date_range(m, qual, low, high)]
        if g("bM"):
            month, year_text = g("bM"), g("bY")
            if " and " in m.group("dv") and qual != "between":
                return self._two_dates(m, qual, start, end, month, year_text)
            low, _ = self._resolve(start, end, dv_start, year_text, month, g("bD1"))
            _, high = self._resolve(start, end, dv_start, year_text, month, g("bD2"))
            return [self._date_range(m, qual, low, high)]
        if g("cM"):
            low, _ = self._resolve(start, end, dv_start, g("cY"), g("cM"), g("cD1"))
            _, high = self._resolve(start, end, dv_start, g("cY"), g("cM"), g("cD2"))
            return [self._date_range(m, qual, low, high)]
        if g("dM") or g("eM"):
            suffix = "d" if g("dM") else "e"
            low, high = self._resolve(
                start, end, dv_start, g(suffix + "Y"), g(suffix + "M"), g(suffix + "D")
            )
            return [self._date_value(m, qual, dv_start, dv_end, dv_end, low, high)]
        if g("sY"):
            low, high = _slash_date(g("sA"), g("sB"), g("sY"))
            return [self._date_value(m, qual, dv_start, dv_end, dv_end, low, high)]
        if g("gY"):
            day = _safe_date(int(g("gY")), int(g("gM")), int(g("gD")))
            return [self._date_value(m, qual, dv_start, dv_end, dv_end, day, day)]
        if g("iY"):
            first = int(g("iY"))
            low, high = dt.date(first, 1, 1), dt.date(first + 9, 12, 31)
            part = timex.date_part(g("iP"))
            return [self._date_value(m, qual, dv_start, dv_end, dv_end, low, high, part)]
        if g("hY"):
            year = int(g("hY"))
            low, high = dt.date(year, 1, 1), dt.date(year, 12, 31)
            part = timex.date_part(g("hP"))
            return [self._date_value(m, qual, dv_start, dv_end, dv_end, low, high, part)]
        # A month: "October 2020", "early October", "in May".
        if not g("fY") and not g("fP"):
            prev = self._prev_word(dv_start, start)
            if qual is None and prev not in _YEAR_PREPOSITIONS and prev != "as":
                return []  # "May" the verb, "March" the walk
        year = int(g("fY")) if g("fY") else self._year_for(start, end, dv_start)
        if year is None:
            return []
        if not g("fY") and self._context_year_is_doubtful(year, _month(g("fM")), None):
            year = self._tensed_year(start, end, dv_start, dv_end, _month(g("fM")), None)
        elif not g("fY"):
            year = self._recent_year(start, end, dv_start, dv_end, _month(g("fM")), None, year)
        month = _month(g("fM"))
        low, high = dt.date(year, month, 1), dt.date(year, month, _month_end(year, month))
        part = timex.date_part(g("fP"))
        return [self._date_value(m, qual, dv_start, dv_end, dv_end, low, high, part)]

    def _resolve(
        self, start: int, end: int, pos: int, year_text: str | None, month: str, day: str
    ) -> tuple[dt.date | None, dt.date | None]:
        """A single day, with its year from the text or the context."""
        year = int(year_text) if year_text else self._year_for(start, end, pos)
        if year is None:
            return None, None
        if not year_text and self._context_year_is_doubtful(year, _month(month), _day(day)):
            year = self._tensed_year(start, end, pos, pos, _month(month), _day(day))
        elif not year_text:
            year = self._recent_year(start, end, pos, pos, _month(month), _day(day), year)
        day_date = _safe_date(year, _month(month), _day(day))
        return day_date, day_date

    def _two_dates(
        self,
        m: re.Match[str],
        qual: str | None,
        start: int,
        end: int,
        month: str,
        year_text: str | None,
    ) -> list[Figure | None]:
        """Two days of one month ("October 5 and 10"), which are not a range."""
        dv_start = m.start("dv")
        first, _ = self._resolve(start, end, dv_start, year_text, month, m.group("bD1"))
        second, _ = self._resolve(start, end, dv_start, year_text, month, m.group("bD2"))
        return [
            self._date_value(m, qual, dv_start, m.end("bD1"), m.end("bD1"), first, first),
            self._figure(
                m.start("bD2"),
                m.start("bD2"),
                m.end("dv"),
                m.end("dv"),
                kind=ValueKind.date,
                low=second,
                high=second,
                point=second,
            )
            if second
            else None,
        ]

    def _date_range(
        self, m: re.Match[str], qual: str | None, low: dt.date | None, high: dt.date | None
    ) -> Figure | None:
        if low is None or high is None or low > high:
            return None
        keep = qual in ("between", "from", "approx", "nearly", "by")
        deadline = qual == "by"  # "by October 5-10": the range's end is the deadline
        return self._figure(
            self._date_text_start(m, keep),
            m.start("dv"),
            m.end("dv"),
            m.end("dv"),
            kind=ValueKind.date,
            low=None if deadline else low,
            high=high,
            point=high if deadline else None,
            qualifier=Qualifier.deadline if deadline else Qualifier.range,
        )

    def _date_text_start(self, m: re.Match[str], keep_qualifier: bool) -> int:
        if keep_qualifier and m.group("q"):
            return m.start("q")
        for group in ("tp", "wd"):
            if m.group("date") is not None and m.group(group):
                return m.start(group)
        return m.start("dv") if m.group("date") is not None else m.start("n1")

    def _date_value(
        self,
        m: re.Match[str],
        qual: str | None,
        value_start: int,
        value_end: int,
        text_end: int,
        low: dt.date | None,
        high: dt.date | None,
        part: DatePart | None = None,
    ) -> Figure | None:
        """A date figure with its qualifier: "by" is a deadline, "about" approximate.

        ``part`` ("early 1990") is kept beside the named period; a deadline ("by early
        2021") ends where the part ends, and its part is then spent."""
        if low is None or high is None:
            return None
        point = low if low == high else None
        if qual == "by":
            if part is not None:
                high = part_of(low, high, part)[1]
            text_start = self._date_text_start(m, True)
            return self._figure(
                text_start,
                value_start,
                value_end,
                text_end,
                kind=ValueKind.date,
                low=None,
                high=high,
                point=high,
                qualifier=Qualifier.deadline,
            )
        approx = qual in ("approx", "nearly")
        text_start = self._date_text_start(m, approx)
        return self._figure(
            text_start,
            value_start,
            value_end,
            text_end,
            kind=ValueKind.date,
            low=low,
            high=high,
            point=point,
            qualifier=Qualifier.approximately if approx else Qualifier.exact,
            part=part,
        )

    def _context_year_is_doubtful(self, year: int, month: int, day: int | None) -> bool:
        """Whether a date written without a year should take it from the article's date.

        Always when the year came from the article's date; when a year the text
        stated would put the date after the article's date, since a year named nearby
        ("debentures due 2011", "1990 results") seldom dates a day the article reports.
        """
        if self.published is None:
            return False
        if self._year_source == "document":
            return True
        first = _safe_date(year, month, day or 1)
        if first is not None and first > self.published:
            self._year_source = "document"
            return True
        return False

    def _recent_year(
        self, start: int, end: int, pos: int, pos_end: int, month: int, day: int | None, year: int
    ) -> int:
        """The article's year for a day or month it reports as recent, else ``year``.

        A year taken from an earlier sentence gives way when the day or month, read from
        the article's date and tense, falls within two months of that date: news names
        the year of anything older, so "Aug. 2" in a report of Aug. 15 is that recent
        day, whatever year the paragraph before recalled ("the August 1988 cease-fire").
        It gives way too when the clause speaks of the future and that year would put
        the date before the article.
        """
        if self.published is None or self._year_source != "text":
            return year
        tensed = self._tensed_year(start, end, pos, pos_end, month, day)
        stated_last = _safe_date(year, month, day or calendar.monthrange(year, month)[1])
        before = self.body[max(start, pos - 100) : pos]
        if stated_last is not None and stated_last < self.published and timex.looks_ahead(before):
            self._year_source = "document"
            return tensed  # "will double its flights by August": not an August gone by
        first = _safe_date(tensed, month, day or 1)
        last = _safe_date(tensed, month, day or calendar.monthrange(tensed, month)[1])
        if first is None or last is None:
            return year
        if (first - self.published).days <= _RECENT_DAYS and (
            self.published - last
        ).days <= _RECENT_DAYS:
            self._year_source = "document"
            return tensed
        return year

    def _tensed_year(
        self, start: int, end: int, pos: int, pos_end: int, month: int, day: int | None
    ) -> int:
        """The year of a month or day taken from the article's date, by tense and cues."""
        assert self.published is not None
        before = self.body[max(start, pos - 160) : pos]
        after = self.body[pos_end : min(end, pos_end + 40)]
        return timex.choose_year(self.published, month, day, before, after)

    def _weekday(self, m: re.Match[str], start: int) -> Figure | None:
        """A weekday, in the week the words point to: on or before the article's date,
        after it when they look ahead ("will resume Monday", "next Monday"), the week
        before with "last" ("last Wednesday" written on a Wednesday). "The previous
        Friday" and "the following Monday" count from the day the story is at (the last
        day stated, else the article's date); "each Thursday" is no date but a rule."""
        if self.published is None:
            return None
        target = _WEEKDAYS[m.group("wk").lower()]
        prev = self._prev_word(m.start("wk"), start)
        if prev in ("each", "every"):
            return None
        self._anchor = Anchor.document
        today = self.published.weekday()
        clause = self.body[max(start, m.start() - 60) : m.start()]
        if prev in _STORY_WEEKDAY_WORDS and re.search(
            r"\bthe\s+\w+\s*$", self.body[max(start, m.start("wk") - 30) : m.start("wk")], re.I
        ):  # "the previous Friday"; not "Following Monday's debate"
            base = self.published
            reference = self._reference if start - self._reference_at <= _YEAR_REACH else None
            if reference is not None and reference[0] == reference[1]:
                base, self._anchor = reference[0], Anchor.text
            if prev == "following":
                day = base + dt.timedelta(days=(target - base.weekday()) % 7 or 7)
            else:
                day = base - dt.timedelta(days=(base.weekday() - target) % 7 or 7)
        elif prev == "next":
            day = self.published + dt.timedelta(days=(target - today) % 7 or 7)
        elif prev == "last":
            day = self.published - dt.timedelta(days=(today - target) % 7 or 7)
        elif (
            (prev != "on" and timex.future_cue(clause))
            or (prev == "this" and target > today)
            or timex.scheduled_present(clause)
        ):
            day = self.published + dt.timedelta(days=(target - today) % 7)
        else:
            day = self.published - dt.timedelta(days=(today - target) % 7)
        qual = self._qualifier(m)
        deadline = qual == "by"
        return self._figure(
            m.start("q") if deadline else m.start("wk"),
            m.start("wk"),
            m.end("wk"),
            m.end("wk"),
            kind=ValueKind.date,
            low=None if deadline else day,
            high=day,
            point=day,
            qualifier=Qualifier.deadline if deadline else Qualifier.exact,
        )

    # ----------------------------------------------------------------- years

    def _year_for(self, start: int, end: int, pos: int) -> int | None:
        """The year of a date written without one (see the module docstring)."""
        if self._year_offsets is None:
            offsets, values = [], []
            for found in _YEAR_MENTION.finditer(self.body):
                group = "y" if found.group("y") else "iso"
                offsets.append(found.start(group))
                values.append(int(found.group(group)))
            self._year_offsets, self._year_values = offsets, values
        offsets = self._year_offsets
        here = bisect.bisect_left(offsets, pos)
        if here > 0 and offsets[here - 1] >= start:
            self._year_source = "sentence"
            return self._year_values[here - 1]  # stated earlier in the same sentence
        if here < len(offsets) and offsets[here] < end:
            self._year_source = "sentence"
            return self._year_values[here]  # stated later in the same sentence
        if here > 0 and pos - offsets[here - 1] <= _YEAR_REACH:
            self._year_source = "text"
            return self._year_values[here - 1]  # the nearest stated earlier in the document
        self._year_source = "document" if self.published else None
        return self.published.year if self.published else None
