"""How comparison and ``scan`` grow with their input: figures from 1k to 100k, one
document from 100 KB to 5 MB.

Run: ``.venv/bin/python benchmarks/scale_bench.py [DOCS_DIR] [--figures 1000,10000,100000]
[--one-event 1000,2000,4000] [--kb 100,200,500,1000,2000,5000] [--only compare|scan]
[--repeat 3] [--scan-repeat 1]``. Each time is the best of ``--repeat`` runs (compare)
or ``--scan-repeat`` runs (scan and its baseline): other work on a shared machine only
ever adds time.

Comparison (``compare`` on claims already extracted), three shapes:

* ``one document``: N sentences of one subject with random figures in one document
  (``one_subject_bench``'s unanchored shape), the case that was quadratic;
* ``across documents``: the same number of figures in N/10 documents of ten sentences,
  ten documents to an event, each reporting its event's few quantities (soldiers killed
  on each side, civilians wounded, people displaced) with figures that mostly agree and
  sometimes do not, as several outlets reporting one story do. Events are assigned, not
  grouped (grouping has its own benchmark, ``events_bench``);
* ``one event``: N/10 documents all of one event, every figure of a quantity compared
  with every other: a disagreement lists a verdict for each pair of figures it finds
  apart, so the output, and with it the time, grows with the square of the figures; the
  time per verdict listed is what must stay flat. Run to smaller sizes.

The baseline, measured in the same run, is the extraction of the same documents, whose
cost is linear in the text: ``cmp/ext`` stays flat when comparison grows linearly too.

``scan`` (read, extract, group into events, compare, render JSON, in this process) on
one file of N KB of news prose, joined from PolNeAR train documents (DOCS_DIR, default
``../shared/polnear/train/docs``, repeated if they run out) at run time. The baseline is
the extraction of the same documents one by one.

Each row gives the time's growth over the previous size, and ``x per 2x``: that growth
brought to a doubling of the input (``growth ** (log 2 / log size ratio)``), so steps of
any size read against the target of at most 2.2x the time for twice the input.
"""

from __future__ import annotations

import argparse
import gc
import io
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from claimcheck.analysis import scan
from claimcheck.comparison import compare
from claimcheck.config import Config, load_config_file
from claimcheck.extraction.pipeline import Extractor
from claimcheck.model import Claim, Source
from claimcheck.reports import render
from claimcheck.sources import Document, read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"
T = TypeVar("T")

#: One subject, no side or place: nothing to report, all the cost is finding that out.
ONE_SUBJECT = "The ministry said {v:,} soldiers were killed."
#: The quantities an event's reports give, each with the figure most outlets agree on.
QUANTITIES = [
    ("The Armenian defence ministry said {v:,} Azerbaijani soldiers were killed.", 49),
    ("Azerbaijan's ministry said {v:,} Armenian soldiers were killed.", 120),
    ("Officials said {v:,} civilians were wounded in the shelling.", 35),
    ("The Red Cross said about {v:,} people had been displaced.", 3000),
    ("Local officials said {v:,} houses were destroyed.", 210),
]


def timed(run: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    """The best of ``repeat`` runs (other work on the machine only ever adds time) and
    the last result."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = run()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def growth(now: float, before: float | None, size: int, last_size: int | None) -> str:
    """``1.9x  (2.0x per 2x)``: growth over the previous size, and brought to a doubling."""
    if not before or not last_size:
        return f"{'-':>7} {'-':>10}"
    ratio = now / before
    per_double = ratio ** (math.log(2) / math.log(size / last_size))
    return f"{ratio:>6.1f}x {per_double:>9.2f}x"


def one_document(n: int) -> list[Document]:
    rng = random.Random(1)
    sentences = [ONE_SUBJECT.format(v=rng.randint(1, 5000)) for _ in range(n)]
    body = "\n\n".join(" ".join(sentences[k : k + 4]) for k in range(0, n, 4)) + "\n"
    return [Document(source=Source(id=f"one-{n}"), body=body, path=Path("one.txt"))]


def reports(n: int, per_event: int | None) -> list[Document]:
    """``n`` sentences in documents of ten, ``per_event`` documents to an event (None:
    all of one event); each sentence one of its event's quantities, its figure the agreed
    one four times in five, else off by up to a half."""
    rng = random.Random(2)
    documents = []
    for number in range(n // 10):
        sentences = []
        for _ in range(10):
            template, agreed = rng.choice(QUANTITIES)
            figure = agreed if rng.random() < 0.8 else max(1, int(agreed * rng.uniform(0.5, 1.5)))
            sentences.append(template.format(v=figure))
        event = "all" if per_event is None else number // per_event
        documents.append(
            Document(
                source=Source(id=f"wire-{event}-{number}"),
                body=" ".join(sentences) + "\n",
                path=Path(f"wire-{number}.txt"),
            )
        )
    return documents


def with_events(claims: list[Claim]) -> list[Claim]:
    """Each claim with its document's event, as the store's grouping would give it."""
    return [
        claim.model_copy(update={"event_id": "e-" + claim.source.split("-")[1]}) for claim in claims
    ]


def run_compare(
    title: str,
    sizes: list[int],
    make: Callable[[int], list[Document]],
    extractor: Extractor,
    config: Config,
    repeat: int,
) -> None:
    print(f"\ncompare, {title}")
    print(
        f"{'figures':>8} {'docs':>6} {'extract s':>9} {'compare s':>9} {'growth':>7} "
        f"{'per 2x':>10} {'cmp/ext':>7} {'findings':>8} {'verdicts':>9} {'us/verdict':>10}"
    )
    last_t = last_n = None
    for n in sizes:
        documents = make(n)
        t_ext, claims = timed(lambda ds=documents: [c for d in ds for c in extractor.extract(d)])
        claims = with_events(claims) if len(documents) > 1 else claims
        t_cmp, findings = timed(lambda c=claims: compare(c, config), repeat)
        listed = sum(len(f.verdicts) for f in findings)
        per_verdict = f"{t_cmp / listed * 1e6:.1f}" if listed else "-"
        print(
            f"{len(claims):>8,} {len(documents):>6,} {t_ext:>9.2f} {t_cmp:>9.3f} "
            f"{growth(t_cmp, last_t, len(claims), last_n)} {t_cmp / t_ext:>7.3f} "
            f"{len(findings):>8,} {listed:>9,} {per_verdict:>10}"
        )
        last_t, last_n = t_cmp, len(claims)


def prose(paths: list[Path], size: int) -> tuple[str, list[Document]]:
    """``size`` characters of news prose joined from ``paths`` (from the start again if
    they run out), and the documents they were joined from."""
    documents: list[Document] = []
    total = 0
    while total < size:
        for path in paths:
            document = read_document(path)
            documents.append(document)
            total += len(document.body.strip()) + 2
            if total >= size:
                break
    return "\n\n".join(d.body.strip() for d in documents)[:size] + "\n", documents


def run_scan(
    paths: list[Path], sizes_kb: list[int], extractor: Extractor, config: Config, repeat: int
) -> None:
    print("\nscan of one document of news prose (baseline: the same documents extracted apart)")
    print(
        f"{'size':>8} {'claims':>7} {'scan s':>8} {'growth':>7} {'per 2x':>10} "
        f"{'apart s':>8} {'growth':>7} {'per 2x':>10} {'scan/apart':>10}"
    )
    last: dict[str, float | None] = {"scan": None, "apart": None}
    last_size = None
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.txt"  # the first scan loads grouping and reports
        warm.write_text(prose(paths, 5000)[0], encoding="utf-8")
        render(scan([warm], config), "json", io.StringIO())
        for kb in sizes_kb:
            size = kb * 1000
            text, documents = prose(paths, size)
            path = Path(folder) / f"long-{kb}.txt"
            path.write_text(text, encoding="utf-8")

            def whole(path: Path = path) -> int:
                report = scan([path], config)
                render(report, "json", io.StringIO())
                return len(report.claims)

            t_scan, claims = timed(whole, repeat)
            t_apart, _ = timed(lambda ds=documents: [extractor.extract(d) for d in ds], repeat)
            print(
                f"{kb:>6}KB {claims:>7,} {t_scan:>8.2f} "
                f"{growth(t_scan, last['scan'], size, last_size)} {t_apart:>8.2f} "
                f"{growth(t_apart, last['apart'], size, last_size)} {t_scan / t_apart:>10.2f}"
            )
            last["scan"], last["apart"], last_size = t_scan, t_apart, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--figures", default="1000,10000,100000")
    parser.add_argument("--one-event", default="1000,2000,4000")
    parser.add_argument("--kb", default="100,200,500,1000,2000,5000")
    parser.add_argument("--only", choices=["compare", "scan"])
    parser.add_argument("--repeat", type=int, default=3, help="best of N compare runs")
    parser.add_argument("--scan-repeat", type=int, default=1, help="best of N scan runs")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # rows as they are measured
    config = load_config_file(ROOT / "claims" / "claimcheck.toml")
    extractor = Extractor(config)
    extractor.extract(one_document(10)[0])  # warm caches and lazy regexes
    print(
        "growth: time over the previous size's; per 2x: that growth for twice the input "
        "(target at most 2.2x); cmp/ext: comparison over extraction of the same documents"
    )
    if args.only != "scan":
        shapes: list[tuple[str, str, Callable[[int], list[Document]]]] = [
            ("one document, one subject", args.figures, one_document),
            ("across documents, ten documents to an event", args.figures, lambda n: reports(n, 10)),
            ("across documents, all of one event", args.one_event, lambda n: reports(n, None)),
        ]
        for title, sizes, make in shapes:
            if sizes:
                numbers = [int(s) for s in sizes.split(",")]
                run_compare(title, numbers, make, extractor, config, args.repeat)
    if args.only != "compare":
        paths = sorted(args.docs.glob("*.txt"))
        if not paths:
            raise SystemExit(f"{args.docs}: no .txt documents to join")
        run_scan(paths, [int(s) for s in args.kb.split(",")], extractor, config, args.scan_repeat)


if __name__ == "__main__":
    main()
