"""What each task of a batch does to one partition: plain functions, no Dask.

Each function reads or writes the files of one partition under the output directory
(the only thing tasks share is that directory, so they run on any worker that sees it)
and calls the same library functions :func:`claimcheck.analysis.scan` calls.

Layout under the output directory (``docs/scale.md``):

* ``work/part-NNNNN.claims.parquet`` and ``work/part-NNNNN.docs.parquet``: a partition's
  extracted claims and its documents' sources, dates and tops; ``work/part-NNNNN.json``,
  written last, marks the partition done, so a resumed run skips it.
* ``claims/``, ``sources/``, ``events/``, ``findings/``, ``failures/``: the results.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from claimcheck.analysis import claim_regions, read_documents
from claimcheck.batch.tables import from_table, to_table, write_atomic, write_json_atomic
from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.errors import InputError, InputWarning
from claimcheck.events import EventIndex, document_date, main_year
from claimcheck.events.clustering import count_matrix
from claimcheck.events.features import READ_CHARS, Casing, document_features, tokens
from claimcheck.extraction.pipeline import Extractor
from claimcheck.findings import Finding
from claimcheck.model import Claim, Event, Source

REGION = pa.list_(pa.int64())
CLAIM_EXTRA = {"region": REGION}
DOC_EXTRA = {"path": pa.string(), "date": pa.string(), "head": pa.string()}

_extractors: dict[str, Extractor] = {}


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


def _docs(out: str, index: int, excluded: frozenset[str]) -> pa.Table:
    table = pq.read_table(Path(out) / "work" / f"{part_name(index)}.docs.parquet")
    if excluded:
        keep = [sid not in excluded for sid in table.column("id").to_pylist()]
        table = table.filter(pa.array(keep, type=pa.bool_()))
    return table


def partition_casing(index: int, out: str, excluded: frozenset[str]) -> Casing:
    """How the partition's documents write each word (summed over partitions, the
    batch's casing, as :func:`claimcheck.events.find_events` counts it)."""
    casing = Casing()
    for head in _docs(out, index, excluded).column("head").to_pylist():
        casing.add(head)
    return casing


def join_casing(parts: Sequence[Casing]) -> Casing:
    """The casing of the whole batch."""
    casing = Casing()
    for part in parts:
        casing.capitalised.update(part.capitalised)
        casing.lower.update(part.lower)
    return casing


def partition_features(index: int, out: str, excluded: frozenset[str], casing: Casing) -> dict:
    """The event features of a partition's documents: counts over its own vocabulary,
    each document's id, date and main year, and the names' written forms."""
    table = _docs(out, index, excluded)
    heads = table.column("head").to_pylist()
    dates = [dt.date.fromisoformat(d) if d else None for d in table.column("date").to_pylist()]
    surface: dict[str, str] = {}
    years = np.zeros(len(heads), dtype=np.int64)
    rows = []
    for i, (head, date) in enumerate(zip(heads, dates, strict=True)):
        features = document_features(head, casing, date)
        for name, written in features.surface.items():
            surface.setdefault(name, written)
        years[i] = main_year(date, features)
        rows.append(tokens(features))
    matrix, vocabulary = count_matrix(rows)
    return {
        "ids": table.column("id").to_pylist(),
        "dates": dates,
        "years": years,
        "surface": surface,
        "counts": matrix,
        "vocabulary": vocabulary,
    }


def bucket_of(group: str, buckets: int) -> int:
    """The comparison task that compares the claims of one group of related events."""
    return zlib.crc32(group.encode("utf-8")) % buckets


def finish_partition(
    index: int,
    out: str,
    excluded: frozenset[str],
    index_of_events: EventIndex,
    buckets: int,
) -> list[tuple[list[Claim], list[Source]]]:
    """Write a partition's claims (with their event) and sources to the results, and
    hand its claims and sources to the comparison tasks, by group of related events."""
    work = Path(out) / "work"
    root = Path(out)
    claims_table = pq.read_table(work / f"{part_name(index)}.claims.parquet")
    docs = _docs(out, index, excluded)
    if excluded:
        keep = [sid not in excluded for sid in claims_table.column("source").to_pylist()]
        claims_table = claims_table.filter(pa.array(keep, type=pa.bool_()))
    claims = from_table(claims_table, Claim)
    sources = from_table(docs, Source)
    event_of = index_of_events.event_of
    related = {event.id: event.related or event.id for event in index_of_events.events}
    claims = [
        c
        if c.event_id == event_of.get(c.source)
        else c.model_copy(update={"event_id": event_of.get(c.source)})
        for c in claims
    ]
    # The extracted tables with each claim's event filled in: no row is encoded again.
    claims_table = claims_table.set_column(
        claims_table.schema.get_field_index("event_id"),
        "event_id",
        pa.array([claim.event_id for claim in claims], type=pa.string()),
    )
    write_atomic(claims_table, root / "claims" / f"{part_name(index)}.parquet")
    write_atomic(
        docs.drop_columns(["date", "head"]), root / "sources" / f"{part_name(index)}.parquet"
    )
    out_buckets: list[tuple[list[Claim], list[Source]]] = [([], []) for _ in range(buckets)]
    for claim in claims:
        out_buckets[bucket_of(related[claim.event_id], buckets)][0].append(claim)
    for source in sources:
        out_buckets[bucket_of(related[event_of[source.id]], buckets)][1].append(source)
    return out_buckets


def compare_bucket(
    bucket: int,
    out: str,
    parts: Sequence[tuple[list[Claim], list[Source]]],
    events: list[Event],
    config: Config,
) -> int:
    """Compare the claims of some groups of related events (the parts in partition
    order, so each group's claims are in the order ``scan`` gives them) and write the
    findings; the number of findings."""
    claims = [claim for part_claims, _ in parts for claim in part_claims]
    sources = {source.id: source for _, part_sources in parts for source in part_sources}
    findings = compare(claims, config, sources, events)
    write_atomic(
        to_table(findings, Finding), Path(out) / "findings" / f"{part_name(bucket)}.parquet"
    )
    return len(findings)


def counts_summary(summaries: Sequence[dict]) -> Counter:
    """Documents, claims and failures over partition summaries."""
    total: Counter = Counter()
    for summary in summaries:
        total["documents"] += summary["documents"]
        total["claims"] += summary["claims"]
        total["failures"] += len(summary["failures"])
    return total
