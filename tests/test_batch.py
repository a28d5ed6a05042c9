"""``claimcheck batch``: the scan's answers on Dask, as Parquet, resumable.

The batch runs on an in-process local cluster (threads, loopback only) except in the
CLI test, which starts one small local cluster of worker processes as users get.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "dask.distributed", reason="the scale extra (dask, distributed) is not installed"
)
pytest.importorskip("pyarrow", reason="the scale extra (pyarrow) is not installed")

import pyarrow.parquet as pq
from distributed.diagnostics.plugin import WorkerPlugin

from claimcheck.analysis import scan
from claimcheck.batch import MARKER, read_batch, run_batch
from claimcheck.config import load_config
from claimcheck.errors import InputError
from claimcheck.reports.json_format import payload
from tests.conftest import SHARED, run_cli

#: The configuration scan and batch find from the checkout (the shipped parties).
CONFIG = load_config(None)
#: A handful of ECB+ files: two topics, so events and findings are not trivial.
ECB = ["16_1ecb", "16_1ecbplus", "16_2ecb", "16_3ecb", "16_10ecbplus", "16_11ecbplus"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seeds, some ECB+ files, an unreadable file and a second file with one id."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "ecb" / "docs").is_dir():
        pytest.skip("../shared (seeds and ECB+ documents) is not beside this checkout")
    extra = tmp_path_factory.mktemp("extra")
    bad = extra / "broken.txt"
    bad.write_bytes(b"Police said \xff\xfe 12 people were hurt.\n")
    again = extra / "again"
    again.mkdir()
    duplicate = again / "16_1ecb.txt"
    duplicate.write_text("Officials said 40 people were hurt in the fire.\n", encoding="utf-8")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    ecb = [SHARED / "ecb" / "docs" / f"{name}.txt" for name in ECB]
    return [*seeds, ecb[0], bad, *ecb[1:], duplicate]


def _run(paths: list[Path], out: Path, **options):
    messages: list[str] = []
    options.setdefault("partition_size", 3)
    result = run_batch(
        paths, out, CONFIG, workers=2, processes=False, progress=messages.append, **options
    )
    return result, messages


@pytest.fixture(scope="module")
def batch(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("batch") / "run"
    result, messages = _run(corpus, out)
    return out, result, messages


def test_batch_gives_exactly_the_scan_report(corpus: list[Path], batch) -> None:
    out, result, _ = batch
    errors: list[InputError] = []
    expected = scan(corpus, CONFIG, errors=errors)
    report = read_batch(out)
    assert payload(report) == payload(expected)
    assert report.paths == expected.paths
    assert report.regions == expected.regions
    assert len(expected.findings) > 10 and len(expected.events) > 2
    assert [(f["path"], f["message"]) for f in result.failures] == [
        (e.path, e.message) for e in errors
    ]


def test_unreadable_files_are_in_the_failures_table_and_the_rest_is_done(batch) -> None:
    out, result, _ = batch
    failures = pq.read_table(out / "failures" / "part-00000.parquet").to_pylist()
    assert [Path(f["path"]).name for f in failures] == ["broken.txt", "16_1ecb.txt"]
    assert "UTF-8" in failures[0]["message"] or "utf-8" in failures[0]["message"].lower()
    assert "also used by" in failures[1]["message"]
    assert result.documents == 4 + len(ECB)


def test_results_are_parquet_with_the_json_report_fields(batch) -> None:
    out, result, _ = batch
    report = payload(read_batch(out))
    claims = pq.read_table(sorted((out / "claims").glob("*.parquet"))[0])
    assert set(claims.column_names) == set(report["claims"][0]) | {"region"}
    row = claims.slice(0, 1).to_pylist()[0]
    assert json.loads(row["value"]) == report["claims"][0]["value"]
    assert row["event_id"] == report["claims"][0]["event_id"]
    events = pq.read_table(out / "events")
    assert events.column("sources").type.value_type == "string"  # a list column
    assert events.num_rows == result.events
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["status"] == "complete"
    assert marker["summary"]["claims"] == len(report["claims"])


def test_progress_names_each_partition_and_the_stages(batch) -> None:
    _, result, messages = batch
    assert messages[0].startswith("dask: connected")
    assert sum(m.startswith("partition ") for m in messages) == result.partitions
    assert any(m.startswith("events:") for m in messages)


def test_a_resumed_run_redoes_only_unfinished_partitions(
    corpus: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "run"
    first, _ = _run(corpus, out)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "work").glob("*.claims.parquet")}
    # An interruption during partition 2: its marker was never written.
    (out / "work" / "part-00002.json").unlink()
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    (out / MARKER).write_text(json.dumps({**marker, "status": "running"}), encoding="utf-8")
    second, messages = _run(corpus, out)
    assert second.resumed == first.partitions - 1
    assert sum("(already done)" in m for m in messages) == first.partitions - 1
    after = {p.name: p.stat().st_mtime_ns for p in (out / "work").glob("*.claims.parquet")}
    changed = sorted(name for name in stamps if after[name] != stamps[name])
    assert changed == ["part-00002.claims.parquet"]
    assert payload(read_batch(out)) == payload(scan(corpus, CONFIG, errors=[]))


def test_an_unfinished_batch_is_not_reported(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    _run(corpus[:2], out)
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    (out / MARKER).write_text(json.dumps({**marker, "status": "running"}), encoding="utf-8")
    with pytest.raises(InputError, match="resume"):
        read_batch(out)


def test_other_documents_are_not_mixed_into_a_batch(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    _run(corpus[:2], out)
    with pytest.raises(InputError, match="other documents"):
        _run(corpus[:3], out)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        _run(corpus[:2], tmp_path / "full")


def test_a_retried_partition_is_not_written_twice(corpus: list[Path], tmp_path: Path) -> None:
    from claimcheck.batch.work import extract_partition

    paths = [str(p) for p in corpus[:2]]
    first = extract_partition(0, paths, str(tmp_path), CONFIG)
    written = (tmp_path / "work" / "part-00000.claims.parquet").stat().st_mtime_ns
    again = extract_partition(0, paths, str(tmp_path), CONFIG)
    assert not first["resumed"] and again["resumed"]
    assert (tmp_path / "work" / "part-00000.claims.parquet").stat().st_mtime_ns == written
    assert not list((tmp_path / "work").glob(".*tmp"))


def test_cli_batch_then_report_as_from_a_store(corpus: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in corpus[:4]:
        shutil.copy(path, docs / path.name)
    (docs / "broken.txt").write_bytes(b"\xff\xfe not text")
    result = run_cli("batch", docs, "--out", out, "--workers", "1", exit_code=2)
    assert "broken.txt" in result.stderr and "could not be read" in result.stderr
    assert "partition 1/1" in result.stderr
    batch_json = run_cli("report", out, "--format", "json").stdout
    scan_json = run_cli("scan", *sorted(docs.glob("*.txt")), "--format", "json", exit_code=2)
    assert batch_json == scan_json.stdout
    events = run_cli("events", out).stdout
    assert events.startswith("e-")


BLOCK_DASK = (
    "import sys\n"
    "for name in ('dask', 'distributed', 'pyarrow'):\n"
    "    sys.modules[name] = None\n"
    "from claimcheck.cli import main\n"
    "sys.argv = ['claimcheck', *sys.argv[1:]]\n"
    "main()\n"
)


def test_without_the_scale_extra_batch_says_how_to_install_it(tmp_path: Path) -> None:
    seed = sorted((SHARED / "seeds").glob("*.txt"))[:1]
    if not seed:
        pytest.skip("../shared/seeds is not beside this checkout")
    run = [sys.executable, "-c", BLOCK_DASK]
    batch = subprocess.run(
        [*run, "batch", str(seed[0]), "--out", str(tmp_path / "run")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert batch.returncode == 2
    assert "pip install 'claimcheck[scale]'" in batch.stderr
    scanned = subprocess.run(
        [*run, "scan", str(seed[0]), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert scanned.returncode == 0, scanned.stderr
    assert json.loads(scanned.stdout)["summary"]["sources"] == 1


def test_the_cli_does_not_load_dask_until_a_batch_runs() -> None:
    code = (
        "import sys, claimcheck.cli\n"
        "print(sorted(m for m in ('dask', 'distributed', 'pyarrow') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


class _DieOnce(WorkerPlugin):
    """A worker plugin that kills its worker process when it starts one task, the first
    time only (a flag file remembers): a worker lost mid-partition."""

    name = "die-once"

    def __init__(self, key_part: str, flag: str) -> None:
        self.key_part = key_part
        self.flag = flag

    def setup(self, worker) -> None:
        self.worker = worker

    def transition(self, key, start, finish, **kwargs) -> None:
        import os

        if finish == "executing" and self.key_part in str(key) and not os.path.exists(self.flag):
            Path(self.flag).write_text("died", encoding="utf-8")
            os._exit(1)

    def teardown(self, worker) -> None:
        pass


def test_a_worker_that_dies_is_retried_and_the_answers_stay_the_same(
    corpus: list[Path], tmp_path: Path
) -> None:
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        flag = tmp_path / "died"
        client.register_plugin(_DieOnce("extract-", str(flag)))
        out = tmp_path / "run"
        result = run_batch(
            corpus, out, CONFIG, scheduler=cluster.scheduler_address, partition_size=3
        )
    assert flag.is_file()  # a worker did die in the middle of an extraction
    assert result.resumed == 0
    assert payload(read_batch(out)) == payload(scan(corpus, CONFIG, errors=[]))


def test_events_streamed_over_many_blocks_are_the_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small blocks, key buckets and limits, so every step of the streamed grouping
    runs: keys shared across blocks, capped blocks, components cut again, copies of one
    story too many to cluster densely; the events (and findings) are still the scan's."""
    from claimcheck.batch import run as batch_run
    from claimcheck.events import clustering

    if not (SHARED / "ecb" / "docs").is_dir():
        pytest.skip("../shared/ecb/docs is not beside this checkout")
    originals = sorted((SHARED / "ecb" / "docs").glob("1_*.txt"))[:6]
    originals += sorted((SHARED / "ecb" / "docs").glob("16_*.txt"))[:4]
    paths = []
    for n, original in enumerate(originals):
        body = original.read_text(encoding="utf-8")
        for copy in range(10 if n in (0, 6) else 3):
            paragraphs = body.split("\n\n")
            if len(paragraphs) > 2 and copy:
                del paragraphs[1 + copy % (len(paragraphs) - 1)]
            path = tmp_path / "docs" / f"{original.stem}-{copy}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text("\n\n".join(paragraphs) + f"\n\nCopy {copy}.\n", encoding="utf-8")
            paths.append(path)
    monkeypatch.setattr(batch_run, "BLOCK_DOCUMENTS", 8)
    monkeypatch.setattr(batch_run, "EDGE_CHUNK", 16)
    monkeypatch.setattr(clustering, "BLOCK_CAP", 4)
    monkeypatch.setattr(clustering, "WINDOW", 2)
    monkeypatch.setattr(clustering, "DENSE_LIMIT", 6)
    expected = scan(paths, CONFIG, errors=[])
    assert max(len(event.sources) for event in expected.events) > 6
    result, _ = _run(paths, tmp_path / "run", partition_size=4)
    assert len(list((tmp_path / "run" / "work" / "events").glob("rows-*.npz"))) > 4
    assert payload(read_batch(tmp_path / "run")) == payload(expected)
    assert result.events == len(expected.events)


def test_the_inputs_fingerprint_is_the_digest_of_their_json() -> None:
    """Hashed as it is made, the fingerprint is still the digest of the JSON of the
    partition size and paths, so a batch started by an earlier version resumes."""
    import hashlib

    from claimcheck.batch.run import _fingerprint

    names = ["docs/a.txt", 'docs/"quoted".txt', "docs/é.txt"]
    expected = hashlib.sha1(json.dumps([64, names]).encode("utf-8")).hexdigest()
    assert _fingerprint([Path(n) for n in names], 64) == expected


def test_casing_and_vocabulary_shares_join_into_the_wholes(tmp_path: Path) -> None:
    """The casing and the vocabulary are joined as sorted files merged in order: the
    sums of their parts' counts, each name with its first written form in document
    order, and each term's column its place in Python's sorted order of all terms."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.ipc

    from claimcheck.batch import events as stage
    from claimcheck.events.features import Casing

    where = tmp_path / "work" / "events"
    where.mkdir(parents=True)
    monkeypatch_batch = stage.MERGE_BATCH
    stage.MERGE_BATCH = 2  # several record batches per file
    try:
        heads = [
            "Officials in Kyiv said. The Kyiv mayor, and Über-Mayor Klitschko.",
            "kyiv is written in lower case here; Klitschko again in Kyiv.",
            "",
            "Émile and émile, Zed, Ant and ant.",
        ]
        whole = Casing()
        parts = []
        for k, head in enumerate(heads):
            whole.add(head)
            part = Casing()
            part.add(head)
            path = where / f"casing-{k:05d}.arrow"
            stage._write_arrow(stage._casing_table(part), path)
            parts.append(str(path))
        joined = stage.join_casing([stage.join_casing(parts[:2]), stage.join_casing(parts[2:])])
        assert pa.ipc.open_file(joined).read_all().to_pylist() == (
            stage._casing_table(whole).to_pylist()
        )

        def share(k: int, terms: dict[str, int], surface: dict[str, str]) -> stage.FeatureStats:
            shares = stage.FeatureStats(
                documents=1,
                terms=str(where / f"terms-{k:05d}.arrow"),
                surface=str(where / f"surface-{k:05d}.arrow"),
            )
            stage._write_arrow(
                pa.table(
                    {"term": sorted(terms), "frequency": [terms[t] for t in sorted(terms)]},
                    schema=stage.TERMS_SCHEMA,
                ),
                Path(shares.terms),
            )
            stage._write_arrow(
                pa.table(
                    {"name": sorted(surface), "written": [surface[n] for n in sorted(surface)]},
                    schema=stage.SURFACE_SCHEMA,
                ),
                Path(shares.surface),
            )
            return shares

        shares = [
            share(0, {"names:kyiv": 1, "words:mayor": 1}, {"kyiv": "Kyiv"}),
            share(
                1, {"names:über mayor": 1, "names:~mayor": 1, "words:mayor": 1}, {"mayor": "Mayor"}
            ),
            share(2, {"names:kyiv": 1, "names:émile": 1}, {"kyiv": "KYIV", "émile": "Émile"}),
        ]
        stats = stage.join_stats([stage.join_stats(shares[:2]), stage.join_stats(shares[2:])])
        vocabulary = stage.vocabulary_of(stats, str(tmp_path))
        rows = pa.ipc.open_file(vocabulary.terms).read_all().to_pylist()
        surface = pa.ipc.open_file(vocabulary.surface).read_all().to_pylist()
        taken = stage._take(vocabulary.terms, np.array([0, 2, 4]), stage.TERMS_SCHEMA)
        assert taken.to_pylist() == [rows[0], rows[2], rows[4]]
    finally:
        stage.MERGE_BATCH = monkeypatch_batch
    terms = sorted(
        {t for s in shares for t in pa.ipc.open_file(s.terms).read_all()["term"].to_pylist()}
    )
    assert [r["term"] for r in rows] == terms
    assert vocabulary.documents == 3 and vocabulary.size == len(terms)
    assert {r["term"]: r["frequency"] for r in rows} == {
        "names:kyiv": 2,
        "names:~mayor": 1,
        "names:émile": 1,
        "names:über mayor": 1,
        "words:mayor": 2,
    }
    assert surface == [
        {"name": "kyiv", "written": "Kyiv"},
        {"name": "mayor", "written": "Mayor"},
        {"name": "émile", "written": "Émile"},
    ]
    cols, used, own = stage._columns_of(vocabulary, pa.array(["words:mayor", "names:kyiv"]))
    assert cols.tolist() == [terms.index("words:mayor"), terms.index("names:kyiv")]
    assert used.tolist() == sorted(cols.tolist())
    assert own.column("term").to_pylist() == sorted(["words:mayor", "names:kyiv"])
