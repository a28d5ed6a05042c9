"""Front matter as people write it (cases in tests/cases/front_matter), kept by a store,
and never a crash: whatever the front matter, the reader gives a document or an
InputError."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError
from claimcheck.model import Source, body_sha256
from claimcheck.sources import Document, parse_date_text, read_document
from claimcheck.store import Store
from tests.conftest import load_cases, read_or_input_error, run_cli

CASES = load_cases("front_matter")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for fixture, file in (
        ("key_case", "keys"),
        ("date_case", "dates"),
        ("error_case", "errors"),
        ("fence_case", "fences"),
    ):
        if fixture in metafunc.fixturenames:
            cases = [(i, c) for i, c in CASES if i.startswith(f"{file}:")]
            metafunc.parametrize(fixture, [c for _, c in cases], ids=[i for i, _ in cases])


def _write(folder: Path, text: str, name: str = "report.md") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _dumped(source: Source) -> dict:
    return source.model_dump(mode="json")


def test_front_matter_key(key_case: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, f"---\n{key_case['front_matter']}---\nAbout 12 people died.\n")
    document = read_document(path)
    fields = _dumped(document.source)
    for name, expected in (key_case.get("source") or {}).items():
        assert fields[name] == expected, name
    assert fields["metadata"] == key_case.get("metadata", {})
    warned = [w.message.split("'")[1] for w in document.warnings]
    assert warned == [str(key) for key in key_case.get("warnings", [])]
    lines = path.read_text(encoding="utf-8").split("\n")
    for warning in document.warnings:
        assert warning.path == str(path)
        key = warning.message.split("'")[1]
        assert lines[warning.line - 1].startswith(f"{key}:")
        assert str(warning).startswith(f"{path}:{warning.line}: warning: ")


def test_date_forms(date_case: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, f"---\ndate: {date_case['value']}\n---\nBody.\n")
    published = read_document(path).source.published
    expected = date_case["date"]
    assert published == (dt.date.fromisoformat(expected) if expected else None)


def test_bad_front_matter_names_file_and_line(error_case: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, error_case["text"])
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert error_case["message"] in caught.value.message
    assert (caught.value.path, caught.value.line) == (str(path), error_case["line"])


@given(day=st.dates(min_value=dt.date(1000, 1, 1)), hour=st.integers(0, 23))
def test_every_written_form_of_a_date_reads_back_as_that_date(day: dt.date, hour: int) -> None:
    month = day.strftime("%B")
    forms = [
        day.isoformat(),
        f"{day.isoformat()}T{hour:02d}:30:00-11:00",
        f"{day.isoformat()} {hour:02d}:30",
        f"{month} {day.day}, {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.strftime('%a')}, {day.day:02d} {month[:3]} {day.year} {hour:02d}:30:00 GMT",
        f"{day.year}/{day.month}/{day.day}",
    ]
    for form in forms:
        assert parse_date_text(form) == day, form


def test_front_matter_fences(fence_case: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, fence_case["text"])
    document = read_document(path)
    fields = _dumped(document.source)
    for name, expected in (fence_case.get("source") or {}).items():
        assert fields[name] == expected, name
    assert fields["metadata"] == fence_case.get("metadata", {})
    warned = [w.message.split("'")[1] for w in document.warnings]
    assert warned == fence_case.get("warnings", [])
    lines = fence_case["text"].splitlines()
    for warning in document.warnings:  # each names the line its key is on
        key = warning.message.split("'")[1]
        assert key in lines[warning.line - 1], warning
    assert document.body == fence_case["body"]
    assert fence_case["text"].endswith(document.body)
    assert document.line_col(0)[0] == fence_case["body_line"]
    # Through the store: the body stays byte for byte, the fields as read.
    store = Store.open(_store(tmp_path))
    store.add_source(document)
    again = store.document(document.source.id)
    assert again.body == document.body
    assert again.source == document.source.model_copy(update={"sha256": body_sha256(again.body)})


def test_toml_front_matter_nested_thousands_deep_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "+++\na = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody.\n")
    with pytest.raises(InputError, match="nested too deeply"):
        read_document(path)


#: A file from Windows whose front matter used to be read as body text: its title was
#: lost and its publication date became a claim.
WINDOWS = "---\r\ntitle: Floods\r\npublished: 2024-08-12\r\n---\r\nFloods killed 12 people.\r\n"
HUGO = '+++\ntitle = "Floods"\ndate = 2024-08-12\n+++\nFloods killed 12 people.\n'


@pytest.mark.parametrize("text", [WINDOWS, HUGO], ids=["crlf-yaml", "toml"])
def test_front_matter_is_never_a_claim_and_claims_quote_the_body(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text, "floods.md")
    report = json.loads(run_cli("scan", path, "--format", "json").stdout)
    (source,) = report["sources"]
    assert (source["title"], source["published"]) == ("Floods", "2024-08-12")
    body = read_document(path).body
    assert [c["value"]["text"] for c in report["claims"]] == ["12"]
    for claim in report["claims"]:
        start, end = claim["span"]
        assert body[start:end] == claim["quote"]
    store = _store(tmp_path)
    run_cli("extract", path, "--store", store)
    run_cli("validate", store)
    (claim,) = Store.open(store).claims("floods")
    assert Store.open(store).document("floods").body[slice(*claim.span)] == claim.quote


def test_a_date_in_the_front_matter_wins_over_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\ndate: 2021-03-04\n---\nBody.\n", "wire_2021-03-02_floods.md")
    assert read_document(path).source.published == dt.date(2021, 3, 4)


# --------------------------------------------------------------------------- the store

AUTHORED = """\
# Exported from the newsroom CMS
title: Floods kill at least 12   # headline as published
date: 2021-03-02T14:30:00-05:00
author:
  - Jane Doe
  - John Roe
source: Example Wire
url: https://example.org/floods
tags: floods, weather
language: en
layout: post
params:
  draft: false
  related: [fires, storms]
summary:
"""
BODY = "RIVERTON, March 2 (Wire) - Floodwaters killed at least 12 people, officials said.\n"


def test_a_store_writes_back_every_key_an_author_wrote(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, f"---\n{AUTHORED}---\n{BODY}", "floods.md"))
    store = Store.open(_store(tmp_path))
    stored = store.add_source(document).read_text(encoding="utf-8")
    assert stored.startswith("---\n# Exported from the newsroom CMS\nid: floods\n")
    # Every line the author wrote is still there, as written.
    for line in AUTHORED.splitlines():
        assert line.strip() in stored, line
    again = store.document("floods")
    assert again.source == document.source
    assert again.body == BODY
    # Writing it again changes nothing.
    assert store.add_source(again).read_text(encoding="utf-8") == stored


def test_a_store_rewrites_only_what_changed(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, f"---\n{AUTHORED}---\n{BODY}", "floods.md"))
    changed = document.source.model_copy(update={"publisher": "Other Wire"})
    store = Store.open(_store(tmp_path))
    stored = store.add_source(
        Document(
            source=changed,
            body=BODY,
            path=document.path,
            front_matter=document.front_matter,
        )
    ).read_text(encoding="utf-8")
    assert "source: Other Wire\n" in stored
    assert "date: 2021-03-02T14:30:00-05:00\n" in stored
    assert store.document("floods").source == changed


def test_a_document_made_in_code_keeps_its_metadata_in_the_store(tmp_path: Path) -> None:
    source = Source(
        id="made",
        author=["Jane Doe"],
        tags=["floods"],
        language="en",
        metadata={"layout": "post", "weight": 3, "draft": None},
    )
    store = Store.open(_store(tmp_path))
    store.add_source(Document(source=source, body=BODY, path=Path("made.md")))
    assert store.document("made").source == source.model_copy(
        update={"sha256": store.document("made").source.sha256}
    )


def _store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    return root


# --------------------------------------------------------------------------- batches

GOOD = (
    "---\ndate: 2021-03-02\nauthor: Jane Doe\nlayout: post\n---\nOfficials said 12 people died.\n"
)


def _batch(tmp_path: Path) -> tuple[Path, Path, Path]:
    good = _write(tmp_path, GOOD, "good.md")
    bad = _write(
        tmp_path, "---\ntitle: Floods\ndate: next week\n---\nOfficials said 9 died.\n", "bad.md"
    )
    other = _write(tmp_path, "Police said 40 people were arrested.\n", "other.txt")
    return good, bad, other


@pytest.mark.parametrize("output_format", ["json", "sarif", "text"])
def test_scan_reports_the_good_documents_of_a_batch_and_exits_2(
    tmp_path: Path, output_format: str
) -> None:
    good, bad, other = _batch(tmp_path)
    result = run_cli("scan", good, bad, other, "--format", output_format, exit_code=2)
    assert f"{bad}:3: front matter field date: 'next week' is not a date" in result.stderr
    assert f"{good}:4: warning: front matter key 'layout'" in result.stderr
    assert "1 of 3 file(s) could not be read" in result.stderr
    assert str(bad) not in result.stdout
    if output_format == "json":
        report = json.loads(result.stdout)  # stdout is the payload and nothing else
        assert [s["id"] for s in report["sources"]] == ["good", "other"]
        assert {c["value"]["text"] for c in report["claims"]} >= {"12", "40"}
        assert report["sources"][0]["author"] == ["Jane Doe"]
    elif output_format == "sarif":
        json.loads(result.stdout)
    else:
        assert "2 sources" in result.stdout


def test_scan_writes_the_report_file_before_exiting_2(tmp_path: Path) -> None:
    good, bad, other = _batch(tmp_path)
    out = tmp_path / "report.json"
    result = run_cli("scan", good, bad, other, "--format", "json", "-o", out, exit_code=2)
    assert result.stdout == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["sources"]) == 2
    assert str(bad) in result.stderr


def test_scan_warns_once_per_unused_key_on_stderr(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\nlayout: post\nslug: floods\n---\nOfficials said 12 died.\n")
    result = run_cli("scan", path, "--format", "json")
    json.loads(result.stdout)
    assert result.stderr.count("warning:") == 2
    assert f"{path}:2: warning: front matter key 'layout'" in result.stderr
    assert f"{path}:3: warning: front matter key 'slug'" in result.stderr


def test_extract_stores_the_good_documents_of_a_batch_and_exits_2(tmp_path: Path) -> None:
    good, bad, other = _batch(tmp_path)
    store = _store(tmp_path)
    result = run_cli("extract", good, bad, other, "--store", store, exit_code=2)
    assert f"{bad}:3: front matter field date" in result.stderr
    assert f"{good}:4: warning: front matter key 'layout'" in result.stderr
    assert "1 of 3 file(s) could not be read" in result.stderr
    assert sorted(Store.open(store).source_ids()) == ["good", "other"]
    assert "layout: post\n" in Store.open(store).document_path("good").read_text("utf-8")
    assert Store.open(store).claims("good")
    run_cli("validate", store)


# --------------------------------------------------------------------------- never a crash

KEYS = st.sampled_from(
    [
        "date",
        "published",
        "title",
        "author",
        "authors",
        "source",
        "publisher",
        "url",
        "tags",
        "language",
        "kind",
        "perspective",
        "notes",
        "sha256",
        "id",
        "layout",
        "2021",
        "null",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2021-02-30",
            "March 2, 2021",
            "03/02/2021",
            "[",
            "{a: 1",
            "!foo x",
            "&a [*a]",
            "'",
            '"',
            "|",
            ">",
            "- a",
            ": ",
            "\t",
            "---",
            "...",
            "~",
            "0x1F",
            ".inf",
            "2021-13-01",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


def _yaml_scalar(value: object) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.text(max_size=200)
    | st.text(alphabet="-:[]{}&*!|>'\"#%@`?,.<~\n \tadt1209", max_size=120)
    | st.lists(
        st.sampled_from(
            [
                "date: ",
                "&a ",
                "*a",
                "<<: ",
                "? ",
                "- ",
                "[",
                "]",
                "{",
                "}",
                "!!binary ",
                "!!set ",
                "!!timestamp ",
                "2021-02-30",
                "2021-03-02T25:00",
                "\n",
                "  ",
                "x: ",
                "'",
                ": ",
            ]
        ),
        max_size=30,
    ).map("".join)
    | st.text(alphabet="=[]{}\"'#.,:-+\n \tadt1209TZ", max_size=120),  # TOML-ish
    fence=st.sampled_from(["---", "+++"]),
    end=st.sampled_from(["\n", "\r\n"]),
)
def test_arbitrary_front_matter_text_never_crashes_the_reader(
    tmp_path: Path, header: str, fence: str, end: str
) -> None:
    read_or_input_error(
        tmp_path / "fuzz.md", f"{fence}{end}{header}{end}{fence}{end}Officials said 12 died.\n"
    )


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=st.dictionaries(KEYS, VALUES, max_size=6), raw=st.booleans())
@example(fields={"id": "2000-01-01"}, raw=False)  # a store file named by a date-like id
def test_arbitrary_front_matter_fields_never_crash_the_reader_or_the_store(
    tmp_path: Path, fields: dict, raw: bool
) -> None:
    if raw:  # values spliced in as YAML text, as a person might type them
        header = "".join(f"{key}: {_yaml_scalar(value)}\n" for key, value in fields.items())
    else:
        header = json.dumps(fields) + "\n"  # JSON is YAML
    document = read_or_input_error(tmp_path / "fuzz.md", f"---\n{header}---\nBody.\n")
    if document is None:
        return
    json.dumps(document.source.model_dump(mode="json"))
    root = tmp_path / "store"
    root.mkdir(exist_ok=True)
    store = Store.open(root)
    if store.document_path(document.source.id).exists():
        store.document_path(document.source.id).unlink()
    store.add_source(document)
    hashed = document.source.model_copy(update={"sha256": body_sha256(document.body)})
    assert store.document(document.source.id).source == hashed
