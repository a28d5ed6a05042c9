"""What figures count: subject, measure, side and place (cases in tests/cases/subjects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import load_config_file
from claimcheck.extraction.subjects import SubjectDescriber
from claimcheck.model import ValueKind
from tests.conftest import claims_of, load_cases

CONFIG = load_config_file(Path(__file__).parent / "data" / "config.toml")
DESCRIBER = SubjectDescriber(CONFIG)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "subject_case" in metafunc.fixturenames:
        cases = load_cases("subjects")
        metafunc.parametrize("subject_case", [c for _, c in cases], ids=[i for i, _ in cases])


def test_subject(subject_case: dict) -> None:
    text = subject_case["text"]
    start = -1
    for _ in range(subject_case.get("nth", 1)):
        start = text.index(subject_case["figure"], start + 1)
    end = start + len(subject_case["figure"])
    description = DESCRIBER.describe(
        text,
        (0, len(text)),
        start,
        end,
        ValueKind(subject_case.get("kind", "number")),
        subject_case.get("unit"),
        speaker_party=subject_case.get("speaker_party"),
    )
    for field, expected in subject_case["expect"].items():
        assert getattr(description, field) == expected, (field, description)


def test_tolls_in_different_wording_are_one_quantity() -> None:
    from claimcheck.comparison.blocking import group_claims

    claims = claims_of(
        CONFIG,
        "The death toll from the floods has risen to 214, the ministry said.",
        "At least 260 dead, aid groups said on Tuesday.",
        "Hospitals recorded 231 fatalities by Monday night.",
        "Rescuers said 198 people were killed in the floods.",
    )
    tolls = [c for c in claims if c.value.text in ("214", "At least 260", "231", "198")]
    groups = group_claims(claims, 80.0)
    assert len(tolls) == 4
    assert any(all(t in group for t in tolls) for group in groups)


def test_figures_without_a_readable_subject_are_never_grouped() -> None:
    from claimcheck.comparison.blocking import group_claims

    claims = claims_of(
        CONFIG,
        "Posted 8 / 2 / 2024 11:10 AM EDT\n\nThe mayor took office two years ago. "
        "The 41-year-old has 12 catches for 140 yards and Windows 7 support.",
        "Posted 8 / 3 / 2024 9:00 PM PDT\n\nThe mayor took office three years ago. "
        "The 43-year-old has 15 catches for 210 yards and Windows 8 support.",
    )
    assert claims
    for group in group_claims(claims, 80.0):
        assert len(group) == 1, [(c.value.text, c.subject, c.measure) for c in group]
