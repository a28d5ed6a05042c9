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
import heapq
import io
import itertools
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
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
from claimcheck.events.features import (
    _TOKEN,
    READ_CHARS,
    Casing,
    _norm,
    document_features,
    tokens,
)
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


CASING_SCHEMA = pa.schema(
    [("word", pa.string()), ("capitalised", pa.int64()), ("lower", pa.int64())]
)
TERMS_SCHEMA = pa.schema([("term", pa.string()), ("frequency", pa.int64())])
SURFACE_SCHEMA = pa.schema([("name", pa.string()), ("written", pa.string())])
#: Rows of a sorted file read or written at once when sorted files are merged.
MERGE_BATCH = 8192


@dataclass(frozen=True)
class FeatureStats:
    """What the features of some documents add to the corpus's vocabulary: how many
    documents, in how many of them each term is (``terms``: a sorted file of term and
    frequency), and each name's first written form, in document order (``surface``: a
    sorted file of name and written form)."""

    documents: int
    terms: str
    surface: str


@dataclass(frozen=True)
class Vocabulary:
    """Where the corpus's vocabulary is: ``terms`` holds its terms, sorted (the scan's
    matrix columns), with their document frequencies, and ``surface`` the names'
    written forms, sorted by name.

    Tasks read the files a record batch at a time and keep only the terms of their own
    rows, so what a worker holds of the vocabulary is proportional to the rows of its
    task, not to the corpus's distinct terms (which every new story adds to).
    """

    terms: str
    surface: str
    size: int
    documents: int


def _write_arrow(table: pa.Table, path: Path) -> None:
    """Write an Arrow IPC file whole (temporary name, then rename), in record batches
    of ``MERGE_BATCH`` rows."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with pa.OSFile(str(temporary), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=MERGE_BATCH)
    os.replace(temporary, path)


def _batches(path: str | Path) -> Iterator[pa.RecordBatch]:
    """The record batches of a file written by :func:`_write_arrow`, one at a time.

    Read, not mapped: a mapped file's pages count in the task's resident memory for
    as long as it is mapped, so a task scanning the vocabulary would hold all of it;
    read, the task holds one batch, and the pages stay in the system's file cache.
    """
    with pa.OSFile(str(path)) as source:
        reader = pa.ipc.open_file(source)
        for b in range(reader.num_record_batches):
            yield reader.get_batch(b)


def _rows(path: str) -> Iterator[tuple]:
    """The rows of a file written by :func:`_write_arrow`, a record batch at a time."""
    for batch in _batches(path):
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _select(path: str, column: str, values: Sequence[str], schema: pa.Schema) -> pa.Table:
    """The rows of a file whose ``column`` is one of ``values`` (a scan of the file)."""
    wanted = pa.array(sorted(set(values)), type=pa.string())
    return pa.Table.from_batches(
        [b.filter(pc.is_in(b.column(column), value_set=wanted)) for b in _batches(path)],
        schema=schema,
    )


def _take(path: str, positions: np.ndarray, schema: pa.Schema) -> pa.Table:
    """The rows of a file at ``positions`` (ascending), in that order."""
    chosen, offset = [], 0
    for batch in _batches(path):
        start, end = np.searchsorted(positions, [offset, offset + batch.num_rows])
        if end > start:
            chosen.append(batch.take(pa.array(positions[start:end] - offset, type=pa.int64())))
        offset += batch.num_rows
    return pa.Table.from_batches(chosen, schema=schema)


def _keyed(k: int, rows: Iterator[tuple]) -> Iterator[tuple]:
    """Each row as (key, part, values): equal keys come in the parts' order."""
    for row in rows:
        yield row[0], k, row[1:]


def _span(path: str) -> tuple[str, str, str]:
    """The kind and the first and last partitions of a file of shares:
    ``casing-00003.arrow`` or ``casing-00000-00015.arrow``."""
    kind, first, *last = Path(path).stem.split("-")
    return kind, first, last[-1] if last else first


def _merge(parts: Sequence[str], schema: pa.Schema, keep: str) -> str:
    """Merge sorted files of shares, in partition order, into one sorted file: the
    sums of each key's counts (``keep="sum"``) or its first value (``"first"``: the
    value of the earliest part). Streamed: a record batch of each part at a time."""
    if len(parts) == 1:
        return parts[0]
    kind, first, _ = _span(parts[0])
    path = Path(parts[0]).with_name(f"{kind}-{first}-{_span(parts[-1])[2]}.arrow")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    names = schema.names
    with ExitStack() as stack:
        sink = stack.enter_context(pa.OSFile(str(temporary), "wb"))
        writer = stack.enter_context(pa.ipc.new_file(sink, schema))
        merged = heapq.merge(*(_keyed(k, _rows(part)) for k, part in enumerate(parts)))
        out: list[list] = [[] for _ in names]

        def flush() -> None:
            writer.write_table(pa.table(dict(zip(names, out, strict=True)), schema=schema))
            for column in out:
                column.clear()

        for key, group in itertools.groupby(merged, key=lambda item: item[0]):
            values = [item[2] for item in group]
            out[0].append(key)
            if keep == "sum":
                for c, total in enumerate(map(sum, zip(*values, strict=True)), start=1):
                    out[c].append(total)
            else:
                for c, value in enumerate(values[0], start=1):
                    out[c].append(value)
            if len(out[0]) >= MERGE_BATCH:
                flush()
        if out[0]:
            flush()
    os.replace(temporary, path)
    return str(path)


def _count(path: str) -> int:
    with pa.OSFile(path) as source:
        return pa.ipc.open_file(source).count_rows()


def _casing_table(casing: Casing) -> pa.Table:
    words = sorted(casing.capitalised.keys() | casing.lower.keys())
    return pa.table(
        {
            "word": words,
            "capitalised": [casing.capitalised[w] for w in words],
            "lower": [casing.lower[w] for w in words],
        },
        schema=CASING_SCHEMA,
    )


def partition_casing(index: int, out: str, excluded: frozenset[str]) -> str:
    """How the partition's documents write each word: ``casing-NNNNN.arrow`` (word,
    capitalised, lower; sorted by word), summed over partitions into the batch's
    casing, as :func:`claimcheck.events.find_events` counts it. The file's path."""
    casing = Casing()
    for head in partition_docs(out, index, excluded, ["head"]).column("head").to_pylist():
        casing.add(head)
    path = events_dir(out) / _name("casing", index, "arrow")
    _write_arrow(_casing_table(casing), path)
    return str(path)


def join_casing(parts: Sequence[str]) -> str:
    """The casing of several consecutive parts, summed, in a file of its own."""
    return _merge(parts, CASING_SCHEMA, "sum")


def _casing_of(casing: str, heads: Sequence[str]) -> Casing:
    """The batch's casing (the file ``casing``) of the words of ``heads``: all that
    :func:`~claimcheck.events.features.document_features` asks of it for them."""
    words = {
        _norm(match.group())
        for head in heads
        for match in _TOKEN.finditer(head[:READ_CHARS])
        if not match.group()[0].isdigit()
    }
    found = Casing()
    chosen = _select(casing, "word", list(words), CASING_SCHEMA)
    for word, capitalised, lower in zip(
        chosen.column("word").to_pylist(),
        chosen.column("capitalised").to_pylist(),
        chosen.column("lower").to_pylist(),
        strict=True,
    ):
        if capitalised:
            found.capitalised[word] = capitalised
        if lower:
            found.lower[word] = lower
    return found


FEATURES_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("date", pa.string()),
        ("year", pa.int64()),
        ("terms", pa.list_(pa.string())),
        ("counts", pa.list_(pa.int64())),
    ]
)


def partition_features(index: int, out: str, excluded: frozenset[str], casing: str) -> FeatureStats:
    """Each document's feature counts (``features-NNNNN.parquet``), and the partition's
    share of the vocabulary (``terms-NNNNN.arrow``, ``surface-NNNNN.arrow``), read with
    the batch's casing (the file ``casing``)."""
    docs = partition_docs(out, index, excluded, ["id", "date", "head"])
    ids = docs.column("id").to_pylist()
    heads = docs.column("head").to_pylist()
    dates = docs.column("date").to_pylist()
    words = _casing_of(casing, heads)
    frequencies: Counter[str] = Counter()
    surface: dict[str, str] = {}
    years, terms, counts = [], [], []
    for head, date in zip(heads, dates, strict=True):
        features = document_features(head, words, dt.date.fromisoformat(date) if date else None)
        for name, written in features.surface.items():
            surface.setdefault(name, written)
        years.append(main_year(dt.date.fromisoformat(date) if date else None, features))
        count = Counter(tokens(features))
        frequencies.update(count.keys())
        terms.append(list(count))
        counts.append(list(count.values()))
    table = pa.table(
        {"id": list(ids), "date": list(dates), "year": years, "terms": terms, "counts": counts},
        schema=FEATURES_SCHEMA,
    )
    where = events_dir(out)
    write_atomic(table, where / _name("features", index))
    shares = FeatureStats(
        documents=len(ids),
        terms=str(where / _name("terms", index, "arrow")),
        surface=str(where / _name("surface", index, "arrow")),
    )
    ordered = sorted(frequencies)
    _write_arrow(
        pa.table(
            {"term": ordered, "frequency": [frequencies[t] for t in ordered]}, schema=TERMS_SCHEMA
        ),
        Path(shares.terms),
    )
    ordered = sorted(surface)
    _write_arrow(
        pa.table(
            {"name": ordered, "written": [surface[n] for n in ordered]}, schema=SURFACE_SCHEMA
        ),
        Path(shares.surface),
    )
    return shares


def join_stats(parts: Sequence[FeatureStats]) -> FeatureStats:
    """Several consecutive parts' vocabulary shares, in order (a name keeps its first
    written form), in files of their own."""
    return FeatureStats(
        documents=sum(part.documents for part in parts),
        terms=_merge([part.terms for part in parts], TERMS_SCHEMA, "sum"),
        surface=_merge([part.surface for part in parts], SURFACE_SCHEMA, "first"),
    )


def vocabulary_of(stats: FeatureStats | None, out: str) -> Vocabulary:
    """The corpus's vocabulary from its joined shares: the terms are sorted as Python
    sorts them (the shares are merged in that order)."""
    if stats is None:
        stats = FeatureStats(
            documents=0,
            terms=str(events_dir(out) / "terms.arrow"),
            surface=str(events_dir(out) / "surface.arrow"),
        )
        _write_arrow(TERMS_SCHEMA.empty_table(), Path(stats.terms))
        _write_arrow(SURFACE_SCHEMA.empty_table(), Path(stats.surface))
    return Vocabulary(
        terms=stats.terms,
        surface=stats.surface,
        size=_count(stats.terms),
        documents=stats.documents,
    )


def _columns_of(vocabulary: Vocabulary, terms: pa.Array) -> tuple[np.ndarray, np.ndarray, pa.Table]:
    """The column of each of ``terms`` (every one a term of the vocabulary), the
    columns they use (ascending), and the vocabulary's rows of those columns.

    The vocabulary's terms are probed against the distinct ``terms`` (a hash of those,
    not of the whole vocabulary), reading the file once, a record batch at a time.
    """
    distinct = pc.unique(terms)
    column = np.full(len(distinct), -1, dtype=np.int64)
    used, rows, offset = [], [], 0
    for batch in _batches(vocabulary.terms):
        where = pc.index_in(batch.column("term"), value_set=distinct)
        hit = np.flatnonzero(pc.is_valid(where).to_numpy(zero_copy_only=False))
        if len(hit):
            column[pc.take(where, pa.array(hit)).to_numpy()] = hit + offset
            used.append(hit + offset)
            rows.append(batch.take(pa.array(hit)))
        offset += batch.num_rows
    if (column < 0).any():
        raise ValueError("a term of the rows is not in the vocabulary")
    found = np.concatenate(used) if used else np.zeros(0, dtype=np.int64)
    table = pa.Table.from_batches(rows, schema=TERMS_SCHEMA)
    return column[pc.index_in(terms, value_set=distinct).to_numpy()], found, table


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
    indptr = terms.offsets.to_numpy().astype(np.int64)
    # The block's own columns, in the vocabulary's order: weighting works kind by kind
    # and row by row, so the columns no row of the block has change nothing.
    cols, used, own = _columns_of(vocabulary, terms.values)
    matrix = sp.csr_matrix(
        (counts.values.to_numpy().astype(np.int64), np.searchsorted(used, cols), indptr),
        shape=(rows, len(used)),
    )
    matrix.sum_duplicates()
    if len(used):
        matrix = weight_counts(
            matrix,
            own.column("term").to_pylist(),
            own.column("frequency").to_numpy(),
            vocabulary.documents,
        )
    else:
        matrix = matrix.astype(np.float64)
    matrix = sp.csr_matrix(
        (matrix.data, used[matrix.indices], matrix.indptr), shape=(rows, vocabulary.size)
    )
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
    # The task's own columns, in the vocabulary's order: similarities and the features
    # an event's sources share are the same without the columns none of them has.
    columns = indices.values.to_numpy().astype(np.int64)
    used = np.unique(columns)
    matrix = sp.csr_matrix(
        (
            data.values.to_numpy(),
            np.searchsorted(used, columns),
            indices.offsets.to_numpy().astype(np.int64),
        ),
        shape=(len(rows), len(used)),
    )
    terms = _take(vocabulary.terms, used, TERMS_SCHEMA).column("term").to_pylist()
    # The written forms of the task's names, looked for in the sorted file of them.
    names = {t[len("names:") :].removeprefix("~") for t in terms if t.startswith("names:")}
    chosen = _select(vocabulary.surface, "name", list(names), SURFACE_SCHEMA)
    surface = dict(
        zip(chosen.column("name").to_pylist(), chosen.column("written").to_pylist(), strict=True)
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
    index = assemble_events(ids, dates, years, surface, matrix, terms, labels, groups)
    write_atomic(to_table(index.events, Event), Path(out) / "events" / _name("part", task))
    related_of = {event.id: event.related or event.id for event in index.events}
    event_ids = np.array([index.event_of[sid] for sid in ids], dtype=f"S{ID_WIDTH}")
    related_ids = np.array([related_of[index.event_of[sid]] for sid in ids], dtype=f"S{ID_WIDTH}")
    return rows, event_ids, related_ids, len(index.events)
