"""Shared test helpers: the CLI runner, short documents extracted, and YAML case expansion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from claimcheck.errors import InputError
from claimcheck.sources import Document, read_document

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"


# Property tests run on machines shared with other work: a slow example is the machine's
# doing, not the test's, so neither a deadline nor the too-slow health check applies.
settings.register_profile("claimcheck", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("claimcheck")


@dataclass
class CliResult:
    """What a CLI run printed, with stdout and stderr kept apart."""

    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, exit_code: int = 0, stdin: str | None = None) -> CliResult:
    """Run ``claimcheck ARGS`` in-process and assert its exit code.

    stdout and stderr are captured apart, so tests can check that machine formats
    write only their payload to stdout.
    """
    from claimcheck.cli import app  # imported here: the whole pipeline loads with it

    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
    captured = CliResult(result.exit_code, result.stdout, result.stderr)
    assert result.exit_code == exit_code, (
        f"claimcheck {' '.join(map(str, args))} exited {result.exit_code}, expected {exit_code}\n"
        f"--- stdout ---\n{captured.stdout}\n--- stderr ---\n{captured.stderr}"
    )
    return captured


def claims_of(config, *texts: str, published: str = "2024-08-13") -> list:
    """Claims of short documents, one per text, as a scan extracts them."""
    import datetime as dt

    from claimcheck.extraction.pipeline import Extractor
    from claimcheck.model import Source
    from claimcheck.sources import Document

    extractor = Extractor(config)
    date = dt.date.fromisoformat(published)
    claims = []
    for index, text in enumerate(texts):
        source = Source(id=f"doc{index}", published=date)
        claims.extend(extractor.extract(Document(source=source, body=text, path=Path("d.txt"))))
    return claims


def read_or_input_error(path: Path, text: str) -> Document | None:
    """``text`` written to ``path`` (lone surrogates kept, as a fuzzer makes them) and read
    as a document; None when it is refused, which must be an :class:`InputError` naming
    that file and, if any, a line from 1."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        return read_document(path)
    except InputError as error:
        assert error.path == str(path)
        assert error.line is None or error.line >= 1
        return None


def load_cases(folder: str) -> list[tuple[str, dict]]:
    """(id, case) pairs from every YAML file in tests/cases/<folder>/."""
    cases: list[tuple[str, dict]] = []
    for path in sorted((TESTS / "cases" / folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data.get("cases", [])):
            name = case.get("name") or f"{index}"
            cases.append((f"{path.stem}:{name}", case))
    return cases


@pytest.fixture
def shared_dir() -> Path:
    """The shared folder beside the checkout (seed documents, gold, scorers)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
