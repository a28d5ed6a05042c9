"""Markdown (pipe) tables: rows, cells and headers as exact body offsets.

A table is a header row, a separator row of dashes, then body rows. Text converted from
web pages often runs the header row into the preceding paragraph ("... munitions.[37]|
Category | ..."), so a header row starts at the first ``|`` of its line, not at the line
start. Each cell figure becomes a claim whose subject comes from the row label (first
cell) and the column header, with the row as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_SEPARATOR = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Row:
    """One body row: its span (first to last pipe) and each cell's trimmed span."""

    span: tuple[int, int]
    cells: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table: where it starts and ends, its column headers and its rows."""

    start: int
    end: int
    headers: list[str]
    rows: list[Row]


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Trimmed cell spans between pipes of the row ``text[start:end]``."""
    cells: list[tuple[int, int]] = []
    pipes = [i for i in range(start, end) if text[i] == "|"]
    if text[start] != "|":
        pipes.insert(0, start - 1)
    if text[end - 1] != "|":
        pipes.append(end)
    for left, right in pairwise(pipes):
        a, b = left + 1, right
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        cells.append((a, b))
    return cells


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            spans.append((start, len(text)))
            break
        spans.append((start, end))
        start = end + 1
    return spans


def find_tables(text: str) -> list[Table]:
    """Every pipe table in ``text``, in order."""
    if "|" not in text:
        return []
    lines = _line_spans(text)
    tables: list[Table] = []
    index = 1
    while index < len(lines):
        sep_start, sep_end = lines[index]
        head_start, head_end = lines[index - 1]
        if "-" in text[sep_start:sep_end] and _SEPARATOR.match(text, sep_start, sep_end):
            pipe = text.find("|", head_start, head_end)
            if pipe != -1:
                header_end = head_end
                while header_end > pipe and text[header_end - 1].isspace():
                    header_end -= 1
                headers = [text[a:b] for a, b in _cells(text, pipe, header_end)]
                rows: list[Row] = []
                cursor = index + 1
                while cursor < len(lines):
                    row_start, row_end = lines[cursor]
                    stripped_start = row_start
                    while stripped_start < row_end and text[stripped_start] in " \t":
                        stripped_start += 1
                    if stripped_start >= row_end or text[stripped_start] != "|":
                        break
                    last = text.rfind("|", stripped_start, row_end)
                    span_end = last + 1 if last > stripped_start else row_end
                    rows.append(
                        Row((stripped_start, span_end), _cells(text, stripped_start, span_end))
                    )
                    cursor += 1
                end = lines[cursor - 1][1]
                tables.append(Table(start=pipe, end=end, headers=headers, rows=rows))
                index = cursor + 1
                continue
        index += 1
    return tables
