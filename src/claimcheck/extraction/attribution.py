"""Who asserts each part of each sentence: attribution relations in English news text.

A figure only means something together with who puts it forward: "49 soldiers were
killed, the ministry said" is the ministry's figure, not the newspaper's. This module
finds *attribution relations* — a speaker, a cue ("said", "according to", "figures
show") and the content the speaker asserts — so that every figure can be tied to the
innermost content span around it (:func:`relation_at`). A figure outside every content
span is in the document's own voice.

The rules are deliberately shallow and lexical (regular expressions over one sentence,
no parser): extraction has to run at tens of thousands of words a second, and wire
copy is formulaic enough that a handful of construction patterns cover most of it:

* ``X said (that) CONTENT`` and ``CONTENT, X said`` with any reporting verb, auxiliaries
  ("has said", "also told") and trailing adverbials ("said on Monday", "said in a
  statement", "told reporters");
* inverted ``CONTENT, said X`` and quotes with the speaker after them;
* ``according to X``, ``per X``, ``as reported by X``, ``was reported by X`` passives;
* ``X's figures show`` / ``data from X show`` / ``the survey found``;
* ``X put the toll at N``;
* stance, belief and intention verbs ("X believes/expects/has proposed/plans to/called
  for CONTENT") with a subject that can hold a view, content only after the cue;
* a cue ending in a colon at the end of its paragraph ("X wrote:", "as follows:")
  takes the next paragraph (and the quoted paragraphs after it);
* "..., in the survey." / "In a Marist Poll released Tuesday, ...": the study's finding;
* participles that reuse the sentence's speaker (", adding that ...");
* agentless hedges ("reportedly", "were reported killed"), which hedge the content but
  name nobody (speaker None);
* quotes that run over several sentences keep one speaker.

Pronoun speakers ("he said") are resolved to the most recent named person (or, for
"it", organisation) in the document; generic organisation mentions ("the ministry",
"officials") take the party of the most recent earlier organisation of the same kind,
else of the latest speaker with a known party, else the document's perspective.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from claimcheck.config import Config
from claimcheck.extraction.words import alternation
from claimcheck.knowledge import media_titles
from claimcheck.sources import MONTH_NUMBERS, WEEKDAY_NUMBERS

# --------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------

#: Finite forms of reporting verbs that reliably mark attribution wherever they stand.
_STRONG_VERBS = [
    "said",
    "says",
    "say",
    "stated",
    "told",
    "tells",
    "tell",
    "reported",
    "claimed",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "acknowledged",
    "acknowledges",
    "denied",
    "denies",
    "estimated",
    "added",
    "adds",
    "noted",
    "wrote",
    "writes",
    "written",
    "insisted",
    "insists",
    "warned",
    "warns",
    "argued",
    "argues",
    "alleged",
    "alleges",
    "accused",
    "accuses",
    "tweeted",
    "tallied",
    "explained",
    "explains",
    "declared",
    "declares",
    "predicted",
    "predicts",
    "revealed",
    "reveals",
    "recalled",
    "testified",
    "testifies",
    "admitted",
    "admits",
    "asserted",
    "asserts",
    "maintained",
    "conceded",
    "concedes",
    "replied",
    "replies",
    "responded",
    "suggested",
    "suggests",
    "indicated",
    "indicates",
    "stressed",
    "stresses",
    "emphasised",
    "emphasized",
    "observed",
    "contended",
    "contends",
    "disclosed",
    "discloses",
    "informed",
    "projected",
    "found",
    "showed",
    "shown",
    "documented",
    "counted",
    "recorded",
    "calculated",
    "concluded",
    "concludes",
    "posted",
    "cited",
]

#: Forms that are just as often nouns ("the reports", "claims of fraud", "the show"): a
#: cue only with a subject that is not a bare determiner and no "of/from/about" after.
_WEAK_VERBS = [
    "reports",
    "claims",
    "claim",
    "estimates",
    "estimate",
    "notes",
    "records",
    "counts",
    "documents",
    "shows",
    "show",
    "finds",
    "tweets",
    "projects",
    "forecast",
    "forecasts",
    "calculates",
    "tallies",
]

#: Participles that continue the sentence's speaker: "..., adding that 50 were hurt".
_PARTICIPLES = [
    "documenting",
    "recording",
    "identifying",
    "citing",
    "saying",
    "adding",
    "noting",
    "telling",
    "claiming",
    "arguing",
    "insisting",
    "warning",
    "explaining",
    "stating",
    "estimating",
    "acknowledging",
    "confirming",
    "announcing",
    "reporting",
    "writing",
    "declaring",
    "stressing",
]

_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + alternation(_STRONG_VERBS + _WEAK_VERBS + _PARTICIPLES)
    + r"|pointed\s+out|points\s+out|puts?\s+(?:the|its|their|his|her)\s+"
    r"(?:\w+\s+){0,2}(?:toll|number|figure|count|total|tally|cost|turnout|estimate)\w*"
    r"(?:(?:\s+of\s+(?:\w+\s+){0,2}?\w+)?\s+at|(?=\s+(?:closer\s+to|near|around|above|"
    r"below|higher|lower|well\s+above|well\s+below)\b))"
    # "Forbes put his net worth at $45 billion", "the poll puts her approval ... at 49.5
    # percent": any measure, when a figure follows "at".
    r"|puts?\s+(?:(?!at\s)[\w’'.-]+\s+){1,10}?at(?=\s+(?:(?:about|around|roughly|nearly|"
    r"almost|some|just|only|least|a\s+solid|a\s+mere)\s+)*(?:[$€£\d]|(?:one|two|three|four|"
    r"five|six|seven|eight|nine|ten)\b))"
    r")(?![\w'’-])",
    re.IGNORECASE,
)
_WEAK = frozenset(_WEAK_VERBS)
#: Verbs of finding and estimating: inside someone else's content they are usually part
#: of what is reported ("the magazine said the poll winner has predicted ..."), not a
#: new speaker.
_SECONDARY = frozenset(
    [
        "predicted",
        "predicts",
        "found",
        "finds",
        "showed",
        "shown",
        "show",
        "shows",
        "projected",
        "projects",
        "estimated",
        "estimates",
        "revealed",
        "reveals",
        "noted",
        "notes",
        "recorded",
        "records",
        "counted",
        "counts",
        "documented",
        "cited",
        "concluded",
        "concludes",
        "posted",
        "forecast",
        "forecasts",
        "calculated",
        "calculates",
    ]
)
_PARTICIPLE = frozenset(_PARTICIPLES)
#: Verbs whose subject never follows them: "The poll, released Monday, showed Smith at 46
#: percent" names what the poll showed after the verb, not who showed it.
_NEVER_INVERTED = frozenset(
    [
        "found",
        "showed",
        "shown",
        "suggested",
        "indicated",
        "documented",
        "counted",
        "recorded",
        "calculated",
        "cited",
        "accused",
        "informed",
        "tallied",
        "projected",
        "posted",
        "written",
    ]
)
#: A reporting verb right after a weak cue word makes that word a noun: "reports tallied".
_NEXT_CUE_RE = re.compile(
    r"\s+(?:(?:have|has|had)\s+)?(?:"
    + "|".join(w for w in _STRONG_VERBS if w.endswith(("ed", "id", "old", "ote", "ound", "own")))
    + r"|tallied|put|suggest(?:ed)?|indicate[ds]?)\b",
    re.IGNORECASE,
)


def _verb_forms(spec: str) -> list[str]:
    """Base, -s, past and -ing forms of a regular verb; ``"plan:planned:planning"`` and
    ``"think:thought"`` give the irregular past (and -ing) forms outright."""
    parts = spec.split(":")
    base = parts[0]
    if base.endswith("e"):
        forms = [base, base + "s", base + "d", base[:-1] + "ing"]
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms = [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms = [base, base + "es", base + "ed", base + "ing"]
    else:
        forms = [base, base + "s", base + "ed", base + "ing"]
    if len(parts) > 1:
        forms[2] = parts[1]
    if len(parts) > 2:
        forms[3] = parts[2]
    return forms


#: Verbs of stance, belief, intention and proposal. News attributes a figure to whoever
#: promises, proposes, expects or believes it just as much as to whoever says it ("Smith
#: has proposed a 10 percent levy", "the union expects 4,000 marchers"). Weaker cues than
#: the speech verbs: they need a subject that can hold a view (a name, a pronoun, a
#: person or organisation noun) and their content is only what follows them.
_STANCE_SPECS = [
    # beliefs and expectations
    "believe",
    "think:thought",
    "expect",
    "anticipate",
    "fear",
    "doubt",
    "hope",
    "assume",
    "reckon",
    "suspect",
    "predict",
    "forecast:forecast",
    "project",
    "estimate",
    "calculate",
    "wonder",
    "worry",
    "know:knew",
    "realize",
    "realise",
    "feel:felt",
    "agree",
    "disagree",
    "conclude",
    "deem",
    "consider",
    "find:found",
    # intentions, plans and proposals
    "plan:planned:planning",
    "intend",
    "aim",
    "want",
    "wish",
    "seek:sought",
    "propose",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "offer",
    "guarantee",
    "recommend",
    "suggest",
    "urge",
    "demand",
    "request",
    "advocate",
    "champion",
    "tout",
    "hail",
    "praise",
    "brag:bragged:bragging",
    # speech acts and evaluations beyond "say"
    "ask",
    "argue",
    "assert",
    "contend",
    "counter",
    "retort",
    "respond",
    "reply",
    "complain",
    "lament",
    "criticize",
    "criticise",
    "blast",
    "slam:slammed:slamming",
    "blame",
    "accuse",
    "condemn",
    "denounce",
    "decry",
    "dispute",
    "defend",
    "mock",
    "joke",
    "describe",
    "characterize",
    "characterise",
    "dub:dubbed:dubbing",
    "cite",
    "recount",
    "recall",
    "reiterate",
    "repeat",
    "emphasize",
    "emphasise",
    "stress",
    "highlight",
    "remind",
    "caution",
    "inform",
    "assure",
    "announce",
    "declare",
    "proclaim",
    "acknowledge",
    "admit:admitted:admitting",
    "concede",
    "insist",
    "explain",
    "detail",
    "outline",
    "list",
    "identify",
    "reveal",
    "disclose",
    "unveil",
    "testify",
    "allege",
    "deny",
    "confirm",
    "observe",
]
#: Forms of the verbs above that are more often nouns, adjectives or plain actions
#: ("the plan", "voters want", "thought", "charged a fee", "the list"): never cues.
_STANCE_EXCLUDED = frozenset(
    [
        "plan",
        "list",
        "rule",
        "offer",
        "report",
        "hope",
        "fear",
        "doubt",
        "wish",
        "promise",
        "pledge",
        "demand",
        "request",
        "counter",
        "detail",
        "outline",
        "champion",
        "tout",
        "hail",
        "praise",
        "estimate",
        "forecast",
        "project",
        "outline",
        "thought",
        "wanted",
        "knew",
        "assumed",
        "ruling",
        "find",
        "dispute",
        "repeat",
        "stress",
        "blast",
        "joke",
        "mock",
    ]
)
#: Two-word stance cues: "called for", "pointed to", "pushing for".
_STANCE_PHRASES = [
    r"call(?:s|ed|ing)?\s+(?:for|on)",
    r"point(?:s|ed|ing)?\s+(?:to|out)",
    r"lobb(?:y|ies|ied|ying)\s+for",
    r"press(?:es|ed|ing)?\s+for",
    r"refer(?:s|red|ring)?\s+to",
    r"talk(?:s|ed|ing)?\s+about",
    r"spoke\s+(?:of|about)",
    r"speak(?:s|ing)?\s+(?:of|about)",
    r"worr(?:y|ies|ied|ying)\s+about",
    r"boast(?:s|ed|ing)?\s+(?:of|about)",
    r"brag(?:s|ged|ging)?\s+about",
    r"look(?:s|ed|ing)?\s+for",
    r"aim(?:s|ed|ing)?\s+(?:at|for)",
    r"(?:is|are|was|were)\s+(?:confident|convinced|sure|certain|worried|concerned|hopeful)",
    r"as\s+follows",
    r"ma(?:de|kes?|king)\s+(?:the|a|an)\s+(?:case|claim|argument|promise|pledge|point|"
    r"prediction|proposal)",
]
_STANCE_WORDS = sorted(
    {f for spec in _STANCE_SPECS for f in _verb_forms(spec)}
    - {w.lower() for w in _STRONG_VERBS + _WEAK_VERBS + _PARTICIPLES}
    - _STANCE_EXCLUDED,
    key=len,
)
_STANCE_RE = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(_STANCE_PHRASES)
    + "|"
    + alternation(_STANCE_WORDS)
    + r")(?![\w'’-])",
    re.IGNORECASE,
)
#: Nouns that head a subject able to hold a view when it is not a name or pronoun.
_HOLDER_HEADS = frozenset(
    [
        "officials",
        "official",
        "aides",
        "aide",
        "advisers",
        "adviser",
        "advisors",
        "advisor",
        "critics",
        "critic",
        "advocates",
        "advocate",
        "supporters",
        "supporter",
        "opponents",
        "opponent",
        "lawmakers",
        "lawmaker",
        "legislators",
        "democrats",
        "republicans",
        "conservatives",
        "liberals",
        "progressives",
        "analysts",
        "analyst",
        "economists",
        "economist",
        "experts",
        "expert",
        "researchers",
        "researcher",
        "scientists",
        "strategists",
        "strategist",
        "pollsters",
        "pollster",
        "operatives",
        "insiders",
        "leaders",
        "leader",
        "organizers",
        "organisers",
        "activists",
        "activist",
        "protesters",
        "residents",
        "investors",
        "executives",
        "executive",
        "campaign",
        "company",
        "companies",
        "firm",
        "firms",
        "group",
        "groups",
        "administration",
        "government",
        "committee",
        "party",
        "parties",
        "union",
        "unions",
        "court",
        "judge",
        "justices",
        "jury",
        "agency",
        "department",
        "ministry",
        "office",
        "candidate",
        "candidates",
        "nominee",
        "president",
        "governor",
        "senator",
        "senators",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "team",
        "staff",
        "members",
        "member",
        "officers",
        "police",
        "prosecutors",
        "prosecutor",
        "attorney",
        "lawyers",
        "lawyer",
        "authorities",
        "investigators",
        "donors",
        "voters",
        "americans",
        "citizens",
        "businesses",
        "employers",
        "workers",
        "people",
        "delegates",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "secretary",
        "mayor",
        "minister",
        "commission",
        "council",
        "board",
        "panel",
        "bank",
        "banks",
        "fed",
        "network",
        "newspaper",
        "paper",
        "magazine",
        "editorial",
        "editors",
        "author",
        "authors",
        "writer",
        "columnist",
        "commentators",
        "observers",
        "poll",
        "polls",
        "survey",
        "surveys",
        "study",
        "studies",
        "report",
        "reports",
        "analysis",
        "review",
        "audit",
        "data",
        "figures",
        "statistics",
        "estimates",
        "projections",
        "forecast",
        "model",
        "index",
        "census",
        "count",
        "tally",
        "plan",
        "proposal",
        "proposals",
        "bill",
        "bills",
        "law",
        "laws",
        "legislation",
        "measure",
        "measures",
        "budget",
        "regulation",
        "regulations",
        "rule",
        "rules",
        "agreement",
        "deal",
        "order",
        "act",
        "policy",
        "platform",
        "ad",
        "ads",
        "commercial",
        "letter",
        "memo",
        "statement",
        "transcript",
        "filing",
        "lawsuit",
        "complaint",
        "ruling",
        "decision",
        "document",
        "documents",
        "records",
        "emails",
        "website",
        "book",
        "article",
        "story",
        "documentary",
        "everyone",
        "everybody",
        "nobody",
        "many",
        "most",
        "some",
        "others",
        "both",
        "all",
    ]
)
_HOLDER_HEADS = _HOLDER_HEADS | frozenset(
    [
        "sources",
        "source",
        "forces",
        "troops",
        "soldiers",
        "military",
        "army",
        "navy",
        "monitors",
        "media",
        "journalists",
        "reporters",
        "diplomats",
        "diplomat",
        "witnesses",
        "ministers",
        "negotiators",
        "envoy",
        "envoys",
        "spokesmen",
        "rebels",
        "separatists",
        "militants",
        "fighters",
        "insurgents",
        "commanders",
        "commander",
        "generals",
        "general",
        "doctors",
        "medics",
        "nurses",
        "rescuers",
        "volunteers",
        "teachers",
        "students",
        "economists",
        "historians",
        "scholars",
        "camp",
        "allies",
        "ally",
        "side",
        "sides",
        "backers",
        "rivals",
        "rival",
        "counterpart",
        "counterparts",
        "campaigners",
        "lobbyists",
        "regulators",
        "watchdog",
        "watchdogs",
        "observers",
        "inspectors",
        "auditors",
        "senate",
        "house",
        "congress",
        "parliament",
        "assembly",
        "legislature",
        "association",
        "organisation",
        "organization",
        "institute",
        "foundation",
        "center",
        "centre",
        "coalition",
        "alliance",
        "bureau",
        "service",
        "services",
        "commissioner",
        "commissioners",
        "press",
        "outlet",
        "outlets",
        "agencies",
        "ministries",
        "departments",
        "prosecutors'",
        "mission",
    ]
)
_HOLDER_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you"])
#: Stance verbs that are as often plain actions: a cue only after a document or poll
#: subject or a person, never after "it", "this" or a thing.
_CONTENT_PARTICLES_RE = re.compile(
    r"\s*(?:that\b|to\b(?!\s+(?:the|a|an)\b)|about\b|of\b|on\b(?=\s)|,\s*)?\s*", re.IGNORECASE
)

#: Cues that need their speaker on the right: "according to X", "as reported by X".
_PREP_CUE_RE = re.compile(
    r"(?<![\w-])(?:according\s+to|in\s+the\s+(?:view|opinion|estimation|words)\s+of|"
    r"as\s+(?:first\s+)?reported\s+by|as\s+(?:announced|"
    r"confirmed|stated|estimated|documented|counted|recorded)\s+by|per)(?![\w-])",
    re.IGNORECASE,
)

#: Passives with an agent: "was reported by X", "have been confirmed by X".
_PASSIVE_RE = re.compile(
    r"(?<![\w-])(?:was|were|is|are|has\s+been|have\s+been|had\s+been|been|being)\s+"
    r"(?:\w+ly\s+|first\s+|also\s+|later\s+)?"
    r"(?:reported|confirmed|announced|estimated|documented|recorded|counted|stated|claimed|"
    r"put|given|cited|published|released|provided|disclosed|revealed|calculated|tallied|"
    r"verified|tweeted|posted)\s+by(?![\w-])",
    re.IGNORECASE,
)

#: Agentless hedges: the document reports something without saying who says it.
_HEDGE_RE = re.compile(
    r"(?<![\w-])(?:reportedly|allegedly|(?:was|were|is|are|has\s+been|have\s+been|been)\s+"
    r"(?:reported|said|believed|thought|estimated|alleged|claimed)\s+(?=to\b|killed|dead|"
    r"injured|wounded|missing|hurt|displaced|arrested|detained)"
    r"|it\s+(?:was|is|has\s+been)\s+(?:reported|claimed|alleged|estimated)\s+that)(?![\w-])",
    re.IGNORECASE,
)

#: Words between a subject and its verb that belong to neither: "has also said".
_AUX_TAIL_RE = re.compile(
    r"(?:\s+|^)(?:has|have|had|also|later|earlier|previously|then|again|repeatedly|"
    r"publicly|officially|recently|separately|further|first|once|would|will|could|"
    r"might|may|did|does|do|had|now|since|initially|cannot|(?:can|won|don|doesn|didn|"
    r"wouldn|couldn|shouldn)['’]t|subsequently|quickly|flatly|"
    r"openly|privately|falsely|wrongly|correctly|not|never|already|often|always|"
    r"last\s+week|on\s+\w+day|\w+day|in\s+fact|in\s+the\s+past|in\s+turn|still|finally|"
    r"just|even|actually|ultimately|all|both|seldom|sometimes|often|rarely|"
    r"(?-i:[a-z]+ly))\s*$",
    re.IGNORECASE,
)

#: Adverbials that may sit between a cue and its content or at the sentence end:
#: "said on Monday", "said in a statement", "told reporters in Geneva".
_AFTER_CUE_RE = re.compile(
    r"\s*(?:,\s*)?(?:"
    r"(?:on|late|early|last|this|next)\s+(?:\w+day|week|month|year|night|morning|"
    r"evening|afternoon|(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?))"
    r"|\w+day(?:\s+(?:night|morning|evening|afternoon))?"
    r"|today|yesterday|tonight|earlier|later|previously|again|also|too|recently"
    r"|at\s+the\s+time|at\s+that\s+time|in\s+response|in\s+reply|by\s+(?:tele)?phone"
    r"|in\s+(?:a|an|its|his|her|their|the)\s+(?:[\w,.’'-]+\s+){0,4}?(?:statement|interview|report|"
    r"tweet|post|briefing|release|speech|letter|email|e-mail|message|bulletin|update|"
    r"address|conference|call|video|op-ed|column|filing|appearance|remarks)"
    r"(?:\s+(?:on|to|with|from|at)\s+[\w.’']+(?:\s+[A-Z][\w.’']*)*)?"
    r"|at\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:conference|briefing|rally|meeting|hearing|"
    r"event|summit|session)"
    r"|on\s+(?:Twitter|X|Facebook|Telegram|television|TV|radio|state\s+television|"
    r"its\s+website|their\s+website)"
    r"|in\s+[A-Z][\w’']+(?:\s+[A-Z][\w’']+)?"
    # Whom it was said to: "said the minister to reporters", "told supporters".
    r"|to\s+(?:the\s+)?(?:reporters|journalists|supporters|lawmakers|crowds?|listeners|"
    r"viewers|students|voters|delegates|the\s+press|the\s+crowd|the\s+audience)"
    r")(?=[\s,.;:!?\"“”]|$)",
)

_TELL_RE = re.compile(r"tell|tells|told|telling|informed", re.IGNORECASE)
#: The object of "told": "told reporters", "told The Associated Press", "told the BBC".
_TOLD_OBJ_RE = re.compile(
    r"\s*(?:(?:the|a|an|his|her|their|its)\s+)?(?:[A-Z][\w.’'&-]*(?:\s+|$))*"
    r"(?:[a-z][\w’'-]*(?=\s+(?:that|on|in|at)\b|[,.:;])|[A-Z][\w.’'&-]*)?"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?(?:that\b|:|,)?\s*")
_QUOTE_OPEN = "“‘"
_QUOTE_CLOSE = "”’"
_SENT_END_PUNCT = frozenset(".!?;:,\"“”'‘’)( \t\n-—–")

#: Words that end a subject noun phrase when read leftwards from a cue.
_NP_BREAK = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "whereas",
        "but",
        "and",
        "or",
        "because",
        "as",
        "when",
        "if",
        "although",
        "though",
        "after",
        "before",
        "since",
        "so",
        "where",
        "than",
        "then",
        "yet",
        "nor",
        "whether",
        "until",
        "unless",
        "once",
        "also",
        "however",
        "meanwhile",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "did",
        "does",
        "do",
        "not",
        "to",
        "by",
        "with",
        "about",
        "against",
        "instead",
        "even",
        "only",
        "just",
        "still",
        "there",
        "here",
    ]
)
#: Words allowed inside a noun phrase even though they are lower case function words.
_NP_INNER = frozenset(
    [
        "of",
        "for",
        "at",
        "in",
        "on",
        "from",
        "the",
        "a",
        "an",
        "'s",
        "’s",
        "de",
        "la",
        "von",
        "van",
        "al",
    ]
)

_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "his",
        "its",
        "their",
        "one",
        "who",
        "which",
        "this",
        "that",
    ]
)
_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "his"])
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "these",
        "those",
        "this",
        "that",
        "some",
        "many",
        "several",
    ]
)
_TITLES_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Maj|Capt|Prof|President|Prime\s+Minister|"
    r"Minister|Senator|Governor|Secretary|Chancellor|Mayor|Judge|Ambassador|General|"
    r"Spokesman|Spokeswoman|spokesman|spokeswoman|spokesperson|Chief|Director|Commissioner)"
    r"\.?\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
)
_ROLE_RE = re.compile(
    r"\b((?:[Tt]he|[Aa])\s+(?:[\w-]+\s+)?(?:governor|mayor|minister|president|premier|"
    r"senator|chancellor|spokes(?:man|woman|person)|commander|colonel|general|judge|chief|"
    r"director|chairman|chairwoman|chair|secretary|ambassador|envoy|officer|official|"
    r"prosecutor|candidate|head|leader|nurse|doctor|witness|resident))\b"
)
_ORG_NAME_RE = re.compile(
    r"((?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){0,4}(?:Ministry|Department|Office|Agency|Committee|"
    r"Council|Commission|Army|Police|Service|Bureau|Institute|Observatory|Organi[sz]ation|"
    r"Watch|Bank|Fund|Court|Government|Authority|Mission|Group)"
    r"(?:\s+(?:of|for)(?:\s+(?:the\s+)?[A-Z][\w'’-]*)+)?)"
)
_NAME_RE = re.compile(r"(?<![\w.])([A-Z][a-z][\w’'-]*(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z][\w’'-]+)+)")

#: Head words that make a mention an organisation rather than a person.
_ORG_WORDS = frozenset(
    [
        "ministry",
        "ministries",
        "department",
        "office",
        "agency",
        "committee",
        "council",
        "commission",
        "group",
        "institute",
        "watch",
        "news",
        "post",
        "times",
        "press",
        "service",
        "services",
        "government",
        "administration",
        "authority",
        "authorities",
        "officials",
        "police",
        "army",
        "military",
        "forces",
        "force",
        "navy",
        "ministry's",
        "bank",
        "fund",
        "organization",
        "organisation",
        "observatory",
        "center",
        "centre",
        "union",
        "board",
        "bureau",
        "company",
        "corporation",
        "association",
        "party",
        "campaign",
        "court",
        "network",
        "channel",
        "television",
        "radio",
        "poll",
        "survey",
        "study",
        "report",
        "data",
        "figures",
        "statistics",
        "census",
        "reuters",
        "afp",
        "ap",
        "tass",
        "xinhua",
        "bbc",
        "cnn",
        "un",
        "nato",
        "osce",
        "icrc",
        "who",
        "unicef",
        "unhcr",
        "mod",
        "mfa",
        "parliament",
        "assembly",
        "congress",
        "senate",
        "house",
        "kremlin",
        "journal",
        "tribune",
        "guardian",
        "telegraph",
        "times",
        "review",
        "foundation",
        "federation",
        "coalition",
        "alliance",
        "monitor",
        "monitors",
        "mission",
        "team",
    ]
)

#: Generic organisation kinds: a mention of one of these without a nationality takes
#: the party of the latest earlier mention of the same kind.
_KIND_RE: list[tuple[str, re.Pattern[str]]] = [
    (
        "ministry",
        re.compile(r"\b(?:ministry|ministries|MoD|MFA|MOD|department|defen[cs]e\s+office)\b", re.I),
    ),
    (
        "military",
        re.compile(
            r"\b(?:army|military|armed\s+forces|troops|defen[cs]e\s+forces|"
            r"general\s+staff|command)\b",
            re.I,
        ),
    ),
    ("police", re.compile(r"\b(?:police|interior)\b", re.I)),
    (
        "government",
        re.compile(
            r"\b(?:authorities|officials|government|administration|spokes(?:man|woman|"
            r"person)|presidency|president|prime\s+minister|cabinet|leadership|"
            r"sources|official)\b",
            re.I,
        ),
    ),
]

#: Which ministry a ministry mention is: "the MoD" and "the Defence Ministry" are the
#: defence ministry a text named before, not the foreign ministry it named since. A
#: mention with a portfolio only resolves through an earlier mention with the same one.
_PORTFOLIO_RE: list[tuple[str, re.Pattern[str]]] = [
    (
        "defence",
        re.compile(
            r"\b(?:defen[cs]e|MoD|MOD|military\s+ministry|war\s+(?:ministry|department)|"
            r"Pentagon)\b",
            re.I,
        ),
    ),
    (
        "foreign",
        re.compile(r"\b(?:foreign|MFA|external\s+affairs|state\s+department)\b", re.I),
    ),
    ("interior", re.compile(r"\b(?:interior|internal\s+affairs|home\s+office)\b", re.I)),
    ("health", re.compile(r"\bhealth\b", re.I)),
    ("emergency", re.compile(r"\bemergenc(?:y|ies)\b", re.I)),
    ("finance", re.compile(r"\b(?:finance|treasury|economy)\b", re.I)),
    ("justice", re.compile(r"\b(?:justice|prosecutor)\b", re.I)),
    ("education", re.compile(r"\beducation\b", re.I)),
]

#: Words that may continue an organisation's name after a party alias ("Armenian
#: Ministry of Defence", "Azerbaijani military officials") when reading its kinds.
_KIND_WINDOW_WORDS = frozenset(
    [
        "ministry",
        "ministries",
        "of",
        "the",
        "for",
        "and",
        "affairs",
        "foreign",
        "defence",
        "defense",
        "interior",
        "internal",
        "health",
        "emergency",
        "emergencies",
        "situations",
        "finance",
        "justice",
        "education",
        "military",
        "army",
        "armed",
        "forces",
        "force",
        "troops",
        "police",
        "government",
        "officials",
        "official",
        "authorities",
        "administration",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "general",
        "staff",
        "command",
        "president",
        "presidency",
        "prime",
        "minister",
        "cabinet",
        "leadership",
        "sources",
        "source",
        "defense's",
        "ministry's",
        "office",
        "department",
        "state",
        "national",
        "republic",
        "top",
        "senior",
        "border",
        "guard",
        "service",
    ]
)


def _kinds_of(text: str) -> frozenset[str]:
    """Organisation kinds a mention names, with ``ministry:PORTFOLIO`` for ministries."""
    kinds = {k for k, p in _KIND_RE if p.search(text)}
    portfolios = {f"ministry:{k}" for k, p in _PORTFOLIO_RE if p.search(text)}
    if portfolios and ("ministry" in kinds or re.search(r"\bPentagon\b", text)):
        kinds |= portfolios
        kinds.add("ministry")
    return frozenset(kinds)


_BOTH_SIDES = re.compile(
    r"\b(?:both|each|all|either|the two)\s+(?:sides|side|countries|parties|governments|camps)\b",
    re.IGNORECASE,
)
_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w'’.-]*)\s+$")
_WORD_AFTER_NAME = re.compile(r"\s+([A-Z][A-Za-z]*)\b")
#: Capitalised words that open a sentence or a heading before a country name.
_OPENING_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "by",
        "from",
        "with",
        "and",
        "but",
        "or",
        "as",
        "to",
        "after",
        "before",
        "when",
        "while",
        "since",
        "if",
        "both",
        "former",
        "then",
    ]
)


def _inside_name(text: str, start: int) -> bool:
    """True when a country name at ``start`` continues a capitalised name ("Michael
    Jordan", "Chad" in "Coach Chad"), not when it follows a function word ("The")."""
    match = _CAPITALISED_BEFORE.search(text, max(0, start - 40), start)
    return bool(match) and match.group(1).lower() not in _OPENING_WORDS


def _names_a_title(text: str, end: int) -> bool:
    """True when a country or capital name at ``end`` opens a newspaper's title
    ("Washington Post", "USA TODAY", "China Daily"): the paper speaks, not the state."""
    match = _WORD_AFTER_NAME.match(text, end)
    return bool(match) and match.group(1) in media_titles()


#: Capitalised words of a speaker mention that name a rank or a body, not whose it is.
_RANK_WORDS = frozenset(
    [
        "president",
        "prime",
        "minister",
        "ministers",
        "secretary",
        "general",
        "chief",
        "deputy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "de",
        "facto",
        "regional",
        "local",
        "state",
        "federal",
        "national",
        "senior",
        "top",
        "government",
        "officials",
        "authorities",
        "office",
        "department",
        "agency",
        "service",
        "council",
        "committee",
        "police",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


def _names_its_own_body(mention: str) -> bool:
    """True when a mention of a generic body carries a name of its own ("Nagorno-Karabakh
    authorities", "Hamas officials"): a capitalised word that is no opening word, no
    rank, no portfolio and no organisation word ("the Defence Ministry" carries none)."""
    words = [w.strip(".,;:()'’\"") for w in mention.split()]
    if words and words[0].lower() in _OPENING_WORDS:
        words = words[1:]  # "The", "A": capitalised only to open the sentence
    return any(
        w[:1].isupper()
        and w.lower() not in _KIND_WINDOW_WORDS
        and w.lower() not in _RANK_WORDS
        and w.lower().removesuffix("'s").removesuffix("’s") not in _RANK_WORDS
        and not _kinds_of(w)  # "the MoD": the word is the body's own kind
        for w in words
        if w
    )


def _kind_matches(want: str | None, have: str | frozenset[str] | None) -> bool:
    """A generic "the ministry" matches any ministry; "the MoD" only a defence ministry."""
    if want is None or have is None:
        return False
    if isinstance(have, str):
        return have == want or have.startswith(want + ":")
    return want in have


#: Nouns that front a speaker without being one: "figures from X", "data by X".
_SOURCE_FRONT_RE = re.compile(
    r"^(?:(?:the|a|an|new|latest|official|preliminary)\s+)*(?:figures|data|statistics|"
    r"numbers|estimates|counts|tallies|tally|records|report|reports|statement|statements|"
    r"a\s+statement|count|estimate|information|findings|analysis|calculations|research|"
    r"interviews|documents|filings|a\s+tally|an\s+analysis|a\s+count)\s+(?:from|by|of|with|"
    r"released\s+by|published\s+by|compiled\s+by|issued\s+by)\s+(.+)$",
    re.IGNORECASE,
)
_POSSESSIVE_FRONT_RE = re.compile(
    r"^(.+?)[’']s?\s+(?:own\s+)?(?:latest\s+|new\s+|official\s+|preliminary\s+)*(?:figures|data|"
    r"statistics|numbers|estimates|count|tally|records|report|statement|estimate)$",
    re.IGNORECASE,
)

_TOKEN_RE = re.compile(r"\S+")
_COORDINATION_RE = re.compile(
    r"(?:[’']s)?\s*(?:,\s*|\s+(?:\w+\s+)?(?:and|or|&)\s+|,\s*(?:and|or)\s+|/|-)"
    r"(?:(?:the|both)\s+)?",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[\w’'-]+")
_OF_BEFORE_RE = re.compile(
    r"(?:[A-Z][\w’'-]*\s+)*(?:Ministry|Department|Office|Forces|Army|Police|Service)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+)*?)?(?:of|for)\s+(?:the\s+)?$"
)
#: Head nouns of documents and records: "official reports", "the MoD reports",
#: "Ministry of Defense footage" name what was published, not who published it.
_DOCUMENT_HEADS = frozenset(
    [
        "reports",
        "report",
        "figures",
        "data",
        "statistics",
        "numbers",
        "estimates",
        "estimate",
        "footage",
        "video",
        "videos",
        "images",
        "photos",
        "photographs",
        "records",
        "statement",
        "statements",
        "count",
        "counts",
        "tally",
        "tallies",
        "bulletin",
        "bulletins",
        "briefing",
        "update",
        "updates",
        "release",
        "communique",
    ]
)


def _head_word(mention: str) -> str:
    words = re.findall(r"[\w’'-]+", mention)
    return words[-1].lower() if words else ""


def _strip_document_head(mention: str) -> str | None:
    """The publisher before a document noun ("the MoD" of "the MoD reports"), if named.

    Only a capitalised publisher counts: "official reports" and "new data" name nobody.
    """
    m = re.match(
        r"^(.*?)(?:[’']s?)?\s+(?:own\s+|latest\s+|new\s+|official\s+|daily\s+|video\s+)*"
        r"[\w’'-]+$",
        mention.strip(),
    )
    if not m:
        return None
    inner = m.group(1).strip()
    words = inner.split()
    # A capital on the first word may only mark the sentence start ("Official reports").
    named = any(w[:1].isupper() for w in words[1:]) or any(
        c.isupper() for w in words[:1] for c in w[1:]
    )
    return inner if named else None


_NOT_SPEECH_AFTER_RE = re.compile(
    r"\s+(?:by|up|off|for|with|against)\b|\s+the\s+(?:title|lives?|seat|crown|victory|prize)\b"
    # acts, not statements: "declared war", "declared a state of emergency"
    r"|\s+(?:war|independence|martial\s+law|(?:a\s+)?state\s+of\s+emergency|bankruptcy)\b"
    # "a new influx of refugees finds its way to the city": arrives, not a finding
    r"|\s+(?:its|their|his|her|our|my|your)\s+way\b",
    re.IGNORECASE,
)
#: Kinds of broadcast before "show": "a Sunday talk show", "the morning shows".
_SHOW_KIND_RE = re.compile(
    r"(?<![\w-])(?:talk|morning|evening|game|news|radio|reality|cooking|quiz|chat|TV|"
    r"television|late-night|award|awards|trade|road|cable|variety|comedy)\s+$",
    re.IGNORECASE,
)


#: Kinds of record before "records", "documents", "reports", "estimates": "court
#: documents", "medical records", "police reports" are nouns, not someone reporting.
_RECORD_KINDS = frozenset(
    [
        "court",
        "military",
        "source",
        "internal",
        "classified",
        "legal",
        "financial",
        "medical",
        "police",
        "tax",
        "property",
        "voting",
        "leaked",
        "diplomatic",
        "public",
        "budget",
        "census",
        "earnings",
        "ratification",
        "disclosure",
    ]
)


def _broadcast_show(body: str, s: int, cue_start: int, word: str) -> bool:
    """True for "show" naming a broadcast: "a Sunday talk show", "the morning shows"."""
    return word.startswith("show") and (
        _SHOW_KIND_RE.search(body, max(s, cue_start - 20), cue_start) is not None
    )


#: Words that qualify a quantity written after them: "about 3,000", "more than 4 in 10".
_QUANTITY_LEAD = (
    r"(?:about|around|roughly|nearly|almost|some|only|just|fully|more\s+than|fewer\s+than|"
    r"less\s+than|over|under|at\s+least|up\s+to|an\s+estimated|perhaps|several)"
)
#: "added 292,000 jobs", "added around 5 points", "adds another seat": an increase.
_ADDED_A_QUANTITY_RE = re.compile(
    r"\s+(?:(?:" + _QUANTITY_LEAD + r"|another|an\s+extra|an\s+additional)\s+)?(?:\$|€|£)?"
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|"
    r"ten|a\s+(?:million|billion|thousand|hundred)|another)\b)",
    re.IGNORECASE,
)
#: A finite verb a few words on: "added 200 more police would be sent" reports a clause.
_CLAUSE_VERB_AHEAD_RE = re.compile(
    r"(?:\s+[\w$%.’'-]+){1,7}?\s+(?:would|will|were|was|had|have|has|are|is|could|should|"
    r"may|might|must)\b",
    re.IGNORECASE,
)
#: "wrote a letter to ...": a writing verb naming what was written, not what it says.
_WROTE_A_THING_RE = re.compile(
    r"\s+(?:a|an|the|his|her|their|its)\s+(?:letter|book|memo|column|op-ed|post|note)\b"
    r"(?!\s+(?:saying|stating|that)\b)",
    re.IGNORECASE,
)
#: "claimed civilian lives", "claimed 30 lives", "claims the life of": a death toll,
#: not a claim.
_CLAIMED_LIVES_RE = re.compile(
    r"\s+(?:the\s+)?(?:[\w,.-]+\s+){0,3}?(?:lives|life|victims)\b"
    # "claiming 41 percent of the vote", "claimed victory", "claimed the seat": won.
    r"|\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|just\s+|only\s+)?[\d.,]+\s*"
    r"(?:%|percent|per\s+cent)?\s+(?:of\s+the\s+)?(?:vote|votes|seats|delegates|ballots)\b"
    r"|\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:victory|win|title|seat|crown|prize|nomination|"
    r"mantle|majority|plurality|throne)\b",
    re.IGNORECASE,
)
#: Words before a past participle that make it an adjective, not a cue: "an estimated
#: 30,000", "the reported destruction", "less detailed", "for alleged crimes".
_ADJECTIVAL_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "less",
        "more",
        "most",
        "very",
        "so",
        "too",
        "highly",
        "well",
        "poorly",
        "fully",
        "little",
        "least",
        "of",
        "for",
        "with",
        "in",
        "on",
        "from",
        "to",
        "against",
        "about",
        "over",
        "under",
        "into",
        "amid",
        "after",
        "before",
        "without",
        "than",
    ]
)
#: Participles that only make a cue after an auxiliary: "has written", "has shown".
_NEEDS_AUX = frozenset(["written", "shown"])
_HAVE_BEFORE_RE = re.compile(
    r"(?:has|have|had|having|[’']ve|[’']s)\s+(?:\w+ly\s+|also\s+|not\s+|never\s+)?$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
_NUMBER_SUBJECT_RE = re.compile(
    r"(?:\d|%|percent|per\s+cent)(?:\s+of(?:\s+(?:the|all|those))?)?\s*$"
)
_ABBREV_TOKEN_RE = re.compile(
    r"(?:^|\.)[A-Z]\.$|^(?:Inc|Corp|Co|Ltd|Jr|Sr|Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|Maj|Capt|"
    r"Prof|Sgt|Adm|St|Rev|Hon|Pres|Dept)\.$"
)
_NUMBER_TOKEN_RE = re.compile(r"^[\d$€£.,%()-]+$")
_WS_CLAUSE_SPLIT_RE = re.compile(
    r"(?:,|;|—|–|\s)\s*(?:while|whereas|but|and|although|though|as)?\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class AttributionRelation:
    """One attribution: ``speaker`` asserts ``content_span`` through ``cue``."""

    content_span: tuple[int, int]
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str
    cue_span: tuple[int, int]
    party: str | None


class Relations(list):
    """A document's relations, as :meth:`Attributor.attribute` returns them, with an index
    of their content spans so that :func:`relation_at` costs a bisection, not a scan.

    The index is built on the first look-up and dropped by any change to the list.
    """

    __slots__ = ("_bounds", "_innermost")

    def __init__(self, relations: Iterable[AttributionRelation] = ()) -> None:
        super().__init__(relations)
        self._bounds: list[int] | None = None
        self._innermost: list[int] = []

    def innermost(self, offset: int) -> AttributionRelation | None:
        """What :func:`relation_at` gives for ``offset``."""
        if getattr(self, "_bounds", None) is None:  # never built, or dropped by a change
            self._index()
        bounds = self._bounds
        assert bounds is not None
        k = bisect.bisect_right(bounds, offset) - 1
        if k < 0 or k >= len(self._innermost) or self._innermost[k] < 0:
            return None
        return self[self._innermost[k]]

    def _index(self) -> None:
        """For each stretch between consecutive span ends, the innermost relation over it.

        A sweep over the stretches in order keeps the relations open there in a heap by
        (length, position in the list): the top is the shortest, the first listed on a
        tie, as the scan in :func:`relation_at` picks it.
        """
        spans = sorted(
            (rel.content_span[0], rel.content_span[1], k)
            for k, rel in enumerate(self)
            if rel.content_span[0] < rel.content_span[1]
        )
        bounds = sorted({a for a, _b, _k in spans} | {b for _a, b, _k in spans})
        innermost: list[int] = []
        open_spans: list[tuple[int, int, int]] = []  # (length, position, end)
        nxt = 0
        for at in bounds[:-1]:
            while nxt < len(spans) and spans[nxt][0] <= at:
                a, b, k = spans[nxt]
                heapq.heappush(open_spans, (b - a, k, b))
                nxt += 1
            while open_spans and open_spans[0][2] <= at:
                heapq.heappop(open_spans)
            innermost.append(open_spans[0][1] if open_spans else -1)
        self._bounds, self._innermost = bounds, innermost


def _drops_index(name: str) -> Callable[..., object]:
    change = getattr(list, name)

    def changed(self: Relations, *args: object, **kwargs: object) -> object:
        self._bounds = None
        return change(self, *args, **kwargs)

    changed.__name__ = name
    return changed


for _name in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
):
    setattr(Relations, _name, _drops_index(_name))


def relation_at(relations: list[AttributionRelation], offset: int) -> AttributionRelation | None:
    """The innermost relation whose content_span contains offset (None = own voice).

    Innermost because attributions nest ("the ministry said rebels claimed 50 dead"):
    the figure belongs to whoever is closest to it, the rebels. Of equally short ones,
    the first in the list.
    """
    if isinstance(relations, Relations):
        return relations.innermost(offset)
    best: AttributionRelation | None = None
    for rel in relations:
        start, end = rel.content_span
        if start <= offset < end and (
            best is None or end - start < best.content_span[1] - best.content_span[0]
        ):
            best = rel
    return best


#: ", who ...", ", which ...", ", whose ..." after a noun: a non-restrictive relative
#: clause, which tells the reader who or what the noun is.
_BACKGROUND_CLAUSE_RE = re.compile(r"(?<=[\w.)])\s*,\s+(?:who|which|whose)\b")


#: The size of the audience a speaker addressed, right before a figure: "told a crowd of
#: about 3,000", "said at a rally attended by 4,000", "in a speech to 2,000 steelworkers".
_AUDIENCE_SIZE_RE = re.compile(
    r"(?:\b(?:crowd|audience|gathering|rally|meeting|room|assembly|congregation|throng)s?"
    r"\s+(?:of|attended\s+by|with)|\battended\s+by|\b(?:speech|address|remarks|talk)\s+"
    r"(?:to|before))\s+(?:" + _QUANTITY_LEAD + r"\s+)?$",
    re.IGNORECASE,
)


#: Only a qualifier between "told" and its audience's size: "told about 3,000".
_AUDIENCE_QUALIFIER_RE = re.compile(r"\s*(?:" + _QUANTITY_LEAD + r"\s+)?")
#: What may stand between a cue and the audience it names: "to a", "at a campaign",
#: "in his speech" (a preposition), or for "told" its object's determiner.
_AUDIENCE_LEAD_RE = re.compile(
    r"\s*(?:(?:on\s+\w+day|later|earlier)\s+)?((?:to|at|in|before|during)\s+)?"
    r"(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w-]+\s+){0,3}?",
    re.IGNORECASE,
)


def is_writers_aside(body: str, relation: AttributionRelation, offset: int) -> bool:
    """True when the figure at ``offset`` inside ``relation``'s content is the writer's.

    Some words inside someone's content are the reporter's, not the speaker's:

    * a person's age after their name: "Weiner, 51, who ...";

    * the audience addressed: "told a crowd of about 3,000 that ...", "said at a rally
      attended by 4,000", "tells 3,000 in Reno" (but "said a crowd of 3,000 gathered"
      reports the crowd);
    * a non-restrictive relative clause in reported, unquoted words: "Officials said
      Garza, who has led the county for 12 years, would not run" describes Garza for
      the reader. Inside quotation marks every word is the speaker's, and in a poll's
      or study's content ("shows Ortiz, who has 44 percent") the clause is its finding.
    """
    start, end = relation.content_span
    if not start <= offset < end:
        return False
    if _age_after_name(body, start, offset):
        return True
    if offset < relation.cue_span[1]:
        return False
    return _audience_figure(body, relation, offset) or _in_relative_aside(body, relation, offset)


#: A person's age set off after their name: "Weiner, 51, who ...", "Mona Lamberson,
#: 59, of Philadelphia": the writer introducing someone, not what anyone said.
_AGE_AFTER_NAME_RE = re.compile(r"\b([A-Z][a-z]+),\s+$")
_AGE_RE = re.compile(r"\d{1,3},(?!\d)")


def _age_after_name(body: str, start: int, offset: int) -> bool:
    """True for "Weiner, 51," but not "May, 12," or "Monday, 40,": a name, then an age."""
    if _AGE_RE.match(body, offset) is None:
        return False
    name = _AGE_AFTER_NAME_RE.search(body, max(start, offset - 40), offset)
    return name is not None and (
        name.group(1).lower() not in MONTH_NUMBERS and name.group(1).lower() not in WEEKDAY_NUMBERS
    )


def _audience_figure(body: str, relation: AttributionRelation, offset: int) -> bool:
    """True when the figure counts the audience the speaker addressed."""
    cue = relation.cue.lower()
    told = _TELL_RE.fullmatch(cue) is not None
    if told and _AUDIENCE_QUALIFIER_RE.fullmatch(body, relation.cue_span[1], offset):
        return True  # "tells 3,000 in Reno ...": whom he told
    size = _AUDIENCE_SIZE_RE.search(body, relation.cue_span[1], offset)
    if size is None or offset - relation.cue_span[1] >= 120:
        return False
    gap = _AUDIENCE_LEAD_RE.fullmatch(body, relation.cue_span[1], size.start())
    return gap is not None and bool(gap.group(1) or told or cue == "addressed")


def _in_relative_aside(body: str, relation: AttributionRelation, offset: int) -> bool:
    """True when the figure is in ", who/which ..." inside reported, unquoted words."""
    if relation.cue.lower() in _SECONDARY:
        return False  # what a poll shows about "Smith, who has 44 percent" is its finding
    start = relation.content_span[0]
    before = body[start:offset]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return False
    clause = None
    for match in _BACKGROUND_CLAUSE_RE.finditer(body, start, offset):
        clause = match
    if clause is None:
        return False
    return re.search(r"[,;)—–]|\s-\s", body[clause.end() : offset]) is None


#: A share of people standing as a subject: "70 percent", "Nearly eight in 10",
#: "three-quarters", "31%", "half".
_SHARE = (
    r"(?:" + _QUANTITY_LEAD + r"\s+)?"
    r"(?:\d[\d.]*\s*(?:%|percent|per\s+cent)|[A-Za-z]+(?:-[a-z]+)?\s+(?:percent|per\s+cent)"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|\d)\s+(?:in|out\s+of)\s+(?:\d+|ten)"
    r"|(?:one|two|a)[- ](?:third|quarter|fifth)s?|three-quarters|two-thirds|half)"
)
#: A share ending right where a noun or a cue follows: "70 percent of (the) | voters".
_RESPONDENT_SHARE_RE = re.compile(
    _SHARE + r"(?:\s+of(?:\s+(?:the|all|those))?)?\s*$", re.IGNORECASE
)
#: A subject that opens with a share: "Seventy-four percent of registered voters".
_SHARE_START_RE = re.compile(_SHARE + r"(?![\w%-])", re.IGNORECASE)
#: Where what a respondent group said ends: the next group or a contrast.
_RESPONDENT_CLAUSE_END_RE = re.compile(
    r"\s*(?:[,;—–]|\s-\s|\s(?:while|whereas|but|compared\s+(?:to|with))\s|"
    r"\sand\s+(?=(?:about|nearly|more|"
    r"almost|\d|[A-Za-z]+(?:-[a-z]+)?\s+(?:percent|in\s)|one\s+in)))"
)


def _respondent_group(body: str, s: int, np: tuple[int, int]) -> tuple[int, int] | None:
    """The whole subject when ``np`` is (the end of) a share of people, else None.

    "Seventy-four percent of registered voters say ...", "31% of Republicans said ...":
    respondents of a survey, who speak for themselves, with their share in the subject.
    A bare number ("Two officials said") is a count of speakers, not a share.
    """
    if re.match(r"(?:percent|per\s+cent|%)\b", body[np[0] : np[1]]):
        # "72 percent of Democrats": the noun phrase was read from after the digits.
        digits = re.search(
            r"(?:" + _QUANTITY_LEAD + r"\s+)?\d[\d.,]*\s*$",
            body[max(s, np[0] - 40) : np[0]],
        )
        if digits is not None:
            return (max(s, np[0] - 40) + digits.start(), np[1])
    own = _SHARE_START_RE.match(body, np[0], np[1])
    if own is not None and re.search(
        r"%|percent|per\s+cent|\s(?:in|out\s+of)\s|third|quarter|half|fifth",
        own.group(0),
        re.IGNORECASE,
    ):
        return np
    lead = _RESPONDENT_SHARE_RE.search(body, max(s, np[0] - 40), np[0])
    if lead is not None and lead.group(0).strip():
        start = lead.start() + len(lead.group(0)) - len(lead.group(0).lstrip())
        return (start, np[1])
    return None


def _is_pronoun(text: str) -> bool:
    return text.lower() in _PRONOUNS


def _looks_like_person(text: str) -> bool:
    """A name of a person rather than an organisation: capitalised, no organisation head."""
    words = re.findall(r"[\w’'.-]+", text)
    if not words or not any(w[:1].isupper() for w in words):
        return False
    return not any(w.lower().strip(".’'") in _ORG_WORDS for w in words)


@dataclass(slots=True)
class _Mention:
    """A party mention found anywhere in the body, for resolving generic speakers."""

    offset: int
    party: str
    kinds: frozenset[str]


class _MentionIndex:
    """A document's party mentions (in text order) by organisation kind.

    A generic speaker ("the ministry") finds the latest earlier mention of its kind by
    bisection instead of a walk back over every mention of the document.
    """

    __slots__ = ("_by_kind", "mentions")

    def __init__(self, mentions: list[_Mention]) -> None:
        self.mentions = mentions
        self._by_kind: dict[str, tuple[list[int], list[str]]] = {}

    def last_before(self, kind: str, offset: int) -> str | None:
        """The party of the last mention of ``kind`` before ``offset``, if any."""
        found = self._by_kind.get(kind)
        if found is None:
            matching = [m for m in self.mentions if _kind_matches(kind, m.kinds)]
            found = self._by_kind[kind] = (
                [m.offset for m in matching],
                [m.party for m in matching],
            )
        offsets, parties = found
        k = bisect.bisect_left(offsets, offset)
        return parties[k - 1] if k else None


class Attributor:
    """Finds attribution relations in documents, with parties from a :class:`Config`."""

    def __init__(self, config: Config) -> None:
        self.config = config
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        general: set[str] = set()
        roles: list[tuple[str, str]] = []
        for party in config.parties:
            roles.extend((word, party.id) for word in party.roles)
            for name in [*party.aliases, *party.adjectives]:
                # Short all-caps acronyms ("US", "UN", "MOD") are matched case-sensitively:
                # read case-insensitively "US" would swallow the pronoun "us". So are the
                # shipped country names: "Turkey" is a country, "turkey" a bird.
                if party.general or (len(name) <= 4 and name.replace(".", "").isupper()):
                    if name not in exact and name.casefold() not in folded:
                        exact[name] = party.id
                        if party.general:
                            general.add(name)
                else:
                    folded.setdefault(name.casefold(), party.id)
        self._folded = folded
        self._exact = exact
        self._general = general
        # Role words, longest first: "police spokesman" before "police".
        self._roles = sorted(roles, key=lambda item: -len(item[0]))
        self._role_re = (
            re.compile(
                r"(?<![\w])" + alternation(w for w, _ in self._roles) + r"(?![\w])",
                re.IGNORECASE,
            )
            if roles
            else None
        )
        self._role_of = {word.casefold(): party for word, party in reversed(self._roles)}
        self._general_ids = {p.id for p in config.parties if p.general}
        self._outranking = {p.id for p in config.parties if p.is_independent or p.outranks_country}
        self._side = {party.id: party.side or party.id for party in config.parties}
        parts = []
        if folded:
            parts.append("(?i:" + alternation(folded) + ")")
        if exact:
            parts.append(alternation(exact))
        # The longest name inside each group; a folded and an exact match starting at
        # the same place are disambiguated by length in _party_matches.
        self._party_re: re.Pattern[str] | None = (
            re.compile(r"(?<![\w])(?:" + "|".join(f"({p})" for p in parts) + r")(?![\w])")
            if parts
            else None
        )

    # ---------------------------------------------------------------- parties

    def _party_matches(self, text: str) -> Iterable[tuple[int, int, str]]:
        """(start, end, party id) of every alias or adjective in ``text``, leftmost first."""
        if self._party_re is None:
            return []
        found = []
        for m in self._party_re.finditer(text):
            name = m.group(0)
            party = self._folded.get(name.casefold()) or self._exact.get(name)
            if party and not (
                name in self._general
                and (_inside_name(text, m.start()) or _names_a_title(text, m.end()))
            ):
                found.append((m.start(), m.end(), party))
        return found

    def role_party(self, mention: str) -> str | None:
        """The party of a role the mention names ("police", "the campaign"), else None."""
        if self._role_re is None:
            return None
        match = self._role_re.search(mention)
        if match is None or _BOTH_SIDES.search(mention):
            return None  # "officials on both sides" speak for no one side
        party = self._role_of.get(match.group(0).casefold())
        if party in self._outranking and self._owned_role(mention, match.start()):
            return None  # "Microsoft security researchers" are Microsoft's
        return party

    def _owned_role(self, mention: str, start: int) -> bool:
        """True when a name owns the role: "Microsoft security researchers" are Microsoft's;
        "researchers at iDefense", "the U.S. Geological Survey" and "Syrian Observatory"
        are not owned so (a country's name only says where they work)."""
        words = mention[:start].split()
        if words and words[-1][:1].islower():
            words = words[:-1]  # one modifier: "Microsoft security researchers"
        if not words:
            return False
        last = words[-1].strip(".,'’")
        return (
            last[:1].isupper()
            and last.lower() not in _OPENING_WORDS
            and words[-1] not in self._exact
            and last.casefold() not in self._folded
            and not words[-1].endswith(("'s", "’s"))
        )

    def independent_role(self, mention: str) -> str | None:
        """A role that outranks a country in the mention: an independent measurer ("the
        U.S. Geological Survey") or a speaker of its own ("the US software giant"), where
        "Israeli police" speak for Israel."""
        party = self.role_party(mention)
        if party not in self._outranking:
            return None
        named = self.named_party(mention)
        if named is not None and named not in self._general_ids:
            return None  # a configured alias ("Azerbaijani monitors") is the editor's word
        return party

    def named_party(self, mention: str) -> str | None:
        """The party a mention names outright through an alias or adjective, else None.

        Leftmost match wins, longest at the same place ("Armenian ambassador to Russia"
        is Armenia's; "Ministry of Defense of Armenia" is one alias).
        """
        matches = list(self._party_matches(mention))
        if not matches:
            return None
        for (_a, end, first), (start, _b, second) in itertools.pairwise(matches):
            if self._side.get(first, first) != self._side.get(second, second) and (
                _COORDINATION_RE.fullmatch(mention, end, start)
            ):
                # "Armenia and Azerbaijan", "Russian and Turkish officials": a speaker
                # naming both sides speaks for neither.
                return None
        return matches[0][2]

    @staticmethod
    def generic_kind(mention: str) -> str | None:
        """The organisation kind of a mention without a nationality, e.g. "the MoD".

        Ministries carry their portfolio ("ministry:defence" for "the MoD" or "the
        ministry of defense") so that they resolve through the same ministry, not the
        last ministry of any kind. A document or report noun at the head ("official
        reports") names no organisation: its adjective is no kind.
        """
        head = _head_word(mention)
        if head in _DOCUMENT_HEADS:
            inner = _strip_document_head(mention)
            if inner is None:
                return None
            mention = inner
        kinds = _kinds_of(mention)
        for kind, _pattern in _KIND_RE:
            if kind in kinds:
                if kind == "ministry":
                    specific = sorted(k for k in kinds if k.startswith("ministry:"))
                    if len(specific) == 1:
                        return specific[0]
                return kind
        return None

    def resolve_party(
        self,
        mention: str,
        context_parties: Sequence[str | None] | Sequence[tuple[str | None, str | None]] = (),
        perspective: str | None = None,
    ) -> str | None:
        """The party of a speaker mention such as "Armenian officials" or "the ministry".

        ``context_parties`` are the parties of earlier mentions, oldest first, either as
        plain ids or as ``(kind, party)`` pairs where kind is a :meth:`generic_kind`.
        A mention naming a party (alias or adjective) gets it; a pronoun ("they",
        "their own") gets the latest context party; a generic organisation ("the
        ministry", "officials") gets the latest party of the same kind, else the
        latest party, else ``perspective``; anything else ("analysts") gets None.
        """
        named = self.independent_role(mention) or self.named_party(mention)
        if named:
            return named
        pairs: list[tuple[str | None, str | None]] = [
            item if isinstance(item, tuple) else (None, item) for item in context_parties
        ]
        words = mention.lower().split()
        pronoun = bool(words) and all(w.strip(".,’'s") in _PRONOUNS or w == "own" for w in words)
        kind = self.generic_kind(mention)
        if kind is None and not pronoun:
            return self.role_party(mention)
        if kind is not None and _names_its_own_body(mention):
            # "De facto Nagorno-Karabakh authorities", "Hamas officials": a name no party
            # has says whose authorities they are; they are not the last party's
            return self.role_party(mention)
        if kind is not None:
            for item_kind, party in reversed(pairs):
                if party and _kind_matches(kind, item_kind):
                    return party
        for _item_kind, party in reversed(pairs):
            if party:
                return party
        return perspective or (None if pronoun else self.role_party(mention))

    def _doc_mentions(self, body: str) -> list[_Mention]:
        """Every party alias/adjective in the body with the organisation kinds around it."""
        mentions: list[_Mention] = []
        for start, end, party in self._party_matches(body):
            # The alias and the name words after it ("Azerbaijani Defence Ministry",
            # "Armenian military officials") and before it ("the Ministry of Defence of
            # Armenia"), but not the words of the clause it heads ("Armenia's foreign
            # ministry described it as a military ...").
            lo = start
            before = _OF_BEFORE_RE.search(body, max(0, start - 60), start)
            if before:
                lo = before.start()
            hi = end
            for m in _WORD_RE.finditer(body, end, min(len(body), end + 60)):
                if m.group(0).lower() in ("'s", "’s") and m.start() == hi:
                    hi = m.end()
                    continue
                gap = body[hi : m.start()].strip()
                name_word = m.group(0)[:1].isupper() and not gap
                if (gap or m.group(0).lower() not in _KIND_WINDOW_WORDS) and not name_word:
                    break
                hi = m.end()
            kinds = _kinds_of(body[lo:hi])
            mentions.append(_Mention(start, party, kinds))
        return mentions

    # ---------------------------------------------------------------- main entry

    def attribute(
        self, body: str, sentences: list[tuple[int, int]], perspective: str | None = None
    ) -> list[AttributionRelation]:
        """All attribution relations in a document, in text order.

        `sentences` comes from split_sentences(body). `perspective` is the party id the
        document is written from (may be None).
        """
        # NYT-style '' and `` quotes become straight double quotes of the same length,
        # so offsets stay valid and one set of quote rules serves every house style.
        text = _normalise_quotes(body) if "''" in body or "``" in body else body
        raw: list[_Raw] = []
        for s_start, s_end in sentences:
            if s_start == 0 or "\n" in text[max(0, s_start - 2) : s_start]:
                dateline = _DATELINE_RE.match(text, s_start, s_end)
                if dateline is not None:
                    s_start = dateline.end()  # "LONDON, May 2 (Reuters) — ": the wire's
            raw.extend(self._sentence_relations(text, s_start, s_end))
        raw.sort(key=lambda r: (r.cue[0], r.content[0]))
        _extend_quotes(text, raw, sentences)
        raw.extend(_colon_quote_blocks(text, raw, sentences))
        raw.extend(_quote_continuations(text, raw, sentences))
        raw.extend(_additive_continuations(text, raw, sentences))
        raw.sort(key=lambda r: (r.cue[0], r.content[0]))
        return Relations(self._finish(body, raw, perspective))

    # ---------------------------------------------------------------- per sentence

    def _sentence_relations(self, body: str, s: int, e: int) -> list[_Raw]:
        """Attribution relations whose cue lies in the sentence ``body[s:e]``."""
        found: list[_Raw] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        for m in _PASSIVE_RE.finditer(body, s, e):
            np = _right_np(body, m.end(), e)
            if np is None:
                continue
            cstart, cend = _content_before(body, s, m.start())
            if cend > cstart:
                found.append(_Raw((cstart, cend), np, m.span()))
                taken.append((m.start(), np[1]))
        for rel in _with_participles(body, s, e):
            found.append(rel)
            taken.append((rel.speaker[0], rel.cue[1]) if rel.speaker else rel.cue)
        for rel in _in_view_relations(body, s, e):
            found.append(rel)
            taken.append((rel.speaker[0] if rel.speaker else rel.cue[0], rel.cue[1]))
        for rel in _document_showing(body, s, e):
            if free(*rel.cue):
                found.append(rel)
                taken.append(rel.cue)
        for m in _PREP_CUE_RE.finditer(body, s, e):
            if not free(*m.span()):
                continue
            word = m.group(0).lower()
            if word == "per":
                before = body[s : m.start()].rstrip()
                if (before and not before.endswith((",", "("))) or not re.match(
                    r"\s+(?:the\s+)?[A-Z]", body[m.end() : e]
                ):
                    continue
            np = _right_np(body, m.end(), e)
            if np is None:
                continue
            found.append(self._prep_relation(body, s, e, m, np))
            taken.append((m.start(), np[1]))
        for m in _CUE_RE.finditer(body, s, e):
            if not free(*m.span()):
                continue
            if m.group(0).lower() in _SECONDARY and any(
                r.content[0] <= m.start() < r.content[1] for r in found
            ):
                continue
            rel = self._verb_relation(body, s, e, m, found)
            if rel is not None:
                found.append(rel)
                taken.append(m.span())
                if rel.speaker is not None:
                    taken.append(rel.speaker)
        for m in _POSSESSIVE_CUE_RE.finditer(body, s, e):
            rel = _possessive_relation(body, s, e, m)
            if rel is not None and free(*rel.cue):
                found.append(rel)
                taken.append(rel.cue)
        for m in _STANCE_RE.finditer(body, s, e):
            if not free(*m.span()):
                continue
            enclosing = any(r.content[0] <= m.start() < r.content[1] for r in found)
            rel = self._stance_relation(body, s, e, m, found)
            if (
                rel is not None
                and enclosing
                and (
                    rel.speaker is None
                    or rel.speaker[0] < m.start() - 200
                    or rel.speaker[1] > m.start()
                    or not _CLAUSE_START_RE.search(
                        body, max(s, rel.speaker[0] - 12), rel.speaker[0]
                    )
                )
            ):
                # Inside someone's content the outer speaker keeps the figure, unless a
                # new clause starts: "Forbes puts it at X, while Bloomberg estimates Y".
                continue
            if rel is not None:
                found.append(rel)
                taken.append(m.span())
                if rel.speaker is not None:
                    taken.append(rel.speaker)
        respondents_only = bool(found) and all(
            r.speaker is not None and _SHARE_START_RE.match(body, *r.speaker) is not None
            for r in found
        )
        if (
            not found
            or respondents_only
            or (found[0].cue[0] > s and _COLON_QUOTE_RE.match(body, s, found[0].cue[0]))
        ):
            # A colon speaker before a quote outranks cues inside the quote.
            colon = _colon_or_poll(body, s, e)
            if colon:
                found.insert(0, colon[0])
        if not found:
            for m in _HEDGE_RE.finditer(body, s, e):
                found.append(_Raw((s, e), None, m.span()))
                break
        _split_coordinated(body, found)
        for idx, r in enumerate(found):
            close = _closing_quote_after_cue(body, r)
            if close is not None:
                found[idx] = _Raw((r.content[0], close), r.speaker, r.cue)
        return found

    def _prep_relation(
        self, body: str, s: int, e: int, m: re.Match[str], np: tuple[int, int]
    ) -> _Raw:
        """'according to X, CONTENT' / 'CONTENT, according to X' / 'as reported by X'."""
        lead = body[s : m.start()].strip(" \t\"“”‘’'([—–-")
        lead_words = lead.split()
        if not lead or (len(lead_words) <= 2 and lead.lower().rstrip(",") in _LEADS):
            # The cue opens the sentence: content follows the speaker.
            rest = body[np[1] : e]
            comma = re.match(r"\s*[,:]?\s*", rest)
            start = np[1] + (comma.end() if comma else 0)
            return _Raw((start, e), np, m.span())
        aside = _bracketed_aside(body, s, m.start(), np[1], e)
        if aside is not None:
            # "most voters - 63 percent, according to the poll - back it": only the aside.
            return _Raw(aside, np, m.span())
        cstart, cend = _content_before(body, s, m.start())
        relative = next(reversed(list(_BACKGROUND_CLAUSE_RE.finditer(body, cstart, cend))), None)
        if (
            relative is not None
            and "," not in body[relative.end() : cend]
            and _CUE_RE.search(body, cstart, relative.start()) is not None
        ):
            # "Weaver says ... the gap in delegates, which stood at 263, according to the
            # AP": after someone else's words the source vouches for the relative clause
            # it closes, not for what the other speaker said.
            return _Raw((relative.end() - len(relative.group(0).split()[-1]), cend), np, m.span())
        # "..., according to X, CONTENT" mid-sentence: the clause before is the content
        # unless it is only a lead-in; a trailing clause stays with it as well.
        tail = body[np[1] : e].strip(' ,.;:”"’)')
        if tail and body[np[1] : e].lstrip().startswith(",") and not _WRITERS_TAIL_RE.match(tail):
            cend = e
        return _Raw((cstart, cend), np, m.span())

    def _verb_relation(
        self, body: str, s: int, e: int, m: re.Match[str], found: list[_Raw]
    ) -> _Raw | None:
        """A relation around a reporting verb, or None when the word is no cue here."""
        word = m.group(0).lower()
        cue_start, cue_end = m.span()
        # Extend the cue over "in a statement" style adverbials for the content search.
        if word.split()[0] in ("put", "puts"):
            np = _left_np(body, s, _strip_aux(body, s, cue_start))
            if np is None:
                return None
            return _Raw((cue_end, _clause_end(body, cue_end, e)), np, m.span())
        if word.startswith("claim") and _CLAIMED_LIVES_RE.match(body, cue_end, e):
            return None  # "claimed 30 lives", "claiming 41 percent of the vote": took, won
        if word in _PARTICIPLE:
            before = body[s:cue_start].rstrip()
            if not before.endswith(","):
                return None
            # Reuse the speaker of the sentence's main clause.
            speaker = next((r.speaker for r in reversed(found) if r.speaker), None)
            if speaker is None:
                np = _main_clause_subject(body, s, cue_start)
                if np is None:
                    return None
                speaker = np
            after = cue_end
            if _TELL_RE.fullmatch(word):  # "..., telling Breitbart London: “...”"
                obj = _TOLD_OBJ_RE.match(body, after, e)
                if obj and obj.end() > after:
                    after = _skip_adverbials(body, obj.end(), e)
            start = _content_start_after(body, after, e, word)
            if start >= e:
                return None
            return _Raw((start, _content_end(body, start, e)), speaker, m.span())
        if _NOT_SPEECH_AFTER_RE.match(body, cue_end, e) or _broadcast_show(
            body, s, cue_start, word
        ):
            return None  # "responded by sidestepping", "claimed the title", "a talk show"
        if (
            word in ("added", "adds", "adding")
            and _ADDED_A_QUANTITY_RE.match(body, cue_end, e)
            and not _CLAUSE_VERB_AHEAD_RE.match(body, cue_end, e)
        ):
            return None  # "the economy added 292,000 jobs", "adds another number": grew
        if word in ("wrote", "writes", "penned", "posted") and _WROTE_A_THING_RE.match(
            body, cue_end, e
        ):
            return None
        if word == "found" and re.search(r"\b(?:help|helped|helps|to)\s+$", body[s:cue_start]):
            return None  # "helped found the movement": to establish, not to find
        prev_word = body[max(s, cue_start - 20) : cue_start].split()[-1:]
        previous = prev_word[0].lower().strip('“"‘(') if prev_word else ""
        if word.endswith(("ed", "en", "wn", "ound", "old")) and (
            previous in _ADJECTIVAL_BEFORE or previous.endswith(("'s", "’s"))
        ):
            return None  # "an estimated 30,000", "the reported toll", "Trump's declared goal"
        if word.endswith("ed") or word in _IRREGULAR_PAST or word in ("told", "said", "shown"):
            if _PASSIVE_BE_RE.search(body, max(s, cue_start - 30), cue_start):
                return None  # "donor names weren't disclosed": passive, nobody named
            if (
                word in _REDUCED_RELATIVE_CUES
                and _REDUCED_RELATIVE_RE.match(body, cue_end, e)
                and body[s:cue_start].strip()
            ):
                return None  # "The man accused of buying two guns ...": who is accused
        elif (
            not word.endswith(("s", "ing"))
            and " " not in word
            and (
                _noun_after_possessive(body[max(s, cue_start - 60) : cue_start])
                or _AMOUNT_MODIFIER_RE.search(body, max(s, cue_start - 40), cue_start)
            )
        ):
            return None  # "his recent claim that ...", "a $10 million arbitration claim"
        if word == "told" and previous == "all":
            return None  # "All told, ..." sums up; nobody is told anything
        if _WHAT_WAS_SAID_RE.search(body, max(s, cue_start - 40), cue_start):
            return None  # "what he said four years ago", "everything I've said": a thing
        if word in _NEEDS_AUX and not _HAVE_BEFORE_RE.search(
            body, max(s, cue_start - 30), cue_start
        ):
            return None  # "absent written objection", "as shown in the table"
        aux_end = _strip_aux(body, s, cue_start)
        left = body[s:aux_end].rstrip()
        # Inverted: "..., said the ministry." / "...,” said Smith."
        if (
            (left.endswith((",", "”", '"', "’")) or not left)
            and word not in _WEAK
            and word not in _NEVER_INVERTED
            and not _TELL_RE.fullmatch(word)
        ):
            np = _right_np(body, cue_end, e, strict=True)
            if np is not None:
                cstart, cend = _content_before(body, s, cue_start)
                said = body[cstart:cend]
                if cend > cstart and (_has_quote(body, (cstart, cend)) or _VERBISH_RE.search(said)):
                    return _Raw((cstart, cend), np, m.span())
                # "Sen. Ted Cruz (R-Tex.), a candidate, tweeted a warning": no clause
                # before the comma, so it is the subject with its appositive, not content.
        if word in _WEAK:
            prev = left.split()[-1].lower() if left.split() else ""
            if (
                prev in _DETERMINERS
                or prev in _RECORD_KINDS
                or not prev
                or re.match(
                    r"\s+(?:of|from|about|on|for|by|to|in|and|or|were|was|is|are|using|"
                    r"based|compiled|released|published|issued|suggest|indicate|show)\b",
                    body[cue_end:e],
                )
                or _NEXT_CUE_RE.match(body, cue_end, e)
            ):
                return None  # a noun: "the reports", "official reports indicated ..."
        np = None
        if left.endswith((",", " -", "—", "–")):
            np = _appositive_subject(body, s, aux_end)
        else:
            np = _left_np(body, s, aux_end)
        if np is None and _RESPONDENT_SHARE_RE.search(body, max(s, aux_end - 40), aux_end):
            # "... while more than 4 in 10 said ...": a share with no noun after it.
            lead = _RESPONDENT_SHARE_RE.search(body, max(s, aux_end - 40), aux_end)
            start = lead.start() + len(lead.group(0)) - len(lead.group(0).lstrip())
            np = (start, start + len(body[start:aux_end].rstrip()))
        if np is None and re.search(r"\s(?:and|but)$", left):
            # "The governor blasted Congress and said ...": the first verb's subject.
            np = _clause_subject(body, s, s + len(left) - 4)
        if np is None:
            return None
        np = _trim_np(body, np)
        if np is None:
            return None
        if _OBJECT_OF_PREPOSITION_RE.search(body, max(s, np[0] - 10), np[0]):
            return None  # "with all precincts counted": an absolute phrase, no speaker
        respondents = _respondent_group(body, s, np)
        if respondents is not None:
            # "70 percent of voters said they ...": the respondents speak, and what they
            # said ends at the clause that gives the next group ("..., compared with 64
            # percent who ...", "while 9 percent found ...").
            start = _content_start_after(body, _skip_adverbials(body, cue_end, e), e, word)
            if start >= e:
                return None
            cut = _RESPONDENT_CLAUSE_END_RE.search(body, start, e)
            return _Raw(
                (start, cut.start() if cut else _content_end(body, start, e)), respondents, m.span()
            )
        # Content: after the cue unless only adverbials and punctuation follow.
        after = _skip_adverbials(body, cue_end, e)
        if _TELL_RE.fullmatch(word):
            obj = _TOLD_OBJ_RE.match(body, after, e)
            if obj and obj.end() > after:
                after = _skip_adverbials(body, obj.end(), e)
        rest = body[after:e]
        quoted_before = body[s : np[0]].rstrip().endswith(("”", '"'))
        if quoted_before and rest.strip(" \t.,;:!?\"“”'’)—–-"):
            # Only a quote that opens the sentence is the content before its speaker;
            # a quoted title ('on Fox's “Hannity,” Gingrich said ...') is not.
            closing = max(body.rfind("”", s, np[0]), body.rfind('"', s, np[0]))
            opening = max(body.rfind("“", s, closing), body.rfind('"', s, closing))
            quoted_before = opening - s <= 2 or len(body[opening:closing].split()) > 4
        comma_before = body[s : np[0]].rstrip().endswith(",")
        if (
            comma_before
            and rest.lstrip().startswith(",")
            and not re.match(
                r"\s*,\s*(?:adding|saying|noting|citing|according|telling|explaining)\b", rest
            )
        ):
            # Parenthetical: "After two years, the budget office said, deficits will rise."
            quote = re.match(r"\s*,\s*(?=[“\"])", rest)
            if quote is not None:
                # 'On May 5, Smith tweeted, "..."': the lead dates the tweet; the quote
                # is what was said.
                return _Raw((after + quote.end(), e), np, m.span())
            return _Raw((_skip_ws(body, s, e), e), np, m.span())
        block = _colon_block(body, after, e)
        if block is not None:
            return _Raw(block, np, m.span())
        dash_after = comma_before and _ASIDE_CLOSE_RE.match(body, after, e) is not None
        if dash_after:
            # "(as low as 19%, Gutin says)": the speaker closes an aside and vouches
            # for what it encloses.
            aside = _bracketed_aside(body, s, np[0], after, e)
            if aside is not None:
                return _Raw(aside, np, m.span())
        manner = re.match(r"\s*,\s*([a-z]+ing)\b", rest)
        if (
            quoted_before
            or not rest.strip(" \t.,;:!?\"“”'’)—–-")
            # "..., political analysts say; in 2012, ...": the semicolon ends their words
            or rest.lstrip().startswith(";")
            # "..., the budget office reported -- a development that ...": the writer's
            # comment after the dash is not what was reported.
            or (dash_after and not rest.lstrip().startswith(")"))
            # "..., the commission announced on Tuesday after all ballots were counted."
            or (comma_before and _SUBORDINATE_TAIL_RE.match(rest) is not None)
            or re.match(
                r"\s*,\s*(?:adding|saying|noting|"
                r"citing|according)\b",
                rest,
            )
            # 'Mr. Biden said, clutching the lectern with two hands.': how it was said.
            or (manner is not None and manner.group(1) not in _PARTICIPLE)
        ):
            cstart, cend = _content_before(body, s, np[0])
            if cend <= cstart:
                # '"Why attack me?" Trump said.': the quote was split off as a sentence
                # of its own just before the cue.
                prev = _previous_quote(body, s)
                if prev is None:
                    return None
                cstart, cend = prev
            return _Raw((cstart, cend), np, m.span())
        if rest.lstrip().startswith(",") and body[s : np[0]].strip().lower() in ("as",):
            # "As the ministry reported, 50 were killed."
            start = after + rest.index(",") + 1
            return _Raw((_skip_ws(body, start, e), e), np, m.span())
        start = _content_start_after(body, after, e, word)
        if start >= e:
            return None
        # A semicolon ends what the cue governs: "both sides accused each other; by
        # 2016, breaches exceeded 35,000" holds a new, unattributed clause.
        return _Raw((start, _content_end(body, start, e)), np, m.span())

    def _stance_relation(
        self, body: str, s: int, e: int, m: re.Match[str], found: list[_Raw]
    ) -> _Raw | None:
        """'X has proposed CONTENT', 'X believes CONTENT', 'the poll shows CONTENT'.

        The subject must be able to hold a view (:func:`_is_holder`) and the content is
        what follows the cue up to the clause end, so that a stance verb never takes the
        sentence before it.
        """
        word = m.group(0).lower()
        cue_start, cue_end = m.span()
        last = word.split()[0]
        aux_end = _strip_aux(body, s, cue_start)
        be = _BE_TAIL_RE.search(body, max(s, aux_end - 12), aux_end)
        progressive = be is not None
        if (
            progressive
            and not (last.endswith(("ed", "ing")) or last in _IRREGULAR_PAST)
            and not re.match(r"(?:is|are|was|were)\s", word, re.IGNORECASE)
        ):
            return None  # "Clinton's support", "is support": a noun after all
        if progressive:
            aux_end = _strip_aux(body, s, be.start())
        if last.endswith("ing") and " " not in word and not progressive:
            return None  # a gerund or participle: "after promising", ", hoping to"
        if progressive and (last.endswith("ed") or last in _IRREGULAR_PAST):
            return None  # passive: "was proposed", "were found"
        if _NOT_SPEECH_AFTER_RE.match(body, cue_end, e):
            return None
        if _broadcast_show(body, s, cue_start, word):
            return None  # "hosts a Sunday talk show", "the morning shows": a broadcast
        prev_word = body[max(s, cue_start - 20) : cue_start].split()[-1:]
        if (
            (last.endswith("ed") or last in _IRREGULAR_PAST)
            and prev_word
            and prev_word[0].lower() in _ADJECTIVAL_BEFORE
        ):
            return None  # "less detailed", "the proposed 5 percent levy"
        left = body[s:aux_end].rstrip()
        if not left or left.endswith(("’s", "'s")):
            return None  # "Plans to ...", "Trump's plans"
        if not last.endswith(("s", "ed", "ing")) and _noun_after_possessive(
            body[max(s, cue_start - 60) : cue_start]
        ):
            return None  # "Obama's original call for": a noun
        prev = left.split()[-1].lower()
        if prev in _DETERMINERS or prev in ("to", "of", "for", "by", "with", "and", "or"):
            return None  # a noun ("the plan", "a report") or an infinitive
        if left.endswith((",", " -", "—", "–")):
            np = _appositive_subject(body, s, aux_end)
        else:
            np = _left_np(body, s, aux_end)
        if np is None:
            return None
        np = _trim_np(body, np)
        if np is None or not _is_holder(body[np[0] : np[1]]):
            return None
        if body[np[0] : np[1]].lower() in _HOLDER_PRONOUNS:
            # "he thinks", "we want": mostly inside a quote or report whose speaker
            # already holds the figure, and an unresolved "I" or "we" names nobody.
            return None
        if " " not in word and last in _STANCE_BASE and not _plural_subject(body[np[0] : np[1]]):
            return None  # "Clinton support 27 percent": a base form needs "they", "voters"
        if _NUMBER_SUBJECT_RE.search(body, max(s, np[0] - 12), np[0]) or re.search(
            r"\d|percent|per\s+cent|%", body[np[0] : np[1]]
        ):
            return None
        start = _stance_content_start(body, cue_end, e)
        block = _colon_block(body, start, e)
        if block is not None:
            return _Raw(block, np, m.span())
        end = _clause_end(body, start, e)
        if end <= start or not re.search(r"\w", body[start:end]):
            return None
        if _VERB_NEXT_RE.match(body, start, end):
            return None  # "Voter fears grew ...": the cue was a noun and its verb follows
        return _Raw((start, end), np, m.span())

    # ---------------------------------------------------------------- finishing

    def _finish(
        self, body: str, raw: list[_Raw], perspective: str | None
    ) -> list[AttributionRelation]:
        """Speaker texts, pronoun resolution and parties, in document order."""
        mentions = _MentionIndex(self._doc_mentions(body))
        out: list[AttributionRelation] = []
        history: list[tuple[int, str, str | None, bool]] = []  # offset, name, party, person
        last_party: str | None = None  # the latest speaker's with a known party
        # "I"/"we" inside a quote whose speaker is named after it: (index, outer cue).
        later_outer: list[tuple[int, tuple[int, int]]] = []
        for r in raw:
            if r.speaker is None:
                out.append(
                    AttributionRelation(
                        r.content, None, None, body[r.cue[0] : r.cue[1]], r.cue, None
                    )
                )
                continue
            sp_start, sp_end = r.speaker
            mention = body[sp_start:sp_end]
            speaker = _clean_speaker(mention)
            party: str | None
            low = mention.lower()
            # Only "I"/"we" look for the quote they stand in (a scan of every relation).
            enclosing = _enclosing(raw, r) if low in ("i", "we") else None
            if low in ("i", "we") and enclosing is not None and enclosing.speaker is not None:
                # "I"/"we" inside someone's quote is that someone.
                outer = next((o for o in out if o.cue_span == enclosing.cue), None)
                if outer is not None and outer.speaker is not None:
                    speaker, party = outer.speaker, outer.party
                else:
                    party = None
                    later_outer.append((len(out), enclosing.cue))
            elif low in _PRONOUNS:
                resolved = _resolve_pronoun(body, low, sp_start, history)
                if resolved is not None:
                    speaker = resolved[0]
                    party = (
                        resolved[1]
                        or self.named_party(speaker)
                        or self._generic_party(speaker, sp_start, mentions, last_party, perspective)
                    )
                else:
                    party = self._generic_party(
                        mention, sp_start, mentions, last_party, perspective
                    )
            else:
                party = self.independent_role(speaker) or self.named_party(speaker)
                if party is None:
                    party = self._generic_party(
                        speaker, sp_start, mentions, last_party, perspective
                    ) or self.role_party(speaker)
                history.append((sp_start, speaker, party, _looks_like_person(speaker)))
            last_party = party or last_party
            out.append(
                AttributionRelation(
                    r.content, speaker, r.speaker, body[r.cue[0] : r.cue[1]], r.cue, party
                )
            )
        for idx, cue in later_outer:
            # '“We counted 73 bodies,” said Maria Lopez': the name comes after the "we".
            outer = next((o for o in out if o.cue_span == cue), None)
            if outer is not None and outer.speaker is not None:
                out[idx] = replace(out[idx], speaker=outer.speaker, party=outer.party)
        return out

    def _generic_party(
        self,
        mention: str,
        offset: int,
        mentions: _MentionIndex,
        last_party: str | None,
        perspective: str | None,
    ) -> str | None:
        """Party of "the ministry", "officials", "it": same-kind mention, speaker, perspective."""
        kind = self.generic_kind(mention)
        if kind is None and mention.lower() not in _PRONOUNS:
            return None
        if kind is not None and _names_its_own_body(mention):
            return None  # "De facto Nagorno-Karabakh authorities": not the last party's
        if kind is not None:
            party = mentions.last_before(kind, offset)
            if party is not None:
                return party
        return last_party or perspective


_BE_TAIL_RE = re.compile(
    r"(?:\s+|^|(?<=\w))(?:is|are|was|were|be|been|being|am|[’']s|[’']re)\s*$", re.IGNORECASE
)
_IRREGULAR_PAST = frozenset(["thought", "sought", "found", "knew", "felt", "spoke"])
_STANCE_BASE = frozenset(spec.split(":")[0] for spec in _STANCE_SPECS)


def _plural_subject(text: str) -> bool:
    """A subject a bare verb agrees with: "they", "we", "voters", "Democrats"."""
    last = text.split()[-1].lower().strip(".,’'") if text.split() else ""
    if last in ("they", "we", "i", "you"):
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "’s", "'s"))


_NON_HOLDERS = frozenset(["it", "this", "that", "which", "there", "what", "who", "these"])


def _is_holder(text: str) -> bool:
    """True for a subject that can hold a view: a name, a pronoun, a person or body."""
    words = re.findall(r"[\w’'.-]+", text)
    if not words:
        return False
    low = [w.lower().strip(".’'") for w in words]
    if len(low) == 1 and low[0] in _HOLDER_PRONOUNS:
        return True
    if low[-1] in _NON_HOLDERS or low[0] in _NON_HOLDERS:
        return False
    if low[-1] in _HOLDER_HEADS or low[-1].rstrip("s") in _HOLDER_HEADS:
        return True
    caps = [w for w in words if w[:1].isupper()]
    if not caps:
        return False
    if (
        len(words) > 1
        and words[-1][:1].islower()
        and words[-1].isalpha()
        and all(_DEMONYM_RE.search(w) for w in caps)
        and not _PERSON_NOUN_RE.search(words[-1])
    ):
        # "Azerbaijani advances", "Russian gas": a nationality qualifies a thing that
        # holds no view; "Armenian sources" and "Kremlin officials" have holder heads.
        return False
    # A capitalised word other than a sentence-initial determiner: a name.
    return any(w.lower() not in _DETERMINERS for w in caps)


_DEMONYM_RE = re.compile(r"(?:an|ian|ese|i|ish|ic|ch)$")
_PERSON_NOUN_RE = re.compile(r"(?:ers?|ors?|ists?|ians?|ents?|ants?|eers?)$")
_VERB_NEXT_RE = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|"
    r"grew|rose|fell|went|came|became|began|stood|remained|(?-i:[a-z]+ed))\b(?!\s+(?:by|to)\b)",
    re.IGNORECASE,
)
_CLAUSE_START_RE = re.compile(
    r"(?:;|,?\s*\b(?:while|whereas))\s*$",
    re.IGNORECASE,
)
_QUOTE_LEAD = "\"“‘'"


#: Absolute participle clauses with a speaker of their own: "..., with Kenyan police
#: reporting 12 arrests and the organisers citing 40", "while rebels claiming 30 ...".
_WITH_PART_RE = re.compile(
    r"(?<![\w-])(with|and|while|whereas)\s+((?:[\w’'.&-]+\s+){0,5}?[\w’'.&-]+)\s+"
    r"(?:also\s+|later\s+|separately\s+|officially\s+)?"
    r"(reporting|acknowledging|confirming|citing|claiming|saying|estimating|putting|"
    r"counting|recording|documenting|announcing|insisting|arguing|alleging|noting|stating|"
    r"admitting|conceding|putting|registering|listing|tallying)(?![\w-])",
    re.IGNORECASE,
)


def _with_participles(body: str, s: int, e: int) -> list[_Raw]:
    """'..., with X reporting N and Y acknowledging M': one relation per participle.

    The subject of the participle is its speaker; its content runs to the next such
    clause, a semicolon or the sentence end. "and/while X V-ing" only counts after a
    "with X V-ing" in the same sentence, where the coordination is unambiguous.
    """
    out: list[_Raw] = []
    hits = []
    for m in _WITH_PART_RE.finditer(body, s, e):
        lead = m.group(1).lower()
        if lead != "with" and not hits:
            continue
        np_text = m.group(2)
        if "," in np_text or ";" in np_text:
            continue
        words = np_text.lower().split()
        if words[0] in ("the", "a", "an") and len(words) == 1:
            continue
        if words[-1] in _NON_HOLDERS or not _is_holder(np_text) or _is_document(np_text):
            continue
        if re.search(r"\d|percent|per\s+cent|%", np_text):
            continue  # "with 47 percent of voters saying": respondents in a figure
        hits.append(m)
    for k, m in enumerate(hits):
        start = _content_start_after(body, m.end(3), e, m.group(3).lower())
        end = hits[k + 1].start() if k + 1 < len(hits) else e
        end = min(end, _clause_end(body, start, e))
        end = _back_over(body, start, end, " \t,;")
        if end > start:
            out.append(_Raw((start, end), m.span(2), m.span(3)))
    return out


#: "X footage showing N", "Ministry data indicating N": the publisher before a record.
_SHOWING_RE = re.compile(
    r"(?<![\w-])(?:footage|video|videos|images|photos|photographs|data|figures|"
    r"statistics|records|documents|numbers|estimates|reports?|tallies|a\s+tally|imagery|"
    r"polls?|surveys?|study|studies|analysis|audit)"
    r"\s+(?:that\s+)?(showing|show|showed|shows|indicating|indicated|indicate|indicates|"
    r"suggesting|revealing|revealed|confirming|putting)(?![\w-])",
    re.IGNORECASE,
)


#: A study noun before "showing": "a new poll showing", "a survey that showed".
_STUDY_NOUN_RE = re.compile(
    r"(?:polls?|surveys?|study|studies|analysis|audit)\s+(?:that\s+)?", re.IGNORECASE
)


def _document_showing(body: str, s: int, e: int) -> list[_Raw]:
    """'Azerbaijani Ministry of Defense footage showing the destruction of 200 tanks'.

    The speaker is the publisher named right before the record noun, when it is a name
    ("Ministry of Defense", "Reuters"); the content is the rest of the clause. A record
    with no named publisher ("data showing") is left to the other rules.
    """
    out: list[_Raw] = []
    for m in _SHOWING_RE.finditer(body, s, e):
        np = _left_np(body, s, m.start())
        if np is None:
            continue
        np = _trim_np(body, np)
        if np is None:
            continue
        poss = re.search(r"[’']s?$", body[np[0] : np[1]])
        if poss:
            np = (np[0], np[0] + poss.start())  # "Amnesty's figures show": Amnesty
        # The publisher is a name: drop lower-case words before it ("seen in ...").
        for tok_start, tok_end in _tokens(body, np[0], np[1]):
            tok = body[tok_start:tok_end]
            if tok[:1].isupper() or tok.lower() in ("the", "a", "an"):
                np = (tok_start, np[1])
                break
        text = body[np[0] : np[1]]
        words = text.split()
        named = [w for w in words if w[:1].isupper() and w.lower() not in _DETERMINERS]
        study = _STUDY_NOUN_RE.fullmatch(body, m.start(), m.start(1)) is not None
        if study and not m.group(1).lower().endswith("ing"):
            continue  # "the poll shows" is left to the stance verbs
        if study:
            # "in the wake of a new poll showing ...": the study itself, from its
            # nearest determiner, is the speaker.
            det = None
            for tok_start, tok_end in _tokens(body, np[0], m.start()):
                if body[tok_start:tok_end].lower() in ("a", "an", "the", "this", "that"):
                    det = tok_start
            if det is None:
                continue
            np = (det, _rstrip_ws(body, m.start(1)))
        elif not named or (len(words) == 1 and np[0] == _skip_ws(body, s, e)):
            continue
        if not body[m.end() : e].strip(' \t.,;:!?"”’)') and body[s : np[0]].rstrip().endswith(","):
            # "Sales reached $100 million last year, company reports show.": what they show
            # comes before them.
            cstart, cend = _content_before(body, s, np[0])
            if cend > cstart:
                out.append(_Raw((cstart, cend), np, m.span(1)))
            continue
        start = _content_start_after(body, m.end(), e, m.group(1).lower())
        end = _clause_end(body, start, e)
        if study:
            comma = body.find(",", start, end)
            end = comma if comma != -1 else end  # "a poll showing X, told Fox": X only
        if end > start:
            out.append(_Raw((start, end), np, m.span(1)))
    return out


def _rstrip_ws(body: str, end: int) -> int:
    """``end`` moved back over spaces and a relative "that"."""
    end = _back_over(body, 0, end, " \t")
    if body[max(0, end - 5) : end].lower() == " that":
        end -= 5
    return end


def _is_document(text: str) -> bool:
    """True for a record rather than a holder of views: "reports", "the figures"."""
    return _head_word(text) in _DOCUMENT_HEADS


def _colon_block(body: str, i: int, e: int) -> tuple[int, int] | None:
    """The passage a cue ending in a colon introduces: 'X wrote:' + next paragraph(s).

    Only when nothing but the colon follows the cue in its sentence and the sentence
    ends its paragraph. The block is the next paragraph, and the ones after it while
    they open with a quotation mark (a quoted document or transcript).
    """
    j = _skip_ws(body, i, e)
    if body.startswith("that", j):
        j = _skip_ws(body, j + 4, e)
    if j >= e or body[j] != ":" or body[j + 1 : e].strip():
        return None
    k = j + 1
    while k < len(body) and body[k] in " \t\xa0":
        k += 1
    if k < len(body) and body[k] != "\n":
        return None
    start = _skip_ws(body, k, len(body))
    if start >= len(body):
        return None
    end = body.find("\n", start)
    end = len(body) if end == -1 else end
    quoted = body[start] in _QUOTE_LEAD
    for _ in range(30):
        if not quoted:
            break
        nxt = _skip_ws(body, end, len(body))
        if nxt >= len(body) or body[nxt] not in _QUOTE_LEAD:
            break
        end = body.find("\n", nxt)
        end = len(body) if end == -1 else end
    return (start, end)


def _stance_content_start(body: str, i: int, e: int) -> int:
    """Where the content of a stance cue begins: past adverbials and "that", "to"."""
    i = _skip_adverbials(body, i, e)
    m = _CONTENT_PARTICLES_RE.match(body, i, e)
    return _skip_ws(body, m.end() if m else i, e)


@dataclass(slots=True)
class _Raw:
    """A relation before names and parties are resolved."""

    content: tuple[int, int]
    speaker: tuple[int, int] | None
    cue: tuple[int, int]


#: Lower-case words a speaker after an inverted cue may start with: "said another ...".
_SPEAKER_LEADS = frozenset(
    [
        "another",
        "one",
        "two",
        "three",
        "several",
        "some",
        "many",
        "most",
        "former",
        "current",
        "senior",
        "top",
        "local",
        "officials",
        "analysts",
        "experts",
        "police",
        "witnesses",
        "residents",
        "sources",
        "authorities",
        "observers",
        "diplomats",
        "activists",
        "rescuers",
        "organisers",
        "organizers",
        "people",
        "aides",
        "advisers",
        "advisors",
        "strategists",
        "lawmakers",
        "economists",
        "doctors",
        "investigators",
        "prosecutors",
        "researchers",
        "scientists",
    ]
)

#: First words of comma-delimited adverbials, which are never the speaker.
_ADVERBIAL_STARTS = frozenset(
    [
        "during",
        "at",
        "in",
        "on",
        "after",
        "before",
        "following",
        "amid",
        "despite",
        "speaking",
        "asked",
        "writing",
        "from",
        "under",
        "with",
        "without",
        "when",
        "while",
        "for",
        "meanwhile",
        "however",
        "though",
        "also",
        "too",
        "by",
        "last",
        "this",
        "earlier",
        "later",
    ]
)

#: One-word openers set off by a comma before a clause's subject: "There, the chairman".
_ONE_WORD_LEADS = frozenset(
    ["there", "here", "now", "instead", "separately", "again", "today", "yesterday", "then"]
)

_LEADS = frozenset(
    [
        "but",
        "and",
        "however",
        "still",
        "yet",
        "meanwhile",
        "so",
        "also",
        "even",
        "now",
        "in",
        "fact,",
        "at",
        "least,",
        "of",
        "course",
    ]
)


_DOUBLED_QUOTE_RE = re.compile(r"''|``")


def _normalise_quotes(body: str) -> str:
    """NYT-style ``''`` and ````` quotes as one straight quote and a space, same length.

    Keeping the length keeps every offset valid, and a single quote character lets one
    set of quote rules serve every house style. The space goes on the outer side so the
    quote mark stays next to the words it encloses.
    """

    def one(m: re.Match[str]) -> str:
        i = m.start()
        prev = body[i - 1] if i else " "
        opening = m.group(0) == "``" or prev.isspace() or prev in "([—–-"
        return ' "' if opening else '" '

    return _DOUBLED_QUOTE_RE.sub(one, body)


# --------------------------------------------------------------------------------------
# Span helpers. All take the body and absolute offsets so that no substring copies of
# whole documents are made.
# --------------------------------------------------------------------------------------


def _skip_ws(body: str, i: int, e: int) -> int:
    while i < e and body[i].isspace():
        i += 1
    return i


def _back_over(body: str, start: int, end: int, chars: str) -> int:
    """``end`` moved back over any of ``chars``, never before ``start``."""
    while end > start and body[end - 1] in chars:
        end -= 1
    return end


_POSSESSIVE_DETERMINERS = frozenset(["his", "her", "their", "its", "our", "my", "your"])
#: A be-form right before a participle makes it passive: "names weren't disclosed".
_PASSIVE_BE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|(?:is|are|was|were)n['’]t)\s+(?:not\s+)?"
    r"(?:(?-i:[a-z]+ly)\s+)?$",
    re.IGNORECASE,
)
#: A participle after its noun, opening a reduced relative clause: "the man accused
#: of buying", "a group charged with fraud" name who is accused, not who accuses.
_REDUCED_RELATIVE_RE = re.compile(r"\s+(?:of|with)\b")
_REDUCED_RELATIVE_CUES = frozenset(["accused", "charged", "suspected"])
#: A claim named by its owner: "Clinton's claim that 90 percent ...", "his recent
#: estimate of 40,000", "the ministry's earlier assertion that", "Obama's call for".
_POSSESSIVE_CUE_RE = re.compile(
    r"(?P<owner>(?<![\w'’])(?:his|her|their|its)|(?<=[A-Za-z.])[’']s)"
    r"\s+(?:(?-i:[a-z]+)\s+)?"
    r"(?P<noun>(?:claim|assertion|contention|insistence|argument|allegation|boast|"
    r"prediction|promise|pledge|warning|suggestion)s?(?=\s+that\b)"
    r"|(?:estimate|projection|forecast|tally|count)s?(?=\s+(?:that|of)\b)"
    r"|calls?(?=\s+for\b))",
    re.IGNORECASE,
)


#: An amount and a noun before a bare cue word make it a compound noun: "a $10 million
#: arbitration claim", "the 2,000-page tax estimate" (not "40 percent claim", respondents).
_AMOUNT_MODIFIER_RE = re.compile(
    r"(?:[$€£]\s?\d(?:[\d.,]*\d)?|\d(?:[\d.,]*\d)?)(?:\s+(?:million|billion|trillion))?[\s-]+"
    r"(?!(?:percent|per|of|in|to)\b)(?-i:[a-z][a-z-]*)\s+$",
    re.IGNORECASE,
)


def _noun_after_possessive(left: str) -> bool:
    """True when the cue word is a noun after a possessive: "his recent claim".

    "Obama's original call for", "their latest estimate": a possessive and one word
    that cannot be a plural subject (a bare verb would need "their supporters claim").
    """
    words = left.split()
    if not words:
        return False
    last = words[-1].lower()
    if last in _POSSESSIVE_DETERMINERS or last.endswith(("'s", "’s")):
        return True
    if len(words) < 2 or last.endswith("s") or not last.isalpha():
        return False
    before = words[-2].lower()
    return before in _POSSESSIVE_DETERMINERS or before.endswith(("'s", "’s"))


#: "in Bolton's view", "in the ministry's estimation", "in her words": whose view.
_IN_VIEW_RE = re.compile(
    r"(?<![\w-])[Ii]n\s+(?P<owner>his|her|their|its|(?:the\s+)?[A-Z][\w.’'-]*"
    r"(?:\s+[A-Z][\w.’'-]*){0,3}[’']s|the\s+[a-z]+[’']s)\s+(?:own\s+)?"
    r"(?P<noun>view|opinion|estimation|words|telling|account|reckoning)(?![\w-])"
)


def _in_view_relations(body: str, s: int, e: int) -> list[_Raw]:
    """'In Bolton's view, X' / 'X, in the ministry's estimation.': the owner's view."""
    out: list[_Raw] = []
    for m in _IN_VIEW_RE.finditer(body, s, e):
        a, b = m.span("owner")
        speaker = (a, b - 2) if body[b - 2 : b] in ("'s", "’s") else (a, b)
        cue = m.span("noun")
        rest = body[m.end() : e]
        if not body[s : m.start()].strip(' \t"“”'):
            comma = re.match(r"\s*,\s*", rest)
            if comma is not None and m.end() + comma.end() < e:
                out.append(_Raw((m.end() + comma.end(), e), speaker, cue))
        elif not rest.strip(' \t.,;:!?"”’)') or rest.lstrip().startswith((",", ";")):
            cstart, cend = _content_before(body, s, m.start())
            if cend > cstart:
                out.append(_Raw((cstart, cend), speaker, cue))
    return out


def _possessor(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The noun phrase before a possessive "'s": "Barack Obama", "the campaign".

    Read leftwards over a name's capitalised words, or over up to three modifiers to
    the determiner; a verb ends it ("recalled the campaign's" gives "the campaign").
    """
    toks = _tokens(body, max(s, end - 80), end)
    if not toks or not body[toks[-1][0]].isalpha():
        return None
    start = toks[-1][0]
    if body[start].isupper():
        for a, b in reversed(toks[:-1]):
            word = body[a:b]
            if word[:1].isupper() and word[-1:].isalpha():
                start = a
            else:
                if word.lower() == "the":
                    start = a
                break
        return (start, end)
    for a, b in reversed(toks[-4:-1]):
        word = body[a:b]
        low = word.lower()
        if low in _DETERMINERS:
            return (a, end)
        if not word.isalpha() or _VERBISH_RE.fullmatch(low) or _CUE_RE.fullmatch(low):
            break
        start = a
    return (toks[-1][0], end)


def _possessive_relation(body: str, s: int, e: int, m: re.Match[str]) -> _Raw | None:
    """'Clinton's claim that 90 percent ...': the owner of the claim is its speaker."""
    owner_start, owner_end = m.span("owner")
    if body[owner_start] in "'’":
        speaker = _possessor(body, s, owner_start)
    else:
        speaker = (owner_start, owner_end)  # "his", resolved like any pronoun
    if speaker is None:
        return None
    after = re.match(r"\s+(?:that|of|for)\b", body[m.end() : e])
    if after is None:
        return None
    start = _skip_ws(body, m.end() + after.end(), e)
    if start >= e:
        return None
    return _Raw((start, _content_end(body, start, e)), speaker, m.span("noun"))


def _strip_aux(body: str, s: int, cue_start: int) -> int:
    """End of the subject before a cue, past auxiliaries and adverbs ("has also")."""
    end = cue_start
    for _ in range(4):
        m = _AUX_TAIL_RE.search(body, max(s, end - 24), end)
        if not m or m.start() == m.end():
            break
        # The match must end exactly at `end` (it is anchored with $ on endpos).
        end = m.start()
    return end


def _tokens(body: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN_RE.finditer(body, s, e)]


#: A word that makes a stretch of text a clause rather than a name with an appositive.
_VERBISH_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|could|can|should|may|might|"
    r"must|do|does|did|says?|[a-z]{2,}ed|[a-z]{2,}ing|died|rose|fell|won|lost|took|left|"
    r"made|came|went|saw|got|gave|held|ran|hit|cut|put|set|led|met|sent|spent|fled|grew)\b"
)
#: A cue inside a free relative or a relative clause on "everything": "what he said",
#: "everything I’ve said", "all she wrote": the words said are a thing talked about,
#: not content the sentence reports.
_WHAT_WAS_SAID_RE = re.compile(
    r"(?<![\w’'-])(?:[Ww]hat|[Ee]verything|[Aa]nything|[Ss]omething|[Ww]hatever|[Aa]ll)\s+"
    r"(?:he|she|they|we|I|you|it|[A-Z][\w.’'-]*|(?:the|his|her|their|its|some|many|most)"
    r"(?:\s+[a-z]+){1,2})(?:[’'](?:ve|d|s))?"
    r"(?:\s+(?:has|have|had|just|once|ever|previously|already|actually|really))?\s+$"
)
#: Words that open a description rather than a name: "the governor, Ana Ruiz, said".
_DESCRIPTION_LEADS = frozenset(
    ["one", "a", "an", "the", "another", "his", "her", "its", "their", "our", "two", "three"]
)
#: A subordinate clause after a cue or the speaker named after it says when or why it
#: was said, not what: "said Sanders as he closed", "the commission announced on Tuesday
#: after all ballots were counted".
_SUBORDINATE_TAIL_RE = re.compile(
    r"\s*(?:as|while|when|after|before|because|since|though|although|once|following|until)\s+"
    r"(?:he|she|they|it|we|I|all|the|a|an|his|her|their|its|[A-Z]|\d)"
)
_YEAR_OF_RE = re.compile(r"\b(?:from|of)\s+$")
_PARTY_LABEL_AFTER_RE = re.compile(r"\s+\((?:[RDI]|[RDI]-[A-Z][A-Za-z.]{1,6}|[A-Z][a-z]{1,5}\.?)\)")
_PARTY_LABEL_RE = re.compile(r"\s+\((?:[RDI]|[RDI]-[A-Z][A-Za-z.]{1,6}|[A-Z][a-z]{1,5}\.?)\)$")


def _left_np(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``end`` (the subject of a cue), read leftwards.

    A party label after a name stays with it: "Sen. Jane Doe (D-Ore.) said".
    """
    while end > s and body[end - 1].isspace():
        end -= 1
    label = _PARTY_LABEL_RE.search(body, max(s, end - 14), end)
    if label is not None and label.start() > s:
        np = _left_np(body, s, label.start())
        return (np[0], end) if np is not None else None
    toks = _tokens(body, s, end)
    if not toks:
        return None
    start = None
    last_end = toks[-1][1]
    if body[last_end - 1] in ',;:“”"‘’()[]—–' and body[last_end - 1] not in "’":
        return None
    count = 0
    for a, b in reversed(toks):
        t = body[a:b]
        low = t.lower()
        if count and t[-1] in ',;:“”"()[]—–!?':
            break
        if count and t[-1] == "’" and not t.endswith("s’"):
            break
        core = low.strip("“”\"‘’'()[]")
        if (
            core in _NP_BREAK
            and not (core == "and" and count and _cap_around(body, toks, a))
            and not (t.isupper() and len(t) > 1)
        ):
            break
        if _NUMBER_TOKEN_RE.match(core) and not (
            _YEAR_RE.match(core) and (count or _YEAR_OF_RE.search(body, max(s, a - 6), a))
        ):
            break  # a year may end the phrase only after "from"/"of": "a study from 2011"
        if t[0] in '“"‘(':
            # Opening quote or bracket: the phrase starts inside it.
            start = a + 1
            count += 1
            break
        start = a
        count += 1
        if count >= 9:
            break
    if start is None:
        return None
    return (start, last_end)


def _cap_around(body: str, toks: list[tuple[int, int]], a: int) -> bool:
    """True when "and" at ``a`` joins two capitalised names ("Smith and Jones")."""
    idx = next(i for i, (x, _y) in enumerate(toks) if x == a)
    if idx == 0 or idx + 1 >= len(toks):
        return False
    return body[toks[idx - 1][0]].isupper() and body[toks[idx + 1][0]].isupper()


def _trim_np(body: str, np: tuple[int, int]) -> tuple[int, int] | None:
    """Drop lower-case lead words that are not part of a subject ("then", "in 2010")."""
    a, b = np
    toks = _tokens(body, a, b)
    # A subject that is mostly lower-case words without a determiner is probably a
    # clause fragment ("the number of people who died rose"); keep it short.
    while toks:
        t = body[toks[0][0] : toks[0][1]].lower().rstrip(",")
        if t == "at" and body[toks[0][1] : toks[0][1] + 6].lower() == " least":
            break  # "At least half of voters say": a share, kept whole
        if t in _LEADS or t in ("in", "on", "at", "for", "from", "of", "what"):
            toks = toks[1:]  # "to what advocates estimated were": the advocates
            continue
        break
    if not toks:
        return None
    text = body[toks[0][0] : b]
    if not re.search(r"[A-Za-z]", text):
        return None
    return (toks[0][0], b)


def _appositive_subject(body: str, s: int, end: int) -> tuple[int, int] | None:
    """'Smith, a spokesman for the ministry, said': the name before the appositive."""
    inner = body[s:end].rstrip()
    mark = inner[-1:]
    if mark not in (",", "-", "—", "–"):
        return None
    close = s + len(inner) - 1
    # "Sanders, meanwhile, who has no endorsements, said": walk back over up to three
    # comma-delimited pieces to the first that ends in a usable noun phrase.
    for attempt in range(3):
        open_ = body.rfind(" - " if mark == "-" else mark, s, close)
        if mark == "-" and open_ != -1:
            open_ += 1  # a spaced dash, not the hyphen in "co-host"
        if open_ == -1:
            return None
        if len(body[open_ + 1 : close].split()) > 16:
            return None
        np = _left_np(body, s, open_)
        piece = body[open_ + 1 : close].strip()
        if (
            attempt == 0
            and np is not None
            and piece[:1].isupper()
            and _mostly_capitalised(piece)
            and body[np[0] : np[1]].split()[0].lower() in _DESCRIPTION_LEADS
        ):
            # "One pastor supporting Mr. Cruz, Darran Whiting of Liberty Baptist Church,
            # said": the description comes first and the name is its appositive; both
            # name the speaker (the description may carry the party, the name the person).
            start = _skip_ws(body, open_ + 1, close)
            trimmed = _trim_np(body, np)
            return ((trimmed or np)[0], start + len(piece))
        if np is not None and body[np[0] : np[1]].split()[0].lower() in _ADVERBIAL_STARTS:
            np = None  # "Clinton, during a town hall in Columbus, said": not the speaker
        if np is not None:
            np = _trim_np(body, np)
        if np is not None:
            return np
        close = open_
    return None


#: Participles and adjectives that start a phrase describing a speaker named after the
#: cue: "said one official involved in the talks", "said people familiar with the plan".
_POSTMODIFIER_HEADS = frozenset(
    [
        "involved",
        "familiar",
        "close",
        "briefed",
        "knowledgeable",
        "allied",
        "aligned",
        "loyal",
        "connected",
        "affiliated",
        "working",
        "based",
    ]
)
#: Prepositions joining a role noun to whom the role serves: "an adviser to Trump".
_ROLE_PREPOSITIONS = frozenset(["to", "for"])
#: Who is spoken to, after "to": "said the minister to reporters" is not a role.
_AUDIENCES = frozenset(
    [
        "reporters",
        "journalists",
        "supporters",
        "press",
        "crowd",
        "audience",
        "lawmakers",
        "crowds",
        "listeners",
        "viewers",
        "students",
        "voters",
        "delegates",
        "members",
        "them",
        "him",
        "her",
        "us",
        "me",
        "television",
        "radio",
        "parliament",
        "congress",
    ]
)

#: Words that open an adverbial after a cue, never the speaker: "said on Tuesday".
_LEADING_PREPOSITIONS = frozenset(
    ["on", "in", "at", "during", "after", "before", "to", "for", "with", "from", "late", "early"]
)


def _right_np(body: str, start: int, e: int, strict: bool = False) -> tuple[int, int] | None:
    """The noun phrase starting at ``start`` (the speaker after 'according to', 'said')."""
    toks = _tokens(body, start, e)
    if not toks:
        return None
    first = body[toks[0][0] : toks[0][1]]
    if strict and first.lower() in _LEADING_PREPOSITIONS:
        return None  # "..., Lopez said on Tuesday": a time or place, not who spoke
    if strict and not (
        first[0].isupper()
        or first.lower() in _DETERMINERS
        or first.lower() in _SPEAKER_LEADS
        or any(body[a].isupper() for a, _b in toks[1:5])
    ):
        return None
    end = None
    count = 0
    postmodifier = False
    title_end = -1
    for idx, (a, b) in enumerate(toks):
        t = body[a:b]
        core = t.strip(',.;:!?“”"‘’()[]')
        low = core.lower()
        if not core or (count and not core.strip("-—–")):
            break  # "according to the report - a dash closing the aside"
        if count and low in _POSTMODIFIER_HEADS:
            # "one Republican involved in the planning", "people familiar with the talks":
            # the phrase after the participle still names who speaks.
            postmodifier = True
        elif (
            count
            and low in _ROLE_PREPOSITIONS
            and not postmodifier
            and body[toks[idx - 1][0]].islower()
            and idx + 1 < len(toks)
            and not _AUDIENCES.intersection(
                body[x:y].lower().strip(",.;:") for x, y in toks[idx + 1 : idx + 3]
            )
        ):
            # "a longtime adviser to Trump", "a spokeswoman for the ministry": a role
            # noun with its complement ("Smith to reporters" stays out).
            postmodifier = True
        elif postmodifier and low in ("in", "on", "with", "to", "for", "of", "at", "about"):
            pass
        elif (
            count
            and low in ("by", "from", "with")
            and _DOCUMENT_HEAD_RE.fullmatch(body[toks[idx - 1][0] : toks[idx - 1][1]].lower())
        ):
            # "according to a tally by the Associated Press", "calculations by Amy
            # Glasmeier", "interviews with party officials": who made the document.
            postmodifier = True
        elif count and (
            (
                low in _NP_BREAK
                and not (low == "and" and core and t and body[b:e].lstrip()[:1].isupper())
            )
            or (low in ("on", "in") and strict)
        ):
            break
        if low in ("who", "which", "that") or (count and low in ("said", "says")):
            break
        if t[0] in '“"‘(' and count:
            prev = body[toks[idx - 1][0] : toks[idx - 1][1]].lower()
            close = body.find("”" if t[0] == "“" else '"', a + 1, min(e, a + 100))
            if t[0] == "(" or prev not in _DETERMINERS or close == -1:
                break
            # A quoted title inside the phrase: 'the "Medicare for All" document'.
            title_end = close + 1
        if (
            _NUMBER_TOKEN_RE.match(low)
            and count
            and (body[a - 1 : a] == " " and low.rstrip(".").isdigit() and len(low.rstrip(".")) != 4)
        ):
            break
        end = a + len(t.rstrip(',.;:!?“”"’)[]')) if t[-1] in ',.;:!?“”"’)' else b
        # Keep "U.S.", "Inc." and titles ("Ms.", "Gov.") whole.
        if t.endswith(".") and _ABBREV_TOKEN_RE.search(t):
            end = b
            count += 1
            continue
        count += 1
        if title_end > a:
            end = b
            continue
        if t[-1] in ',;:!?“”"()' or (t.endswith(".") and end != b) or count >= 12:
            break
    if end is None or end <= toks[0][0]:
        return None
    label = _PARTY_LABEL_AFTER_RE.match(body, end, e)
    if label is not None:
        end = label.end()  # "said Sen. Robert P. Casey Jr. (D-Pa.), a Clinton backer"
    if strict:
        tail = body[end:e]
        if (
            tail.strip(" \t.,;:!?\"“”'’)")
            and not tail.lstrip().startswith((",", ".", ";"))
            and not _SUBORDINATE_TAIL_RE.match(tail)
        ):
            adv = _skip_adverbials(body, end, e)
            if body[adv:e].strip(" \t.,;:!?\"“”'’)"):
                return None
    return (toks[0][0], end)


_FINITE_IRREGULAR = frozenset(
    [
        "ran",
        "took",
        "made",
        "gave",
        "met",
        "held",
        "won",
        "went",
        "sent",
        "led",
        "wrote",
        "spoke",
        "told",
        "got",
        "put",
        "kept",
        "lost",
        "left",
        "brought",
        "bought",
        "sought",
        "found",
        "thought",
        "knew",
        "saw",
        "came",
        "became",
        "began",
    ]
)


def _skip_openers(body: str, s: int, end: int) -> int:
    """Past up to two openers set off by a comma: "In a statement, ", "Even before X, "."""
    i = s
    for _ in range(2):
        first = body[i:end].split()[:2]
        comma = body.find(",", i, min(end, i + 120))
        lead = first[0].lower().rstrip(",") if first else ""
        if lead in _DEGREE_WORDS and len(first) == 2:
            lead = first[1].lower().rstrip(",")  # "Even before Sanders spoke, ..."
        if lead in _ADVERBIAL_STARTS | _LEADS | _ONE_WORD_LEADS | {"last", "to"} and comma != -1:
            i = _skip_ws(body, comma + 1, end)
    return i


#: Words ending in "s" that are no finite verb: "Democrats see Sanders as an agent".
_NOT_FINITE = frozenset(["as", "its", "this", "thus", "plus", "perhaps", "always", "whereas"])
#: Adverbs between a subject and its verb: "The ministry also said", "Police later found".
_BEFORE_VERB_ADVERBS = frozenset(
    ["also", "later", "earlier", "then", "previously", "still", "again", "already", "never"]
)


def _clause_subject(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The subject of the clause ``body[s:end]``: the words before its first finite verb.

    Leading adverbials set off by a comma ("In a statement, ...") are skipped; the subject
    must be able to hold a view and run at most eight words.
    """
    toks = _tokens(body, _skip_openers(body, s, end), end)
    for k in range(1, min(9, len(toks))):
        word = body[toks[k][0] : toks[k][1]]
        prev = body[toks[k - 1][0] : toks[k - 1][1]]
        if not word.isalpha() or not word.islower():
            continue
        finite = word in _FINITE_IRREGULAR or (
            word.endswith(("ed", "s"))
            and not word.endswith(("ss", "us", "is"))
            and word not in _NOT_FINITE
        )
        if not finite:
            if prev[-1:] in ",;:":
                return None
            continue
        if prev[-1:] in ",;:":
            return None
        if prev.lower() in _BEFORE_VERB_ADVERBS and k >= 2:
            # "A spokeswoman for Janney also declined": the subject ends before "also"
            k -= 1
            prev = body[toks[k - 1][0] : toks[k - 1][1]]
        if prev[:1].isupper() or prev.endswith(")") or prev.lower() in _HOLDER_HEADS:
            span = (toks[0][0], toks[k - 1][1])
            return span if _is_holder(body[span[0] : span[1]]) else None
        return None
    return None


_AUXILIARIES = frozenset(
    [
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "did",
        "does",
        "do",
        "may",
        "might",
        "must",
        "should",
        "shall",
    ]
)


#: A preposition right before a would-be subject: "with all precincts counted".
_OBJECT_OF_PREPOSITION_RE = re.compile(r"(?<![\w-])(?:with|without)\s+$")
#: Words that open an imperative to the reader before a colon: "See below:".
_IMPERATIVES = frozenset(
    ["see", "read", "watch", "click", "consider", "note", "look", "listen", "check", "follow"]
)
#: Degree words before a subordinate opener: "Even before ...", "Just after ...".
_DEGREE_WORDS = frozenset(["even", "just", "only", "long", "shortly", "right", "soon"])


def _colon_clause_subject(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The subject of a clause introducing a quote with a colon, or None.

    The subject is the words before the first auxiliary or past-tense verb ("Union
    leaders had a message:", "The senator continued:"); a word ending in -s is not taken
    for the verb here, since plural subjects ("Union leaders") end that way too.
    """
    toks = _tokens(body, _skip_openers(body, s, end), end)
    if toks and body[toks[0][0] : toks[0][1]].lower() in _IMPERATIVES:
        return None  # "See the results here. Read the latest updates below:" speaks to us
    for k in range(1, min(10, len(toks))):
        word = body[toks[k][0] : toks[k][1]]
        prev = body[toks[k - 1][0] : toks[k - 1][1]]
        if prev[-1:] in ",;:(" or not word.isalpha() or not word.islower():
            continue
        if word in _AUXILIARIES or word in _FINITE_IRREGULAR or word.endswith("ed"):
            span = (toks[0][0], toks[k - 1][1])
            return span if _is_holder(body[span[0] : span[1]]) else None
    return _clause_subject(body, s, end)


_CITATION_LEAD_RE = re.compile(r"\s*(?:\[\d{1,3}\]\s*)+")


_COMMA_RE = re.compile(r",\s*")


def _main_clause_subject(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The subject of the main clause before a participle ("..., saying"): of the last
    comma-separated part that has one, past introductory phrases ("The day before, at a
    rally in Beaumont, Tex., Mr. Trump was blunt, claiming"; "On Monday, the governor
    was defiant, saying"), else the name that opens the sentence."""
    lead = _CITATION_LEAD_RE.match(body, s, end)
    if lead:
        s = lead.end()  # "[14] Amnesty International ...": an encyclopedia's reference mark
    starts = [s, *(m.end() for m in _COMMA_RE.finditer(body, s, end))]
    for start in reversed(starts):
        np = _clause_subject(body, start, end)
        if np is not None:
            return np
    np = _sentence_subject(body, s, end)
    if np is None or not _is_holder(body[np[0] : np[1]]):
        return None  # "The senator, who leads the panel, ...": not the bare "The"
    return np


def _sentence_subject(body: str, s: int, end: int) -> tuple[int, int] | None:
    """The subject at the start of the sentence, for participles with no speaker yet."""
    lead = _CITATION_LEAD_RE.match(body, s, end)
    if lead:
        s = lead.end()  # "[12] Human Rights Watch ...": an encyclopedia's reference mark
    m = re.match(r"\s*((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*)\s", body[s:end])
    if not m:
        return None
    first = m.group(1).split()[0].lower()
    if first in _IMPERATIVES or first in _DEGREE_WORDS:
        return None  # "Read the updates below:", "Even before Sanders spoke, ..."
    if m.group(1).lower() in _LEADS or first in _ADVERBIAL_STARTS or first.endswith("ing"):
        return None  # "When his family moved ...", "Arriving at the scene, ..."
    if first in ("if", "as", "because", "although", "though", "since", "once", "until"):
        return None
    return (s + m.start(1), s + m.end(1))


def _skip_adverbials(body: str, i: int, e: int) -> int:
    """Past "on Monday", "in a statement", "at a news conference" after a cue."""
    for _ in range(4):
        m = _AFTER_CUE_RE.match(body, i, e)
        if not m or m.end() == i:
            break
        i = m.end()
    return i


def _content_start_after(body: str, i: int, e: int, word: str) -> int:
    """Where content after a cue begins: past "that", a colon or comma, and spaces."""
    m = _THAT_RE.match(body, i, e)
    j = m.end() if m else i
    return _skip_ws(body, j, e)


#: What follows "according to X," and is the writer's, not X's: an appositive ("X, a
#: firm that tracks donations", "X, two of the five largest counties") or a relative
#: clause on the place or thing ("..., where 475 delegates are at stake").
_WRITERS_TAIL_RE = re.compile(
    r"(?:where|which|who|whose)\b|(?:(?:a|an|the)\s|(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|both|each|all)\s+of\s)"
    r"(?![^,;]*\b(?:is|are|was|were|has|have|had|will|would|could|can|did|may|might)\b)",
    re.IGNORECASE,
)
#: An opening dash or parenthesis of an aside: " - ", " -- ", "—", "–", "(".
_ASIDE_OPEN_RE = re.compile(r"(?:\s-{1,2}|\s?[—–])\s*|\(")
#: The matching close right after the speaker of the aside.
_ASIDE_CLOSE_RE = re.compile(r"\s*(?:-{1,2}\s|[—–]|\))")


def _bracketed_aside(
    body: str, s: int, cue_start: int, speaker_end: int, e: int
) -> tuple[int, int] | None:
    """The aside a trailing 'according to X' closes: '- 63 percent, according to X -'.

    A source named at the end of a dash or parenthesis pair vouches only for what the
    pair encloses, not for the clause around it.
    """
    close = _ASIDE_CLOSE_RE.match(body, speaker_end, e)
    if close is None:
        return None
    closer = body[close.start() : close.end()].strip()
    opens = [
        o
        for o in _ASIDE_OPEN_RE.finditer(body, s, cue_start)
        if (body[o.start() : o.end()].strip() == "(") == (closer == ")")
    ]
    if not opens:
        return None
    start = opens[-1].end()
    end = _back_over(body, start, cue_start, " \t,")
    return (start, end) if end > start else None


def _content_before(body: str, s: int, end: int) -> tuple[int, int]:
    """Content from the clause start to ``end``, trimmed of the joining comma.

    The clause starts after the last semicolon before ``end`` (outside quotes): "X
    happened; by 2016, Y exceeded 35,000 as recorded by Z" gives Z only the second part.
    """
    j = _back_over(body, s, end, " \t,—–-")
    semi = body.rfind(";", s, j)
    if semi != -1 and not _inside_quote(body, s, semi) and _clause_semicolon(body, semi, j):
        s = semi + 1
    i = _skip_ws(body, s, j)
    return (i, j)


def _inside_quote(body: str, s: int, i: int) -> bool:
    """True when ``i`` lies inside a quotation opened in ``body[s:i]``."""
    seg = body[s:i]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


def _previous_quote(body: str, s: int) -> tuple[int, int] | None:
    """The quoted passage ending right before ``s`` in the same paragraph, if any."""
    j = _back_over(body, 0, s, " \t")
    if j == 0 or body[j - 1] not in '”"':
        return None
    close = j - 1
    lo = max(0, close - 1500)
    para = body.rfind("\n", lo, close)
    open_ = max(body.rfind("“", lo, close), body.rfind('"', lo, close))
    if open_ == -1 or open_ < para:
        return None
    return (open_, close + 1)


_FINITE_HINT_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might|"
    r"must|should|(?-i:[a-z]{3,}ed))\b",
    re.IGNORECASE,
)


def _clause_semicolon(body: str, semi: int, e: int) -> bool:
    """True when the semicolon at ``semi`` joins two clauses, not items of a list.

    "A was paid $5; B was paid $6; and C was paid $7" and "Cruz at 23 percent; Rubio at
    12 percent" are lists that share one cue; a clause after the semicolon has a verb
    and does not open with "and".
    """
    nxt = body.find(";", semi + 1, e)
    seg = body[semi + 1 : nxt if nxt != -1 else e]
    if re.match(r"\s*(?:and|or)\b", seg) or body.count(";", max(0, semi - 400), e) > 1:
        return False
    return bool(_FINITE_HINT_RE.search(seg))


def _content_end(body: str, i: int, e: int) -> int:
    """End of a reporting verb's content: a clause-joining semicolon or the sentence end."""
    semi = body.find(";", i, e)
    while semi != -1:
        if not _inside_quote(body, i, semi) and _clause_semicolon(body, semi, e):
            return semi
        semi = body.find(";", semi + 1, e)
    return e


def _clause_end(body: str, i: int, e: int) -> int:
    """End of the clause starting at ``i``: the next ';' or the sentence end."""
    semi = body.find(";", i, e)
    return semi if semi != -1 else e


def _split_coordinated(body: str, found: list[_Raw]) -> None:
    """'A said 49 died, while B said 50 died': cut A's content before B's clause."""
    for idx, r in enumerate(found):
        for other in found:
            if other is r or other.speaker is None:
                continue
            if (
                _SHARE_START_RE.match(body, *other.speaker)
                and r.speaker is not None
                and _STUDY_WORD_RE.search(body, *r.speaker)
            ):
                continue  # respondents inside a poll's finding: "In the poll, 38% said"
            anchor = min(other.speaker[0], other.cue[0])
            cs, ce = r.content
            if not (cs < anchor < ce) or other.content[0] < anchor:
                continue
            gap = body[cs:anchor]
            cut = _WS_CLAUSE_SPLIT_RE.search(gap)
            if (
                cut
                and body[cs + cut.start() : anchor].strip()
                and (
                    re.search(
                        r"[,;—–]|\b(?:while|whereas|but|although|though)\b",
                        body[cs + cut.start() : anchor],
                    )
                )
            ):
                new_end = _back_over(body, cs, cs + cut.start(), " \t,;")
                found[idx] = r = _Raw((cs, new_end), r.speaker, r.cue)


_COLON_SPEAKER_RE = re.compile(r"[ \t]*([A-Z][\w.’'-]*(?:[ \t]+[\w.’'-]+){0,6})[ \t]*:[ \t]+(?=\S)")
_COLON_QUOTE_RE = re.compile(r"[^“\":]{2,80}:[ \t]*[“\"]")
_DASH_COLON_RE = re.compile(
    r"[-—–][ \t]+((?:[A-Z][\w.’'-]*)(?:[ \t]+[A-Z][\w.’'-]*){0,4}):[ \t]*(?=[“\"])"
)
_STUDY_HEADS = (
    r"poll|polls|survey|surveys|study|studies|report|analysis|census|tally|count|estimate|"
    r"estimates|data|figures|average|audit|assessment|index|ranking|rankings|review|"
    r"projections?|forecast|model|database|tracker|exit\s+polls?"
)
#: Nouns for documents and studies, whose maker may follow: "a tally by the AP".
_DOCUMENT_HEAD_RE = re.compile(
    r"(?:" + _STUDY_HEADS + r"|calculations?|interviews?|records|documents?|filings?|"
    r"research|statistics|numbers|tallies|counts|reports|analyses|reviews|surveys)"
)
_STUDY_WORD_RE = re.compile(r"(?<![\w-])(?i:" + _STUDY_HEADS + r")(?![\w-])")
_IN_STUDY_RE = re.compile(
    r"(?<![\w-])(?:[Ii]n|[Bb]y|[Aa]ccording\s+to)\s+("
    r"(?:the|a|an|this|that|its|their|his|her|[A-Z][\w.’'/&-]*[’']s)\s+"
    # Words between the determiner and the head name the study; a preposition means the
    # head belongs to another phrase ("in the euphoria after the primary polls").
    r"(?:(?!(?:after|before|with|from|for|about|during|since|over|under|into|of|the|a|an)\s)"
    r"[\w.’'/&-]+\s+){0,6}?(?i:" + _STUDY_HEADS + r")"
    r"(?:\s+(?:released|conducted|taken|published|out)(?:\s+(?:on\s+)?[A-Z]\w+|\s+\w+day)?)?"
    r")(?![\w-])"
)
#: Plural polls with no determiner closing a clause: "near 10 percent in New Hampshire
#: surveys.", "40 points ahead in polls taken in December."
_IN_PLURAL_STUDY_RE = re.compile(
    r"(?<![\w-])[Ii]n\s+((?:(?:recent|national|statewide|state|public|opinion|early|new|"
    r"latest|[A-Z][\w.’'/&-]*)\s+){0,3}(?:polls|surveys)(?:\s+(?:released|conducted|taken|"
    r"published)(?:\s+(?:in|on|last|this)\s+[\w.]+)?)?)(?=\s*[,.;!?])"
)
_COLON_SKIP = frozenset(
    ["update", "note", "background", "source", "sources", "editor", "editors", "photo"]
)


#: Heads of a label before a colon that introduces the writer's point, not a speaker:
#: "The Latest:", "Another problem for Sanders:", "The bottom line:".
_LABEL_HEADS = frozenset(
    [
        "latest",
        "problem",
        "question",
        "issue",
        "point",
        "lesson",
        "takeaway",
        "reason",
        "fact",
        "answer",
        "result",
        "catch",
        "twist",
        "line",
        "update",
        "news",
        "numbers",
        "context",
        "background",
        "verdict",
        "upshot",
        "problems",
        "questions",
        "issues",
        "takeaways",
        "reasons",
        "facts",
    ]
)


_LABEL_LEADS = frozenset(
    [
        "the",
        "a",
        "an",
        "another",
        "one",
        "big",
        "biggest",
        "key",
        "main",
        "first",
        "second",
        "final",
        "other",
        "real",
        "bottom",
        "only",
        "next",
    ]
)


def _is_label(text: str) -> bool:
    """True for "The Latest", "Another problem for Sanders": a heading, not a speaker."""
    head = re.split(r"\s+(?:for|of|on|about|in|from|with)\s+", text.strip(), maxsplit=1)[0]
    words = head.lower().split()
    return (
        bool(words)
        and words[-1] in _LABEL_HEADS
        and all(w in _LABEL_LEADS for w in words[:-1])  # not "Politico reveals the facts"
    )


def _colon_or_poll(body: str, s: int, e: int) -> list[_Raw]:
    """'Smith: “...”', transcript 'Lopez: Well, ...', and 'in a Fox News poll, ...'."""
    m = _COLON_SPEAKER_RE.match(body, s, e)
    if (
        m
        and m.group(1).split()[0].lower() not in _COLON_SKIP
        and not m.group(1).isupper()
        and not body[m.end()].isdigit()
        and "note" not in m.group(1).lower()
        and not _is_label(m.group(1))
        and (_mostly_capitalised(m.group(1)) or body[m.end()] in '“"')
    ):
        subject = _colon_clause_subject(body, m.start(1), m.end(1))
        if subject is not None and not _mostly_capitalised(m.group(1)):
            # "His supporters were making the same arguments: “...”": the clause's
            # subject speaks, and its predicate is the cue.
            cue = (_skip_ws(body, subject[1], m.end(1)), m.end(1) + 1)
            return [_Raw((m.end(), e), subject, cue)]
        return [_Raw((m.end(), e), m.span(1), (m.end(1), m.end(1) + 1))]
    m = _DASH_COLON_RE.search(body, s, e)
    if m:
        return [_Raw((m.end(), e), m.span(1), (m.end(1), m.end(1) + 1))]
    m = _IN_STUDY_RE.search(body, s, e) or _IN_PLURAL_STUDY_RE.search(body, s, e)
    if m and "statement" not in m.group(1) and "interview" not in m.group(1):
        np = (m.start(1), m.end(1))
        if not body[s : m.start()].strip(' \t"“”'):
            after = _skip_ws(body, np[1], e)
            if body[after : after + 1] == ",":
                return [_Raw((_skip_ws(body, after + 1, e), e), np, (m.start(), np[0]))]
        tail = body[np[1] : e]
        if m.group(0)[:2].lower() == "in" and (
            not tail.strip(' \t.,;:!?"”’)') or tail.lstrip().startswith(",")
        ):
            # "Trump leads by 8 points in the survey." / "..., in the survey, taken
            # July 11-14": the clause before the study is its finding.
            cstart, cend = _content_before(body, s, m.start())
            if cend > cstart:
                return [_Raw((cstart, cend), np, (m.start(), np[0]))]
        # Mid-sentence only a named study ("in a Fox News poll released Sunday") is a
        # source; "in the polls" is the document's own summary.
        name = m.group(1)
        if any(w[:1].isupper() for w in name.split()[1:]) or re.search(
            r"\b(?:released|conducted|taken|published|out)\b", name
        ):
            return [_Raw((s, e), np, (m.start(), np[0]))]
    return []


def _mostly_capitalised(name: str) -> bool:
    """True for names ("Head of Mission Karl Nilsen"), false for clauses before a colon."""
    words = name.split()
    caps = sum(1 for w in words if w[:1].isupper())
    return caps * 2 >= len(words)  # "Even on age: ..." is a lead-in, not a speaker


def _closing_quote_after_cue(body: str, r: _Raw) -> int | None:
    """Where a quotation holding the cue closes, when the content runs past it.

    A cue inside a quote ("Ann and I say a prayer for the victims," Romney tweeted
    after a gunman killed 49) governs only the rest of that quote; the words after the
    closing mark are the writer's or the outer speaker's.
    """
    cs, ce = r.content
    cue_start, cue_end = r.cue
    if cs < cue_end:
        return None  # content before the cue: the quote is the content itself
    para = body.rfind("\n", max(0, cue_start - 2000), cue_start) + 1
    before = body[para:cue_start]
    if before.count("“") > before.count("”"):
        close = body.find("”", cue_end, ce)
    elif before.count('"') % 2 == 1:
        close = body.find('"', cue_end, ce)
    else:
        return None
    if close == -1:
        return None
    end = _back_over(body, cs, close, " \t,.;:")
    return end if end > cs else None


def _quote_spans(body: str, s: int, e: int) -> list[tuple[int, int]]:
    """Quoted passages in ``body[s:e]``, closing at the paragraph end when left open."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    i = s
    for m in _QUOTE_CHAR_RE.finditer(body, s, e):
        i = m.start()
        ch = m.group(0)
        if ch == "\n":
            if open_at != -1:
                spans.append((open_at, i))
            open_at = -1
        elif ch == "“":
            if open_at == -1:
                open_at = i
        elif ch == "”":
            if open_at != -1:
                spans.append((open_at, i + 1))
                open_at = -1
        else:  # straight quote toggles
            if open_at == -1:
                open_at = i
            else:
                spans.append((open_at, i + 1))
                open_at = -1
    if open_at != -1:
        spans.append((open_at, e))
    return spans


_QUOTE_CHAR_RE = re.compile(r'[“”"\n]')
#: The first character that is not white space (``str.strip`` and ``\s`` agree on it).
_NON_SPACE_RE = re.compile(r"\S")
#: What may stand between a speaker's words and a quote that goes on with them.
_ADJACENT_GAP = " \t.,;:"


class _CueIndex:
    """Named-speaker relations by cue offset, so each quote looks only at its paragraph.

    ``named`` keeps the order the relations were found in: sorted by cue, then the colon
    blocks, each sorted in turn. It is cut into its sorted runs and each run is bisected,
    so a quote visits the relations of its own paragraph in the same order as a scan of
    the whole list would, at a cost that does not grow with the document.
    """

    __slots__ = ("runs",)

    def __init__(self, named: list[_Raw]) -> None:
        self.runs: list[tuple[list[int], list[_Raw]]] = []
        run: list[_Raw] = []
        for r in named:
            if run and r.cue[0] < run[-1].cue[0]:
                self.runs.append(([x.cue[0] for x in run], run))
                run = []
            run.append(r)
        if run:
            self.runs.append(([x.cue[0] for x in run], run))

    def between(self, start: int, end: int) -> Iterator[_Raw]:
        """The relations with a cue starting in ``[start, end)``, in list order."""
        for cues, run in self.runs:
            lo = bisect.bisect_left(cues, start)
            yield from run[lo : bisect.bisect_left(cues, end, lo)]


class _Coverage:
    """Whether some span of a set covers an offset, by bisection.

    Spans sorted by start, with the furthest end reached by any span starting at or
    before each of them: an offset is covered when that end, for the last span starting
    at or before it, lies beyond it.
    """

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _b in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _a, b in ordered:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def __call__(self, offset: int) -> bool:
        k = bisect.bisect_right(self.starts, offset)
        return bool(k) and self.reach[k - 1] > offset


def _quote_continuations(
    body: str, raw: list[_Raw], sentences: list[tuple[int, int]]
) -> list[_Raw]:
    """Quoted passages with no cue of their own take the speaker of the quote next to them.

    News quotes run over several sentences and paragraphs with the speaker named once
    (“We lost 50 men,” the general said. “We will not retreat.”); a quote of four words or
    more that starts a sentence, or follows a colon, belongs to the speaker quoted in the
    same paragraph, else to the last quoted speaker of the paragraph before.

    Each quote looks up the relations around it (by bisection on sorted offsets: content
    spans, line breaks, cues) instead of testing every relation of the document, so a
    long document costs what its paragraphs cost.
    """
    if not raw or not sentences:
        return []
    starts = {a for a, _b in sentences}
    added: list[_Raw] = []
    named = [r for r in raw if r.speaker is not None]
    index = _CueIndex(named)
    quoted: dict[int, bool] = {}  # id(relation) -> whether its content holds a quote mark
    covers = _Coverage(r.content for r in raw)
    newlines = [m.start() for m in re.finditer("\n", body)]
    for qs, qe in _quote_spans(body, sentences[0][0], sentences[-1][1]):
        if len(body[qs:qe].split()) < 4:
            continue
        before = body[max(0, qs - 2) : qs].strip()
        at_start = qs in starts or (qs - 1 in starts and body[qs - 1] == " ")
        if not at_start and before not in (":", ",") and not before.endswith("\n"):
            continue
        if covers((qs + qe) // 2):
            continue  # inside someone's content already
        k = bisect.bisect_left(newlines, qs)
        para_start = newlines[k - 1] + 1 if k else 0
        k = bisect.bisect_left(newlines, qe)
        para_end = newlines[k] if k < len(newlines) else len(body)
        # Speaker's words end "adjacent" to the quote when only spaces and punctuation
        # lie between: from ``gap`` on, body[gap:qs] is all such characters.
        gap = qs
        while gap > 0 and body[gap - 1] in _ADJACENT_GAP:
            gap -= 1
        pick = None
        for r in index.between(para_start, para_end):
            # A speaker quoted in this paragraph, or one whose words end right where the
            # quote begins ("Cruz tweeted a warning. “Remember in November ...”").
            has_quote = quoted.get(id(r))
            if has_quote is None:
                has_quote = quoted[id(r)] = _has_quote(body, r.content)
            adjacent = r.cue[0] < qs and max(r.content[1], r.cue[1]) >= gap
            if has_quote or adjacent:
                if r.cue[0] < qs or pick is None:
                    pick = r
                if r.cue[0] >= qe:
                    break
        if pick is None and _NON_SPACE_RE.search(body, para_start, qs) is None:
            j = max(0, para_start - 1)
            while j > 0 and body[j - 1].isspace():
                j -= 1  # past blank lines between paragraphs
            k = bisect.bisect_left(newlines, j)
            prev_para = newlines[k - 1] + 1 if k else 0
            # The last relation (from the end of the list) whose cue is before this
            # paragraph, unless it is before the paragraph before too.
            for cues, run in reversed(index.runs):
                k = bisect.bisect_left(cues, para_start)
                if k == 0:
                    continue
                r = run[k - 1]
                if r.cue[0] >= prev_para:
                    # The last speaker of the paragraph before, quoted or reported: a
                    # quote standing alone as a paragraph goes on with their words.
                    pick = r
                break
        if pick is not None:
            added.append(_Raw((qs, qe), pick.speaker, pick.cue))
    return added


#: A wire-copy dateline opening a paragraph: "CAMBRIDGE, Mass., Dec. 11 (UPI) — ",
#: "WASHINGTON -- ", "PORTLAND, Maine - ". Its place and date are the agency's, never
#: part of what anyone in the story says.
_DATELINE_RE = re.compile(
    r"\s*[A-Z][A-Z.'’-]{2,}(?:[ \t]+[A-Z][A-Z.'’-]+)*"
    r"(?:,[ \t]+[A-Z][A-Za-z.'’]+(?:[ \t]+[A-Z][A-Za-z.'’]+)?){0,2},?"
    r"(?:[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?)?"
    r"(?:[ \t]+\([A-Za-z]{2,12}\))?[ \t]*(?:—|–|--?)[ \t]*"
)
#: A colon, perhaps a line break, then an opening quote: "Cruz continued:\n\n“You ..."
_COLON_INTRO_RE = re.compile(r":[ \t\u00a0]*(?:\n[ \t\u00a0]*){0,3}(?=[“\"])")
#: "More from Jones:", "- From the report:": the name after "from" speaks the quote.
_FROM_NAME_COLON_RE = re.compile(
    r"(?:^|[\s—–-])(?:[Mm]ore\s+)?[Ff]rom\s+((?:the\s+)?[A-Z][\w.’'-]*"
    r"(?:\s+(?:and\s+|&\s+)?[A-Z][\w.’'-]*){0,5})\s*$"
)
#: Longest quoted block a colon introduction is taken to govern, in characters.
_COLON_BLOCK_LIMIT = 4000


def _colon_quote_blocks(body: str, raw: list[_Raw], sentences: list[tuple[int, int]]) -> list[_Raw]:
    """'The senator continued: “...”': a clause ending in a colon hands the quote after it,
    over as many sentences as it runs, to the clause's subject.

    Any verb can introduce a quote this way ("continued:", "had this to say:", "made the
    following comment:", "wrote in a letter to donors:"), so the cue is the clause's
    predicate rather than a word from the cue lexicon. The clause must have a subject
    able to hold a view and a lower-case predicate word, must not itself be quoted, and
    the quote must not already be someone's content.
    """
    if not sentences:
        return []
    starts = [a for a, _b in sentences]
    added: list[_Raw] = []
    for m in _COLON_INTRO_RE.finditer(body, sentences[0][0], sentences[-1][1]):
        colon, q = m.start(), m.end()
        k = bisect.bisect_right(starts, colon) - 1
        if k < 0:
            continue
        s = sentences[k][0]
        lead = body[s:colon]
        if any(ch in lead for ch in '“”"') or not 2 <= len(lead.split()) <= 30:
            continue
        if any(r.content[0] <= q < r.content[1] for r in raw if r.speaker is not None):
            continue
        named = _FROM_NAME_COLON_RE.search(body, s, colon)
        if named is not None:
            # A digest's "... - More from Blumenthal and Cohen: “...”": the name speaks.
            np = named.span(1)
        else:
            np = _colon_clause_subject(body, s, colon) or _sentence_subject(body, s, colon)
            if np is None or not _is_holder(body[np[0] : np[1]]):
                continue
            predicate = body[np[1] : colon].strip(" ,")
            if not re.search(r"(?<![\w-])[a-z]{2,}", predicate):
                continue  # "Poll: ..." or "Jones:" is a label, not a clause
        close = "”" if body[q] == "“" else '"'
        end = body.find(close, q + 1, min(len(body), q + _COLON_BLOCK_LIMIT))
        if end == -1:
            continue
        cue_start = np[1] + (len(body[np[1] : colon]) - len(body[np[1] : colon].lstrip(" ,")))
        added.append(_Raw((q, end + 1), np, (cue_start, colon + 1)))
    return added


#: Connectives that add to what the previous sentence reported: "At the same time",
#: "In addition", "Also". After "According to X, ..." they go on reporting X's account.
_ADDITIVE_LEAD_RE = re.compile(
    r"\s*(?:At\s+the\s+same\s+time|In\s+addition|Additionally|Also|Furthermore|"
    r"Moreover|Besides|Likewise|Similarly|In\s+total|Overall|Altogether)\s*,",
)


def _additive_continuations(
    body: str, raw: list[_Raw], sentences: list[tuple[int, int]]
) -> list[_Raw]:
    """'According to the ministry, 5 died. In addition, 12 were hurt.': both the ministry's.

    Only after a sentence whose content runs to its end from an "according to" cue at
    its start, for the next sentence of the same paragraph when it opens with an
    additive connective and has no cue of its own.
    """
    added: list[_Raw] = []
    starts = {r.content[0] for r in raw}
    cues = sorted(r.cue[0] for r in raw)
    covers = _Coverage(r.content for r in raw)
    index = _CueIndex([r for r in raw if r.speaker is not None])
    for (ps, pe), (ns, ne) in itertools.pairwise(sentences):
        if "\n" in body[pe:ns] or not _ADDITIVE_LEAD_RE.match(body, ns, ne):
            continue
        k = bisect.bisect_left(cues, ns)
        if (k < len(cues) and cues[k] < ne) or covers(ns):
            continue  # a cue of its own, or inside someone's content already
        lead = next(
            (
                r
                for r in index.between(ps, pe)
                if body[r.cue[0] : r.cue[1]].lower().startswith("according")
                and not body[ps : r.cue[0]].strip(" \t\"“”‘’'([—–-")
                and r.content[1] >= pe - 2
            ),
            None,
        )
        if lead is not None and ns not in starts:
            added.append(_Raw((_skip_ws(body, ns, ne), ne), lead.speaker, lead.cue))
    return added


def _has_quote(body: str, span: tuple[int, int]) -> bool:
    seg = body[max(0, span[0] - 1) : span[1] + 1]
    return "“" in seg or "”" in seg or '"' in seg


def _extend_quotes(body: str, raw: list[_Raw], sentences: list[tuple[int, int]]) -> None:
    """Let a quote that runs over several sentences keep one speaker.

    Content ending in a closing quote whose opening quote is in an earlier sentence
    starts at that opening quote; content with an opening quote that closes in a later
    sentence runs to the closing quote.
    """
    for idx, r in enumerate(raw):
        cs, ce = r.content
        seg = body[cs:ce]
        new_cs, new_ce = cs, ce
        opens = sum(seg.count(c) for c in "“")
        closes = sum(seg.count(c) for c in "”")
        straight = seg.count('"')
        if closes > opens or (straight % 2 == 1 and seg.rstrip(" ,.").endswith('"')):
            q = "“" if closes > opens else '"'
            found_at = body.rfind(q, max(0, cs - 1500), cs)
            if found_at != -1 and "\n\n" not in body[found_at:cs].strip():
                between = body[found_at:cs]
                if "”" not in between and (q != '"' or '"' not in between[1:]):
                    new_cs = found_at
        elif opens > closes or straight % 2 == 1:
            # An odd straight quote that does not close the content opens a quote:
            # 'Murphy said the party "may have lost. It will not recover."'

            q = "”" if opens > closes else '"'
            end_at = body.find(q, ce, min(len(body), ce + 1500))
            if end_at != -1:
                between = body[ce:end_at]
                if (
                    "“" not in between
                    and "\n\n" not in between
                    and (q != '"' or '"' not in between)
                ):
                    new_ce = end_at + 1
        if (new_cs, new_ce) != (cs, ce):
            raw[idx] = _Raw((new_cs, new_ce), r.speaker, r.cue)


def _clean_speaker(text: str) -> str:
    """The speaker as named, without 'figures from' / possessive-data wrappers."""
    label = text.rstrip(" \t,.;:")
    text = text.strip(" \t,.;:“”\"‘’'()")
    if label.endswith(")") and "(" in text:
        text = label.lstrip(" \t,.;:“”\"‘’'(")  # "Sen. Jane Doe (D-Ore.)"
    if text.endswith(("U.S", "Inc", "Jr", "Sr", "Co")):
        text += "."
    m = _SOURCE_FRONT_RE.match(text)
    if m:
        text = m.group(1)
    else:
        m = _POSSESSIVE_FRONT_RE.match(text)
        if m:
            text = m.group(1)
    return text


def _enclosing(raw: list[_Raw], r: _Raw) -> _Raw | None:
    """The smallest other relation whose content holds ``r``'s speaker mention."""
    if r.speaker is None:
        return None
    best = None
    for o in raw:
        if o is r or o.speaker is None:
            continue
        if o.content[0] <= r.speaker[0] < o.content[1] and (
            best is None or o.content[1] - o.content[0] < best.content[1] - best.content[0]
        ):
            best = o
    return best


def _resolve_pronoun(
    body: str, pronoun: str, offset: int, history: list[tuple[int, str, str | None, bool]]
) -> tuple[str, str | None] | None:
    """Name and party of the earlier speaker a pronoun most likely refers to."""
    want_person = pronoun in _PERSON_PRONOUNS
    want_org = pronoun in ("it", "its")
    best: tuple[int, str, str | None] | None = None
    for off, name, party, person in reversed(history):
        if off >= offset:
            continue
        if (want_person and not person) or (want_org and person):
            continue
        best = (off, name, party)
        break
    # Someone named in the text more recently than the last speaker ("Mr. Smith, the
    # mayor, arrived ... He said") is the likelier antecedent.
    lo = max(0, offset - 600, best[0] + 1 if best else 0)
    last: tuple[int, str] | None = None
    patterns = (_TITLES_RE, _ROLE_RE) if want_person else (_ORG_NAME_RE,) if want_org else ()
    for pattern in patterns:
        for m in pattern.finditer(body, lo, offset):
            if last is None or m.start(1) > last[0]:
                last = (m.start(1), m.group(1))
    if last is not None:
        return last[1], None
    if best is None:
        return None
    return best[1], best[2]
