"""``claimcheck events`` and ``claimcheck event merge|split``: the grouping into events.

Thin: grouping lives in :mod:`claimcheck.events`, decisions in
:func:`claimcheck.analysis.decide_event`; this module parses options and prints.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimcheck.cli import DEFAULT_STORE, ConfigOption, _config, _fail, stderr
from claimcheck.errors import ClaimcheckError, InputError

if TYPE_CHECKING:
    from claimcheck.analysis import Report

event_app = typer.Typer(
    name="event",
    help="Correct how sources are grouped into events: merge or split, with who, when and "
    "why, kept in the store's events.yaml.\n\n\b\nExample:\n"
    '    claimcheck event merge ap-quake reuters-quake --reason "same quake"',
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)


class EventsFormat(StrEnum):
    text = "text"
    json = "json"


def _report(inputs: list[Path], config: Path | None) -> Report:
    """A store (one directory, default claims/) or documents, compared."""
    from claimcheck.analysis import analyse_store, scan
    from claimcheck.batch import is_batch_output, read_batch
    from claimcheck.store import Store

    if not inputs:
        inputs = [DEFAULT_STORE]
    if len(inputs) == 1 and is_batch_output(inputs[0]):
        return read_batch(inputs[0])
    if len(inputs) == 1 and inputs[0].is_dir():
        return analyse_store(Store.open(inputs[0]), _config(config, inputs[0]))
    directories = [p for p in inputs if p.is_dir()]
    if directories:
        raise InputError(directories[0], "give one store directory, or document files")
    return scan(inputs, _config(config))


def events_command(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[STORE|FILE...]", help="A claim store, or documents."),
    ] = None,
    output_format: Annotated[
        EventsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EventsFormat.text,
    config: ConfigOption = None,
) -> None:
    """List the events the sources report, with their sources and why they were grouped.

    Each event has an id, a label (key word, main names, month), its date span, the
    sources it groups, the names, words and dates those sources share, and the editors'
    decisions that shaped it. Figures are compared only inside one event. Exit 0; 2 when
    the input cannot be read.

    \b
    Example:
        claimcheck events claims/
    """
    try:
        report = _report(inputs or [], config)
    except ClaimcheckError as error:
        raise _fail(error) from None
    if output_format is EventsFormat.json:
        json.dump(
            [event.model_dump(mode="json") for event in report.events],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    titles = {source.id: source.title for source in report.sources}
    for event in report.events:
        span = ""
        if event.start is not None:
            span = f" [{event.start}" + (f" to {event.end}]" if event.end != event.start else "]")
        print(f"{event.id}  {event.label}{span}")
        if event.shared:
            print(f"  shared: {', '.join(event.shared)}")
        if event.decisions:
            print(f"  shaped by decisions {', '.join(map(str, event.decisions))} (events.yaml)")
        for source in event.sources:
            title = f"  {titles[source]}" if titles.get(source) else ""
            print(f"  - {source}{title}")
    stderr.print(f"{len(report.sources)} sources in {len(report.events)} events", markup=False)


EditorOption = Annotated[
    str | None,
    typer.Option("--editor", help="Who decides [default: git config user.name]."),
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why, for the record.")]
StoreOption = Annotated[Path, typer.Option("--store", help="The claim store directory.")]
SourcesArgument = Annotated[list[str], typer.Argument(metavar="SOURCE...", help="Source ids.")]


def _decide(
    action: str,
    sources: list[str],
    reason: str,
    editor: str | None,
    store: Path,
    config: Path | None,
) -> None:
    from claimcheck.analysis import decide_event
    from claimcheck.review import resolve_editor
    from claimcheck.store import Store

    if not reason.strip():
        typer.echo(f"error: --reason must say why the events are {action}d", err=True)
        raise typer.Exit(2)
    who = resolve_editor(editor, store if store.is_dir() else None)
    try:
        report = decide_event(
            Store.open(store), _config(config, store), action, sources, who, reason
        )
    except ClaimcheckError as error:
        raise _fail(error) from None
    by_source = {sid: event for event in report.events for sid in event.sources}
    shown = {by_source[sid].id: by_source[sid] for sid in sources}
    for event in shown.values():
        stderr.print(f"{event.id} {event.label}: {', '.join(event.sources)}", markup=False)


def merge_command(
    sources: SourcesArgument,
    reason: ReasonOption,
    editor: EditorOption = None,
    store: StoreOption = DEFAULT_STORE,
    config: ConfigOption = None,
) -> None:
    """Put the events of these sources together: they report one real-world event.

    The decision (who, when, why) is appended to the store's events.yaml and applied
    every time the store is grouped again, whatever extraction finds. Exit 2 when a
    source is not in the store or the reason is empty.

    \b
    Example:
        claimcheck event merge ap-quake-0712 reuters-quake-0713 --reason "same quake"
    """
    _decide("merge", sources, reason, editor, store, config)


def split_command(
    sources: SourcesArgument,
    reason: ReasonOption,
    editor: EditorOption = None,
    store: StoreOption = DEFAULT_STORE,
    config: ConfigOption = None,
) -> None:
    """Take these sources out of their event: together they report an event of their own.

    The decision (who, when, why) is appended to the store's events.yaml and applied
    every time the store is grouped again. Exit 2 when a source is not in the store or
    the reason is empty.

    \b
    Example:
        claimcheck event split afp-aftershock-0801 --reason "a later aftershock"
    """
    _decide("split", sources, reason, editor, store, config)


def register(app: typer.Typer) -> None:
    """Add ``events`` and ``event merge|split`` to the claimcheck app."""
    app.command("events")(events_command)
    event_app.command("merge")(merge_command)
    event_app.command("split")(split_command)
    app.add_typer(event_app, name="event")
