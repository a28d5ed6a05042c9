"""Golden files: each output format on the test corpus, byte for byte (as vale does).

After an intended change to a format, regenerate with
``CLAIMCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import TESTS, run_cli

CORPUS = TESTS / "data" / "corpus"
GOLDEN = TESTS / "golden"
FORMATS = {"json": "corpus.json", "text": "corpus.txt", "markdown": "corpus.md"}


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_format_matches_golden_file(output_format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "110")
    monkeypatch.setenv("NO_COLOR", "1")
    documents = sorted(CORPUS.glob("*.md"))
    result = run_cli(
        "scan",
        *documents,
        "--format",
        output_format,
        "--config",
        CORPUS / "claimcheck.toml",
    )
    golden = GOLDEN / FORMATS[output_format]
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
