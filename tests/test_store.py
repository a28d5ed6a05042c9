"""The store keeps claims and documents safe: comments, reviews, old versions, crashes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from claimcheck import store as store_module
from claimcheck.config import Config
from claimcheck.errors import InputError
from claimcheck.model import (
    Attribution,
    Claim,
    Review,
    ReviewEvent,
    ReviewStatus,
    Source,
    Value,
    body_sha256,
    claim_id,
)
from claimcheck.sources import Document, read_document
from claimcheck.store import ClaimSchemaError, Store, write_text_atomic
from claimcheck.validate import validate_store

SHIPPED = Path(__file__).resolve().parent.parent / "claims"

FLOOD_ID = "riverton-flood-2024-05-06"
FLOOD_BODY = (
    "RIVERTON, May 6 (Wire) - Floodwaters killed at least 12 people in Riverton, "
    "regional officials said on Monday.\n"
    "About 3,000 residents were evacuated overnight, the Red Cross said.\n"
    'The mayor said: "We lost 40 homes # and a school."\n'
)
WHEN = dt.datetime(2024, 5, 7, 9, 30, tzinfo=dt.UTC)


def flood_document(body: str = FLOOD_BODY, title: str = "Floods kill 12 in Riverton") -> Document:
    source = Source(
        id=FLOOD_ID,
        title=title,
        publisher="Wire",
        published=dt.date(2024, 5, 6),
        kind="news",
        sha256=body_sha256(body),
    )
    return Document(source=source, body=body, path=Path(f"{FLOOD_ID}.md"))


def make_claim(body: str, sentence: str, figure: str, low: float, **fields) -> Claim:
    """A claim whose offsets are found in ``body``, as the extractor would produce it."""
    start = body.index(sentence)
    value_start = body.index(figure, start)
    return Claim(
        id=claim_id(FLOOD_ID, sentence, figure),
        source=FLOOD_ID,
        span=(start, start + len(sentence)),
        quote=sentence,
        value_span=(value_start, value_start + len(figure)),
        value=Value(kind="number", low=low, point=low, qualifier="at-least", text=figure),
        **fields,
    )


KILLED = "Floodwaters killed at least 12 people in Riverton, regional officials said on Monday."
EVACUATED = "About 3,000 residents were evacuated overnight, the Red Cross said."
HOMES = 'The mayor said: "We lost 40 homes # and a school."'


def flood_claims(body: str = FLOOD_BODY) -> list[Claim]:
    return [
        make_claim(
            body,
            KILLED,
            "at least 12",
            12,
            subject="people killed",
            measure="killed",
            attribution=Attribution(speaker="regional officials", cue="said"),
        ),
        make_claim(
            body,
            EVACUATED,
            "About 3,000",
            3000,
            subject="residents evacuated",
            attribution=Attribution(speaker="the Red Cross", cue="said", party="icrc"),
        ),
    ]


@pytest.fixture
def flood_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path)
    store.add_source(flood_document())
    store.write_claims(FLOOD_ID, flood_claims())
    return store


# ------------------------------------------------------------------ reading and writing


def test_open_rejects_missing_and_non_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        Store.open(tmp_path / "nowhere")
    assert missing.value.path == str(tmp_path / "nowhere")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        Store.open(a_file)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.add_source(flood_document())
    homes = make_claim(
        FLOOD_BODY,
        HOMES,
        "40",
        40,
        as_of=dt.date(2024, 5, 6),
        attribution=Attribution(
            speaker="The mayor",
            speaker_span=(FLOOD_BODY.index("The mayor"), FLOOD_BODY.index(" said:")),
            cue="said",
        ),
        review=Review(
            status=ReviewStatus.confirmed,
            notes=["Checked against the council's statement: 40 homes."],
            history=[ReviewEvent(who="ana", when=WHEN, action="confirm")],
        ),
    )
    claims = [*flood_claims(), homes]
    store.write_claims(FLOOD_ID, list(reversed(claims)))
    assert store.claims(FLOOD_ID) == claims  # sorted by position
    assert store.all_claims() == claims
    text = store.claims_path(FLOOD_ID).read_text(encoding="utf-8")
    assert "span: [" in text  # flow lists, one line per span
    assert "as_of: 2024-05-06" in text
    assert "low: 12\n" in text  # integral figures without ".0"
    assert f"source: {FLOOD_ID}\n" in text
    # Writing the same claims again changes nothing.
    before = store.claims_path(FLOOD_ID).read_bytes()
    store.write_claims(FLOOD_ID, claims)
    assert store.claims_path(FLOOD_ID).read_bytes() == before


def test_no_claims_file_means_no_claims(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.add_source(flood_document())
    assert store.source_ids() == [FLOOD_ID]
    assert store.claims(FLOOD_ID) == []
    assert store.document(FLOOD_ID).body == FLOOD_BODY


def test_hand_written_comments_survive_a_rewrite(flood_store: Store) -> None:
    path = flood_store.claims_path(FLOOD_ID)
    text = path.read_text(encoding="utf-8")
    evacuated_id = flood_store.claims(FLOOD_ID)[1].id
    text = text.replace(
        "\nsource: riverton", "\n# Desk: floods team, reviewed weekly.\nsource: riverton", 1
    )
    text = text.replace(
        f"  - id: {evacuated_id}\n",
        f"  # Red Cross figure; UN OCHA says 2,800.\n  - id: {evacuated_id}\n",
    )
    text = text.replace(
        "    subject: people killed\n",
        "    subject: people killed  # not 'drowned': cause unclear\n"
        "    # ask the regional office for the list of names\n",
    )
    path.write_text(text, encoding="utf-8")

    # The editor's file still loads, and a rewrite changes a field and adds a claim
    # between the two (by position), which moves the second claim down.
    killed, evacuated = flood_store.claims(FLOOD_ID)
    middle_body = FLOOD_BODY.replace(
        "\nAbout", "\nSome 200 soldiers were deployed, the army said.\nAbout"
    )
    flood_store.add_source(flood_document(body=middle_body))
    sentence = "Some 200 soldiers were deployed, the army said."
    deployed = make_claim(middle_body, sentence, "Some 200", 200, subject="soldiers deployed")
    shift = len(sentence) + 1
    moved = evacuated.model_copy(
        update={
            "span": (evacuated.span[0] + shift, evacuated.span[1] + shift),
            "value_span": (evacuated.value_span[0] + shift, evacuated.value_span[1] + shift),
        }
    )
    killed = killed.model_copy(update={"measure": "dead"})
    flood_store.write_claims(FLOOD_ID, [moved, deployed, killed])

    rewritten = path.read_text(encoding="utf-8")
    assert "# Desk: floods team, reviewed weekly.\nsource: riverton" in rewritten
    assert "subject: people killed  # not 'drowned': cause unclear\n" in rewritten
    assert "    # ask the regional office for the list of names\n" in rewritten
    assert "measure: dead" in rewritten
    # The comment above the Red Cross claim is still directly above it, not above the
    # claim that was inserted before it.
    assert f"\n  # Red Cross figure; UN OCHA says 2,800.\n  - id: {evacuated_id}\n" in rewritten
    assert rewritten.index(deployed.id) < rewritten.index("# Red Cross figure")
    assert flood_store.claims(FLOOD_ID) == [killed, deployed, moved]
    assert validate_store(flood_store.root, Config.model_validate(_icrc())) == []


def test_a_filled_in_empty_field_is_written_plain_and_an_editors_quotes_kept(
    flood_store: Store,
) -> None:
    killed, evacuated = flood_store.claims(FLOOD_ID)
    flood_store.write_claims(FLOOD_ID, [killed.model_copy(update={"subject": ""}), evacuated])
    path = flood_store.claims_path(FLOOD_ID)
    text = path.read_text(encoding="utf-8")
    assert "    subject: ''\n" in text
    # An editor quotes the other subject by hand; both fields then change.
    path.write_text(
        text.replace("subject: residents evacuated", "subject: 'residents evacuated'"),
        encoding="utf-8",
    )
    killed, evacuated = flood_store.claims(FLOOD_ID)
    flood_store.write_claims(
        FLOOD_ID,
        [
            killed.model_copy(update={"subject": "people"}),
            evacuated.model_copy(update={"subject": "residents displaced"}),
        ],
    )
    text = path.read_text(encoding="utf-8")
    assert "    subject: people\n" in text  # '' was quoted for being empty, not by choice
    assert "    subject: 'residents displaced'\n" in text


def test_end_of_file_comment_stays_at_the_end(flood_store: Store) -> None:
    path = flood_store.claims_path(FLOOD_ID)
    path.write_text(
        path.read_text(encoding="utf-8") + "# end of Riverton claims\n", encoding="utf-8"
    )
    killed, evacuated = flood_store.claims(FLOOD_ID)
    flood_store.write_claims(FLOOD_ID, [killed])  # the last claim goes away
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().endswith("# end of Riverton claims")
    assert evacuated.id not in text


def test_bad_yaml_and_bad_claim_are_input_errors_with_lines(flood_store: Store) -> None:
    path = flood_store.claims_path(FLOOD_ID)
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "subject: residents" in line)
    lines[number] = lines[number].replace("subject:", "subjet:")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ClaimSchemaError) as bad_field:
        flood_store.claims(FLOOD_ID)
    assert bad_field.value.path == str(path)
    assert bad_field.value.line == number + 1
    assert bad_field.value.code == "unknown-field"

    path.write_text(good.replace("    span: [", "    span: [[", 1), encoding="utf-8")
    with pytest.raises(InputError) as bad_yaml:
        flood_store.claims(FLOOD_ID)
    assert bad_yaml.value.path == str(path)
    assert bad_yaml.value.line is not None
    # A broken file is never overwritten by a rewrite.
    with pytest.raises(InputError):
        flood_store.write_claims(FLOOD_ID, flood_claims())
    assert "span: [[" in path.read_text(encoding="utf-8")


def test_unsafe_ids_are_refused(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    for unsafe in ("../etc/passwd", "a/b", "x..y"):
        with pytest.raises(InputError, match="unsafe source id"):
            store.claims(unsafe)
        with pytest.raises(InputError, match="unsafe source id"):
            store.document(unsafe)
    (tmp_path / "bad..name.md").write_text("text\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        store.source_ids()
    assert caught.value.path == str(tmp_path / "bad..name.md")


# ------------------------------------------------------------------ documents


def test_add_source_writes_front_matter_and_exact_body(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    body = "Line one.\r\nLine two with trailing spaces.   \n\n---\nAfter a rule.\n"
    path = store.add_source(flood_document(body=body))
    assert path == tmp_path / f"{FLOOD_ID}.md"
    read = read_document(path)
    assert read.body == body
    assert read.source.sha256 == body_sha256(body)
    assert read.source.published == dt.date(2024, 5, 6)
    assert path.read_text(encoding="utf-8").startswith(f"---\nid: {FLOOD_ID}\n")


def test_add_source_keeps_the_previous_version_in_history(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.add_source(flood_document())
    first = store.document_path(FLOOD_ID).read_bytes()
    # Identical content: nothing to keep.
    store.add_source(flood_document())
    assert not store.history_dir().exists()

    corrected = FLOOD_BODY.replace("at least 12", "at least 14")
    store.add_source(flood_document(body=corrected, title="Floods kill 14 in Riverton"))
    kept = sorted(store.history_dir().iterdir())
    assert len(kept) == 1
    assert kept[0].name.startswith(f"{FLOOD_ID}.") and kept[0].name.endswith("Z.md")
    assert kept[0].read_bytes() == first
    assert store.document(FLOOD_ID).body == corrected
    assert store.source_ids() == [FLOOD_ID]  # history is not a source

    store.add_source(flood_document(body=corrected.replace("14", "15")))
    assert len(list(store.history_dir().iterdir())) == 2  # same second: still both kept


# ------------------------------------------------------------------ crashes


def test_crash_before_replace_leaves_store_valid_and_unchanged(
    flood_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = flood_store.claims_path(FLOOD_ID)
    before = {p.name: p.read_bytes() for p in flood_store.root.iterdir() if p.is_file()}

    def crash(*_args: object) -> None:
        raise OSError("simulated crash: disk pulled during rename")

    monkeypatch.setattr(store_module.os, "replace", crash)
    changed = [c.model_copy(update={"subject": "people drowned"}) for c in flood_claims()]
    with pytest.raises(OSError, match="simulated crash"):
        flood_store.write_claims(FLOOD_ID, changed)
    monkeypatch.undo()

    after = {p.name: p.read_bytes() for p in flood_store.root.iterdir() if p.is_file()}
    assert after == before  # the temporary file was removed, the target untouched
    assert flood_store.claims(FLOOD_ID) == flood_claims()
    assert validate_store(flood_store.root, Config.model_validate(_icrc())) == []
    assert path.read_bytes() == before[path.name]


def test_crash_midway_through_writing_leaves_target_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.claims.yaml"
    target.write_text("source: x\nclaims: []\n", encoding="utf-8")
    written: list[Path] = []

    real_fsync = os.fsync

    def die_after_partial_write(fd: int) -> None:
        # By now part of the new content is in the temporary file; the process "dies".
        temp = [p for p in tmp_path.iterdir() if p.name.startswith(".x.claims.yaml.")]
        written.extend(temp)
        assert temp and temp[0].read_bytes()
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module.os, "fsync", die_after_partial_write)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "source: x\nclaims:\n  - id: c-" + "0" * 10_000)
    monkeypatch.setattr(store_module.os, "fsync", real_fsync)
    assert written and not written[0].exists()
    assert target.read_text(encoding="utf-8") == "source: x\nclaims: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.claims.yaml"]


def test_hard_kill_leaves_only_a_hidden_temp_file_the_store_ignores(
    flood_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill -9 runs no cleanup: the leftover temporary file must not break the store."""
    before = flood_store.claims_path(FLOOD_ID).read_bytes()

    def crash(*_args: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(store_module.os, "replace", crash)
    monkeypatch.setattr(Path, "unlink", lambda *_a, **_k: None)  # no cleanup ran
    with pytest.raises(SystemExit):
        flood_store.write_claims(FLOOD_ID, flood_claims()[:1])
    monkeypatch.undo()

    leftovers = [p for p in flood_store.root.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".")
    assert flood_store.claims_path(FLOOD_ID).read_bytes() == before
    assert flood_store.source_ids() == [FLOOD_ID]
    assert flood_store.claims(FLOOD_ID) == flood_claims()
    assert validate_store(flood_store.root, Config.model_validate(_icrc())) == []


def _icrc() -> dict:
    return {"parties": [{"id": "icrc", "name": "Red Cross", "kind": "international"}]}


# ------------------------------------------------------------------ merging extractions


def _review(claim: Claim, **review) -> Claim:
    return claim.model_copy(update={"review": Review(**review)})


def test_merge_into_empty_store_adds_everything(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.add_source(flood_document())
    result = store.merge_extraction(FLOOD_ID, flood_claims())
    assert (result.added, result.refreshed, result.kept_reviewed) == (2, 0, 0)
    assert (result.vanished, result.dropped) == (0, 0)
    assert store.claims(FLOOD_ID) == flood_claims()


def test_merge_keeps_reviews_notes_history_and_corrections(flood_store: Store) -> None:
    killed, evacuated = flood_store.claims(FLOOD_ID)
    confirmed = _review(
        killed,
        status=ReviewStatus.confirmed,
        rank="preferred",
        notes=["Matches the regional government's bulletin."],
        history=[ReviewEvent(who="ana", when=WHEN, action="confirm")],
    )
    corrected = _review(
        evacuated.model_copy(update={"subject": "residents evacuated from Riverton"}),
        status=ReviewStatus.corrected,
        history=[
            ReviewEvent(
                who="ben",
                when=WHEN,
                action="set",
                field="subject",
                old="residents evacuated",
                new="residents evacuated from Riverton",
            )
        ],
    )
    flood_store.write_claims(FLOOD_ID, [confirmed, corrected])

    # The extractor now reads the figures slightly differently.
    fresh = [
        killed.model_copy(update={"measure": "died"}),
        evacuated.model_copy(update={"subject": "evacuees", "measure": "evacuated"}),
    ]
    result = flood_store.merge_extraction(FLOOD_ID, fresh, who="claimcheck", now=WHEN)
    assert (result.added, result.refreshed, result.kept_reviewed) == (0, 0, 2)
    merged_killed, merged_evacuated = flood_store.claims(FLOOD_ID)
    assert merged_killed.measure == "died"  # refreshed from the extraction
    assert merged_killed.review == confirmed.review  # status, rank, notes, history
    assert merged_evacuated.subject == "residents evacuated from Riverton"  # editor's fix
    assert merged_evacuated.measure == "evacuated"  # untouched field refreshed
    assert merged_evacuated.review == corrected.review


def test_merge_marks_reviewed_claims_vanished_and_drops_unreviewed(flood_store: Store) -> None:
    killed, evacuated = flood_store.claims(FLOOD_ID)
    noted = _review(evacuated, notes=["Red Cross figure is provisional."])
    flood_store.write_claims(FLOOD_ID, [killed, noted])

    result = flood_store.merge_extraction(FLOOD_ID, [], who="nightly", now=WHEN)
    assert (result.vanished, result.dropped, result.added) == (1, 1, 0)
    (kept,) = flood_store.claims(FLOOD_ID)
    assert kept.id == evacuated.id
    assert kept.review.status == ReviewStatus.vanished
    assert kept.review.notes == ["Red Cross figure is provisional."]
    event = kept.review.history[-1]
    assert (event.action, event.who, event.old, event.new) == (
        "vanish",
        "nightly",
        "unreviewed",
        "vanished",
    )

    # Extracting again without it does not pile up events.
    flood_store.merge_extraction(FLOOD_ID, [], now=WHEN)
    assert len(flood_store.claims(FLOOD_ID)[0].review.history) == 1

    # When the figure comes back, the claim gets back the status it had.
    result = flood_store.merge_extraction(FLOOD_ID, flood_claims(), now=WHEN)
    assert (result.added, result.kept_reviewed) == (1, 1)
    back = next(c for c in flood_store.claims(FLOOD_ID) if c.id == evacuated.id)
    assert back.review.status == ReviewStatus.unreviewed
    assert [e.action for e in back.review.history] == ["vanish", "restore"]
    assert back.review.notes == ["Red Cross figure is provisional."]


def test_claims_a_merge_drops_are_kept_in_history_with_the_file_they_were_in(
    flood_store: Store,
) -> None:
    before = flood_store.claims_path(FLOOD_ID).read_bytes()
    result = flood_store.merge_extraction(FLOOD_ID, flood_claims()[:1], now=WHEN)
    assert result.dropped == 1
    (kept,) = sorted(flood_store.history_dir().glob(f"{FLOOD_ID}.*Z.claims.yaml"))
    assert kept.read_bytes() == before
    # The same claims again change nothing, and keep nothing more.
    flood_store.merge_extraction(FLOOD_ID, flood_claims()[:1], now=WHEN)
    assert len(list(flood_store.history_dir().iterdir())) == 1
    assert flood_store.source_ids() == [FLOOD_ID]
    assert validate_store(flood_store.root, Config.model_validate(_icrc())) == []


def test_a_changed_source_keeps_its_document_and_claims_under_one_name(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.replace_source(flood_document(), flood_claims())
    old_document = store.document_path(FLOOD_ID).read_bytes()
    old_claims = store.claims_path(FLOOD_ID).read_bytes()
    body = "UPDATE - " + FLOOD_BODY
    store.replace_source(flood_document(body=body), flood_claims(body)[:1])
    names = sorted(path.name for path in store.history_dir().iterdir())
    stem = names[0].removesuffix(".claims.yaml")
    assert names == [f"{stem}.claims.yaml", f"{stem}.md"]
    assert (store.history_dir() / f"{stem}.md").read_bytes() == old_document
    assert (store.history_dir() / f"{stem}.claims.yaml").read_bytes() == old_claims


def test_merge_carries_review_to_a_lightly_edited_sentence(flood_store: Store) -> None:
    killed, evacuated = flood_store.claims(FLOOD_ID)
    rejected = _review(
        evacuated,
        status=ReviewStatus.rejected,
        history=[ReviewEvent(who="ana", when=WHEN, action="reject", reason="double-counts Harlow")],
    )
    flood_store.write_claims(FLOOD_ID, [killed, rejected])
    path = flood_store.claims_path(FLOOD_ID)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"  - id: {evacuated.id}\n", f"  - id: {evacuated.id}  # see desk thread\n"
        ),
        encoding="utf-8",
    )

    edited_sentence = (
        "About 3,000 residents were evacuated overnight, the Red Cross said on Tuesday."
    )
    body = FLOOD_BODY.replace(EVACUATED, edited_sentence)
    flood_store.add_source(flood_document(body=body))
    fresh_evacuated = make_claim(body, edited_sentence, "About 3,000", 3000)
    assert fresh_evacuated.id != evacuated.id
    result = flood_store.merge_extraction(
        FLOOD_ID, [make_claim(body, KILLED, "at least 12", 12), fresh_evacuated], now=WHEN
    )
    assert (result.kept_reviewed, result.refreshed, result.added) == (1, 1, 0)
    assert (result.vanished, result.dropped) == (0, 0)
    claims = {c.id: c for c in flood_store.claims(FLOOD_ID)}
    assert evacuated.id not in claims
    carried = claims[fresh_evacuated.id]
    assert carried.quote == edited_sentence
    assert carried.review.status == ReviewStatus.rejected
    assert carried.review.history[0].reason == "double-counts Harlow"
    assert carried.review.history[-1].action == "rematch"
    assert carried.review.history[-1].old == evacuated.id
    # The editor's comment followed the claim to its new id.
    assert f"  - id: {fresh_evacuated.id}  # see desk thread\n" in path.read_text(encoding="utf-8")


def test_merge_does_not_rematch_a_different_figure(flood_store: Store) -> None:
    killed, evacuated = flood_store.claims(FLOOD_ID)
    flood_store.write_claims(FLOOD_ID, [killed, _review(evacuated, status="confirmed")])
    sentence = "About 3,500 residents were evacuated overnight, the Red Cross said."
    body = FLOOD_BODY.replace(EVACUATED, sentence)
    fresh = make_claim(body, sentence, "About 3,500", 3500)
    result = flood_store.merge_extraction(FLOOD_ID, [killed, fresh], now=WHEN)
    assert (result.added, result.vanished, result.kept_reviewed) == (1, 1, 0)
    statuses = {c.id: c.review.status for c in flood_store.claims(FLOOD_ID)}
    assert statuses[evacuated.id] == ReviewStatus.vanished
    assert statuses[fresh.id] == ReviewStatus.unreviewed


def test_merge_refuses_claims_of_another_source(flood_store: Store) -> None:
    stray = flood_claims()[0].model_copy(update={"source": "other"})
    with pytest.raises(ValueError, match="belongs to"):
        flood_store.merge_extraction(FLOOD_ID, [stray])


def test_a_store_parses_each_file_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    store = Store.open(root)
    calls: list[str] = []
    real = store_module._fast_claims

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(store_module, "_fast_claims", counting)
    source = store.source_ids()[0]
    first = store.claims(source)
    store.claims(source)
    assert len(calls) == 1
    store.write_claims(source, first[:-1])
    assert len(store.claims(source)) == len(first) - 1  # a write is never served stale


# --------------------------------------------------------------------------- fast reading


def test_the_fast_reader_reads_what_the_round_trip_reader_reads(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    for path in sorted(root.glob("*.claims.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = store_module._fast_claims(text)
        assert fast is not None, path
        assert fast == store_module._claims_from_round_trip(path, text)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [("no", "no"), ("on", "on"), ("010", 10), ("0o10", 8), ("1:20", "1:20"), ("1e3", 1000.0)],
)
def test_the_fast_reader_reads_yaml_1_2_as_ruamel_does(scalar: str, value: object) -> None:
    import yaml
    from ruamel.yaml import YAML

    text = f"x: {scalar}\n"
    assert yaml.load(text, Loader=store_module._fast_loader())["x"] == value
    assert YAML(typ="rt").load(text)["x"] == value


def test_a_bad_claim_is_still_reported_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    path = sorted(root.glob("*.claims.yaml"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip() == "qualifier: exact")
    lines[number] = lines[number].replace("exact", "exactish")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ClaimSchemaError) as caught:
        Store.open(root).claims(path.name[: -len(".claims.yaml")])
    assert caught.value.line == number + 1


def test_the_parse_cache_serves_unchanged_files_and_never_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.cache import CACHE_DIR

    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    source = Store.open(root).source_ids()[0]
    first = Store.open(root)
    claims = first.claims(source)
    first.close()
    assert (root / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")

    calls: list[str] = []
    real = store_module._fast_claims
    monkeypatch.setattr(store_module, "_fast_claims", lambda text: calls.append(text) or real(text))
    assert Store.open(root).claims(source) == claims  # from the cache: not parsed
    assert calls == []

    store = Store.open(root)
    store.write_claims(source, claims[:-1])
    assert Store.open(root).claims(source) == claims[:-1]  # changed: parsed again
    assert len(calls) >= 1

    (root / CACHE_DIR / "cache.sqlite").write_bytes(b"not a database")
    assert Store.open(root).claims(source) == claims[:-1]  # a broken cache is ignored


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the store files read (hashed) from now on, by any Store."""
    names: list[str] = []
    real = Store._read_bytes

    def counting(self: Store, path: Path) -> tuple[str, bytes]:
        names.append(path.name)
        return real(self, path)

    monkeypatch.setattr(Store, "_read_bytes", counting)
    return names


def test_an_unchanged_file_is_not_read_again_and_any_write_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck import cache

    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)  # every state recorded is relied on
    source = Store.open(root).source_ids()[0]
    path = Store.open(root).claims_path(source)
    first = Store.open(root)
    digest = first.sha256_of(path)
    qualifiers = [c.value.qualifier.value for c in first.claims(source)]
    first.close()

    reads = _reads(monkeypatch)
    again = Store.open(root)
    assert again.sha256_of(path) == digest and again.file_hash(path) is not None
    again.close()
    assert reads == []  # known by its state, not read

    # The same number of bytes, written in place, times set back: the change time moved.
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("qualifier: exact", "qualifier: vague", 1)
    assert len(changed) == len(text) and changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    third = Store.open(root)
    assert third.sha256_of(path) != digest
    assert reads == [path.name]
    assert [c.value.qualifier.value for c in third.claims(source)] != qualifiers


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state taken within the racy margin of the file's last change is not relied on:
    an edit in the same clock tick could leave the very same state."""
    root = tmp_path / "claims"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns(".claimcheck"))
    source = Store.open(root).source_ids()[0]
    first = Store.open(root)
    path = first.claims_path(source)
    first.sha256_of(path)
    first.close()
    reads = _reads(monkeypatch)
    second = Store.open(root)
    second.sha256_of(path)
    second.close()
    assert reads == [path.name]  # just copied: read again


# ------------------------------------------------------------------ the plain-layout reader

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TRICKY = [
    "",
    "x",
    "'",
    "''",
    "'it''s'",
    "'a'b'",
    '"',
    '""',
    '"a\\"b"',
    '"\\u00e9\\x41\\n"',
    '"\\q"',
    "a: b",
    "a:b",
    "a:",
    "a #b",
    "a#b",
    "#x",
    "- x",
    "-x",
    "-",
    "--",
    "-- x",
    "?x",
    ":x",
    "? x",
    "-5",
    "+5",
    "010",
    "-010",
    "0o17",
    "0x1F",
    "0b1",
    "1_000",
    "1e3",
    "1E-3",
    "1.5",
    ".5",
    "1.",
    "+.5",
    ".inf",
    "-.inf",
    "+.INF",
    ".nan",
    ".NaN",
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "true",
    "False",
    "TRUE",
    "yes",
    "no",
    "on",
    "off",
    "2015-11-10",
    "2015-1-5",
    "2015-02-30",
    "2015-11-10 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "12:30",
    "1:20:30",
    "<<",
    "[1, 2]",
    "[1,2]",
    "[a, b c]",
    "[ ]",
    "[]",
    "[1,,2]",
    "[1, [2]]",
    "['x']",
    "[x: 1]",
    "[1",
    "{a: 1}",
    "{}",
    "{ }",
    "&a x",
    "*a",
    "!x y",
    "!!str 5",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "x ",
    " x",
    "a\\b",
    "é",
    "— dash",
    "\u00a0x",
    "tab\there",
    "x\u2028y",
    "x\u0085y",
    "x\x7fy",
    "x\ufeffy",
    "AT&T",
    "5*3",
    "a, b",
    "a[0]",
    "{x",
    "}x",
    "]x",
]
_TRICKY += [
    '"\\e\\ \\_"',
    '"\\ud800"',
    '"\\U00110000"',
    '"\\N\\L\\P"',
    '"a\\\tb"',
    "'a\\b'",
    '"\\x"',
    '"\\"',
    "x\ry",
    "x\r",
    "a\u200bb",
]  # escapes and breaks
_KEYS = ["id", "source", "span", "value", "e-12ab", "_x", "true", "null", "NULL", "1", "a b", "k:"]


@st.composite
def _yaml_lines(draw: st.DrawFn) -> str:
    scalars = st.sampled_from(_TRICKY) | st.text(
        st.characters(blacklist_categories=["Cs"]), max_size=8
    )

    def block(indent: int, depth: int) -> list[str]:
        lines = []
        for key in draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=3)):
            kind = draw(st.sampled_from(["scalar", "map", "seq"] if depth < 3 else ["scalar"]))
            pad = " " * indent
            if kind == "scalar":
                lines.append(f"{pad}{key}: {draw(scalars)}")
            elif kind == "map":
                lines.append(f"{pad}{key}:")
                lines += block(indent + draw(st.sampled_from([2, 1, 4])), depth + 1)
            else:
                lines.append(f"{pad}{key}:")
                item = indent + draw(st.sampled_from([2, 0, 3]))
                for _ in range(draw(st.integers(1, 3))):
                    if draw(st.booleans()):
                        lines.append(" " * item + "- " + draw(scalars))
                    else:
                        inner = block(item + 2, depth + 1)
                        inner[0] = " " * item + "- " + inner[0].lstrip(" ")
                        lines += inner
            if draw(st.integers(0, 9)) == 0:
                lines.append(draw(st.sampled_from(["", "# note", "   # note", "  ", "\t"])))
        return lines

    return "\n".join(block(0, 0)) + draw(st.sampled_from(["\n", "", "\n\n"]))


def _same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (True is not 1, nan is nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def _c_loader(text: str) -> object:
    import yaml

    try:
        return yaml.load(text, Loader=store_module._fast_loader())
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        return error


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_yaml_lines())
@example("id:  x\n")  # two spaces before a value: the loader drops both
def test_the_plain_layout_reader_reads_as_the_c_loader_or_leaves_it_to_it(text: str) -> None:
    try:
        plain = store_module._read_plain_layout(text)
    except store_module._NotPlain:
        return
    assert _same(plain, _c_loader(text)), text


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_claims_files_as_written_are_read_by_the_plain_layout_reader(text: str) -> None:
    claim = make_claim(FLOOD_BODY, KILLED, "at least 12", 12)
    claim = claim.model_copy(update={"subject": text, "measure": text or None, "quote": text})
    rendered = store_module.render_claims(FLOOD_ID, [claim])
    plain = store_module._read_plain_layout(rendered)  # never left to the C loader
    assert _same(plain, _c_loader(rendered)), rendered
