"""Events: articles grouped by the real-world event they report, figures compared inside one.

Test articles are written here in the style of wire copy; the ECB+ mixed feed (real news,
``../shared/ecb``) is scored with the shared scorers against ``tests/gold/ecb.yaml``.
"""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.analysis import scan
from claimcheck.config import Config
from claimcheck.events import find_events
from claimcheck.reports.json_format import payload
from claimcheck.sources import read_document
from tests.conftest import SHARED, TESTS, run_cli

QUAKE_A = (
    "A magnitude 6.1 earthquake struck the Aceh province of Indonesia on Tuesday, killing at "
    "least 22 people, the national disaster agency said. The quake was centred near Takengon "
    "in Central Aceh at a depth of 10 kilometres, the U.S. Geological Survey said.\n"
)
QUAKE_B = (
    "The death toll from Tuesday's earthquake in Aceh rose to 30 as rescuers searched for "
    "survivors in Central Aceh, officials said. The quake damaged homes in Takengon and "
    "Bener Meriah, the Indonesian disaster agency said.\n"
)
FLOOD_A = (
    "Floods in the Brazilian state of Rio Grande do Sul have killed 57 people, the state "
    "civil defence agency said on Sunday. Porto Alegre's airport was closed as the Guaiba "
    "river rose above its banks.\n"
)
FLOOD_B = (
    "At least 75 people have died in the floods in Rio Grande do Sul, Brazil's civil defence "
    "said, as the Guaiba river flooded parts of Porto Alegre.\n"
)


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(body, encoding="utf-8")
    return path


def documents(folder: Path, texts: dict[str, str]):
    return [read_document(write(folder, name, body), 10**7) for name, body in texts.items()]


def test_reports_of_one_event_are_grouped_and_other_events_apart(tmp_path: Path) -> None:
    docs = documents(
        tmp_path, {"quake-a": QUAKE_A, "quake-b": QUAKE_B, "flood-a": FLOOD_A, "flood-b": FLOOD_B}
    )
    index = find_events(docs)
    assert index.event_of["quake-a"] == index.event_of["quake-b"]
    assert index.event_of["flood-a"] == index.event_of["flood-b"]
    assert index.event_of["quake-a"] != index.event_of["flood-a"]
    quake = index.by_id()[index.event_of["quake-a"]]
    assert "Aceh" in quake.shared
    assert quake.sources == ["quake-a", "quake-b"]


def test_figures_of_two_events_are_never_one_disagreement(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, n, b)
        for n, b in {"quake-a": QUAKE_A, "quake-b": QUAKE_B, "flood-a": FLOOD_A}.items()
    ]
    report = scan(paths, Config())
    by_id = report.claim_by_id()
    for finding in report.findings:
        assert len({by_id[c].event_id for c in finding.claims}) == 1
        assert finding.event == by_id[finding.claims[0]].event_id
    assert all(c.event_id for c in report.claims)


def test_a_single_document_and_an_empty_one_each_make_an_event(tmp_path: Path) -> None:
    index = find_events(documents(tmp_path, {"one": QUAKE_A, "empty": ""}))
    assert len(index.events) == 2
    assert set(index.event_of) == {"one", "empty"}
    assert find_events([]).events == []


def test_thousands_of_copies_of_one_story_are_one_event(tmp_path: Path) -> None:
    texts = {f"copy-{i:04d}": QUAKE_A.replace("22", str(22 + i % 5)) for i in range(2500)}
    docs = [read_document(write(tmp_path, n, b), 10**7) for n, b in texts.items()]
    index = find_events(docs)
    assert len(index.events) == 1
    assert len(index.events[0].sources) == 2500


def test_editors_merge_and_split_are_kept_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "claims"
    store.mkdir()
    files = [write(tmp_path, n, b) for n, b in {"quake-a": QUAKE_A, "flood-a": FLOOD_A}.items()]
    run_cli("extract", *files, "--store", store)
    events = json.loads(run_cli("events", store, "--format", "json").stdout)
    assert len(events) == 2
    run_cli(
        "event",
        "merge",
        "quake-a",
        "flood-a",
        "--reason",
        "one storm",
        "--store",
        store,
        "--editor",
        "Ed",
    )
    merged = json.loads(run_cli("events", store, "--format", "json").stdout)
    assert [sorted(e["sources"]) for e in merged] == [["flood-a", "quake-a"]]
    run_cli(
        "event", "split", "flood-a", "--reason", "not the storm", "--store", store, "--editor", "Ed"
    )
    text = (store / "events.yaml").read_text(encoding="utf-8")
    assert "one storm" in text and "not the storm" in text  # both decisions kept
    assert len(json.loads(run_cli("events", store, "--format", "json").stdout)) == 2
    failed = run_cli(
        "event", "merge", "quake-a", "nowhere", "--reason", "x", "--store", store, exit_code=2
    )
    assert "nowhere" in failed.stderr


def _scorer(name: str):
    path = SHARED / "eval" / name
    if not path.is_file():
        pytest.skip(f"../shared/eval/{name} is not beside this checkout")
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py"), path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ecb_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = SHARED / "ecb" / "docs"
    if not docs.is_dir():
        pytest.skip("../shared/ecb is not beside this checkout")
    # As a new user runs it: no configuration, the shipped general knowledge only.
    report = scan(sorted(docs.glob("*.txt")), Config().with_general_knowledge())
    path = tmp_path_factory.mktemp("ecb") / "ecb.json"
    path.write_text(json.dumps(payload(report)), encoding="utf-8")
    return path


def test_mixed_feed_keeps_events_apart(ecb_report: Path) -> None:
    with redirect_stdout(io.StringIO()):
        out = _scorer("events_score.py").main(str(ecb_report))
    assert out["conflicts_mixing_events"] <= 1
    assert out["event_clusters"]["f1"] >= 0.90


def test_mixed_feed_gold(ecb_report: Path) -> None:
    with redirect_stdout(io.StringIO()):
        out = _scorer("score.py").main(
            [
                str(TESTS / "gold" / "ecb.yaml"),
                str(SHARED / "ecb" / "docs"),
                str(ecb_report),
                "--json",
            ]
        )
    assert out["must"][0] == out["must"][1]
    assert out["bad_provenance"] == 0
    # The tempting pairs this release still reports (ages at two times, a compatible
    # stay, relative dates of two articles, two 'larger' figures, two seasons' starts):
    # the level may only fall.
    assert out["non_conflict_fp"][0] <= 5
    # One-sided figures: police tallies, a company's claims about its own product, a
    # prosecutor's account; figures of independent researchers are not one-sided. Two
    # of the six are missed: "1,000 times" and "two games" have no owner named, and
    # counts of times and games are compared only with their owner's name.
    assert out["one_sided"][0] >= 4
    assert out["one_sided_fp"][0] == 0


def test_init_writes_a_configuration_it_can_read_and_never_overwrites(
    tmp_path: Path,
) -> None:
    from claimcheck.config import load_config_file

    march = (
        "Police said 45,000 people joined the pension march in Lyon on Thursday. "
        "Organisers said 120,000 people marched in Lyon.\n"
    )
    files = [write(tmp_path, "quake-a", QUAKE_A), write(tmp_path, "march", march)]
    target = tmp_path / "claimcheck.toml"
    run_cli("init", *files, "-o", target)
    config = load_config_file(target)
    assert {"police", "organisers"} <= {p.id for p in config.parties}
    assert "Lyon" in config.places
    before = target.read_text(encoding="utf-8")
    failed = run_cli("init", *files, "-o", target, exit_code=2)
    assert "not overwritten" in failed.stderr
    assert target.read_text(encoding="utf-8") == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.dictionaries(
            st.sampled_from(["decisions", "events", "other"]),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                lambda inner: (
                    st.lists(inner, max_size=4)
                    | st.dictionaries(
                        st.sampled_from(["action", "sources", "who", "when", "reason", "x"]),
                        inner,
                        max_size=5,
                    )
                ),
                max_leaves=12,
            ),
            max_size=3,
        ).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    )
)
def test_any_events_file_is_read_or_refused_with_its_file(tmp_path: Path, text: str) -> None:
    """Whatever an editor or a merge leaves in events.yaml, the store reads it or says
    which file is wrong; it never crashes."""
    from claimcheck.errors import InputError
    from claimcheck.store import Store

    store = Store.open(tmp_path)
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    try:
        store.event_decisions()
        store.recorded_events()
    except InputError as error:
        assert "events.yaml" in str(error)


def test_rows_weighted_with_the_corpus_frequencies_are_the_whole_matrix_rows() -> None:
    """A part of a corpus weighted with the whole corpus's document frequencies gives,
    bit for bit, its rows of the matrix of the whole (what a batch relies on)."""
    import numpy as np
    import scipy.sparse as sp

    from claimcheck.events.clustering import feature_matrix, weight_counts

    rng = np.random.default_rng(3)
    terms = [f"{kind}:t{i}" for kind in ("dates", "names", "words") for i in range(40)]
    articles = [list(rng.choice(terms, size=int(rng.integers(1, 30)))) for _ in range(60)]
    whole, vocabulary = feature_matrix(articles)
    column = {term: i for i, term in enumerate(vocabulary)}
    frequencies = np.zeros(len(vocabulary), dtype=np.int64)
    for article in articles:
        for term in set(article):
            frequencies[column[term]] += 1
    for start, end in ((0, 7), (7, 31), (31, 60)):
        rows, cols = [], []
        for i, article in enumerate(articles[start:end]):
            rows += [i] * len(article)
            cols += [column[t] for t in article]
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)),
            shape=(end - start, len(vocabulary)),
        )
        part = weight_counts(counts, vocabulary, frequencies, len(articles))
        expected = whole[start:end]
        assert np.array_equal(part.indptr, expected.indptr)
        assert np.array_equal(part.indices, expected.indices)
        assert np.array_equal(part.data, expected.data)  # exactly, not approximately
