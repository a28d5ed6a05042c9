"""Sentence boundaries in news and encyclopedia text, as exact body offsets.

Rules, in the order they matter for news text:

* a line break always ends a sentence (news paragraphs, headings, table rows);
* ``.``, ``!`` or ``?`` (with closing quotes or brackets) ends one when whitespace or a
  citation marker follows and the next word does not start in lower case;
* citation markers such as ``[54]`` stay with the sentence they follow, and a sentence
  may start right after them with no space ("... states.[1]Background");
* abbreviations ("Sept.", "U.S.", "Gen.", "a.m.") and initials ("J. Smith") do not end one.

Spans never include the surrounding whitespace, so ``body[start:end]`` is the sentence
exactly as written.
"""

from __future__ import annotations

import re
from itertools import pairwise

#: Citation markers as encyclopedias write them: [12], [a], [citation needed], [note 3].
CITATION = r"\[(?:\d{1,4}|[a-z]|citation needed|note \d+|clarification needed)\]"
CITATION_RE = re.compile(CITATION)

# Words that end in a period without ending a sentence (compared lower-cased, no dot).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "p",
        "fig",
        "est",
        "approx",
        "ca",
        "cf",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "dept",
        "univ",
        "assn",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
        "al",
        "mt",
        "ft",
        "sq",
        "km",
        "mi",
        # plural titles: "Sens. Rubio and Cruz", "Reps. Smith and Jones"
        "sens",
        "reps",
        "govs",
        "gens",
        "drs",
        "profs",
        "messrs",
        "mmes",
        "supt",
        # US state abbreviations that are not also English words ("Ill.", "Wash." are)
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "fla",
        "ga",
        "kan",
        "ky",
        "mich",
        "minn",
        "mont",
        "neb",
        "nev",
        "okla",
        "tenn",
        "tex",
        "va",
        "vt",
        "wis",
        "wyo",
    ]
)

_BOUNDARY = re.compile(
    r"""
    (?P<stop>[.!?]+["”’')\]]*)          # sentence-final punctuation and closers
    (?P<cites>(?:[ ]?"""
    + CITATION
    + r""")*)  # citation markers (even spaced: "[78] [12]") that belong to the sentence
    (?P<gap>[ \t\u00a0\u2009\u202f]+|(?=\S))  # spaces (no-break too), or a run-in start
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, stop_at: int) -> bool:
    """True when the period at ``stop_at`` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, max(0, stop_at - 12), stop_at)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower().rstrip(".") in ABBREVIATIONS


def _boundaries_in_line(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a new sentence begins."""
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(text, start, end):
        nxt = match.end()
        if nxt >= end:
            break
        if not match.group("cites") and not match.group("gap"):
            continue  # "3.5", "U.S.-brokered": no space and no citation
        following = text[nxt]
        if following.islower():
            continue
        stop = match.group("stop")
        if (
            stop[0] == "."
            and len(stop.rstrip("\"”’')]")) == 1
            and not match.group("cites")
            and _is_abbreviation(text, match.start("stop"))
        ):
            continue
        cuts.append(nxt)
    return cuts


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as (start, end) offsets, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end == -1:
            line_end = end
        pieces = [line_start, *_boundaries_in_line(text, line_start, line_end), line_end]
        for a, b in pairwise(pieces):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
        line_start = line_end + 1
    return spans
