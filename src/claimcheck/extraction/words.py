"""Word lists as patterns, and the number words news writes out ("three", "forty"), shared
by the figure, time and attribution readers."""

from __future__ import annotations

from collections.abc import Iterable

from retrie.trie import Trie


def alternation(words: Iterable[str], *, spaces: bool = False) -> str:
    """A regex group matching any of ``words`` (literal text), the longest where several
    start at one place, with ``spaces`` matching any run of whitespace.

    A plain ``a|b|c`` of hundreds of words is tried word by word at every position of
    every sentence; ``retrie`` shares the words' prefixes in one trie-shaped pattern,
    which matches the same text several times faster.
    """
    trie = Trie()
    for word in words:
        trie.add(word)
    pattern = trie.pattern()
    return pattern.replace("\\ ", "\\s+") if spaces else pattern


#: Spelled-out numbers up to ninety, lower case -> value; larger ones are built from them
#: ("forty-two") and from scale words ("thousand") by the figure reader.
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
