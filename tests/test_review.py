"""Editors' review: the library, the `claim` and `history` commands, and `review` in a terminal.

Every test works on a store extracted afresh from the test corpus into a temporary
directory (``tests/data/corpus`` is never written to). The corpus disagrees on how many
Eastmarker soldiers were killed (31, 35 and 60), which is what the review is about.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimcheck.config import load_config
from claimcheck.model import Claim, ReviewStatus
from claimcheck.review import (
    NoChange,
    QueueFilter,
    ReviewError,
    acknowledge,
    add_note,
    build_queue,
    confirm,
    context_window,
    deprecate,
    find_claim,
    prefer,
    reject,
    resolve_editor,
    set_field,
)
from claimcheck.store import Store
from tests.conftest import TESTS, run_cli

CORPUS = TESTS / "data" / "corpus"
NOW = dt.datetime(2025, 3, 7, 9, 30, 15, 123456, tzinfo=dt.UTC)
EDITOR = "Ana Editor"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """The corpus documents copied out, so re-extraction reads files we may touch."""
    target = tmp_path / "incoming"
    target.mkdir()
    for path in CORPUS.glob("*.md"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def store(tmp_path: Path, corpus_copy: Path) -> Path:
    """A store extracted from the corpus, with its configuration."""
    root = tmp_path / "claims"
    root.mkdir()
    shutil.copy(CORPUS / "claimcheck.toml", root / "claimcheck.toml")
    run_cli("extract", *sorted(corpus_copy.glob("*.md")), "--store", root)
    return root


def _extract_again(store: Path, corpus_copy: Path) -> None:
    run_cli("extract", *sorted(corpus_copy.glob("*.md")), "--store", store)


def _claims(store: Path) -> list[Claim]:
    return Store(store).all_claims()


def _killed(store: Path, value: str) -> Claim:
    """The one 'soldiers killed' claim with this value text whose speaker is a party."""
    found = [
        c
        for c in _claims(store)
        if c.value.text == value and c.measure == "killed" and c.value.kind.value == "number"
    ]
    assert found, f"no claim of {value} soldiers killed in the corpus store"
    return found[-1]


# --------------------------------------------------------------------------- library


def test_confirm_records_who_when_and_the_change(store: Path) -> None:
    claim = _killed(store, "35")
    updated = confirm(Store(store), claim.id, EDITOR, now=NOW)
    assert updated.review.status is ReviewStatus.confirmed
    (event,) = find_claim(Store(store), claim.id).review.history
    assert event.who == EDITOR
    assert event.when == NOW.replace(microsecond=0)
    assert event.when.tzinfo is not None and event.when.utcoffset() == dt.timedelta(0)
    assert (event.action, event.field, event.old, event.new) == (
        "confirm",
        "review.status",
        "unreviewed",
        "confirmed",
    )


@pytest.mark.parametrize("action", [reject, deprecate])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_and_deprecate_refuse_without_a_reason(
    store: Path, action: object, reason: str | None
) -> None:
    claim = _killed(store, "60")
    path = Store(store).claims_path(claim.source)
    before = path.read_bytes()
    with pytest.raises(ReviewError, match="needs a reason"):
        action(Store(store), claim.id, EDITOR, reason)  # type: ignore[operator]
    assert path.read_bytes() == before


def test_reject_and_deprecate_with_a_reason(store: Path) -> None:
    sixty = _killed(store, "60")
    updated = deprecate(Store(store), sixty.id, EDITOR, "adversary's figure", now=NOW)
    assert updated.review.rank == "deprecated"
    event = updated.review.history[-1]
    assert (event.action, event.old, event.new, event.reason) == (
        "deprecate",
        "normal",
        "deprecated",
        "adversary's figure",
    )
    with pytest.raises(NoChange):
        deprecate(Store(store), sixty.id, EDITOR, "again")
    rejected = reject(Store(store), _killed(store, "35").id, EDITOR, "misread", now=NOW)
    assert rejected.review.status is ReviewStatus.rejected


def test_set_speaker_records_old_and_new_and_points_at_the_new_name(store: Path) -> None:
    (claim,) = [
        c
        for c in _claims(store)
        if c.value.text == "31" and c.attribution.speaker != "Eastmark's Defence Ministry"
    ]
    old_speaker = claim.attribution.speaker
    updated = set_field(
        Store(store), claim.id, "speaker", "Eastmark's Defence Ministry", EDITOR, "lede", now=NOW
    )
    assert updated.attribution.speaker == "Eastmark's Defence Ministry"
    assert updated.review.status is ReviewStatus.corrected
    event = updated.review.history[-1]
    assert (event.action, event.field, event.old, event.new, event.reason) == (
        "set",
        "attribution.speaker",
        old_speaker,
        "Eastmark's Defence Ministry",
        "lede",
    )
    body = Store(store).document(claim.source).body
    start, end = updated.attribution.speaker_span  # type: ignore[misc]
    assert body[start:end] == "Eastmark's Defence Ministry"
    with pytest.raises(NoChange):
        set_field(Store(store), claim.id, "speaker", "Eastmark's Defence Ministry", EDITOR)


def test_set_value_reads_the_new_figure(store: Path) -> None:
    claim = _killed(store, "35")
    updated = set_field(Store(store), claim.id, "value", "about 36", EDITOR)
    value = updated.value
    assert value.text == "about 36"
    assert value.qualifier.value == "approximately"
    assert value.low is not None and value.high is not None and value.low < 36 < value.high
    assert updated.review.history[-1].field == "value"
    with pytest.raises(ReviewError, match="cannot read a figure"):
        set_field(Store(store), claim.id, "value", "a great many", EDITOR)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("party", "atlantis", "unknown party"),
        ("colour", "red", "editable fields"),
        ("as_of", "yesterday", "ISO date"),
    ],
)
def test_set_refuses_bad_fields_and_values(
    store: Path, field: str, value: str, message: str
) -> None:
    parties = set(load_config(store=store).party_by_id)
    claim = _killed(store, "35")
    with pytest.raises(ReviewError, match=message):
        set_field(Store(store), claim.id, field, value, EDITOR, parties=parties)
    assert not find_claim(Store(store), claim.id).review.history


def test_unknown_claim_ids_are_refused(store: Path) -> None:
    with pytest.raises(ReviewError, match="no claim"):
        confirm(Store(store), "c-000000000000", EDITOR)
    with pytest.raises(ReviewError, match="not a claim id"):
        confirm(Store(store), "../../etc", EDITOR)


def test_notes_preference_and_accepted_disagreements(store: Path) -> None:
    thirty_five, sixty = _killed(store, "35"), _killed(store, "60")
    noted = add_note(Store(store), thirty_five.id, "Revised toll, March 6.", EDITOR)
    assert noted.review.notes == ["Revised toll, March 6."]
    assert noted.review.status is ReviewStatus.unreviewed
    preferred = prefer(Store(store), thirty_five.id, EDITOR, "latest official toll")
    assert preferred.review.rank == "preferred"
    accepted = acknowledge(
        Store(store), [thirty_five.id, sixty.id], EDITOR, "each side's own count", "f-123"
    )
    for claim in accepted:
        event = claim.review.history[-1]
        assert (event.action, event.new, event.reason) == (
            "acknowledge",
            "f-123",
            "each side's own count",
        )
        assert (
            claim.review.notes[-1] == "Disagreement f-123 accepted as real: each side's own count"
        )
    with pytest.raises(ReviewError):
        acknowledge(Store(store), [sixty.id], EDITOR)


def test_hand_written_comments_survive_a_review(store: Path) -> None:
    claim = _killed(store, "60")
    path = Store(store).claims_path(claim.source)
    text = path.read_text(encoding="utf-8")
    marker = f"  - id: {claim.id}\n"
    assert marker in text
    path.write_text(
        text.replace(marker, f"  # editor: check the Westmark bulletin\n{marker}"),
        encoding="utf-8",
    )
    confirm(Store(store), claim.id, EDITOR)
    assert "# editor: check the Westmark bulletin" in path.read_text(encoding="utf-8")


def test_reextraction_keeps_every_review(store: Path, corpus_copy: Path) -> None:
    s = Store(store)
    thirty_one, thirty_five, sixty = (_killed(store, v) for v in ("31", "35", "60"))
    confirm(s, thirty_five.id, EDITOR)
    set_field(s, thirty_one.id, "speaker", "Eastmarker officials", EDITOR, "as in the lede")
    set_field(s, thirty_one.id, "subject", "eastmarker soldiers", EDITOR)
    set_field(s, thirty_five.id, "value", "about 36", EDITOR)
    deprecate(s, sixty.id, EDITOR, "adversary's figure")
    add_note(s, sixty.id, "Westmark gave no source.", EDITOR)
    before = {c.id: c for c in s.all_claims()}

    _extract_again(store, corpus_copy)

    after = {c.id: c for c in s.all_claims()}
    for claim_id in (thirty_one.id, thirty_five.id, sixty.id):
        assert after[claim_id].review == before[claim_id].review
    assert after[thirty_one.id].attribution.speaker == "Eastmarker officials"
    assert after[thirty_one.id].subject == "eastmarker soldiers"
    assert after[thirty_five.id].value.text == "about 36"
    assert after[sixty.id].review.rank == "deprecated"
    run_cli("validate", store)


def test_review_survives_an_edited_document(store: Path, corpus_copy: Path) -> None:
    sixty = _killed(store, "60")
    deprecate(Store(store), sixty.id, EDITOR, "adversary's figure")
    document = corpus_copy / "border-clash-day3.md"
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("were killed on Monday.", "were killed on Monday!"))
    _extract_again(store, corpus_copy)
    (moved,) = [c for c in _claims(store) if c.review.rank == "deprecated"]
    assert moved.value.text == "60"
    assert [e.action for e in moved.review.history] == ["deprecate", "rematch"]
    run_cli("validate", store)


def test_editor_defaults_to_git_user_name(store: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(store)], check=True)
    subprocess.run(["git", "-C", str(store), "config", "user.name", "Git Editor"], check=True)
    assert resolve_editor(None, store) == "Git Editor"
    assert resolve_editor("  Explicit  ", store) == "Explicit"
    claim = _killed(store, "35")
    run_cli("claim", "confirm", claim.id, "--store", store)
    assert find_claim(Store(store), claim.id).review.history[-1].who == "Git Editor"


def test_queue_filters(store: Path) -> None:
    config = load_config(store=store)
    s = Store(store)
    everything = build_queue(s, config)
    conflicts = build_queue(s, config, only=QueueFilter.conflicts)
    one_sided = build_queue(s, config, only=QueueFilter.one_sided)
    values = {find_claim(s, i).value.text for i in conflicts.claim_ids}
    assert {"31", "35", "60"} <= values
    assert set(conflicts.claim_ids) <= set(everything.claim_ids)
    assert one_sided.claim_ids and set(one_sided.claim_ids) <= set(everything.claim_ids)
    first = conflicts.claim_ids[0]
    assert conflicts.disagreements_of(first)

    confirm(s, first, EDITOR)
    unreviewed = build_queue(s, config, only=QueueFilter.unreviewed)
    assert first not in unreviewed.claim_ids
    assert len(unreviewed.claim_ids) == len(everything.claim_ids) - 1

    day3 = build_queue(s, config, sources=["border-clash-day3"])
    assert {find_claim(s, i).source for i in day3.claim_ids} == {"border-clash-day3"}
    with pytest.raises(ReviewError, match="no source"):
        build_queue(s, config, sources=["nowhere"])


def test_context_window_shows_neighbouring_lines() -> None:
    body = "First line.\n\nSecond line.\n\nThird has 31 in it.\n\nFourth line.\n\nFifth.\n"
    span = (body.index("Third"), body.index("it.") + 3)
    start, end = context_window(body, span, lines=1)
    assert body[start:end] == "Second line.\n\nThird has 31 in it.\n\nFourth line."
    assert context_window(body, (0, 5), lines=0) == (0, len("First line."))
    long_line = "x" * 5000 + " 31 " + "y" * 5000
    start, end = context_window(long_line, (5001, 5003), lines=2, max_chars=100)
    assert (start, end) == (4901, 5103)


# --------------------------------------------------------------------------- commands


def test_claim_commands_change_the_store_and_say_so(store: Path) -> None:
    sixty, thirty_five = _killed(store, "60"), _killed(store, "35")
    base = ("--store", str(store), "--editor", EDITOR)
    result = run_cli("claim", "deprecate", sixty.id, "--reason", "adversary's figure", *base)
    assert "deprecate review.rank" in result.stderr and result.stdout == ""
    run_cli("claim", "set", thirty_five.id, "party", "westmark", "--reason", "test", *base)
    run_cli("claim", "note", thirty_five.id, "Check the bulletin.", *base)
    run_cli("claim", "prefer", thirty_five.id, *base)
    run_cli("claim", "confirm", thirty_five.id, *base)
    run_cli("claim", "accept", thirty_five.id, sixty.id, "--reason", "both counts", *base)
    claim = find_claim(Store(store), thirty_five.id)
    assert [e.action for e in claim.review.history] == [
        "set",
        "note",
        "prefer",
        "confirm",
        "acknowledge",
    ]
    assert claim.attribution.party == "westmark"
    assert {e.who for e in claim.review.history} == {EDITOR}
    run_cli("validate", store)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("claim", "confirm", "c-000000000000"), "no claim c-000000000000"),
        (("claim", "set", "{id}", "party", "atlantis"), "unknown party"),
        (("claim", "set", "{id}", "colour", "red"), "editable fields"),
        (("claim", "reject", "{id}", "--reason", " "), "needs a reason"),
        (("claim", "reject", "{id}"), "Missing option '--reason'"),
        (("claim", "deprecate", "{id}"), "Missing option '--reason'"),
        (("history", "c-000000000000"), "no claim"),
    ],
)
def test_refused_changes_exit_2_and_write_nothing(
    store: Path, args: tuple[str, ...], message: str
) -> None:
    claim = _killed(store, "35")
    files = {p: p.read_bytes() for p in store.iterdir() if p.is_file()}
    filled = [a.replace("{id}", claim.id) for a in args]
    extra = ["--store", str(store)] if args[0] == "claim" else [str(store)]
    result = run_cli(*filled, *extra, exit_code=2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in store.iterdir() if p.is_file()} == files


def test_history_command_shows_every_event(store: Path) -> None:
    claim = _killed(store, "31")
    s = Store(store)
    set_field(s, claim.id, "speaker", "Eastmarker officials", EDITOR, "as in the lede", now=NOW)
    confirm(s, claim.id, "Ben Checker", now=NOW + dt.timedelta(hours=1))
    text = run_cli("history", claim.id, store).stdout
    assert "2025-03-07 09:30:15Z  Ana Editor  set attribution.speaker" in text
    assert "-> 'Eastmarker officials'  (why: as in the lede)" in text
    assert "2025-03-07 10:30:15Z  Ben Checker  confirm review.status" in text
    data = json.loads(run_cli("history", claim.id, store, "--format", "json").stdout)
    assert data["status"] == "confirmed"
    assert [e["who"] for e in data["history"]] == ["Ana Editor", "Ben Checker"]


def test_review_keys_in_process(store: Path) -> None:
    """The key loop without a terminal: CliRunner feeds getchar and prompts from stdin."""
    config = load_config(store=store)
    queue = build_queue(Store(store), config, only=QueueFilter.conflicts)
    first, second = queue.claim_ids[:2]
    # note on the first (stays), back at the start (refused), skip, reject the second with
    # a reason, then quit.
    keys = "nChecked against the wire copy.\n" + "b" + "s" + "r" + "Not a count.\n" + "q"
    result = run_cli("review", store, "--only", "conflicts", "--editor", EDITOR, stdin=keys)
    assert "Saved: note added" in result.stdout
    assert "Already at the first claim" in result.stdout
    assert "2 change(s) saved" in result.stdout
    s = Store(store)
    assert find_claim(s, first).review.notes == ["Checked against the wire copy."]
    rejected = find_claim(s, second)
    assert rejected.review.status is ReviewStatus.rejected
    assert rejected.review.history[-1].reason == "Not a count."


def test_review_with_nothing_to_review_and_at_end_of_input(store: Path) -> None:
    s = Store(store)
    for claim in s.claims("border-clash-day1"):
        confirm(s, claim.id, EDITOR)
    args = ("review", store, "--only", "unreviewed", "--editor", EDITOR)
    result = run_cli(*args, "--source", "border-clash-day1", stdin="")
    assert "Nothing to review." in result.stdout
    # Input ends before any key: the session quits cleanly, nothing written.
    result = run_cli(*args, stdin="")
    assert "Quit; 0 change(s) saved." in result.stdout
    result = run_cli(*args, "--source", "nowhere", exit_code=2)
    assert "no source nowhere" in result.stderr


# --------------------------------------------------------------------------- a real terminal


def _spawn_review(pexpect: Any, store: Path) -> Any:
    """`claimcheck review STORE --only conflicts` in a pseudo-terminal, as an editor runs it."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "claimcheck", "review", str(store), "--only", "conflicts", "--editor", EDITOR],
        env=env,
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=60,
    )


def test_review_in_a_pseudo_terminal(store: Path, corpus_copy: Path) -> None:
    """An editor at a terminal: correct a speaker, confirm a claim, deprecate a value."""
    pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed")
    config = load_config(store=store)
    s = Store(store)
    queue = build_queue(s, config, only=QueueFilter.conflicts)
    ids = queue.claim_ids
    sixty = _killed(store, "60")
    assert sixty.id in ids and ids.index(sixty.id) >= 2, ids
    corrected_id, confirmed_id = ids[0], ids[1]
    old_speaker = find_claim(s, corrected_id).attribution.speaker
    new_speaker = "Eastmarker and Westmarker officials"

    child = _spawn_review(pexpect, store)
    try:
        # 1: correct the speaker (the claim is shown again), then move on.
        child.expect(f"1/{len(ids)}")
        child.expect_exact("action [?=help]: ")
        child.send("e")
        child.expect_exact("field: ")
        child.send("w")
        child.expect_exact("New speaker")
        child.sendline(new_speaker)
        child.expect_exact("Why (optional")
        child.sendline("both sides gave it")
        child.expect_exact("Saved:")
        child.expect_exact("action [?=help]: ")
        child.send("s")
        # 2: confirm.
        child.expect(f"2/{len(ids)}")
        child.expect_exact("action [?=help]: ")
        child.send("c")
        child.expect_exact("Saved:")
        # On to the 60, skipping what lies between; deprecate it with a reason.
        for position in range(2, ids.index(sixty.id)):
            child.expect(f"{position + 1}/{len(ids)}")
            child.expect_exact("action [?=help]: ")
            child.send("s")
        child.expect(f"{ids.index(sixty.id) + 1}/{len(ids)}")
        child.expect_exact("action [?=help]: ")
        child.send("d")
        child.expect_exact("Why deprecate this value")
        child.sendline("Westmark's count of its adversary's dead, unconfirmed")
        child.expect_exact("Saved:")
        child.expect_exact("action [?=help]: ")
        child.send("q")
        child.expect_exact("3 change(s) saved")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before

    def check() -> None:
        s = Store(store)
        corrected = find_claim(s, corrected_id)
        assert corrected.attribution.speaker == new_speaker
        assert corrected.review.status is ReviewStatus.corrected
        event = corrected.review.history[-1]
        assert (event.who, event.action, event.field, event.old, event.new, event.reason) == (
            EDITOR,
            "set",
            "attribution.speaker",
            old_speaker,
            new_speaker,
            "both sides gave it",
        )
        confirmed = find_claim(s, confirmed_id)
        assert confirmed.review.status is ReviewStatus.confirmed
        assert confirmed.review.history[-1].who == EDITOR
        deprecated = find_claim(s, sixty.id)
        assert deprecated.review.rank == "deprecated"
        last = deprecated.review.history[-1]
        assert last.action == "deprecate" and last.reason.startswith("Westmark's count")
        assert last.when.utcoffset() == dt.timedelta(0)

    check()
    run_cli("validate", store)
    assert "deprecate review.rank" in run_cli("history", sixty.id, store).stdout
    _extract_again(store, corpus_copy)
    check()
    run_cli("validate", store)


def test_reextraction_points_a_corrected_speaker_at_its_own_words(
    store: Path, corpus_copy: Path
) -> None:
    (claim,) = [
        c
        for c in _claims(store)
        if c.value.text == "35" and c.attribution.speaker == "Eastmark's government"
    ]
    set_field(Store(store), claim.id, "speaker", "Eastmark", EDITOR, "the state speaks", now=NOW)
    _extract_again(store, corpus_copy)
    (after,) = [c for c in _claims(store) if c.id == claim.id]
    body = Store(store).document(after.source).body
    assert after.attribution.speaker == "Eastmark"
    start, end = after.attribution.speaker_span  # type: ignore[misc]
    assert body[start:end] == "Eastmark"
    assert after.span[0] <= start < end <= after.span[1]


# --------------------------------------------------------------------------- concurrency

_NOTE_WORKER = """
import sys
from pathlib import Path
from claimcheck.review import add_note
from claimcheck.store import Store
root, who = Path(sys.argv[1]), sys.argv[2]
for claim_id in sys.argv[3:]:
    add_note(Store(root), claim_id, f"checked by {who}", who=who)
"""


def test_concurrent_editors_never_lose_each_others_notes(store: Path) -> None:
    """Four processes note every claim of one file at once; every note survives.

    Each note is a read-modify-write of the whole claims file: without the store's write
    lock, a process that read the file before another wrote it drops that other note.
    """
    by_source: dict[str, list[str]] = {}
    for claim in _claims(store):
        by_source.setdefault(claim.source, []).append(claim.id)
    ids = max(by_source.values(), key=len)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _NOTE_WORKER, str(store), f"editor{n}", *ids],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    expected = sorted(f"checked by editor{n}" for n in range(4))
    for claim in _claims(store):
        if claim.id in ids:
            assert sorted(claim.review.notes) == expected, claim.id


_SET_WORKER = """
import sys
from pathlib import Path
from claimcheck.review import set_field
from claimcheck.store import Store
root, who = Path(sys.argv[1]), sys.argv[2]
for claim_id in sys.argv[3:]:
    set_field(Store(root), claim_id, "cue", f"cue by {who}", who=who)
"""


def test_concurrent_corrections_of_one_file_all_land(store: Path) -> None:
    """Four processes correct different claims of one claims file at once; all land.

    A correction reads the whole file, changes one claim and writes the file back, so
    it must read under the write lock too, not only write under it.
    """
    by_source: dict[str, list[str]] = {}
    for claim in _claims(store):
        by_source.setdefault(claim.source, []).append(claim.id)
    ids = max(by_source.values(), key=len)
    shares = {f"editor{n}": ids[n::4] for n in range(4)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _SET_WORKER, str(store), who, *share],
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, share in shares.items()
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    cues = {c.id: c.attribution.cue for c in _claims(store)}
    for who, share in shares.items():
        for claim_id in share:
            assert cues[claim_id] == f"cue by {who}", claim_id


def test_a_held_lock_makes_a_writer_wait_then_fail_cleanly(store: Path) -> None:
    from claimcheck.store import store_lock

    claim = _claims(store)[0]
    before = (store / f"{claim.source}.claims.yaml").read_bytes()
    env = {**os.environ, "CLAIMCHECK_LOCK_TIMEOUT": "0.5"}
    command = [sys.executable, "-m", "claimcheck", "claim", "note", claim.id, "seen"]
    command += ["--store", str(store), "--editor", "Ana R"]
    with store_lock(store):  # another command is writing
        waited = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert waited.returncode == 2, waited.stderr
    assert f"{store / '.claimcheck.lock'}: another claimcheck command" in waited.stderr
    assert "Traceback" not in waited.stderr
    assert (store / f"{claim.source}.claims.yaml").read_bytes() == before
    # Once the lock is free the same command goes through.
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert find_claim(Store(store), claim.id).review.notes == ["seen"]


def test_review_clears_a_field_with_a_dash_in_a_pseudo_terminal(store: Path) -> None:
    """Enter keeps the shown value, so '-' is the answer that empties a field."""
    pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed")
    s = Store(store)
    queue = build_queue(s, load_config(store=store), only=QueueFilter.conflicts)
    first = find_claim(s, queue.claim_ids[0])
    assert first.attribution.cue, "the first claim in the queue needs a cue to clear"
    child = _spawn_review(pexpect, store)
    try:
        child.expect_exact("action [?=help]: ")
        child.send("e")
        child.expect_exact("field: ")
        child.send("c")
        child.expect_exact("(- clears it)")
        child.sendline("")  # Enter alone: nothing changes
        child.expect_exact("Nothing corrected.")
        child.expect_exact("action [?=help]: ")
        child.send("e")
        child.expect_exact("field: ")
        child.send("c")
        child.expect_exact("(- clears it)")
        child.sendline("-")
        child.expect_exact("Why (optional")
        child.sendline("no cue word in the sentence")
        child.expect_exact("Saved:")
        child.expect_exact("action [?=help]: ")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    cleared = find_claim(Store(store), first.id)
    assert cleared.attribution.cue is None
    event = cleared.review.history[-1]
    assert (event.action, event.field, event.old, event.new) == (
        "set",
        "attribution.cue",
        first.attribution.cue,
        None,
    )
