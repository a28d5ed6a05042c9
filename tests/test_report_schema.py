"""The JSON report has a published JSON Schema (docs/report.schema.json), kept current."""

from __future__ import annotations

import json
import os

import jsonschema

from claimcheck.reports.json_format import json_schema
from tests.conftest import ROOT, TESTS, run_cli

SCHEMA_FILE = ROOT / "docs" / "report.schema.json"


def test_published_schema_is_current() -> None:
    generated = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN"):
        SCHEMA_FILE.write_text(generated, encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated


def test_scan_output_validates_against_the_schema() -> None:
    corpus = TESTS / "data" / "corpus"
    result = run_cli(
        "scan",
        *sorted(corpus.glob("*.md")),
        "--format",
        "json",
        "--config",
        corpus / "claimcheck.toml",
    )
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.stdout), schema)


def test_schema_rejects_a_report_without_claims() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"schema": "claimcheck-report", "schema_version": 1})
