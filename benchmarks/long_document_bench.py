"""Extraction of one long document: 100 KB, 500 KB and 1 MB of news prose.

Run: ``.venv/bin/python benchmarks/long_document_bench.py [DOCS_DIR] [--sizes 100,500,1000]``.

The long document is built at run time by joining PolNeAR train documents (DOCS_DIR,
default ``../shared/polnear/train/docs``) in name order, a blank line between them,
until it reaches the size in KB; no news text is kept in the repository. The baseline
is measured in the same run: the same documents extracted one by one. Extraction that
is linear in a document's length keeps ``long/apart`` near 1 at every size and grows
like the baseline from size to size; a cost that grows with the whole document (a
scan of every relation for every quote, say) shows as a rising ``long/apart``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from claimcheck.config import load_config_file
from claimcheck.extraction.pipeline import Extractor
from claimcheck.model import Source
from claimcheck.sources import Document, read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"


def documents_for(paths: list[Path], size: int) -> list[Document]:
    """The first documents whose bodies, joined by blank lines, reach ``size`` characters."""
    out: list[Document] = []
    total = 0
    for path in paths:
        document = read_document(path)
        out.append(document)
        total += len(document.body.strip()) + 2
        if total >= size:
            break
    return out


def joined(documents: list[Document], size: int) -> Document:
    body = "\n\n".join(d.body.strip() for d in documents)[:size] + "\n"
    return Document(source=Source(id=f"long-{size}"), body=body, path=Path("long.txt"))


def timed(run):
    gc.collect()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--sizes", default="100,500,1000", help="sizes in KB (1 KB = 1000)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # rows as they are measured
    paths = sorted(args.docs.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{args.docs}: no .txt documents to join")
    extractor = Extractor(load_config_file(ROOT / "claims" / "claimcheck.toml"))
    extractor.extract(read_document(paths[0]))  # warm caches and lazy regexes
    print(
        f"{'size':>8} {'docs':>5} {'claims':>7} {'apart s':>8} {'growth':>6} "
        f"{'long s':>8} {'growth':>6} {'long/apart':>10}"
    )
    last_apart = last_long = None
    for kb in (int(s) for s in args.sizes.split(",")):
        size = kb * 1000
        documents = documents_for(paths, size)
        long = joined(documents, size)
        apart, _ = timed(lambda ds=documents: [extractor.extract(d) for d in ds])
        whole, claims = timed(lambda d=long: extractor.extract(d))
        g_apart = f"{apart / last_apart:.1f}x" if last_apart else "-"
        g_long = f"{whole / last_long:.1f}x" if last_long else "-"
        print(
            f"{kb:>6}KB {len(documents):>5} {len(claims):>7,} {apart:>8.2f} {g_apart:>6} "
            f"{whole:>8.2f} {g_long:>6} {whole / apart:>10.2f}"
        )
        last_apart, last_long = apart, whole


if __name__ == "__main__":
    main()
