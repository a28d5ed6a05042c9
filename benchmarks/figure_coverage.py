"""Share of PolNeAR gold numbers that the figure finder covers.

usage: python benchmarks/figure_coverage.py SPLIT_DIR [--misses N]

Splits every ``SPLIT_DIR/docs/*.txt`` into sentences, runs :class:`FigureFinder` on
each (published on the date in the file name), and counts a gold number
(``attributed`` and ``own_voice`` in ``gold.json``) as covered when some figure's
``value_span`` overlaps it. With ``--misses N`` it prints N missed numbers in context,
which is how to see what kind of figure is not read yet.

PolNeAR marks every number, including clock times ("7:05 p.m.") and tweet ids and
timestamps, which claimcheck deliberately does not read as figures; a second line
gives the share of the gold numbers that remain once those are set aside.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

from claimcheck.extraction.figures import FigureFinder
from claimcheck.extraction.sentences import split_sentences


def published_from_name(name: str) -> dt.date | None:
    """PolNeAR file names carry the publication date: ``outlet_2016-03-01_slug``."""
    found = re.search(r"_(\d{4})-(\d{2})-(\d{2})_", name)
    return dt.date(*map(int, found.groups())) if found else None


#: Gold numbers that are not figures by claimcheck's rules: part of a clock time
#: ("7:05", "8 p.m."), or
#: an id or timestamp of ten digits or more.
NOT_A_FIGURE = re.compile(r"\d{1,2}:\s?\d\d|\d{1,2}\s?(?:[ap]\.m\.|[AaPp]M\b)|\d{10,}")


def not_a_figure(body: str, start: int, end: int) -> bool:
    """True when the gold number at ``body[start:end]`` sits in a clock time or an id."""
    window_start = max(0, start - 3)
    return any(
        m.start() < end and start < m.end()
        for m in NOT_A_FIGURE.finditer(body, window_start, min(len(body), end + 3))
    )


def value_spans(body: str, published: dt.date | None) -> list[tuple[int, int]]:
    """Value spans of every figure in ``body``, sentence by sentence."""
    finder = FigureFinder(body, published)
    spans: list[tuple[int, int]] = []
    for start, end in split_sentences(body):
        spans.extend(figure.value_span for figure in finder.find(start, end))
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    gold = json.loads((args.split / "gold.json").read_text(encoding="utf-8"))["docs"]
    total = covered = excluded = excluded_covered = 0
    misses: list[str] = []
    for name, entry in sorted(gold.items()):
        body = (args.split / "docs" / f"{name}.txt").read_text(encoding="utf-8")
        spans = sorted(value_spans(body, published_from_name(name)))
        for item in entry["attributed"] + entry["own_voice"]:
            start, end = item["span"]
            total += 1
            hit = any(a < end and start < b for a, b in spans)
            if not_a_figure(body, start, end):
                excluded += 1
                excluded_covered += hit
            if hit:
                covered += 1
            else:
                context = body[max(0, start - 50) : start] + "[[" + body[start:end] + "]]"
                misses.append((context + body[end : end + 30]).replace("\n", " "))
    print(f"{covered}/{total} gold numbers covered: {covered / max(total, 1):.1%}")
    rest, rest_covered = total - excluded, covered - excluded_covered
    print(
        f"{rest_covered}/{rest} without clock times and ids ({excluded} set aside): "
        f"{rest_covered / max(rest, 1):.1%}"
    )
    random.Random(0).shuffle(misses)
    for line in misses[: args.misses]:
        print("  ", line)


if __name__ == "__main__":
    main()
