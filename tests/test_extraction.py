"""The whole extraction pipeline on short texts (cases in tests/cases/extraction)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.config import load_config_file
from claimcheck.extraction.pipeline import Extractor
from claimcheck.extraction.words import alternation
from claimcheck.model import Source
from claimcheck.sources import Document
from tests.conftest import load_cases

EXTRACTOR = Extractor(load_config_file(Path(__file__).parent / "data" / "config.toml"))
FIELDS = {"subject", "side", "measure", "place", "origin", "event"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "extraction_case" in metafunc.fixturenames:
        cases = load_cases("extraction")
        metafunc.parametrize("extraction_case", [c for _, c in cases], ids=[i for i, _ in cases])


def test_extraction(extraction_case: dict) -> None:
    published = extraction_case.get("published")
    source = Source(
        id="case",
        published=dt.date.fromisoformat(str(published)) if published else None,
    )
    body = extraction_case["text"]
    claims = EXTRACTOR.extract(Document(source=source, body=body, path=Path("case.txt")))
    expected = extraction_case["claims"]
    assert [c.value.text for c in claims] == [e["value"] for e in expected]
    for claim, want in zip(claims, expected, strict=True):
        assert body[claim.span[0] : claim.span[1]] == claim.quote
        for field in FIELDS & want.keys():
            assert getattr(claim, field) == want[field], (field, claim.value.text)
        if "as_of" in want:
            assert claim.as_of == want["as_of"]
        if "kind" in want:
            assert claim.value.kind == want["kind"]
        if "qualifier" in want:
            assert claim.value.qualifier == want["qualifier"]
        if "speaker" in want:
            assert claim.attribution.speaker == want["speaker"], claim.value.text
        if "party" in want:
            assert claim.attribution.party == want["party"]


@pytest.mark.parametrize(
    "body",
    [
        "Officials said 40 people died.\nOfficials  said 40 people died.\n",  # spacing
        "Police said 12 were hurt. POLICE SAID 12 WERE HURT.\n",  # case
        "Officials said 0 0\nOfficials said \x0b 0 0",  # a vertical tab, figures twice
    ],
)
def test_sentences_one_apart_in_spacing_or_case_give_claims_of_their_own(
    body: str, tmp_path: Path
) -> None:
    """Ids read a quote with its spacing and case folded: the occurrence that tells
    repeated figures apart must read it the same way, or two claims share an id."""
    from claimcheck.store import Store

    document = Document(source=Source(id="case"), body=body, path=Path("case.txt"))
    claims = EXTRACTOR.extract(document)
    assert len(claims) >= 2
    assert len({claim.id for claim in claims}) == len(claims)
    Store.open(tmp_path).replace_source(document, claims)  # refused a repeated id before
    assert len(Store.open(tmp_path).claims("case")) == len(claims)


_LETTERS = st.text(alphabet="abcs -'.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LETTERS, min_size=1, max_size=12), st.text(alphabet="abcs -'.x", max_size=40))
def test_a_word_trie_matches_what_a_longest_first_alternation_matches(words, text) -> None:
    """The trie-shaped pattern of a word list finds the same spans, between the same
    boundaries, as the plain alternation of the words longest first."""
    plain = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    for boundary in (r"(?<![\w'-])(?:{})(?![\w'-])", r"(?:{})"):
        expected = [m.span() for m in re.finditer(boundary.format(plain), text, re.I)]
        got = [m.span() for m in re.finditer(boundary.format(alternation(words)), text, re.I)]
        assert got == expected
