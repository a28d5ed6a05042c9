"""Places with no configuration: known towns in their many spellings (tests/cases/places)."""

from __future__ import annotations

import pytest

from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.extraction.subjects import SubjectDescriber
from claimcheck.findings import FindingKind
from claimcheck.model import ValueKind
from tests.conftest import claims_of, load_cases

NO_CONFIGURATION = Config().with_general_knowledge()
DESCRIBER = SubjectDescriber(NO_CONFIGURATION)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "place_case" in metafunc.fixturenames:
        cases = load_cases("places")
        metafunc.parametrize("place_case", [c for _, c in cases], ids=[i for i, _ in cases])


def test_place(place_case: dict) -> None:
    text = place_case["text"]
    start = text.index(place_case["figure"])
    description = DESCRIBER.describe(
        text,
        (0, len(text)),
        start,
        start + len(place_case["figure"]),
        ValueKind(place_case.get("kind", "number")),
        place_case.get("unit"),
    )
    assert description.place == place_case["place"], description


@pytest.mark.parametrize(
    ("second", "disputed"),
    [
        # one town in two spellings: the two dates disagree
        (
            "Jabrayil city was captured on October 9, 2020, after heavy fighting in Jabrayil.",
            [["October 4, 2020", "October 9, 2020"]],
        ),
        # two towns: two dates of two captures, no disagreement
        ("Fuzuli city was captured on October 17, 2020, after heavy fighting in Fuzuli.", []),
    ],
)
def test_dates_of_one_town_meet_in_any_spelling(second: str, disputed: list) -> None:
    claims = claims_of(
        NO_CONFIGURATION,
        "Cəbrayıl district fell to Azerbaijani forces on October 4, 2020, the ministry said.",
        second,
    )
    findings = [f for f in compare(claims, NO_CONFIGURATION) if f.kind is FindingKind.disagreement]
    texts = [sorted(c.value.text for c in claims if c.id in f.claims) for f in findings]
    assert texts == disputed


def test_configured_places_still_win() -> None:
    config = Config(places={"Jabrayil": ["Mekhakavan"], "Hadrut": []}).with_general_knowledge()
    text = "Armenian officials said Mekhakavan was still held on October 5."
    start = text.index("October 5")
    place = SubjectDescriber(config).describe(
        text, (0, len(text)), start, start + 9, ValueKind.date, None
    )
    assert place.place == "Jabrayil"


def test_without_general_knowledge_no_town_is_known() -> None:
    config = Config(general_knowledge=False)
    text = "Shelling in Stepanakert killed 4 civilians on Sunday."
    start = text.index("4")
    described = SubjectDescriber(config).describe(
        text, (0, len(text)), start, start + 1, ValueKind.number, None
    )
    assert described.place is None
