"""Pipe tables, including a header row run into the paragraph before it."""

from __future__ import annotations

from claimcheck.extraction.tables import find_tables

TEXT = (
    "Turnout fell in every region, the commission said.[4]"
    "| Region | Turnout 2019 | Turnout 2024 |\n"
    "|---|---|---|\n"
    "| North | 61.2% | 54.0% |\n"
    "| South | 58% | 49.5% |\n"
    "Analysts blamed the weather.\n"
)


def test_header_run_into_paragraph_starts_at_first_pipe() -> None:
    (table,) = find_tables(TEXT)
    assert TEXT[table.start : table.start + 8] == "| Region"
    assert table.headers == ["Region", "Turnout 2019", "Turnout 2024"]


def test_rows_and_cells_are_exact_offsets() -> None:
    (table,) = find_tables(TEXT)
    assert [TEXT[a:b] for a, b in (row.span for row in table.rows)] == [
        "| North | 61.2% | 54.0% |",
        "| South | 58% | 49.5% |",
    ]
    assert [TEXT[a:b] for a, b in table.rows[1].cells] == ["South", "58%", "49.5%"]
    assert TEXT[table.end - 1] == "|"


def test_text_without_separator_row_is_not_a_table() -> None:
    assert find_tables("Options: red | green | blue\nNothing else.") == []
