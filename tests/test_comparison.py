"""The comparator against hand-written cases, plus properties no single case shows.

Cases live in ``tests/cases/comparison/*.yaml``; each file holds ``cases:``, a list of
small claim sets with the findings they must produce. Claims are written compactly:

* ``value``: a shorthand string, or a mapping of :class:`Value` fields. Shorthand:
  ``"2,900"`` exact, ``"~2,900"`` approximately, ``">600,000"`` more than, ``">=143"`` at
  least, ``"<=5"`` at most, ``"<5"`` less than, ``"3,900..4,000"`` range, ``"13%"`` sets
  unit ``%``, ``"1.5 million"``, ``"2020-10-04"`` a date, ``"2020-10"`` a month (a date
  range), ``"by 2020-12-01"`` a deadline, ``"~2020-10-04"`` an approximate date.
* ``id`` is a short name; the real claim id is derived from it (``c-`` + sha1).
* ``party`` sets ``attribution.party`` (and a speaker named after it); ``speaker`` alone
  is a named speaker without party; neither means the document's own voice.
* other keys: subject, measure, side, place, event, as_of, source, status, rank, unit, kind.

A case may give ``defaults`` (merged into each claim), ``sources`` (id -> Source
fields), ``parties`` (added to the file's and the shared parties), ``tolerances``, and
``only`` (``disagreement`` or ``one-sided``) to check one family. ``expect`` lists every
finding of the checked families: ``code`` and ``claims`` always; ``verdicts`` (``"a b":
verdict``), ``severity``, ``party``, ``own_side``, ``own_voice_sources`` and
``quantity`` when given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.comparison import compare
from claimcheck.config import Config, Tolerances
from claimcheck.findings import Finding, FindingKind
from claimcheck.model import (
    Attribution,
    Claim,
    Party,
    Qualifier,
    Review,
    Source,
    Value,
    ValueKind,
)

CASES_DIR = Path(__file__).parent / "cases" / "comparison"

SHARED_PARTIES: list[dict[str, Any]] = [
    {"id": "armenia", "name": "Armenia", "kind": "belligerent"},
    {"id": "azerbaijan", "name": "Azerbaijan", "kind": "belligerent"},
    {"id": "artsakh", "name": "Artsakh", "kind": "government", "side": "armenia"},
    {"id": "russia", "name": "Russia", "kind": "government"},
    {"id": "hrw", "name": "Human Rights Watch", "kind": "independent"},
    {"id": "un", "name": "United Nations", "kind": "international"},
]


def cid(name: str) -> str:
    """The claim id a case's short name stands for."""
    return "c-" + hashlib.sha1(name.encode()).hexdigest()[:12]


_PREFIXES = [
    ("by ", Qualifier.deadline),
    (">=", Qualifier.at_least),
    ("<=", Qualifier.at_most),
    (">", Qualifier.more_than),
    ("<", Qualifier.less_than),
    ("~", Qualifier.approximately),
]


def _scalar(text: str) -> tuple[float | dt.date, ValueKind, str | None]:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text), ValueKind.date, None
    unit = None
    if text.endswith("%"):
        unit, text = "%", text[:-1]
    factor = 1.0
    if text.endswith(" million"):
        factor, text = 1_000_000.0, text[: -len(" million")]
    return round(float(text.replace(",", "")) * factor, 6), ValueKind.number, unit


def parse_value(spec: Any, unit: str | None = None, kind: str | None = None) -> Value:
    """A Value from the shorthand (see module doc) or a mapping of Value fields."""
    if isinstance(spec, dict):
        data = dict(spec)
        data.setdefault("text", str(data.get("point", data.get("low", ""))))
        if unit is not None:
            data.setdefault("unit", unit)
        if kind is not None:
            data.setdefault("kind", kind)
        return Value(**data)
    text = str(spec)
    body, qualifier = text, Qualifier.exact
    for prefix, q in _PREFIXES:
        if body.startswith(prefix):
            body, qualifier = body[len(prefix) :], q
            break
    month = re.fullmatch(r"(\d{4})-(\d{2})", body)
    if month:
        year, mon = int(month[1]), int(month[2])
        first = dt.date(year, mon, 1)
        nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
        return Value(kind=ValueKind.date, low=first, high=nxt - dt.timedelta(days=1), text=text)
    if ".." in body:
        lo_text, hi_text = body.split("..")
        lo, k, u = _scalar(lo_text)
        hi, _, u2 = _scalar(hi_text)
        return Value(
            kind=kind or k,
            low=lo,
            high=hi,
            qualifier=Qualifier.range,
            unit=unit or u or u2,
            text=text,
        )
    point, k, u = _scalar(body)
    low = high = None
    if qualifier in (Qualifier.exact, Qualifier.deadline):
        low = high = point
    elif qualifier in (Qualifier.at_least, Qualifier.more_than):
        low = point
    elif qualifier in (Qualifier.at_most, Qualifier.less_than):
        high = point
    return Value(
        kind=kind or k,
        low=low,
        high=high,
        point=point,
        qualifier=qualifier,
        unit=unit or u,
        text=text,
    )


def make_claim(spec: dict[str, Any]) -> Claim:
    """A validated Claim from a compact case entry."""
    value = parse_value(spec["value"], spec.get("unit"), spec.get("kind"))
    subject = spec.get("subject", "")
    quote = f"{value.text} {subject} {spec.get('measure') or ''}".strip()
    party = spec.get("party")
    speaker = spec.get("speaker", party.title() if party else None)
    review = Review(status=spec.get("status", "unreviewed"), rank=spec.get("rank", "normal"))
    as_of = spec.get("as_of")
    # Each claim stands in its own sentence of its own document unless the case says
    # otherwise: that is what two figures in two reports look like.
    source = spec.get("source", f"doc-{spec['id']}")
    start = spec.get("sentence", int(cid(spec["id"])[2:8], 16)) * 1000
    return Claim(
        id=cid(spec["id"]),
        source=source,
        span=(start, start + len(quote)),
        quote=quote,
        value_span=(start, start + len(value.text)),
        value=value,
        measure=spec.get("measure"),
        subject=subject,
        side=spec.get("side"),
        place=spec.get("place"),
        event=spec.get("event"),
        as_of=dt.date.fromisoformat(str(as_of)) if as_of else None,
        attribution=Attribution(speaker=speaker, party=party),
        review=review,
    )


def load_cases() -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """Every case of every file, with the file's parties."""
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        file_parties = data.get("parties", [])
        for case in data["cases"]:
            out.append((f"{path.stem}::{case['name']}", case, file_parties))
    return out


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Expand ``test_case`` over the YAML cases, one test each, named by file and case."""
    if "case" in metafunc.fixturenames:
        cases = load_cases()
        metafunc.parametrize(
            "case,file_parties",
            [(c, p) for _, c, p in cases],
            ids=[name for name, _, _ in cases],
        )


def run_case(
    case: dict[str, Any], file_parties: list[dict[str, Any]]
) -> tuple[list[Finding], dict[str, str]]:
    """Build the case's claims, config and sources, and compare."""
    defaults = case.get("defaults", {})
    specs = [{**defaults, **spec} for spec in case["claims"]]
    claims = [make_claim(spec) for spec in specs]
    names = {cid(spec["id"]): spec["id"] for spec in specs}
    assert len(names) == len(specs), "duplicate claim names in case"
    parties = [Party(**p) for p in [*SHARED_PARTIES, *file_parties, *case.get("parties", [])]]
    config = Config(parties=parties, tolerances=Tolerances(**case.get("tolerances", {})))
    sources = {sid: Source(id=sid, **fields) for sid, fields in (case.get("sources") or {}).items()}
    return compare(claims, config, sources), names


def test_case(case: dict[str, Any], file_parties: list[dict[str, Any]]) -> None:
    findings, names = run_case(case, file_parties)
    only = case.get("only")
    if only:
        findings = [f for f in findings if f.kind == FindingKind(only)]

    def show(f: Finding) -> str:
        return f"{f.code} {sorted(names[c] for c in f.claims)} :: {f.message}"

    got = {(f.code, tuple(sorted(names[c] for c in f.claims))): f for f in findings}
    expected = case.get("expect") or []
    want = {(e["code"], tuple(sorted(e["claims"]))): e for e in expected}
    assert set(got) == set(want), "findings differ:\n" + "\n".join(show(f) for f in findings)
    assert len(got) == len(findings), "duplicate findings"

    for key, exp in want.items():
        finding = got[key]
        assert finding.claims == sorted(finding.claims)
        if "severity" in exp:
            assert finding.severity == exp["severity"], show(finding)
        for field in ("party", "own_side", "quantity"):
            if field in exp:
                assert getattr(finding, field) == exp[field], show(finding)
        if "own_voice_sources" in exp:
            assert finding.own_voice_sources == sorted(exp["own_voice_sources"])
        if "verdicts" in exp:
            pairs = {frozenset((names[v.a], names[v.b])): v.verdict for v in finding.verdicts}
            want_pairs = {frozenset(k.split()): v for k, v in exp["verdicts"].items()}
            assert pairs == want_pairs, [v.reason for v in finding.verdicts]
        for v in finding.verdicts:
            assert v.a < v.b and v.reason


def test_there_are_enough_cases() -> None:
    assert len(load_cases()) >= 40


# --- properties -----------------------------------------------------------------------


def _corpus() -> tuple[list[Claim], Config]:
    """Every claim of every case, renamed per case so cases do not meet each other."""
    claims: list[Claim] = []
    parties: dict[str, Party] = {p["id"]: Party(**p) for p in SHARED_PARTIES}
    for name, case, file_parties in load_cases():
        for p in [*file_parties, *case.get("parties", [])]:
            parties[p["id"]] = Party(**p)
        defaults = case.get("defaults", {})
        for spec in case["claims"]:
            spec = {**defaults, **spec, "id": f"{name}/{spec['id']}"}
            spec["place"] = f"{name}/{spec.get('place')}"
            claims.append(make_claim(spec))
    return claims, Config(parties=list(parties.values()))


def test_order_and_ids_do_not_depend_on_input_order_or_offsets() -> None:
    claims, config = _corpus()
    baseline = compare(claims, config)
    assert baseline, "the corpus should produce findings"
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    moved = [c.model_copy(update={"span": (c.span[0] + 500, c.span[1] + 500)}) for c in shuffled]
    again = compare(moved, config)
    assert [f.model_dump() for f in again] == [f.model_dump() for f in baseline]


def test_findings_are_sorted_by_kind_severity_quantity_id() -> None:
    claims, config = _corpus()
    findings = compare(claims, config)
    keys = [(list(FindingKind).index(f.kind), -f.severity.rank, f.quantity, f.id) for f in findings]
    assert keys == sorted(keys)
    assert len({f.id for f in findings}) == len(findings)


def test_model_construct_claims_compare_like_validated_ones() -> None:
    claims, config = _corpus()
    constructed = [
        Claim.model_construct(**{name: getattr(c, name) for name in Claim.model_fields})
        for c in claims
    ]
    assert [f.model_dump() for f in compare(constructed, config)] == [
        f.model_dump() for f in compare(claims, config)
    ]


def test_empty_input_gives_no_findings() -> None:
    assert compare([], Config()) == []


def test_subject_similarity_threshold_comes_from_config() -> None:
    specs = [
        {"id": "a", "value": "120", "subject": "soldier", "measure": "killed", "side": "x"},
        {"id": "b", "value": "300", "subject": "soldiers", "measure": "killed", "side": "x"},
    ]
    claims = [make_claim(s) for s in specs]
    loose = compare(claims, Config())
    strict = compare(claims, Config(tolerances=Tolerances(subject_similarity=100)))
    assert [f.code for f in loose] == ["CC101"]
    assert strict == []


def test_only_claims_in_one_block_are_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fuzzy matching runs on distinct subjects inside a block, never across the corpus."""
    from claimcheck.comparison import blocking

    calls: list[tuple[str, str]] = []
    real = blocking.fuzz.token_sort_ratio

    def spy(a: str, b: str, **kw: Any) -> float:
        calls.append((a, b))
        return real(a, b, **kw)

    monkeypatch.setattr(blocking.fuzz, "token_sort_ratio", spy)
    specs = []
    for i in range(50):
        specs.append(
            {
                "id": f"s{i}",
                "value": str(100 + i),
                "subject": f"subject {i}",
                "measure": "killed",
                "place": f"place {i}",
            }
        )
    specs.append(
        {"id": "t", "value": "7", "subject": "soldiers", "measure": "killed", "place": "place 3"}
    )
    compare([make_claim(s) for s in specs], Config())
    assert calls == [("soldiers", "subject 3")]


def test_rejected_vanished_and_unanchored_claims_are_left_alone() -> None:
    base = {"subject": "protesters", "measure": "gathered", "place": "tbilisi"}
    specs = [
        {**base, "id": "a", "value": "10,000"},
        {**base, "id": "b", "value": "50,000", "status": "rejected"},
        {**base, "id": "c", "value": "90,000", "status": "vanished"},
        {"id": "d", "value": "20,000"},
        {"id": "e", "value": "70,000"},
    ]
    assert compare([make_claim(s) for s in specs], Config()) == []
