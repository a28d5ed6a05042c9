"""Sentence splitting on news, wire and encyclopedia text (cases in tests/cases/sentences)."""

from __future__ import annotations

import pytest

from claimcheck.extraction.sentences import split_sentences
from tests.conftest import load_cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "sentence_case" in metafunc.fixturenames:
        cases = load_cases("sentences")
        metafunc.parametrize("sentence_case", [c for _, c in cases], ids=[i for i, _ in cases])


def test_sentences(sentence_case: dict) -> None:
    text = sentence_case["text"]
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == sentence_case["sentences"]


def test_spans_are_exact_offsets_within_a_window() -> None:
    text = "Intro line.\nThe storm killed 12 people. Officials said 40 were hurt.\nEnd."
    start = text.index("The storm")
    end = text.index("\nEnd")
    spans = split_sentences(text, start, end)
    assert [text[a:b] for a, b in spans] == [
        "The storm killed 12 people.",
        "Officials said 40 were hurt.",
    ]
    assert all(start <= a < b <= end for a, b in spans)
