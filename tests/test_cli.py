"""The command line as a user meets it: exit codes, stdout/stderr, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TESTS, run_cli

CORPUS = TESTS / "data" / "corpus"
CORPUS_CONFIG = CORPUS / "claimcheck.toml"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the shipped example store."""
    target = tmp_path / "claims"
    shutil.copytree(ROOT / "claims", target)
    return target


def test_scan_json_writes_only_the_payload_to_stdout() -> None:
    result = run_cli(
        "scan", *sorted(CORPUS.glob("*.md")), "--format", "json", "--config", CORPUS_CONFIG
    )
    report = json.loads(result.stdout)
    assert report["schema"] == "claimcheck-report"
    assert {s["id"] for s in report["sources"]} == {"border-clash-day1", "border-clash-day3"}
    assert result.stderr == ""


def test_scan_reads_plain_text_without_front_matter(tmp_path: Path) -> None:
    doc = tmp_path / "flood-bulletin.txt"
    doc.write_text(
        "At least 31 people died in the floods, the regional government said on Monday.\n",
        encoding="utf-8",
    )
    report = json.loads(run_cli("scan", doc, "--format", "json").stdout)
    (claim,) = [c for c in report["claims"] if c["value"]["kind"] == "number"]
    assert claim["source"] == "flood-bulletin"
    assert claim["quote"] == doc.read_text(encoding="utf-8")[claim["span"][0] : claim["span"][1]]
    assert claim["value"]["qualifier"] == "at-least"
    assert claim["attribution"]["speaker"] == "the regional government"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Turnout was 61\xe9 percent.\n", "not valid UTF-8"),
        (b"---\ntitle: [unclosed\n---\nText.\n", "malformed front matter"),
        (b"---\ntitle: A report\nText without a closing fence.\n", "never closed"),
        (b"---\nid: ../escape\n---\nText.\n", "unsafe source id"),
        (b"---\ndate: next week\n---\nText.\n", "front matter field date"),
    ],
)
def test_bad_documents_exit_2_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad-input.txt"
    bad.write_bytes(content)
    result = run_cli("scan", bad, exit_code=2)
    assert str(bad) in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_empty_file_and_file_without_figures_give_empty_reports(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("The talks ended without agreement, officials said.\n", encoding="utf-8")
    report = json.loads(run_cli("scan", empty, plain, "--format", "json").stdout)
    assert report["claims"] == []
    assert report["conflicts"] == [] and report["one_sided"] == []


def test_very_long_line_is_read(tmp_path: Path) -> None:
    line = " ".join(["The committee met again without a decision."] * 300)
    doc = tmp_path / "long.txt"
    doc.write_text(line + " Police said 12 people were arrested.\n", encoding="utf-8")
    report = json.loads(run_cli("scan", doc, "--format", "json").stdout)
    assert [c["value"]["text"] for c in report["claims"]] == ["12"]


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "claimcheck.toml"
    config.write_text("max_document_bytes = 1000\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Officials said 5 people were hurt. " * 100, encoding="utf-8")
    result = run_cli("scan", big, "--config", config, exit_code=2)
    assert "over the limit" in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli("scan", tmp_path / "nowhere.txt", exit_code=2)
    assert "nowhere.txt" in result.stderr


def test_duplicate_source_ids_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "report.txt").write_text("Officials said 3 died.\n", encoding="utf-8")
    result = run_cli(
        "scan", tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt", exit_code=2
    )
    assert "also used by" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    run_cli("scan", CORPUS / "border-clash-day1.md", "--format", "yaml", exit_code=2)


def test_validate_shipped_store_is_clean() -> None:
    result = run_cli("validate", ROOT / "claims")
    assert result.stdout == ""
    assert "no problems" in result.stderr


def _claims_file(store: Path) -> Path:
    return store / "000_35944713e1ec0cda.claims.yaml"


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_validate_finds_a_corrupted_quote_with_file_and_line(store: Path) -> None:
    claims = _claims_file(store)
    text = claims.read_text(encoding="utf-8")
    text = text.replace(
        "49 Armenian soldiers were killed in the clash",
        "48 Armenian soldiers were killed in the clash",
        1,
    )
    claims.write_text(text, encoding="utf-8")
    line = _line_of(claims, "48 Armenian soldiers were killed in the clash")
    result = run_cli("validate", store, exit_code=1)
    assert any(
        out.startswith(f"{claims}:") and "quote-mismatch" in out
        for out in result.stdout.splitlines()
    ), result.stdout
    reported = next(o for o in result.stdout.splitlines() if "quote-mismatch" in o)
    assert abs(int(reported.split(":")[1]) - line) <= 3


def test_validate_finds_a_shifted_span(store: Path) -> None:
    claims = _claims_file(store)
    text = claims.read_text(encoding="utf-8")
    first_span = next(line for line in text.splitlines() if line.strip().startswith("span: ["))
    start, end = (int(x) for x in first_span.split("[")[1].rstrip("]").split(","))
    text = text.replace(
        first_span, first_span.replace(f"[{start}, {end}]", f"[{start + 1}, {end + 1}]"), 1
    )
    claims.write_text(text, encoding="utf-8")
    result = run_cli("validate", store, exit_code=1)
    assert str(claims) in result.stdout


def test_validate_finds_an_edited_body(store: Path) -> None:
    document = store / "001_5858b1198b405661.md"
    document.write_text(
        document.read_text(encoding="utf-8").replace("Thursday", "Friday", 1), encoding="utf-8"
    )
    result = run_cli("validate", store, exit_code=1)
    assert "hash-mismatch" in result.stdout
    assert str(document) in result.stdout


def test_validate_exits_2_on_malformed_yaml_with_the_line(store: Path) -> None:
    claims = _claims_file(store)
    lines = claims.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10] + " : ["
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("validate", store, exit_code=2)
    assert f"{claims}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_missing_store_exits_2(tmp_path: Path) -> None:
    run_cli("validate", tmp_path / "no-store", exit_code=2)


def test_report_on_the_shipped_store_shows_findings() -> None:
    result = run_cli("report", ROOT / "claims")
    assert "disagreements" in result.stdout
    assert "Russian peacekeepers" in result.stdout or "russia peacekeepers" in result.stdout


def test_report_filters_by_severity_and_source() -> None:
    full = json.loads(run_cli("report", ROOT / "claims", "--format", "json").stdout)
    major = json.loads(
        run_cli("report", ROOT / "claims", "--format", "json", "--min-severity", "major").stdout
    )
    assert all(f["severity"] == "major" for f in major["conflicts"] + major["one_sided"])
    assert len(major["conflicts"]) < len(full["conflicts"])
    only = json.loads(
        run_cli(
            "report", ROOT / "claims", "--format", "json", "--source", "000_35944713e1ec0cda"
        ).stdout
    )
    claims = {c["id"]: c for c in only["claims"]}
    for finding in only["conflicts"] + only["one_sided"]:
        assert any(claims[c]["source"] == "000_35944713e1ec0cda" for c in finding["claims"])


def test_extract_then_reextract_keeps_a_review(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    shutil.copy(CORPUS_CONFIG, store / "claimcheck.toml")
    source = CORPUS / "border-clash-day1.md"
    run_cli("extract", source, "--store", store)
    claims_file = store / "border-clash-day1.claims.yaml"
    text = claims_file.read_text(encoding="utf-8")
    assert "status: unreviewed" in text
    # An editor confirms the first claim by hand and leaves a comment.
    text = text.replace(
        "status: unreviewed", "status: confirmed  # checked against the wire copy", 1
    )
    claims_file.write_text(text, encoding="utf-8")
    result = run_cli("extract", source, "--store", store)
    assert "reviewed kept" in result.stderr
    after = claims_file.read_text(encoding="utf-8")
    assert "status: confirmed  # checked against the wire copy" in after
    run_cli("validate", store)


def test_run_on_text_without_sentence_ends_gives_bounded_exact_evidence(tmp_path: Path) -> None:
    run_on = "the 3,000-4,000 troops—about 5 to 10 percent—were moved on Oct. 5, 6, and 7 " * 400
    doc = tmp_path / "run-on.txt"
    doc.write_text(run_on, encoding="utf-8")
    report = json.loads(run_cli("scan", doc, "--format", "json").stdout)
    assert report["claims"]
    for claim in report["claims"]:
        assert run_on[claim["span"][0] : claim["span"][1]] == claim["quote"]
        assert len(claim["quote"]) <= 1000


def test_a_50_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk and no memory
    result = run_cli("scan", big, exit_code=2)
    assert "over the limit" in result.stderr and str(big) in result.stderr


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        # The second [[parties]] table has an unknown kind on its fourth line.
        (
            "claimcheck.toml",
            '[[parties]]\nid = "a"\nname = "A"\n\n[[parties]]\nid = "b"\nname = "B"\n'
            'kind = "rebels"\n',
            8,
        ),
        # A tolerance out of range inside its own table.
        ("claimcheck.toml", "# tolerances\n[tolerances]\nmajor_gap = 7\n", 3),
        # A required key missing: the error points at the table that lacks it.
        ("claimcheck.toml", 'max_document_bytes = 10\n\n[[parties]]\nname = "A"\n', 3),
        # Inside pyproject.toml, only the [tool.claimcheck] table counts.
        ("pyproject.toml", "[tool.other]\nplaces = 1\n\n[tool.claimcheck]\nplaces = 3\n", 5),
    ],
)
def test_configuration_errors_name_the_line(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    doc = tmp_path / "report.txt"
    doc.write_text("Police said 12 people were arrested.\n", encoding="utf-8")
    result = run_cli("scan", doc, "--config", config, exit_code=2)
    assert f"{config}:{line}: invalid configuration" in result.stderr


def test_configuration_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    from claimcheck.config import find_config

    outside = tmp_path / "claimcheck.toml"
    outside.write_text('[[parties]]\nid = "x"\nname = "X"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    # Above the repository: not this project's settings.
    assert find_config(start=repo / "docs") is None
    # Inside it: found from any folder below.
    inside = repo / "claimcheck.toml"
    inside.write_text("", encoding="utf-8")
    assert find_config(start=repo / "docs") == inside
    # Outside any repository the search goes on up.
    (tmp_path / "loose").mkdir()
    assert find_config(start=tmp_path / "loose") == outside


# --------------------------------------------------------------------------- start-up

_IMPORTS_AFTER = """
import sys
sys.argv = ["claimcheck", *sys.argv[1:]]
from claimcheck.cli import main
try:
    main()
except SystemExit:
    pass
print(",".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["review", "--help"]])
def test_help_does_not_import_the_pipeline(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_AFTER, *args], capture_output=True, text=True, check=True
    )
    loaded = set(done.stderr.strip().splitlines()[-1].split(","))
    heavy = {"sklearn", "scipy", "claimcheck.analysis", "claimcheck.store", "ruamel.yaml"}
    assert not loaded & heavy


def test_the_cli_choices_are_the_library_values() -> None:
    from claimcheck import checking, findings, review
    from claimcheck.cli import _choices
    from claimcheck.reports import FORMATS

    assert [s.value for s in _choices.Severity] == [s.value for s in findings.Severity]
    assert [s.value for s in _choices.FailOn] == [s.value for s in checking.FailOn]
    assert [s.value for s in _choices.QueueFilter] == [s.value for s in review.QueueFilter]
    assert set(_choices.REPORT_FORMATS) == set(FORMATS)
    assert tuple(review.EDITABLE_FIELDS) == _choices.EDITABLE_FIELD_NAMES


def test_init_writes_the_configuration_file_name_by_default() -> None:
    from claimcheck.cli import init
    from claimcheck.config import CONFIG_FILE_NAME

    assert init.DEFAULT_OUTPUT == CONFIG_FILE_NAME


def test_ctrl_c_wrapped_by_a_library_exits_as_an_interruption(monkeypatch) -> None:
    """A SIGINT whose exit a library wrapped in its own error (pydantic building a
    validator during a lazy import) ends the command with 130, not as a crash."""
    import claimcheck.cli as cli

    def interrupted_inside_a_library(**_kwargs: object) -> None:
        try:
            raise SystemExit(130)
        except SystemExit as stop:
            raise RuntimeError("Error building validator") from stop

    monkeypatch.setattr(cli, "app", interrupted_inside_a_library)
    monkeypatch.setattr(cli.signal, "signal", lambda *_args: None)  # leave pytest's Ctrl-C
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 130
