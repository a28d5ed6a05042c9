"""Running a batch on Dask: partitions of documents through the scan's pipeline.

1. **Extraction** is a map over partitions (:func:`.work.extract_partition`); each writes
   its claims and documents atomically and then its done marker, so a resumed run skips
   it and a retried task (a worker that died) never writes a partition twice.
2. **Events** are found once on the whole corpus: each partition counts its casing, the
   counts are summed on a worker, each partition then computes its documents' features
   with the batch's casing, and the driver joins the feature counts and clusters them
   once (:func:`claimcheck.events.group_articles`, as :func:`~claimcheck.events.find_events`
   does for a scan).
3. **Comparison** is a group-by: each partition hands its claims to the comparison task
   of their group of related events (figures are compared only inside one), and each
   task calls :func:`claimcheck.comparison.compare` on its groups.
"""

from __future__ import annotations

import hashlib
import json
import operator
import resource
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from dask.distributed import Client, LocalCluster, as_completed

from claimcheck import __version__
from claimcheck.analysis import REPORT_SCHEMA_VERSION
from claimcheck.batch import BATCH_FORMAT, MARKER, RESULTS
from claimcheck.batch import work as tasks
from claimcheck.batch.tables import to_table, write_atomic, write_json_atomic
from claimcheck.config import Config
from claimcheck.errors import InputError
from claimcheck.events import group_articles
from claimcheck.events.clustering import join_counts, weight_counts
from claimcheck.model import Event

#: Documents per partition unless told otherwise.
PARTITION_SIZE = 64


@dataclass
class BatchResult:
    """What a batch did."""

    out: Path
    documents: int = 0
    claims: int = 0
    events: int = 0
    findings: int = 0
    failures: list[dict] = field(default_factory=list)
    partitions: int = 0
    resumed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # Peak resident memory of each worker process, in MiB.
    worker_peak_mib: dict[str, float] = field(default_factory=dict)
    # Processor time (user and system) each worker process has used, in seconds.
    worker_cpu_seconds: dict[str, float] = field(default_factory=dict)


def _fingerprint(paths: Sequence[str], partition_size: int) -> str:
    key = json.dumps([partition_size, list(paths)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _usage() -> tuple[float, float]:
    """Peak resident memory of this process in MiB (ru_maxrss: KiB, bytes on macOS), and
    the processor seconds it has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return peak, usage.ru_utime + usage.ru_stime


def _open_client(
    workers: int, scheduler: str | None, processes: bool
) -> tuple[Client, LocalCluster | None]:
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=processes,
        # A local cluster listens on this machine only (in-process workers need no host).
        **({"host": "127.0.0.1"} if processes else {}),
        dashboard_address="127.0.0.1:0",
    )
    return Client(cluster), cluster


def _dashboard(client: Client) -> str | None:
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # pragma: no cover - a scheduler that does not say
        return None
    return client.dashboard_link if "dashboard" in services else None


def _start(out: Path, fingerprint: str, partitions: int, partition_size: int) -> None:
    marker = out / MARKER
    if marker.is_file():
        try:
            previous = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        if previous.get("inputs") != fingerprint:
            raise InputError(
                out,
                "holds a batch of other documents (or another --partition-size): "
                "give a new --out directory, or remove this one",
            )
    elif out.exists() and any(out.iterdir()):
        raise InputError(out, "is not empty and holds no batch: give a new --out directory")
    write_json_atomic(
        {
            "format": BATCH_FORMAT,
            "status": "running",
            "inputs": fingerprint,
            "partitions": partitions,
            "partition_size": partition_size,
        },
        marker,
    )


def run_batch(
    paths: Sequence[Path | str],
    out: Path,
    config: Config,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    partition_size: int = PARTITION_SIZE,
    processes: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Extract, group into events and compare ``paths`` on Dask, writing Parquet to ``out``.

    A local cluster of ``workers`` worker processes (threads with ``processes=False``)
    unless ``scheduler`` names a Dask scheduler. Running again with the same paths and
    partition size resumes: finished partitions are not extracted again.
    """
    say = progress or (lambda message: None)
    names = [str(Path(p)) for p in paths]
    chunks = [names[i : i + partition_size] for i in range(0, len(names), partition_size)]
    fingerprint = _fingerprint(names, partition_size)
    out.mkdir(parents=True, exist_ok=True)
    _start(out, fingerprint, len(chunks), partition_size)
    result = BatchResult(out=out, partitions=len(chunks))
    opening = time.perf_counter()
    client, cluster = _open_client(workers, scheduler, processes)
    say(f"dask: connected in {time.perf_counter() - opening:.1f}s")
    try:
        _run(client, chunks, names, out, config, fingerprint, partition_size, result, say)
        usage = client.run(_usage)
        result.worker_peak_mib = {worker: peak for worker, (peak, _) in usage.items()}
        result.worker_cpu_seconds = {worker: cpu for worker, (_, cpu) in usage.items()}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return result


def _run(
    client: Client,
    chunks: list[list[str]],
    names: list[str],
    out: Path,
    config: Config,
    fingerprint: str,
    partition_size: int,
    result: BatchResult,
    say: Callable[[str], None],
) -> None:
    where = str(out)
    started = time.perf_counter()
    ncores = sum(client.nthreads().values())
    dashboard = _dashboard(client)
    say(
        f"dask: {len(client.nthreads())} worker(s), {ncores} thread(s)"
        + (f"; dashboard {dashboard}" if dashboard else "")
    )
    config_future = client.scatter(config, broadcast=True)
    key = fingerprint[:10]
    futures = [
        client.submit(
            tasks.extract_partition, i, chunk, where, config_future, key=f"extract-{key}-{i}"
        )
        for i, chunk in enumerate(chunks)
    ]
    summaries: dict[int, dict] = {}
    done_docs = 0
    for future in as_completed(futures):
        summary = future.result()
        summaries[summary["partition"]] = summary
        done_docs += summary["documents"]
        result.resumed += summary["resumed"]
        rate = done_docs / max(time.perf_counter() - started, 1e-9)
        say(
            f"partition {len(summaries)}/{len(chunks)}: {summary['documents']} documents, "
            f"{summary['claims']} claims"
            + (" (already done)" if summary["resumed"] else "")
            + f"; {done_docs} documents, {rate:.1f}/s"
        )
        for warning in summary["warnings"]:
            say(warning)
    result.seconds["extract"] = time.perf_counter() - started
    ordered = [summaries[i] for i in range(len(chunks))]

    # Two files with one source id: the later is a failure, as in a scan.
    position = {}
    for i, name in enumerate(names):
        position.setdefault(name, i)
    seen: dict[str, str] = {}
    excluded: list[frozenset[str]] = []
    failures: list[dict] = []
    for summary in ordered:
        failures.extend(summary["failures"])
        dropped = set()
        paths_of = _source_paths(summary)
        for sid in summary["sources"]:
            if sid in seen:
                dropped.add(sid)
                failures.append(
                    tasks.failure(
                        InputError(paths_of[sid], f"source id {sid!r} is also used by {seen[sid]}")
                    )
                )
            else:
                seen[sid] = paths_of[sid]
        excluded.append(frozenset(dropped))
    failures.sort(key=lambda f: position.get(f["path"], len(names)))
    result.failures = failures

    # Events: casing summed on a worker, features per partition, clustering once.
    step = time.perf_counter()
    say(f"events: grouping {len(seen)} documents")
    casings = [
        client.submit(tasks.partition_casing, i, where, excluded[i], key=f"casing-{key}-{i}")
        for i in range(len(chunks))
    ]
    casing = client.submit(tasks.join_casing, casings, key=f"casing-{key}")
    features = client.gather(
        [
            client.submit(
                tasks.partition_features, i, where, excluded[i], casing, key=f"features-{key}-{i}"
            )
            for i in range(len(chunks))
        ]
    )
    del casings, casing
    serial = time.perf_counter()
    counts, vocabulary = join_counts((part["counts"], part["vocabulary"]) for part in features)
    matrix = weight_counts(counts, vocabulary) if vocabulary else counts
    surface: dict[str, str] = {}
    for part in features:
        for name, written in part["surface"].items():
            surface.setdefault(name, written)
    ids = [sid for part in features for sid in part["ids"]]
    dates = [date for part in features for date in part["dates"]]
    years = (
        np.concatenate([part["years"] for part in features])
        if features
        else np.zeros(0, dtype=np.int64)
    )
    del features
    index = group_articles(ids, dates, years, surface, matrix, vocabulary)
    del matrix, counts
    # The one serial step: joining the features and clustering them, on the driver.
    result.seconds["clustering"] = time.perf_counter() - serial
    result.seconds["events"] = time.perf_counter() - step
    say(f"events: {len(index.events)} events")

    # Comparison: claims grouped by group of related events, one task per bucket.
    step = time.perf_counter()
    for name in RESULTS:
        shutil.rmtree(out / name, ignore_errors=True)
    buckets = max(1, min(len(chunks), 2 * max(1, len(client.nthreads()))))
    index_future = client.scatter(index, broadcast=True)
    finished = [
        client.submit(
            tasks.finish_partition,
            i,
            where,
            excluded[i],
            index_future,
            buckets,
            key=f"finish-{key}-{i}",
        )
        for i in range(len(chunks))
    ]
    by_bucket: list[list[Event]] = [[] for _ in range(buckets)]
    for event in index.events:
        by_bucket[tasks.bucket_of(event.related or event.id, buckets)].append(event)
    compared = [
        client.submit(
            tasks.compare_bucket,
            k,
            where,
            [
                client.submit(operator.getitem, f, k, key=f"bucket-{key}-{i}-{k}")
                for i, f in enumerate(finished)
            ],
            by_bucket[k],
            config_future,
            key=f"compare-{key}-{k}",
        )
        for k in range(buckets)
    ]
    say(f"comparison: {buckets} task(s)")
    result.findings = sum(client.gather(compared))
    client.gather(finished)
    result.seconds["compare"] = time.perf_counter() - step

    write_atomic(to_table(index.events, Event), out / "events" / "part-00000.parquet")
    write_atomic(
        pa.table(
            {
                "path": [f["path"] for f in failures],
                "line": [f["line"] for f in failures],
                "message": [f["message"] for f in failures],
            },
            schema=pa.schema(
                [("path", pa.string()), ("line", pa.int64()), ("message", pa.string())]
            ),
        ),
        out / "failures" / "part-00000.parquet",
    )
    result.documents = len(ids)
    result.claims = _rows(out / "claims")
    result.events = len(index.events)
    result.seconds["total"] = time.perf_counter() - started
    write_json_atomic(
        {
            "format": BATCH_FORMAT,
            "status": "complete",
            "inputs": fingerprint,
            "partitions": len(chunks),
            "partition_size": partition_size,
            "schema_version": REPORT_SCHEMA_VERSION,
            "tool_version": __version__,
            "summary": {
                "inputs": len(names),
                "sources": result.documents,
                "claims": result.claims,
                "events": result.events,
                "findings": result.findings,
                "failures": len(failures),
            },
        },
        out / MARKER,
    )


def _source_paths(summary: dict) -> dict[str, str]:
    """Each source id of a partition and the file it was read from."""
    return dict(zip(summary["sources"], summary["source_paths"], strict=True))


def _rows(directory: Path) -> int:
    """Rows of a Parquet dataset, from its files' footers."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in directory.glob("part-*.parquet"))
