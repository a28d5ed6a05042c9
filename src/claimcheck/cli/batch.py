"""``claimcheck batch``: the scan's pipeline on Dask, for archives.

Thin: the work is in :mod:`claimcheck.batch`, which imports Dask only when it runs; this
module parses options, prints progress and failures, and says how to install the
``scale`` extra when it is missing.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.batch import MissingExtra, run_batch
from claimcheck.cli import ConfigOption, _config, _fail, stderr
from claimcheck.errors import ClaimcheckError, InputError

#: Files a directory given as input contributes.
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")


def _expand(inputs: list[Path]) -> Iterator[Path]:
    """Files as given; a directory's documents (.txt, .md), in name order.

    Streamed, one directory's names at a time, so an archive of millions of files is
    never listed in memory whole; the order is that of the sorted paths."""
    for path in inputs:
        if path.is_dir():
            yield from _documents_under(path)
        else:
            yield path


def _documents_under(folder: Path) -> Iterator[Path]:
    with os.scandir(folder) as listing:
        entries = sorted((entry.name, entry.is_dir()) for entry in listing)
    for name, is_dir in entries:
        path = folder / name
        if is_dir:
            yield from _documents_under(path)
        elif path.suffix in DOCUMENT_SUFFIXES and path.is_file():
            yield path


def batch_command(
    docs: Annotated[
        list[Path],
        typer.Argument(metavar="DOCS...", help="Documents, or directories of .txt/.md files."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output directory: Parquet datasets and batch.json.")
    ],
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="Worker processes of the local cluster."),
    ] = os.cpu_count() or 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="A Dask scheduler (tcp://host:8786) instead of a local cluster.",
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Documents per partition.")
    ] = 64,
    config: ConfigOption = None,
) -> None:
    """Extract and compare an archive on Dask, with the same answers as scan.

    Documents are read in partitions; each partition is extracted on a worker (a local
    cluster of --workers processes, or the cluster of --scheduler), the whole corpus is
    grouped into events once, and claims are compared grouped by event. Claims, events,
    findings, sources and failures are written to --out as Parquet datasets; `claimcheck
    report DIR` renders them in any format. Run the same command again after an
    interruption: partitions already extracted are not redone. Needs the scale extra
    (pip install 'claimcheck[scale]'). Exit 0; 2 when a file cannot be read (the rest is
    still done, and the file listed on stderr and in DIR/failures) or the batch cannot run.

    \b
    Example:
        claimcheck batch archive/ --out runs/2024 --workers 8
    """
    paths = _expand(docs)
    first = next(paths, None)
    if first is None:
        raise _fail(InputError(docs[0] if docs else None, "no documents to read"))
    try:
        settings = _config(config)
        given = [0]  # files streamed to the batch, for the failures line

        def counted(files: Iterator[Path]) -> Iterator[Path]:
            for path in files:
                given[0] += 1
                yield path

        result = run_batch(
            counted(itertools.chain([first], paths)),
            out,
            settings,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition_size,
            progress=lambda message: stderr.print(message, markup=False),
        )
    except MissingExtra as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    except ClaimcheckError as error:
        raise _fail(error) from None
    except OSError as error:  # a scheduler that cannot be reached
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    for failure in result.failures:
        line = f":{failure['line']}" if failure["line"] is not None else ""
        typer.echo(f"{failure['path']}{line}: {failure['message']}", err=True)
    stderr.print(
        f"{out}: {result.documents} sources, {result.claims} claims, {result.events} events, "
        f"{result.findings} findings in {result.seconds.get('total', 0):.1f}s"
        + (f"; {result.resumed} partition(s) already done" if result.resumed else ""),
        markup=False,
    )
    if result.failures:
        stderr.print(
            f"{len(result.failures)} of {given[0]} file(s) could not be read", markup=False
        )
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``batch`` to the claimcheck app."""
    app.command("batch")(batch_command)
