"""What a figure counts: measure, subject, side, place and event, from the words around it.

News English puts what is counted right after a figure ("49 Armenian soldiers were
killed"), after "of" ("50 of their own troops", "14% of the territory"), or, for
amounts and dates, before it ("a defence budget of $2.8 billion", "the capture of the
city on October 9"). The describer reads those positions with small general lexicons:

* side adjectives and demonyms come from the configured parties ("Azeri" -> azerbaijan);
  "their own" / "its own" take the speaker's side, "our" the document's perspective;
* synonyms are folded so that "troops", "servicemen" and "military personnel" compare
  as "soldiers", and "deaths", "died" and "killed" as the measure "killed";
* casualties reported by a belligerent with no side named are that belligerent's own (a
  ministry announcing "12 soldiers were killed" or "40 civilian deaths" means its own);
* places are matched through the configured aliases, nearest to the figure first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from claimcheck.config import Config
from claimcheck.extraction.places import find_places
from claimcheck.model import Value, ValueKind
from claimcheck.sources import MONTH_NUMBERS, WEEKDAY_NUMBERS

# Event words -> normalised measure. Matched on lower-cased words.
MEASURES: dict[str, str] = {}
for _measure, _words in {
    "killed": "killed kill kills killing dead died die dies death deaths fatalities fatality "
    "toll perished lives",
    "casualties": "casualties",
    "wounded": "wounded injured injuries injury hurt hospitalized hospitalised",
    "missing": "missing unaccounted",
    "displaced": "displaced displacing displacement fled evacuated evacuation refugees uprooted "
    "arrivals shelters relocated homeless",
    "deployed": "deployed deploying deployment stationed posted",
    "captured": "captured capture capturing recaptured recapture recapturing fell fall seized "
    "seizure liberated liberation liberating retook occupied gains secured took overran",
    "withdrawal": "withdraw withdrawal withdrawing withdrew vacated returned handover",
    "destroyed": "destroyed destruction neutralized neutralised downed lost losses",
    "arrested": "arrested detained detention arrests",
    "attended": "attended gathered rallied marched crowd crowds protested",
    "voted": "voted turnout votes ballots",
    "won": "won win wins winning",
    "spent": "spent spending budget allocated expenditure",
    "signed": "signed signing",
    "ceasefire": "ceasefire truce armistice",
    "began": "began launched started erupted outbreak commenced initiated",
    "ended": "ended end concluded halted",
    "magnitude": "magnitude richter",
    "depth": "depth deep",
    "price": "price priced prices cost costs costing retail retails worth valued value",
}.items():
    for _word in _words.split():
        MEASURES[_word] = _measure

# Subject synonyms, folded to one name.
SYNONYMS: dict[str, str] = {
    "troops": "soldiers",
    "troop": "soldiers",
    "soldier": "soldiers",
    "servicemen": "soldiers",
    "serviceman": "soldiers",
    "servicemembers": "soldiers",
    "service members": "soldiers",
    "military personnel": "soldiers",
    "military deaths": "soldiers",
    "military": "soldiers",
    "combatants": "soldiers",
    "fighters": "soldiers",
    "defenders": "soldiers",
    "personnel": "personnel",
    "civilian": "civilians",
    "residents": "civilians",
    "non-combatants": "civilians",
    "persons": "people",
    "individuals": "people",
    "peacekeeper": "peacekeepers",
    "peacekeeping troops": "peacekeepers",
    "military budget": "defence budget",
    "defense budget": "defence budget",
    "military spending": "defence budget",
    "defence spending": "defence budget",
    "defense spending": "defence budget",
    "death toll": "people",
    "casualty toll": "people",
    "toll": "people",
    "protesters": "crowd",
    "protestors": "crowd",
    "demonstrators": "crowd",
    "marchers": "crowd",
    "crowds": "crowd",
    "inhabitants": "population",
    "quake": "earthquake",
    "quakes": "earthquake",
    "temblor": "earthquake",
    "tremor": "earthquake",
    "earthquakes": "earthquake",
    "km2": "area",
    "square kilometers": "area",
    "square kilometres": "area",
}

#: Who is counted in casualty figures; unmarked, a belligerent reports its own.
CASUALTY_SUBJECTS = frozenset({"soldiers", "civilians", "children", "women", "men", "people"})

# Words that end the noun phrase after a figure.
_STOP = frozenset(
    [
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "do",
        "does",
        "did",
        "in",
        "on",
        "at",
        "from",
        "during",
        "with",
        "and",
        "or",
        "but",
        "who",
        "which",
        "that",
        "by",
        "for",
        "to",
        "as",
        "since",
        "into",
        "after",
        "before",
        "than",
        "over",
        "under",
        "between",
        "among",
        "against",
        "across",
        "per",
        "via",
        "while",
        "when",
        "where",
        "whose",
        "amid",
        "until",
        "said",
        "says",
        "reported",
        "according",
        "claimed",
        "including",
        "included",
        "includes",
        "without",
        "within",
        "toward",
        "towards",
        "through",
        "about",
        "despite",
        "following",
        "beyond",
        "except",
        "like",
        "near",
        "around",
        "along",
        "upon",
        "via",
        "prior",
        # time after a figure: "$1.1 billion next year", "40 last week"
        "next",
        "last",
        "this",
        "annually",
        "yearly",
        "versus",
        "vs",
        # what those counted say or think: "37 percent of voters say", "63 percent want"
        "say",
        "saying",
        "think",
        "believe",
        "want",
        "favor",
        "favour",
        "oppose",
        "approve",
        "disapprove",
        # a new clause: "20 years because both courts must rule"
        "because",
        "although",
        "though",
        "unless",
        "whether",
        "if",
        "must",
        "shall",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "these",
        "those",
        "this",
        "that",
        "its",
        "their",
        "his",
        "her",
        "our",
        "own",
        "some",
        "all",
    ]
)
# Verbs and prepositions that link a figure to the noun before it: "a budget of $4.2 billion",
# "the toll rose to 217", "turnout stood at 61%".
_LINKS = frozenset(
    [
        "of",
        "at",
        "to",
        "was",
        "were",
        "is",
        "are",
        "rose",
        "rises",
        "grew",
        "grows",
        "fell",
        "falls",
        "jumped",
        "climbs",
        "dropped",
        "increased",
        "reaches",
        "stands",
        "totals",
        "reached",
        "stood",
        "climbed",
        "totaled",
        "totalled",
        "numbered",
        "hit",
        "exceeded",
        "topped",
        "approved",
        "put",
        "estimated",
        "be",
        "been",
        "risen",
        "grown",
        "fallen",
        "soared",
        "surged",
        "mounted",
        "starts",
        "start",
        "starting",
        "priced",
        "costs",
        "cost",
        "sells",
        "retails",
        "measured",
        "measuring",
    ]
)
# Verbs of change that are measures elsewhere ("the town fell"): linking a figure they
# only say how it moved ("turnout fell to 41 percent").
_CHANGE_VERBS = frozenset(["fell", "falls", "fall", "fallen"])
# Auxiliaries and adverbs between a noun and its linking participle: "the death toll has
# risen to 214", "the tally had now climbed to 90". Read only after a link is found.
_AUXILIARIES = frozenset(["has", "have", "had", "now", "already", "since", "further"])
# Words that end the noun phrase after a figure, as a new clause or an adverb would:
# pronouns ("you make"), adverbs ("two weeks ago", "just three"), conjunctions and past
# forms ("3,000 called the hotline", "the toll has risen"). The subject is what comes
# before them, often nothing.
_CLAUSE_WORDS = frozenset(
    [
        "it",
        "they",
        "them",
        "he",
        "she",
        "him",
        "we",
        "us",
        "you",
        "i",
        "me",
        "itself",
        "themselves",
        "what",
        "whom",
        "whose",
        "ago",
        "just",
        "only",
        "still",
        "also",
        "even",
        "again",
        "already",
        "yet",
        "ever",
        "never",
        "almost",
        "nearly",
        "here",
        "there",
        "then",
        "because",
        "although",
        "though",
        "unless",
        "whether",
        "if",
        "so",
        "risen",
        "taken",
        "given",
        "fallen",
        "driven",
        "stolen",
        "broken",
        "written",
        "chosen",
        "spoken",
        "beaten",
        "shaken",
        "grown",
        "shown",
        "known",
        "thrown",
        "flown",
        "drawn",
        "sworn",
        "torn",
        "worn",
        "begun",
        "knew",
        "went",
        "came",
        "saw",
        "got",
        "made",
        "gave",
        "told",
        "thought",
        "felt",
        "held",
        "kept",
        "ran",
        "struck",
        "shook",
        "rocked",
        "hit",
    ]
)
# Words that are never the head of what a figure counts, though they may modify it:
# quantifiers ("40 others"), adverbs of place and time ("39 days left", "12 buildings
# nearby"), comparatives ("three times faster"), directions ("45 miles east"), ordinals
# ("tied for fifth"), time zones of clock times, and letters left by tokenised text ("the
# 8900 's screen", "1440 x 900").
_NOT_SUBJECT_WORDS = _CLAUSE_WORDS | frozenset(
    [
        "its",
        "her",
        "one",
        "ones",
        "each",
        "both",
        "either",
        "neither",
        "another",
        "other",
        "others",
        "any",
        "many",
        "much",
        "few",
        "more",
        "most",
        "less",
        "least",
        "several",
        "none",
        "such",
        "later",
        "earlier",
        "away",
        "back",
        "up",
        "down",
        "out",
        "off",
        "now",
        "apart",
        "ahead",
        "together",
        "alone",
        "left",
        "nearby",
        "overnight",
        "today",
        "yesterday",
        "tonight",
        "abroad",
        "inside",
        "outside",
        "apiece",
        "larger",
        "smaller",
        "bigger",
        "higher",
        "lower",
        "faster",
        "slower",
        "longer",
        "shorter",
        "greater",
        "fewer",
        "far",
        "plus",
        "run",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "percent",
        "pct",
        "percentage",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "gmt",
        "utc",
        "bst",
        "ist",
        "cet",
        "cest",
        "eet",
        "msk",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "et",
        "pt",
        "ct",
        "am",
        "pm",
        "x",
        "s",
        "th",
        "st",
        "nd",
        "rd",
    ]
)
# A count of time units is a duration the figure reader did not take ("14 straight
# years", "$4 million a year"): no subject of a count.
_TIME_UNITS = frozenset(
    {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours"}
    | {"decade", "decades"}
)
# Nouns of sports statistics and appearances: "52 catches for 440 yards", "106 carries",
# "missed 10 games", "11 seasons with the club". Each belongs to one player or team, so
# a figure of them is one quantity only with its owner named in its own phrase (a
# possessive: "Jackson's 59 catches"). The sentence subject is not taken as the owner:
# "He had 793 yards" and lists of players make that guess wrong as often as right, and
# a wrong owner is a false alarm where a missing one only loses a comparison.
_ANCHORED_NOUNS = frozenset(
    [
        "yards",
        "yard",
        "carries",
        "carry",
        "catches",
        "receptions",
        "passes",
        "touchdowns",
        "touchdown",
        "tds",
        "td",
        "points",
        "rebounds",
        "assists",
        "steals",
        "goals",
        "saves",
        "sacks",
        "tackles",
        "interceptions",
        "wickets",
        "innings",
        "runs",
        "hits",
        "homers",
        "strikeouts",
        "laps",
        "birdies",
        "aces",
        "games",
        "game",
        "matches",
        "match",
        "appearances",
        "starts",
        "seasons",
        "season",
        "times",
        "ppg",
        "rpg",
        "apg",
    ]
)
# Lengths that belong to one person's or one item's term: "a three-year deal", "a
# six-year contract", "seven hours of battery life". A signing story lists several
# players' deals and a launch several models, so such a length is one quantity only
# with its owner named ("Dalembert's six-year deal").
_OWNED_LENGTHS = frozenset(["deal", "deals", "contract", "contracts", "extension", "life"])
# A figure that is an increment or a remainder, not the whole: "an additional 162
# animals", "1,263 other animals", "12 more people died", "30% less energy". It is
# compared only with figures of the same kind ("another 300 troops" and "a further 500").
_INCREMENT_BEFORE = re.compile(
    r"\b(?:an?\s+)?(additional|another|further|extra)\s+(?:estimated\s+)?$", re.IGNORECASE
)
_INCREMENT_AFTER = re.compile(r"\s+(more|other|additional|extra|further|fewer|less)\b")
_INCREMENT_NAMES = {"another": "additional", "further": "additional", "extra": "additional"}
_INCREMENT_NAMES |= {"more": "additional"}
# One model among several of a launch: "the 13-inch models start at $1,199", "the basic
# model costs $2,199", "$1,799 and $2,199 models". A figure of a model is one quantity
# only with the model named right before its noun.
_MODEL_NOUNS = frozenset(["model", "models", "version", "versions", "edition", "editions"])
_MODEL_NAMED = re.compile(
    r"(?<![\w-])((?:\d+(?:\.\d+)?[-\s]?(?:inch|in|bit|core|gb|tb|mp)|basic|base|entry-level|top-end"
    r"|high-end|low-end|standard|premium|deluxe|pro|plus|mini|max|lite|sport)(?:\s|-))"
    r"(?:[a-z]+\s+)?(models?|versions?|editions?)\b",
    re.IGNORECASE,
)
# A share of respondents and what they answered: "46 percent would choose Clinton",
# "74 percent of likely voters said Mr. Trump should release", "3 percent support the
# Green Party". The answer is part of what the share counts; two shares of one poll
# that answer differently are two quantities.
_POLL_ANSWER = re.compile(
    r"(?:\s+of(?:\s+[\w'’-]+){1,4}?)?\s+(would|will|say|says|said|support|supports"
    r"|back|backs|prefer|prefers|favou?r|favou?rs|oppose|opposes|approve|approves"
    r"|disapprove|disapproves|choose|chose|believe|believes|think|thinks|want|wants"
    r"|agree|agreed|agrees|plan|plans)\b((?:[ \t]+(?!and\b|but\b|or\b|while\b)[\w'’.-]+){0,4})",
    re.IGNORECASE,
)
# Units of weight that stand for the subject when nothing else does: "it will weigh
# just 4.5 pounds". With no measure and no "of" naming what is weighed, the figure is the
# weight of an item unnamed, and items differ ("2.38 pounds for the 11-inch model").
_BARE_WEIGHTS = frozenset(
    {"pounds", "pound", "lbs", "lb", "kilograms", "kilogram", "kg", "kilos", "grams", "ounces"}
    | {"tons", "tonnes"}
)
# Units of a device's specification: "8 GB of RAM", "a 2.93 GHz processor", "a 3.2
# megapixel camera". A figure in them names a model or its specification, not a count,
# and models differ within one launch.
_SPEC_UNITS = frozenset(
    {"megapixel", "megapixels", "mp", "ghz", "mhz", "hz", "gb", "mb", "tb", "kb", "mah"}
    | {"gigabyte", "gigabytes", "megabyte", "megabytes", "terabyte", "terabytes", "ppi", "dpi"}
    | {"inch"}  # "a 3.1 inch display"; "12 inches of rain" is a measurement
)
# Units that name a model only in a hyphenated compound: "a 17-inch laptop", "32-bit
# versions", "a quad-core chip", "a four-way race"; "12 inches of rain" is a measurement.
_SPEC_COMPOUNDS = _SPEC_UNITS | {"inch", "bit", "core", "pixel", "watt", "volt", "way"}
_SPEC_AFTER = re.compile(r"(-|\s?)([A-Za-z]+)\b")
# A duration that is an age or a tenure: "the 26-year-old", "35 years old", "a 15-year
# veteran". It describes a person; it is no length of anything to compare.
_AGE_AFTER = re.compile(r"[\s-]+(?:olds?|of\s+age|veterans?)\b", re.IGNORECASE)
# "two weeks ago", "three years earlier": a point in the past, not a length.
_RELATIVE_AFTER = re.compile(
    r"\s+(?:ago|earlier|later)\b|\s+before(?=\s*[,.;:)]|\s*$)",
    re.IGNORECASE,
)
# A page stamp: "Posted 2 / 3 / 2009 11:11 PM", "Updated: Sep 27, 2013 10: 50AM CDT".
_PAGE_STAMP = re.compile(
    r"\W*(?:posted|updated|published|last\s+updated|modified|created)\b(?:\s+(?:at|on))?[\s:]*",
    re.IGNORECASE,
)
# What a page stamp holds besides its dates: more stamp words, clock times and zones.
_STAMP_WORDS = re.compile(
    r"(?i:\b(?:posted|updated|published|last|modified|created|at|on|am|pm|[ap]\.m\.))\b"
    r"|\b[A-Z]{2,4}\b"
)
# A wire dateline before a date: "DHAKA, Aug 12 (Reuters) - ", "PARIS, May 2 -- ".
_DATELINE_BEFORE = re.compile(
    r"\s*[A-Z][A-Z.'’-]{2,}(?:[ \t]+[A-Z][A-Z.'’-]+)*"
    r"(?:,[ \t]+[A-Z][A-Za-z.'’]+(?:[ \t]+[A-Z][A-Za-z.'’]+)?){0,2},[ \t]*$"
)
_DATELINE_AFTER = re.compile(r"(?:,?\s+\d{4})?\s*(?:\([A-Za-z]{2,12}\)\s*)?(?:—|–|--?)")
# Measures that say nothing of what is counted: a price or a signing with no noun
# named ("a deal worth nearly $80 million") is no quantity to compare.
_MEASURES_NEEDING_SUBJECT = frozenset(["price", "signed"])
# What a measure counts when no noun says so: "police put the crowd at 45,000", "a
# magnitude of 6.1".
_MEASURE_SUBJECTS = {"attended": "crowd", "magnitude": "earthquake"}
# A measure word standing right before a figure: "a magnitude 6.1 quake", "killed 12".
_MEASURE_RIGHT_BEFORE = re.compile(r"\b([A-Za-z]+)[ \t]+$")
_MEASURES_BEFORE_A_FIGURE = frozenset(["magnitude"])
# Measures of how big something is rather than of what happened: a date near them is
# no date of an event.
_QUANTITY_MEASURES = frozenset(["price", "magnitude", "depth"])
# Measures of what befell people: a figure of them with no noun named counts people.
#: A relative clause between two figures: the later figure has a verb and subject of its
#: own, so it does not borrow the earlier figure's noun.
_NEW_CLAUSE = re.compile(r"\b(?:that|which|who)\s+(?:\w+\s+){0,2}?\w+(?:ed|s)\b", re.IGNORECASE)


def _alike(a: Value, b: Value) -> bool:
    """Two figures of one kind: the same unit, and sizes within tenfold."""
    x, y = a.point, b.point
    if a.unit != b.unit or not isinstance(x, int | float) or not isinstance(y, int | float):
        return False
    return x > 0 and y > 0 and max(x, y) / min(x, y) <= 10


_CASUALTY_MEASURES = frozenset(["killed", "wounded", "missing", "casualties"])
# A casualty word right after a figure: "at least 260 dead", "40 injured": people.
_CASUALTY_RIGHT_AFTER = re.compile(
    r"\s+(?:dead|killed|injured|wounded|hurt|missing|dying)\b", re.IGNORECASE
)
# No heads, but modifiers that name a different thing: "South Carolina", "first round".
_NAMING_MODIFIERS = frozenset(
    ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"]
) | frozenset(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"])
# Adjectives without an adjective ending, which do not change what is counted: "the new
# handset", "the previous model".
_PLAIN_ADJECTIVES = frozenset(
    [
        "new",
        "latest",
        "previous",
        "former",
        "current",
        "old",
        "older",
        "newer",
        "big",
        "small",
        "large",
        "top",
    ]
)
# Determiners that open a new noun phrase once one has begun: "3,000 called the hotline".
_PHRASE_OPENERS = frozenset(["the", "a", "an", "these", "those", "his", "her", "their", "our"])
# Participles that follow a noun phrase rather than belong to it: "troops entrenched".
_PARTICIPLE = re.compile(r"(?:ing|ed)$")
# Endings of adjectives that modify a head noun without changing what is counted.
_ADJECTIVE = re.compile(r"(?:al|ive|ic|ous|ed|ing|ful|less|able|ible|ian|ese|ish|ern)$|^main$")
# Between two coordinated figures that share one noun: " Armenian and ", " or ".
_COORDINATED = re.compile(r"^\s+((?:[A-Z][\w'’-]*\s+){0,2})(?:and|or)\s+$")
# A deadline after a duration: "six months prior to expiration", "90 days before the".
_BEFORE_DEADLINE = re.compile(
    r"[’']?\s+(?:prior\s+to|before|ahead\s+of|in\s+advance\s+of)\s+(?:the\s+|its\s+|their\s+)?"
)
# Words that make such a duration a notice period.
_NOTICE_WORD = re.compile(
    r"notice|notify|notification|notified|objection|objections|object|warning|warn|"
    r"written|terminate|termination|withdraw|withdrawal|cancel|cancellation"
)
# A part of a region named just before its area: "the core (", "its northern half, ".
_PART_BEFORE = re.compile(
    r"\b(core|part|portion|remainder|rest|section|sliver|fraction|bulk|half|heartland|"
    r"north|south|east|west|northern\s+half|southern\s+half)\b[\s,(]*(?:of\s+)?"
    r"(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|~)?\s*$",
    re.IGNORECASE,
)
# "from" right before the first figure of a change, and " to " between its two ends.
_FROM_BEFORE = re.compile(r"\bfrom\s+$")
_TO_BETWEEN = re.compile(r"^\s+to\s+$")
# A short gap between a place and its date: "Shusha, on Nov. 8", "Ganja, on".
_DATE_LEAD = re.compile(r"^,\s*(?:on|in|at|by)?\s*$")
# An owner after a noun phrase: "belonging to the Armenian army", "of the forces of Armenia".
_OWNER = re.compile(
    r"^[^;.]*?\b(?:belonging to|owned by|held by)\s+((?:the\s+)?(?:[\w'’-]+\s+){0,4}[\w'’-]+)"
    r"|^\s*[A-Za-z\s-]{0,40}?\bof\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s+(?:of\s+)?){0,5}[A-Z][\w'’-]*)"
)
# Words that mark an event as only its beginning: "initial gains", "first advances".
INITIAL_EVENT = re.compile(r"\b(?:initial|first|began|begun|beginning|opening)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*|[,;:()\[\]|.!?\"“”]")
_EVENT_NOUN = re.compile(
    r"\b(capture|fall|liberation|recapture|withdrawal|parade|ceasefire|truce|agreement|"
    r"deployment|attack|strike|assault|offensive|election|vote|referendum|protest|summit|"
    r"meeting|talks|visit|announcement|launch|start|outbreak|end|clashes|battle|war|handover|"
    r"return|massacre|explosion|earthquake|flood|storm|deadline|signing|release|exchange|"
    r"gains|advance|advances|breakthrough)\b",
    re.IGNORECASE,
)


# Measure words that mean something else before these words: "took place", "took part".
_IDIOMS = {"took": {"place", "part", "office", "over"}, "fell": {"short", "ill", "silent"}}
# Two-word phrases that are a measure where their first word alone would be another.
_PHRASE_MEASURES = {("took", "part"): "attended", ("take", "part"): "attended"}
# Phrases before a figure that name what it counts: "the region is home to 150,000
# people" counts its population, as "a population of 150,000" does.
_SUBJECT_BEFORE = re.compile(r"\bhome\s+to\s+(?:about\s+|some\s+|nearly\s+|roughly\s+)?$")
# Subjects that say what happened to them when no measure word does, or when the one read
# is the generic capture verb: "280,000 protesters filled the streets", "secured 64 seats".
_IMPLIED_MEASURES = {"crowd": "attended", "seats": "won"}


# An age named before a figure: "aged 15-49", "ages 3 to 17", "at the age of 43".
# "people under 30", "voters over 65", "children younger than 5": an age limit.
_AGE_GROUP = (
    r"(?:people|persons|voters|adults|children|kids|youths?|those|anyone|everyone|men|women"
    r"|workers|residents|patients|Americans)"
)
_AGE_LIMIT = r"(?:under|over|younger\s+than|older\s+than)"
_AGE_BEFORE = re.compile(
    rf"\b(?:aged|ages|age\s+of|{_AGE_GROUP}\s+{_AGE_LIMIT})\s+(?:between\s+)?"
    r"(?:the\s+age\s+of\s+)?$",
    re.IGNORECASE,
)
# The same when the limit is read as part of the figure ("under 30", less-than).
_AGE_GROUP_BEFORE = re.compile(rf"\b{_AGE_GROUP}\s+$", re.IGNORECASE)
_AGE_LIMIT_LEAD = re.compile(rf"{_AGE_LIMIT}\s", re.IGNORECASE)
# A person's height: "5-foot-8", "6 feet 2 inches", "5 feet 10 inches tall". It
# describes who someone is; it is no quantity of an event.
_HEIGHT_AFTER = re.compile(
    r"(?:-|\s)(?:foot|feet|ft)(?:-|\s+)\d{1,2}\b|\s+(?:inches|inch)\s+tall\b", re.IGNORECASE
)
_HEIGHT_BEFORE = re.compile(r"\b\d{1,2}(?:-|\s+)(?:foot|feet|ft)(?:-|\s+)$", re.IGNORECASE)
# An owner right before a figure: "versus Armenia's $517 million".
_POSSESSOR_BEFORE = re.compile(r"\b([A-Z][\w-]*)['’]s\s+(?:own\s+)?$")


def _owner_before(body: str, sentence: tuple[int, int], value_start: int) -> re.Match[str] | None:
    """The possessor right before a figure ("Armenia's $517 million", "Dalembert's
    six-year deal"), within its sentence."""
    return _POSSESSOR_BEFORE.search(body, max(sentence[0], value_start - 40), value_start)


# The whole named after "of" before its noun: " the 120", " 125,300".
_WHOLE_AFTER_OF = re.compile(
    r"\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:next\s+|last\s+|first\s+|final\s+)?"
    r"\d[\d,.]*(?=\s+[A-Za-z])"
)
# Words that qualify how a quantity was counted, not what: "30,000 total fatalities",
# "3,400 excess deaths", "below 100 confirmed", "90,640 ethnic Armenians".
_QUANTITY_MODIFIERS = frozenset(
    [
        "total",
        "overall",
        "combined",
        "cumulative",
        "additional",
        "excess",
        "confirmed",
        "estimated",
        "reported",
        "recorded",
        "known",
        "ethnic",
    ]
)
# A whole after a part: "61 of the 120 seats", "three out of 11 times".
_OF_A_TOTAL = re.compile(r"\d[\d,.]*%?\s+(?:of|out\s+of)\s+(?:the\s+|its\s+|all\s+)?$")
# A figure joined to a noun that sizes something: "the 120-member assembly".
_SIZE_COMPOUND = re.compile(r"-(?:member|seat|strong|nation|country|state)\b")
# A figure standing alone as the subject of a casualty verb: "5,200 were injured".
_BARE_CASUALTY_AFTER = re.compile(
    r"\s+(?:were|are|have\s+been|had\s+been|was)\s+(?:\w+ly\s+)?(?:killed|injured|wounded|"
    r"hurt|missing|hospitali[sz]ed|dead)\b",
    re.IGNORECASE,
)
# Heads that count what a figure linked to them counts, and prepositions that open
# their postmodifiers: "the death toll from the floods in Valencia rose to 217".
_COUNT_HEADS = frozenset(["toll", "tally", "total", "count", "turnout"])
_POSTMODIFIER_PREPOSITIONS = frozenset(
    ["from", "in", "of", "among", "at", "on", "after", "since", "across", "during"]
)


def _count_head(words: list[str]) -> list[str] | None:
    """The count noun a figure is linked to across its postmodifier, or None.

    "The death toll from Saturday's earthquake in eastern Turkey rose to 1,240" counts
    the dead, not Turkey: the noun nearest the link sits inside "from ... in ...".
    """
    for index in range(len(words) - 2, -1, -1):
        word = words[index].lower()
        if word in _COUNT_HEADS and words[index + 1].lower() in _POSTMODIFIER_PREPOSITIONS:
            if words[index + 1].lower() == "of":
                # "the tally of arrests across the country": what the tally counts
                counted: list[str] = []
                for following in words[index + 2 :]:
                    if following.lower() in _POSTMODIFIER_PREPOSITIONS or len(counted) == 2:
                        break
                    counted.append(following)
                return counted
            lead = words[index - 1 : index] if index > 0 else []
            if lead and (lead[0].lower() in _DETERMINERS or lead[0].lower() in _STOP):
                lead = []
            return [*lead, words[index]]
    return None


def _not_a_noun(word: str) -> bool:
    """True for a head word that cannot be what a figure counts.

    Pronouns, adverbs, prepositions, time zones, irregular participles and leftover
    letters come from a table; a past form in -ed ("called", "posted") is a verb the
    phrase reader ran into, unless it is an event word ("wounded") that the measure reads.
    """
    if word in _NOT_SUBJECT_WORDS:
        return True
    return (
        len(word) > 4 and word.endswith("ed") and word not in MEASURES and word not in _NOUNS_IN_ED
    )


# Nouns that end like past forms: "a hundred", "at 40 speed".
_NOUNS_IN_ED = frozenset(
    ["hundred", "kindred", "speed", "speeds", "creed", "breed", "steed", "greed"]
)


def _idiom(words: list[str], index: int) -> bool:
    """True when the measure word at ``index`` starts an idiom ("took place")."""
    following = _IDIOMS.get(words[index].lower())
    return bool(following) and index + 1 < len(words) and words[index + 1].lower() in following


def _is_verbal(word: str) -> bool:
    """Participles and adverbs ("reaching", "lasting", "modestly") are not the counted noun."""
    return len(word) > 4 and (word.endswith("ing") or word.endswith("ly"))


def _is_plural_demonym(word: str) -> bool:
    """ "Ukrainians" is a demonym counted as people; "Ukraine's" is a possessive."""
    return word.endswith("s") and "'" not in word and "’" not in word


# What joins the items of a list of figures: "16 and 6", "3, 5 or 7".
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|to)\s+)\s*$")
# Words after a figure that leave its noun to the figure before: "40 others", "9 more".
_ELLIPTIC = frozenset(["others", "more", "another"])
# People counted with nothing said of them: "only 10 people knew", "32 million people
# tuning in". Without a measure such counts are no quantity to compare.
_GENERIC_PEOPLE = frozenset(["people"])


# A word before a figure and the word after it, for model designations.
_NAME_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)[ \t]$")
_WORD_AFTER = re.compile(r"(['’]s\b)|[ \t]+([A-Za-z][\w'’-]*)|([.,;:)]|$)")
# Capitalised words that open a count rather than name a model: "Nearly 600", "In
# 2020", "Only 12 …"; every stop word and determiner also does.
_COUNT_OPENERS = frozenset(
    [
        "nearly",
        "almost",
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "over",
        "under",
        "only",
        "just",
        "more",
        "less",
        "fewer",
        "least",
        "most",
        "up",
        "no",
        "not",
        "nor",
        "top",
        "another",
    ]
)
# Plurals that do not end in s, so that "Gaza 12 people" stays a count.
_PLURALS = frozenset(
    ["people", "children", "men", "women", "police", "staff", "personnel", "cattle"]
)


@dataclass(frozen=True, slots=True)
class Description:
    """What a figure is about; fields mirror :class:`claimcheck.model.Claim`."""

    measure: str | None
    subject: str
    side: str | None
    place: str | None
    event: str | None = None
    as_of: dt.date | None = None
    #: False for a figure that counts nothing (an age, a model number, a page stamp):
    #: no noun of a neighbouring figure is lent to it or borrowed from it.
    counted: bool = True


_NOTHING = Description(measure=None, subject="", side=None, place=None, counted=False)
#: Month and weekday names: a figure next to one is part of a date, not a count.
_MONTH_AND_DAY_NAMES = frozenset([*MONTH_NUMBERS, *WEEKDAY_NUMBERS])


class SubjectDescriber:
    """Reads measure, subject, side and place around figures, for one configuration."""

    def __init__(self, config: Config) -> None:
        self.config = config
        adjectives: dict[str, str] = {}
        for party in config.parties:
            for word in [*party.adjectives, *party.aliases]:
                if " " not in word:
                    adjectives.setdefault(word.casefold(), party.side or party.id)
            for alias in party.aliases:
                if " " not in alias:
                    adjectives.setdefault(alias.casefold() + "'s", party.side or party.id)
                    adjectives.setdefault(alias.casefold() + "’s", party.side or party.id)
        self._side_words = adjectives
        self._belligerent_sides = {
            party.id: party.side for party in config.parties if party.side is not None
        }

    def side_of_party(self, party: str | None) -> str | None:
        """The conflict side a party id speaks for, if any."""
        if party is None:
            return None
        return self._belligerent_sides.get(party)

    # -- noun phrases -------------------------------------------------------------------

    def _phrase_after(self, text: str, start: int, limit: int) -> tuple[list[str], str]:
        """Words of the noun phrase after a figure, and the word that stopped it."""
        words: list[str] = []
        stopper = ""
        for match in _WORD.finditer(text, start, min(limit, start + 90)):
            word = match.group()
            lower = word.lower()
            if not word[0].isalpha() or lower in _STOP:
                stopper = lower
                break
            if words and lower in _PHRASE_OPENERS:
                stopper = lower
                break  # "3,000 called the hotline": a new noun phrase begins
            if words and lower in MEASURES and lower != "budget":
                stopper = lower
                break  # "9 soldiers killed": the participle ends the noun phrase
            adverb = lower.endswith("ly") and len(lower) > 4
            participle = _PARTICIPLE.search(lower) is not None
            if words and (lower == "of" or ((adverb or participle) and self.fold(words))):
                stopper = lower
                break  # "positions of formations", "troops entrenched", "war lasting"
            words.append(word)
            if len(words) >= 5:
                break
        return words, stopper

    def _words_before(self, text: str, end: int, begin: int, count: int = 6) -> list[str]:
        """The last ``count`` words before ``end`` within the sentence, in order."""
        window = text[max(begin, end - 80) : end]
        return re.findall(r"[A-Za-z][A-Za-z'’-]*", window)[-count:]

    def _noun_before(self, text: str, end: int, begin: int) -> list[str]:
        """The noun phrase a figure is linked to from the left ("a budget of" $4.2 billion)."""
        words = self._words_before(text, end, begin, 8)
        if not words or words[-1].lower() not in _LINKS:
            return []  # only a linking word ties a figure to the noun before it
        while words and (words[-1].lower() in _LINKS or words[-1].lower() in _AUXILIARIES):
            words.pop()
        wide = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[max(begin, end - 120) : end])[-14:]
        while wide and (wide[-1].lower() in _LINKS or wide[-1].lower() in _AUXILIARIES):
            wide.pop()
        head = _count_head(wide)
        if head is not None:
            return head  # "the death toll from the floods in Valencia rose to": the toll
        phrase: list[str] = []
        for word in reversed(words):
            lower = word.lower()
            if lower in _NOT_SUBJECT_WORDS and not phrase:
                continue  # "3,300 square kilometers out of 4,400": past the adverb
            if lower in _STOP or lower in _DETERMINERS or lower in _LINKS or _is_verbal(lower):
                break
            phrase.insert(0, word)
            if len(phrase) == 2:
                break
        return phrase

    def _owner_after(self, text: str, end: int, sentence: tuple[int, int]) -> str | None:
        """A side named as the owner after the figure's noun phrase.

        "60 positions of the Armed Forces of Armenia", "20 vehicles, 40 guns and 30 mortars
        belonging to the Armenian army": the owner follows, for one item or a whole list.
        """
        tail = text[end : sentence[1]]
        owner = _OWNER.search(tail)
        if owner is None:
            return None
        named = owner.group(1) or owner.group(2) or ""
        return self.side_in(re.findall(r"[A-Za-z][\w'’-]*", named))

    def side_in(self, words: list[str]) -> str | None:
        for word in words:
            side = self._side_words.get(word.casefold())
            if side:
                return side
        return None

    def fold(self, words: list[str], keep_measures: bool = False) -> str:
        """Subject words -> a normalised subject (side words and determiners dropped)."""
        kept = [
            w.lower()
            for w in words
            if w.casefold() not in self._side_words
            and w.lower() not in _DETERMINERS
            and w.lower() not in _QUANTITY_MODIFIERS
            and (keep_measures or w.lower() not in MEASURES or w.lower() == "budget")
            and not (w.lower().endswith("ly") and len(w) > 4)  # adverbs
            and not w.lower().endswith(("'s", "’s"))  # possessors: "the army's tanks"
        ]
        for index, word in enumerate(kept):
            if word in _CLAUSE_WORDS:
                kept = kept[:index]  # "36 percent still feel", "12 you make": a new clause
                break
        # "the 13-inch model": the unit of a specification is not part of the noun, and
        # a letter left by tokenised text ("1440 x 900 display") is no word of it
        kept = [w for w in kept[:-1] if len(w) > 1 and w not in _SPEC_COMPOUNDS] + kept[-1:]
        while kept and kept[-1] in _NOT_SUBJECT_WORDS:
            kept.pop()  # "five buildings away", "three games earlier"
        if (
            not kept
            or _not_a_noun(kept[-1])
            or kept[-1] in _SPEC_COMPOUNDS
            or kept[-1] in _TIME_UNITS
        ):
            return ""  # "two weeks ago", "he", "called": nothing a figure counts
        phrase = " ".join(kept[-2:])
        if phrase in SYNONYMS:
            return SYNONYMS[phrase]
        head = kept[-1]
        if head in SYNONYMS:
            return SYNONYMS[head]
        if (
            len(kept) >= 2
            and not _ADJECTIVE.search(kept[-2])
            and kept[-2] not in _PLAIN_ADJECTIVES
            and (kept[-2] not in _NOT_SUBJECT_WORDS or kept[-2] in _NAMING_MODIFIERS)
        ):
            return phrase  # a compound noun: "defence budget", "combat positions"
        return head

    def _measure_near(
        self, text: str, start: int, end: int, sentence: tuple[int, int], reach: int = 10
    ) -> str | None:
        """The measure word nearest the figure, looking right first, then ``reach`` words left.

        Dates look further left: the event verb often stands a clause before its date
        ("forces took the town of X, which locals call Y, on Nov. 8").
        """
        adjacent = _MEASURE_RIGHT_BEFORE.search(text, max(sentence[0], start - 30), start)
        if adjacent is not None and adjacent.group(1).lower() in MEASURES:
            word = adjacent.group(1).lower()
            if word.endswith("ed") or word in _MEASURES_BEFORE_A_FIGURE:
                # "killed 21 civilians and wounded 70", "a magnitude 6.1 earthquake": the
                # verb or measure noun right before a figure says what it is
                return MEASURES[word]
        right_text = text[end : min(sentence[1], end + 60)]
        right = re.findall(r"[A-Za-z]+", re.split(r"[,;]", right_text, maxsplit=1)[0])
        for index, word in enumerate(right[:7]):
            following = right[index + 1].lower() if index + 1 < len(right) else ""
            phrase = _PHRASE_MEASURES.get((word.lower(), following))
            if phrase:
                return phrase  # "250,000 people took part"
            measure = MEASURES.get(word.lower())
            if measure and not _idiom(right, index):
                return measure
        clause = max(sentence[0], start - 9 * reach, text.rfind(";", sentence[0], start) + 1)
        left = re.findall(r"[A-Za-z]+", text[clause:start])
        window = left[-reach:]
        # "turnout fell to 41 percent": a linking verb right before the figure says how
        # it changed, not what happened (unlike "the town fell to the army")
        linked = len(window)
        while linked > 0 and window[linked - 1].lower() in _LINKS:
            linked -= 1
        for index in range(len(window) - 1, -1, -1):
            measure = MEASURES.get(window[index].lower())
            if index >= linked and window[index].lower() in _CHANGE_VERBS:
                continue
            if measure and not _idiom(window, index):
                return measure
        return None

    def _place_near(
        self,
        text: str,
        start: int,
        end: int,
        sentence: tuple[int, int],
        skip: tuple[int, int] | None = None,
    ) -> str | None:
        """The place (configured or a known town) nearest the figure within its clause.

        A place inside ``skip`` (the speaker mention: "Artsakh officials") names who
        speaks, not where the figure is.
        """
        best: tuple[int, str] | None = None
        window = (max(sentence[0], start - 90), min(sentence[1], end + 90))
        for place_start, place_end, canonical in find_places(self.config, text, *window):
            if skip is not None and skip[0] <= place_start < skip[1]:
                continue
            if place_end <= start:
                distance = start - place_end
                between = text[place_end:start]
            elif place_start >= end:
                distance = place_start - end + 20  # prefer places before a figure
                between = text[end:place_start]
            else:
                continue
            if ";" in between or len(between) > 45:
                continue
            if "," in between and not _DATE_LEAD.match(between):
                continue
            if best is None or distance < best[0]:
                best = (distance, canonical)
        return best[1] if best else None

    # -- public -------------------------------------------------------------------------

    def describe(
        self,
        body: str,
        sentence: tuple[int, int],
        value_start: int,
        value_end: int,
        kind: ValueKind,
        unit: str | None,
        speaker_party: str | None = None,
        perspective: str | None = None,
        speaker_span: tuple[int, int] | None = None,
    ) -> Description:
        """Describe the figure at ``body[value_start:value_end]`` inside ``sentence``."""
        stamp = _PAGE_STAMP.match(body, sentence[0], value_start)
        if stamp is not None and not re.search(
            r"[a-z]", _STAMP_WORDS.sub("", body[stamp.end() : value_start])
        ):
            # "Posted 2 / 3 / 2009 11:11 PM", "… Updated: 04 / 9 / 2012": when a page
            # went up, not an event; "Published figures show 40 …" is no stamp
            return _NOTHING
        if kind is ValueKind.date:
            return self._describe_date(body, sentence, value_start, value_end, speaker_span)
        if kind is ValueKind.duration:
            if _RELATIVE_AFTER.match(body, value_end, sentence[1]) or _AGE_AFTER.match(
                body, value_end, sentence[1]
            ):
                # "two weeks ago" is a point in the past; "the 26-year-old" and "a
                # 15-year veteran" describe a person: neither is a length to compare
                return _NOTHING
            notice = self._notice_period(body, sentence, value_start, value_end)
            if notice is not None:
                return Description(measure=None, subject=notice, side=None, place=None)
            # "the 24-hour operation": a duration is the length of what it modifies; the
            # sentence's other verbs ("killed") are not what it measures.
            words, _ = self._phrase_after(body, value_end, sentence[1])
            if [w.lower() for w in words[:1]] == ["of"]:
                # "16 days of fighting": the duration of what follows "of"
                after_of = body.find("of", value_end, sentence[1]) + 2
                tail = re.split(r"[,.;:()]", body[after_of : min(sentence[1], after_of + 60)])[0]
                words = []
                for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", tail)[:4]:
                    if word.lower() in _STOP:
                        break
                    words.append(word)  # "of sustained fighting": -ing nouns included
            before = self._noun_before(body, value_start, sentence[0])
            subject = self.fold(words) or self.fold(before)
            if subject.split(" ")[-1] in _OWNED_LENGTHS:
                # "a three-year deal": one person's contract, a quantity with its owner
                owner = _owner_before(body, sentence, value_start)
                if owner is None:
                    return _NOTHING
                subject = f"{owner.group(1).lower()} {subject}"
            return Description(measure=None, subject=subject, side=None, place=None)
        words, stopper = self._phrase_after(body, value_end, sentence[1])
        side: str | None = None
        lowered = [w.lower() for w in words]
        if lowered[:2] == ["out", "of"] or (lowered == ["out"] and stopper == "of"):
            words, lowered = [], []  # "111,694 out of 125,300 residents": read after "of"
            stopper = "of"
        if lowered[:1] == ["of"] or (not words and stopper == "of"):
            # "50 of their own troops", "14% of the territory"
            after_of = body.find("of", value_end, sentence[1]) + 2
            whole = _WHOLE_AFTER_OF.match(body, after_of, sentence[1])
            if whole is not None:
                after_of = whole.end()  # "61 of the 120 seats": the seats, past the whole
            tail, _ = self._phrase_after(body, after_of, sentence[1])
            tail_lower = [w.lower() for w in tail]
            if tail_lower[:2] in (["their", "own"], ["its", "own"]) or tail_lower[:1] == ["their"]:
                side = self.side_of_party(speaker_party)
            elif tail_lower[:1] == ["our"]:
                side = self.side_of_party(perspective)
            words = tail
        if _HEIGHT_AFTER.match(body, value_end, sentence[1]) or _HEIGHT_BEFORE.search(
            body, max(sentence[0], value_start - 12), value_start
        ):
            return _NOTHING  # "Orozco is 5-foot-8": a height
        if _AGE_BEFORE.search(body, max(sentence[0], value_start - 40), value_start) or (
            _AGE_LIMIT_LEAD.match(body, value_start)
            and _AGE_GROUP_BEFORE.search(body, max(sentence[0], value_start - 20), value_start)
        ):
            # "males aged 15-49", "children ages 3 to 17": an age describes who is
            # counted; it is no count of its own, whatever verb follows
            return _NOTHING
        if unit is None and (
            self._designation(body, sentence, value_start, value_end)
            or self._specification(body, value_end, sentence[1])
        ):
            return _NOTHING
        owner = _owner_before(body, sentence, value_start)
        side = (
            side
            or self.side_in(words)
            or (self.side_in([owner.group(1)]) if owner else None)  # "Armenia's $517 million"
            or self._owner_after(body, value_end, sentence)
        )
        subject = self.fold(words)
        last = words[-1] if words else ""
        if not subject and last.casefold() in self._side_words and _is_plural_demonym(last):
            subject = "people"  # "300,000 Ukrainians": the demonym is the subject
        if unit in ("km2", "km") and not subject:
            subject = "area"
            part = _PART_BEFORE.search(body, max(sentence[0], value_start - 40), value_start)
            if part is not None:
                # "Nagorno-Karabakh's core (around 3,000 km²)": the area of a part, which
                # is no disagreement with the whole region's 4,400 km².
                subject = f"{part.group(1).lower()} area"
        if not subject:
            before = self._noun_before(body, value_start, sentence[0])
            subject = self.fold(before, keep_measures=True)
            if subject in MEASURES and " " not in subject:
                subject = ""  # "the number of arrivals passed 6,000": the measure says it
            side = side or self.side_in(before)
        if subject.split(" ")[-1:] and subject.split(" ")[-1] in _ANCHORED_NOUNS:
            # "52 catches for 440 yards": a player's statistic, one quantity only with
            # its owner: "Jackson's 59 catches"
            if owner is None:
                return _NOTHING
            subject = f"{owner.group(1).lower()} {subject}"
        if subject.split(" ")[-1:] and subject.split(" ")[-1] in _MODEL_NOUNS:
            named = [
                m
                for m in _MODEL_NAMED.finditer(body, *sentence)
                if m.group(2).lower() == subject.split(" ")[-1]
            ]
            if not named:
                return _NOTHING  # "$1,799 and $2,199 models": which model?
            nearest = min(named, key=lambda m: abs(m.start() - value_start))
            subject = f"{nearest.group(1).strip(' -').lower()} {nearest.group(2).lower()}"
        if unit == "%":
            answer = _POLL_ANSWER.match(body, value_end, sentence[1])
            if answer is not None:
                words = [w.lower().strip(".") for w in answer.group(2).split()]
                said = [answer.group(1).lower(), *(w for w in words if w not in _DETERMINERS)]
                subject = " ".join([subject, *said[:4]]).strip()
        increment = _INCREMENT_BEFORE.search(
            body, max(sentence[0], value_start - 24), value_start
        ) or _INCREMENT_AFTER.match(body, value_end, sentence[1])
        if increment is not None and subject:
            word = increment.group(1).lower()
            subject = f"{_INCREMENT_NAMES.get(word, word)} {subject}"
        measure = self._measure_near(body, value_start, value_end, sentence)
        if subject in _BARE_WEIGHTS and measure is None:
            return _NOTHING  # "it will weigh just 4.5 pounds": the weight of what?
        if measure == "destroyed" and (subject in CASUALTY_SUBJECTS or subject in self._side_words):
            measure = "killed"  # "civilian losses including three Azerbaijanis": people die
        if (
            side is None
            and measure in ("killed", "wounded", "missing")
            and subject in CASUALTY_SUBJECTS
        ):
            side = self.side_of_party(speaker_party)
        if measure == "attended" and subject == "people":
            subject = "crowd"  # "250,000 people took part": one crowd
        if not subject and measure in _MEASURE_SUBJECTS:
            # "police put the crowd at 45,000", "a magnitude of 6.1": what it measures
            subject = _MEASURE_SUBJECTS[measure]
        if measure == "depth" and subject == "area":
            subject = ""  # "at a depth of 10 km": a depth, not an area
        if _OF_A_TOTAL.search(body, max(sentence[0], value_start - 30), value_start) or (
            _SIZE_COMPOUND.match(body, value_end, sentence[1])
        ):
            # "61 of the 120 seats", "the 120-member assembly": the whole, not what was won
            measure = "total"
        elif subject in _IMPLIED_MEASURES and measure in (None, "captured"):
            measure = _IMPLIED_MEASURES[subject]
        if (
            not subject
            and measure in ("killed", "wounded", "missing")
            and (
                _BARE_CASUALTY_AFTER.match(body, value_end, sentence[1])
                or _CASUALTY_RIGHT_AFTER.match(body, value_end, sentence[1])
            )
        ):
            # "Roughly 5,200 were injured.", "at least 260 dead": people, unnamed
            subject = "people"
        if not subject and measure in _MEASURES_NEEDING_SUBJECT:
            measure = None  # "a deal worth nearly $80 million": the price of what?
        if (
            measure is None
            and subject in ("", "people")
            and _SUBJECT_BEFORE.search(body, max(sentence[0], value_start - 30), value_start)
        ):
            subject = "population"  # "the island is home to 84,000 people"
        if subject in _GENERIC_PEOPLE and measure is None and side is None:
            subject = ""  # "10 people knew": a count of people says nothing happened
        if subject in self._side_words:  # "600,000 Azerbaijanis": the demonym is the subject
            side = side or self._side_words[subject]
            subject = "people"
        place = self._place_near(body, value_start, value_end, sentence, speaker_span)
        return Description(measure=measure, subject=subject, side=side, place=place)

    def _designation(
        self, body: str, sentence: tuple[int, int], value_start: int, value_end: int
    ) -> bool:
        """True for a number that is part of a name: "Internet Explorer 8 Beta 2", "IE
        6", "Core 2 Duo", "Flight 370", "USB 3.0", "the 8900's screen".

        A number right after a capitalised word inside a sentence names a model,
        version, flight or category, unless a plural noun follows it ("Gaza 12
        people"). A number with a possessive ("the 747's engines") is a name too.
        """
        after = _WORD_AFTER.match(body, value_end, sentence[1])
        if after is not None and after.group(1):
            return True
        if body[value_start - 1 : value_start] in ("'", "’") and value_end - value_start == 2:
            return True  # "iWork '09", "the class of '98": a year written short
        before = _NAME_BEFORE.search(body, max(sentence[0], value_start - 40), value_start)
        if before is None:
            return False
        name = before.group(1)
        lower = name.lower().rstrip(".")
        written = body[value_start:value_end]
        if (
            not any(c.isupper() for c in name)
            or not (written[0].isdigit() or written[0].isupper())  # "Cruz nine of them"
            or lower.endswith(("'s", "’s", "s'", "s’"))  # an owner: "Florida's 99 delegates"
            or not re.search(r"[A-Za-z]", body[sentence[0] : before.start()])  # first word
            or lower in _STOP
            or lower in _DETERMINERS
            or lower in _COUNT_OPENERS
            or lower in MEASURES
            or lower in _MONTH_AND_DAY_NAMES
            or lower in self._side_words
        ):
            return False
        if "." in body[value_start:value_end]:
            return True  # "USB 3.0 ports", "iOS 6.1": a version, whatever follows
        following = after.group(2) if after is not None else None
        if following is None:
            return True  # "IE 6.", "Windows 7,"
        word = following.lower()
        if word in ("of", "out", "to"):
            # "giving the senator 9 of the 14 delegates", "leads Sanders 1,428 to 1,153"
            return False
        plural = word in _PLURALS or (
            word.endswith("s") and not word.endswith("ss") and word not in _STOP
        )
        return not (following[0].islower() and plural)

    def _specification(self, body: str, value_end: int, limit: int) -> bool:
        """True for a figure of a device specification: "17-inch", "32-bit", "8 GB"."""
        if body[value_end : value_end + 1] == "″" or body[value_end : value_end + 2] in (
            "''",
            "’’",
        ):
            return True  # "a 3.1″ display", "the new 17'' model": the inch mark
        unit = _SPEC_AFTER.match(body, value_end, limit)
        if unit is None:
            return False
        units = _SPEC_COMPOUNDS if unit.group(1) == "-" else _SPEC_UNITS
        return unit.group(2).lower() in units

    def _notice_period(
        self, body: str, sentence: tuple[int, int], value_start: int, value_end: int
    ) -> str | None:
        """'notice before expiration' for "objection six months prior to expiration".

        A duration before a deadline noun, with notice, objection or warning just before
        it, is how long in advance something must be said: treaties and contracts state
        it, and two texts that disagree on it disagree on one term. Without the notice
        word ("held six months before the election") it is only a date, not a term.
        """
        after = _BEFORE_DEADLINE.match(body, value_end, sentence[1])
        if after is None:
            return None
        lead = self._words_before(body, value_start, sentence[0], count=8)
        if not any(_NOTICE_WORD.fullmatch(w.lower()) for w in lead):
            return None
        noun, _ = self._phrase_after(body, after.end(), sentence[1])
        folded = self.fold(noun)
        return f"notice before {folded}" if folded else None

    def share_elided(
        self,
        body: str,
        sentence: tuple[int, int],
        spans: list[tuple[int, int]],
        values: list[Value],
        descriptions: list[Description],
    ) -> list[Description]:
        """Fill in what news English leaves out between figures of one sentence.

        An elided amount takes its noun from the nearest figure of its kind: "$3
        million, or 29 cents a share, from $2.4 million" is net income, like the $3
        million, not a share.

        "49 Armenian and 50 Azeri soldiers": the first figure takes the noun of the
        second. "3,937 soldiers killed alongside 191 missing", "12 were killed and 40
        wounded": a figure followed directly by a measure takes the subject and side of
        the figure before it.
        """
        out = list(descriptions)
        kinds = [value.kind for value in values]
        for i in range(len(spans) - 1):
            if kinds[i] is not ValueKind.number or kinds[i + 1] is not ValueKind.number:
                continue
            between = body[spans[i][1] : spans[i + 1][0]]
            lead = _FROM_BEFORE.search(body, max(sentence[0], spans[i][0] - 8), spans[i][0])
            if lead is not None and _TO_BETWEEN.match(between):
                # "expanded Azerbaijan's forces from 65,000 to over 100,000 personnel":
                # both ends of a change count the same thing, owned by the phrase before.
                owner = self.side_in(self._words_before(body, lead.start(), sentence[0]))
                start, end = out[i], out[i + 1]
                out[i] = Description(
                    measure=start.measure or end.measure,
                    subject=start.subject or end.subject,
                    side=start.side or end.side or owner,
                    place=start.place or end.place,
                    event=start.event,
                )
                out[i + 1] = Description(
                    measure=end.measure,
                    subject=end.subject,
                    side=end.side or owner,
                    place=end.place,
                    event=end.event,
                )
                continue
            match = _COORDINATED.match(between)
            if not (out[i].counted and out[i + 1].counted):
                continue
            if match and all(w.casefold() in self._side_words for w in match.group(1).split()):
                nxt = out[i + 1]
                out[i] = Description(
                    measure=out[i].measure or nxt.measure,
                    subject=nxt.subject,
                    side=out[i].side,
                    place=out[i].place or nxt.place,
                    event=out[i].event,
                )
        for j in range(1, len(spans)):
            if kinds[j] is not ValueKind.number or not out[j].counted:
                continue
            if (
                kinds[j - 1] is ValueKind.number
                and not out[j - 1].counted
                and _LIST_JOIN.match(body[spans[j - 1][1] : spans[j][0]])
            ):
                out[j] = _NOTHING  # "two sons, ages 16 and 6": the list goes on
                continue
            if out[j].subject and self.fold(self._noun_before(body, spans[j][0], sentence[0])):
                continue  # "a level of 0.07% - under the legal limit of 0.08%": its own noun
            if out[j].subject and _POLL_ANSWER.match(body, spans[j][1], sentence[1]):
                continue  # "and 44 percent would back Trump": its answer says what it counts
            numbers = [
                i for i in range(j) if kinds[i] is ValueKind.number and descriptions[i].counted
            ]
            with_subject = [i for i in numbers if out[i].subject]
            alike = [i for i in numbers if out[i].subject and _alike(values[i], values[j])]
            if alike and alike[-1] != numbers[-1] and values[j].unit:
                # an amount takes its noun from the nearest like amount (same currency or
                # unit, within tenfold), over a figure of another kind in between
                source = alike[-1]
            elif numbers and (out[numbers[-1]].subject or out[numbers[-1]].measure):
                # The nearest figure says what it counts, even with no noun: "3,400 excess
                # deaths in Azerbaijan and 3,100 across Armenia".
                source = numbers[-1]
            elif with_subject:
                source = with_subject[-1]
            else:
                continue
            words, _ = self._phrase_after(body, spans[j][1], sentence[1])
            after = re.findall(r"[A-Za-z]+", body[spans[j][1] : spans[j][1] + 30])[:1]
            elided = (
                not words
                or (after and after[0].lower() in MEASURES)
                or words[0].lower() in _ELLIPTIC  # "12 were killed and 40 others hurt"
            )
            if _NEW_CLAUSE.search(body, spans[source][1], spans[j][0]):
                # "the attack that killed four children, and the strike on Barda that
                # resulted in 21 deaths": a clause of its own counts its own dead
                continue
            if elided and not self.fold(words):
                prev = out[source]
                out[j] = Description(
                    measure=out[j].measure,
                    subject=prev.subject,
                    side=out[j].side or prev.side,
                    place=out[j].place or prev.place,
                    event=out[j].event,
                )
        for k, description in enumerate(out):
            if (
                kinds[k] is ValueKind.number
                and not description.subject
                and description.measure in _CASUALTY_MEASURES
            ):
                # "14 fatalities", "at least 14 deaths" and "14 people dead" count the
                # same people; no noun named is people, once no neighbour lent one
                out[k] = replace(description, subject="people")
        return out

    def _describe_date(
        self,
        body: str,
        sentence: tuple[int, int],
        value_start: int,
        value_end: int,
        speaker_span: tuple[int, int] | None = None,
    ) -> Description:
        """A date is about the event it modifies or the event named just before it.

        "the December 10, 2020, Victory Parade" -> the phrase after the date;
        "the capture of the city on October 9" -> the event noun before it. An event
        that the text calls initial or first ("initial gains") is kept apart from the
        full event, so a district's first gains do not conflict with its capture.
        """
        if _DATELINE_BEFORE.match(body, sentence[0], value_start) and _DATELINE_AFTER.match(
            body, value_end, sentence[1]
        ):
            return _NOTHING  # "DHAKA, Aug 12 (Reuters) -": the day of the report
        clause_start = max(
            sentence[0], body.rfind(";", sentence[0], value_start) + 1, value_start - 200
        )
        left = body[clause_start:value_start]
        subject = ""
        if re.search(r"(?:\bthe|['’]s)\s+$", left):
            after = value_end
            while after < sentence[1] and body[after] in " ,":
                after += 1
            right_words, _ = self._phrase_after(body, after, sentence[1])
            named = [w.lower() for w in right_words[:3]]
            if named and named[0] not in _NOT_SUBJECT_WORDS and not _not_a_noun(named[-1]):
                subject = " ".join(named)  # not "In the late 1990s, he served"
        if not subject:
            events = list(_EVENT_NOUN.finditer(left))
            if events:
                event = events[-1]
                subject = event.group(1).lower()
                before = re.findall(r"[A-Za-z][A-Za-z'’-]*", left[: event.start()])[-1:]
                if before:
                    word = before[0].lower()
                    if (
                        word not in _STOP
                        and word not in _DETERMINERS
                        and word not in self._side_words
                        and not _ADJECTIVE.search(word)
                        and word not in MEASURES
                    ):
                        subject = f"{word} {subject}"  # "a victory parade"
        measure = MEASURES.get(subject.split(" ")[-1]) if subject else None
        if measure is None:
            # Without an event noun, the event verb may stand a clause before the date.
            reach = 10 if subject else 20
            measure = self._measure_near(body, value_start, value_end, sentence, reach=reach)
        if measure in _QUANTITY_MEASURES:
            measure = None  # "the population reached 200,000 by 1989": no event's date
        if measure is not None and " " not in subject and MEASURES.get(subject) == measure:
            subject = ""  # "capture" is the measure itself; the subject is the place
        if measure is not None and INITIAL_EVENT.search(left[-80:]):
            measure = f"first {measure}"
        place = self._place_near(body, value_start, value_end, sentence, speaker_span)
        return Description(measure=measure, subject=subject, side=None, place=place)
