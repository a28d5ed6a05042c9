"""Models as Parquet tables and back: one column per field of the JSON report.

A field that is text, a date, an enumeration, a number or a flag is a column of that
Arrow type (dates and date-times as ISO text, as the JSON report writes them); a list of
text or of integers is a list column; anything else nested (a claim's ``value``,
``attribution``, ``review`` and spans, a finding's ``verdicts``, a source's
``metadata``) is a column of its JSON text, exactly as the JSON report writes it.
Extra columns that the JSON report does not have (a claim's ``region``, a source's
``path``) are passed apart and read back apart.

Every file is written whole under a temporary name and then renamed, so a reader (or a
resumed run) never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
import os
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pydantic import BaseModel

#: Arrow type of a column that holds a nested field as JSON text.
JSON = "json"


def _plain(annotation: Any) -> Any:
    """The annotation without ``None`` and ``Annotated``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain(kept[0]) if len(kept) == 1 else annotation
    return annotation


def _arrow_type(annotation: Any) -> pa.DataType | str:
    plain = _plain(annotation)
    if plain is bool:
        return pa.bool_()
    if plain is int:
        return pa.int64()
    if plain is float:
        return pa.float64()
    if plain in (str, dt.date, dt.datetime) or (
        isinstance(plain, type) and issubclass(plain, enum.Enum)
    ):
        return pa.string()
    if typing.get_origin(plain) is typing.Literal:
        return pa.string()
    if typing.get_origin(plain) is list:
        (item,) = typing.get_args(plain) or (Any,)
        item_type = _arrow_type(item)
        if item_type in (pa.string(), pa.int64()):
            return pa.list_(item_type)
    return JSON


def columns(model: type[BaseModel]) -> dict[str, pa.DataType | str]:
    """Each field of ``model`` (by its JSON name) and its column type."""
    return {
        info.serialization_alias or name: _arrow_type(info.annotation)
        for name, info in model.model_fields.items()
    }


def schema(model: type[BaseModel], extra: dict[str, pa.DataType] | None = None) -> pa.Schema:
    """The Arrow schema of a table of ``model`` rows, with ``extra`` columns after them."""
    fields = [
        pa.field(name, pa.string() if kind == JSON else kind)
        for name, kind in columns(model).items()
    ]
    fields += [pa.field(name, kind) for name, kind in (extra or {}).items()]
    return pa.schema(fields)


def to_table(
    rows: Sequence[BaseModel],
    model: type[BaseModel],
    extra: dict[str, tuple[pa.DataType, Sequence[Any]]] | None = None,
) -> pa.Table:
    """A table of ``rows``; ``extra`` maps a column name to its type and values."""
    kinds = columns(model)
    dumped = [row.model_dump(mode="json", by_alias=True) for row in rows]
    data: dict[str, list[Any]] = {}
    for name, kind in kinds.items():
        values = [item.get(name) for item in dumped]
        if kind == JSON:
            values = [json.dumps(v, ensure_ascii=False, sort_keys=False) for v in values]
        data[name] = values
    extra = extra or {}
    for name, (_, values) in extra.items():
        data[name] = list(values)
    return pa.table(data, schema=schema(model, {n: t for n, (t, _) in extra.items()}))


def from_table(table: pa.Table, model: type[BaseModel]) -> list[Any]:
    """The rows of a table written by :func:`to_table`, as ``model`` instances."""
    kinds = columns(model)
    present = [name for name in kinds if name in table.column_names]
    data = {name: table.column(name).to_pylist() for name in present}
    out = []
    for i in range(table.num_rows):
        item = {}
        for name in present:
            value = data[name][i]
            item[name] = json.loads(value) if kinds[name] == JSON else value
        out.append(model.model_validate(item))
    return out


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file whole: to a temporary name beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def write_json_atomic(data: Any, path: Path) -> None:
    """Write a JSON file whole (temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def read_dataset(directory: Path) -> Iterable[pa.Table]:
    """The tables of a dataset directory, one per ``part-*.parquet`` file, in name order."""
    for path in sorted(directory.glob("part-*.parquet")):
        yield pq.read_table(path)


def write_grouped(table: pa.Table, path: Path, column: str) -> None:
    """Write a table sorted by the integer ``column`` whole (as :func:`write_atomic`),
    one row group per value, so that :func:`read_group` reads one value's rows alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    values = table.column(column).to_numpy()
    cuts = [0, *(np.flatnonzero(np.diff(values)) + 1).tolist(), len(values)]
    with pq.ParquetWriter(temporary, table.schema) as writer:
        for start, end in itertools.pairwise(cuts):
            if end > start:
                writer.write_table(table.slice(start, end - start))
    os.replace(temporary, path)


def read_group(path: Path, column: str, value: int, columns: list[str] | None = None) -> pa.Table:
    """The rows of a file written by :func:`write_grouped` whose ``column`` is ``value``:
    only their row group is read (found from the footer's statistics)."""
    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    index = parquet.schema_arrow.get_field_index(column)
    groups = []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(index).statistics
        if stats is None or not stats.has_min_max or stats.min <= value <= stats.max:
            groups.append(i)
    wanted = None if columns is None else list(dict.fromkeys([*columns, column]))
    if not groups:
        table = parquet.schema_arrow.empty_table()
    else:
        table = parquet.read_row_groups(groups, columns=wanted)
        table = table.filter(pc.equal(table.column(column), value))
    return table if columns is None else table.select(columns)
