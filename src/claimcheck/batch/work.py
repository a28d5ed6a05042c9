"""What each task of a batch does to one partition: plain functions, no Dask.

Each function reads or writes the files of one partition under the output directory
(the only thing tasks share is that directory, so they run on any worker that sees it)
and calls the same library functions :func:`claimcheck.analysis.scan` calls.

Layout under the output directory (``docs/scale.md``):

* ``work/part-NNNNN.claims.parquet`` and ``work/part-NNNNN.docs.parquet``: a partition's
  extracted claims and its documents' sources, dates and tops; ``work/part-NNNNN.json``,
  written last, marks the partition done, so a resumed run skips it.
* ``work/events/``: the events stage's files (:mod:`claimcheck.batch.events`);
  ``work/compare/claims-BBBBB.parquet`` and ``sources-BBBBB.parquet``: a block of
  partitions' claims and sources grouped by comparison bucket.
* ``claims/``, ``sources/``, ``events/``, ``findings/``, ``failures/``: the results.
"""

from __future__ import annotations

import ctypes
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from claimcheck.analysis import claim_regions, read_documents
from claimcheck.batch.tables import (
    from_table,
    read_group,
    to_table,
    write_atomic,
    write_grouped,
    write_json_atomic,
)
from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.errors import InputError, InputWarning
from claimcheck.events import document_date
from claimcheck.events.features import READ_CHARS
from claimcheck.extraction.pipeline import Extractor
from claimcheck.findings import Finding
from claimcheck.model import Claim, Event, Source

REGION = pa.list_(pa.int64())
CLAIM_EXTRA = {"region": REGION}
DOC_EXTRA = {"path": pa.string(), "date": pa.string(), "head": pa.string()}

_extractors: dict[str, Extractor] = {}


def release_memory() -> None:
    """Give the memory a finished task freed back to the system: pyarrow's pool keeps
    what it freed (``release_unused``), and so does glibc's allocator, in the middle of
    its heap, until ``malloc_trim`` (Linux and glibc only; elsewhere nothing). Else a
    worker's resident set ratchets up to the sum of its tasks' most fragmented heaps."""
    pa.default_memory_pool().release_unused()
    if _libc is not None:
        _libc.malloc_trim(0)


def released(function: Callable[..., Any], *args: Any) -> Any:
    """Run one task, then :func:`release_memory`: how the batch runs every task."""
    try:
        return function(*args)
    finally:
        release_memory()


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):  # musl, or no glibc
        return None


_libc = _glibc()


def part_name(index: int) -> str:
    """The file stem of partition ``index``."""
    return f"part-{index:05d}"


def _extractor(config: Config) -> Extractor:
    """One extractor per configuration in each worker process (it compiles patterns)."""
    key = config.model_dump_json()
    if key not in _extractors:
        _extractors[key] = Extractor(config)
    return _extractors[key]


def failure(error: InputError) -> dict[str, Any]:
    """A failure row: the file, the line (or None) and the message."""
    return {"path": str(error.path), "line": error.line, "message": error.message}


def extract_partition(index: int, paths: Sequence[str], out: str, config: Config) -> dict:
    """Read and extract one partition's documents, unless a finished run already did.

    Returns the partition's summary (also its done marker ``work/part-NNNNN.json``):
    its paths, its source ids in order, counts, failures and front-matter warnings. A
    document whose extraction raises is a failure too; the others are still extracted.
    """
    work = Path(out) / "work"
    marker = work / f"{part_name(index)}.json"
    if marker.is_file():
        done = json.loads(marker.read_text(encoding="utf-8"))
        if done.get("paths") == list(paths):
            return {**done, "resumed": True}
    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    documents = read_documents([Path(p) for p in paths], config, errors, warnings)
    extractor = _extractor(config)
    kept, claims, regions, dates = [], [], [], []
    for document in documents:
        try:
            found = extractor.extract(document)
        except Exception as exc:  # one bad document does not sink its partition
            errors.append(InputError(document.path, f"cannot extract: {exc!r}"))
            continue
        kept.append(document)
        by_id = claim_regions([document], found)
        claims.extend(found)
        regions.extend(list(by_id[c.id]) if c.id in by_id else None for c in found)
        date = document_date(document, found)
        dates.append(date.isoformat() if date else None)
    write_atomic(
        to_table(claims, Claim, {"region": (REGION, regions)}),
        work / f"{part_name(index)}.claims.parquet",
    )
    write_atomic(
        to_table(
            [d.source for d in kept],
            Source,
            {
                "path": (pa.string(), [str(d.path) for d in kept]),
                "date": (pa.string(), dates),
                "head": (pa.string(), [d.body[:READ_CHARS] for d in kept]),
            },
        ),
        work / f"{part_name(index)}.docs.parquet",
    )
    summary = {
        "partition": index,
        "paths": list(paths),
        "sources": [d.source.id for d in kept],
        "source_paths": [str(d.path) for d in kept],
        "documents": len(kept),
        "claims": len(claims),
        "failures": [failure(e) for e in errors],
        "warnings": [str(w) for w in warnings],
    }
    write_json_atomic(summary, marker)
    return {**summary, "resumed": False}


def partition_docs(
    out: str, index: int, excluded: frozenset[str], columns: list[str] | None = None
) -> pa.Table:
    """A partition's documents (some ``columns`` of them), less the ``excluded`` ids."""
    path = Path(out) / "work" / f"{part_name(index)}.docs.parquet"
    wanted = None if columns is None else list(dict.fromkeys([*columns, "id"]))
    table = pq.read_table(path, columns=wanted)
    if excluded:
        keep = [sid not in excluded for sid in table.column("id").to_pylist()]
        table = table.filter(pa.array(keep, type=pa.bool_()))
    return table if columns is None else table.select(columns)


def finish_block(
    block: int,
    partitions: Sequence[int],
    out: str,
    excluded: dict[int, frozenset[str]],
    event_ids: np.ndarray,
    related_ids: np.ndarray,
    bucket_ids: np.ndarray,
) -> int:
    """Write the claims (with their event) and sources of a block of partitions to the
    results, and the block's claims and sources grouped by comparison bucket (the
    bucket of their group of related events) for the comparison tasks. The number of
    claims written.

    ``event_ids``, ``related_ids`` and ``bucket_ids`` hold the event, related group and
    comparison bucket of each of the block's documents, in order. Tables only: no claim is
    decoded or encoded again.
    """
    work = Path(out) / "work"
    root = Path(out)
    claims_parts, sources_parts = [], []
    at = 0
    for index in partitions:
        docs = partition_docs(out, index, excluded.get(index, frozenset()))
        ids = docs.column("id").to_pylist()
        events = [e.decode("ascii") for e in event_ids[at : at + len(ids)]]
        related = [r.decode("ascii") for r in related_ids[at : at + len(ids)]]
        bucket = bucket_ids[at : at + len(ids)].tolist()
        at += len(ids)
        event_of = dict(zip(ids, events, strict=True))
        related_of = dict(zip(ids, related, strict=True))
        bucket_of = dict(zip(ids, bucket, strict=True))
        claims = pq.read_table(work / f"{part_name(index)}.claims.parquet")
        sources_of_claims = claims.column("source").to_pylist()
        if excluded.get(index):
            keep = [sid in event_of for sid in sources_of_claims]
            claims = claims.filter(pa.array(keep, type=pa.bool_()))
            sources_of_claims = [
                sid for sid, kept in zip(sources_of_claims, keep, strict=True) if kept
            ]
        claims = claims.set_column(
            claims.schema.get_field_index("event_id"),
            "event_id",
            pa.array([event_of[sid] for sid in sources_of_claims], type=pa.string()),
        )
        write_atomic(claims, root / "claims" / f"{part_name(index)}.parquet")
        sources = docs.drop_columns(["date", "head"])
        write_atomic(sources, root / "sources" / f"{part_name(index)}.parquet")
        groups = [related_of[sid] for sid in sources_of_claims]
        claims_parts.append(
            claims.append_column("related", pa.array(groups, type=pa.string())).append_column(
                "bucket",
                pa.array([bucket_of[sid] for sid in sources_of_claims], type=pa.int64()),
            )
        )
        sources_parts.append(sources.append_column("bucket", pa.array(bucket, type=pa.int64())))
    for name, parts in (("claims", claims_parts), ("sources", sources_parts)):
        if not parts:
            continue
        table = pa.concat_tables(parts)
        order = np.argsort(table.column("bucket").to_numpy(), kind="stable")
        write_grouped(table.take(order), work / "compare" / f"{name}-{block:05d}.parquet", "bucket")
    return sum(len(part) for part in claims_parts)


def compare_bucket(bucket: int, out: str, blocks: int, config: Config) -> int:
    """Compare the claims of some groups of related events and write the findings; the
    number of findings. The claims are read from every block in order, so each group's
    claims are in the order ``scan`` gives them."""
    work = Path(out) / "work" / "compare"
    claims_parts = [
        read_group(work / f"claims-{b:05d}.parquet", "bucket", bucket) for b in range(blocks)
    ]
    sources_parts = [
        read_group(work / f"sources-{b:05d}.parquet", "bucket", bucket) for b in range(blocks)
    ]
    claims_table = pa.concat_tables(claims_parts) if claims_parts else None
    claims = from_table(claims_table, Claim) if claims_table is not None else []
    sources = {source.id: source for part in sources_parts for source in from_table(part, Source)}
    # The comparison reads of each event only its group of related events.
    related = {}
    if claims_table is not None:
        for event, group in zip(
            claims_table.column("event_id").to_pylist(),
            claims_table.column("related").to_pylist(),
            strict=True,
        ):
            related.setdefault(event, group)
    events = [Event(id=e, label=e, sources=[], related=g) for e, g in related.items()]
    findings = compare(claims, config, sources, events)
    write_atomic(
        to_table(findings, Finding), Path(out) / "findings" / f"{part_name(bucket)}.parquet"
    )
    return len(findings)
