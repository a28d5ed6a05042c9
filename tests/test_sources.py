"""Reading documents: exact bodies, ids from file names, dates from file names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimcheck.sources import read_document, split_front_matter


def test_front_matter_split_keeps_the_body_exactly() -> None:
    text = "---\ntitle: Floods\n---\n  Indented first line.\n\nSecond.\n"
    header, body, lines_before = split_front_matter(text)
    assert header == "title: Floods\n"
    assert body == "  Indented first line.\n\nSecond.\n"
    assert lines_before == 3


def test_source_id_is_the_file_stem_as_written(tmp_path: Path) -> None:
    path = tmp_path / "ap_2016-09-21_only-percent-of-voters-.txt"
    path.write_text("Turnout was 48 percent.\n", encoding="utf-8")
    assert read_document(path).source.id == "ap_2016-09-21_only-percent-of-voters-"


def test_publication_date_from_the_file_name_when_front_matter_has_none(tmp_path: Path) -> None:
    path = tmp_path / "wire_2016-09-21_storm.txt"
    path.write_text("The storm hit on Tuesday.\n", encoding="utf-8")
    assert read_document(path).source.published == dt.date(2016, 9, 21)
    dated = tmp_path / "wire_2016-09-21_update.md"
    dated.write_text("---\npublished: 2016-09-23\n---\nUpdate.\n", encoding="utf-8")
    assert read_document(dated).source.published == dt.date(2016, 9, 23)


def test_body_offsets_map_to_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "statement.md"
    path.write_text("---\nkind: statement\n---\nFirst line.\nSecond line has 12 cases.\n", "utf-8")
    document = read_document(path)
    offset = document.body.index("12")
    assert document.line_col(offset) == (5, 17)


def test_publication_date_from_a_dateline_on_the_first_line(tmp_path: Path) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text("WASHINGTON, Sept. 12, 2016 (AP) — Officials said on Monday ...\n", "utf-8")
    assert read_document(wire).source.published == dt.date(2016, 9, 12)
    stamped = tmp_path / "stamped.txt"
    stamped.write_text(" date 2022-09-14 Caption of a photo\n\nStory text.\n", "utf-8")
    assert read_document(stamped).source.published == dt.date(2022, 9, 14)
    story = tmp_path / "story.txt"
    story.write_text("The war\nIt began on 27 September 2020.\n", "utf-8")
    assert read_document(story).source.published is None
