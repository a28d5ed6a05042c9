"""Putting the pipeline together: documents or a store in, one :class:`Report` out.

``scan`` reads files, extracts and compares without touching any store; ``analyse_store``
compares the claims a store holds. Both return the same :class:`Report`, which every
output format renders.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from claimcheck import __version__
from claimcheck.comparison import compare
from claimcheck.config import Config
from claimcheck.errors import InputError, InputWarning
from claimcheck.findings import Finding, FindingKind, Severity
from claimcheck.model import Claim, Event, EventDecision, ReviewStatus, Source
from claimcheck.sources import Document, read_document
from claimcheck.store import ClaimIds, ClaimRef, Store

#: Version of the JSON report schema (docs/report-format.md); bumped on breaking changes.
REPORT_SCHEMA_VERSION = 3


class Report(BaseModel):
    """Everything a report shows: the sources, their claims and the findings."""

    # Version of this structure, for consumers of the JSON format.
    schema_version: int = REPORT_SCHEMA_VERSION
    # claimcheck version that made the report.
    tool_version: str = __version__
    # The documents read, in the order given.
    sources: list[Source] = Field(default_factory=list)
    # The events (stories) the sources report, earliest first; figures are compared
    # only inside one event.
    events: list[Event] = Field(default_factory=list)
    # Every claim, grouped by source in source order, in text order within a source.
    claims: list[Claim] = Field(default_factory=list)
    # Disagreements first, then one-sided figures; each in a stable order.
    findings: list[Finding] = Field(default_factory=list)
    # Where each source was read from, for formats that point at files and lines.
    paths: dict[str, str] = Field(default_factory=dict)
    # Claim id -> where its figure sits in its file: 1-based (start line, start column,
    # end line, end column after the last character), front matter counted. Formats that
    # annotate files (sarif, github) need lines, which offsets into the body do not give.
    regions: dict[str, tuple[int, int, int, int]] = Field(default_factory=dict)
    # Each source's body by id, for formats that show the text (html). Excluded from
    # dumps so the JSON report stays as documented.
    bodies: dict[str, str] = Field(default_factory=dict, exclude=True)
    # The events whose claims were compared, when only some were (an incremental check);
    # None when every event was. Excluded from dumps.
    compared_events: list[str] | None = Field(default=None, exclude=True)
    # (sources, claims) of the whole store when ``sources`` and ``claims`` hold only
    # those compared (a check that read only what changed); None when they hold all.
    # Excluded from dumps: a report that is dumped holds everything.
    totals: tuple[int, int] | None = Field(default=None, exclude=True)

    def claim_by_id(self) -> dict[str, Claim]:
        """Claims keyed by id."""
        return {claim.id: claim for claim in self.claims}

    def source_by_id(self) -> dict[str, Source]:
        """Sources keyed by id."""
        return {source.id: source for source in self.sources}

    @property
    def disagreements(self) -> list[Finding]:
        """Findings about figures that disagree."""
        return [f for f in self.findings if f.kind is FindingKind.disagreement]

    @property
    def one_sided(self) -> list[Finding]:
        """Findings about figures only one party asserts."""
        return [f for f in self.findings if f.kind is FindingKind.one_sided]


def claim_regions(
    documents: Iterable[Document], claims: Iterable[Claim]
) -> dict[str, tuple[int, int, int, int]]:
    """Each claim's figure as file lines and columns (see :attr:`Report.regions`)."""
    by_source = {document.source.id: document for document in documents}
    regions: dict[str, tuple[int, int, int, int]] = {}
    for claim in claims:
        document = by_source.get(claim.source)
        if document is None or claim.value_span[1] > len(document.body):
            continue
        start = document.line_col(claim.value_span[0])
        end = document.line_col(claim.value_span[1])
        regions[claim.id] = (*start, *end)
    return regions


def read_documents(
    paths: Iterable[Path],
    config: Config,
    errors: list[InputError] | None = None,
    warnings: list[InputWarning] | None = None,
) -> list[Document]:
    """Read documents; two files with the same source id are an error, not a silent merge.

    Without ``errors`` the first unreadable document raises its :class:`InputError`; with
    it, each one is appended there and the others are still read. Front-matter keys that
    are not used are appended to ``warnings`` when it is given.
    """
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            document = read_document(path, config.max_document_bytes)
            sid = document.source.id
            if sid in seen:
                raise InputError(path, f"source id {sid!r} is also used by {seen[sid]}")
        except InputError as error:
            if errors is None:
                raise
            errors.append(error)
            continue
        seen[sid] = path
        documents.append(document)
        if warnings is not None:
            warnings.extend(document.warnings)
    return documents


def scan(
    paths: Iterable[Path],
    config: Config,
    progress: Callable[[Document], None] | None = None,
    errors: list[InputError] | None = None,
    warnings: list[InputWarning] | None = None,
) -> Report:
    """Extract and compare documents without a store.

    With ``errors`` given, documents that cannot be read are listed there and the report
    covers the others (see :func:`read_documents`).
    """
    from claimcheck.extraction.pipeline import Extractor

    extractor = Extractor(config)
    documents = read_documents(paths, config, errors, warnings)
    claims: list[Claim] = []
    for document in documents:
        claims.extend(extractor.extract(document))
        if progress is not None:
            progress(document)
    return compare_documents(documents, claims, config)


#: Given the events, the ids of the events whose claims are to be compared, or None for
#: all of them.
Scope = Callable[[list[Event]], set[str] | None]


def analyse_store(store: Store, config: Config, scope: Scope | None = None) -> Report:
    """Compare the claims a store holds (rejected and vanished claims are left out).

    With ``scope``, only the claims of the events it names are compared (every claim is
    still in the report, with its event); ``report.compared_events`` lists them.
    """
    documents = store.documents()
    claims = _live_claims(store)
    decisions = store.event_decisions()
    memo = _GroupingMemo(store, decisions)
    return compare_documents(documents, claims, config, decisions, scope, memo)


class _GroupingMemo:
    """The store's grouping into events, remembered in its cache by the content of every
    file it is computed from (documents, claims, decisions): grouping is a function of
    them, so an unchanged store (say, checked right after ``extract`` regrouped it) is not
    grouped again, and scikit-learn is not even loaded."""

    def __init__(self, store: Store, decisions: list[EventDecision]) -> None:
        self.store = store
        self.key = store.content_digest(
            "events", json.dumps([d.model_dump(mode="json") for d in decisions], sort_keys=True)
        )

    def get(self) -> tuple[list[Event], dict[str, str]] | None:
        if self.key is None:
            return None
        data = self.store.cache.get("events", self.key)
        if data is None:
            return None
        try:
            loaded = json.loads(data)
            return [Event.model_validate(e) for e in loaded["events"]], dict(loaded["event_of"])
        except (ValueError, KeyError, TypeError, ValidationError):
            return None

    def put(self, events: list[Event], event_of: dict[str, str]) -> None:
        if self.key is None:
            return
        data = {"events": [e.model_dump(mode="json") for e in events], "event_of": event_of}
        self.store.cache.put_latest("events", self.key, json.dumps(data).encode())


class StoreClaims(Mapping[str, "Claim | ClaimRef"]):
    """Every live claim of a store by id: the compared ones as claims, the others as
    :class:`ClaimRef` made when asked for (from the cached ids, never built as claims)."""

    def __init__(
        self,
        claims: dict[str, Claim],
        others: dict[str, tuple[ClaimIds, int]] | None = None,
        event_of: dict[str, str] | None = None,
    ) -> None:
        self._claims = claims
        self._others = others or {}
        self._event_of = event_of or {}

    def __getitem__(self, claim_id: str) -> Claim | ClaimRef:
        claim = self._claims.get(claim_id)
        if claim is not None:
            return claim
        ids, index = self._others[claim_id]
        return ids.ref(index, self._event_of.get(ids.sources[index]))

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claims or claim_id in self._others

    def __iter__(self) -> Iterator[str]:
        yield from self._claims
        yield from (c for c in self._others if c not in self._claims)

    def __len__(self) -> int:
        return len(self._claims) + sum(1 for c in self._others if c not in self._claims)


@dataclass
class StoreAnalysis:
    """A store compared for a check: the report, and every live claim of the store."""

    # With ``report.totals`` set, its sources and claims are only those of the compared
    # events (see :func:`analyse_changes`).
    report: Report
    # Every live claim of the store by id (see :class:`StoreClaims`).
    claims: StoreClaims


def analyse_changes(store: Store, config: Config, scope: Scope, complete: bool) -> StoreAnalysis:
    """Compare only the events ``scope`` names, reading only their sources.

    The store's grouping into events is taken from the cache when it holds the grouping
    of exactly these files (see :class:`_GroupingMemo`); the other sources' claims are
    then only referenced (:class:`StoreClaims`), and the report holds the compared
    sources and claims alone (``report.totals`` counts the whole store). With
    ``complete``, when the grouping is not cached, or when ``scope`` names every event,
    the report is :func:`analyse_store`'s, holding everything.
    """
    with store.frozen():
        if complete:
            report = analyse_store(store, config, scope)
            return StoreAnalysis(report, StoreClaims(report.claim_by_id()))
        decisions = store.event_decisions()
        memo = _GroupingMemo(store, decisions)
        grouped = memo.get()
        if grouped is None:
            # Not grouped yet in this state: every document and claim is read to group
            # them (and the grouping remembered); only the comparison stays partial.
            grouped = _group(store.documents(), _live_claims(store), decisions, memo)
        in_scope = scope(grouped[0])
        if in_scope is None:
            report = analyse_store(store, config, scope)
            return StoreAnalysis(report, StoreClaims(report.claim_by_id()))
        return _analyse_part(store, config, grouped, in_scope)


def _group(
    documents: list[Document],
    claims: list[Claim],
    decisions: list[EventDecision],
    memo: _GroupingMemo | None,
) -> tuple[list[Event], dict[str, str]]:
    """The events of ``documents`` and each source's event (remembered in ``memo``)."""
    from claimcheck.events import find_events

    index = find_events(documents, claims, decisions)
    if memo is not None:
        memo.put(index.events, index.event_of)
    return index.events, index.event_of


def _analyse_part(
    store: Store, config: Config, grouped: tuple[list[Event], dict[str, str]], in_scope: set[str]
) -> StoreAnalysis:
    events, event_of = grouped
    source_ids = store.source_ids()
    compared = [sid for sid in source_ids if event_of.get(sid) in in_scope]
    documents = [store.document(sid) for sid in compared]
    claims: list[Claim] = []
    for sid in compared:
        event = event_of.get(sid)
        claims.extend(
            claim if claim.event_id == event else claim.model_copy(update={"event_id": event})
            for claim in store.claims(sid)
            if claim.review.status not in (ReviewStatus.rejected, ReviewStatus.vanished)
        )
    sources = {d.source.id: d.source for d in documents}
    for sid in {claim.source for claim in claims} - sources.keys():
        if sid in event_of:  # a claim naming another source of the store
            sources[sid] = store.source_record(sid)
    findings = compare(claims, config, sources, events)

    others: dict[str, tuple[ClaimIds, int]] = {}
    live = len(claims)
    in_compared = set(compared)
    paths = [store.claims_path(sid) for sid in source_ids if sid not in in_compared]
    paths = [path for path in paths if store.file_hash(path) is not None]
    store.prefetch_ids(paths)
    for path in paths:
        ids = store.claim_ids(path)
        if "0" not in ids.live:
            count = len(ids.ids)
            slots = zip(repeat(ids, count), range(count), strict=True)
            others.update(zip(ids.ids, slots, strict=True))
            live += count
        else:
            for index, claim_id in enumerate(ids.ids):
                if ids.live[index] == "1":
                    others[claim_id] = (ids, index)
                    live += 1
    report = Report(
        sources=[d.source for d in documents],
        events=events,
        claims=claims,
        findings=findings,
        paths={sid: str(store.document_path(sid)) for sid in source_ids},
        regions=claim_regions(documents, claims),
        bodies={d.source.id: d.body for d in documents},
        compared_events=sorted(in_scope),
        totals=(len(source_ids), live),
    )
    return StoreAnalysis(report, StoreClaims({c.id: c for c in claims}, others, event_of))


def _live_claims(store: Store) -> list[Claim]:
    return [
        claim
        for claim in store.all_claims()
        if claim.review.status not in (ReviewStatus.rejected, ReviewStatus.vanished)
    ]


def compare_documents(
    documents: list[Document],
    claims: list[Claim],
    config: Config,
    decisions: list[EventDecision] | None = None,
    scope: Scope | None = None,
    memo: _GroupingMemo | None = None,
) -> Report:
    """Group the documents into events, compare the claims inside each event, and
    assemble the report both entry points give (``scope``: see :func:`analyse_store`)."""
    sources = [d.source for d in documents]
    grouped = memo.get() if memo is not None else None
    if grouped is None:
        grouped = _group(documents, claims, decisions or [], memo)
    events, event_of = grouped
    claims = [
        claim
        if claim.event_id == event_of.get(claim.source)
        else claim.model_copy(update={"event_id": event_of.get(claim.source)})
        for claim in claims
    ]
    in_scope = scope(events) if scope is not None else None
    compared = claims if in_scope is None else [c for c in claims if c.event_id in in_scope]
    findings = compare(compared, config, {s.id: s for s in sources}, events)
    return Report(
        sources=sources,
        events=events,
        claims=claims,
        findings=findings,
        paths={d.source.id: str(d.path) for d in documents},
        regions=claim_regions(documents, claims),
        bodies={d.source.id: d.body for d in documents},
        compared_events=sorted(in_scope) if in_scope is not None else None,
    )


def decide_event(
    store: Store,
    config: Config,
    action: str,
    sources: list[str],
    who: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """Record an editor's merge or split of events in the store, and regroup.

    The decision is appended to ``events.yaml`` (earlier decisions are kept, in order)
    and applied on every later grouping, whatever extraction finds again. Every named
    source must be in the store; a merge names at least two.
    """
    known = set(store.source_ids())
    unknown = [sid for sid in sources if sid not in known]
    if unknown:
        raise InputError(store.root, f"no source {unknown[0]!r} in the store")
    if action == "merge" and len(set(sources)) < 2:
        raise InputError(store.root, "a merge names at least two sources")
    decision = EventDecision(
        action=action,
        sources=list(dict.fromkeys(sources)),
        who=who,
        when=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        reason=reason,
    )
    with store.writing():
        decisions = [*store.event_decisions(), decision]
        report = compare_documents(store.documents(), _live_claims(store), config, decisions)
        store.write_events(report.events, decisions)
    return report


def record_events(store: Store, config: Config) -> Report:
    """Regroup the store and record each source's event in ``events.yaml``."""
    with store.writing():
        report = analyse_store(store, config)
        store.write_events(report.events)
    return report


def filter_findings(
    report: Report,
    min_severity: Severity | None = None,
    sources: list[str] | None = None,
) -> Report:
    """A copy of the report with only findings at or above a severity, or touching sources."""
    by_id = report.claim_by_id()
    kept = []
    for finding in report.findings:
        if min_severity is not None and finding.severity.rank < min_severity.rank:
            continue
        if sources and not any(by_id[c].source in sources for c in finding.claims if c in by_id):
            continue
        kept.append(finding)
    return report.model_copy(update={"findings": kept})
