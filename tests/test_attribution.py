"""Attribution cases as data: each ``tests/cases/attribution/*.yaml`` file holds a list of
passages with the speaker, cue and party expected for the figures in them.

Cases are data so that a new construction seen in the wild becomes one more YAML entry,
not one more test function; ``pytest_generate_tests`` turns each entry into its own test
so a failure names the case. Keys of a case:

``text``          the passage (one or more sentences);
``perspective``   party id the document is written from (optional);
``figures``       phrase -> expected speaker of the relation around the phrase's first
                  occurrence; null means the document's own voice (no speaker);
``match``         ``contains`` to accept a speaker that contains the expected text;
``parties``       phrase -> expected party id (null: none);
``relations``     relations that must be among those found, by ``speaker``, ``cue``,
                  ``party`` and ``speaker_text`` (the mention as written);
``general``       true: no configuration but the shipped general knowledge (countries
                  and roles), as a new user with no ``claimcheck.toml`` has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.config import Config
from claimcheck.extraction.attribution import (
    AttributionRelation,
    Attributor,
    relation_at,
)
from claimcheck.extraction.sentences import split_sentences

CASES_DIR = Path(__file__).parent / "cases" / "attribution"
CONFIG_FILE = CASES_DIR / "config.yaml"


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path == CONFIG_FILE:
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((f"{path.stem}::{case['name']}", case))
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per YAML case, named ``file::case``."""
    if "case" in metafunc.fixturenames:
        cases = _load_cases()
        metafunc.parametrize("case", [c for _i, c in cases], ids=[i for i, _c in cases])


@pytest.fixture(scope="module")
def default_config() -> Config:
    return Config.model_validate(yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")))


def _relations(case: dict[str, Any], config: Config) -> list[AttributionRelation]:
    if "config" in case:
        config = Config.model_validate(case["config"])
    if case.get("general"):
        config = Config().with_general_knowledge()
    text = case["text"]
    return Attributor(config).attribute(text, split_sentences(text), case.get("perspective"))


def _at(text: str, phrase: str, relations: list[AttributionRelation]) -> AttributionRelation | None:
    offset = text.find(phrase)
    assert offset != -1, f"phrase {phrase!r} is not in the case text"
    return relation_at(relations, offset)


def test_case(case: dict[str, Any], default_config: Config) -> None:
    text = case["text"]
    relations = _relations(case, default_config)
    shown = [(r.speaker, r.cue, r.party, text[slice(*r.content_span)]) for r in relations]
    for phrase, expected in (case.get("figures") or {}).items():
        rel = _at(text, str(phrase), relations)
        speaker = rel.speaker if rel else None
        if expected is None:
            assert speaker is None, f"{phrase!r} should be own voice; relations: {shown}"
        elif case.get("match") == "contains":
            assert speaker and expected.lower() in speaker.lower(), (phrase, speaker, shown)
        else:
            assert speaker == expected, (phrase, speaker, shown)
    for phrase, expected in (case.get("parties") or {}).items():
        rel = _at(text, str(phrase), relations)
        assert (rel.party if rel else None) == expected, (phrase, shown)
    for want in case.get("relations") or []:
        assert any(
            all(
                (text[slice(*r.speaker_span)] if r.speaker_span else None) == value
                if key == "speaker_text"
                else getattr(r, key) == value
                for key, value in want.items()
            )
            for r in relations
        ), (want, shown)


def test_relation_at_prefers_innermost() -> None:
    outer = AttributionRelation((0, 50), "A", (0, 1), "said", (2, 6), None)
    inner = AttributionRelation((10, 20), "B", (8, 9), "said", (9, 10), None)
    assert relation_at([outer, inner], 15) is inner
    assert relation_at([outer, inner], 30) is outer
    assert relation_at([outer, inner], 60) is None


def test_resolve_party_for_possessive_pronouns(default_config: Config) -> None:
    attributor = Attributor(default_config)
    assert attributor.resolve_party("their own troops", ["armenia", "azerbaijan"]) == "azerbaijan"
    assert attributor.resolve_party(
        "the ministry", [("ministry", "armenia"), (None, "russia")]
    ) == ("armenia")
    assert attributor.resolve_party("officials", [], perspective="ukraine") == "ukraine"
    assert attributor.resolve_party("analysts", ["armenia"]) is None
    assert attributor.resolve_party("Azeri officials", ["armenia"]) == "azerbaijan"


def test_spans_are_offsets_into_the_body(default_config: Config) -> None:
    text = "Rescuers found 12 survivors, the fire brigade said. “Two more are missing,” it added."
    for rel in _relations({"text": text}, default_config):
        assert text[slice(*rel.cue_span)] == rel.cue
        if rel.speaker_span:
            assert text[slice(*rel.speaker_span)].strip()
        assert 0 <= rel.content_span[0] < rel.content_span[1] <= len(text)
