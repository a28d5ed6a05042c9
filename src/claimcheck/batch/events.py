"""The events stage of a batch, streamed: each task reads and writes files of its part.

The scan groups the whole corpus at once (:func:`claimcheck.events.find_events`): the
casing and the document frequencies are the corpus's, candidate pairs come from block
keys shared anywhere in it, and components are cut over all of it. Here each of those
steps is a group-by over files, so no process holds the corpus, and the events are
exactly the scan's:

1. :func:`partition_casing` per partition, summed (:func:`join_casing`) into the batch's
   casing;
2. :func:`partition_features` per partition writes each document's feature counts
   (``features-NNNNN.parquet``) and returns the partition's document frequencies and
   names, summed in order (:func:`join_stats`) into the :class:`Vocabulary`;
3. :func:`weigh_block` per block of partitions weights its rows with the corpus's
   frequencies (``rows-BBBBB.npz``: the very rows of the scan's matrix) and writes each
   row's strongest features, its block keys, grouped by key bucket (``keys-BBBBB``);
4. :func:`pair_bucket` per key bucket reads that bucket's keys from every block and
   makes the candidate pairs, grouped by the block of their first row (``pairs-KKKKK``);
5. :func:`near_block` per block computes its pairs' similarities from the rows and keeps
   those that can join two articles (``near-BBBBB.npy``), which the driver streams into
   connected components (:mod:`claimcheck.batch.run`: an array of a few integers per
   document);
6. :func:`route_block` per block hands each row to the linkage task of its component
   (``route-BBBBB``), and :func:`link_task` clusters its components with average
   linkage and assembles their events (the events dataset), as the scan does.

All files are under ``work/events/`` and written whole (temporary name, then rename).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp

from claimcheck.batch.tables import read_group, to_table, write_atomic, write_grouped
from claimcheck.batch.work import partition_docs
from claimcheck.events import assemble_events, clustering, main_year
from claimcheck.events.clustering import (
    average_linkage,
    block_pairs,
    row_dots,
    top_features,
    weight_counts,
)
from claimcheck.events.features import Casing, document_features, tokens
from claimcheck.model import Event

#: Pairs whose rows are copied at once to compute their similarities.
PAIR_STEP = 2_000
#: Width of an event or related-group id ("e-" or "g-" and 10 hex digits), as bytes.
ID_WIDTH = 12


def events_dir(out: str) -> Path:
    """Where the events stage keeps its files."""
    return Path(out) / "work" / "events"


def _name(kind: str, index: int, suffix: str = "parquet") -> str:
    return f"{kind}-{index:05d}.{suffix}"


@dataclass
class FeatureStats:
    """What the features of some documents add to the corpus's vocabulary: how many
    documents, in how many of them each term is, and each name's first written form
    (in document order)."""

    documents: int = 0
    frequencies: Counter = field(default_factory=Counter)
    surface: dict[str, str] = field(default_factory=dict)


@dataclass
class Vocabulary:
    """The corpus's terms (sorted: the scan's matrix columns), document frequencies and
    names' written forms: proportional to the distinct terms, not to the documents."""

    terms: list[str]
    column: dict[str, int]
    frequencies: np.ndarray
    documents: int
    surface: dict[str, str]


def partition_casing(index: int, out: str, excluded: frozenset[str]) -> Casing:
    """How the partition's documents write each word (summed over partitions, the
    batch's casing, as :func:`claimcheck.events.find_events` counts it)."""
    casing = Casing()
    for head in partition_docs(out, index, excluded, ["head"]).column("head").to_pylist():
        casing.add(head)
    return casing


def join_casing(parts: Sequence[Casing]) -> Casing:
    """The casing of several parts, summed."""
    casing = Casing()
    for part in parts:
        casing.capitalised.update(part.capitalised)
        casing.lower.update(part.lower)
    return casing


FEATURES_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("date", pa.string()),
        ("year", pa.int64()),
        ("terms", pa.list_(pa.string())),
        ("counts", pa.list_(pa.int64())),
    ]
)


def partition_features(
    index: int, out: str, excluded: frozenset[str], casing: Casing
) -> FeatureStats:
    """Each document's feature counts (``features-NNNNN.parquet``), and the partition's
    share of the vocabulary."""
    docs = partition_docs(out, index, excluded, ["id", "date", "head"])
    ids = docs.column("id").to_pylist()
    heads = docs.column("head").to_pylist()
    dates = docs.column("date").to_pylist()
    stats = FeatureStats(documents=len(ids))
    years, terms, counts = [], [], []
    for head, date in zip(heads, dates, strict=True):
        features = document_features(head, casing, dt.date.fromisoformat(date) if date else None)
        for name, written in features.surface.items():
            stats.surface.setdefault(name, written)
        years.append(main_year(dt.date.fromisoformat(date) if date else None, features))
        count = Counter(tokens(features))
        stats.frequencies.update(count.keys())
        terms.append(list(count))
        counts.append(list(count.values()))
    table = pa.table(
        {"id": list(ids), "date": list(dates), "year": years, "terms": terms, "counts": counts},
        schema=FEATURES_SCHEMA,
    )
    write_atomic(table, events_dir(out) / _name("features", index))
    return stats


def join_stats(parts: Sequence[FeatureStats]) -> FeatureStats:
    """Several parts' vocabulary shares, in order (a name keeps its first written form)."""
    joined = FeatureStats()
    for part in parts:
        joined.documents += part.documents
        joined.frequencies.update(part.frequencies)
        for name, written in part.surface.items():
            joined.surface.setdefault(name, written)
    return joined


def vocabulary_of(stats: FeatureStats) -> Vocabulary:
    """The corpus's vocabulary from its joined shares."""
    terms = sorted(stats.frequencies)
    return Vocabulary(
        terms=terms,
        column={term: i for i, term in enumerate(terms)},
        frequencies=np.array([stats.frequencies[t] for t in terms], dtype=np.int64),
        documents=stats.documents,
        surface=stats.surface,
    )


def vocabulary_size(vocabulary: Vocabulary) -> int:
    """The number of terms: the columns of the rows."""
    return len(vocabulary.terms)


def _save_rows(matrix: sp.csr_matrix, path: Path) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, indptr=matrix.indptr, indices=matrix.indices, data=matrix.data)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(buffer.getvalue())
    os.replace(temporary, path)


def load_rows(out: str, block: int, columns: int) -> sp.csr_matrix:
    """The weighted rows of one block, as written by :func:`weigh_block`."""
    with np.load(events_dir(out) / _name("rows", block, "npz")) as saved:
        indptr = saved["indptr"]
        return sp.csr_matrix(
            (saved["data"], saved["indices"], indptr), shape=(len(indptr) - 1, columns)
        )


KEYS_SCHEMA = pa.schema(
    [("bucket", pa.int64()), ("term", pa.int64()), ("row", pa.int64()), ("weight", pa.float64())]
)


def weigh_block(
    block: int,
    partitions: Sequence[int],
    offset: int,
    out: str,
    vocabulary: Vocabulary,
    buckets: int,
) -> int:
    """Weight the rows of a block of partitions (rows ``offset`` on) as in the scan's
    matrix, save them, and write their block keys grouped by key bucket. The rows."""
    where = events_dir(out)
    tables = [
        pq.read_table(where / _name("features", p), columns=["terms", "counts"]) for p in partitions
    ]
    table = pa.concat_tables(tables) if tables else FEATURES_SCHEMA.empty_table()
    terms = table.column("terms").combine_chunks()
    counts = table.column("counts").combine_chunks()
    rows = len(table)
    column = vocabulary.column
    indptr = terms.offsets.to_numpy().astype(np.int64)
    cols = np.fromiter((column[t] for t in terms.values.to_pylist()), dtype=np.int64)
    size = len(vocabulary.terms)
    matrix = sp.csr_matrix(
        (counts.values.to_numpy().astype(np.int64), cols, indptr), shape=(rows, size)
    )
    matrix.sum_duplicates()
    if size:
        matrix = weight_counts(
            matrix, vocabulary.terms, vocabulary.frequencies, vocabulary.documents
        )
    else:
        matrix = matrix.astype(np.float64)
    _save_rows(matrix, where / _name("rows", block, "npz"))
    top = top_features(matrix).tocoo()
    keys = pa.table(
        {
            "bucket": top.col.astype(np.int64) % buckets,
            "term": top.col.astype(np.int64),
            "row": top.row.astype(np.int64) + offset,
            "weight": top.data,
        },
        schema=KEYS_SCHEMA,
    )
    keys = keys.sort_by([("bucket", "ascending"), ("term", "ascending"), ("row", "ascending")])
    write_grouped(keys, where / _name("keys", block), "bucket")
    return rows


PAIRS_SCHEMA = pa.schema([("block", pa.int64()), ("i", pa.int64()), ("j", pa.int64())])


def pair_bucket(bucket: int, out: str, blocks: int, offsets: np.ndarray) -> int:
    """The candidate pairs of the block keys of one bucket (every key's rows, read from
    each block), grouped by the block of the first row. The number of pairs."""
    where = events_dir(out)
    parts = [
        read_group(where / _name("keys", b), "bucket", bucket, ["term", "row", "weight"])
        for b in range(blocks)
    ]
    keys = pa.concat_tables(parts) if parts else KEYS_SCHEMA.empty_table()
    term = keys.column("term").to_numpy()
    row = keys.column("row").to_numpy()
    weight = keys.column("weight").to_numpy()
    order = np.lexsort((row, term))
    term, row, weight = term[order], row[order], weight[order]
    cuts = [0, *(np.flatnonzero(np.diff(term)) + 1).tolist(), len(term)]
    chunks = []
    for start, end in itertools.pairwise(cuts):
        pairs = block_pairs(row[start:end], weight[start:end])
        if pairs is not None:
            chunks.append(pairs)
    if chunks:
        pairs = np.concatenate(chunks)
        pairs.sort(axis=1)
        pairs = np.unique(pairs, axis=0)
    else:
        pairs = np.empty((0, 2), dtype=np.int64)
    block = np.searchsorted(offsets, pairs[:, 0], side="right") - 1
    table = pa.table(
        {"block": block.astype(np.int64), "i": pairs[:, 0], "j": pairs[:, 1]},
        schema=PAIRS_SCHEMA,
    )
    write_grouped(table, where / _name("pairs", bucket), "block")
    return len(pairs)


#: A kept pair, as ``near-BBBBB.npy`` holds it: its rows and their similarity.
NEAR_DTYPE = np.dtype([("i", "<i8"), ("j", "<i8"), ("sim", "<f8")])


def near_block(block: int, out: str, buckets: int, offsets: np.ndarray, columns: int) -> int:
    """The similarity of the candidate pairs whose first row is in ``block``, kept when
    it is high enough to join two articles at all (``near-BBBBB.npy``). The pairs kept.

    A plain NumPy file, not Parquet: the driver maps it into memory to join the pairs
    into components (:func:`near_pairs`), so reading it allocates nothing that could
    stay with the driver's allocators, however many pairs a block keeps.
    """
    where = events_dir(out)
    parts = [
        read_group(where / _name("pairs", k), "block", block, ["i", "j"]) for k in range(buckets)
    ]
    table = pa.concat_tables(parts) if parts else PAIRS_SCHEMA.empty_table().select(["i", "j"])
    pairs = np.stack([table.column("i").to_numpy(), table.column("j").to_numpy()], axis=1)
    pairs = np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2).astype(np.int64)
    sims = np.empty(len(pairs))
    if len(pairs):
        own = load_rows(out, block, columns)
        left = pairs[:, 0] - offsets[block]
        other = np.searchsorted(offsets, pairs[:, 1], side="right") - 1
        for b in np.unique(other):
            rows = own if b == block else load_rows(out, int(b), columns)
            chosen = np.flatnonzero(other == b)
            for start in range(0, len(chosen), PAIR_STEP):  # each step copies its rows
                step = chosen[start : start + PAIR_STEP]
                sims[step] = row_dots(own[left[step]], rows[pairs[step, 1] - offsets[b]])
    keep = sims >= clustering.RELATED_SIMILARITY
    near = np.empty(int(keep.sum()), dtype=NEAR_DTYPE)
    near["i"], near["j"], near["sim"] = pairs[keep, 0], pairs[keep, 1], sims[keep]
    path = where / _name("near", block, "npy")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as file:
        np.save(file, near)
    os.replace(temporary, path)
    return len(near)


def near_pairs(out: str, block: int) -> np.ndarray:
    """The pairs a block kept (fields ``i``, ``j``, ``sim``), mapped from its file: the
    pages are the file's, read as they are used and given back when it is unmapped."""
    return np.load(events_dir(out) / _name("near", block, "npy"), mmap_mode="r")


ROUTE_SCHEMA = pa.schema(
    [
        ("task", pa.int64()),
        ("row", pa.int64()),
        ("component", pa.int64()),
        ("id", pa.string()),
        ("date", pa.string()),
        ("year", pa.int64()),
        ("indices", pa.list_(pa.int32())),
        ("data", pa.list_(pa.float64())),
    ]
)


def route_block(
    block: int,
    partitions: Sequence[int],
    offset: int,
    out: str,
    columns: int,
    components: np.ndarray,
    tasks: np.ndarray,
) -> int:
    """Hand each row of a block, with its document's id, date and main year, to the
    linkage task of its component (``route-BBBBB``, grouped by task)."""
    where = events_dir(out)
    parts = [
        pq.read_table(where / _name("features", p), columns=["id", "date", "year"])
        for p in partitions
    ]
    meta = pa.concat_tables(parts) if parts else FEATURES_SCHEMA.empty_table()
    rows = load_rows(out, block, columns)
    indices = pa.ListArray.from_arrays(
        pa.array(rows.indptr.astype(np.int32)), pa.array(rows.indices.astype(np.int32))
    )
    data = pa.ListArray.from_arrays(pa.array(rows.indptr.astype(np.int32)), pa.array(rows.data))
    table = pa.table(
        {
            "task": np.asarray(tasks, dtype=np.int64),
            "row": np.arange(offset, offset + rows.shape[0], dtype=np.int64),
            "component": np.asarray(components, dtype=np.int64),
            "id": meta.column("id"),
            "date": meta.column("date"),
            "year": meta.column("year"),
            "indices": indices,
            "data": data,
        },
        schema=ROUTE_SCHEMA,
    )
    order = np.argsort(table.column("task").to_numpy(), kind="stable")
    write_grouped(table.take(order), where / _name("route", block), "task")
    return rows.shape[0]


def link_task(
    task: int, out: str, blocks: int, vocabulary: Vocabulary, giants: frozenset[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Cluster the components of one task and write their events (``events/``).

    Each component is cut with average linkage, as the scan cuts it, unless it is one of
    ``giants`` (copies of one story, too many to cluster densely: one event). Returns
    the task's rows, each row's event id and related-group id, and the number of events.
    """
    parts = [read_group(events_dir(out) / _name("route", b), "task", task) for b in range(blocks)]
    table = pa.concat_tables(parts) if parts else ROUTE_SCHEMA.empty_table()
    rows = table.column("row").to_numpy()
    component = table.column("component").to_numpy()
    years = table.column("year").to_numpy()
    ids = table.column("id").to_pylist()
    dates = [dt.date.fromisoformat(d) if d else None for d in table.column("date").to_pylist()]
    indices = table.column("indices").combine_chunks()
    data = table.column("data").combine_chunks()
    matrix = sp.csr_matrix(
        (
            data.values.to_numpy(),
            indices.values.to_numpy(),
            indices.offsets.to_numpy().astype(np.int64),
        ),
        shape=(len(rows), len(vocabulary.terms)),
    )
    labels = np.full(len(rows), -1, dtype=np.int64)
    groups = np.full(len(rows), -1, dtype=np.int64)
    next_label = next_group = 0
    for value in np.unique(component):
        members = np.flatnonzero(component == value)
        if int(value) in giants:
            labels[members], groups[members] = next_label, next_group
            next_label, next_group = next_label + 1, next_group + 1
            continue
        events, related = average_linkage(matrix, members, years)
        labels[members] = events + next_label
        groups[members] = related + next_group
        next_label += int(events.max()) + 1
        next_group += int(related.max()) + 1
    index = assemble_events(
        ids, dates, years, vocabulary.surface, matrix, vocabulary.terms, labels, groups
    )
    write_atomic(to_table(index.events, Event), Path(out) / "events" / _name("part", task))
    related_of = {event.id: event.related or event.id for event in index.events}
    event_ids = np.array([index.event_of[sid] for sid in ids], dtype=f"S{ID_WIDTH}")
    related_ids = np.array([related_of[index.event_of[sid]] for sid in ids], dtype=f"S{ID_WIDTH}")
    return rows, event_ids, related_ids, len(index.events)
