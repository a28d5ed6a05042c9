"""The index behind relation_at answers as the scan over every relation does.

Spans are generated at random (fixed seed): nested, overlapping, repeated, empty and
touching content spans, so that ties on length and stretches covered by nothing occur.
"""

from __future__ import annotations

import random

from claimcheck.config import Config
from claimcheck.extraction.attribution import (
    AttributionRelation,
    Attributor,
    Relations,
    relation_at,
)
from claimcheck.extraction.sentences import split_sentences


def _relation(start: int, end: int, n: int) -> AttributionRelation:
    return AttributionRelation((start, end), f"Speaker {n}", None, "said", (end, end + 4), None)


def test_index_gives_what_the_scan_gives() -> None:
    rng = random.Random(3)
    for _ in range(200):
        relations = []
        for n in range(rng.randint(0, 25)):
            start = rng.randint(0, 120)
            end = start + rng.choice([0, 1, 5, 5, 10, 30, 80])
            relations.append(_relation(start, end, n))
        if relations and rng.random() < 0.3:
            relations.append(relations[0])  # the same span listed twice
        indexed = Relations(relations)
        for offset in range(-2, 215):
            assert indexed.innermost(offset) is relation_at(relations, offset)
            assert relation_at(indexed, offset) is relation_at(relations, offset)


def test_a_change_to_the_list_drops_the_index() -> None:
    outer, inner = _relation(0, 50, 1), _relation(10, 20, 2)
    relations = Relations([outer])
    assert relation_at(relations, 15) is outer
    relations.append(inner)
    assert relation_at(relations, 15) is inner
    relations.remove(inner)
    assert relation_at(relations, 15) is outer
    relations[0] = inner
    assert relation_at(relations, 30) is None
    relations.sort(key=lambda r: r.content_span)
    assert relation_at(relations, 15) is inner


def test_attribute_returns_indexed_relations() -> None:
    text = "The ministry said 49 soldiers were killed. Rebels claimed 50 had died, it added."
    relations = Attributor(Config()).attribute(text, split_sentences(text))
    assert isinstance(relations, Relations)
    plain = list(relations)
    for offset in range(len(text)):
        assert relation_at(relations, offset) is relation_at(plain, offset)
