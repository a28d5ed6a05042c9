"""Figures, dates and durations as intervals (cases in tests/cases/figures/*.yaml).

Each YAML case is a sentence with the figures it must yield, in order; ``before`` is
earlier text of the same document (for year inference) and ``published`` the
publication date (a file-level default, overridable per case, ``null`` for none).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.extraction.figures import Figure, FigureFinder
from claimcheck.extraction.sentences import split_sentences
from claimcheck.model import Anchor, DatePart, Qualifier, Value, ValueKind, part_of

CASES = Path(__file__).parent / "cases" / "figures"
SHARED_DOCS = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train" / "docs"


def _load() -> list[tuple[str, dict]]:
    """(id, case) pairs, with each file's ``published`` default filled in."""
    cases: list[tuple[str, dict]] = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default = data.get("published")
        for case in data["cases"]:
            case.setdefault("published", default)
            cases.append((f"{path.stem}:{case['name']}", case))
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "figure_case" in metafunc.fixturenames:
        cases = _load()
        metafunc.parametrize("figure_case", [c for _, c in cases], ids=[i for i, _ in cases])


def _find(text: str, before: str = "", published: dt.date | None = None) -> list[Figure]:
    body = before + text
    return FigureFinder(body, published).find(len(before), len(body))


def _same(actual: object, expected: object) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, float):
        return actual == pytest.approx(expected, rel=1e-4)
    return actual == expected


def test_figure_case(figure_case: dict) -> None:
    before = figure_case.get("before", "")
    body = before + figure_case["text"]
    figures = _find(figure_case["text"], before, figure_case["published"])
    got = [f.value.text for f in figures]
    want = [e["text"] for e in figure_case["expect"]]
    assert got == want, f"figures found: {got}"
    for figure, expected in zip(figures, figure_case["expect"], strict=True):
        value = figure.value
        assert value.text == body[figure.text_span[0] : figure.text_span[1]]
        if "value" in expected:
            assert body[figure.value_span[0] : figure.value_span[1]] == expected["value"]
        assert value.kind is ValueKind(expected["kind"])
        assert value.qualifier is Qualifier(expected["qualifier"])
        assert value.unit == expected.get("unit")
        if "anchor" in expected:
            assert value.anchor is Anchor(expected["anchor"])
        for field in ("low", "high", "point"):
            if field in expected or field != "point":
                actual = getattr(value, field)
                assert _same(actual, expected[field]), (field, actual, expected[field])
        assert value.part == expected.get("part"), value.part
        if "allows" in expected:
            assert list(value.bounds()) == expected["allows"], value.bounds()


# ------------------------------------------------------------------ properties


def _check_invariants(body: str, start: int, end: int, figures: list[Figure]) -> None:
    previous_end = start
    for figure in figures:
        t0, t1 = figure.text_span
        v0, v1 = figure.value_span
        assert figure.value.text == body[t0:t1]
        assert previous_end <= t0 <= v0 < v1 <= t1 <= end, (figure, body[t0:t1])
        previous_end = t1
        value = figure.value
        if value.kind is ValueKind.date:
            assert value.low is None or isinstance(value.low, dt.date)
            assert value.high is None or isinstance(value.high, dt.date)
        else:
            assert value.low is None or isinstance(value.low, float)


def test_spans_hold_on_every_case_sentence() -> None:
    for _, case in _load():
        body = case.get("before", "") + case["text"]
        start = len(case.get("before", ""))
        figures = FigureFinder(body, case["published"]).find(start, len(body))
        _check_invariants(body, start, len(body), figures)


def test_spans_hold_on_real_news() -> None:
    """On real text: ordered, non-overlapping, inside the sentence, text under text_span."""
    if not SHARED_DOCS.is_dir():
        pytest.skip("../shared/polnear is not beside this checkout")
    paths = sorted(SHARED_DOCS.glob("*.txt"))[:60]
    total = 0
    for path in paths:
        body = path.read_text(encoding="utf-8")
        finder = FigureFinder(body, dt.date(2016, 6, 1))
        for start, end in split_sentences(body):
            figures = finder.find(start, end)
            total += len(figures)
            _check_invariants(body, start, end, figures)
    assert total > 100


def test_find_respects_bounds() -> None:
    """Only figures inside [start, end) are returned, even when a figure straddles end."""
    body = "Officials counted 1,200 votes. Another 3,400 arrived later."
    finder = FigureFinder(body)
    first_end = body.index(".") + 1
    assert [f.value.text for f in finder.find(0, first_end)] == ["1,200"]
    assert [f.value.text for f in finder.find(first_end + 1, len(body))] == ["3,400"]
    cut = body.index("votes")
    assert [f.value.text for f in finder.find(body.index("1,200") + 2, cut)] == []


def test_offsets_survive_unusual_whitespace() -> None:
    """Matching runs on the original text: a non-breaking space stays where it was."""
    body = "Some\u00a0300 families and 1.2\u00a0million people left."
    figures = FigureFinder(body).find(0, len(body))
    assert [f.value.text for f in figures] == ["Some\u00a0300", "1.2\u00a0million"]
    assert figures[1].value.low == 1_200_000


def test_year_cache_is_per_document() -> None:
    """Year inference reads the finder's own body, not another document's."""
    first = FigureFinder("It began in 1994. It ended on May 5.")
    second = FigureFinder("It ended on May 5.", dt.date(2021, 6, 1))
    body_one = first.body
    (one,) = first.find(body_one.index("It ended"), len(body_one))
    (two,) = second.find(0, len(second.body))
    assert one.value.low == dt.date(1994, 5, 5)
    assert two.value.low == dt.date(2021, 5, 5)


def test_a_day_some_years_lack_takes_a_year_that_has_it() -> None:
    """A day without a year that only leap years have (Feb. 29) is read in one."""
    body = "The State Department was ordered to finish the releases by Feb. 29."
    (figure,) = FigureFinder(body, dt.date(2016, 2, 19)).find(0, len(body))
    assert figure.value.point == dt.date(2016, 2, 29)
    body = "It was sold on Feb. 29, the agency said."
    (figure,) = FigureFinder(body, dt.date(2017, 6, 1)).find(0, len(body))
    assert figure.value.point == dt.date(2016, 2, 29)


# ------------------------------------------------------------------ parts of periods


@given(
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.integers(min_value=1, max_value=4000),
    st.sampled_from(list(DatePart)),
)
def test_a_part_lies_inside_its_period(low: dt.date, days: int, part: DatePart) -> None:
    high = low + dt.timedelta(days=days)
    first, last = part_of(low, high, part)
    assert low <= first <= last <= high


@pytest.mark.parametrize(
    ("low", "high", "part", "allows"),
    [
        ("2021-02-01", "2021-02-28", "late", ("2021-02-21", "2021-02-28")),
        ("2024-01-01", "2024-12-31", "mid", ("2024-05-01", "2024-08-31")),
        ("2024-01-01", "2024-12-31", "end", ("2024-12-01", "2024-12-31")),
        ("1990-01-01", "1999-12-31", "early", ("1990-01-01", "1993-12-31")),
        ("2023-06-01", "2023-08-31", "early", ("2023-06-01", "2023-06-30")),
    ],
)
def test_a_value_with_a_part_allows_only_the_part(low, high, part, allows) -> None:
    value = Value(
        kind=ValueKind.date,
        low=dt.date.fromisoformat(low),
        high=dt.date.fromisoformat(high),
        part=DatePart(part),
        text="a period",
    )
    assert value.bounds() == tuple(dt.date.fromisoformat(d) for d in allows)


def test_a_part_needs_a_period() -> None:
    with pytest.raises(ValueError, match="part"):
        Value(kind=ValueKind.number, low=3.0, high=3.0, part=DatePart.early, text="3")


# ------------------------------------------------------------------ the candidate scan

_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "5", "12", "1,200", "2020", "Oct.", "October", "Monday", "early",
     "about", "$", "%", "-", "–", "(", ")", ",", ".", ":", "x", "a", "one", "dozen", "to",
     "per cent", "km", "'", "’", "~", "+", "at least", "the", "mid", "1990s", "/", "p.m."]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_candidate_scan_skips_spaces_without_losing_a_match(text: str) -> None:
    """No figure, skip or qualifier starts at whitespace, so the scan's guard against
    starting at a space drops no match the pattern had without it."""
    from claimcheck.extraction.figures import _CANDIDATE

    guard = r"(?!\s)"
    assert _CANDIDATE.pattern.startswith(guard)
    unguarded = re.compile(_CANDIDATE.pattern[len(guard) :])
    for pos in range(len(text) + 1):
        a, b = _CANDIDATE.search(text, pos), unguarded.search(text, pos)
        assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup))
