"""Running a batch on Dask: partitions of documents through the scan's pipeline, streamed.

1. **Extraction** is a map over partitions (:func:`.work.extract_partition`); each writes
   its claims and documents atomically and then its done marker, so a resumed run skips
   it and a retried task (a worker that died) never writes a partition twice.
2. **Events** are found on the whole corpus by group-bys over files
   (:mod:`.events`): casing and vocabulary summed on workers, rows weighted and block
   keys made per block of partitions, candidate pairs per key bucket, similarities per
   block, then components streamed on the driver and average linkage per task, giving
   exactly the events :func:`~claimcheck.events.find_events` gives a scan.
3. **Comparison** is a group-by: each block of partitions writes its claims grouped by
   the comparison bucket of their group of related events (figures are compared only
   inside one), and each bucket's task reads its rows from every block and calls
   :func:`claimcheck.comparison.compare` on them.

The driver holds no document, claim or feature: only a few numbers per document (a
hash of its source id while duplicates are looked for, its component, its event and
related-group ids: about 40 bytes) and per partition, and at most a bounded number of
tasks in flight per stage, each released as it completes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import resource
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import dask
import numpy as np
import pyarrow as pa
import scipy.sparse as sp
from dask.distributed import Client, Future, LocalCluster, as_completed, wait
from scipy.sparse.csgraph import connected_components

from claimcheck import __version__
from claimcheck.analysis import REPORT_SCHEMA_VERSION
from claimcheck.batch import BATCH_FORMAT, MARKER, RESULTS
from claimcheck.batch import events as stage
from claimcheck.batch import work as tasks
from claimcheck.batch.tables import write_atomic, write_json_atomic
from claimcheck.config import Config
from claimcheck.errors import InputError
from claimcheck.events import clustering

#: Documents per partition unless told otherwise.
PARTITION_SIZE = 64
#: Documents per block of partitions in the events and comparison stages: what one task
#: of those stages holds (its rows, keys or claims), whatever the corpus's size.
BLOCK_DOCUMENTS = 2048
#: Claims per comparison task (more tasks as the corpus grows): a task holds about
#: this many, plus at most its largest group of related events.
BUCKET_CLAIMS = 20_000
#: Partial results joined by one task of a tree reduction (casing, vocabulary).
FAN_IN = 16
#: Pairs joined into the components at once on the driver (about 10 MiB at a time).
EDGE_CHUNK = 1 << 17
#: Recent messages and transitions each Dask process of a batch keeps for debugging
#: (``distributed.admin.low-level-log-length``; Dask's default is 1,000). Each message
#: holds a task's arguments (a partition's paths, a block's event ids), so with the
#: default the driver's connections and every worker's state machine keep those of
#: the last thousand tasks: their memory grew with the corpus until it had that many.
LOG_LENGTH = 32


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


def _fingerprint(
    paths: Iterable[Path | str], partition_size: int, listing: IO[str] | None = None
) -> str:
    """A digest of the inputs: ``json.dumps([partition_size, [path, ...]])``, hashed as
    it is made, so no second list of the paths is held; each path's JSON string is also
    written to ``listing``, a line each."""
    digest = hashlib.sha1(f"[{partition_size}, [".encode())
    for k, path in enumerate(paths):
        name = json.dumps(str(Path(path)))
        digest.update(((", " if k else "") + name).encode("utf-8"))
        if listing is not None:
            listing.write(name + "\n")
    digest.update(b"]]")
    return digest.hexdigest()


#: The inputs of a batch, in order, one JSON string a line (under ``work/``).
INPUTS = "inputs.jsonl"


def _list_inputs(paths: Iterable[Path | str], partition_size: int, out: Path) -> tuple[str, int]:
    """Write the paths to a temporary listing in ``out`` as they come (any iterable,
    read once), hashing them: the fingerprint and the number of paths."""
    count = 0

    def counted() -> Iterator[Path | str]:
        nonlocal count
        for path in paths:
            count += 1
            yield path

    with _pending_listing(out).open("w", encoding="utf-8") as listing:
        fingerprint = _fingerprint(counted(), partition_size, listing)
    return fingerprint, count


def _pending_listing(out: Path) -> Path:
    return out / f".{INPUTS}.{os.getpid()}.tmp"


def _read_inputs(listing: Path) -> Iterator[str]:
    """The paths of a listing written by :func:`_list_inputs`, in order."""
    with listing.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


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


def _check_out(out: Path) -> None:
    if not (out / MARKER).is_file() and out.exists() and any(out.iterdir()):
        raise InputError(out, "is not empty and holds no batch: give a new --out directory")


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
    (out / "work").mkdir(exist_ok=True)
    os.replace(_pending_listing(out), out / "work" / INPUTS)
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
    paths: Iterable[Path | str],
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

    ``paths`` may be any iterable (a generator walking an archive): it is read once,
    into ``work/inputs.jsonl``, and the partitions are read from there, so this run
    holds no list of the paths.
    """
    say = progress or (lambda message: None)
    out.mkdir(parents=True, exist_ok=True)
    _check_out(out)
    try:
        fingerprint, count = _list_inputs(paths, partition_size, out)
        partitions = math.ceil(count / partition_size)
        _start(out, fingerprint, partitions, partition_size)
    finally:
        _pending_listing(out).unlink(missing_ok=True)
    result = BatchResult(out=out, partitions=partitions)
    opening = time.perf_counter()
    # Read when the client, the scheduler and each worker (a local cluster's nannies
    # pass it on) open their connections and state machines.
    with dask.config.set({"distributed.admin.low-level-log-length": LOG_LENGTH}):
        client, cluster = _open_client(workers, scheduler, processes)
        say(f"dask: connected in {time.perf_counter() - opening:.1f}s")
        try:
            _Batch(client, count, out, config, fingerprint, partition_size, result, say).run()
            usage = client.run(_usage)
            result.worker_peak_mib = {worker: peak for worker, (peak, _) in usage.items()}
            result.worker_cpu_seconds = {worker: cpu for worker, (_, cpu) in usage.items()}
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return result


def _source_hash(sid: str) -> int:
    return int.from_bytes(hashlib.blake2b(sid.encode("utf-8"), digest_size=8).digest(), "little")


class _Batch:
    """One run of a batch on a connected client (see the module docstring)."""

    def __init__(
        self,
        client: Client,
        inputs: int,
        out: Path,
        config: Config,
        fingerprint: str,
        partition_size: int,
        result: BatchResult,
        say: Callable[[str], None],
    ) -> None:
        self.client = client
        # How many paths there are; they are read in order from the listing.
        self.inputs = inputs
        self.listing = out / "work" / INPUTS
        self.out = out
        self.where = str(out)
        self.config = config
        self.fingerprint = fingerprint
        self.key = fingerprint[:10]
        self.partition_size = partition_size
        self.partitions = result.partitions
        self.result = result
        self.say = say
        self.threads = max(1, sum(client.nthreads().values()))
        # Tasks in flight per stage: enough to keep every thread busy, few enough that
        # neither the driver nor the scheduler holds a task per partition.
        self.window = 2 * self.threads + 2
        # Documents kept per partition (after duplicates), and those excluded.
        self.kept = np.zeros(self.partitions, dtype=np.int64)
        self.excluded: dict[int, frozenset[str]] = {}
        self.failures: list[dict] = []
        self.claims = 0

    # -- Dask helpers ------------------------------------------------------------------

    def _stream(self, calls: Iterable[tuple[str, Callable, tuple]]) -> Iterator[Any]:
        """Submit ``calls`` (key, function, arguments) with at most ``window`` in flight,
        and yield each result as it completes, its future released."""
        calls = iter(calls)
        pending = as_completed()

        def submit() -> None:
            for key, function, args in calls:
                pending.add(self.client.submit(tasks.released, function, *args, key=key))
                return

        for _ in range(self.window):
            submit()
        for future in pending:
            value = future.result()
            del future
            submit()
            yield value

    def _reduce(
        self, name: str, calls: Iterable[tuple[str, Callable, tuple]], join: Callable
    ) -> Future | None:
        """Submit ``calls`` and join their results in order, ``FAN_IN`` at a time, on the
        workers: the future of the whole, which never comes to the driver."""
        stack: list[tuple[int, Future]] = []
        inflight: deque[Future] = deque()
        joins = 0

        def push(level: int, parts: list[Future]) -> None:
            nonlocal joins
            stack.append(
                (
                    level,
                    self.client.submit(
                        tasks.released, join, parts, key=f"{name}-{self.key}-j{joins}"
                    ),
                )
            )
            joins += 1

        for key, function, args in calls:
            if len(inflight) >= self.window:
                wait(inflight.popleft())
            future = self.client.submit(tasks.released, function, *args, key=key)
            inflight.append(future)
            stack.append((0, future))
            while len(stack) >= FAN_IN and len({lv for lv, _ in stack[-FAN_IN:]}) == 1:
                level = stack[-1][0]
                parts = [f for _, f in stack[-FAN_IN:]]
                del stack[-FAN_IN:]
                push(level + 1, parts)
        inflight.clear()
        if not stack:
            return None
        parts = [f for _, f in stack]
        stack.clear()
        push(-1, parts)
        return stack[0][1]

    def _chunks(self) -> Iterator[list[str]]:
        """The paths of each partition, in order, read from the listing."""
        chunk: list[str] = []
        for name in _read_inputs(self.listing):
            chunk.append(name)
            if len(chunk) == self.partition_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- stages ------------------------------------------------------------------------

    def run(self) -> None:
        started = time.perf_counter()
        dashboard = _dashboard(self.client)
        self.say(
            f"dask: {len(self.client.nthreads())} worker(s), {self.threads} thread(s)"
            + (f"; dashboard {dashboard}" if dashboard else "")
        )
        self.config_future = self.client.scatter(self.config, broadcast=True)
        self._extract(started)
        self.result.seconds["extract"] = time.perf_counter() - started
        self._duplicates()
        step = time.perf_counter()
        event_ids, related_ids = self._events()
        self.result.seconds["events"] = time.perf_counter() - step
        step = time.perf_counter()
        self._compare(event_ids, related_ids)
        self.result.seconds["compare"] = time.perf_counter() - step
        write_atomic(
            pa.table(
                {
                    "path": [f["path"] for f in self.failures],
                    "line": [f["line"] for f in self.failures],
                    "message": [f["message"] for f in self.failures],
                },
                schema=pa.schema(
                    [("path", pa.string()), ("line", pa.int64()), ("message", pa.string())]
                ),
            ),
            self.out / "failures" / "part-00000.parquet",
        )
        result = self.result
        result.failures = self.failures
        result.documents = int(self.kept.sum())
        result.seconds["total"] = time.perf_counter() - started
        write_json_atomic(
            {
                "format": BATCH_FORMAT,
                "status": "complete",
                "inputs": self.fingerprint,
                "partitions": self.partitions,
                "partition_size": self.partition_size,
                "schema_version": REPORT_SCHEMA_VERSION,
                "tool_version": __version__,
                "summary": {
                    "inputs": self.inputs,
                    "sources": result.documents,
                    "claims": result.claims,
                    "events": result.events,
                    "findings": result.findings,
                    "failures": len(self.failures),
                },
            },
            self.out / MARKER,
        )

    def _extract(self, started: float) -> None:
        """Extract every partition, keeping of each summary only its counts, failures
        and its sources' hashes (to find a source id used twice)."""
        self.hashes: list[np.ndarray] = [np.empty(0, dtype=np.uint64)] * self.partitions
        calls = (
            (
                f"extract-{self.key}-{i}",
                tasks.extract_partition,
                (i, chunk, self.where, self.config_future),
            )
            for i, chunk in enumerate(self._chunks())
        )
        documents = 0
        for done, summary in enumerate(self._stream(calls), start=1):
            i = summary["partition"]
            documents += summary["documents"]
            self.kept[i] = summary["documents"]
            self.claims += summary["claims"]
            self.result.resumed += summary["resumed"]
            self.failures.extend(summary["failures"])
            self.hashes[i] = np.array(
                [_source_hash(sid) for sid in summary["sources"]], dtype=np.uint64
            )
            rate = documents / max(time.perf_counter() - started, 1e-9)
            self.say(
                f"partition {done}/{self.partitions}: {summary['documents']} documents, "
                f"{summary['claims']} claims"
                + (" (already done)" if summary["resumed"] else "")
                + f"; {documents} documents, {rate:.1f}/s"
            )
            for warning in summary["warnings"]:
                self.say(warning)

    def _duplicates(self) -> None:
        """Two files with one source id: the later is a failure, as in a scan. Found
        from the sources' hashes; only the partitions of a repeated hash are read."""
        hashes = np.concatenate(self.hashes) if self.partitions else np.empty(0, np.uint64)
        part = np.repeat(np.arange(self.partitions), [len(h) for h in self.hashes])
        del self.hashes
        order = np.argsort(hashes, kind="stable")
        repeated = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
        involved = sorted({int(part[order[k]]) for r in repeated for k in (r, r + 1)})
        summaries = {i: self._summary(i) for i in involved}
        seen: dict[str, str] = {}
        dropped: dict[int, set[str]] = {}
        for i in involved:
            for sid, path in zip(
                summaries[i]["sources"], summaries[i]["source_paths"], strict=True
            ):
                if sid not in seen:
                    # Only ids whose hash repeats are here: any earlier use of one is too.
                    seen[sid] = path
                    continue
                dropped.setdefault(i, set()).add(sid)
                self.failures.append(
                    tasks.failure(
                        InputError(path, f"source id {sid!r} is also used by {seen[sid]}")
                    )
                )
        for i, sids in dropped.items():
            self.excluded[i] = frozenset(sids)
            self.kept[i] -= len(sids)
        wanted = {f["path"] for f in self.failures}
        position: dict[str, int] = {}
        if wanted:
            for k, name in enumerate(_read_inputs(self.listing)):
                if name in wanted:
                    position.setdefault(name, k)
        self.failures.sort(key=lambda f: position.get(f["path"], self.inputs))

    def _summary(self, index: int) -> dict:
        marker = self.out / "work" / f"{tasks.part_name(index)}.json"
        return json.loads(marker.read_text(encoding="utf-8"))

    def _blocks(self) -> list[list[int]]:
        """The blocks of partitions of the events and comparison stages."""
        per = max(1, BLOCK_DOCUMENTS // self.partition_size)
        return [
            list(range(start, min(start + per, self.partitions)))
            for start in range(0, self.partitions, per)
        ]

    def _events(self) -> tuple[np.ndarray, np.ndarray]:
        """Group the corpus into events (see :mod:`.events`); each document's event id
        and related-group id, in row order."""
        n = int(self.kept.sum())
        self.say(f"events: grouping {n} documents")
        where, key = self.where, self.key
        shutil.rmtree(stage.events_dir(where), ignore_errors=True)
        shutil.rmtree(self.out / "events", ignore_errors=True)
        stage.events_dir(where).mkdir(parents=True, exist_ok=True)
        no = frozenset()
        casing = self._reduce(
            "casing",
            (
                (f"casing-{key}-{i}", stage.partition_casing, (i, where, self.excluded.get(i, no)))
                for i in range(self.partitions)
            ),
            stage.join_casing,
        )
        stats = self._reduce(
            "features",
            (
                (
                    f"features-{key}-{i}",
                    stage.partition_features,
                    (i, where, self.excluded.get(i, no), casing),
                )
                for i in range(self.partitions)
            ),
            stage.join_stats,
        )
        del casing
        vocabulary = self.client.submit(
            stage.vocabulary_of, stats, where, key=f"vocabulary-{key}"
        ).result()
        del stats
        columns = vocabulary.size
        blocks = self._blocks()
        rows_per_partition = np.concatenate([[0], np.cumsum(self.kept)])
        offsets = np.array([rows_per_partition[b[0]] for b in blocks] + [n], dtype=np.int64)
        nblocks = len(blocks)
        buckets = max(1, nblocks)
        list(
            self._stream(
                (
                    f"weigh-{key}-{b}",
                    stage.weigh_block,
                    (b, blocks[b], int(offsets[b]), where, vocabulary, buckets),
                )
                for b in range(nblocks)
            )
        )
        list(
            self._stream(
                (f"pairs-{key}-{k}", stage.pair_bucket, (k, where, nblocks, offsets))
                for k in range(buckets)
            )
        )
        list(
            self._stream(
                (f"near-{key}-{b}", stage.near_block, (b, where, buckets, offsets, columns))
                for b in range(nblocks)
            )
        )
        serial = time.perf_counter()
        component, giants = self._components(n, nblocks)
        # The one serial step: joining the similar pairs into components, on the driver.
        self.result.seconds["clustering"] = time.perf_counter() - serial
        sizes = np.bincount(component, minlength=1) if n else np.zeros(0, dtype=np.int64)
        task_of = (np.cumsum(sizes) - sizes) // BLOCK_DOCUMENTS
        _, task_of = np.unique(task_of, return_inverse=True)
        ntasks = int(task_of.max()) + 1 if len(task_of) else 0
        giants_of: list[set[int]] = [set() for _ in range(ntasks)]
        for c in giants:
            giants_of[int(task_of[c])].add(c)
        list(
            self._stream(
                (
                    f"route-{key}-{b}",
                    stage.route_block,
                    (
                        b,
                        blocks[b],
                        int(offsets[b]),
                        where,
                        columns,
                        component[offsets[b] : offsets[b + 1]],
                        task_of[component[offsets[b] : offsets[b + 1]]],
                    ),
                )
                for b in range(nblocks)
            )
        )
        del task_of
        event_ids = np.zeros(n, dtype=f"S{stage.ID_WIDTH}")
        related_ids = np.zeros(n, dtype=f"S{stage.ID_WIDTH}")
        events = 0
        for rows, eids, rids, count in self._stream(
            (
                f"link-{key}-{t}",
                stage.link_task,
                (t, where, nblocks, vocabulary, frozenset(giants_of[t])),
            )
            for t in range(ntasks)
        ):
            event_ids[rows] = eids
            related_ids[rows] = rids
            events += count
        if not ntasks:
            write_atomic(
                tasks.to_table([], tasks.Event), self.out / "events" / "part-00000.parquet"
            )
        del vocabulary, component
        self.result.events = events
        self.offsets, self.blocks = offsets, blocks
        self.say(f"events: {events} events")
        return event_ids, related_ids

    def _components(self, n: int, nblocks: int) -> tuple[np.ndarray, list[int]]:
        """Each document's component, and the components that are one event whole.

        As :func:`claimcheck.events.clustering.cluster` does: components of the pairs at
        least ``RELATED_SIMILARITY`` alike; one too large to cluster densely is cut
        again at a stricter similarity, until at ``NEAR_DUPLICATE`` it is one event.
        Every component of one cut is cut at once, in one pass over the pairs (a pair
        alike enough for a stricter cut lies inside one component of the looser one).
        """
        final = np.full(n, -1, dtype=np.int64)
        giants: list[int] = []
        active = np.ones(n, dtype=bool)
        floor = clustering.RELATED_SIMILARITY
        count = 0
        while n and active.any():
            labels = self._join_pairs(n, nblocks, active, floor)
            members = np.flatnonzero(active)
            _, inverse, sizes = np.unique(labels[members], return_inverse=True, return_counts=True)
            large = sizes > clustering.DENSE_LIMIT
            settle = (
                ~large if floor < clustering.NEAR_DUPLICATE else np.ones(len(sizes), dtype=bool)
            )
            number = np.cumsum(settle) - 1 + count
            chosen = settle[inverse]
            final[members[chosen]] = number[inverse[chosen]]
            if floor >= clustering.NEAR_DUPLICATE:
                giants.extend(int(number[c]) for c in np.flatnonzero(large))
            count += int(settle.sum())
            active[members[chosen]] = False
            floor = clustering.next_floor(floor)
        return final, giants

    def _join_pairs(self, n: int, nblocks: int, active: np.ndarray, floor: float) -> np.ndarray:
        """Component labels of the documents, over the kept pairs at least ``floor``
        alike between ``active`` documents, streamed from the blocks' files."""
        labels = np.arange(n, dtype=np.int64)
        firsts: list[np.ndarray] = []
        seconds: list[np.ndarray] = []
        held = 0

        def flush() -> None:
            nonlocal labels, held
            if not held:
                return
            a = labels[np.concatenate(firsts)]
            b = labels[np.concatenate(seconds)]
            firsts.clear()
            seconds.clear()
            held = 0
            graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
            labels = connected_components(graph, directed=False)[1][labels].astype(np.int64)

        for b in range(nblocks):
            near = stage.near_pairs(self.where, b)
            for start in range(0, len(near), EDGE_CHUNK):
                part = near[start : start + EDGE_CHUNK]
                i, j = part["i"], part["j"]
                keep = (part["sim"] >= floor) & active[i] & active[j]
                if keep.any():
                    firsts.append(i[keep])
                    seconds.append(j[keep])
                    held += int(keep.sum())
                if held >= EDGE_CHUNK:
                    flush()
            del near
        flush()
        return labels

    def _buckets(self, related_ids: np.ndarray) -> tuple[np.ndarray, int]:
        """Each document's comparison bucket, and how many there are.

        A bucket is a run of whole groups of related events (in the order of their
        ids) of about ``BUCKET_CLAIMS`` claims, counted as documents at the corpus's
        claims per document, and at least ``2 * threads`` buckets: none holds more than
        that plus its largest group, however many buckets the corpus needs (with buckets
        chosen by a hash of the group, the fullest of more buckets is fuller).
        """
        n = len(related_ids)
        if not n:
            return np.zeros(0, dtype=np.int64), 1
        _, inverse, sizes = np.unique(related_ids, return_inverse=True, return_counts=True)
        per_document = max(self.claims / n, 1e-9)
        target = max(1.0, min(BUCKET_CLAIMS / per_document, n / (2 * self.threads)))
        starts = (np.cumsum(sizes) - sizes) // target
        _, bucket_of_group = np.unique(starts, return_inverse=True)
        return bucket_of_group[inverse].astype(np.int64), int(bucket_of_group.max()) + 1

    def _compare(self, event_ids: np.ndarray, related_ids: np.ndarray) -> None:
        """Write the claims and sources with their events, then compare by bucket."""
        for name in RESULTS:
            if name != "events":
                shutil.rmtree(self.out / name, ignore_errors=True)
        shutil.rmtree(self.out / "work" / "compare", ignore_errors=True)
        key, where = self.key, self.where
        bucket_ids, buckets = self._buckets(related_ids)
        blocks, offsets = self.blocks, self.offsets
        self.result.claims = sum(
            self._stream(
                (
                    f"finish-{key}-{b}",
                    tasks.finish_block,
                    (
                        b,
                        blocks[b],
                        where,
                        {i: self.excluded[i] for i in blocks[b] if i in self.excluded},
                        event_ids[offsets[b] : offsets[b + 1]],
                        related_ids[offsets[b] : offsets[b + 1]],
                        bucket_ids[offsets[b] : offsets[b + 1]],
                    ),
                )
                for b in range(len(blocks))
            )
        )
        self.say(f"comparison: {buckets} task(s)")
        self.result.findings = sum(
            self._stream(
                (
                    f"compare-{key}-{k}",
                    tasks.compare_bucket,
                    (k, where, len(blocks), self.config_future),
                )
                for k in range(buckets)
            )
        )
