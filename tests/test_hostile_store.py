"""Hostile store files: YAML alias bombs and deep nesting are refused with the file and
line, never walked (a pull request could otherwise take the CI check down)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _bomb_value() -> str:
    """Ten levels of nine aliases each: a few hundred bytes standing for 9**10 strings."""
    value = '&a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    for level in range(1, 10):
        value = f"&a{level} [{value}," + ",".join([f"*a{level - 1}"] * 8) + "]"
    return value


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "claims"
    store.mkdir()
    doc = tmp_path / "wire.md"
    doc.write_text("---\ntitle: Floods\n---\nFloods killed 12 people, officials said.\n")
    run_cli("extract", doc, "--store", store)
    return store


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, with a generous bound only so that a regression fails
    instead of hanging the suite (no speed is asserted)."""
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "CLAIMCHECK_CACHE": "0"},
    )


@pytest.mark.parametrize("command", ["validate", "report", "check"])
def test_an_alias_bomb_in_a_claims_file_is_refused_with_its_line(
    tmp_path: Path, command: str
) -> None:
    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace("      rank: normal\n", f"      rank: normal\n      notes: {_bomb_value()}\n"),
        encoding="utf-8",
    )
    done = _run(command, store)
    assert done.returncode == 2, done.stderr
    assert "wire.claims.yaml:" in done.stderr
    assert "aliases are not allowed" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["acknowledgements.yaml", "events.yaml"])
def test_an_alias_bomb_in_the_stores_own_files_is_refused(tmp_path: Path, name: str) -> None:
    store = _store(tmp_path)
    key = "acknowledgements" if name == "acknowledgements.yaml" else "decisions"
    (store / name).write_text(f"{key}: {_bomb_value()}\n", encoding="utf-8")
    done = _run("check", store)
    assert done.returncode == 2, done.stderr
    assert f"{name}:1" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_claims_file_nested_thousands_deep_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    text = claims.read_text(encoding="utf-8")
    deep = "[" * 3000 + "]" * 3000
    claims.write_text(
        text.replace("      rank: normal\n", f"      rank: normal\n      notes: {deep}\n"),
        encoding="utf-8",
    )
    done = _run("validate", store)
    assert done.returncode == 2, done.stderr
    assert "wire.claims.yaml" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "body",
    [
        "Killed: 12\u008513 people.\n",  # NEL: YAML reads it as a line break
        "The storm killed 12\u2028people, officials said.\n",  # LINE SEPARATOR
        "Officials said 40\u001f people were missing.\n",  # a control character
    ],
)
def test_line_breaks_and_controls_yaml_treats_specially_survive_the_store(
    tmp_path: Path, body: str
) -> None:
    store = tmp_path / "claims"
    store.mkdir()
    doc = tmp_path / "odd.md"
    doc.write_text("---\ntitle: Odd\n---\n" + body, encoding="utf-8")
    run_cli("extract", doc, "--store", store)
    run_cli("validate", store)
    report = run_cli("report", store, "--format", "json")
    assert '"odd"' in report.stdout


def test_a_configuration_nested_thousands_deep_is_an_input_error(tmp_path: Path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    doc = tmp_path / "wire.txt"
    doc.write_text("Floods killed 12 people.\n", encoding="utf-8")
    done = run_cli("scan", doc, "--config", config, exit_code=2)
    assert "deep.toml" in done.stderr
    assert "nested too deeply" in done.stderr


def test_a_refusal_of_the_system_names_the_file_instead_of_a_traceback(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (store / ".claimcheck.lock").unlink(missing_ok=True)
    (store / ".claimcheck.lock").mkdir()  # a lock the store cannot take
    doc = tmp_path / "more.md"
    doc.write_text("---\ntitle: More\n---\nFloods killed 14 people.\n", encoding="utf-8")
    done = _run("extract", doc, "--store", store)
    assert done.returncode == 2
    assert ".claimcheck.lock" in done.stderr
    assert "half-written" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_says_what_was_kept_and_exits_130(tmp_path: Path) -> None:
    import signal
    import time

    docs = []
    for i in range(400):
        doc = tmp_path / f"wire-{i:03d}.txt"
        doc.write_text("Floods killed 12 people, officials said. " * 40 + "\n", encoding="utf-8")
        docs.append(doc)
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "scan", *map(str, docs), "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)  # past start-up, inside the work
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted" in err
    assert "Traceback" not in err


HOSTILE_BODY = (
    "Officials said 12 people died <script>alert(1)</script> in [the flood](javascript:alert(1))"
    " near \u202eKessel\u202c, and 40 were \x1b]0;owned\x07 missing.\n"
)


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_reports_show_hostile_text_without_letting_it_act(
    tmp_path: Path, output_format: str
) -> None:
    doc = tmp_path / "hostile.txt"
    doc.write_text(HOSTILE_BODY, encoding="utf-8")
    copy = tmp_path / "hostile-copy.txt"
    copy.write_text(HOSTILE_BODY.replace("12 people", "15 people"), encoding="utf-8")
    out = run_cli("scan", doc, copy, "--format", output_format).stdout
    assert "\u202e" not in out and "\x1b" not in out and "\x07" not in out
    if output_format == "markdown":
        assert "<script>" not in out
        assert "[the flood](javascript:" not in out  # the brackets are escaped
    if output_format == "html":
        assert "<script>alert" not in out


def test_history_and_notes_show_escape_sequences_as_text(tmp_path: Path) -> None:
    store = _store(tmp_path)
    claim_id = next(
        line.split(":", 1)[1].strip()
        for line in (store / "wire.claims.yaml").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- id:")
    )
    run_cli(
        "claim", "note", claim_id, "seen \x1b[2J\u202eesrever", "--store", store, "--editor", "Ed"
    )
    out = run_cli("history", claim_id, store).stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out


def test_a_document_may_not_take_the_stores_readme(tmp_path: Path) -> None:
    store = tmp_path / "claims"
    store.mkdir()
    (store / "README.md").write_text("# Our store\n", encoding="utf-8")
    doc = tmp_path / "README.md"
    doc.write_text("Floods killed 12 people.\n", encoding="utf-8")
    done = run_cli("extract", doc, "--store", store, exit_code=2)
    assert "reserved" in done.stderr
    assert (store / "README.md").read_text(encoding="utf-8") == "# Our store\n"


def test_extract_creates_a_new_store(tmp_path: Path) -> None:
    doc = tmp_path / "wire.md"
    doc.write_text("Floods killed 12 people.\n", encoding="utf-8")
    run_cli("extract", doc, "--store", tmp_path / "new-store")
    assert (tmp_path / "new-store" / "wire.claims.yaml").is_file()


def test_report_on_an_unknown_source_is_an_error(tmp_path: Path) -> None:
    store = _store(tmp_path)
    done = run_cli("report", store, "--source", "wrie", exit_code=2)
    assert "wrie" in done.stderr


def test_utf16_is_named_as_such(tmp_path: Path) -> None:
    doc = tmp_path / "memo.txt"
    doc.write_bytes("Floods killed 12 people.\n".encode("utf-16"))
    done = run_cli("scan", doc, "--format", "json", exit_code=2)
    assert "UTF-16" in done.stderr


def test_a_side_that_names_no_party_is_refused_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "claimcheck.toml"
    config.write_text(
        '[[parties]]\nid = "eastmark"\nname = "Eastmark"\nkind = "belligerent"\n'
        'side = "eastmrak"\n',
        encoding="utf-8",
    )
    doc = tmp_path / "wire.txt"
    doc.write_text("Floods killed 12 people.\n", encoding="utf-8")
    done = run_cli("scan", doc, "--config", config, exit_code=2)
    assert "claimcheck.toml:5" in done.stderr
    assert "eastmrak" in done.stderr


@pytest.mark.parametrize(
    "value",
    ["&v 12", "[1, &v 2]", "{a: 1, b: &v 2}", "[1,&v 2]", "!!int &v 12"],
)
def test_an_anchor_anywhere_a_node_begins_is_refused(tmp_path: Path, value: str) -> None:
    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace("      rank: normal\n", f"      rank: normal\n      notes: {value}\n"),
        encoding="utf-8",
    )
    done = _run("validate", store)
    assert done.returncode == 2, done.stderr
    assert "anchors and aliases are not allowed" in done.stderr


def test_ampersands_and_stars_in_text_are_read_by_the_fast_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck import store as store_module
    from claimcheck.store import Store, may_hold_anchors

    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    text = claims.read_text(encoding="utf-8")

    def with_subject(subject: str) -> str:
        changed = text.replace("    subject: people\n", f"    subject: {subject}\n")
        assert changed != text
        claims.write_text(changed, encoding="utf-8")
        return changed

    assert may_hold_anchors(with_subject("AT&T and a *starred* word"))  # " *s" might be one
    assert not may_hold_anchors(with_subject("AT&T, S&P 500, Fox & Friends and 5*3"))
    slow: list[Path] = []
    real = store_module._claims_from_round_trip
    monkeypatch.setattr(
        store_module, "_claims_from_round_trip", lambda p, t: slow.append(p) or real(p, t)
    )
    monkeypatch.setenv("CLAIMCHECK_CACHE", "0")
    (claim,) = Store.open(store).claims("wire")
    assert claim.subject == "AT&T, S&P 500, Fox & Friends and 5*3"
    assert slow == []


# --------------------------------------------------------------------------- symbolic links

SECRET = "Officials said 77 people hid the key: hunter2.\n"


def _outside(tmp_path: Path) -> Path:
    """A file outside the store that a link in it points at."""
    secret = tmp_path / "private" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(f"---\nid: planted\n---\n{SECRET}", encoding="utf-8")
    return secret


@pytest.mark.parametrize(
    "command",
    [
        ("validate",),
        ("report", "--format", "html"),
        ("report", "--format", "json"),
        ("check",),
    ],
)
def test_a_document_linked_out_of_the_store_is_refused_by_name_and_never_shown(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    store = _store(tmp_path)
    (store / "planted.md").symlink_to(_outside(tmp_path))
    done = _run(*command[:1], store, *command[1:])
    assert done.returncode == 2, done.stderr
    assert f"{store / 'planted.md'}: a symbolic link (to " in done.stderr
    assert "hunter2" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "name", ["planted.md", "wire.claims.yaml", "events.yaml", "acknowledgements.yaml"]
)
def test_every_store_file_that_is_a_link_is_refused_even_into_the_store(
    tmp_path: Path, name: str
) -> None:
    """Links are refused wherever they point (docs/claim-format.md): even one inside the
    store hides from a review what the file says."""
    store = _store(tmp_path)
    inside = store / "kept-aside.txt"
    original = store / name
    if original.exists():
        original.rename(inside)
    else:
        inside.write_text("acknowledgements: {}\n", encoding="utf-8")
    (store / name).symlink_to(inside.name)
    done = _run("check", store)
    assert done.returncode == 2, done.stderr
    assert f"{store / name}: a symbolic link (to kept-aside.txt)" in done.stderr


def test_a_dangling_link_is_refused_by_name_not_skipped(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (store / "gone.md").symlink_to(tmp_path / "nowhere.md")
    done = _run("validate", store)
    assert done.returncode == 2
    assert f"{store / 'gone.md'}: a symbolic link" in done.stderr


def test_no_write_goes_through_a_linked_history_folder(tmp_path: Path) -> None:
    store = _store(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store / ".history").symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    doc = tmp_path / "wire.md"
    doc.write_text("---\ntitle: Floods\n---\nFloods killed 14 people, officials said.\n")
    done = _run("extract", doc, "--store", store)
    assert done.returncode == 2
    assert f"{store / '.history'}: a symbolic link" in done.stderr
    assert list(elsewhere.iterdir()) == []
    assert {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()} == before


def test_a_note_is_not_written_through_a_linked_claims_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    outside = tmp_path / "outside.claims.yaml"
    claims.rename(outside)
    claims.symlink_to(outside)
    text = outside.read_text(encoding="utf-8")
    claim_id = next(line.split(":", 1)[1].strip() for line in text.splitlines() if "- id:" in line)
    done = _run("claim", "note", claim_id, "seen", "--store", store, "--editor", "Ed")
    assert done.returncode == 2
    assert "a symbolic link" in done.stderr
    assert outside.read_text(encoding="utf-8") == text
    assert claims.is_symlink()


def test_the_parse_cache_is_not_written_through_a_link(tmp_path: Path) -> None:
    store = _store(tmp_path)
    shutil.rmtree(store / ".claimcheck", ignore_errors=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store / ".claimcheck").symlink_to(elsewhere)
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", "validate", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("      rank: normal\n", "      rank: 2024-13-45\n"),  # a YAML date that is no date
        ("      rank: normal\n", "      2024-02-30: normal\n"),  # ... as a key
    ],
)
def test_a_claims_file_yaml_cannot_construct_is_refused_with_its_line(
    tmp_path: Path, old: str, new: str
) -> None:
    store = _store(tmp_path)
    claims = store / "wire.claims.yaml"
    text = claims.read_text(encoding="utf-8")
    assert old in text
    claims.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    for command in ("validate", "report", "check"):
        done = _run(command, store)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert f"wire.claims.yaml:{line}: malformed YAML: " in done.stderr
        assert "is not a calendar date" in done.stderr
