"""How :func:`claimcheck.comparison.compare` scales: 10k, 100k and 1M synthetic claims.

Run: ``.venv/bin/python benchmarks/compare_bench.py [--sizes 10000,100000,1000000]``.

Each size runs in its own child process so that peak memory (``ru_maxrss``) belongs to
that size alone. The report gives, per size, the time spent in ``compare`` only, the
process's peak RSS, the RSS the claims themselves took before comparing, and the growth
ratio of time between consecutive sizes (10x more claims should cost about 10x), beside a
baseline measured in the same process on the same claims: one pass grouping them by an
exact key, the least any comparator does ("x base" is compare's time over it).

The corpus is built with ``Claim.model_construct`` / ``Value.model_construct``: building
a million validated pydantic claims would take minutes and measure pydantic, not the
comparator. The comparator never re-validates, so unvalidated claims are what it sees in
production too (the store validates on load). Review objects are shared between claims
and attributions come from a pool, as a loader that interns them would do; every claim
has its own Value.

The synthetic corpus is shaped like a real one: many subjects (with spelling variants
that fuzzy matching must fold), measures, sides and places, so most blocks are small;
group sizes from 1 to 20, skewed small; most groups agree or are compatible within
qualifiers, about one group in eight has a conflicting or rounded figure, some have
dated revisions; a tenth of the figures are dates, some of them deadlines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import subprocess
import sys
import time

from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.model import (
    Attribution,
    Claim,
    Party,
    PartyKind,
    Qualifier,
    Review,
    Value,
    ValueKind,
)

SIDES = ["armenia", "azerbaijan", "russia", "ukraine", "government", "opposition"]
PARTIES = [
    Party(id="armenia", name="Armenia", kind=PartyKind.belligerent),
    Party(id="azerbaijan", name="Azerbaijan", kind=PartyKind.belligerent),
    Party(id="artsakh", name="Artsakh", side="armenia"),
    Party(id="russia", name="Russia", kind=PartyKind.belligerent),
    Party(id="ukraine", name="Ukraine", kind=PartyKind.belligerent),
    Party(id="police", name="Police", side="government"),
    Party(id="organisers", name="Organisers", side="opposition"),
    Party(id="hrw", name="HRW", kind=PartyKind.independent),
    Party(id="un", name="UN", kind=PartyKind.international),
    Party(id="ndma", name="Disaster authority"),
]
MEASURES = [
    "killed", "wounded", "missing", "deployed", "displaced", "captured", "destroyed",
    "held", "gathered", "voted", "detained", "evacuated",
]  # fmt: skip
NOUNS = [
    "soldiers", "civilians", "peacekeepers", "tanks", "drones", "villages", "protesters",
    "voters", "people", "houses", "refugees", "children", "police officers", "journalists",
    "artillery systems", "armoured vehicles", "helicopters", "aircraft", "positions",
    "settlements", "ballots", "polling stations", "boats", "schools", "hospitals",
]  # fmt: skip
QUALIFIERS = ["", "local", "foreign", "elderly", "injured", "reserve", "volunteer", "border"]


def _subjects() -> list[str]:
    out = []
    for noun in NOUNS:
        for q in QUALIFIERS:
            out.append(f"{q} {noun}".strip())
    return out


def _variant(subject: str, rng: random.Random) -> str:
    """A spelling a real extractor might give the same subject (fuzzy matching folds it)."""
    r = rng.random()
    if r < 0.1 and subject.endswith("s"):
        return subject[:-1]
    if r < 0.15:
        return subject.upper()
    return subject


def make_corpus(n: int, seed: int = 1) -> list[Claim]:
    """``n`` synthetic claims in groups of 1-20, built without validation."""
    rng = random.Random(seed)
    subjects = _subjects()
    places = [f"place-{i}" for i in range(max(50, n // 40))]
    events = [f"event-{i}" for i in range(40)]
    review = Review.model_construct(status="unreviewed", rank="normal", notes=[], history=[])
    attributions = [
        Attribution.model_construct(speaker=p.name, party=p.id, speaker_span=None, cue="said")
        for p in PARTIES
    ]
    attributions.append(Attribution.model_construct(speaker=None, party=None))
    attributions.append(Attribution.model_construct(speaker="an official", party=None))
    sources = [f"src-{i}" for i in range(max(100, n // 20))]
    base_day = dt.date(2020, 9, 27).toordinal()
    # model_construct gives every instance its own fields-set (~700 bytes); one shared set
    # per model keeps a million claims in memory. Nothing assigns to these claims.
    claim_fields = set(Claim.model_fields)
    value_fields = set(Value.model_fields)
    claims: list[Claim] = []
    while len(claims) < n:
        size = min(n - len(claims), min(20, int(rng.paretovariate(1.3))))
        is_date = rng.random() < 0.1
        deadline = is_date and rng.random() < 0.2
        subject = rng.choice(subjects)
        measure = rng.choice(MEASURES)
        side = rng.choice(SIDES) if rng.random() < 0.7 else None
        place = rng.choice(places) if rng.random() < 0.9 else None
        event = rng.choice(events) if rng.random() < 0.2 else None
        kind = rng.random()
        conflict = kind < 0.12
        revised = 0.12 <= kind < 0.16
        base = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(1, 900) * 1000])
        quote = f"{base} {subject} {measure}"
        for k in range(size):
            figure = base
            qualifier = Qualifier.exact
            if conflict and k == size - 1 and size > 1:
                figure = int(base * rng.choice([0.5, 0.97, 1.3, 2.0])) + 1
            elif rng.random() < 0.2:
                qualifier = Qualifier.approximately
            as_of = None
            if revised and size > 1:
                as_of = dt.date.fromordinal(base_day + 30 * k)
                figure = base + 10 * k
            if is_date:
                day = dt.date.fromordinal(base_day + base % 90 + (figure != base))
                value = Value.model_construct(
                    kind=ValueKind.date, low=day, high=day, point=day,
                    qualifier=Qualifier.deadline if deadline else Qualifier.exact,
                    unit=None, text=day.isoformat(), _fields_set=value_fields,
                )  # fmt: skip
            else:
                f = float(figure)
                exact = qualifier == Qualifier.exact
                value = Value.model_construct(
                    kind=ValueKind.number, low=f if exact else None, high=f if exact else None,
                    point=f, qualifier=qualifier, unit=None, text=f"{figure:,}",
                    _fields_set=value_fields,
                )  # fmt: skip
            attribution = attributions[0] if revised else rng.choice(attributions)
            claims.append(
                Claim.model_construct(
                    id=f"c-{rng.getrandbits(48):012x}",
                    source=rng.choice(sources),
                    span=(0, len(quote)),
                    quote=quote,
                    value_span=(0, len(value.text)),
                    value=value,
                    measure=measure,
                    subject=_variant(subject, rng),
                    side=side,
                    place=place,
                    event=event if rng.random() < 0.8 else None,
                    as_of=as_of,
                    attribution=attribution,
                    origin="sentence",
                    review=review,
                    _fields_set=claim_fields,
                )
            )
    rng.shuffle(claims)
    return claims


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def run_one(n: int) -> dict[str, float]:
    """Build ``n`` claims and time one ``compare`` over them (in this process)."""
    config = Config(parties=PARTIES)
    t0 = time.perf_counter()
    claims = make_corpus(n)
    build = time.perf_counter() - t0
    gc.collect()
    before = _current_rss_mb()
    gc.disable()  # the corpus is long-lived; cyclic GC passes over it are pure overhead
    t0 = time.perf_counter()
    findings = compare(claims, config)
    elapsed = time.perf_counter() - t0
    gc.enable()
    # Baseline, same claims, same process: one pass grouping them by an exact key (what
    # any comparator must at least do), so the figures compare across machines.
    t0 = time.perf_counter()
    exact: dict[tuple, list[Claim]] = {}
    for claim in claims:
        key = (claim.value.kind, claim.measure, claim.subject.lower(), claim.side, claim.place)
        exact.setdefault(key, []).append(claim)
    baseline = time.perf_counter() - t0
    codes: dict[str, int] = {}
    for f in findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    return {
        "n": n,
        "build_s": build,
        "compare_s": elapsed,
        "baseline_s": baseline,
        "rss_claims_mb": before,
        "peak_rss_mb": _rss_mb(),
        "findings": len(findings),
        **{f"n_{k}": v for k, v in sorted(codes.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child)))
        return
    previous = None
    print(f"{'claims':>9} {'build s':>8} {'compare s':>10} {'baseline s':>10} {'x base':>7} "
          f"{'claims MB':>10} {'peak MB':>8} {'findings':>9} {'growth':>7}")  # fmt: skip
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        r = json.loads(out.stdout)
        growth = f"{r['compare_s'] / previous:.1f}x" if previous else "-"
        previous = r["compare_s"]
        print(
            f"{r['n']:>9,} {r['build_s']:>8.1f} {r['compare_s']:>10.2f} "
            f"{r['baseline_s']:>10.3f} {r['compare_s'] / r['baseline_s']:>7.0f} "
            f"{r['rss_claims_mb']:>10.0f} {r['peak_rss_mb']:>8.0f} {r['findings']:>9,} "
            f"{growth:>7}"
        )
        codes = {k[2:]: v for k, v in r.items() if k.startswith("n_")}
        print(f"{'':>9} findings by code: {codes}")


if __name__ == "__main__":
    main()
