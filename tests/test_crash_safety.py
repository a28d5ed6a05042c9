"""A writer stopped at any instant leaves every source either as it was or replaced whole.

Two ways of stopping a writer are tried. The first is exact: a forked copy of this
process runs ``claimcheck extract`` and dies (``os._exit``, no clean-up of any kind) just
before its n-th call that makes something durable (rename, fsync, unlink), for every n
until the command runs to its end. The second is the real thing: ``extract``,
``claim set`` and ``claim note`` run as processes and are killed (SIGKILL, or SIGINT as
Ctrl-C sends it) after random delays. After each stop the store must validate, each
document must be its old or its new text with the claims of that text, an old text that
was replaced must be in ``.history/``, and no review note may be missing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck import store as store_module
from claimcheck.config import load_config
from claimcheck.store import HISTORY_DIR, Store
from claimcheck.validate import validate_store
from tests.conftest import run_cli

#: Two versions of each document: the second moves every figure (a new first sentence),
#: so claims of one version read against the other's body are caught by validation.
VERSIONS = {
    "floods": (
        "Floods killed 12 people in Riverton, officials said on Monday. "
        "About 3,000 residents were evacuated, the Red Cross said.\n",
        "RIVERTON (Wire) - Rescuers worked through the night. "
        "Floods killed 14 people in Riverton, officials said on Monday. "
        "About 3,500 residents were evacuated, the Red Cross said.\n",
    ),
    "fires": (
        "Fires destroyed 40 homes, the fire service said. Police said 7 people were hurt.\n",
        "HOLLOWAY (Wire) - Smoke covered the valley. "
        "Fires destroyed 45 homes, the fire service said. Police said 9 people were hurt.\n",
    ),
}
#: Functions that make a step of a write durable: dying just before each is every
#: distinct instant a crash can leave behind.
DURABLE_STEPS = ("replace", "rename", "fsync", "unlink", "rmdir")


def _documents(folder: Path, version: int, copies: int = 1) -> list[Path]:
    """Each document at ``version``; ``copies`` of each (``floods-2``...) make an extract
    that spends more of its run writing."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, bodies in VERSIONS.items():
        for copy in range(copies):
            source_id = name if copy == 0 else f"{name}-{copy}"
            path = folder / f"{source_id}.md"
            text = f"---\ntitle: {source_id}\n---\n{bodies[version]}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def _noted_store(tmp_path: Path, copies: int = 1) -> tuple[Path, set[str]]:
    """A store of the first versions with a note on one claim of each source."""
    store = tmp_path / "pristine"
    run_cli("extract", *_documents(tmp_path / "v0", 0, copies), "--store", store)
    notes = set()
    for source_id in Store.open(store).source_ids():
        claim = Store.open(store).claims(source_id)[0]
        text = f"checked {source_id} against the ministry's list"
        run_cli("claim", "note", claim.id, text, "--store", store, "--editor", "Ed")
        notes.add(text)
    return store, notes


def _notes(store: Path) -> set[str]:
    opened = Store.open(store)
    return {note for claim in opened.all_claims() for note in claim.review.notes}


def check_whole(store: Path, notes: set[str]) -> dict[str, int]:
    """Assert the store is valid, each source one version whole, and no note lost;
    return the version each source is at."""
    problems = validate_store(store, load_config(None, store=store))
    assert problems == [], "\n".join(map(str, problems))
    opened = Store.open(store)
    history = store / HISTORY_DIR
    kept = (
        [path.read_text(encoding="utf-8") for path in history.iterdir()] if history.is_dir() else []
    )
    versions = {}
    for source_id in opened.source_ids():
        bodies = VERSIONS[source_id.split("-")[0]]
        body = opened.document(source_id).body
        assert body in bodies, f"{source_id}: a body that is neither version"
        versions[source_id] = bodies.index(body)
        claims = opened.claims(source_id)
        assert claims, f"{source_id}: no claims"
        for claim in claims:
            # A reviewed claim the new text no longer has keeps the old text's offsets.
            texts = [body] + (list(bodies) if claim.review.status == "vanished" else [])
            assert any(text[claim.span[0] : claim.span[1]] == claim.quote for text in texts)
        if versions[source_id] == 1:
            assert any(bodies[0] in text for text in kept), f"{source_id}: old text not kept"
    missing = notes - _notes(store)
    assert not missing, f"notes lost: {missing}"
    return versions


def _die_at(step: int) -> Callable[[], None]:
    """Make this process die, with no clean-up, just before its ``step``-th durable call."""
    count = [0]
    for name in DURABLE_STEPS:
        real = getattr(os, name)

        def wrapped(*args: object, _real: Callable = real, **kwargs: object) -> object:
            count[0] += 1
            if count[0] == step:
                os._exit(99)
            return _real(*args, **kwargs)

        setattr(os, name, wrapped)
    return lambda: None


def _extract_in_child(step: int, documents: list[Path], store: Path) -> int:
    """Run ``extract`` in a forked copy that dies at ``step``; its exit status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            from claimcheck.cli import app

            _die_at(step)
            app(["extract", *map(str, documents), "--store", str(store)], standalone_mode=False)
            code = 0
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_extract_stopped_before_any_durable_step_leaves_each_source_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE", "0")
    pristine, notes = _noted_store(tmp_path)
    documents = _documents(tmp_path / "v1", 1)[:1]  # floods: one source, every step
    seen: set[int] = set()  # the versions of floods met
    for step in range(1, 200):
        store = tmp_path / f"store-{step}"
        shutil.copytree(pristine, store)
        code = _extract_in_child(step, documents, store)
        assert code in (0, 99), f"step {step}: the child failed ({code})"
        versions = check_whole(store, notes)
        assert versions["fires"] == 0  # not in this extract
        seen.add(versions["floods"])
        shutil.rmtree(store)
        if code == 0:  # ran to its end: every step has been a crash point
            assert versions == {"floods": 1, "fires": 0}
            break
    else:
        pytest.fail("extract never ran to its end")
    assert seen == {0, 1}


# --------------------------------------------------------------------------- the journal


def _replace_floods(store: Path) -> None:
    """Replace the floods source of ``store`` with its second version, in this process."""
    from claimcheck.config import load_config
    from claimcheck.extraction.pipeline import Extractor
    from claimcheck.sources import read_document

    (path,) = _documents(store.parent / "v1", 1)[:1]
    document = read_document(path)
    claims = Extractor(load_config(None, store=store)).extract(document)
    Store.open(store).replace_source(document, claims)


def _ctrl_c_leaves_the_replacement_finished(
    store: Path, notes: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replace the floods source under the interruption the test patched in: it must stop
    the command, and leave the replacement complete with nothing left to finish."""
    with pytest.raises(KeyboardInterrupt):
        _replace_floods(store)
    monkeypatch.undo()
    assert store_module.interrupted_replacement(store) is None
    assert check_whole(store, notes) == {"floods": 1, "fires": 0}


def test_ctrl_c_after_the_commit_finishes_the_replacement_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, notes = _noted_store(tmp_path)
    real = store_module.os.replace
    calls = []

    def interrupted_once(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:  # the journal is down; the first file is being moved
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(store_module.os, "replace", interrupted_once)
    _ctrl_c_leaves_the_replacement_finished(store, notes, monkeypatch)


def test_ctrl_c_after_the_journal_is_dropped_stops_as_an_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the last step (the journal removed, its folder being synced) leaves a
    finished replacement: the command stops as interrupted, with nothing to redo."""
    store, notes = _noted_store(tmp_path)
    real = store_module._fsync_directory
    pending = store / store_module.PENDING_DIR

    journal_seen = []

    def interrupted_after_the_journal(folder: Path) -> None:
        if (pending / store_module.JOURNAL_FILE).exists():
            journal_seen.append(folder)
        elif journal_seen and Path(folder) == pending:
            monkeypatch.setattr(store_module, "_fsync_directory", real)
            raise KeyboardInterrupt
        real(folder)

    monkeypatch.setattr(store_module, "_fsync_directory", interrupted_after_the_journal)
    _ctrl_c_leaves_the_replacement_finished(store, notes, monkeypatch)


def test_a_replacement_left_committed_is_finished_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, notes = _noted_store(tmp_path)

    def killed(_root: Path) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(store_module, "_apply_journal", killed)
    with pytest.raises(SystemExit):
        _replace_floods(store)
    monkeypatch.undo()
    assert store_module.interrupted_replacement(store) is not None
    assert "14 people" not in (store / "floods.md").read_text(encoding="utf-8")
    report = run_cli("report", store, "--format", "json").stdout  # a reader, first
    assert '"text": "14"' in report
    assert store_module.interrupted_replacement(store) is None
    assert check_whole(store, notes) == {"floods": 1, "fires": 0}


def test_files_staged_but_never_committed_are_discarded_by_the_next_writer(
    tmp_path: Path,
) -> None:
    store, notes = _noted_store(tmp_path)
    pending = store / store_module.PENDING_DIR
    pending.mkdir(exist_ok=True)
    (pending / "floods.md.k3j2h1.new").write_text("half of a new text", encoding="utf-8")
    before = (store / "floods.md").read_bytes()
    claim = Store.open(store).claims("fires")[0]
    run_cli("claim", "note", claim.id, "second look", "--store", store, "--editor", "Ed")
    assert list(pending.iterdir()) == []
    assert (store / "floods.md").read_bytes() == before
    check_whole(store, notes | {"second look"})


@pytest.mark.parametrize(
    "entry",
    [
        {"staged": "x.new", "target": "../outside.md"},
        {"staged": "x.new", "target": "/tmp/outside.md"},
        {"staged": "../x.new", "target": "floods.md"},
        {"staged": "x.new", "target": "sub/dir/floods.md"},
        {"staged": "x.new"},
    ],
)
def test_a_journal_that_reaches_outside_the_store_is_refused_by_name(
    tmp_path: Path, entry: dict[str, str]
) -> None:
    store, _notes = _noted_store(tmp_path)
    pending = store / store_module.PENDING_DIR
    pending.mkdir(exist_ok=True)
    (pending / "x.new").write_text("planted\n", encoding="utf-8")
    journal = pending / store_module.JOURNAL_FILE
    journal.write_text(
        json.dumps({"format": "claimcheck-replacement/1", "replace": [entry]}), encoding="utf-8"
    )
    done = run_cli("validate", store, exit_code=2)
    assert f"{journal}: not a journal claimcheck wrote" in done.stderr
    assert not (tmp_path / "outside.md").exists()
    assert (pending / "x.new").exists()  # nothing was changed


# --------------------------------------------------------------------------- real kills


def _spawn(*args: str | Path) -> subprocess.Popen[bytes]:
    """The command, its stderr kept (in a temporary file, so it never blocks on a pipe)
    to say why it failed when it did not end by the signal it was sent."""
    err = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the test's process
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=err,
        env={**os.environ, "CLAIMCHECK_CACHE": "0", "CLAIMCHECK_LOCK_TIMEOUT": "60"},
    )
    _ERRORS[process.pid] = err
    return process


def _err(process: subprocess.Popen[bytes]) -> str:
    err = _ERRORS[process.pid]
    err.seek(0)
    return err.read().decode(errors="replace")[-2000:]


#: Where each spawned command's stderr went, by process id.
_ERRORS: dict[int, typing.IO[bytes]] = {}


#: Copies of each document in the store of the kill test.
COPIES = 5


def kill_rounds(tmp_path: Path, rounds: int, seed: int, min_stops: int = 0) -> dict[str, int]:
    """Run extract, claim set and claim note side by side on one store and stop each at
    a random instant, ``rounds`` times (and more, up to twice as many, until ``min_stops``
    processes were stopped); check the store after every round. Returns how many
    processes were stopped by each signal and how many ran to their end.

    A command that ran to its end before its instant came makes the later instants of
    that command fall within the time it took, so a fast machine is stopped as often."""
    rng = random.Random(seed)
    store, notes = _noted_store(tmp_path, COPIES)
    documents = [_documents(tmp_path / f"v{version}", version, COPIES) for version in (0, 1)]
    tally = {"SIGKILL": 0, "SIGINT": 0, "finished": 0}
    # Start-up takes most of a second, then extract writes source after source for a
    # second or so while set and note wait for the lock or write: the delays spread
    # the stops over the whole run of each.
    latest = {"extract": 3.0, "set": 1.5, "note": 1.5}
    number = -1
    while True:
        number += 1
        stops = tally["SIGKILL"] + tally["SIGINT"]
        if number >= rounds and (stops >= min_stops or number >= 2 * rounds):
            break
        # A reviewed claim: never dropped by an extraction, so always there to change.
        claims = [claim for claim in Store.open(store).all_claims() if claim.review.notes]
        target = rng.choice(claims).id
        note = f"round {number}: figure checked by phone"
        processes = {
            "extract": _spawn("extract", *documents[(number + 1) % 2], "--store", store),
            "set": _spawn(
                "claim", "set", target, "subject", f"people counted {number}",
                "--store", store, "--editor", "Ed",
            ),
            "note": _spawn("claim", "note", target, note, "--store", store, "--editor", "Ed"),
        }  # fmt: skip
        began = time.monotonic()
        deadline = {name: began + rng.uniform(0.2, latest[name]) for name in processes}
        ended: dict[str, float] = {}
        stop_with = {name: rng.choice([signal.SIGKILL, signal.SIGINT]) for name in processes}
        while any(process.poll() is None for process in processes.values()):
            for name, process in processes.items():
                if process.poll() is not None:
                    ended.setdefault(name, time.monotonic() - began)
                elif time.monotonic() >= deadline[name]:
                    process.send_signal(stop_with[name])
                    deadline[name] = float("inf")
                    tally[stop_with[name].name] += 1
            time.sleep(0.02)
        for name, process in processes.items():
            if process.returncode == 0:
                if deadline[name] != float("inf"):
                    tally["finished"] += 1
                    took = ended.get(name, time.monotonic() - began)
                    latest[name] = max(0.3, min(latest[name], 0.9 * took))
                if name == "note":
                    notes.add(note)  # it said it was written: it must stay
            else:
                code, err = process.returncode, _err(process)
                # Ctrl-C while Python itself starts, before claimcheck runs, ends with
                # its KeyboardInterrupt traceback and code 1: nothing was written yet.
                started = not (code == 1 and err.rstrip().endswith("KeyboardInterrupt"))
                assert code in (-9, 130, -2) or not started, (name, code, err)
        check_whole(store, notes)
        notes |= _notes(store)  # whatever got in must stay from now on
    return tally


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_extract_set_and_note_killed_at_random_instants_lose_nothing(tmp_path: Path) -> None:
    tally = kill_rounds(tmp_path, rounds=7, seed=13, min_stops=15)
    assert tally["SIGKILL"] + tally["SIGINT"] >= 15


@pytest.mark.long
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_many_more_random_kills(tmp_path: Path) -> None:
    tally = kill_rounds(tmp_path, rounds=60, seed=int(os.environ.get("CLAIMCHECK_KILL_SEED", "1")))
    assert tally["SIGKILL"] + tally["SIGINT"] >= 100
