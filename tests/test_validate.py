"""``validate_store``: each kind of damage gives its code, file and line; nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimcheck.cache import CACHE_DIR
from claimcheck.config import Config
from claimcheck.errors import InputError
from claimcheck.model import Attribution, Claim, Source, Value, body_sha256, claim_id
from claimcheck.sources import Document
from claimcheck.store import Store
from claimcheck.validate import CODES, Problem, validate_store

FLOOD = "harlow-flood-2024-03-02"
FLOOD_BODY = (
    "HARLOW, March 2 (Wire) - At least 9 people died after the Vale river burst its banks, "
    "the regional emergency service said on Saturday.\n"
    "Some 1,200 homes were without power, the utility said.\n"
)
ELECTION = "norland-election-2024-06-10"
ELECTION_BODY = (
    "OSTBY, June 10 (Wire) - Turnout in Sunday's parliamentary election was 61.4 percent, "
    "the national electoral commission said.\n"
    "The opposition alliance said more than 300 polling stations opened late.\n"
)

CONFIG = Config.model_validate(
    {
        "parties": [
            {"id": "emergency-service", "name": "Regional emergency service", "kind": "government"},
            {"id": "commission", "name": "National Electoral Commission", "kind": "independent"},
            {"id": "opposition", "name": "Opposition alliance", "kind": "belligerent"},
        ]
    }
)


def claim(source: str, body: str, sentence: str, figure: str, low: float, **fields) -> Claim:
    start = body.index(sentence)
    value_start = body.index(figure, start)
    return Claim(
        id=claim_id(source, sentence, figure),
        source=source,
        span=(start, start + len(sentence)),
        quote=sentence,
        value_span=(value_start, value_start + len(figure)),
        value=Value(kind="number", low=low, point=low, text=figure),
        **fields,
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Two news documents and their claims, valid as written."""
    store = Store.open(tmp_path)
    for source_id, body, title, perspective in (
        (FLOOD, FLOOD_BODY, "Nine dead as Vale river floods Harlow", None),
        (ELECTION, ELECTION_BODY, "Norland turnout 61.4 pct", "commission"),
    ):
        source = Source(
            id=source_id,
            title=title,
            publisher="Wire",
            published=dt.date(2024, 3, 2),
            kind="news",
            perspective=perspective,
            sha256=body_sha256(body),
        )
        store.add_source(Document(source=source, body=body, path=Path(f"{source_id}.md")))
    died = (
        "At least 9 people died after the Vale river burst its banks, "
        "the regional emergency service said on Saturday."
    )
    power = "Some 1,200 homes were without power, the utility said."
    store.write_claims(
        FLOOD,
        [
            claim(
                FLOOD,
                FLOOD_BODY,
                died,
                "At least 9",
                9,
                subject="people died",
                attribution=Attribution(
                    speaker="the regional emergency service", cue="said", party="emergency-service"
                ),
            ),
            claim(FLOOD, FLOOD_BODY, power, "Some 1,200", 1200, subject="homes without power"),
        ],
    )
    turnout = (
        "Turnout in Sunday's parliamentary election was 61.4 percent, "
        "the national electoral commission said."
    )
    late = "The opposition alliance said more than 300 polling stations opened late."
    store.write_claims(
        ELECTION,
        [
            claim(
                ELECTION,
                ELECTION_BODY,
                turnout,
                "61.4 percent",
                61.4,
                attribution=Attribution(party="commission", cue="said"),
            ),
            claim(
                ELECTION,
                ELECTION_BODY,
                late,
                "more than 300",
                301,
                side="opposition",
                attribution=Attribution(party="opposition", cue="said"),
            ),
        ],
    )
    return store


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based number of the first line containing ``needle`` (after the line with ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        # The parse cache is not the store: validation may fill it.
        if p.is_file() and CACHE_DIR not in p.relative_to(root).parts
    }


# ------------------------------------------------------------------ clean store


def test_valid_store_has_no_problems_and_is_not_touched(store: Store) -> None:
    before = snapshot(store.root)
    assert validate_store(store.root, CONFIG) == []
    assert snapshot(store.root) == before


def test_problem_prints_like_a_compiler_message() -> None:
    problem = Problem("claims/a.claims.yaml", 12, "quote-mismatch", "claim c-1: differs")
    assert str(problem) == "claims/a.claims.yaml:12: quote-mismatch claim c-1: differs"
    assert str(Problem("a.md", None, "orphan-claims", "x")) == "a.md: orphan-claims x"


def test_every_code_is_documented() -> None:
    doc = Path(__file__).parents[1] / "docs" / "commands" / "validate.md"
    text = doc.read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text, code


# ------------------------------------------------------------------ offsets and hashes


def test_corrupted_quote(store: Store) -> None:
    path = store.claims_path(FLOOD)
    edit(path, "quote: Some 1,200 homes", "quote: Some 1,300 homes")
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path) == ("quote-mismatch", str(path))
    assert problem.line == line_of(path, "quote: Some 1,300")
    assert "Some 1,200" in problem.message  # says what the document reads there


def test_corrupted_span(store: Store) -> None:
    path = store.claims_path(ELECTION)
    late_id = store.claims(ELECTION)[1].id
    start, end = store.claims(ELECTION)[1].span
    edit(path, f"span: [{start}, {end}]", f"span: [{start}, {end + 500}]")
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path) == ("span-out-of-range", str(path))
    assert problem.line == line_of(path, "span: [", after=late_id)


def test_shifted_span_breaks_the_quote(store: Store) -> None:
    path = store.claims_path(ELECTION)
    start, end = store.claims(ELECTION)[0].span
    edit(path, f"span: [{start}, {end}]", f"span: [{start + 1}, {end + 1}]")
    problem = only(validate_store(store.root, CONFIG))
    assert problem.code == "quote-mismatch"
    assert problem.line == line_of(path, "quote: ")


def test_value_span_outside_span(store: Store) -> None:
    path = store.claims_path(FLOOD)
    value_start, value_end = store.claims(FLOOD)[0].value_span
    edit(path, f"value_span: [{value_start}, {value_end}]", "value_span: [150, 160]")
    problem = only(validate_store(store.root, CONFIG))
    assert problem.code == "value-span-outside"
    assert problem.line == line_of(path, "value_span: [150, 160]")


def test_corrupted_hash(store: Store) -> None:
    path = store.document_path(FLOOD)
    edit(path, f"sha256: {body_sha256(FLOOD_BODY)}", "sha256: " + body_sha256("other text"))
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path, problem.line) == (
        "hash-mismatch",
        str(path),
        line_of(path, "sha256:"),
    )


def test_edited_body_breaks_hash_and_quotes(store: Store) -> None:
    path = store.document_path(FLOOD)
    edit(path, "At least 9 people died", "At least nine people died")
    codes = [(p.code, Path(p.path).name) for p in validate_store(store.root, CONFIG)]
    assert ("hash-mismatch", f"{FLOOD}.md") in codes
    assert ("quote-mismatch", f"{FLOOD}.claims.yaml") in codes


# ------------------------------------------------------------------ ids and sources


def test_duplicate_id_across_files(store: Store) -> None:
    flood_path = store.claims_path(FLOOD)
    election_path = store.claims_path(ELECTION)
    flood_id = store.claims(FLOOD)[0].id
    election_id = store.claims(ELECTION)[0].id
    edit(election_path, f"id: {election_id}", f"id: {flood_id}")
    problem = only(validate_store(store.root, CONFIG))
    # Files are checked in name order: the election file's claim is the second use,
    # and the message points back at the first.
    assert (problem.code, problem.path) == ("duplicate-id", str(election_path))
    assert problem.line == line_of(election_path, f"id: {flood_id}")
    assert f"{flood_path}:{line_of(flood_path, f'id: {flood_id}')}" in problem.message


def test_claim_naming_another_source(store: Store) -> None:
    path = store.claims_path(FLOOD)
    second = store.claims(FLOOD)[1].id
    text = path.read_text(encoding="utf-8")
    at = text.index(f"id: {second}")
    tail = text[at:].replace(f"source: {FLOOD}", f"source: {ELECTION}", 1)
    path.write_text(text[:at] + tail, encoding="utf-8")
    problem = only(validate_store(store.root, CONFIG))
    assert problem.code == "source-mismatch"
    assert problem.line == line_of(path, f"source: {ELECTION}")


def test_claims_file_without_document(store: Store) -> None:
    store.document_path(ELECTION).unlink()
    path = store.claims_path(ELECTION)
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path, problem.line) == ("orphan-claims", str(path), 5)
    assert line_of(path, f"source: {ELECTION}") == 5


def test_front_matter_id_differs_from_file_name(store: Store) -> None:
    path = store.document_path(FLOOD)
    edit(path, f"id: {FLOOD}", "id: harlow-flood")
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.line) == ("id-mismatch", 2)


# ------------------------------------------------------------------ schema


def test_unknown_field_in_claim(store: Store) -> None:
    path = store.claims_path(FLOOD)
    edit(path, "    subject: homes without power\n", "    subjct: homes without power\n")
    problems = validate_store(store.root, CONFIG)
    problem = only(problems)
    assert (problem.code, problem.path) == ("unknown-field", str(path))
    assert problem.line == line_of(path, "subjct:")


def test_wrong_type_and_missing_field(store: Store) -> None:
    path = store.claims_path(ELECTION)
    edit(path, "      low: 61.4\n", "      low: sixty\n")
    edit(path, "    quote: The opposition", "    quot: The opposition")
    problems = validate_store(store.root, CONFIG)
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"bad-value", "missing-field", "unknown-field"}
    assert by_code["bad-value"].line == line_of(path, "low: sixty")
    assert by_code["unknown-field"].line == line_of(path, "quot: The opposition")
    # A missing field is reported on the line of the claim that lacks it.
    second_id = store.claims_path(ELECTION).read_text(encoding="utf-8").split("- id: ")[2][:14]
    assert by_code["missing-field"].line == line_of(path, f"- id: {second_id}")


def test_unknown_parties_and_sides(store: Store) -> None:
    path = store.claims_path(ELECTION)
    edit(path, "side: opposition", "side: rebels")
    edit(path, "party: commission", "party: ministry")
    document_path = store.document_path(ELECTION)
    edit(document_path, "perspective: commission", "perspective: ministry")
    problems = {p.code: p for p in validate_store(store.root, CONFIG)}
    assert set(problems) == {"unknown-side", "unknown-party", "unknown-perspective"}
    assert problems["unknown-side"].line == line_of(path, "side: rebels")
    assert problems["unknown-party"].line == line_of(path, "party: ministry")
    assert problems["unknown-perspective"].path == str(document_path)
    assert problems["unknown-perspective"].line == line_of(document_path, "perspective:")


def test_reject_without_reason(store: Store) -> None:
    path = store.claims_path(FLOOD)
    edit(
        path,
        "      rank: normal\n",
        "      rank: normal\n"
        "      history:\n"
        "        - who: ana\n"
        "          when: 2024-03-03T10:00:00Z\n"
        "          action: reject\n",
    )
    edit(path, "status: unreviewed", "status: rejected")
    problem = only(validate_store(store.root, CONFIG))
    assert problem.code == "missing-reason"
    assert problem.line == line_of(path, "- who: ana")


# ------------------------------------------------------------------ unusable input: InputError


def test_malformed_yaml_is_an_input_error(store: Store) -> None:
    path = store.claims_path(FLOOD)
    edit(path, "    origin: sentence\n", "    origin: [sentence\n")
    before = snapshot(store.root)
    with pytest.raises(InputError) as caught:
        validate_store(store.root, CONFIG)
    assert caught.value.path == str(path)
    assert caught.value.line is not None
    assert line_of(path, "origin: [sentence") <= caught.value.line
    assert snapshot(store.root) == before


def test_non_utf8_document_is_an_input_error(store: Store) -> None:
    path = store.document_path(FLOOD)
    data = path.read_bytes().replace(b"Vale river burst", b"Vale r\xe9ver burst")
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        validate_store(store.root, CONFIG)
    assert caught.value.path == str(path)
    assert caught.value.line == line_of_bytes(data, b"r\xe9ver")
    assert "UTF-8" in caught.value.message


def test_binary_document_is_an_input_error(store: Store) -> None:
    path = store.document_path(ELECTION)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary") as caught:
        validate_store(store.root, CONFIG)
    assert (caught.value.path, caught.value.line) == (str(path), 3)  # NUL on line 3


def line_of_bytes(data: bytes, needle: bytes) -> int:
    return data.count(b"\n", 0, data.index(needle)) + 1


def test_unsafe_source_ids_are_input_errors(store: Store) -> None:
    path = store.document_path(FLOOD)
    edit(path, f"id: {FLOOD}", "id: ../../etc/passwd")
    with pytest.raises(InputError, match="unsafe source id") as caught:
        validate_store(store.root, CONFIG)
    assert (caught.value.path, caught.value.line) == (str(path), 2)

    edit(path, "id: ../../etc/passwd", f"id: {FLOOD}")
    renamed = store.root / "harlow..flood.claims.yaml"
    store.claims_path(FLOOD).rename(renamed)
    with pytest.raises(InputError, match="unsafe source id") as caught:
        validate_store(store.root, CONFIG)
    assert caught.value.path == str(renamed)


def test_bad_front_matter_field_is_an_input_error_at_its_line(store: Store) -> None:
    path = store.document_path(ELECTION)
    edit(path, "publisher: Wire\n", "publisher: Wire\ndate: next week\n")
    with pytest.raises(InputError, match="date") as caught:
        validate_store(store.root, CONFIG)
    assert (caught.value.path, caught.value.line) == (str(path), line_of(path, "date:"))


def test_unclosed_front_matter_is_an_input_error(store: Store) -> None:
    path = store.document_path(ELECTION)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\n", 1), encoding="utf-8")
    with pytest.raises(InputError, match="never closed") as caught:
        validate_store(store.root, CONFIG)
    assert (caught.value.path, caught.value.line) == (str(path), 1)


def test_missing_store_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_store(tmp_path / "missing", CONFIG)


# ------------------------------------------------------------------ what the cache remembers


def test_clean_sources_are_not_checked_again_until_a_file_or_the_parties_change(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck import store as store_module

    assert validate_store(store.root, CONFIG) == []  # fills the cache
    parsed: list[str] = []
    real = store_module._fast_claims
    monkeypatch.setattr(store_module, "_fast_claims", lambda t: parsed.append(t) or real(t))
    assert validate_store(store.root, CONFIG) == []
    assert parsed == []  # both sources known clean: not even read as claims

    # A corruption after the cache was filled is caught, in place and the same size.
    path = store.claims_path(FLOOD)
    edit(path, "quote: Some 1,200 homes", "quote: Some 1,300 homes")
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path) == ("quote-mismatch", str(path))
    edit(path, "quote: Some 1,300 homes", "quote: Some 1,200 homes")
    assert validate_store(store.root, CONFIG) == []

    # Other parties: the same files are checked again.
    fewer = Config.model_validate(
        {"parties": [p.model_dump() for p in CONFIG.parties if p.id != "opposition"]}
    )
    codes = sorted(p.code for p in validate_store(store.root, fewer))
    assert codes == ["unknown-party", "unknown-side"]


@pytest.mark.parametrize("edited", [ELECTION, FLOOD])
def test_an_id_used_again_beside_a_source_known_clean_names_both_lines(
    store: Store, edited: str
) -> None:
    flood_path, election_path = store.claims_path(FLOOD), store.claims_path(ELECTION)
    flood_id, election_id = store.claims(FLOOD)[0].id, store.claims(ELECTION)[0].id
    assert validate_store(store.root, CONFIG) == []  # both known clean
    if edited == ELECTION:  # the second file takes the first one's id
        edit(election_path, f"id: {election_id}", f"id: {flood_id}")
        used = flood_id
    else:  # the first file takes the id of the second, which is still known clean
        edit(flood_path, f"id: {flood_id}", f"id: {election_id}")
        used = election_id
    problem = only(validate_store(store.root, CONFIG))
    assert (problem.code, problem.path) == ("duplicate-id", str(election_path))
    assert problem.line == line_of(election_path, f"id: {used}")
    assert f"{flood_path}:{line_of(flood_path, f'id: {used}')}" in problem.message


def test_a_reviewed_claim_that_vanished_with_an_edit_is_checked_against_the_old_text(
    tmp_path: Path,
) -> None:
    from claimcheck.config import load_config
    from tests.conftest import run_cli

    store = tmp_path / "claims"
    doc = tmp_path / "floods.md"
    doc.write_text("Floods killed 12 people, officials said.\n", encoding="utf-8")
    run_cli("extract", doc, "--store", store)
    (noted,) = Store.open(store).claims("floods")
    run_cli("claim", "note", noted.id, "toll checked", "--store", store, "--editor", "Ed")
    doc.write_text("RIVERTON - Floods killed 14 people, officials said.\n", encoding="utf-8")
    run_cli("extract", doc, "--store", store)
    vanished = next(c for c in Store.open(store).claims("floods") if c.id == noted.id)
    assert vanished.review.status == "vanished"
    assert vanished.quote == noted.quote and vanished.span == noted.span  # the old text's
    config = load_config(None, store=store)  # what extract used
    assert validate_store(store, config) == []
    # A quote that no version has at its span is still caught.
    path = store / "floods.claims.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("killed 12 people", "killed 99 people"),
        encoding="utf-8",
    )
    assert [p.code for p in validate_store(store, config)] == ["quote-mismatch"]
