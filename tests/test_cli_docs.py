"""Every command is documented, and its help ends with an example (as sqlite-utils does)."""

from __future__ import annotations

import pytest
import typer.main

from claimcheck.cli import app
from tests.conftest import ROOT, run_cli

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"scan", "extract", "validate", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_a_docs_page(command: str) -> None:
    page = ROOT / "docs" / "commands" / f"{command}.md"
    assert page.is_file(), f"docs/commands/{command}.md is missing"
    assert f"claimcheck {command}" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    options_at = next(i for i, line in enumerate(lines) if line.strip().startswith("Options"))
    description = lines[:options_at]
    example_at = max(i for i, line in enumerate(description) if "Example" in line)
    assert any(f"claimcheck {command}" in line for line in description[example_at:])
