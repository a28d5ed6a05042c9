"""`claimcheck batch` against `scan`: documents per second and memory, growing corpora.

    python benchmarks/batch_bench.py [DOCS_DIR] [--sizes 840,1680] [--workers 1,2]
        [--corpus distinct|copies] [--partition-size 64] [--scan-up-to N] [--trace]
        [--json OUT]

The corpus is DOCS_DIR (default: the PolNeAR train documents) repeated with small
perturbations up to each size (every copy drops one paragraph and gets a line of its
own, as republished wire copy does), written as files. With ``--corpus distinct`` (the
default) each round of copies is made into other stories: names, rare words and
figures get variants of that round and its dates move a year per round, so the corpus
grows by stories, as an archive does, and the largest event and group of related
events keep their size: the fair test of bounded memory. With ``--corpus copies`` every
copy stays a report of its original's story, so every story gains a report per round
and events grow with the corpus (a stress test). For each size, in one run and
each in a fresh process: ``scan`` (the baseline), then ``batch`` on a local cluster of
each worker count. Printed: documents per second (wall time of the call, cluster start
included, and of the work alone), the speed-up over ``scan`` in the same run, documents
per processor-second (all processes of the run: what to expect per core, and how much
the batch costs over a scan, whatever else the machine is running), peak memory of the
driver and of each worker, and whether the batch's report is exactly the scan's.

Peak memory is each process's peak resident set (``ru_maxrss``): the driver's is the
benchmark's child process, which runs the batch and, on a local cluster, Dask's
scheduler; it is read before the results are loaded back for the comparison with the
scan. Below the table, the growth of each peak per document between successive sizes
(bytes per document): near zero when memory is bounded. Above ``--scan-up-to``
documents only the batch with the most workers runs (a scan of a large corpus takes
long and holds it all); its report is then compared with nothing. ``--trace`` also
reports the driver's peak of Python allocations (tracemalloc: slower, not for speed).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = ROOT.parent / "shared" / "polnear" / "train" / "docs"


def write_corpus(
    docs_dir: Path, size: int, out: Path, seed: int = 7, mode: str = "copies"
) -> list[Path]:
    """``size`` perturbed copies of the documents in ``docs_dir`` (as ``events_bench``
    makes them), written as files in ``out`` for the batch to read.

    ``mode`` "copies" keeps every copy a report of its original's story, so each story
    gains a report per ``len(docs)`` documents (a stress test: events grow with the
    corpus). "distinct" makes each round of copies a world of its own stories
    (:func:`distinct_story`): the same articles with other names, rare words and
    figures, so the corpus grows by stories and the events keep their size.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from events_bench import corpus

    documents = corpus(docs_dir, size, seed)
    originals = len(list(docs_dir.glob("*.txt")))
    rename = Renamer(documents[:originals]) if mode == "distinct" else None
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, document in enumerate(documents):
        published = document.source.published
        body = document.body
        if rename is not None:
            body = rename(body, i // originals)
            published = _earlier(published, i // originals)
        header = f"---\ndate: {published}\n---\n" if published else ""
        path = out / document.path.name
        path.write_text(header + body, encoding="utf-8")
        paths.append(path)
    return paths


#: Documents (of the originals) a lower-case word may be in and still be renamed in
#: the distinct mode: the words that tell one story from another.
RARE_WORDS = 25


class Renamer:
    """Turns an article into one of another story, world by world: in world ``w`` (the
    ``w``-th round of copies; world 0 is the originals) every name (a word the
    originals write capitalised mid-sentence), every word in at most ``RARE_WORDS`` of
    the originals and every figure gets a variant of its own world, the same in all of
    that world's articles, and every date is ``w`` years earlier (the originals span
    less than a year). Each world is then the original corpus in another year, with
    other people, places and numbers: its events are the originals' events, and no
    article is of one story with an article of another world."""

    def __init__(self, originals: list) -> None:
        from claimcheck.events import features

        self._features = features
        casing = features.Casing()
        frequencies: Counter[str] = Counter()
        for document in originals:
            casing.add(document.body)
            frequencies.update(
                {features._norm(m.group()) for m in features._TOKEN.finditer(document.body)}
            )
        self._casing = casing
        self._frequencies = frequencies

    def __call__(self, body: str, world: int) -> str:
        if world == 0:
            return body
        mark = _letters(world)
        features = self._features

        def variant(match: re.Match) -> str:
            word = match.group()
            if word[0].isdigit():
                return _figure(word, world)
            lower = features._norm(word)
            if lower in features._STOP or len(lower) < 3:
                return word
            if not self._casing.is_name(lower) and self._frequencies[lower] > RARE_WORDS:
                return word
            stem, possessive = (word[:-2], word[-2:]) if len(word) > len(lower) else (word, "")
            return stem + mark + possessive

        return features._TOKEN.sub(variant, body)


def _earlier(published, world: int):
    """A date ``world`` years earlier (February 29 becomes the 28th)."""
    if published is None or not world:
        return published
    try:
        return published.replace(year=published.year - world)
    except ValueError:
        return published.replace(year=published.year - world, day=28)


def _letters(world: int) -> str:
    """A world's mark: "q" and its number in letters ("qb", "qc", ..., "qba", ...)."""
    digits = ""
    while True:
        world, digit = divmod(world, 26)
        digits = "abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not world:
            return "q" + digits


def _figure(number: str, world: int) -> str:
    """A number of another world: a year is ``world`` years earlier, any other
    figure's integer part is raised by ``world``; each written as it was."""
    if re.fullmatch(r"(?:19|20)\d\d", number):
        return str(max(1900, int(number) - world))
    match = re.match(r"\d[\d,]*", number)
    assert match is not None
    head = match.group()
    digits = head.rstrip(",").replace(",", "")
    value = int(digits) + world
    written = f"{value:,}" if "," in head.rstrip(",") else str(value).zfill(len(digits))
    return written + number[len(head.rstrip(",")) :]


def _digest(report) -> str:
    from claimcheck.reports.json_format import payload

    text = json.dumps(payload(report), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_scan(corpus: Path) -> dict:
    """Scan the corpus: seconds, peak memory and a digest of the report."""
    from claimcheck.analysis import scan
    from claimcheck.config import Config

    paths = sorted(corpus.glob("*.txt"))
    start, cpu = time.perf_counter(), _cpu_seconds()
    report = scan(paths, Config(), errors=[])
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "work_seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "driver_peak_mib": _peak_mib(),
        "claims": len(report.claims),
        "events": len(report.events),
        "findings": len(report.findings),
        "digest": _digest(report),
    }


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _paths(corpus: Path):
    """The corpus's files in sorted order (``doc-NNNNNNN.txt``), one at a time."""
    for i in itertools.count():
        path = corpus / f"doc-{i:07d}.txt"
        if not path.is_file():
            return
        yield path


def measure_batch(
    corpus: Path, workers: int, partition_size: int, trace: bool = False, compare: bool = True
) -> dict:
    """Batch the corpus on a local cluster of ``workers`` processes; with ``compare``,
    load its report back for a digest to compare with the scan's."""
    import tracemalloc

    from claimcheck.batch import read_batch, run_batch
    from claimcheck.config import Config

    out = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    try:
        if trace:
            tracemalloc.start()
        start, cpu = time.perf_counter(), _cpu_seconds()
        # The paths as a generator, in the scan's (sorted) order: the batch lists them
        # under its output as they come, and this process holds no list of them.
        result = run_batch(
            _paths(corpus), out / "run", Config(), workers=workers, partition_size=partition_size
        )
        seconds = time.perf_counter() - start
        driver_peak = _peak_mib()  # before the report is loaded back below
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        tracemalloc.stop()
        report = read_batch(out / "run") if compare else None
        return {
            "seconds": seconds,
            "work_seconds": result.seconds["total"],
            # The driver's and every worker's processor time (worker start included).
            "cpu_seconds": _cpu_seconds() - cpu + sum(result.worker_cpu_seconds.values()),
            "stages": result.seconds,
            "driver_peak_mib": driver_peak,
            "driver_traced_mib": traced,
            "worker_peak_mib": sorted(result.worker_peak_mib.values()),
            "claims": len(report.claims) if report else result.claims,
            "events": len(report.events) if report else result.events,
            "findings": len(report.findings) if report else result.findings,
            "digest": _digest(report) if report else None,
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _child(args: list[str]) -> dict:
    """Run one measurement in a fresh process, so each peak memory is its own."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _growth(rows: list[dict]) -> list[str]:
    """Bytes per document each peak grows between successive sizes, per kind of run."""
    lines = []
    for run in dict.fromkeys(row["run"] for row in rows):
        mine = [row for row in rows if row["run"] == run]
        for small, large in itertools.pairwise(mine):
            added = large["size"] - small["size"]
            parts = []
            for label, field in (
                ("driver", "driver_peak_mib"),
                ("driver traced", "driver_traced_mib"),
            ):
                if small.get(field) is not None and large.get(field) is not None:
                    grown = (large[field] - small[field]) * 2**20 / added
                    parts.append(f"{label} {grown:+.0f}")
            if small.get("worker_peak_mib"):
                grown = (max(large["worker_peak_mib"]) - max(small["worker_peak_mib"])) * 2**20
                parts.append(f"largest worker {grown / added:+.0f}")
            lines.append(
                f"{run:<11} {small['size']:>6} -> {large['size']:>6}: "
                + ", ".join(parts)
                + " bytes/document"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--sizes", default="840,1680")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--partition-size", type=int, default=64)
    parser.add_argument(
        "--corpus",
        choices=["distinct", "copies"],
        default="distinct",
        help="distinct: each round of copies is other stories, so events keep their size "
        "as the corpus grows (the test of bounded memory); copies: every copy is one more "
        "report of its original's story, so events grow with the corpus (a stress test).",
    )
    parser.add_argument(
        "--scan-up-to",
        type=int,
        default=None,
        help="Above this many documents, run only the batch with the most workers.",
    )
    parser.add_argument("--trace", action="store_true", help="Also trace the driver's heap.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    if args.child:
        kind, corpus, *rest = args.child
        if kind == "scan":
            print(json.dumps(measure_scan(Path(corpus))))
        else:
            workers, size, trace = int(rest[0]), int(rest[1]), rest[2] == "trace"
            compare = rest[3:] != ["alone"]
            print(json.dumps(measure_batch(Path(corpus), workers, size, trace, compare)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="batch-corpus-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / str(size)
            write_corpus(args.docs, size, corpus, mode=args.corpus)
            full = args.scan_up_to is None or size <= args.scan_up_to
            base = _child(["scan", str(corpus)]) if full else None
            if base is not None:
                rows.append({"size": size, "run": "scan", **base})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            for workers in worker_counts if full else worker_counts[-1:]:
                got = _child(
                    [
                        "batch",
                        str(corpus),
                        str(workers),
                        str(args.partition_size),
                        "trace" if args.trace else "-",
                        # Without a scan to compare with, the report is not loaded back.
                        "compare" if base is not None else "alone",
                    ]
                )
                if base is not None:
                    got["same_as_scan"] = got["digest"] == base["digest"]
                    got["speedup"] = base["seconds"] / got["seconds"]
                    got["work_speedup"] = base["seconds"] / got["work_seconds"]
                rows.append({"size": size, "run": f"batch -w {workers}", **got})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            shutil.rmtree(corpus)
    print(
        f"{'docs':>6} {'run':<11} {'docs/s':>7} {'work/s':>7} {'x scan':>6} {'work x':>6} "
        f"{'docs/cpu-s':>10} {'driver MiB':>10} {'worker MiB':>16} same"
    )
    for row in rows:
        workers = "/".join(f"{m:.0f}" for m in row.get("worker_peak_mib", [])) or "-"
        same = {True: "yes", False: "NO", None: "-"}[
            row.get("same_as_scan", row["run"] == "scan" or None)
        ]
        speedup = f"{row['speedup']:>6.2f}" if "speedup" in row else f"{'-':>6}"
        work = f"{row['work_speedup']:>6.2f}" if "work_speedup" in row else f"{'-':>6}"
        if row["run"] == "scan":
            speedup = work = f"{1.0:>6.2f}"
        print(
            f"{row['size']:>6} {row['run']:<11} {row['size'] / row['seconds']:>7.1f} "
            f"{row['size'] / row['work_seconds']:>7.1f} {speedup} {work} "
            f"{row['size'] / row['cpu_seconds']:>10.1f} {row['driver_peak_mib']:>10.0f} "
            f"{workers:>16} {same}"
        )
    print()
    for line in _growth(rows):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
