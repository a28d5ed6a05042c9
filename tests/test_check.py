"""`claimcheck check`, `baseline write` and `ack` as CI meets them, in a real git repository.

Each test works on a copy of a repository made once per module: the shipped store under
``claims/``, a baseline written with ``claimcheck baseline write`` and committed. A new
wire report (tests/data/check/) giving 3,000 Azerbaijani soldiers killed in the 2020 war
contradicts the store's 2,783 and "around 2,900", so extracting it brings a new CC101
and a new one-sided CC201.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from claimcheck.checking import BASELINE_FILE
from tests.conftest import ROOT, TESTS, run_cli

NEW_SOURCE = TESTS / "data" / "check" / "wire-2021-03-02-azerbaijan-war-dead.md"
NEW_ID = NEW_SOURCE.stem
OLD_ID = "001_5858b1198b405661"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with signing and hooks out of the way."""
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with the shipped store and its baseline, committed."""
    repo = tmp_path_factory.mktemp("template") / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "claims", repo / "claims")
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test Editor")
    git(repo, "config", "user.email", "editor@example.org")
    # Re-extract one old source so the moving test compares like with like even while
    # the extractor changes under the stored claims.
    run_cli("extract", repo / "claims" / f"{OLD_ID}.md", "--store", repo / "claims")
    run_cli("baseline", "write", repo / "claims")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "store and baseline")
    return repo


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template repository (with its .git)."""
    target = tmp_path / "repo"
    shutil.copytree(template, target, symlinks=True)
    return target


def add_new_source(repo: Path) -> None:
    """Extract the new wire report into the store, as a pull request would."""
    run_cli("extract", NEW_SOURCE, "--store", repo / "claims")


def check_json(repo: Path, *args: str, exit_code: int) -> dict:
    result = run_cli("check", repo / "claims", "-f", "json", *args, exit_code=exit_code)
    return json.loads(result.stdout)


def new_findings(payload: dict) -> dict[str, dict]:
    """Finding id -> check entry, for the new ones."""
    return {f["id"]: f for f in payload["check"]["findings"] if f["state"] == "new"}


def the_new_ids(payload: dict) -> set[str]:
    findings = {f["id"]: f for f in payload["conflicts"] + payload["one_sided"]}
    claims = {c["id"]: c for c in payload["claims"]}
    return {
        fid
        for fid in new_findings(payload)
        if any(claims[c]["source"] == NEW_ID for c in findings[fid]["claims"])
    }


# --------------------------------------------------------------------------- the new source


def test_new_source_is_read_as_an_azerbaijani_ministry_figure() -> None:
    report = json.loads(
        run_cli(
            "scan", NEW_SOURCE, "--format", "json", "--config", ROOT / "claims" / "claimcheck.toml"
        ).stdout
    )
    (claim,) = [c for c in report["claims"] if c["value"]["text"].endswith("3,000")]
    assert claim["measure"] == "killed"
    assert claim["subject"] == "soldiers"
    assert claim["side"] == "azerbaijan"
    assert claim["attribution"]["party"] == "azerbaijan"
    assert claim["attribution"]["speaker"] == "Azerbaijan's Defence Ministry"


# --------------------------------------------------------------------------- pass / fail


def test_store_matching_its_baseline_passes(repo: Path) -> None:
    result = run_cli("check", repo / "claims")
    assert "claimcheck check passed" in result.stdout
    assert "suppressed by the baseline" in result.stdout
    payload = check_json(repo, exit_code=0)
    assert payload["check"]["passed"] is True
    assert payload["check"]["counts"]["new"] == 0
    assert payload["check"]["counts"]["baselined"] == len(payload["check"]["findings"]) > 0


def test_new_source_fails_with_its_new_findings(repo: Path) -> None:
    add_new_source(repo)
    payload = check_json(repo, exit_code=1)
    new = new_findings(payload)
    codes = {new[f]["code"] for f in new}
    assert codes == {"CC101", "CC201"}
    assert the_new_ids(payload) == set(new)
    assert all(entry["fails"] for entry in new.values())
    # The old two-claim conflict became a three-claim one: it is still known, and what
    # is new is the claim that joined it; its baseline entry is not stale.
    assert payload["check"]["stale_baseline"] == []

    text = run_cli("check", repo / "claims", exit_code=1)
    assert "claimcheck check FAILED" in text.stdout
    for finding_id in new:
        assert finding_id in text.stdout
    assert "joined known finding" in text.stdout


def test_a_value_joining_a_known_disagreement_is_one_new_finding_naming_it(repo: Path) -> None:
    before = check_json(repo, exit_code=0)
    (known,) = [
        f
        for f in before["conflicts"]
        if f["code"] == "CC101" and f["quantity"] == "azerbaijan soldiers killed (2020)"
    ]
    add_new_source(repo)
    payload = check_json(repo, exit_code=1)
    claims = {c["id"]: c for c in payload["claims"]}
    (new_claim,) = [
        c["id"] for c in claims.values() if c["source"] == NEW_ID and c["value"]["text"] == "3,000"
    ]
    conflicts = {f["id"] for f in payload["conflicts"]}
    new = [f for f in new_findings(payload).values() if f["id"] in conflicts]
    assert len(new) == 1
    (entry,) = new
    assert entry["added_claims"] == [new_claim]
    assert entry["primary_claim"] == new_claim
    assert entry["extends"] == [known["id"]]
    (finding,) = [f for f in payload["conflicts"] if f["id"] == entry["id"]]
    assert new_claim in finding["message"] and known["id"] in finding["message"]
    # The known part is not reported again: nothing else about that quantity is new,
    # and the known finding's entry is not stale.
    assert payload["check"]["stale_baseline"] == []


def test_without_baseline_every_finding_is_new(repo: Path) -> None:
    payload = check_json(repo, "--no-baseline", exit_code=1)
    assert payload["check"]["counts"]["baselined"] == 0
    assert payload["check"]["counts"]["new"] == len(payload["check"]["findings"])


def test_exit_zero_reports_but_passes(repo: Path) -> None:
    add_new_source(repo)
    result = run_cli("check", repo / "claims", "--exit-zero")
    assert "claimcheck check FAILED" in result.stdout


def test_fail_on_and_fail_severity_decide_what_fails(repo: Path) -> None:
    add_new_source(repo)
    # The new CC101 is moderate, the new CC201 minor.
    payload = check_json(repo, "--fail-severity", "moderate", exit_code=1)
    fails = {e["code"]: e["fails"] for e in new_findings(payload).values()}
    assert fails == {"CC101": True, "CC201": False}

    payload = check_json(repo, "--fail-on", "one-sided", exit_code=1)
    fails = {e["code"]: e["fails"] for e in new_findings(payload).values()}
    assert fails == {"CC101": False, "CC201": True}

    payload = check_json(repo, "--fail-on", "one-sided", "--fail-severity", "moderate", exit_code=0)
    assert payload["check"]["counts"] == {
        **payload["check"]["counts"],
        "failing": 0,
        "new": 2,
    }
    github = run_cli(
        "check", repo / "claims", "-f", "github", "--fail-on", "conflict", exit_code=1
    ).stdout
    assert "::error " in github and "CC101" in github
    (warning,) = [line for line in github.splitlines() if line.startswith("::warning ")]
    assert "CC201" in warning


# --------------------------------------------------------------------------- acknowledgements


def test_acknowledging_the_new_findings_makes_the_check_pass(repo: Path) -> None:
    add_new_source(repo)
    new = new_findings(check_json(repo, exit_code=1))
    conflict = next(f for f, e in new.items() if e["code"] == "CC101")
    one_sided = next(f for f, e in new.items() if e["code"] == "CC201")

    run_cli(
        "ack",
        conflict,
        "--reason",
        "the ministry's later total; 2,783 was its December 2020 count",
        "--store",
        repo / "claims",
    )
    acks = repo / "claims" / "acknowledgements.yaml"
    text = acks.read_text(encoding="utf-8")
    assert "who: Test Editor" in text  # from the repository's git config
    # An editor's comment survives the next acknowledgement.
    acks.write_text(
        text.replace(f"  {conflict}:", f"  # checked against the ministry site\n  {conflict}:"),
        encoding="utf-8",
    )
    check_json(repo, exit_code=1)  # the one-sided figure is still new
    run_cli(
        "ack",
        one_sided,
        "--reason",
        "own casualty figure; no independent count exists",
        "--editor",
        "Ana R",
        "--store",
        repo / "claims",
    )
    text = acks.read_text(encoding="utf-8")
    assert "# checked against the ministry site" in text
    assert "who: Ana R" in text

    payload = check_json(repo, exit_code=0)
    assert payload["check"]["counts"]["acknowledged"] == 2
    acked = {f["id"]: f for f in payload["check"]["findings"] if f["state"] == "acknowledged"}
    assert acked[one_sided]["acknowledgement"]["who"] == "Ana R"
    result = run_cli("check", repo / "claims")
    assert "2 acknowledged" in result.stdout


def test_ack_refuses_unknown_findings_and_empty_reasons(repo: Path) -> None:
    result = run_cli(
        "ack", "f-000000000000", "--reason", "x", "--store", repo / "claims", exit_code=2
    )
    assert "no finding f-000000000000" in result.stderr
    finding = check_json(repo, exit_code=0)["check"]["findings"][0]["id"]
    result = run_cli("ack", finding, "--reason", "  ", "--store", repo / "claims", exit_code=2)
    assert "--reason" in result.stderr
    assert not (repo / "claims" / "acknowledgements.yaml").exists()


def test_acknowledgement_without_reason_is_a_problem_with_its_line(repo: Path) -> None:
    add_new_source(repo)
    new = new_findings(check_json(repo, exit_code=1))
    lines = ["# accepted findings", "acknowledgements:"]
    for number, finding_id in enumerate(sorted(new)):
        lines += [f"  {finding_id}:", "    who: Ana R", "    when: 2024-05-07T09:30:00Z"]
        if number == 0:
            lines.append("    reason: checked")
    (repo / "claims" / "acknowledgements.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    unexplained = sorted(new)[1]

    result = run_cli("check", repo / "claims", exit_code=1)
    path = repo / "claims" / "acknowledgements.yaml"
    assert f"{path}:7: ack-missing-reason acknowledgement of {unexplained} gives no reason" in (
        result.stdout
    )
    payload = check_json(repo, exit_code=1)
    assert new_findings(payload).keys() == {unexplained}  # it accepts nothing
    assert payload["check"]["problems"][0]["line"] == 7
    # validate reports the same problem, so a pre-commit hook catches it before CI.
    result = run_cli("validate", repo / "claims", exit_code=1)
    assert f"{path}:7: ack-missing-reason" in result.stdout


def test_malformed_acknowledgements_exit_2(repo: Path) -> None:
    (repo / "claims" / "acknowledgements.yaml").write_text(
        "acknowledgements:\n  f-1: [unclosed\n", "utf-8"
    )
    result = run_cli("check", repo / "claims", exit_code=2)
    assert "acknowledgements.yaml:" in result.stderr
    result = run_cli("validate", repo / "claims", exit_code=2)
    assert "acknowledgements.yaml:3: malformed YAML" in result.stderr
    assert "malformed YAML" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- stable fingerprints


def test_moving_paragraphs_does_not_make_old_findings_new(repo: Path) -> None:
    store = repo / "claims"
    document = store / f"{OLD_ID}.md"
    before_claims = (store / f"{OLD_ID}.claims.yaml").read_text(encoding="utf-8")
    before = {f["id"] for f in check_json(repo, exit_code=0)["check"]["findings"]}

    text = document.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    paragraphs = body.split("\n\n")
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    document.write_text(head + "\n---\n" + "\n\n".join(paragraphs), encoding="utf-8")
    run_cli("extract", document, "--store", store)

    # The body changed (new hash, claims re-extracted at new offsets) ...
    assert git(repo, "diff", "--name-only").split() == [
        f"claims/{OLD_ID}.claims.yaml",
        f"claims/{OLD_ID}.md",
    ]
    assert (store / f"{OLD_ID}.claims.yaml").read_text(encoding="utf-8") != before_claims
    # ... but every finding is still known.
    payload = check_json(repo, exit_code=0)
    assert {f["id"] for f in payload["check"]["findings"]} == before
    assert payload["check"]["counts"]["new"] == 0
    assert payload["check"]["stale_baseline"] == []


def test_corrupt_claim_file_exits_2(repo: Path) -> None:
    claims = repo / "claims" / f"{OLD_ID}.claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "  - id: [unclosed\n", "utf-8")
    result = run_cli("check", repo / "claims", "-f", "sarif", exit_code=2)
    assert str(claims) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_invalid_claim_is_reported_and_exits_2_when_nothing_can_be_compared(repo: Path) -> None:
    claims = repo / "claims" / f"{OLD_ID}.claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("origin: sentence", "origin: sentence\n    colour: red", 1))
    result = run_cli("check", repo / "claims", exit_code=2)
    assert "unknown-field" in result.stderr


# --------------------------------------------------------------------------- --since


def test_since_head_limits_the_check_to_the_new_source(repo: Path) -> None:
    add_new_source(repo)  # extracted, not committed: untracked files count as changed
    everything = check_json(repo, exit_code=1)
    payload = check_json(repo, "--since", "HEAD", exit_code=1)
    assert payload["check"]["changed_sources"] == [NEW_ID]
    assert new_findings(payload).keys() == new_findings(everything).keys()
    claims = {c["id"]: c for c in payload["claims"]}
    for finding in payload["conflicts"] + payload["one_sided"]:
        assert any(claims[c]["source"] == NEW_ID for c in finding["claims"])
    assert len(payload["check"]["findings"]) == 2 < len(everything["check"]["findings"])

    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "new source")
    payload = check_json(repo, "--since", "HEAD", exit_code=0)
    assert payload["check"]["changed_sources"] == []
    assert payload["check"]["findings"] == []
    payload = check_json(repo, "--since", "HEAD~1", exit_code=1)
    assert payload["check"]["changed_sources"] == [NEW_ID]


def test_since_needs_a_git_repository_and_a_known_ref(repo: Path, tmp_path: Path) -> None:
    result = run_cli("check", repo / "claims", "--since", "no-such-ref", exit_code=2)
    assert "no-such-ref" in result.stderr
    outside = tmp_path / "plain"
    shutil.copytree(ROOT / "claims", outside / "claims")
    result = run_cli("check", outside / "claims", "--since", "HEAD", exit_code=2)
    assert "not inside a git repository" in result.stderr


# --------------------------------------------------------------------------- baseline write


def test_baseline_write_merges_keeps_notes_and_prunes_on_request(repo: Path) -> None:
    path = repo / BASELINE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "claimcheck-baseline" and data["store"] == "claims"
    for entry in data["findings"]:
        assert entry["fingerprint"].startswith("fp-")
        # Rule, claim ids and quote hash; never lines, spans or offsets.
        assert set(entry) == {
            "fingerprint",
            "id",
            "code",
            "name",
            "severity",
            "quantity",
            "claims",
            "quote_hash",
            "recorded",
        }
    target = next(
        e for e in data["findings"] if e["quantity"] == "azerbaijan soldiers killed (2020)"
    )
    target["note"] = "known: the two Azerbaijani totals differ"
    kept = next(e for e in data["findings"] if e is not target)
    kept["note"] = "reviewed"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    add_new_source(repo)
    result = run_cli("baseline", "write", repo / "claims")
    assert "2 new" in result.stderr and "1 no longer matching kept" in result.stderr
    after = json.loads(path.read_text(encoding="utf-8"))
    by_fp = {e["fingerprint"]: e for e in after["findings"]}
    assert by_fp[target["fingerprint"]]["note"] == target["note"]  # stale, but kept
    assert by_fp[kept["fingerprint"]]["note"] == "reviewed"
    assert by_fp[kept["fingerprint"]]["recorded"] == kept["recorded"]
    check_json(repo, exit_code=0)

    result = run_cli("baseline", "write", repo / "claims", "--prune")
    assert f"dropped {target['id']} CC101 azerbaijan soldiers killed (2020)" in result.stderr
    pruned = json.loads(path.read_text(encoding="utf-8"))
    assert target["fingerprint"] not in {e["fingerprint"] for e in pruned["findings"]}
    # Written atomically: no temporary file is left beside it.
    assert [p.name for p in repo.iterdir() if p.name.startswith(f"{BASELINE_FILE}.")] == []


def test_baseline_write_refuses_a_store_with_problems(repo: Path) -> None:
    document = repo / "claims" / f"{OLD_ID}.md"
    document.write_text(document.read_text(encoding="utf-8") + "An added line.\n", "utf-8")
    before = (repo / BASELINE_FILE).read_text(encoding="utf-8")
    result = run_cli("baseline", "write", repo / "claims", exit_code=1)
    assert "hash-mismatch" in result.stdout
    assert (repo / BASELINE_FILE).read_text(encoding="utf-8") == before
    # ... and check fails on the problem itself, not on findings.
    payload = check_json(repo, exit_code=1)
    assert payload["check"]["problems"][0]["code"] == "hash-mismatch"
    assert payload["check"]["counts"]["failing"] == 0


def test_broken_baseline_exits_2(repo: Path) -> None:
    (repo / BASELINE_FILE).write_text("{not json", encoding="utf-8")
    result = run_cli("check", repo / "claims", exit_code=2)
    assert BASELINE_FILE in result.stderr


# --------------------------------------------------------------------------- only what changed

FLOOD_REPORT = """---
title: Harlow flood toll rises
publisher: Wire
published: 2024-03-{day:02d}
kind: news
---
HARLOW, March {day} (Wire) - {dead} people died after the Vale river burst its banks in \
Harlow, the regional emergency service said on Saturday.

Some 1,200 homes in Harlow were without power after the Vale river flood, the utility said.
"""


def flood_report(folder: Path, number: int, dead: int) -> Path:
    path = folder / f"harlow-flood-{number}.md"
    path.write_text(FLOOD_REPORT.format(day=number + 1, dead=dead), encoding="utf-8")
    return path


@pytest.fixture
def flood_repo(template: Path, tmp_path: Path) -> Path:
    """The template with two reports of a flood, an event of its own, in the baseline."""
    target = tmp_path / "repo"
    shutil.copytree(template, target, symlinks=True)
    reports = [flood_report(tmp_path, 1, 9), flood_report(tmp_path, 2, 12)]
    run_cli("extract", *reports, "--store", target / "claims")
    run_cli("baseline", "write", target / "claims")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "flood reports")
    return target


def test_a_check_reading_only_the_changed_events_decides_as_one_reading_everything(
    flood_repo: Path, tmp_path: Path
) -> None:
    from claimcheck.checking import CheckOptions, run_check
    from claimcheck.config import load_config

    store = flood_repo / "claims"
    run_cli("check", store)  # the cache holds the grouping and every file's reading
    run_cli("extract", flood_report(tmp_path, 3, 15), "--store", store)
    config = load_config(None, store=store)
    without_state = json.loads((flood_repo / BASELINE_FILE).read_text(encoding="utf-8"))
    del without_state["state"]
    full_baseline = tmp_path / "full-baseline.json"
    full_baseline.write_text(json.dumps(without_state), encoding="utf-8")

    def verdicts(options: CheckOptions) -> tuple[list[tuple], list[str], list[str]]:
        result = run_check(store, config, options)
        checked = sorted(
            (
                c.finding.id,
                c.fingerprint,
                c.state.value,
                c.fails,
                c.primary_claim,
                c.extends,
                c.added_claims,
            )
            for c in result.checked
        )
        return checked, result.summary_lines(), [e.id for e in result.stale_baseline]

    part = run_check(store, config, CheckOptions(complete=False))
    assert part.compared_events is not None and len(part.compared_events) < part.total_events
    assert part.report.totals is not None and len(part.report.claims) < part.report.totals[1]
    assert verdicts(CheckOptions(complete=False)) == verdicts(CheckOptions(complete=True))
    # Everything compared (a baseline without the store's state): the same verdicts.
    full = verdicts(CheckOptions(complete=True, baseline=full_baseline))
    assert full[0] == verdicts(CheckOptions(complete=False))[0]
    (new,) = part.new
    assert new.extends and new.added_claims
    assert all(claim.startswith("c-") for claim in new.added_claims)

    text = run_cli("check", store, exit_code=1).stdout
    payload = check_json(flood_repo, exit_code=1)
    summary = payload["summary"]
    assert (
        f"{summary['sources']} sources in {summary['events']} events, "
        f"{summary['claims']} claims" in text
    )
    assert new.finding.id in text
