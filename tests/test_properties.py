"""Properties that hold for any input, tried on inputs hypothesis makes up.

Random documents (news-like pieces mixed with arbitrary text, line ends of every kind,
control and bidirectional characters), random front matter (none, YAML or TOML, Unix or
Windows line ends, fields of any type) and random claim files, through extraction and
the store:

* nothing raises but claimcheck's own errors (:class:`ClaimcheckError`), and an
  :class:`InputError` names the file it is about;
* every claim's quote is ``body[span]``, its value inside it, its speaker in the body;
* a store written is a store that validates, and reads back as written: after a first
  extraction, and after a second one of an edited text that a note was added before.

The tests here are bounded (a few dozen examples each) to keep the suite fast; the same
properties run with many more examples under ``pytest -m long``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import review
from claimcheck.analysis import analyse_store
from claimcheck.config import load_config_file
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.extraction.pipeline import Extractor
from claimcheck.model import (
    Attribution,
    Claim,
    Review,
    ReviewEvent,
    Source,
    Value,
    claim_id,
)
from claimcheck.sources import Document
from claimcheck.store import Store
from claimcheck.validate import validate_store
from tests.conftest import read_or_input_error

CONFIG = load_config_file(Path(__file__).resolve().parent.parent / "claims" / "claimcheck.toml")
EXTRACTOR = Extractor(CONFIG)
PARTIES = sorted(CONFIG.party_by_id)


def bounded(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings for a property: ``examples`` of them, no deadline (the
    machine may be busy), fixtures shared by examples (each makes its own folder)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --------------------------------------------------------------------------- documents

#: Pieces of news text around which extractors go wrong.
PIECES = [
    "Officials said",
    "at least 12 people were killed",
    "about 2,000 troops",
    "1.2 million",
    "$4.5bn",
    "14%",
    "between 200 and 600",
    "on March 3, 2021",
    "last Tuesday",
    "according to the Red Cross",
    '"We lost 40 homes," the mayor said.',
    "“",
    "”",
    "—",
    "[12]",
    "| 3,900 | 190 |",
    "|---|---|",
    "Sept.",
    "U.S.",
    "9/11",
    "forty-nine",
    "dozens of",
    "Azerbaijani",
    "Armenian",
    "---",
    "+++",
    "# heading",
    ".",
    ",",
]
LINE_ENDS = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c"]
ODD = ["\x1b[2J", "\u202e", "\u200b", "\ufeff", "\x7f", "\x1f", "\t", "\u00a0", "#", ": "]
#: Characters of any kind but NUL (a NUL makes a file binary, which is refused whole).
CHARS = st.characters(codec="utf-8", exclude_characters="\x00")

BODIES = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(LINE_ENDS),
        st.sampled_from(ODD),
        st.text(CHARS, max_size=6),
        st.integers(0, 10**7).map(str),
    ),
    max_size=40,
).map(" ".join)

KEYS = st.sampled_from(
    ["title", "date", "published", "author", "tags", "kind", "url", "notes", "id", "layout"]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(CHARS, max_size=12),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["news", "statement", "2021-02-30", "next week", "a/b", "..", "Floods"]),
)
FIELDS = st.dictionaries(KEYS, st.one_of(SCALARS, st.lists(SCALARS, max_size=3)), max_size=5)


def _toml_value(value: Any) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value)  # a JSON string is a TOML basic string


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole file: front matter (none, YAML, TOML or garbage) and a body."""
    body = draw(BODIES)
    end = draw(st.sampled_from(["\n", "\r\n"]))
    fields = draw(FIELDS)
    kind = draw(st.sampled_from(["none", "yaml", "toml", "garbage"]))
    if kind == "none":
        return body
    if kind == "yaml":
        lines = [f"{key}: {json.dumps(value)}" for key, value in fields.items()]
        fence = "---"
    elif kind == "toml":
        lines = [f"{key} = {_toml_value(value)}" for key, value in fields.items()]
        fence = "+++"
    else:
        lines = [draw(st.text(CHARS, max_size=40))]
        fence = draw(st.sampled_from(["---", "+++"]))
    header = "".join(line + end for line in lines)
    return f"{fence}{end}{header}{fence}{end}{body}"


def assert_exact(claims: list[Claim], document: Document) -> None:
    """Every claim points at its text: quote, value, speaker."""
    body = document.body
    for claim in claims:
        start, end = claim.span
        assert body[start:end] == claim.quote, claim.id
        assert start <= claim.value_span[0] <= claim.value_span[1] <= end, claim.id
        speaker = claim.attribution.speaker_span
        assert speaker is None or 0 <= speaker[0] <= speaker[1] <= len(body), claim.id
        assert claim.source == document.source.id


def check_documents_through_the_store(text: str, edit: str) -> None:
    """The properties of one document: read, extract, store, validate; then a note, an
    edited text extracted again, and the store still valid with the note kept."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        document = read_or_input_error(root / "doc.md", text)
        if document is None:
            return
        claims = EXTRACTOR.extract(document)
        assert_exact(claims, document)
        store = Store.open(root / "store", create=True)
        try:
            result = store.replace_source(document, claims)
        except InputError as error:  # a reserved id, say: refused, nothing written
            assert "reserved" in error.message or "source id" in error.message
            return
        source_id = document.source.id
        assert validate_store(store.root, CONFIG) == []
        stored = Store.open(store.root)
        assert stored.document(source_id).body == document.body
        assert stored.claims(source_id) == list(result.claims)

        noted = None
        if claims:
            noted = review.add_note(store, claims[0].id, "checked \x1b[2J\u202e", "Ed").id
        edited = Document(
            source=document.source,
            body=edit + document.body,
            path=document.path,
            front_matter=document.front_matter,
            front_matter_format=document.front_matter_format,
        )
        again = EXTRACTOR.extract(edited)
        assert_exact(again, edited)
        Store.open(store.root).replace_source(edited, again)
        assert validate_store(store.root, CONFIG) == []
        kept = Store.open(store.root).claims(source_id)
        if noted is not None:
            assert any(c.review.notes == ["checked \x1b[2J\u202e"] for c in kept)
        analyse_store(Store.open(store.root), CONFIG)  # compares without a crash


EDITS = st.one_of(st.just(""), BODIES.map(lambda text: text + "\n"))


@bounded(40)
@given(text=documents(), edit=EDITS)
def test_any_document_extracts_exactly_and_stores_validly(text: str, edit: str) -> None:
    check_documents_through_the_store(text, edit)


@pytest.mark.long
@bounded(2000)
@given(text=documents(), edit=EDITS)
def test_any_document_extracts_exactly_and_stores_validly_long(text: str, edit: str) -> None:
    check_documents_through_the_store(text, edit)


# --------------------------------------------------------------------------- claims

BODY = (
    "RIVERTON, May 6 (Wire) - Floodwaters killed at least 12 people, officials said.\n"
    "About 3,000 residents were evacuated overnight, the Red Cross said.\r\n"
    'The mayor said: "We lost 40 homes # and a school."\n'
)
#: Text of any kind, for every free-text field a claim has.
FREE_TEXT = st.one_of(
    st.text(CHARS, max_size=20),
    st.sampled_from(ODD + LINE_ENDS + ["", " ", "'", '"', "- a", "[", "{", "&a", "*a", "---"]),
)


@st.composite
def claims_of(draw: st.DrawFn, body: str) -> Claim:
    """A claim that points at ``body`` exactly, with any text in its free fields."""
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, len(body)))
    value_start = draw(st.integers(start, end))
    value_end = draw(st.integers(value_start, end))
    low = draw(st.one_of(st.none(), st.floats(-1e12, 1e12, allow_nan=False)))
    high = draw(st.one_of(st.none(), st.floats(-1e12, 1e12, allow_nan=False)))
    if low is not None and high is not None and low > high:
        low, high = high, low
    speaker_span = None
    if draw(st.booleans()):
        first = draw(st.integers(0, len(body)))
        speaker_span = (first, draw(st.integers(first, len(body))))
    quote = body[start:end]
    return Claim(
        id=claim_id("floods", quote, body[value_start:value_end] + str(start)),
        source="floods",
        span=(start, end),
        quote=quote,
        value_span=(value_start, value_end),
        value=Value(kind="number", low=low, high=high, point=low, text=draw(FREE_TEXT) or "12"),
        measure=draw(st.one_of(st.none(), FREE_TEXT)),
        subject=draw(FREE_TEXT),
        place=draw(st.one_of(st.none(), FREE_TEXT)),
        attribution=Attribution(
            speaker=draw(st.one_of(st.none(), FREE_TEXT)),
            speaker_span=speaker_span,
            cue=draw(st.one_of(st.none(), FREE_TEXT)),
            party=draw(st.one_of(st.none(), st.sampled_from(PARTIES))),
        ),
        review=Review(
            notes=draw(st.lists(FREE_TEXT, max_size=3)),
            history=[
                ReviewEvent(
                    who=draw(FREE_TEXT) or "Ed",
                    when=dt.datetime(2024, 5, 7, 9, 30, tzinfo=dt.UTC),
                    action="note",
                    new=draw(FREE_TEXT),
                )
            ]
            if draw(st.booleans())
            else [],
        ),
    )


def _floods_store(root: Path) -> Store:
    store = Store.open(root / "store", create=True)
    store.add_source(
        Document(source=Source(id="floods", title="Floods"), body=BODY, path=Path("floods.md"))
    )
    return store


def check_claims_round_trip(claims: list[Claim]) -> None:
    """Claims with any text in them are written, read back as they were, and valid."""
    unique = list({claim.id: claim for claim in claims}.values())
    with tempfile.TemporaryDirectory() as folder:
        store = _floods_store(Path(folder))
        store.write_claims("floods", unique)
        assert Store.open(store.root).claims("floods") == sorted(
            unique, key=lambda c: (c.span[0], c.value_span[0], c.id)
        )
        assert validate_store(store.root, CONFIG) == []


@bounded(40)
@given(claims=st.lists(claims_of(BODY), max_size=4))
def test_claims_with_any_text_are_written_read_back_and_valid(claims: list[Claim]) -> None:
    check_claims_round_trip(claims)


@pytest.mark.long
@bounded(2000)
@given(claims=st.lists(claims_of(BODY), max_size=6))
def test_claims_with_any_text_are_written_read_back_and_valid_long(
    claims: list[Claim],
) -> None:
    check_claims_round_trip(claims)


#: Edits a person (or an attacker) might make to a claims file.
DAMAGE = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 8),
        st.one_of(
            st.text(CHARS, max_size=8),
            st.sampled_from(
                [
                    "\n",
                    "  ",
                    "- ",
                    ": ",
                    "&a ",
                    "*a",
                    "[",
                    "]",
                    "{",
                    "!!python/object ",
                    "'",
                    '"',
                    "#",
                    "\t",
                    "null",
                    "-1",
                    "1e400",
                    "2024-13-45",
                    "span: [5, 2]",
                    "claims: 3",
                ]
            ),
        ),
    ),
    min_size=1,
    max_size=5,
)


def check_damaged_claims_file(claims: list[Claim], damage: list[tuple[float, int, str]]) -> None:
    """A claims file edited at random is reported (problems, or an InputError naming
    the file), never a crash, in every command that reads it."""
    unique = list({claim.id: claim for claim in claims}.values())
    with tempfile.TemporaryDirectory() as folder:
        store = _floods_store(Path(folder))
        store.write_claims("floods", unique)
        path = store.claims_path("floods")
        text = path.read_text(encoding="utf-8")
        for where, cut, insert in damage:
            at = int(where * len(text))
            text = text[:at] + insert + text[at + cut :]
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        for read in (
            lambda: validate_store(store.root, CONFIG),
            lambda: Store.open(store.root).all_claims(),
            lambda: analyse_store(Store.open(store.root), CONFIG),
        ):
            try:
                read()
            except InputError as error:
                assert error.path is not None and "floods.claims.yaml" in error.path
            except ClaimcheckError:
                pass


@bounded(40)
@given(claims=st.lists(claims_of(BODY), max_size=2), damage=DAMAGE)
def test_a_damaged_claims_file_is_reported_never_a_crash(
    claims: list[Claim], damage: list[tuple[float, int, str]]
) -> None:
    check_damaged_claims_file(claims, damage)


@pytest.mark.long
@bounded(2000)
@given(claims=st.lists(claims_of(BODY), max_size=3), damage=DAMAGE)
def test_a_damaged_claims_file_is_reported_never_a_crash_long(
    claims: list[Claim], damage: list[tuple[float, int, str]]
) -> None:
    check_damaged_claims_file(claims, damage)
