"""What a news article shares with other reports of the same event: names, key words, dates.

Three kinds of feature are read from the top of each article (the headline, the lead
and the first paragraphs carry the event; background comes later):

* **names**: runs of capitalised words that the batch itself writes capitalised in
  mid-sentence more often than in lower case ("Jamal Williams", "Interior Department").
  Truecasing from the batch keeps title-case headlines ("Obama Administration Restores
  Protections") from turning ordinary words into names, with no word list to maintain.
  Each word of a multi-word name is a feature too, so "Vincent Jackson" meets "Jackson".
* **words**: the other content words, English stop words (scikit-learn's list) and date
  words left out;
* **dates**: years written in the text, the year and month of the document's own date.

The features are plain strings with a namespace prefix, ready for a TF-IDF vectorizer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from claimcheck.sources import MONTH_NUMBERS, WEEKDAY_NUMBERS

#: How much of an article is read: the event is told at the top, and a bounded prefix
#: keeps the cost per document constant however long the document is.
READ_CHARS = 6000

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*[A-Za-z]|\d[\d,.]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: Words that name days, months and parts of the day: capitalised, but no name of an event.
DATE_WORDS = frozenset(
    [*MONTH_NUMBERS, *WEEKDAY_NUMBERS, "am", "pm", "today", "yesterday", "tomorrow"]
)
_STOP = ENGLISH_STOP_WORDS | DATE_WORDS
#: Characters that may stand between a sentence end and its first word.
_OPENERS = " \t\"'\u201c\u2018(`["


@dataclass(slots=True)
class DocumentFeatures:
    """One article's features, by namespace."""

    names: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # A name as first written ("Jamal Williams"), by its lower-case feature, for labels.
    surface: dict[str, str] = field(default_factory=dict)


def _sentence_initial(text: str, pos: int) -> bool:
    """True when the word at ``pos`` opens a sentence, a line or a quotation."""
    j = pos - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in ".!?\n:;"


def _norm(word: str) -> str:
    lower = word.lower().replace("\u2019", "'")
    return lower[:-2] if lower.endswith("'s") else lower


class Casing:
    """How often the batch writes each word capitalised mid-sentence and in lower case."""

    def __init__(self) -> None:
        self.capitalised: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()

    def add(self, text: str) -> None:
        """Count the casing of every word in ``text``."""
        text = text[:READ_CHARS]
        for match in _TOKEN.finditer(text):
            word = match.group()
            first = word[0]
            if first.isdigit():
                continue
            if first.islower():
                self.lower[_norm(word)] += 1
            elif not _sentence_initial(text, match.start()):
                self.capitalised[_norm(word)] += 1

    def is_name(self, lower: str) -> bool:
        """A word the batch writes capitalised mid-sentence at least twice as often as not."""
        return self.capitalised[lower] > 2 * self.lower[lower]


def document_features(
    text: str, casing: Casing, published: dt.date | None = None
) -> DocumentFeatures:
    """The features of one article (see the module docstring)."""
    text = text[:READ_CHARS]
    out = DocumentFeatures()
    current: list[str] = []
    written: list[str] = []

    def close() -> None:
        if current:
            name = " ".join(current)
            out.names.append(name)
            out.surface.setdefault(name, " ".join(written))
            for lower, word in zip(current, written, strict=True):
                out.surface.setdefault(lower, word)
            current.clear()
            written.clear()

    previous_end = 0
    for match in _TOKEN.finditer(text):
        word = match.group()
        if text[previous_end : match.start()].strip():
            close()  # punctuation between two capitalised words ends a name
        previous_end = match.end()
        if word[0].isdigit():
            close()
            if _YEAR.fullmatch(word):
                out.dates.append(word)
            continue
        lower = _norm(word)
        if word[0].isupper() and lower not in _STOP and casing.is_name(lower):
            current.append(lower)
            written.append(word[:-2] if lower != word.lower().replace("\u2019", "'") else word)
            if word.lower().endswith(("'s", "\u2019s")):
                close()  # a possessive ends a name: "Israel's army"
            continue
        close()
        if lower in _STOP or len(lower) < 3:
            continue
        out.words.append(lower)
    close()
    if published is not None:
        out.dates.extend([str(published.year), f"{published.year}-{published.month:02d}"])
    return out


def tokens(features: DocumentFeatures) -> list[str]:
    """All features of one article, each prefixed with its kind ("names:", "words:",
    "dates:"), as one vectorizer reads them."""
    return [
        *("names:" + term for term in name_terms(features.names)),
        *("words:" + word for word in features.words),
        *("dates:" + date for date in features.dates),
    ]


def name_terms(names: Iterable[str]) -> list[str]:
    """Each name, and each word of a multi-word name (marked "~"), as features.

    The words of a longer name are features of their own, apart from a one-word name
    written alone: "Scott Peterson" and "Laci Peterson" share "~peterson", and both
    meet a report that writes just "Peterson" only through the full names they share.
    """
    terms: list[str] = []
    for name in names:
        terms.append(name)
        parts = name.split()
        if len(parts) > 1:
            terms.extend("~" + part for part in parts)
    return terms
