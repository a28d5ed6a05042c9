"""Comparison of many figures of one subject: 250, 1k, 4k and 10k figures in one document.

Run: ``.venv/bin/python benchmarks/one_subject_bench.py [--sizes 250,1000,4000,10000]
[--reference-limit 2000] [--anchored-sizes 250,500,1000]``.

Each size is one synthetic document of N sentences of one subject with figures drawn at
random ("The ministry said 1,234 soldiers were killed."), four to a paragraph. It is
extracted, and ``compare`` is timed over its claims. Two baselines are measured in the
same run:

* the extraction of the same document, whose cost grows linearly with its length:
  ``cmp/ext`` stays flat when comparison grows linearly too;
* the pairwise reference, which tests every pair of distinct figures as the comparator
  did before its pair search (run up to ``--reference-limit`` figures; it is quadratic),
  with a check that it gives the same findings.

Two shapes:

* ``unanchored``: "soldiers" with no side, place or longer subject. Within one document
  such a subject recurs for many incidents, so no two of its figures are one quantity:
  there is nothing to report, and all the cost is finding that out.
* ``anchored``: "police officers", a two-word subject, anchors every figure; every pair
  of figures within three times of each other is one quantity and gets a verdict. The
  findings themselves grow with the square of the figures, and so must the time: the
  ``us/verdict`` column shows the cost per verdict listed staying flat.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

from claimcheck.comparison import compare, verdicts
from claimcheck.config import load_config_file
from claimcheck.extraction.pipeline import Extractor
from claimcheck.model import Source
from claimcheck.sources import Document

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = {
    "unanchored": "The ministry said {v:,} soldiers were killed.",
    "anchored": "The ministry said {v:,} police officers were injured.",
}


def make_document(n: int, shape: str, seed: int = 1) -> Document:
    """One document of ``n`` sentences of one subject, four to a paragraph."""
    rng = random.Random(seed)
    sentences = [SENTENCES[shape].format(v=rng.randint(1, 5000)) for _ in range(n)]
    body = "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, n, 4)) + "\n"
    return Document(source=Source(id=f"bench-{shape}-{n}"), body=body, path=Path("bench.txt"))


def every_pair(signatures: list) -> list[tuple[int, int]]:
    """The pairwise reference: every pair of distinct figures is tested."""
    n = len(signatures)
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def timed(run):
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = run()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def growth(now: float, before: float | None) -> str:
    return f"{now / before:.1f}x" if before else "-"


def run_shape(shape: str, sizes: list[int], reference_limit: int, extractor, config) -> None:
    print(f"\n{shape}: figures of one subject in one document")
    print(
        f"{'figures':>8} {'extract s':>9} {'growth':>6} {'compare s':>9} {'growth':>6} "
        f"{'cmp/ext':>7} {'pairwise s':>10} {'growth':>6} {'pw/cmp':>7} {'verdicts':>9} "
        f"{'us/verdict':>10}"
    )
    last: dict[str, float | None] = {"ext": None, "cmp": None, "pw": None}
    for n in sizes:
        document = make_document(n, shape)
        t_ext, claims = timed(lambda d=document: extractor.extract(d))
        t_cmp, findings = timed(lambda c=claims: compare(c, config))
        listed = sum(len(f.verdicts) for f in findings)
        pairwise = "-"
        pw_growth = pw_ratio = "-"
        if n <= reference_limit:
            original = verdicts.scope_candidates
            verdicts.scope_candidates = every_pair
            try:
                t_pw, reference = timed(lambda c=claims: compare(c, config))
            finally:
                verdicts.scope_candidates = original
            if reference != findings:
                raise SystemExit(f"{shape} {n}: the pairwise reference gives other findings")
            pairwise = f"{t_pw:.2f}"
            pw_growth = growth(t_pw, last["pw"])
            pw_ratio = f"{t_pw / t_cmp:.0f}x"
            last["pw"] = t_pw
        else:
            last["pw"] = None
        per_verdict = f"{t_cmp / listed * 1e6:.1f}" if listed else "-"
        print(
            f"{n:>8,} {t_ext:>9.2f} {growth(t_ext, last['ext']):>6} {t_cmp:>9.3f} "
            f"{growth(t_cmp, last['cmp']):>6} {t_cmp / t_ext:>7.3f} {pairwise:>10} "
            f"{pw_growth:>6} {pw_ratio:>7} {listed:>9,} {per_verdict:>10}"
        )
        last["ext"], last["cmp"] = t_ext, t_cmp
        if len(claims) != n:
            print(f"{'':>8} ({len(claims):,} claims extracted from {n:,} sentences)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000,10000")
    parser.add_argument("--anchored-sizes", default="250,500,1000")
    parser.add_argument(
        "--reference-limit", type=int, default=2000, help="largest size the pairwise path runs"
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # rows as they are measured
    config = load_config_file(ROOT / "claims" / "claimcheck.toml")
    extractor = Extractor(config)
    extractor.extract(make_document(10, "unanchored"))  # warm caches and lazy regexes
    print(
        "growth: time over the previous size's; cmp/ext: comparison over extraction of the"
        " same document; pw/cmp: pairwise reference over comparison"
    )
    for shape, sizes in (("unanchored", args.sizes), ("anchored", args.anchored_sizes)):
        if sizes:
            run_shape(
                shape, [int(s) for s in sizes.split(",")], args.reference_limit, extractor, config
            )


if __name__ == "__main__":
    main()
