"""Relative dates: claimcheck's table-driven reader beside ``dateparser`` on the same spans.

    python benchmarks/relative_dates_bench.py [TIMEBANK_DIR]

TIMEBANK_DIR (default ../shared/timebank) holds ``docs/*.txt`` and ``gold.json`` (TimeML
TIMEX3 with normalised values). Every gold DATE whose value is a day, a month or a year
and whose text claimcheck's relative reader (:mod:`claimcheck.extraction.timex`) matches
is read twice against the document's date: by the reader, and by ``dateparser`` (when
installed) on the span alone, preferring the past as news does. A reading counts as right
when the gold day, month or year contains it (lenient to ``dateparser``, which returns a
moment, not an interval). Speed is spans per second over the same spans.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from pathlib import Path

from claimcheck.extraction import timex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "timebank"


def _gold_span(value: str) -> tuple[dt.date, dt.date] | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        d = dt.date.fromisoformat(value)
        return d, d
    if re.fullmatch(r"\d{4}-\d{2}", value):
        y, m = map(int, value.split("-"))
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("timebank", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    gold = json.loads((args.timebank / "gold.json").read_text(encoding="utf-8"))
    spans = []
    for doc in gold["docs"].values():
        published = dt.date.fromisoformat(doc["published"])
        for t in doc["timex"]:
            interval = _gold_span(t["value"] or "")
            if t["type"] != "DATE" or interval is None:
                continue
            if not timex.RELATIVE.fullmatch(t["text"]):
                continue
            spans.append((t["text"], published, interval))
    print(f"{len(spans)} gold relative dates (day, month or year) the reader matches")

    def ours(text: str, published: dt.date) -> dt.date | None:
        readings = timex.read(text, 0, len(text), published, None, lambda pos: None)
        return readings[0].low if readings and isinstance(readings[0].low, dt.date) else None

    def score(name: str, read) -> None:
        start = time.perf_counter()
        got = [read(text, published) for text, published, _ in spans]
        seconds = time.perf_counter() - start
        right = sum(
            g is not None and lo <= g <= hi for g, (_, _, (lo, hi)) in zip(got, spans, strict=True)
        )
        found = sum(g is not None for g in got)
        print(
            f"{name:<22} read {found:4d}  right {right:4d} ({100 * right / len(spans):5.1f}%)"
            f"  {len(spans) / seconds:12,.0f} spans/s"
        )

    score("claimcheck timex", ours)
    try:
        import dateparser
    except ImportError:
        print("dateparser not installed: no comparison (pip install dateparser)")
        return

    def theirs(text: str, published: dt.date) -> dt.date | None:
        base = dt.datetime(published.year, published.month, published.day, 12)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = dateparser.parse(text, languages=["en"], settings=settings)
        return found.date() if found else None

    score("dateparser " + dateparser.__version__, theirs)


if __name__ == "__main__":
    main()
