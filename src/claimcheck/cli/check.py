"""``claimcheck check``, ``claimcheck baseline write`` and ``claimcheck ack``: the CI gate.

Thin: the decisions live in :mod:`claimcheck.checking`; this module parses options,
renders, prints people's messages on stderr and turns the verdict into an exit code as
linters do (0 nothing new fails, 1 new findings or store problems, 2 usage error,
unusable input or internal error).
"""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console

from claimcheck.cli._choices import FailOn, Severity
from claimcheck.errors import ClaimcheckError, InputError

if TYPE_CHECKING:
    from claimcheck.checking import CheckResult
    from claimcheck.config import Config

DEFAULT_STORE = Path("claims")
OUTPUT_FORMAT_VARIABLE = "CLAIMCHECK_OUTPUT_FORMAT"

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class CheckFormat(StrEnum):
    """Formats of ``claimcheck check``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


StoreArgument = Annotated[Path, typer.Argument(help="The claim store directory.")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Configuration file (claimcheck.toml or pyproject.toml)."),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Baseline file [default: .claimcheck-baseline.json beside the store directory].",
    ),
]


def _fail(error: ClaimcheckError) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(2)


def _config(path: Path | None, store: Path) -> Config:
    from claimcheck.config import load_config

    return load_config(path, store=store)


# --------------------------------------------------------------------------- rendering


def _render_text(result: CheckResult, out: TextIO) -> None:
    """Problems, the new findings as the text report shows them, then the verdict."""
    from claimcheck.reports import text_format as text_report

    for problem in result.problems:
        out.write(f"{problem}\n")
    new_ids = {c.finding.id for c in result.new}
    shown = result.report.model_copy(
        update={"findings": [f for f in result.report.findings if f.id in new_ids]}
    )
    if new_ids:
        text_report.render(shown, out)
    verdict = "FAILED" if not result.passed else "passed"
    out.write(f"claimcheck check {verdict}\n")
    for line in result.summary_lines():
        out.write(f"  {line}\n")
    for checked in result.new:
        mark = "fails" if checked.fails else "below the fail level"
        out.write(
            f"  new {checked.finding.id} {checked.finding.code} {checked.finding.name} "
            f"[{checked.finding.severity.value}] {checked.finding.quantity} ({mark})\n"
        )


def _render_markdown(result: CheckResult, out: TextIO) -> None:
    """A pull-request comment: the verdict first, then the new findings' tables."""
    from claimcheck.reports import markdown_format

    icon = "❌" if not result.passed else "✅"
    lines = [f"## {icon} claimcheck check {'failed' if not result.passed else 'passed'}", ""]
    lines += [f"- {line}" for line in result.summary_lines()]
    for checked in result.new:
        mark = "**fails**" if checked.fails else "below the fail level"
        lines.append(
            f"- new `{checked.finding.id}` {checked.finding.code} `{checked.finding.name}` "
            f"({checked.finding.severity.value}): {checked.finding.quantity} — {mark}"
        )
    for problem in result.problems:
        lines.append(f"- problem: `{problem}`")
    out.write("\n".join(lines) + "\n\n")
    new_ids = {c.finding.id for c in result.new}
    if new_ids:
        shown = result.report.model_copy(
            update={"findings": [f for f in result.report.findings if f.id in new_ids]}
        )
        markdown_format.render(shown, out)


def _render_json(result: CheckResult, out: TextIO) -> None:
    """The JSON report of the findings in scope, with the check's verdict under ``check``."""
    from claimcheck.reports import json_format

    payload = json_format.payload(result.report)
    payload["check"] = result.to_json()
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _render_sarif(result: CheckResult, out: TextIO) -> None:
    from claimcheck.reports import sarif_format

    sarif_format.render_check(result, out)


def _render_github(result: CheckResult, out: TextIO) -> None:
    from claimcheck.reports import github_format

    github_format.render_check(result, out)


RENDERERS = {
    CheckFormat.text: _render_text,
    CheckFormat.json: _render_json,
    CheckFormat.sarif: _render_sarif,
    CheckFormat.github: _render_github,
    CheckFormat.markdown: _render_markdown,
}


def _emit(result: CheckResult, output_format: CheckFormat, output: Path | None) -> None:
    from claimcheck.store import write_text_atomic

    buffer = io.StringIO()
    RENDERERS[output_format](result, buffer)
    if output is None:
        sys.stdout.write(buffer.getvalue())
        return
    try:
        write_text_atomic(output, buffer.getvalue())
    except OSError as exc:
        raise _fail(InputError(output, f"cannot write: {exc.strerror}")) from None
    stderr.print(f"wrote {output}", markup=False)


# --------------------------------------------------------------------------- commands


def check_command(
    store: StoreArgument = DEFAULT_STORE,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--output-format",
            "--format",
            "-f",
            envvar=OUTPUT_FORMAT_VARIABLE,
            help=f"Output format (or set {OUTPUT_FORMAT_VARIABLE}).",
        ),
    ] = CheckFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Which new findings fail: conflict, one-sided, any.")
    ] = FailOn.any,
    fail_severity: Annotated[
        Severity,
        typer.Option("--fail-severity", help="New findings below this severity only warn."),
    ] = Severity.info,
    baseline: BaselineOption = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Ignore the baseline: every finding is new.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only findings involving a source added or changed since this git ref.",
        ),
    ] = None,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Exit 0 even when new findings fail (for rollout)."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the output to this file instead of stdout."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Fail when the store has new findings: the CI gate for pull requests.

    Validates the store, compares its claims and sorts each finding: new, in the
    baseline, or acknowledged by an editor. Exit 0 when no new finding is at or above
    the fail level and the store has no problem; 1 when one is (or the store has
    problems); 2 for a usage error, a store that cannot be read or an internal error.
    Machine formats (json, sarif, github) write only their payload to stdout.

    \b
    Example:
        claimcheck check claims/ --since origin/main --output-format github
    """
    from claimcheck import checking, findings
    from claimcheck.checking import CheckOptions, GitError, UnusableStore, run_check

    options = CheckOptions(
        fail_on=checking.FailOn(fail_on.value),
        fail_severity=findings.Severity(fail_severity.value),
        baseline=baseline,
        use_baseline=not no_baseline,
        since=since,
        # Only these formats list every claim of the store; the others show new findings.
        complete=output_format in (CheckFormat.json, CheckFormat.sarif),
    )
    try:
        result = run_check(store, _config(config, store), options)
    except UnusableStore as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise _fail(error) from None
    except GitError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    except ClaimcheckError as error:
        raise _fail(error) from None
    _emit(result, output_format, output)
    if output_format is not CheckFormat.text or output is not None:
        for line in result.summary_lines():
            stderr.print(line, markup=False)
    raise typer.Exit(result.exit_code(exit_zero))


baseline_app = typer.Typer(
    name="baseline",
    help="Record the findings a store has now, so that `claimcheck check` fails only on new "
    "ones.\n\n\b\nExample:\n    claimcheck baseline write claims/",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@baseline_app.command("write")
def baseline_write_command(
    store: StoreArgument = DEFAULT_STORE,
    baseline: BaselineOption = None,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Drop entries that no longer match a finding (listed)."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Write the baseline: every current finding, by fingerprint, merged into the old one.

    Entries still matching keep their date and note; entries matching no finding are
    kept unless --prune is given, and then listed as dropped. Refuses (exit 1) when the
    store has problems: fix them first (claimcheck validate).

    \b
    Example:
        claimcheck baseline write claims/
    """
    from claimcheck.analysis import analyse_store
    from claimcheck.checking import default_baseline_path, store_state, write_baseline
    from claimcheck.store import Store
    from claimcheck.validate import validate_store

    try:
        settings = _config(config, store)
        opened = Store.open(store)
        problems = validate_store(store, settings, opened)
        if problems:
            for problem in problems:
                print(problem)
            stderr.print(f"{len(problems)} problem(s) in the store: baseline not written")
            raise typer.Exit(1)
        report = analyse_store(opened, settings)
        path = baseline or default_baseline_path(store)
        state = store_state(opened, settings, report)
        done = write_baseline(report, path, store, prune=prune, state=state)
    except ClaimcheckError as error:
        raise _fail(error) from None
    except OSError as exc:
        raise _fail(InputError(baseline, f"cannot write: {exc.strerror}")) from None
    stderr.print(
        f"wrote {done.path}: {done.added} new, {done.kept} kept, "
        f"{len(done.stale_kept)} no longer matching kept, {len(done.pruned)} dropped",
        markup=False,
    )
    for entry in done.pruned:
        stderr.print(f"  dropped {entry.id} {entry.code} {entry.quantity}", markup=False)
    if done.stale_kept:
        stderr.print("  (use --prune to drop the entries that no longer match)", markup=False)


def ack_command(
    finding_id: Annotated[str, typer.Argument(help="The finding id (f-…) a report printed.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the finding is accepted.")],
    editor: Annotated[
        str | None,
        typer.Option("--editor", help="Who accepts it [default: git config user.name]."),
    ] = None,
    store: Annotated[Path, typer.Option("--store", help="The claim store directory.")] = (
        DEFAULT_STORE
    ),
    config: ConfigOption = None,
) -> None:
    """Accept a finding with a reason, so that `claimcheck check` does not fail on it.

    Writes the finding id with the reason, who and when (and the finding's fingerprint,
    so the acknowledgement lapses if its evidence changes) to the store's
    acknowledgements.yaml; comments there are kept. Exit 2 when the finding does not
    exist or the reason is empty.

    \b
    Example:
        claimcheck ack f-30dc66fe6e6f --reason "later ministry total" --store claims/
    """
    from claimcheck.analysis import analyse_store
    from claimcheck.checking import acknowledge, finding_fingerprint
    from claimcheck.review import resolve_editor
    from claimcheck.store import Store

    if not reason.strip():
        typer.echo("error: --reason must say why the finding is accepted", err=True)
        raise typer.Exit(2)
    who = resolve_editor(editor, store if store.is_dir() else None)
    if not who:
        typer.echo("error: no --editor given and no git config user.name set", err=True)
        raise typer.Exit(2)
    try:
        report = analyse_store(Store.open(store), _config(config, store))
        by_id = {f.id: f for f in report.findings}
        finding = by_id.get(finding_id)
        if finding is None:
            typer.echo(
                f"error: no finding {finding_id} in {store} "
                "(ids are printed by `claimcheck report` and `claimcheck check`)",
                err=True,
            )
            raise typer.Exit(2)
        fingerprint = finding_fingerprint(finding, report.claim_by_id())
        replaced = acknowledge(store, finding, fingerprint, reason, who)
    except ClaimcheckError as error:
        raise _fail(error) from None
    verb = "updated" if replaced else "acknowledged"
    stderr.print(f"{verb} {finding.id} {finding.code} {finding.quantity} (by {who})", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``check``, ``baseline`` and ``ack`` to the claimcheck app."""
    app.command("check")(check_command)
    app.add_typer(baseline_app, name="baseline")
    app.command("ack")(ack_command)
