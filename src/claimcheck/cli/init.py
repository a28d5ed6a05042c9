"""``claimcheck init``: a starting claimcheck.toml from documents or a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli import ConfigOption, _config, _fail, stderr
from claimcheck.errors import ClaimcheckError, InputError

#: The file ``init`` writes by default (claimcheck.config.CONFIG_FILE_NAME, which is not
#: imported here: ``--help`` must not load the library).
DEFAULT_OUTPUT = "claimcheck.toml"


def init_command(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILES|STORE]", help="Documents, or a claim store."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the configuration.")
    ] = Path(DEFAULT_OUTPUT),
    config: ConfigOption = None,
) -> None:
    """Write a starting claimcheck.toml: the parties, names and places found in the documents.

    The parties the speakers were tied to (countries and roles claimcheck knows, and
    any configured), with the names they go by in these documents; the speakers no
    party was found for; the towns claimcheck knows, with the spellings these
    documents use, then the other place names used most. Grouped and commented, for
    an editor to correct. Never overwrites a file: exit 2 when OUTPUT exists.

    \b
    Example:
        claimcheck init news/*.txt -o claimcheck.toml
    """
    from claimcheck.cli.events import _report
    from claimcheck.starter import starting_config
    from claimcheck.store import write_text_atomic

    if output.exists():
        raise _fail(InputError(output, "already exists; not overwritten (use -o for another)"))
    try:
        report = _report(inputs or [], config)
        settings = _config(config)
        text = starting_config(report, settings)
        write_text_atomic(output, text)
    except ClaimcheckError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(InputError(output, f"cannot write: {exc.strerror}")) from None
    stderr.print(f"wrote {output}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``init`` to the claimcheck app."""
    app.command("init")(init_command)
