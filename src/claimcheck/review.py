"""Editors' review of claims: confirm, reject, correct, annotate and rank, with an audit trail.

Editors decide what the store says, so every change made here is

* **written at once**: each function loads the claim's file, changes one claim and writes
  the file back through :meth:`Store.write_claims` (atomic, comment-preserving), so a
  crash or a quit in the middle of a session loses at most the change being typed;
* **recorded**: a :class:`~claimcheck.model.ReviewEvent` says who, when (UTC), what
  changed from what, and why. History is only ever appended to;
* **kept by re-extraction**: status, rank, notes and history live in ``review`` and
  corrections are "set" events, both of which :meth:`Store.merge_extraction` carries over.

The module is library code (no typer, no rich): ``claimcheck review`` and
``claimcheck claim ...`` are thin layers over it, and scripts may call it directly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import getpass
import re
import subprocess
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.errors import ClaimcheckError
from claimcheck.extraction.figures import FigureFinder
from claimcheck.findings import Finding, FindingKind
from claimcheck.model import Claim, ReviewEvent, ReviewStatus, Source
from claimcheck.store import CLAIMS_SUFFIX, Store, read_store_bytes

__all__ = [
    "EDITABLE_FIELDS",
    "NoChange",
    "QueueFilter",
    "ReviewError",
    "ReviewQueue",
    "acknowledge",
    "add_note",
    "build_queue",
    "confirm",
    "context_window",
    "deprecate",
    "find_claim",
    "git_user_name",
    "prefer",
    "reject",
    "resolve_editor",
    "resolve_field",
    "set_field",
]

#: What an editor may correct, by the short name they type, as the dotted claim field the
#: "set" event records (and :meth:`Store.merge_extraction` then keeps).
EDITABLE_FIELDS: dict[str, str] = {
    "value": "value",
    "subject": "subject",
    "speaker": "attribution.speaker",
    "party": "attribution.party",
    "cue": "attribution.cue",
    "measure": "measure",
    "side": "side",
    "place": "place",
    "event": "event",
    "as_of": "as_of",
}

#: Actions whose event must say why (``claimcheck validate`` checks the same).
REASON_REQUIRED = frozenset({"reject", "deprecate"})

_CLAIM_ID = re.compile(r"^c-[0-9a-f]{6,40}$")


class ReviewError(ClaimcheckError):
    """A review action that cannot be done as asked (unknown claim, missing reason, ...)."""


class NoChange(ReviewError):
    """The requested change would leave the claim as it is; nothing is written or recorded."""


# --------------------------------------------------------------------------- who and when


def git_user_name(cwd: Path | None = None) -> str | None:
    """``git config user.name`` as seen from ``cwd``, or None when git or the setting is absent."""
    try:
        result = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None


def resolve_editor(explicit: str | None, cwd: Path | None = None) -> str:
    """Who is reviewing: ``--editor``, else git's user name, else the login name.

    The login name is a last resort so that history never records an empty "who"; the
    docs tell editors to set ``git config user.name`` or pass ``--editor``.
    """
    if explicit is not None and explicit.strip():
        return explicit.strip()
    name = git_user_name(cwd)
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):
        return "unknown"


def _utc_now(now: dt.datetime | None) -> dt.datetime:
    """Event time in UTC, to the second: history is read by people, not profilers."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


# --------------------------------------------------------------------------- finding claims


def _claims_file_source(path: Path) -> str:
    return path.name[: -len(CLAIMS_SUFFIX)]


def _locate(store: Store, claim_id: str) -> tuple[str, list[Claim], int]:
    """(source id, that source's claims, index of the claim): ids are unique in a store."""
    claim_id = claim_id.strip()
    if not _CLAIM_ID.match(claim_id):
        raise ReviewError(f"{claim_id!r} is not a claim id (c- followed by hex digits)")
    found: list[tuple[str, list[Claim], int]] = []
    for path in store.claims_files():
        # A cheap text test first: parsing every claims file of a large store for one
        # id would make each keystroke of a review session slow.
        if claim_id.encode() not in read_store_bytes(path):
            continue
        source_id = _claims_file_source(path)
        claims = store.claims(source_id)
        for index, claim in enumerate(claims):
            if claim.id == claim_id:
                found.append((source_id, claims, index))
    if not found:
        raise ReviewError(f"no claim {claim_id} in {store.root}")
    if len(found) > 1:
        where = ", ".join(source for source, _, _ in found)
        raise ReviewError(
            f"claim {claim_id} appears in more than one source ({where}); "
            "run `claimcheck validate` and remove the duplicate"
        )
    return found[0]


def find_claim(store: Store, claim_id: str) -> Claim:
    """The claim with ``claim_id``, wherever it is in the store."""
    source_id, claims, index = _locate(store, claim_id)
    del source_id
    return claims[index]


def _update(store: Store, claim_id: str, change: Any) -> Claim:
    """Apply ``change(claim) -> claim`` to one claim and write its file at once.

    The file is read and written under the store's write lock, so a change saved by
    another command in between is read first, not overwritten.
    """
    with store.writing():
        source_id, claims, index = _locate(store, claim_id)
        updated = change(claims[index])
        claims[index] = updated
        store.write_claims(source_id, claims)
        return updated


def _with_event(
    claim: Claim,
    event: ReviewEvent,
    *,
    status: ReviewStatus | None = None,
    rank: str | None = None,
    note: str | None = None,
) -> Claim:
    review = claim.review.model_copy(
        update={
            "history": [*claim.review.history, event],
            "status": status if status is not None else claim.review.status,
            "rank": rank if rank is not None else claim.review.rank,
            "notes": [*claim.review.notes, note] if note else list(claim.review.notes),
        }
    )
    return claim.model_copy(update={"review": review})


def _required_reason(action: str, reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise ReviewError(f"{action} needs a reason: say why, for the next editor")
    return text


def _optional(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


# --------------------------------------------------------------------------- status and rank


def _set_review(
    store: Store,
    claim_id: str,
    action: str,
    field: str,
    value: ReviewStatus | str,
    who: str,
    reason: str | None,
    now: dt.datetime | None,
    *,
    refuse_same: bool = False,
) -> Claim:
    """Set ``review.<field>`` (status or rank), recording what it was and why it changed."""

    def change(claim: Claim) -> Claim:
        old = getattr(claim.review, field)
        old_text = old.value if isinstance(old, ReviewStatus) else old
        new_text = value.value if isinstance(value, ReviewStatus) else value
        if refuse_same and old == value:
            raise NoChange(f"claim {claim.id} is already {new_text}")
        event = ReviewEvent(
            who=who,
            when=_utc_now(now),
            action=action,
            field=f"review.{field}",
            old=old_text,
            new=new_text,
            reason=reason,
        )
        return _with_event(claim, event, **{field: value})

    return _update(store, claim_id, change)


def confirm(
    store: Store,
    claim_id: str,
    who: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Claim:
    """Mark a claim right as extracted (or as corrected): status ``confirmed``."""
    return _set_review(
        store, claim_id, "confirm", "status", ReviewStatus.confirmed, who, _optional(reason), now
    )


def reject(
    store: Store,
    claim_id: str,
    who: str,
    reason: str | None,
    now: dt.datetime | None = None,
) -> Claim:
    """Mark a claim wrong (not a figure, misread, not a claim at all): status ``rejected``.

    Rejected claims stay in the store (re-extraction would only find them again) but
    reports leave them out. A reason is required, as for ``deprecate``.
    """
    text = _required_reason("reject", reason)
    return _set_review(store, claim_id, "reject", "status", ReviewStatus.rejected, who, text, now)


def prefer(
    store: Store,
    claim_id: str,
    who: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Claim:
    """The value the publication stands behind among disagreeing ones: rank ``preferred``."""
    return _set_review(
        store,
        claim_id,
        "prefer",
        "rank",
        "preferred",
        who,
        _optional(reason),
        now,
        refuse_same=True,
    )


def deprecate(
    store: Store,
    claim_id: str,
    who: str,
    reason: str | None,
    now: dt.datetime | None = None,
) -> Claim:
    """A value known to be wrong or superseded, kept for the record: rank ``deprecated``.

    As with Wikidata's deprecated rank the claim stays (the source did say it), and the
    comparator no longer raises disagreements against it. A reason is required.
    """
    text = _required_reason("deprecate", reason)
    return _set_review(
        store, claim_id, "deprecate", "rank", "deprecated", who, text, now, refuse_same=True
    )


# --------------------------------------------------------------------------- notes


def add_note(
    store: Store,
    claim_id: str,
    text: str,
    who: str,
    now: dt.datetime | None = None,
) -> Claim:
    """Attach a free note to a claim (kept in ``review.notes`` and in history)."""
    note = _optional(text)
    if note is None:
        raise ReviewError("a note needs some text")

    def change(claim: Claim) -> Claim:
        event = ReviewEvent(who=who, when=_utc_now(now), action="note", new=note)
        return _with_event(claim, event, note=note)

    return _update(store, claim_id, change)


def acknowledge(
    store: Store,
    claim_ids: Iterable[str],
    who: str,
    reason: str | None = None,
    finding_id: str | None = None,
    now: dt.datetime | None = None,
) -> list[Claim]:
    """Accept a disagreement as real: the sources do differ, and that is the story.

    Each claim gets an "acknowledge" event (``new`` is the finding id, when known) and a
    note saying so, so the acceptance shows in reports and survives re-extraction. The
    ranks are left alone: no value is preferred over another.
    """
    ids = list(dict.fromkeys(claim_ids))
    if len(ids) < 2:
        raise ReviewError("a disagreement needs at least two claims")
    why = _optional(reason)
    label = (
        f"Disagreement {finding_id} accepted as real"
        if finding_id
        else ("Disagreement accepted as real")
    )
    note = f"{label}: {why}" if why else label
    when = _utc_now(now)
    for claim_id in ids:  # every claim must exist before any is written
        find_claim(store, claim_id)
    updated = []
    for claim_id in ids:

        def change(claim: Claim) -> Claim:
            event = ReviewEvent(
                who=who, when=when, action="acknowledge", new=finding_id, reason=why
            )
            return _with_event(claim, event, note=note)

        updated.append(_update(store, claim_id, change))
    return updated


# --------------------------------------------------------------------------- corrections


def resolve_field(name: str) -> str:
    """The dotted claim field for what an editor typed ("speaker" -> attribution.speaker)."""
    key = name.strip().lower().replace("-", "_")
    if key in EDITABLE_FIELDS:
        return EDITABLE_FIELDS[key]
    if key in ("value.text", "value_text"):
        return "value"
    if key in EDITABLE_FIELDS.values():
        return key
    names = ", ".join(EDITABLE_FIELDS)
    raise ReviewError(f"cannot set {name!r}: editable fields are {names}")


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _source_of(store: Store, source_id: str) -> tuple[Source | None, str | None]:
    """The source's metadata and body when its document is there (it may not be)."""
    try:
        document = store.document(source_id)
    except ClaimcheckError:
        return None, None
    return document.source, document.body


def _read_value(text: str, claim: Claim, published: dt.date | None) -> dict[str, Any]:
    """A corrected figure as the extractor would read it, keeping the editor's wording.

    The interval (low, high, point, qualifier, unit) must follow the text, or the
    comparator would go on comparing the old figure under the new label.
    """
    figures = FigureFinder(text, published).find(0, len(text))
    if not figures:
        raise ReviewError(
            f"cannot read a figure, date or duration in {text!r}; write it as the "
            "document would (e.g. 'about 2,900', 'March 3, 2025', '3 weeks')"
        )
    whole = [f for f in figures if f.text_span == (0, len(text))]
    figure = (whole or figures)[0]
    value = figure.value.model_dump(mode="python")
    value["text"] = text
    if figure.value.kind != claim.value.kind and len(figures) > 1:
        same_kind = [f for f in figures if f.value.kind == claim.value.kind]
        if same_kind:
            value = same_kind[0].value.model_dump(mode="python") | {"text": text}
    return value


def _speaker_span(body: str | None, claim: Claim, speaker: str | None) -> list[int] | None:
    """Where the corrected speaker is named, nearest the evidence, or None if not in the text."""
    if not body or not speaker:
        return None
    starts = [m.start() for m in re.finditer(re.escape(speaker), body)]
    if not starts:
        return None
    anchor = claim.span[0]
    best = min(starts, key=lambda start: (abs(start - anchor), start))
    return [best, best + len(speaker)]


def set_field(
    store: Store,
    claim_id: str,
    field_name: str,
    value: str,
    who: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
    parties: Collection[str] | None = None,
) -> Claim:
    """Correct one field of a claim; the claim becomes ``corrected``.

    ``field_name`` is a short name from :data:`EDITABLE_FIELDS` or its dotted form. An
    empty ``value`` clears an optional field. Party ids (``party``, ``side``) are checked
    against ``parties`` when given, so a typo cannot reach the store. The "set" event
    names the dotted field, which is what makes re-extraction keep the correction.
    """
    with store.writing():
        dotted = resolve_field(field_name)
        new_text = value.strip()
        source_id, claims, index = _locate(store, claim_id)
        claim = claims[index]
        source, body = _source_of(store, source_id)
        data = claim.model_dump(mode="python")

        if dotted == "value":
            if not new_text:
                raise ReviewError("the value cannot be empty; reject the claim instead")
            old_text = claim.value.text
            if new_text == old_text:
                raise NoChange(f"claim {claim.id} already reads {old_text!r}")
            data["value"] = _read_value(new_text, claim, source.published if source else None)
            new_shown: str | None = new_text
        else:
            parent, _, leaf = dotted.rpartition(".")
            node = data[parent] if parent else data
            old = node.get(leaf)
            old_text = _as_text(old)
            new: Any = new_text or None
            if leaf == "subject":
                new = new_text  # subject is always a string; empty means "not stated"
            elif leaf == "as_of" and new is not None:
                try:
                    new = dt.date.fromisoformat(new_text)
                except ValueError:
                    raise ReviewError(
                        f"as_of must be an ISO date (2025-03-04), not {new_text!r}"
                    ) from None
            elif leaf in ("party", "side") and parties is not None and new not in (None, *parties):
                known = ", ".join(sorted(parties)) or "none configured"
                raise ReviewError(f"unknown party {new!r}; known parties: {known}")
            if _as_text(new) == old_text or (new in (None, "") and old in (None, "")):
                raise NoChange(f"claim {claim.id}: {dotted} is already {old_text!r}")
            node[leaf] = new
            if dotted == "attribution.speaker":
                data["attribution"]["speaker_span"] = _speaker_span(body, claim, new)
            new_shown = _as_text(new)

        data["review"] = claim.review.model_dump(mode="python")
        try:
            corrected = Claim.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            raise ReviewError(f"cannot set {dotted}: {first['msg']}") from None
        keep = (ReviewStatus.rejected, ReviewStatus.vanished)
        status = None if claim.review.status in keep else ReviewStatus.corrected
        event = ReviewEvent(
            who=who,
            when=_utc_now(now),
            action="set",
            field=dotted,
            old=old_text,
            new=new_shown,
            reason=_optional(reason),
        )
        claims[index] = _with_event(corrected, event, status=status)
        store.write_claims(source_id, claims)
        return claims[index]


# --------------------------------------------------------------------------- the queue


class QueueFilter(StrEnum):
    """Which claims a review session walks through."""

    unreviewed = "unreviewed"
    conflicts = "conflicts"
    one_sided = "one-sided"


@dataclass
class ReviewQueue:
    """The claims of one review session, in order, with the findings each belongs to.

    Findings are computed once, when the session starts, the way ``claimcheck report``
    does (rejected and vanished claims left out); claims themselves are read afresh
    from the store each time one is shown, so the session never shows stale reviews.
    """

    claim_ids: list[str]
    findings: list[Finding]
    findings_by_claim: dict[str, list[Finding]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def disagreements_of(self, claim_id: str) -> list[Finding]:
        """Disagreement findings the claim is part of."""
        return [
            f
            for f in self.findings_by_claim.get(claim_id, [])
            if f.kind is FindingKind.disagreement
        ]

    def one_sided_of(self, claim_id: str) -> list[Finding]:
        """One-sided findings the claim is part of."""
        return [
            f for f in self.findings_by_claim.get(claim_id, []) if f.kind is FindingKind.one_sided
        ]


def build_queue(
    store: Store,
    config: Config,
    sources: Collection[str] | None = None,
    only: QueueFilter | None = None,
) -> ReviewQueue:
    """The claims to review: every live claim, or only unreviewed, conflicting or one-sided.

    ``sources`` limits the queue to claims of those source ids (findings are still
    computed over the whole store, so a conflict with another source is shown). Vanished
    claims are never queued: their text is gone from the document.
    """
    documents = store.documents()
    known = {d.source.id: d.source for d in documents}
    if sources:
        missing = [s for s in sources if s not in known]
        if missing:
            raise ReviewError(f"no source {', '.join(missing)} in {store.root}")
    everything = store.all_claims()
    live = [
        c
        for c in everything
        if c.review.status not in (ReviewStatus.rejected, ReviewStatus.vanished)
    ]
    findings = compare(live, config, known)
    by_claim: dict[str, list[Finding]] = {}
    for finding in findings:
        for claim_id in finding.claims:
            by_claim.setdefault(claim_id, []).append(finding)
    by_id = {c.id: c for c in everything}

    def wanted(claim: Claim) -> bool:
        return (not sources or claim.source in sources) and (
            claim.review.status is not ReviewStatus.vanished
        )

    if only in (QueueFilter.conflicts, QueueFilter.one_sided):
        kind = FindingKind.disagreement if only is QueueFilter.conflicts else FindingKind.one_sided
        ordered = [c for f in findings if f.kind is kind for c in f.claims]
        ids = [i for i in dict.fromkeys(ordered) if i in by_id and wanted(by_id[i])]
    else:
        ids = [
            c.id
            for c in everything
            if wanted(c)
            and (only is not QueueFilter.unreviewed or c.review.status is ReviewStatus.unreviewed)
        ]
    return ReviewQueue(claim_ids=ids, findings=findings, findings_by_claim=by_claim, sources=known)


def context_window(
    body: str, span: tuple[int, int], lines: int = 2, max_chars: int = 600
) -> tuple[int, int]:
    """Offsets of ``span`` widened by up to ``lines`` non-blank lines before and after.

    Blank lines are not counted because most news text separates paragraphs with them,
    and the editor wants the neighbouring sentences, not empty space. ``max_chars`` caps
    each side so a document written as one long line still shows a readable excerpt.
    """
    start = min(max(0, span[0]), len(body))
    end = min(max(start, span[1]), len(body))
    starts = [0, *(m.end() for m in re.finditer("\n", body))]
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_right(starts, max(start, end - 1)) - 1

    def line_text(i: int) -> str:
        stop = starts[i + 1] if i + 1 < len(starts) else len(body)
        return body[starts[i] : stop]

    seen = 0
    while first > 0 and seen < lines:
        first -= 1
        seen += bool(line_text(first).strip())
    seen = 0
    while last + 1 < len(starts) and seen < lines:
        last += 1
        seen += bool(line_text(last).strip())
    before = max(starts[first], start - max_chars)
    after = min(starts[last] + len(line_text(last).rstrip("\n")), end + max_chars)
    return before, max(after, end)
