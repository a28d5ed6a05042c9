"""Reading a batch's Parquet results back into a :class:`~claimcheck.analysis.Report`."""

from __future__ import annotations

from pathlib import Path

from claimcheck.analysis import Report
from claimcheck.batch.tables import from_table, read_dataset
from claimcheck.comparison import finding_order
from claimcheck.errors import InputError
from claimcheck.events import event_order
from claimcheck.findings import Finding
from claimcheck.model import Claim, Event, Source
from claimcheck.sources import read_document


def read_report(path: Path, bodies: bool = False) -> Report:
    """The report of a finished batch in ``path`` (see :func:`claimcheck.batch.read_batch`)."""
    sources: list[Source] = []
    paths: dict[str, str] = {}
    for table in read_dataset(path / "sources"):
        sources.extend(from_table(table, Source))
        ids, files = table.column("id").to_pylist(), table.column("path").to_pylist()
        paths.update(zip(ids, files, strict=True))
    claims: list[Claim] = []
    regions: dict[str, tuple[int, int, int, int]] = {}
    for table in read_dataset(path / "claims"):
        part = from_table(table, Claim)
        claims.extend(part)
        for claim, region in zip(part, table.column("region").to_pylist(), strict=True):
            if region is not None:
                regions[claim.id] = tuple(region)
    events: list[Event] = []
    for table in read_dataset(path / "events"):
        events.extend(from_table(table, Event))
    events.sort(key=event_order)  # each part of the dataset is one linkage task's
    findings: list[Finding] = []
    for table in read_dataset(path / "findings"):
        findings.extend(from_table(table, Finding))
    findings.sort(key=finding_order)
    texts: dict[str, str] = {}
    if bodies:
        for sid, file in paths.items():
            try:
                texts[sid] = read_document(Path(file)).body
            except InputError:
                continue
    return Report(
        sources=sources,
        events=events,
        claims=claims,
        findings=findings,
        paths=paths,
        regions=regions,
        bodies=texts,
    )
