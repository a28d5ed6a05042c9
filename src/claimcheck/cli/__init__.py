"""The ``claimcheck`` command: a thin typer layer over the library.

Every command reads its input through the library, renders through
:mod:`claimcheck.reports`, prints people's messages on stderr and keeps stdout for the
payload. Exit codes: 0 clean, 1 findings or problems found, 2 unusable input, usage
error or internal error (never 0 on a crash).
"""

from __future__ import annotations

import io
import signal
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from claimcheck import __version__
from claimcheck.cli._choices import REPORT_FORMATS, Severity
from claimcheck.errors import ClaimcheckError, InputError, InputWarning

if TYPE_CHECKING:
    from claimcheck.analysis import Report
    from claimcheck.config import Config

DEFAULT_STORE = Path("claims")

app = typer.Typer(
    name="claimcheck",
    help="Track who says what number: extract figures and their attribution from news "
    "text, and flag disagreements and one-sided figures across documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


#: Formats of ``scan`` and ``report``: every renderer in claimcheck.reports.FORMATS.
ReportFormat = StrEnum("ReportFormat", {name: name for name in REPORT_FORMATS})


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Configuration file (claimcheck.toml or pyproject.toml)."),
]
StoreArgument = Annotated[
    Path, typer.Argument(help="The claim store directory.", show_default=True)
]


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
]


def _write(report: Report, format_name: str, output: Path | None) -> None:
    """Render to stdout, or to a file written whole (never a half-written report)."""
    from claimcheck.reports import render
    from claimcheck.store import write_text_atomic

    if output is None:
        render(report, format_name, sys.stdout)
        return
    buffer = io.StringIO()
    render(report, format_name, buffer)
    try:
        write_text_atomic(output, buffer.getvalue())
    except OSError as exc:
        raise _fail(InputError(output, f"cannot write: {exc.strerror}")) from None
    stderr.print(f"wrote {output}", markup=False)


def _fail(error: ClaimcheckError) -> typer.Exit:
    """Print ``path:line: message`` on one line (editors jump to it) and exit 2."""
    typer.echo(str(error), err=True)
    return typer.Exit(2)


def _config(path: Path | None, store: Path | None = None) -> Config:
    from claimcheck.config import load_config

    return load_config(path, store=store)


def _version(value: bool) -> None:
    if value:
        print(f"claimcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Track who says what number."""


@app.command("scan")
def scan_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="Documents: plain text or Markdown.")
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.text,
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Extract and compare documents without touching any store.

    Reads each file (front matter optional), extracts its figures with their
    attribution, compares them across all the files and prints the report. Exit 0
    whatever is found; 2 when a file cannot be read: the report still covers the other
    files, and each file that could not be read is listed on stderr.

    \b
    Example:
        claimcheck scan news/*.txt --format json > report.json
    """
    from claimcheck.analysis import scan

    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    try:
        report = scan(files, _config(config), errors=errors, warnings=warnings)
    except ClaimcheckError as error:
        raise _fail(error) from None
    for warning in warnings:
        typer.echo(str(warning), err=True)
    if report.sources or not errors:  # no report when not one file could be read
        _write(report, output_format.value, output)
    if errors:
        raise _fail_batch(errors, len(files))


def _fail_batch(errors: list[InputError], total: int) -> typer.Exit:
    """List the files of a batch that could not be used, one per line, and exit 2."""
    for error in errors:
        typer.echo(str(error), err=True)
    stderr.print(f"{len(errors)} of {total} file(s) could not be read", markup=False)
    return typer.Exit(2)


@app.command("extract")
def extract_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="Documents to add or refresh.")
    ],
    store: Annotated[Path, typer.Option("--store", help="The claim store directory.")] = (
        DEFAULT_STORE
    ),
    config: ConfigOption = None,
) -> None:
    """Add documents to a store, or refresh them, and extract their claims.

    Reviewed claims and review notes are always kept: claims the new extraction still
    finds keep their review; reviewed claims it no longer finds are marked vanished.
    A changed document's previous text, and its previous claims file, are kept in the
    store's .history folder; each source is replaced in one step, so a kill or Ctrl-C
    leaves it as it was or fully refreshed. A file that cannot be read is listed on
    stderr and the others are still stored; the exit code is then 2. The store is then
    grouped into events again and each source's event recorded in events.yaml (editors'
    merge and split decisions there are kept). A new store directory is created on
    first use.

    \b
    Example:
        claimcheck extract new-report.md --store claims/
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from claimcheck.analysis import record_events
    from claimcheck.extraction.pipeline import Extractor
    from claimcheck.sources import read_document
    from claimcheck.store import Store

    errors: list[InputError] = []
    try:
        target = Store.open(store, create=True)
        settings = _config(config, store)
        extractor = Extractor(settings)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=stderr,
            transient=True,
        ) as progress:
            task = progress.add_task("extracting", total=len(files))
            extracted: list[str] = []
            for path in files:
                progress.advance(task)
                try:
                    document = read_document(path, settings.max_document_bytes)
                except InputError as error:
                    errors.append(error)
                    continue
                for warning in document.warnings:
                    stderr.print(str(warning), markup=False)
                extracted.append(document.source.id)
                claims = extractor.extract(document)
                result = target.replace_source(document, claims)
                stderr.print(f"{document.source.id}: {result.summary()}", markup=False)
        grouped = record_events(target, settings)
    except ClaimcheckError as error:
        raise _fail(error) from None
    event_of = {sid: event for event in grouped.events for sid in event.sources}
    for source_id in extracted:
        event = event_of[source_id]
        stderr.print(f"{source_id}: event {event.id} ({event.label})", markup=False)
    if errors:
        raise _fail_batch(errors, len(files))


@app.command("validate")
def validate_command(
    store: StoreArgument = DEFAULT_STORE,
    config: ConfigOption = None,
) -> None:
    """Check a store: schema, quotes and spans, hashes, ids, parties, acknowledgements.

    Prints each problem as path:line: code message. Exit 0 when clean, 1 when problems
    are found, 2 when the store cannot be read.

    \b
    Example:
        claimcheck validate claims/
    """
    from claimcheck.checking import load_acknowledgements
    from claimcheck.validate import validate_store

    try:
        problems = validate_store(store, _config(config, store))
        problems += load_acknowledgements(store).problems
    except ClaimcheckError as error:
        raise _fail(error) from None
    for problem in problems:
        print(problem)
    if problems:
        stderr.print(f"{len(problems)} problem(s) found")
        raise typer.Exit(1)
    stderr.print(f"{store}: no problems")


@app.command("report")
def report_command(
    store: StoreArgument = DEFAULT_STORE,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.text,
    min_severity: Annotated[
        Severity | None, typer.Option("--min-severity", help="Hide findings below this.")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only findings involving this source id (repeatable)."),
    ] = None,
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Report disagreements and one-sided figures among the claims of a store or a batch.

    The main report: a summary, each disagreement as a table (value, source and date,
    speaker, party, evidence, verdict and reason), then the one-sided figures grouped
    by party. A directory a batch wrote (it holds batch.json) is read as a store is:
    its Parquet results are rendered as they are. Exit 0 whatever is found; 2 when the
    store cannot be read.

    \b
    Example:
        claimcheck report claims/ --format markdown --min-severity moderate
    """
    from claimcheck import findings
    from claimcheck.analysis import analyse_store, filter_findings
    from claimcheck.batch import MissingExtra, is_batch_output, read_batch
    from claimcheck.store import Store

    try:
        if is_batch_output(store):
            report = read_batch(store, bodies=output_format.value == "html")
        else:
            report = analyse_store(Store.open(store), _config(config, store))
    except MissingExtra as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    except ClaimcheckError as error:
        raise _fail(error) from None
    severity = findings.Severity(min_severity.value) if min_severity is not None else None
    known = {s.id for s in report.sources}
    unknown = [sid for sid in source or [] if sid not in known]
    if unknown:
        raise _fail(InputError(store, f"no source {unknown[0]!r} in it (--source)"))
    report = filter_findings(report, severity, source)
    _write(report, output_format.value, output)


def _register_command_modules() -> None:
    """Commands that live in their own modules of this package register themselves here."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):  # helpers, not commands
            continue
        importlib.import_module(f"{__name__}.{module.name}").register(app)


_register_command_modules()


#: Said when a command is stopped: every file claimcheck writes is replaced whole.
INTERRUPTED = (
    "interrupted: stopped before finishing. Files claimcheck writes are replaced whole, and "
    "a source's document, claims and history together, so each is either as it was or "
    "fully written; run the command again to finish."
)


def _interrupted(_signum: int, _frame: object) -> None:
    """Ctrl-C: say what was kept, then leave with the shell's code for SIGINT."""
    typer.echo(INTERRUPTED, err=True)
    raise SystemExit(130)


def main() -> None:
    """Console-script entry point: run the app, turning crashes into exit code 2."""
    signal.signal(signal.SIGINT, _interrupted)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except InputError as error:  # pragma: no cover - commands catch these themselves
        typer.echo(str(error), err=True)
        sys.exit(2)
    except OSError as error:
        # The system refused (a read-only store, a full disk, a lock it cannot take):
        # say what and where. Atomic writes mean no file was left half-written.
        where = f"{error.filename}: " if error.filename else ""
        typer.echo(
            f"{where}error: {error.strerror or error}. Files claimcheck writes are replaced "
            "whole: none was left half-written.",
            err=True,
        )
        sys.exit(2)
    except Exception as error:
        if _stopped_by_ctrl_c(error):
            # Ctrl-C inside a library that wrapped it (pydantic building a validator on a
            # lazy import): the interruption, not a crash
            raise SystemExit(130) from None
        traceback.print_exc(file=sys.stderr)
        stderr.print("error: internal error; please report it with the traceback above")
        sys.exit(2)


def _stopped_by_ctrl_c(error: BaseException) -> bool:
    """Whether ``error`` was raised while handling the SIGINT handler's exit."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, KeyboardInterrupt) or (
            isinstance(cause, SystemExit) and cause.code == 130
        ):
            return True
        cause = cause.__cause__ or cause.__context__
    return False
