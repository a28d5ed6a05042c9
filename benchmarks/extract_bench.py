"""Extraction speed: words per second over a corpus, beside quantulum3 in the same run.

    python benchmarks/extract_bench.py [DOCS_DIR] [--limit N]

DOCS_DIR defaults to the PolNeAR train documents (../shared/polnear/train/docs). The
whole extraction pipeline (tables, sentences, attribution, figures, subjects, claim
models) runs on one core. quantulum3, when installed (``pip install quantulum3``), parses
the same documents as the baseline: claimcheck is timed again on exactly those, so the ratio
compares like with like. Peak memory is the process's peak resident set size
(``resource.getrusage``), documents and models included. Speed is measured here, never
asserted in tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from claimcheck.config import load_config_file
from claimcheck.extraction.pipeline import Extractor
from claimcheck.sources import read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"


def _time(label: str, words: int, run) -> float:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    rate = words / seconds
    print(f"{label:<28} {seconds:8.2f} s {rate:12,.0f} words/s  ({result})")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument(
        "--baseline-limit", type=int, default=60, help="documents both tools parse for the ratio"
    )
    args = parser.parse_args()
    paths = sorted(args.docs.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        raise SystemExit(f"{args.docs}: no .txt documents to measure")
    documents = [read_document(p) for p in paths]
    words = sum(len(d.body.split()) for d in documents)
    print(f"{len(documents)} documents, {words:,} words from {args.docs}")
    extractor = Extractor(load_config_file(ROOT / "claims" / "claimcheck.toml"))
    extractor.extract(documents[0])  # warm caches and lazy regexes

    _time(
        "claimcheck extraction",
        words,
        lambda: f"{sum(len(extractor.extract(d)) for d in documents):,} claims",
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mib = peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes vs KiB
    print(f"{'peak memory (process)':<28} {peak_mib:8.1f} MiB")

    try:
        from quantulum3 import parser as quantulum
    except ImportError:
        print("quantulum3 not installed: no baseline (pip install quantulum3)")
        return
    sample = documents[: args.baseline_limit]
    if not sample:
        print("--baseline-limit 0: quantulum3 not measured")
        return
    sample_words = sum(len(d.body.split()) for d in sample)
    same = _time(
        f"claimcheck ({len(sample)} documents)",
        sample_words,
        lambda: f"{sum(len(extractor.extract(d)) for d in sample):,} claims",
    )
    baseline = _time(
        f"quantulum3 ({len(sample)} documents)",
        sample_words,
        lambda: f"{sum(len(quantulum.parse(d.body)) for d in sample):,} quantities",
    )
    print(f"ratio on the same documents: claimcheck is {same / baseline:,.1f}x the words/s "
          "of quantulum3")  # fmt: skip


if __name__ == "__main__":
    main()
