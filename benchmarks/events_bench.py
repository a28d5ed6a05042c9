"""Event grouping at archive scale: time and memory for growing corpora, beside extraction.

    python benchmarks/events_bench.py [DOCS_DIR] [--sizes 1000,10000,100000] [--extract N]

The corpus is DOCS_DIR (default: the PolNeAR train documents) repeated with small
perturbations until it reaches each size: every copy drops one paragraph and gets a
line of its own, as wire copy republished by many outlets does. Each size is grouped
into events in a fresh process (so peak memory is that size's own), and the extraction
of ``--extract`` of the same documents is timed in the same run as the baseline, with
its per-document cost scaled to each size. Growth per tenfold is printed for both.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"


def corpus(docs_dir: Path, size: int, seed: int = 7) -> list:
    """``size`` documents made from the originals, each copy slightly perturbed."""
    from claimcheck.model import Source
    from claimcheck.sources import Document, read_document

    originals = [read_document(p) for p in sorted(docs_dir.glob("*.txt"))]
    if not originals:
        raise SystemExit(f"{docs_dir}: no .txt documents")
    rng = random.Random(seed)
    out = []
    for i in range(size):
        base = originals[i % len(originals)]
        paragraphs = base.body.split("\n\n")
        if len(paragraphs) > 2:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        body = "\n\n".join(paragraphs) + f"\n\nRepublished as item {i}.\n"
        source = Source(id=f"doc-{i:07d}", published=base.source.published)
        out.append(Document(source=source, body=body, path=Path(f"doc-{i:07d}.txt")))
    return out


def measure_events(docs_dir: Path, size: int) -> dict:
    """Group ``size`` documents; seconds, peak memory and the number of events."""
    from claimcheck.events import find_events

    documents = corpus(docs_dir, size)
    start = time.perf_counter()
    index = find_events(documents)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "size": size,
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
        "events": len(index.events),
    }


def measure_extraction(docs_dir: Path, count: int) -> float:
    """Seconds per document for extraction of ``count`` of the same documents."""
    from claimcheck.config import Config
    from claimcheck.extraction.pipeline import Extractor

    documents = corpus(docs_dir, count)
    extractor = Extractor(Config())
    extractor.extract(documents[0])
    start = time.perf_counter()
    for document in documents:
        extractor.extract(document)
    return (time.perf_counter() - start) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--extract", type=int, default=1000, help="documents to extract")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_events(args.docs, args.one)))
        return
    per_doc = measure_extraction(args.docs, args.extract)
    print(f"extraction: {per_doc * 1000:.1f} ms a document ({args.extract} documents, one core)")
    print(
        f"{'documents':>10} {'events':>8} {'grouping s':>11} {'peak MiB':>9} "
        f"{'extraction s':>13} {'grouping/extraction':>20} {'growth':>7}"
    )
    previous = None
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, str(args.docs), "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        extraction = per_doc * size
        growth = ""
        if previous is not None:
            growth = f"{row['seconds'] / previous['seconds']:.1f}x/{size // previous['size']}x"
        print(
            f"{size:>10} {row['events']:>8} {row['seconds']:>11.1f} {row['peak_mib']:>9.0f} "
            f"{extraction:>13.0f} {row['seconds'] / extraction:>20.3f} {growth:>7}"
        )
        previous = row


if __name__ == "__main__":
    main()
