"""``claimcheck review``, ``claimcheck history`` and ``claimcheck claim ...``: editors at work.

A thin layer over :mod:`claimcheck.review`: this module reads keys and prompts, draws a
claim with rich, and calls the library for every change, which writes it to the store at
once. Nothing is held back until the end of a session, so quitting (or a crash) never
loses a decision already made.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from claimcheck.cli import DEFAULT_STORE, ConfigOption, _config, _fail, stderr
from claimcheck.cli._choices import EDITABLE_FIELD_NAMES, QueueFilter
from claimcheck.cli._lazy import lazy
from claimcheck.display import shown
from claimcheck.errors import ClaimcheckError

if TYPE_CHECKING:
    from claimcheck.findings import Finding
    from claimcheck.model import Claim, ReviewEvent, Source
    from claimcheck.review import ReviewQueue
    from claimcheck.store import Store

# The library is imported when a command runs, not when the CLI starts.
review = lazy("claimcheck.review")
store_module = lazy("claimcheck.store")

EditorOption = Annotated[
    str | None,
    typer.Option(
        "--editor", help="Who is reviewing, for the history (default: git config user.name)."
    ),
]
StoreOption = Annotated[Path, typer.Option("--store", help="The claim store directory.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why, for the history.")]
ClaimIdArgument = Annotated[
    str, typer.Argument(metavar="CLAIM_ID", help="The claim id (c-…), unique in the store.")
]


# --------------------------------------------------------------------------- showing claims


def format_event(event: ReviewEvent) -> str:
    """One history line: when, who, what changed from what, and why."""
    when = event.when.strftime("%Y-%m-%d %H:%M:%SZ")
    what = event.action
    if event.field:
        what += f" {event.field}"
    if event.old is not None or (event.new is not None and event.field):
        what += f": {event.old!r} -> {event.new!r}"
    elif event.new is not None:
        what += f": {event.new}"
    line = f"{when}  {event.who}  {what}"
    if event.reason:
        line += f"  (why: {event.reason})"
    return shown(line)


def _scalar(value: object) -> str:
    """31.0 as 31: whole numbers read as editors wrote them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _claim_fields(claim: Claim) -> list[tuple[str, str]]:
    value = claim.value
    interval = f"{value.kind.value}, {value.qualifier.value}"
    if value.low is not None or value.high is not None:
        low = "" if value.low is None else _scalar(value.low)
        high = "" if value.high is None else _scalar(value.high)
        interval += f", [{low} .. {high}]"
    if value.part is not None:
        first, last = value.bounds()
        interval += f", {value.part.value} part [{_scalar(first)} .. {_scalar(last)}]"
    if value.unit:
        interval += f", {value.unit}"
    attribution = claim.attribution
    rows = [
        ("value", f"{value.text}   ({interval})"),
        ("subject", claim.subject or "-"),
        ("measure", claim.measure or "-"),
        ("speaker", (attribution.speaker or "(the source's own voice)")),
        ("party", attribution.party or "-"),
    ]
    if attribution.cue:
        rows.append(("cue", attribution.cue))
    for name in ("side", "place", "event", "as_of"):
        shown = getattr(claim, name)
        if shown is not None:
            rows.append((name.replace("_", " "), str(shown)))
    return rows


def _source_label(source: Source | None, source_id: str) -> str:
    if source is None:
        return source_id
    date = f" {source.published.isoformat()}" if source.published else ""
    return f"{source_id}{date}"


class ReviewScreen:
    """Draws one claim for the terminal: evidence in context, fields, findings, keys."""

    def __init__(self, console: Console, store: Store, queue: ReviewQueue) -> None:
        self.console = console
        self.store = store
        self.queue = queue
        self._bodies: dict[str, str | None] = {}

    def body(self, source_id: str) -> str | None:
        """The source's body, read once per session; None when the document is missing."""
        if source_id not in self._bodies:
            try:
                self._bodies[source_id] = self.store.document(source_id).body
            except ClaimcheckError:
                self._bodies[source_id] = None
        return self._bodies[source_id]

    def evidence(self, claim: Claim) -> Text:
        """The evidence with a few lines around it; figure and speaker highlighted."""
        body = self.body(claim.source)
        if body is None or claim.span[1] > len(body):
            text = Text(claim.quote)
            offset = claim.span[0]
            start, end = claim.span
        else:
            start, end = review.context_window(body, claim.span)
            text = Text(body[start:end], style="dim")
            offset = start
            text.stylize("not dim", claim.span[0] - offset, claim.span[1] - offset)
        speaker_span = claim.attribution.speaker_span
        if speaker_span is not None and start <= speaker_span[0] and speaker_span[1] <= end:
            text.stylize("bold underline cyan", speaker_span[0] - offset, speaker_span[1] - offset)
        value_start, value_end = claim.value_span
        if start <= value_start and value_end <= end:
            text.stylize("bold black on yellow", value_start - offset, value_end - offset)
        return text

    def show(self, claim: Claim, position: int, total: int) -> None:
        """Everything an editor needs to decide on one claim."""
        console = self.console
        source = self.queue.sources.get(claim.source)
        header = Text(f" {position}/{total} · ")
        header.append(_source_label(source, claim.source))
        header.append(f" · {claim.id} ")
        console.rule(header)
        status = Text("status ")
        status.append(claim.review.status.value, style="bold")
        status.append("   rank ")
        status.append(claim.review.rank, style="bold")
        if source is not None and source.title:
            status.append("   ")
            status.append(source.title, style="italic")
        console.print(status)
        console.print()
        console.print(self.evidence(claim))
        console.print()
        for name, value in _claim_fields(claim):
            line = Text()
            line.append(f"  {name:<8} ", style="bold")
            line.append(shown(str(value)))
            console.print(line)
        for note in claim.review.notes:
            console.print(Text(f"  note     {shown(note)}", style="italic"))
        if claim.review.history:
            console.print(
                Text(f"  history  {len(claim.review.history)} event(s), last: ", style="dim")
                + Text(format_event(claim.review.history[-1]), style="dim")
            )
        for finding in self.queue.disagreements_of(claim.id):
            self.show_disagreement(finding, claim)
        for finding in self.queue.one_sided_of(claim.id):
            console.print(
                Text(f"  one-sided {finding.code} {finding.name}: ", style="magenta")
                + Text(finding.message)
            )

    def show_disagreement(self, finding: Finding, current: Claim) -> None:
        """The competing values of a disagreement, the current claim marked."""
        console = self.console
        console.print()
        console.print(
            Text(
                f"  Disagreement {finding.code} {finding.name} [{finding.severity.value}]: ",
                style="bold red",
            )
            + Text(finding.quantity)
        )
        for claim_id in finding.claims:
            try:
                other = (
                    current if claim_id == current.id else review.find_claim(self.store, claim_id)
                )
            except review.ReviewError:
                continue
            marker = "▶" if claim_id == current.id else " "
            line = Text(f"   {marker} ")
            line.append(f"{other.value.text:<14}", style="bold")
            line.append(f" {_source_label(self.queue.sources.get(other.source), other.source)}")
            line.append(f"  {other.attribution.speaker or '(own voice)'}")
            if other.attribution.party:
                line.append(f" ({other.attribution.party})")
            if other.review.rank != "normal":
                line.append(f"  {other.review.rank}", style="bold")
            if other.review.status.value != "unreviewed":
                line.append(f"  {other.review.status.value}", style="green")
            console.print(line)
        for verdict in finding.verdicts:
            console.print(Text(f"     {verdict.verdict}: {verdict.reason}", style="dim"))


KEYS_HELP = (
    "[c]onfirm  [r]eject  [e]dit a field  [n]ote  "
    "[p]refer  [d]eprecate  [a]ccept the disagreement  "
    "[s]kip  [b]ack  [h]istory  [q]uit"
)
FIELD_KEYS = {
    "v": "value",
    "s": "subject",
    "w": "speaker",
    "p": "party",
    "m": "measure",
    "c": "cue",
    "d": "side",
    "l": "place",
}
#: The answer that empties an optional field when correcting it (Enter keeps the value).
CLEAR_ANSWER = "-"
NEXT_KEYS = {"s", " ", "\r", "\n", "j", "\x1b[C", "\x1b[B"}
BACK_KEYS = {"b", "k", "\x1b[D", "\x1b[A"}


class Quit(Exception):
    """The editor quit (q, Ctrl-C or Ctrl-D at a key prompt)."""


class ReviewSession:
    """The key loop of ``claimcheck review``: one claim at a time, every change saved at once."""

    def __init__(
        self,
        store: Store,
        queue: ReviewQueue,
        who: str,
        parties: set[str],
        console: Console,
    ) -> None:
        self.store = store
        self.queue = queue
        self.who = who
        self.parties = parties
        self.console = console
        self.screen = ReviewScreen(console, store, queue)
        self.changes = 0

    # -- input

    def key(self, prompt: str) -> str:
        """One key press, read portably (typer.getchar is click's); Ctrl-C or Ctrl-D quit."""
        typer.echo(prompt, nl=False)
        try:
            pressed = typer.getchar()
        except (KeyboardInterrupt, EOFError) as stop:
            typer.echo()
            raise Quit from stop
        except OSError as error:
            typer.echo()
            raise review.ReviewError(
                f"cannot read keys ({error.strerror or error}): `claimcheck review` needs a "
                "terminal; in scripts use `claimcheck claim ...`"
            ) from None
        if not pressed:
            raise Quit
        shown = pressed if pressed.isprintable() else ""
        typer.echo(shown)
        return pressed if pressed.startswith("\x1b[") else pressed[0]

    def line(self, prompt: str, default: str = "") -> str:
        """A line of text; Ctrl-C or Ctrl-D cancel the action, not the session."""
        try:
            return typer.prompt(
                prompt, default=default, show_default=bool(default), prompt_suffix=": "
            ).strip()
        except (typer.Abort, EOFError, KeyboardInterrupt):
            typer.echo()
            return ""

    def say(self, message: str, style: str = "green") -> None:
        """A short confirmation or warning under the claim."""
        self.console.print(Text(message, style=style))

    # -- the loop

    def run(self) -> int:
        """Walk the queue until its end or a quit; return the number of changes made."""
        ids = self.queue.claim_ids
        if not ids:
            self.say("Nothing to review.", "yellow")
            return 0
        position = 0
        redraw = True
        try:
            while 0 <= position < len(ids):
                try:
                    claim = review.find_claim(self.store, ids[position])
                except review.ReviewError as error:
                    self.say(f"{error}; skipped", "yellow")
                    position += 1
                    continue
                if redraw:
                    self.screen.show(claim, position + 1, len(ids))
                    typer.echo(KEYS_HELP)
                redraw = True
                pressed = self.key("action [?=help]: ")
                step = self.handle(pressed, claim)
                if step is None:
                    redraw = False
                    continue
                position = max(0, position + step)
        except Quit:
            self.say(f"Quit; {self.changes} change(s) saved.", "bold")
            return self.changes
        self.say(f"End of the queue; {self.changes} change(s) saved.", "bold")
        return self.changes

    def handle(self, pressed: str, claim: Claim) -> int | None:
        """Do what a key asks; return how far to move (0 = show again, None = just re-ask)."""
        lower = pressed.lower() if len(pressed) == 1 else pressed
        if lower == "q" or pressed == "\x1b":
            raise Quit
        if pressed in NEXT_KEYS:
            return 1
        if pressed in BACK_KEYS:
            if self.queue.claim_ids.index(claim.id) == 0:
                self.say("Already at the first claim.", "yellow")
                return None
            return -1
        if lower == "?":
            typer.echo(KEYS_HELP)
            return None
        actions = {
            "c": self.do_confirm,
            "r": self.do_reject,
            "e": self.do_edit,
            "n": self.do_note,
            "p": self.do_prefer,
            "d": self.do_deprecate,
            "a": self.do_accept,
            "h": self.do_history,
        }
        action = actions.get(lower)
        if action is None:
            self.say(f"No action on {pressed!r}; press ? for the keys.", "yellow")
            return None
        try:
            return action(claim)
        except review.NoChange as error:
            self.say(f"Unchanged: {error}", "yellow")
            return None
        except review.ReviewError as error:
            self.say(str(error), "red")
            return None

    def _saved(self, message: str) -> None:
        self.changes += 1
        self.say(f"Saved: {message}")

    def do_confirm(self, claim: Claim) -> int:
        """Confirm and move on."""
        review.confirm(self.store, claim.id, self.who)
        self._saved(f"{claim.id} confirmed")
        return 1

    def do_reject(self, claim: Claim) -> int | None:
        """Reject with a reason (required) and move on."""
        reason = self.line("Why reject it (required, empty cancels)")
        if not reason:
            self.say("Not rejected: a reason is required.", "yellow")
            return None
        review.reject(self.store, claim.id, self.who, reason)
        self._saved(f"{claim.id} rejected")
        return 1

    def do_edit(self, claim: Claim) -> int | None:
        """Correct one field, then show the claim again for more."""
        choices = "  ".join(f"[{k}] {name}" for k, name in FIELD_KEYS.items())
        typer.echo(f"Correct which field?  {choices}  (other key: cancel)")
        pressed = self.key("field: ")
        name = FIELD_KEYS.get(pressed.lower())
        if name is None:
            self.say("Nothing corrected.", "yellow")
            return None
        dotted = review.EDITABLE_FIELDS[name]
        current = claim.value.text if name == "value" else _current(claim, dotted)
        hint = ""
        if name in ("party", "side"):
            hint = f" (one of: {', '.join(sorted(self.parties)) or 'none configured'})"
        if name != "value":
            hint += f" ({CLEAR_ANSWER} clears it)"
        new = self.line(f"New {name}{hint}", default=current or "")
        if new == CLEAR_ANSWER and name != "value":
            new = ""  # Enter alone keeps the shown value, so clearing needs its own answer
        if new == (current or ""):
            self.say("Nothing corrected.", "yellow")
            return None
        reason = self.line("Why (optional, Enter to skip)")
        review.set_field(
            self.store,
            claim.id,
            name,
            new,
            self.who,
            reason=reason or None,
            parties=self.parties,
        )
        self._saved(f"{claim.id} {dotted}: {current!r} -> {new!r}")
        return 0

    def do_note(self, claim: Claim) -> int | None:
        """Add a note, then show the claim again."""
        text = self.line("Note (empty cancels)")
        if not text:
            return None
        review.add_note(self.store, claim.id, text, self.who)
        self._saved(f"note added to {claim.id}")
        return 0

    def do_prefer(self, claim: Claim) -> int:
        """Rank preferred: the value the publication stands behind."""
        reason = self.line("Why prefer this value (optional, Enter to skip)")
        review.prefer(self.store, claim.id, self.who, reason or None)
        self._saved(f"{claim.id} preferred")
        return 1

    def do_deprecate(self, claim: Claim) -> int | None:
        """Rank deprecated, with a reason (required)."""
        reason = self.line("Why deprecate this value (required, empty cancels)")
        if not reason:
            self.say("Not deprecated: a reason is required.", "yellow")
            return None
        review.deprecate(self.store, claim.id, self.who, reason)
        self._saved(f"{claim.id} deprecated")
        return 1

    def do_accept(self, claim: Claim) -> int | None:
        """Accept the claim's disagreement as real: an acknowledgement on each of its claims."""
        findings = self.queue.disagreements_of(claim.id)
        if not findings:
            self.say("This claim is not part of a disagreement.", "yellow")
            return None
        finding = findings[0]
        reason = self.line(f"Why is the disagreement on {finding.quantity!r} real (optional)")
        updated = review.acknowledge(
            self.store, finding.claims, self.who, reason or None, finding_id=finding.id
        )
        self._saved(f"disagreement {finding.id} accepted on {len(updated)} claims")
        return 1

    def do_history(self, claim: Claim) -> None:
        """Print the claim's whole history under it."""
        if not claim.review.history:
            self.say("No history yet.", "yellow")
        for event in claim.review.history:
            self.console.print(Text(format_event(event)))
        return None


def _current(claim: Claim, dotted: str) -> str | None:
    node: object = claim
    for part in dotted.split("."):
        node = getattr(node, part)
    return None if node is None else str(node)


# --------------------------------------------------------------------------- commands


def _open(store: Path) -> Store:
    try:
        return store_module.Store.open(store)
    except ClaimcheckError as error:
        raise _fail(error) from None


def _parties(config: Path | None, store: Path) -> set[str]:
    try:
        return set(_config(config, store).party_by_id)
    except ClaimcheckError as error:
        raise _fail(error) from None


class HistoryFormat(StrEnum):
    """Output of ``claimcheck history``."""

    text = "text"
    json = "json"


def review_command(
    store: Annotated[
        Path, typer.Argument(help="The claim store directory.", show_default=True)
    ] = DEFAULT_STORE,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only claims of this source id (repeatable)."),
    ] = None,
    only: Annotated[
        QueueFilter | None,
        typer.Option("--only", help="Only unreviewed claims, or those in conflicts or one-sided."),
    ] = None,
    editor: EditorOption = None,
    config: ConfigOption = None,
) -> None:
    """Review claims one at a time in the terminal; every change is saved at once.

    Shows each claim's evidence with the figure and the speaker highlighted, the
    extracted value, subject, speaker and party, and any disagreement it is part of.
    Single keys: c confirm, r reject (asks why), e correct a field (Enter keeps the
    shown text, - clears it), n note, p prefer, d deprecate (asks why), a accept a
    disagreement as real, s skip, b back, h history, q quit. Each change is written to
    the store at once with who, when and why.

    \b
    Example:
        claimcheck review claims/ --only conflicts --editor "Ana Editor"
    """
    opened = _open(store)
    try:
        settings = _config(config, store)
        queue = review.build_queue(
            opened,
            settings,
            sources=source,
            only=review.QueueFilter(only.value) if only is not None else None,
        )
        who = review.resolve_editor(editor, cwd=opened.root)
        console = Console(highlight=False)
        session = ReviewSession(opened, queue, who, set(settings.party_by_id), console)
        session.run()
    except ClaimcheckError as error:
        raise _fail(error) from None


def history_command(
    claim_id: ClaimIdArgument,
    store: Annotated[
        Path, typer.Argument(help="The claim store directory.", show_default=True)
    ] = DEFAULT_STORE,
    output_format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.text,
) -> None:
    """Show a claim's review history: who changed what, when, from what, and why.

    Prints the claim as it stands (value, subject, speaker, party, status, rank, notes)
    and then every event, oldest first. Exit 2 when there is no such claim.

    \b
    Example:
        claimcheck history c-82e83462145a claims/
    """
    opened = _open(store)
    try:
        claim = review.find_claim(opened, claim_id)
    except ClaimcheckError as error:
        raise _fail(error) from None
    if output_format is HistoryFormat.json:
        payload = {
            "claim": claim.id,
            "source": claim.source,
            "status": claim.review.status.value,
            "rank": claim.review.rank,
            "notes": claim.review.notes,
            "history": [e.model_dump(mode="json") for e in claim.review.history],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    print(f"{claim.id}  {claim.source}  span {list(claim.span)}")
    print(f"  quote    {shown(' '.join(claim.quote.split()))}")
    for name, value in _claim_fields(claim):
        print(f"  {name:<8} {shown(str(value))}")
    print(f"  status   {claim.review.status.value}")
    print(f"  rank     {claim.review.rank}")
    for note in claim.review.notes:
        print(f"  note     {shown(note)}")
    print("history:" if claim.review.history else "history: none (never reviewed)")
    for event in claim.review.history:
        print(f"  {format_event(event)}")


claim_app = typer.Typer(
    name="claim",
    help="""Review one claim from a script: confirm, reject, set, note, prefer, deprecate, accept.

    The same changes as `claimcheck review`, without a terminal: each is written to the
    store at once with who (--editor, else git config user.name), when and why. reject
    and deprecate require --reason. Exit 2 when the claim or the field is unknown or the
    change is refused.

    \b
    Example:
        claimcheck claim set c-82e83462145a speaker "Eastmark's government" --store claims/
    """,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _run(work: Callable[[], Claim | list[Claim]]) -> None:
    """Run a library call, print what it did on stderr, and exit 2 on a refused change."""
    try:
        claim = work()
    except review.NoChange as error:
        stderr.print(f"unchanged: {error}", markup=False)
        return
    except ClaimcheckError as error:
        raise _fail(error) from None
    claims = claim if isinstance(claim, list) else [claim]
    for one in claims:
        last = one.review.history[-1]
        stderr.print(f"{one.id}: {format_event(last)}", markup=False)


@claim_app.command("confirm")
def claim_confirm(
    claim_id: ClaimIdArgument,
    reason: ReasonOption = None,
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Confirm a claim as extracted (or as corrected).

    \b
    Example:
        claimcheck claim confirm c-82e83462145a --store claims/
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(lambda: review.confirm(opened, claim_id, who, reason))


@claim_app.command("reject")
def claim_reject(
    claim_id: ClaimIdArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why it is wrong (required).")],
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Reject a claim (not a figure, misread); reports leave it out.

    \b
    Example:
        claimcheck claim reject c-82e83462145a --reason "a date, not a count"
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(lambda: review.reject(opened, claim_id, who, reason))


@claim_app.command("set")
def claim_set(
    claim_id: ClaimIdArgument,
    field_name: Annotated[
        str, typer.Argument(metavar="FIELD", help=f"One of: {', '.join(EDITABLE_FIELD_NAMES)}.")
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The new value; empty clears the field.")
    ],
    reason: ReasonOption = None,
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
    config: ConfigOption = None,
) -> None:
    """Correct one field of a claim; re-extraction keeps the correction.

    \b
    Example:
        claimcheck claim set c-82e83462145a party eastmark --reason "ministry of Eastmark"
    """
    opened = _open(store)
    parties = _parties(config, store)
    who = review.resolve_editor(editor, opened.root)
    _run(
        lambda: review.set_field(opened, claim_id, field_name, value, who, reason, parties=parties),
    )


@claim_app.command("note")
def claim_note(
    claim_id: ClaimIdArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Add a note to a claim.

    \b
    Example:
        claimcheck claim note c-82e83462145a "Ministry revised this on March 6."
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(lambda: review.add_note(opened, claim_id, text, who))


@claim_app.command("prefer")
def claim_prefer(
    claim_id: ClaimIdArgument,
    reason: ReasonOption = None,
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Rank a value preferred: the one the publication stands behind.

    \b
    Example:
        claimcheck claim prefer c-82e83462145a --reason "latest official toll"
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(lambda: review.prefer(opened, claim_id, who, reason))


@claim_app.command("deprecate")
def claim_deprecate(
    claim_id: ClaimIdArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why it is deprecated (required).")],
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Rank a value deprecated (kept, no longer raised in disagreements).

    \b
    Example:
        claimcheck claim deprecate c-cd589f446a27 --reason "adversary claim, unconfirmed"
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(lambda: review.deprecate(opened, claim_id, who, reason))


@claim_app.command("accept")
def claim_accept(
    claim_ids: Annotated[
        list[str],
        typer.Argument(metavar="CLAIM_ID...", help="The disagreeing claims (two or more)."),
    ],
    reason: ReasonOption = None,
    finding: Annotated[
        str | None, typer.Option("--finding", help="The finding id (f-…), for the record.")
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    editor: EditorOption = None,
) -> None:
    """Accept a disagreement as real: an acknowledgement and a note on each claim.

    \b
    Example:
        claimcheck claim accept c-82e83462145a c-cd589f446a27 --reason "both sides' figures"
    """
    opened = _open(store)
    who = review.resolve_editor(editor, opened.root)
    _run(
        lambda: review.acknowledge(opened, claim_ids, who, reason, finding_id=finding),
    )


def register(app: typer.Typer) -> None:
    """Add ``review``, ``history`` and the ``claim`` sub-app to the claimcheck command."""
    app.command("review")(review_command)
    app.command("history")(history_command)
    app.add_typer(claim_app, name="claim")
