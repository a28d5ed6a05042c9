"""Checking a store: every claim must point at the exact text it came from.

Two kinds of failure, kept apart because they call for different responses:

* input claimcheck cannot use at all (a binary or non-UTF-8 file, broken front matter,
  malformed YAML, an unsafe source id, unknown front-matter fields) raises
  :class:`~claimcheck.errors.InputError`; the CLI prints ``path:line: message`` and
  exits 2;
* everything else is a :class:`Problem` with a stable code (listed in
  ``docs/commands/validate.md``), all of them collected in one pass so an editor can
  fix a pull request in one go; the CLI exits 1 when there is any.

Validation only reads: it never changes what a store says. Opening the store finishes a
replacement a killed writer had committed (see :func:`claimcheck.store.replace_files`),
so that the store checked is the store as it now is; and it may fill the parse cache in
the store's ``.claimcheck/`` folder (see :mod:`claimcheck.cache`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from claimcheck.config import Config
from claimcheck.errors import InputError
from claimcheck.model import Claim, ReviewStatus, body_sha256, require_safe_source_id
from claimcheck.sources import Document, decode_text
from claimcheck.store import (
    CLAIMS_SUFFIX,
    DOCUMENT_SUFFIX,
    ClaimIds,
    ClaimSchemaError,
    ClaimsFile,
    Store,
    StoredClaims,
    front_matter_lines,
    read_store_bytes,
    schema_errors,
)

__all__ = ["CODES", "Problem", "validate_store"]

#: Every problem code, with what it means. Codes are stable: scripts may match on them.
CODES: dict[str, str] = {
    "unknown-field": "a claim has a field the claim format does not define",
    "missing-field": "a claim lacks a required field",
    "bad-value": "a claim field has the wrong type or an invalid value",
    "not-a-mapping": "an entry of the claims list is not a mapping of fields",
    "quote-mismatch": "a claim's quote is not exactly the document text at its span",
    "span-out-of-range": "a claim's span (or speaker span) reaches past the end of the body",
    "value-span-outside": "a claim's value_span is not inside its span",
    "hash-mismatch": "the sha256 in a document's front matter is not the hash of its body",
    "id-mismatch": "a document's front-matter id differs from its file name",
    "duplicate-id": "a claim id is used more than once in the store",
    "source-mismatch": "a claim (or a claims file's header) names another source",
    "orphan-claims": "a claims file has no document",
    "unknown-party": "an attribution names a party id the configuration does not define",
    "unknown-side": "a claim's side is not a party id the configuration defines",
    "unknown-perspective": "a document's perspective is not a configured party id",
    "missing-reason": "a reject or deprecate event in a claim's history gives no reason",
}

#: Finds the 1-based line of a field of the claim being checked.
Locator = Callable[..., int | None]

#: Review actions that must say why.
ACTIONS_NEEDING_REASON = frozenset({"reject", "deprecate"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the store, located as compilers locate errors."""

    # File the problem is in (as found under the store root).
    path: str
    # 1-based line, when the problem has one.
    line: int | None
    # Stable code from :data:`CODES`.
    code: str
    # What is wrong, in words an editor can act on.
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line is not None else f"{self.path}:"
        return f"{where} {self.code} {self.message}"


def validate_store(store_root: Path, config: Config, store: Store | None = None) -> list[Problem]:
    """Every problem in the store at ``store_root``, sorted by file and line.

    Pass the ``store`` that will be read next (as ``check`` does) so that its files are
    parsed once. Raises :class:`InputError` for input that cannot be read at all (see
    module doc).

    A source whose document and claims file were found without a problem before, with
    the same content and the same parties, is not checked again: the cache remembers
    the verdict by both files' content keys (see :mod:`claimcheck.cache`), and only its
    claim ids are read, for the ids used more than once across the store.
    """
    store = store or Store.open(store_root)
    with store.frozen():
        return _validate(store, config)


def _validate(store: Store, config: Config) -> list[Problem]:
    parties = set(config.party_by_id)
    problems: list[Problem] = []
    settings = hashlib.sha256(
        json.dumps([sorted(parties), config.max_document_bytes]).encode("utf-8")
    ).hexdigest()

    verdicts: dict[str, str] = {}
    for source_id in store.source_ids():
        document_hash = store.file_hash(store.document_path(source_id))
        claims_hash = store.file_hash(store.claims_path(source_id))
        if document_hash is not None:
            verdicts[source_id] = _verdict_key(settings, document_hash[0], claims_hash)
    clean = store.cache.get_many(_VERDICT, list(verdicts.values()))
    known = {sid for sid, key in verdicts.items() if key in clean}
    store.prefetch_ids(store.claims_path(sid) for sid in sorted(known))

    documents: dict[str, Document] = {}
    # Sources checked here whose document has a problem, or whose verdict is settled.
    settled: set[str] = set()
    for source_id in store.source_ids():
        if source_id in known:
            continue
        path = store.document_path(source_id)
        document = _read_document(store, path, config.max_document_bytes)
        documents[source_id] = document
        found = _check_document(source_id, document, parties)
        if found:
            settled.add(source_id)
        problems.extend(found)

    # Where each claim id was first used: the file, and how to find the line of the id.
    first_use: dict[str, tuple[str, Callable[[str], int | None]]] = {}
    for path in store.claims_files():
        source_id = require_safe_source_id(
            path.name[: -len(CLAIMS_SUFFIX)], path, origin=" in file name"
        )
        if source_id in known:
            problems.extend(_check_ids(store, path, store.claim_ids(path), first_use))
            continue
        try:
            view: _ClaimsView = _FastView(store, path, store.stored_claims(path))
        except ClaimSchemaError:
            # Only a file with a bad claim is read claim by claim, to list every problem.
            view = _TreeView(store.read_claims_path(path))
        before = len(problems)
        problems.extend(
            _check_claims_file(
                source_id,
                view,
                documents.get(source_id),
                parties,
                first_use,
                functools.cache(lambda source_id=source_id: store.earlier_bodies(source_id)),
            )
        )
        if len(problems) == before and source_id in documents and source_id not in settled:
            store.cache.put(_VERDICT, verdicts[source_id], b"")
        settled.add(source_id)
    for source_id in documents.keys() - settled:
        store.cache.put(_VERDICT, verdicts[source_id], b"")  # a clean document without claims
    store.cache.flush()
    store.cache.prune()  # every file was read: entries of no current file can go

    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.code, p.message))


#: Cache kind of "this source has no problem" verdicts.
_VERDICT = "verdict"


def _verdict_key(settings: str, document_key: str, claims: tuple[str, bytes] | None) -> str:
    """The key of a source's verdict: its two files' content and what else decides it."""
    parts = [_VERDICT, settings, document_key, claims[0] if claims is not None else "-"]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _check_ids(
    store: Store,
    path: Path,
    claims: ClaimIds,
    first_use: dict[str, tuple[str, Callable[[str], int | None]]],
) -> list[Problem]:
    """Ids of a file known to be clean that were used before in the store (lines are
    looked up only for a problem)."""
    shown = str(path)

    def at(claim_id: str) -> int | None:
        index = claims.ids.index(claim_id)
        return store.read_claims_path(path).field_line(index, ("id",))

    if first_use.keys().isdisjoint(claims.ids):
        # The usual case, in one step: each id is first used here.
        first_use.update(zip(claims.ids, repeat((shown, at)), strict=False))
        return []
    problems = []
    for claim_id in claims.ids:
        previous = first_use.get(claim_id)
        if previous is None:
            first_use[claim_id] = (shown, at)
            continue
        earlier = previous[1](claim_id)
        where = f"{previous[0]}:{earlier}" if earlier else previous[0]
        message = f"claim id {claim_id} is also used at {where}"
        problems.append(Problem(shown, at(claim_id), "duplicate-id", message))
    return problems


class _ClaimsView:
    """A claims file as validation sees it: its claims (or their schema errors) and lines."""

    path: Path
    present: bool
    source: object

    def entries(self) -> list[tuple[Claim | None, list[ClaimSchemaError]]]:
        raise NotImplementedError

    def field_line(self, index: int, loc: tuple[str | int, ...]) -> int | None:
        raise NotImplementedError

    def header_line(self, key: str) -> int | None:
        raise NotImplementedError


class _TreeView(_ClaimsView):
    """The round-trip tree: each claim's schema errors, with their lines."""

    def __init__(self, claims_file: ClaimsFile) -> None:
        self.file = claims_file
        self.path = claims_file.path
        self.present = claims_file.root is not None
        self.source = claims_file.source

    def entries(self) -> list[tuple[Claim | None, list[ClaimSchemaError]]]:
        return [schema_errors(self.file, index) for index in range(len(self.file.items))]

    def field_line(self, index: int, loc: tuple[str | int, ...]) -> int | None:
        return self.file.field_line(index, loc)

    def header_line(self, key: str) -> int | None:
        return self.file.header_line(key)


class _FastView(_ClaimsView):
    """Claims read fast; the round-trip tree is parsed only if a line is asked for,
    that is when there is a problem to point at."""

    def __init__(self, store: Store, path: Path, stored: StoredClaims) -> None:
        self.store = store
        self.path = path
        self.present = stored.present
        self.source = stored.source
        self.claims = stored.claims

    def entries(self) -> list[tuple[Claim | None, list[ClaimSchemaError]]]:
        return [(claim, []) for claim in self.claims]

    def field_line(self, index: int, loc: tuple[str | int, ...]) -> int | None:
        return self.store.read_claims_path(self.path).field_line(index, loc)

    def header_line(self, key: str) -> int | None:
        return self.store.read_claims_path(self.path).header_line(key)


def _read_document(store: Store, path: Path, max_bytes: int) -> Document:
    """:func:`read_document`, with front-matter field errors pointed at the field's line.

    The reader reports a bad front-matter field on the first front-matter line; the
    validator knows the layout well enough to name the line of the field itself.
    """
    try:
        return store.read_document_path(path, max_bytes)
    except InputError as exc:
        match = re.match(r"front matter field ([A-Za-z0-9_]+)", exc.message)
        if match is None:
            raise
        text = decode_text(read_store_bytes(path), path)
        line = front_matter_lines(text).get(match.group(1), exc.line)
        raise InputError(path, exc.message, line) from exc


def _check_document(source_id: str, document: Document, parties: set[str]) -> list[Problem]:
    """Problems of one document's front matter: id, hash and perspective."""
    path = str(document.path)
    problems = []
    known: dict[str, int] | None = None

    def line_of(key: str) -> int | None:
        # The front matter is parsed again for its lines only when a problem needs one.
        nonlocal known
        if known is None:
            known = front_matter_lines(decode_text(read_store_bytes(document.path), document.path))
        return known.get(key)

    if document.source.id != source_id:
        problems.append(
            Problem(
                path,
                line_of("id"),
                "id-mismatch",
                f"front matter id {document.source.id!r} differs from the file name "
                f"{source_id + DOCUMENT_SUFFIX!r}",
            )
        )
    # read_document fills a missing sha256 with the body's hash, so only a hash written
    # in the file can disagree.
    actual = body_sha256(document.body)
    if document.source.sha256 != actual:
        problems.append(
            Problem(
                path,
                line_of("sha256"),
                "hash-mismatch",
                f"front matter sha256 {document.source.sha256} is not the hash of the body "
                f"({actual}): the body was edited, so every claim offset must be checked "
                "(re-extract the source) before the hash is updated",
            )
        )
    perspective = document.source.perspective
    if perspective is not None and perspective not in parties:
        problems.append(
            Problem(
                path,
                line_of("perspective"),
                "unknown-perspective",
                f"perspective {perspective!r} is not a party id in the configuration",
            )
        )
    return problems


def _check_claims_file(
    source_id: str,
    view: _ClaimsView,
    document: Document | None,
    parties: set[str],
    first_use: dict[str, tuple[str, Callable[[str], int | None]]],
    earlier: Callable[[], list[str]] = list,
) -> list[Problem]:
    """Problems of one claims file; ``first_use`` tracks ids across the whole store and
    ``earlier`` gives the bodies of the document's versions kept in ``.history/``."""
    path = str(view.path)
    problems = []
    if document is None:
        problems.append(
            Problem(
                path,
                view.header_line("source") or 1,
                "orphan-claims",
                f"no document {source_id + DOCUMENT_SUFFIX!r} for these claims",
            )
        )
    if view.present and view.source != source_id:
        problems.append(
            Problem(
                path,
                view.header_line("source") or 1,
                "source-mismatch",
                f"header names source {view.source!r}, but the file is for {source_id!r}",
            )
        )
    for index, (claim, errors) in enumerate(view.entries()):
        if claim is None:
            problems.extend(Problem(path, e.line, e.code, e.message) for e in errors)
            continue

        def at(*loc: str | int, index: int = index) -> int | None:
            return view.field_line(index, loc)

        previous = first_use.get(claim.id)
        if previous is None:
            first_use[claim.id] = (path, lambda _claim_id, at=at: at("id"))
        else:
            earlier = previous[1](claim.id)
            where = f"{previous[0]}:{earlier}" if earlier else previous[0]
            problems.append(
                Problem(
                    path, at("id"), "duplicate-id", f"claim id {claim.id} is also used at {where}"
                )
            )
        if claim.source != source_id:
            problems.append(
                Problem(
                    path,
                    at("source"),
                    "source-mismatch",
                    f"claim {claim.id} names source {claim.source!r}, but the file is for "
                    f"{source_id!r}",
                )
            )
        offsets = _check_offsets(claim, document, path, at)
        # Vanished when its document changed: its offsets are the earlier version's.
        if (
            offsets
            and claim.review.status == ReviewStatus.vanished
            and any(_fits(claim, body) for body in earlier())
        ):
            offsets = [p for p in offsets if p.code == "value-span-outside"]
        problems.extend(offsets)
        problems.extend(_check_parties(claim, parties, path, at))
        for number, event in enumerate(claim.review.history):
            if event.action in ACTIONS_NEEDING_REASON and not (event.reason or "").strip():
                problems.append(
                    Problem(
                        path,
                        at("review", "history", number),
                        "missing-reason",
                        f"claim {claim.id}: {event.action} by {event.who} gives no reason",
                    )
                )
    return problems


def _check_offsets(
    claim: Claim, document: Document | None, path: str, at: Locator
) -> list[Problem]:
    """Quote, span and value span against the body: the heart of "points at its text"."""
    problems = []
    start, end = claim.span
    value_start, value_end = claim.value_span
    if not (start <= value_start and value_end <= end):
        problems.append(
            Problem(
                path,
                at("value_span"),
                "value-span-outside",
                f"claim {claim.id}: value_span [{value_start}, {value_end}] is not inside "
                f"span [{start}, {end}]",
            )
        )
    if document is None:
        return problems
    body = document.body
    if end > len(body):
        problems.append(
            Problem(
                path,
                at("span"),
                "span-out-of-range",
                f"claim {claim.id}: span [{start}, {end}] reaches past the end of the body "
                f"({len(body)} characters)",
            )
        )
    elif body[start:end] != claim.quote:
        line, column = document.line_col(start)
        problems.append(
            Problem(
                path,
                at("quote"),
                "quote-mismatch",
                f"claim {claim.id}: quote is not the text at span [{start}, {end}] "
                f"({document.path}:{line}:{column} reads {_short(body[start:end])!r})",
            )
        )
    speaker_span = claim.attribution.speaker_span
    if speaker_span is not None and (
        speaker_span[0] < 0 or speaker_span[1] < speaker_span[0] or speaker_span[1] > len(body)
    ):
        problems.append(
            Problem(
                path,
                at("attribution", "speaker_span"),
                "span-out-of-range",
                f"claim {claim.id}: speaker_span [{speaker_span[0]}, {speaker_span[1]}] is "
                f"not inside the body ({len(body)} characters)",
            )
        )
    return problems


def _fits(claim: Claim, body: str) -> bool:
    """Whether ``claim`` points at its text in ``body``: quote and speaker span."""
    start, end = claim.span
    speaker = claim.attribution.speaker_span
    return body[start:end] == claim.quote and (
        speaker is None or 0 <= speaker[0] <= speaker[1] <= len(body)
    )


def _check_parties(claim: Claim, parties: set[str], path: str, at: Locator) -> list[Problem]:
    problems = []
    party = claim.attribution.party
    if party is not None and party not in parties:
        problems.append(
            Problem(
                path,
                at("attribution", "party"),
                "unknown-party",
                f"claim {claim.id}: attribution party {party!r} is not a party id in the "
                "configuration",
            )
        )
    if claim.side is not None and claim.side not in parties:
        problems.append(
            Problem(
                path,
                at("side"),
                "unknown-side",
                f"claim {claim.id}: side {claim.side!r} is not a party id in the configuration",
            )
        )
    return problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
