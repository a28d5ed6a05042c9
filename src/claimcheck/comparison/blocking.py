"""Which claims speak of the same quantity.

Two claims are about the same quantity when they are reported in the same event (the
real-world story their documents tell, :mod:`claimcheck.events`) and share value kind,
unit, measure, the side the subject belongs to, the place, whether the value is a
deadline, and a compatible subject and year. Comparing every pair of claims in a corpus
would be quadratic, so claims are first put in *blocks* keyed by the fields that must be
equal (event, kind, unit, measure, side, place, deadline); fuzzy subject matching and
year matching then only run inside a block, over its *distinct* subjects.

Decisions:

* ``side`` and ``place`` must be equal; None only matches None. "49 Armenian and 50
  Azeri soldiers" therefore never compare, and neither do a district and its city.
* A deadline ("by December 1") and an actual date are different quantities; two
  deadlines for the same thing are compared with each other.
* Subjects match when ``fuzz.token_sort_ratio`` reaches
  ``tolerances.subject_similarity``. That scorer, unlike ``token_set_ratio``, does not
  give 100 to a subject that is a subset of a longer one. Matching subjects are joined
  transitively inside a block (single linkage), which is independent of claim order.
  An empty subject matches only another empty subject; a claim with neither subject nor
  measure is never grouped with anything.
* ``event_id`` must be equal: a figure of one story is never a disagreement with a
  figure of another, however alike their words ("two catches" of one player, "52
  catches" of another). Claims with no event (compared outside any grouping) all share
  ``None``.
* ``event`` (the year of the occurrence): a claim without a year joins the claims of a
  named year only when the cluster names exactly one; when it names several, a yearless
  claim cannot be
  placed and is compared only with the other event-less claims. This keeps grouping a
  partition (no chaining a 2016 figure to a 2020 one through an undated claim).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from claimcheck.model import Claim

#: Review statuses whose claims the comparator ignores entirely.
IGNORED_STATUSES = frozenset({"rejected", "vanished"})

BlockKey = tuple[object, object, object, object, object, bool, object]


def block_key(claim: Claim, related: dict[str, str] | None = None) -> BlockKey | None:
    """The fields that must be equal for two claims to be about one quantity.

    ``related`` maps an event id to its group of related events, which is what a block
    holds; :func:`_split_by_event` then keeps events apart. None for a claim that must
    stay alone (no subject and no measure).
    """
    if not claim.subject and claim.measure is None:
        return None
    v = claim.value
    unit = "day" if v.kind == "duration" else v.unit  # durations compare in days
    return (
        v.kind,
        unit,
        claim.measure,
        claim.side,
        claim.place,
        v.qualifier == "deadline",
        related.get(claim.event_id, claim.event_id)
        if related and claim.event_id
        else claim.event_id,
    )


class _SubjectMatcher:
    """Fuzzy subject similarity with a cache, since the same subjects meet in many blocks."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._cache: dict[tuple[str, str], bool] = {}

    def clusters(self, subjects: list[str]) -> dict[str, str]:
        """Map each subject to its cluster's representative (the smallest subject)."""
        parent = {s: s for s in subjects}

        def find(s: str) -> str:
            while parent[s] != s:
                parent[s] = parent[parent[s]]
                s = parent[s]
            return s

        ordered = sorted(subjects)
        non_empty = [s for s in ordered if s]
        if len(non_empty) > 16:
            # Many distinct subjects in one block: let rapidfuzz loop in C.
            for i, s in enumerate(non_empty[:-1]):
                rest = non_empty[i + 1 :]
                for _, _, j in process.extract(
                    s,
                    rest,
                    scorer=fuzz.token_sort_ratio,
                    score_cutoff=self.threshold,
                    limit=None,
                ):
                    self._union(parent, find, s, rest[j])
        else:
            for i, a in enumerate(non_empty):
                for b in non_empty[i + 1 :]:
                    if self.similar(a, b):
                        self._union(parent, find, a, b)
        return {s: find(s) for s in subjects}

    @staticmethod
    def _union(parent: dict[str, str], find: Callable[[str], str], a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra

    def similar(self, a: str, b: str) -> bool:
        """True when two non-empty subjects are close enough to be one thing."""
        key = (a, b) if a < b else (b, a)
        hit = self._cache.get(key)
        if hit is None:
            hit = fuzz.token_sort_ratio(a, b, score_cutoff=self.threshold) > 0
            self._cache[key] = hit
        return hit


def normalise_subject(subject: str, memo: dict[str, str]) -> str:
    """Lower-case, single-spaced subject; memoised because subjects repeat a lot."""
    out = memo.get(subject)
    if out is None:
        out = " ".join(subject.casefold().split())
        memo[subject] = out
    return out


def group_claims(
    claims: Iterable[Claim], subject_similarity: float, related: dict[str, str] | None = None
) -> list[list[Claim]]:
    """Partition the live claims into groups about one quantity each.

    ``related`` maps event ids to their groups of related events (see :func:`block_key`).

    Each group is sorted by claim id; singletons are included (one-sided findings need
    them). Rejected and vanished claims are dropped here.
    """
    blocks: dict[BlockKey, list[Claim]] = {}
    groups: list[list[Claim]] = []
    for claim in claims:
        if claim.review.status in IGNORED_STATUSES:
            continue
        key = block_key(claim, related)
        if key is None:
            groups.append([claim])
            continue
        block = blocks.get(key)
        if block is None:
            blocks[key] = [claim]
        else:
            block.append(claim)

    matcher = _SubjectMatcher(subject_similarity)
    memo: dict[str, str] = {}
    for block in blocks.values():
        if len(block) == 1:
            groups.append(block)
            continue
        subjects = [normalise_subject(c.subject, memo) for c in block]
        distinct = set(subjects)
        if len(distinct) == 1:
            clusters: list[list[Claim]] = [block]
        else:
            rep = matcher.clusters(list(distinct))
            by_rep: dict[str, list[Claim]] = {}
            for claim, subject in zip(block, subjects, strict=True):
                by_rep.setdefault(rep[subject], []).append(claim)
            clusters = list(by_rep.values())
        for cluster in clusters:
            groups.extend(_split_by_event(cluster))
    for group in groups:
        if len(group) > 1:
            group.sort(key=_claim_id)
    return groups


def _claim_id(claim: Claim) -> str:
    return claim.id


def _split_by_event(cluster: list[Claim]) -> list[list[Claim]]:
    """Split one subject cluster into occurrences: by year, and by event for the rest.

    A figure that states its year ("killed in the 2020 war") is its own witness of the
    occurrence, so figures of one year meet across the related events of a block. A
    figure with no year is placed by its event: with the figures of the one year its
    event's figures in the cluster name, else only with the yearless figures of its event.
    """
    by_year: dict[str, list[Claim]] = {}
    yearless: dict[str | None, list[Claim]] = {}
    years_of_event: dict[str | None, set[str]] = {}
    for claim in cluster:
        if claim.event is None:
            yearless.setdefault(claim.event_id, []).append(claim)
        else:
            by_year.setdefault(claim.event, []).append(claim)
            years_of_event.setdefault(claim.event_id, set()).add(claim.event)
    out = by_year
    rest: list[list[Claim]] = []
    for event_id, claims in yearless.items():
        years = years_of_event.get(event_id, set())
        if len(years) == 1:
            out[next(iter(years))].extend(claims)
        else:
            rest.append(claims)
    return [*out.values(), *rest]


def quantity_label(group: list[Claim]) -> str:
    """A readable name of what a group counts: "azerbaijan soldiers killed in shusha".

    Built from side, the group's most common subject, the measure (left out when the
    subject already says it: "withdrawal deadline" + "withdrawal"), place and event.
    """
    first = group[0]
    counts: dict[str, int] = {}
    for claim in group:
        subject = " ".join(claim.subject.casefold().split())
        counts[subject] = counts.get(subject, 0) + 1
    subject = min(counts, key=lambda s: (-counts[s], s)) if counts else ""
    parts: list[str] = []
    if first.side:
        parts.append(first.side)
    if subject:
        parts.append(subject)
    measure = first.measure
    if measure and not _says(subject, measure):
        parts.append(measure)
    if first.value.qualifier == "deadline" and "deadline" not in subject:
        parts.append("deadline")
    label = " ".join(parts) or f"figure '{first.value.text}'"
    if first.place:
        label += f" in {first.place}"
    events = sorted({c.event for c in group if c.event})
    if events:
        label += f" ({', '.join(events)})"
    return label


def _says(subject: str, measure: str) -> bool:
    """True when a subject word and the measure share a stem ("capture"/"captured")."""
    m = measure.casefold()
    stem = m[:5] if len(m) >= 5 else m
    return any(word == m or (len(word) >= 5 and word.startswith(stem)) for word in subject.split())
