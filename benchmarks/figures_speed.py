"""Words per second of sentence splitting plus figure finding over a folder of documents.

usage: python benchmarks/figures_speed.py [DOCS_DIR] [--repeat N]

Extraction as a whole must stay above 20,000 words/s on one core and the figure finder
should take well under a third of that budget, so it is timed apart from the splitter.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from claimcheck.extraction.figures import FigureFinder
from claimcheck.extraction.sentences import split_sentences

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train" / "docs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, nargs="?", default=DEFAULT_DOCS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bodies = [p.read_text(encoding="utf-8") for p in sorted(args.docs.glob("*.txt"))]
    words = sum(len(body.split()) for body in bodies)
    sentences = [split_sentences(body) for body in bodies]
    best_find = best_split = float("inf")
    figures = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        for body in bodies:
            split_sentences(body)
        best_split = min(best_split, time.perf_counter() - began)
        began = time.perf_counter()
        figures = 0
        for body, spans in zip(bodies, sentences, strict=True):
            finder = FigureFinder(body)
            for start, end in spans:
                figures += len(finder.find(start, end))
        best_find = min(best_find, time.perf_counter() - began)
    print(f"{len(bodies)} documents, {words:,} words, {figures:,} figures")
    print(f"figure finder:        {words / best_find:,.0f} words/s")
    print(f"splitter + finder:    {words / (best_find + best_split):,.0f} words/s")


if __name__ == "__main__":
    main()
