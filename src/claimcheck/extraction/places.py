"""Where a figure is: configured places and known towns named in the text.

A configured spelling is a place wherever it stands, in any case. A known town (from the
shipped GeoNames list, ``claimcheck.knowledge.general_places``) is a place only where the
text names it as one: as a whole capitalised name of its own ("Aghdam", "Hawaiian
Gardens", "Jabrayil District"), never as part of a longer one ("Los Angeles Police",
"President Obama"), and never in a document that uses the same word as a person's name
("Tara Reid", "Whoopi Goldberg": a surname after a first name or title). Many towns share
their names with people, and a wrong place would keep two reports of one figure apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimcheck.config import Config
from claimcheck.knowledge import general_places, place_words, town_population

#: A run of capitalised words (one space apart), the only text a town is looked up in.
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽƏ"
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]*(?: [{_UPPER}][\w'’-]*)*")
_WORD = re.compile(r"[^ ]+")
_OPENERS = frozenset(".!?:;\"“”‘'(\n")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_LONGEST_TOWN = 4  # words in the longest town name tried
#: A city this big is a place wherever its name stands alone ("Detroit", "Sydney").
_BIG_CITY = 1_000_000
_WORD_BEFORE = re.compile(r"(?:([a-z]+)[ \t]+)?([A-Za-z]+)[ \t]+$")
_LIST_GAP = re.compile(r",[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+")
_WORD_AFTER = re.compile(r"[ \t]+([a-z]+)")


def _starts_sentence(text: str, position: int) -> bool:
    """Whether ``position`` starts a sentence, a quotation or a line (looking back only)."""
    i = position - 1
    while i >= 0 and text[i] in " \t" and position - i < 4:
        i -= 1
    return i < 0 or text[i] in _OPENERS


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _town_at(text: str, words: list[tuple[int, int]], i: int) -> tuple[int, str, str] | None:
    """The longest known town starting at word ``i``: (words used, town, the spelling as
    written, without a possessive), or None."""
    towns = general_places()
    for j in range(min(len(words), i + _LONGEST_TOWN) - 1, i - 1, -1):
        name = text[words[i][0] : words[j][1]].rstrip("'’-")
        if name.endswith(("'s", "’s")) and name not in towns:
            name = name[:-2]  # "Aghdam's"
        town = towns.get(name)
        if town is not None:
            return j - i + 1, town, name
    return None


@lru_cache(maxsize=8)
def _lowercase_words(text: str) -> frozenset[str]:
    """Words this document writes in lower case: "in", "by", "with", never "tara"."""
    return frozenset(_LOWER_WORD.findall(text))


def _opening_word_is_ordinary(text: str, words: list[tuple[int, int]]) -> bool:
    """Whether a run's first word is capitalised only because it starts a sentence.

    "In Aghdam", "With Pierre": a locative preposition, or a word the document writes in
    lower case elsewhere. "Tara Reid" at the start of a sentence is a name all the same.
    """
    if not words or not _starts_sentence(text, words[0][0]):
        return False
    first = text[words[0][0] : words[0][1]].lower()
    return first in place_words()["before"] or first in _lowercase_words(text)


@lru_cache(maxsize=8)
def _people(text: str) -> frozenset[str]:
    """Town spellings this document uses as surnames: the last word of a longer name.

    "Tara Reid", "President Obama", "Regina M. Benjamin": when a town's spelling closes a
    capitalised name that does not start a sentence, this document knows it as a
    person's name, so it is no place anywhere in the document.
    """
    towns = general_places()
    people = set()
    for run in _CAPITALISED_RUN.finditer(text):
        words = _words(text, run.start(), run.end())
        if _opening_word_is_ordinary(text, words):
            words = words[1:]  # "In Aghdam": a sentence's first word is capitalised anyway
        if len(words) < 2:
            continue
        last = text[words[-1][0] : words[-1][1]].rstrip("'’-,")
        if last.endswith(("'s", "’s")):
            last = last[:-2]
        whole = _town_at(text, words, 0)
        if last in towns and (whole is None or whole[0] < len(words)):
            people.add(last)
    return frozenset(people)


def _candidate(text: str, words: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The town a capitalised run names as a whole, if it names one: (start, end, town)."""
    kinds = place_words()["kinds"]
    first = 1 if len(words) > 1 and _opening_word_is_ordinary(text, words) else 0
    hit = _town_at(text, words, first)
    if hit is None:
        return None
    used, town, spelling = hit
    if any(text[s:e] not in kinds for s, e in words[first + used :]):
        return None  # part of a longer name: "Los Angeles Police"
    start = words[first][0]
    if spelling in _people(text):
        return None  # "Reid" in a document about Tara Reid
    return start, start + len(spelling), town


@lru_cache(maxsize=8)
def _placed(text: str) -> frozenset[str]:
    """Towns this document writes as places somewhere.

    "in Aghdam", "Jabrayil district", "the city of Jabrayil"; and every town of a list
    that holds one of them ("the Aghdam and Tartar districts", "the districts of Ağdam,
    Xocavənd, and Kalbajar").
    """
    words = place_words()
    placed: set[str] = set()
    listed: list[str] = []  # the towns of the list being read
    list_is_placed = False
    previous_end = -1
    for run in _CAPITALISED_RUN.finditer(text):
        candidate = _candidate(text, _words(text, run.start(), run.end()))
        if candidate is None:
            continue
        start, end, town = candidate
        if previous_end < 0 or not _LIST_GAP.fullmatch(text, previous_end, start):
            if list_is_placed:
                placed.update(listed)
            listed, list_is_placed = [], False
        listed.append(town)
        previous_end = end
        before = _WORD_BEFORE.search(text, max(0, start - 30), start)
        after = _WORD_AFTER.match(text, end)
        if (
            (before and before.group(2).lower() in words["before"])
            or (before and before.group(2) == "of" and before.group(1) in words["after"])
            or (after and after.group(1) in words["after"])
        ):
            list_is_placed = True
    if list_is_placed:
        placed.update(listed)
    return frozenset(placed)


def _town_in_run(text: str, words: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """A town the run names, if this document takes it as a place (or it is a big city)."""
    candidate = _candidate(text, words)
    if candidate is None:
        return None
    town = candidate[2]
    if town_population(town) < _BIG_CITY and town not in _placed(text):
        return None  # "the Obama administration": never "in Obama" in this document
    return candidate


def find_places(config: Config, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Places named in ``text[start:end]``, in order: (start, end, canonical name)."""
    found: list[tuple[int, int, str]] = []
    pattern = config.place_pattern
    if pattern is not None:
        for match in pattern.finditer(text, start, end):
            canonical = config.canonical_place(match.group())
            if canonical:
                found.append((match.start(), match.end(), canonical))
    if not config.general_knowledge:
        return found
    taken = [(s, e) for s, e, _ in found]
    for run in _CAPITALISED_RUN.finditer(text, start, end):
        place = _town_in_run(text, _words(text, run.start(), run.end()))
        if place is not None and not any(s < place[1] and place[0] < e for s, e in taken):
            found.append((place[0], place[1], config.canonical_place(place[2]) or place[2]))
    found.sort()
    return found
