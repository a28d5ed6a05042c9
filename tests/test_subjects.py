"""What figures count: subject, measure, side and place (cases in tests/cases/subjects)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import load_config_file
from claimcheck.extraction.subjects import SubjectDescriber
from claimcheck.model import ValueKind
from tests.conftest import load_cases

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
