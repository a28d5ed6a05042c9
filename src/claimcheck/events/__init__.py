"""Events: which articles report the same real-world event.

A disagreement exists only between two statements about the same quantity of the same
event, so the comparator works inside events. :func:`find_events` groups the sources
of a scan or a store by what reports of one event share (names, key words, dates; see
:mod:`.features` and :mod:`.clustering`), applies the editors' merge and split decisions
on top, and gives each group a stable id, a readable label, its date span and the
shared features that explain it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from claimcheck.events.clustering import cluster, feature_matrix
from claimcheck.events.features import Casing, DocumentFeatures, document_features, tokens
from claimcheck.model import Claim, Event, EventDecision
from claimcheck.sources import Document

__all__ = [
    "EventIndex",
    "assemble_events",
    "assign_events",
    "document_date",
    "event_id_for",
    "event_order",
    "find_events",
    "group_articles",
    "main_year",
]

#: A date found this close to the top of an article is its dateline.
DATELINE_CHARS = 400
#: Shared features listed to explain an event.
SHARED_SHOWN = 6


@dataclass(frozen=True, slots=True)
class EventIndex:
    """The events of a batch, and each source's event."""

    events: list[Event]
    event_of: dict[str, str]

    def by_id(self) -> dict[str, Event]:
        """Events keyed by id."""
        return {event.id: event for event in self.events}


def event_id_for(sources: Iterable[str]) -> str:
    """An event's id: a hash of its first source id, stable when later sources join."""
    first = min(sources)
    return "e-" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:10]


def document_date(document: Document, claims: Sequence[Claim]) -> dt.date | None:
    """The document's own date, else the first full date at its top (a dateline)."""
    if document.source.published is not None:
        return document.source.published
    for claim in claims:
        value = claim.value
        if (
            value.kind == "date"
            and claim.value_span[0] < DATELINE_CHARS
            and isinstance(value.low, dt.date)
            and value.low == value.high
        ):
            return value.low
    return None


def find_events(
    documents: Sequence[Document],
    claims: Iterable[Claim] = (),
    decisions: Sequence[EventDecision] = (),
) -> EventIndex:
    """Group documents into events (see the module docstring)."""
    by_source: dict[str, list[Claim]] = {}
    for claim in claims:
        by_source.setdefault(claim.source, []).append(claim)
    dates = [document_date(d, by_source.get(d.source.id, [])) for d in documents]
    casing = Casing()
    for document in documents:
        casing.add(document.body)
    surface: dict[str, str] = {}
    years = np.zeros(len(documents), dtype=np.int64)

    def articles() -> Iterator[list[str]]:
        for i, (document, date) in enumerate(zip(documents, dates, strict=True)):
            features = document_features(document.body, casing, date)
            for name, written in features.surface.items():
                surface.setdefault(name, written)
            years[i] = main_year(date, features)
            yield tokens(features)

    matrix, vocabulary = feature_matrix(articles())
    ids = [d.source.id for d in documents]
    return group_articles(ids, dates, years, surface, matrix, vocabulary, decisions)


def group_articles(
    ids: Sequence[str],
    dates: Sequence[dt.date | None],
    years: np.ndarray,
    surface: dict[str, str],
    matrix,
    vocabulary: list[str],
    decisions: Sequence[EventDecision] = (),
) -> EventIndex:
    """The events of articles whose features are already weighted (the second half of
    :func:`find_events`, for callers that compute the features in parts).

    ``ids``, ``dates`` and ``years`` are per article, in the rows' order; ``surface``
    maps each lower-case name to its first written form.
    """
    empty = np.empty(0, dtype=np.int64)
    labels, related = cluster(matrix, years) if len(ids) else (empty, empty)
    return assemble_events(
        ids, dates, years, surface, matrix, vocabulary, labels, related, decisions
    )


def assemble_events(
    ids: Sequence[str],
    dates: Sequence[dt.date | None],
    years: np.ndarray,
    surface: dict[str, str],
    matrix,
    vocabulary: list[str],
    labels: np.ndarray,
    related: np.ndarray,
    decisions: Sequence[EventDecision] = (),
) -> EventIndex:
    """The events of articles already clustered: ``labels`` gives each row's event and
    ``related`` its group of related events (:func:`.clustering.cluster`), numbered in
    any way. Each event gets its id, label, dates and shared features, and the events
    are sorted by date. Any set of whole groups of related events can be assembled on
    its own (with the rows of its articles only) and gives the same events."""
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    ids = list(ids)
    members = [[ids[i] for i in group] for group in groups.values()]
    members, applied = _apply_decisions(members, decisions, set(ids))
    position = {sid: i for i, sid in enumerate(ids)}
    related_sources: dict[int, list[str]] = {}
    for sid, label in zip(ids, related, strict=True):
        related_sources.setdefault(int(label), []).append(sid)
    events = []
    for group, decided in zip(members, applied, strict=True):
        rows = [position[sid] for sid in group]
        event = _event(
            group, rows, matrix, vocabulary, surface, [dates[i] for i in rows], years, decided
        )
        # A merge can join events of two related groups: the group of its first source.
        kin = related_sources[int(related[rows[0]])]
        events.append(event.model_copy(update={"related": "g-" + event_id_for(kin)[2:]}))
    events.sort(key=event_order)
    event_of = {sid: event.id for event in events for sid in event.sources}
    return EventIndex(events, event_of)


def event_order(event: Event) -> tuple[dt.date, str]:
    """The events' order in a report: by first date (undated last), then id."""
    return (event.start or dt.date.max, event.id)


def main_year(date: dt.date | None, features: DocumentFeatures) -> int:
    """The year an article is about: its own date's, else the year it names most, when
    it names one year more often than any other; 0 when unknown."""
    if date is not None:
        return date.year
    counts = Counter(y for y in features.dates if len(y) == 4).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return 0
    return int(counts[0][0])


def _apply_decisions(
    groups: list[list[str]], decisions: Sequence[EventDecision], known: set[str]
) -> tuple[list[list[str]], list[list[int]]]:
    """Groups after the editors' decisions, in order; each with the decisions that shaped it."""
    owner = {sid: i for i, group in enumerate(groups) for sid in group}
    sets = [set(group) for group in groups]
    shaped: list[list[int]] = [[] for _ in groups]
    for number, decision in enumerate(decisions, start=1):
        named = [sid for sid in decision.sources if sid in known]
        if not named:
            continue
        if decision.action == "merge":
            target = owner[named[0]]
            for sid in named[1:]:
                source_group = owner[sid]
                if source_group == target:
                    continue
                for moved in sets[source_group]:
                    owner[moved] = target
                sets[target] |= sets[source_group]
                shaped[target] += shaped[source_group]
                sets[source_group] = set()
            shaped[target].append(number)
        else:
            for sid in named:
                sets[owner[sid]].discard(sid)
            sets.append(set(named))
            shaped.append([number])
            for sid in named:
                owner[sid] = len(sets) - 1
    kept = [(sorted(s), shaped[i]) for i, s in enumerate(sets) if s]
    return [g for g, _ in kept], [d for _, d in kept]


def _event(
    sources: list[str],
    rows: list[int],
    matrix,
    vocabulary: list[str],
    surface: dict[str, str],
    dates: list[dt.date | None],
    years: np.ndarray,
    decisions: list[int],
) -> Event:
    """One event with its label, date span and the features its sources share."""
    weights = np.asarray(matrix[rows].sum(axis=0)).ravel() if vocabulary else np.empty(0)
    presence = np.asarray((matrix[rows] > 0).sum(axis=0)).ravel() if vocabulary else weights
    order = np.argsort(-weights, kind="stable")
    names: list[str] = []
    words: list[str] = []
    shared: list[str] = []
    for column in order:
        if weights[column] <= 0:
            break
        kind, term = vocabulary[column].split(":", 1)
        term = term.removeprefix("~")  # a word of a longer name reads as the word
        if kind == "names" and len(names) < 2 and not any(term in n.lower() for n in names):
            names.append(surface.get(term, term.title()))
        elif kind == "words" and not words and len(term) > 3:  # "did" names no event
            words.append(term)
        shown = surface.get(term, term) if kind == "names" else term
        if presence[column] >= 2 and len(shared) < SHARED_SHOWN and shown not in shared:
            shared.append(shown)
        if len(names) == 2 and words and len(shared) >= SHARED_SHOWN:
            break
    known = sorted(d for d in dates if d is not None)
    start, end = (known[0], known[-1]) if known else (None, None)
    label = ", ".join([*words, *names, *_period(start, end, years[rows])]) or sources[0]
    return Event(
        id=event_id_for(sources),
        label=label,
        sources=sorted(sources),
        start=start,
        end=end,
        shared=shared,
        decisions=decisions,
    )


def _period(start: dt.date | None, end: dt.date | None, years: np.ndarray) -> list[str]:
    """The event's time in words: "July 2013", "July-August 2013", or its sources'
    commonest main year."""
    if start is not None and end is not None:
        if (start.year, start.month) == (end.year, end.month):
            return [start.strftime("%B %Y")]
        if start.year == end.year:
            return [f"{start.strftime('%B')}-{end.strftime('%B %Y')}"]
        return [f"{start.strftime('%B %Y')}-{end.strftime('%B %Y')}"]
    known = Counter(int(y) for y in years if y > 0)
    return [str(known.most_common(1)[0][0])] if known else []


def assign_events(claims: Iterable[Claim], index: EventIndex) -> list[Claim]:
    """Copies of the claims with the event of their source filled in."""
    out = []
    for claim in claims:
        event_id = index.event_of.get(claim.source)
        out.append(
            claim if claim.event_id == event_id else claim.model_copy(update={"event_id": event_id})
        )
    return out
