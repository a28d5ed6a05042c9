"""Attribute the numbers of a PolNeAR split and write a report the scorer reads.

usage: python benchmarks/attribution_polnear.py SPLIT_DIR OUT.json

For each ``SPLIT_DIR/docs/*.txt`` the script splits sentences, finds the figures
claimcheck reads (:class:`claimcheck.extraction.figures.FigureFinder`), attributes each
one with :func:`relation_at`, and writes
``{"claims": [...], "conflicts": [], "one_sided": []}``. It prints the attribution speed
in words per second, since extraction as a whole has to stay above 20,000 words/s.
Score with ``python3 /work/shared/eval/attribution_score.py SPLIT_DIR OUT.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from claimcheck.config import Config
from claimcheck.extraction.attribution import Attributor, relation_at
from claimcheck.extraction.figures import FigureFinder
from claimcheck.extraction.sentences import split_sentences


def number_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Value spans of the figures in ``body[start:end]``."""
    return [tuple(f.value_span) for f in FigureFinder(body, None).find(start, end)]


def main(split_dir: str, out: str) -> None:
    """Write the report for one split and print words/s."""
    attributor = Attributor(Config())
    claims = []
    words = 0
    spent = 0.0
    for path in sorted((Path(split_dir) / "docs").glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        words += len(body.split())
        sentences = split_sentences(body)
        t0 = time.perf_counter()
        relations = attributor.attribute(body, sentences)
        spent += time.perf_counter() - t0
        for s, e in sentences:
            for vs, ve in number_spans(body, s, e):
                rel = relation_at(relations, vs)
                claims.append(
                    {
                        "id": f"{path.stem}:{vs}",
                        "source": path.stem,
                        "span": [s, e],
                        "quote": body[s:e],
                        "value_span": [vs, ve],
                        "attribution": {
                            "speaker": rel.speaker if rel else None,
                            "party": rel.party if rel else None,
                        },
                    }
                )
    Path(out).write_text(json.dumps({"claims": claims, "conflicts": [], "one_sided": []}))
    print(f"{words} words, attribution {words / spent:,.0f} words/s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
