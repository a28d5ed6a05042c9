"""The comparator's pair search finds every pair that testing all pairs would find.

Groups are generated at random (fixed seeds, so failures reproduce) from the values
and fields that steer the scope rules: figures close together and far apart, zero,
negative and unbounded figures, every qualifier (vague too), dates of every precision,
durations of named terms, a few documents (so that same-document rules apply), shared
sentences, anchors, events, revisions and deprecated claims. Each group is compared
as it is and with the pair search replaced by a loop over every pair of figures; the
findings and figure sets must be the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import pytest

from claimcheck.comparison import compare, verdicts
from claimcheck.comparison.context import Context
from claimcheck.comparison.figures import read_figure
from claimcheck.comparison.scope import scope_candidates, signatures_in_scope
from claimcheck.config import Config, Tolerances
from claimcheck.model import Attribution, Claim, Party, Review, Source, Value

PARTIES = [
    Party(id="armenia", name="Armenia", kind="belligerent"),
    Party(id="azerbaijan", name="Azerbaijan", kind="belligerent"),
    Party(id="hrw", name="Human Rights Watch", kind="independent"),
]
SUBJECTS = ["soldiers", "police officers", "notice before expiration", "term of the lease"]
BASES = [0.0, 1.0, 3.0, 5.0, 12.0, 19.0, 20.0, 50.0, 140.0, 150.0, 2000.0, 1960.0, 6e5]
QUALIFIERS = [
    "exact",
    "exact",
    "exact",
    "approximately",
    "at-least",
    "more-than",
    "at-most",
    "less-than",
    "range",
    "vague",
]
DAY0 = dt.date(2020, 9, 27).toordinal()


def _number(rng: random.Random, kind: str) -> Value:
    base = rng.choice(BASES)
    x = base * rng.choice([1, 1, 1, 0.97, 1.02, 1.5, 2.0, 2.9, 3.1, 9.0, 11.0]) + rng.choice(
        [0, 0, 1, -1]
    )
    if rng.random() < 0.05:
        x = -x
    x = round(x, rng.choice([0, 0, 1]))
    q = rng.choice(QUALIFIERS)
    unit = rng.choice(["day", "month", "year"]) if kind == "duration" else None
    low = high = point = x
    if q in ("at-least", "more-than"):
        high = None
    elif q in ("at-most", "less-than"):
        low = None
    elif q == "approximately":
        low = high = None
    elif q in ("range", "vague"):
        low, high, point = x, x * rng.choice([1.0, 1.1, 2.0]) + 1, None
        if low > high:
            low, high = high, low
        if q == "vague" and rng.random() < 0.3:
            high = None
    return Value(kind=kind, low=low, high=high, point=point, qualifier=q, unit=unit, text=f"{x:g}")


def _date(rng: random.Random) -> Value:
    day = dt.date.fromordinal(DAY0 + rng.choice([0, 0, 1, 2, 5, 9, 30, 200, 366, 400, 900]))
    shape = rng.choice(["day", "day", "day", "month", "year", "span", "approximately", "deadline"])
    if shape == "month":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Value(kind="date", low=first, high=last, qualifier="range", text="month")
    if shape == "year":
        return Value(
            kind="date",
            low=dt.date(day.year, 1, 1),
            high=dt.date(day.year, 12, 31),
            qualifier="range",
            text="year",
        )
    if shape == "span":
        return Value(
            kind="date", low=day, high=day + dt.timedelta(days=3), qualifier="range", text="span"
        )
    if shape == "approximately":
        return Value(kind="date", point=day, qualifier="approximately", text=day.isoformat())
    q = "deadline" if shape == "deadline" else "exact"
    return Value(kind="date", low=day, high=day, point=day, qualifier=q, text=day.isoformat())


def _claim(rng: random.Random, n: int, kind: str, sources: list[str]) -> Claim:
    value = _date(rng) if kind == "date" else _number(rng, kind)
    sentence = rng.randint(0, 6)  # a few sentences per document: some figures share one
    party = rng.choice([None, None, "armenia", "azerbaijan", "hrw"])
    speaker = rng.choice([None, "An official"]) if party is None else party.title()
    return Claim(
        id=f"c-{n:012x}",
        source=rng.choice(sources),
        span=(sentence * 100, sentence * 100 + 50),
        quote="x" * 50,
        value_span=(sentence * 100, sentence * 100 + 1),
        value=value,
        measure=rng.choice([None, "killed"]),
        subject=rng.choice(SUBJECTS),
        side=rng.choice([None, None, "armenia"]),
        place=rng.choice([None, None, "shusha"]),
        event=rng.choice([None, None, "2020"]),
        as_of=rng.choice([None, None, None, dt.date(2020, 10, 1), dt.date(2020, 11, 1)]),
        attribution=Attribution(speaker=speaker, party=party),
        review=Review(rank=rng.choice(["normal"] * 9 + ["deprecated"])),
    )


@functools.cache
def _group(seed: int) -> tuple[Claim, ...]:
    rng = random.Random(seed)
    kind = rng.choice(["number", "number", "duration", "date"])
    sources = [f"doc-{i}" for i in range(rng.choice([1, 2, 3, 6]))]
    size = rng.choice([2, 5, 12, 30, 60])
    claims = [_claim(rng, seed * 1000 + k, kind, sources) for k in range(size)]
    if rng.random() < 0.1:  # a group that mixes dates and numbers is searched whole
        claims.append(_claim(rng, seed * 1000 + size, "date", sources))
    claims.sort(key=lambda c: c.id)
    return tuple(claims)


def _every_pair(signatures: list) -> list[tuple[int, int]]:
    n = len(signatures)
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def _result(group: list[Claim], ctx: Context) -> tuple[object, list[list[str]]]:
    result = verdicts.analyse_group(group, ctx)
    finding = result.disagreement.model_dump() if result.disagreement else None
    return finding, [[c.id for c in s] for s in result.figure_sets]


SEEDS = range(300)


@pytest.mark.parametrize("chunk", range(4))
def test_pair_search_gives_what_every_pair_gives(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = {"doc-0": Source(id="doc-0", perspective="armenia")}
    ctx = Context(Config(parties=PARTIES), sources)
    disagreements = 0
    for seed in SEEDS[chunk::4]:
        group = list(_group(seed))
        fast = _result(group, ctx)
        with monkeypatch.context() as m:
            m.setattr(verdicts, "scope_candidates", _every_pair)
            slow = _result(group, ctx)
        assert fast == slow, f"seed {seed}"
        disagreements += fast[0] is not None
    assert disagreements >= 20  # the generator does make disagreements to compare


def test_candidates_hold_every_pair_in_scope() -> None:
    tol = Tolerances()
    in_scope = 0
    for seed in SEEDS:
        by_key: dict[tuple, list[Claim]] = {}
        figures = {}
        for claim in _group(seed):
            fig = read_figure(claim.value, tol)
            if fig is not None:
                key = (*fig.key, fig.is_date)
                by_key.setdefault(key, []).append(claim)
                figures[key] = fig
        signatures = [(claims, figures[key]) for key, claims in by_key.items()]
        found = scope_candidates(signatures)
        assert found == sorted(set(found))
        wanted = [
            (i, j)
            for i, j in _every_pair(signatures)
            if signatures_in_scope(*signatures[i], *signatures[j])
        ]
        assert set(wanted) <= set(found), f"seed {seed}"
        in_scope += len(wanted)
    assert in_scope >= 1000


def test_compare_on_a_corpus_gives_what_every_pair_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    sources = [f"doc-{i}" for i in range(5)]
    claims = [_claim(rng, k, "number", sources) for k in range(400)]
    claims += [_claim(rng, 1000 + k, "date", sources) for k in range(150)]
    config = Config(parties=PARTIES)
    fast = [f.model_dump() for f in compare(claims, config)]
    monkeypatch.setattr(verdicts, "scope_candidates", _every_pair)
    slow = [f.model_dump() for f in compare(claims, config)]
    assert fast == slow
    assert any(f["code"] == "CC101" for f in fast)
