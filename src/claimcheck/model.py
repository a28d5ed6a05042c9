"""The data claimcheck keeps: sources, the claims found in them, and the parties who speak.

Everything here is a pydantic model so that the store, the JSON report and the
validator share one definition. Offsets are Python ``str`` indices into a source's
*body* (the text after its YAML front matter), so a claim always points at the exact
characters it came from: ``body[span[0]:span[1]] == quote``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from claimcheck.errors import InputError

#: A source id is a file-name-safe slug: no ``/``, no ``..``, no spaces.
SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
#: A party id is a lower-case slug such as ``armenia`` or ``hrw``.
PARTY_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"

Span = tuple[int, int]


class StrictModel(BaseModel):
    """Rejects unknown fields: a typo in a hand-edited claim file is an error, not lost data."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def is_safe_source_id(value: str) -> bool:
    """True when ``value`` can be used as a file name inside the store."""
    return bool(re.match(SOURCE_ID_PATTERN, value)) and ".." not in value


def require_safe_source_id(
    value: object, where: str | Path, line: int | None = None, origin: str = ""
) -> str:
    """``value`` when it is a safe source id, else an :class:`InputError` at ``where``.

    ``origin`` says where the id was read (" in file name"), for the message.
    """
    if not isinstance(value, str) or not is_safe_source_id(value):
        raise InputError(
            where,
            f"unsafe source id {value!r}{origin}: use letters, digits, '.', '_' and '-', "
            "with no '/' or '..'",
            line,
        )
    return value


class SourceKind(StrEnum):
    """What kind of document a source is; independent kinds weigh more as corroboration."""

    news = "news"
    encyclopedia = "encyclopedia"
    statement = "statement"
    ngo_report = "ngo-report"
    agreement = "agreement"
    opinion = "opinion"
    other = "other"


class Source(StrictModel):
    """One document: what is known of where it came from, and a hash of its body."""

    # File-name-safe id; the store names the document ``<id>.md`` and its claims
    # ``<id>.claims.yaml``. In a scan it is the file name without extension.
    id: Annotated[str, Field(pattern=SOURCE_ID_PATTERN)]
    # Headline or title as published.
    title: str | None = None
    # Who wrote the document, as its front matter names them (``author``: one or a list).
    author: list[str] = Field(default_factory=list)
    # Outlet or organisation that published the document (front matter ``publisher``
    # or ``source``).
    publisher: str | None = None
    # Where the document was found, when known.
    url: str | None = None
    # Publication date (front matter ``published`` or ``date``); relative dates in the
    # text ("on Tuesday") and bare dates without a year are resolved against it, never
    # against today.
    published: dt.date | None = None
    # Language the document is written in, as its front matter gives it ("en", "en-GB").
    language: str | None = None
    # Tags or categories the front matter gives the document.
    tags: list[str] = Field(default_factory=list)
    # Kind of document (news, encyclopedia, statement, ngo-report, agreement, ...).
    kind: SourceKind = SourceKind.other
    # Party id whose point of view the document is written from, if it has one.
    perspective: str | None = None
    # Free text an editor keeps about the source.
    notes: str | None = None
    # sha256 hex digest of the UTF-8 body; detects edits that would shift offsets.
    sha256: str | None = None
    # Every other front-matter key, as written (CMS and site-generator fields such as
    # ``layout`` or ``slug``): claimcheck does not use them but keeps them, so a store
    # writes them back unchanged.
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _no_parent_refs(cls, value: str) -> str:
        if ".." in value:
            raise ValueError("source id may not contain '..'")
        return value


def body_sha256(body: str) -> str:
    """The hash stored in :attr:`Source.sha256`."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class ValueKind(StrEnum):
    """What a figure measures: a count or amount, a calendar date, or a length of time."""

    number = "number"
    date = "date"
    duration = "duration"


class Qualifier(StrEnum):
    """The words that turn a written figure into an interval."""

    exact = "exact"  # "49 soldiers"
    approximately = "approximately"  # "about", "around", "some", "nearly", "~"
    at_least = "at-least"  # "at least", "no fewer than"
    more_than = "more-than"  # "over", "more than", "exceeded", "upwards of"
    at_most = "at-most"  # "up to", "at most", "no more than"
    less_than = "less-than"  # "under", "fewer than", "below"
    range = "range"  # "3,900-4,000", "between 200 and 600"
    vague = "vague"  # "dozens", "hundreds", "tens of thousands"
    deadline = "deadline"  # dates: "by December 1"


class Anchor(StrEnum):
    """How a date was resolved: stated in full, or inferred from a date it is relative to."""

    explicit = "explicit"  # stated in full: "October 9, 2020", "in 1994", "the summer of 1990"
    # the day or month stated, its year taken from the article's date or earlier text:
    # "on March 3", "in October" (compared like a stated date: the day is the writer's)
    year_inferred = "year-inferred"
    document = "document"  # counted from the article's date: "yesterday", "last May", "Friday"
    text = "text"  # counted from an earlier date in the text: "two days later", "a year earlier"
    none = "none"  # relative with no date to read it against: no bounds, never compared


class DatePart(StrEnum):
    """The part of a named period a date speaks of: TimeML's ``mod`` START, MID, END.

    "early 1990" names the year 1990 and its first part; the value keeps the year as its
    interval (as TimeML's value does) and the part beside it, so the period the writer
    named is never lost and comparison reads only the part (:func:`part_of`).
    """

    early = "early"  # "early 1990", "the beginning of October", "early next year"
    mid = "mid"  # "mid-November", "the middle of the decade"
    late = "late"  # "late September", "the late 1990s"
    end = "end"  # "the end of the year", "year-end", "the end of March"


Scalar = float | dt.date


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def part_of(low: dt.date, high: dt.date, part: DatePart) -> tuple[dt.date, dt.date]:
    """The days ``part`` of the period ``[low, high]`` allows.

    A month's early, mid and late parts are days 1-10, 11-20 and 21 to its end; a year's
    are January-April, May-August and September-December, and its end is December (a
    "Dec. 31" balance date falls in it, "Dec. 20" does not contradict it); a decade's are
    its years 0-3, 4-6 and 7-9; a season's or a quarter's its first, middle and last
    months. Any other period is cut in thirds of its days.
    """
    part = DatePart(part)
    whole_months = low.day == 1 and high == _month_end(high.year, high.month)
    if whole_months and (low.year, low.month) == (high.year, high.month):
        if part is DatePart.early:
            return low, low.replace(day=10)
        if part is DatePart.mid:
            return low.replace(day=11), low.replace(day=20)
        return low.replace(day=21), high
    if whole_months and low.month == 1 and high.month == 12:
        years = high.year - low.year + 1
        if years == 1:
            if part is DatePart.end:
                return dt.date(low.year, 12, 1), high
            first, last = {DatePart.early: (1, 4), DatePart.mid: (5, 8)}.get(part, (9, 12))
            return dt.date(low.year, first, 1), _month_end(low.year, last)
        if years == 10:
            first, last = {DatePart.early: (0, 3), DatePart.mid: (4, 6)}.get(part, (7, 9))
            return dt.date(low.year + first, 1, 1), dt.date(low.year + last, 12, 31)
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    if whole_months and months % 3 == 0:  # a season, a quarter: its first, middle, last months
        step = months // 3
        index = {DatePart.early: 0, DatePart.mid: 1}.get(part, 2)
        start = low.year * 12 + low.month - 1 + index * step
        end = start + step - 1
        return dt.date(start // 12, start % 12 + 1, 1), _month_end(end // 12, end % 12 + 1)
    third = dt.timedelta(days=(high - low).days // 3)
    if part is DatePart.early:
        return low, low + third
    if part is DatePart.mid:
        return low + third, high - third
    return high - third, high


class Value(StrictModel):
    """A figure as an interval ``[low, high]`` with the qualifier that made it.

    ``low``/``high`` are numbers for counts, amounts and durations and ISO dates for
    dates. ``None`` on one side means unbounded ("more than 600" has no ``high``). A
    date that names part of a period ("early 1990") keeps the period as its interval
    and the part in ``part``, as TimeML does; :meth:`bounds` is what it allows.
    """

    # Count/amount, calendar date or duration.
    kind: ValueKind
    # Lower bound of the interval, inclusive; None when unbounded below.
    low: Scalar | None = None
    # Upper bound of the interval, inclusive; None when unbounded above.
    high: Scalar | None = None
    # The best single reading of the figure ("about 2,900" -> 2900), for display and sorting.
    point: Scalar | None = None
    # The qualifier words that shaped the interval.
    qualifier: Qualifier = Qualifier.exact
    # Unit of the figure: "%", "USD", "km2", "day", "month", "year"; None for plain counts.
    unit: str | None = None
    # The figure exactly as written, qualifier included ("approximately 1,960").
    text: str
    # Dates only: how the interval was resolved (stated, or inferred from the article's
    # date or an earlier date in the text), so that comparison weighs an inferred date
    # less than a stated one; None for counts, amounts and durations.
    anchor: Anchor | None = None
    # Dates only: the part of ``[low, high]`` the words name ("early 1990" is the year
    # 1990, part early); None when the whole interval is meant. See :meth:`bounds`.
    part: DatePart | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Value:
        low, high = self.low, self.high
        if low is not None and high is not None and type(low) is type(high) and low > high:  # type: ignore[operator]
            raise ValueError(f"low {low} is greater than high {high}")
        if self.part is not None and not (
            self.kind is ValueKind.date
            and isinstance(low, dt.date)
            and isinstance(high, dt.date)
            and low < high
        ):
            raise ValueError("a part is only given for a date period with both bounds")
        return self

    def bounds(self) -> tuple[Scalar | None, Scalar | None]:
        """``[low, high]`` narrowed to the part the words name: what the figure allows."""
        low, high = self.low, self.high
        if self.part is not None and isinstance(low, dt.date) and isinstance(high, dt.date):
            return part_of(low, high, self.part)
        return self.low, self.high


class Attribution(StrictModel):
    """Who the document says asserts a figure."""

    # The speaker as the document names them ("Azerbaijan's Defence Ministry"); None
    # when the document states the figure in its own voice.
    speaker: str | None = None
    # Offsets of the speaker mention in the body, when it is in the text.
    speaker_span: Span | None = None
    # The cue that ties speaker and content: "said", "according to", "claimed", ...
    cue: str | None = None
    # Party id of the speaker, resolved through the configured parties and aliases.
    party: str | None = None


class ReviewStatus(StrEnum):
    """Where an editor stands on a claim."""

    unreviewed = "unreviewed"
    confirmed = "confirmed"
    corrected = "corrected"
    rejected = "rejected"
    # The claim no longer appears when its source is extracted again; kept, not deleted.
    vanished = "vanished"


class ReviewEvent(StrictModel):
    """One change an editor (or re-extraction) made to a claim: who, when, what, why."""

    # Who made the change (git user name or --editor).
    who: str
    # When, in UTC.
    when: dt.datetime
    # What was done: confirm, reject, set, note, prefer, deprecate, vanish, restore, rematch
    # (the claim was matched to a new id after its sentence was edited).
    action: str
    # Field changed by a "set", e.g. "attribution.speaker".
    field: str | None = None
    # Value before the change, as text.
    old: str | None = None
    # Value after the change, as text.
    new: str | None = None
    # Why: required for reject and deprecate.
    reason: str | None = None


class Review(StrictModel):
    """An editor's verdict on a claim and the full history that led to it."""

    # Current status.
    status: ReviewStatus = ReviewStatus.unreviewed
    # Rank of the value among disagreeing ones, as Wikidata ranks statements.
    rank: str = "normal"
    # Free notes an editor attached.
    notes: list[str] = Field(default_factory=list)
    # Every change, oldest first; never rewritten, only appended to.
    history: list[ReviewEvent] = Field(default_factory=list)


class Claim(StrictModel):
    """One factual figure in one source, with its evidence and who asserts it."""

    # Stable id ("c-" + 12 hex digits) derived from the source id, the normalised
    # evidence text and the figure, not from offsets: moving text keeps the id.
    id: Annotated[str, Field(pattern=r"^c-[0-9a-f]{6,40}$")]
    # Id of the source the claim was found in.
    source: str
    # Evidence span: the sentence or table row, as offsets into the body.
    span: Span
    # Exactly ``body[span[0]:span[1]]``.
    quote: str
    # Offsets of the figure or date itself, inside ``span``.
    value_span: Span
    # The figure as an interval with its qualifier and unit.
    value: Value
    # What happened to what is counted, normalised: "killed", "deployed", "captured".
    measure: str | None = None
    # What is counted, normalised: "armenia soldiers killed", "russia peacekeepers".
    subject: str = ""
    # Party id of the side the subject belongs to ("49 Armenian soldiers" -> armenia).
    side: str | None = None
    # Canonical place the figure is about, through the configured place aliases.
    place: str | None = None
    # Year of the occurrence the figure belongs to, inside its event: for figures of
    # events (killed, displaced, captured...) the year its sentence, paragraph or
    # document states ("2020"); background ("the 2004 tsunami") keeps its own year.
    event: str | None = None
    # Id of the event (the real-world story) the figure is reported in: its document's
    # event (see :class:`Event`). Set when claims are compared, never stored with the
    # claim: the store keeps each source's event in ``events.yaml``.
    event_id: str | None = None
    # The date a running total holds as of ("as of late November", "by early 2021").
    as_of: dt.date | None = None
    # Who asserts the figure.
    attribution: Attribution = Field(default_factory=Attribution)
    # How the extractor produced this claim: "sentence" or "table".
    origin: str = "sentence"
    # The editor's verdict and history.
    review: Review = Field(default_factory=Review)

    @model_validator(mode="after")
    def _spans_ordered(self) -> Claim:
        for name in ("span", "value_span"):
            start, end = getattr(self, name)
            if start < 0 or end < start:
                raise ValueError(f"{name} [{start}, {end}] is not a valid interval")
        return self


class PartyKind(StrEnum):
    """How a party stands towards the conflicts the store covers."""

    belligerent = "belligerent"
    government = "government"
    independent = "independent"
    international = "international"
    media = "media"


class Party(StrictModel):
    """Someone who asserts figures: a government, an authority, an NGO, a body."""

    # Lower-case slug, e.g. "armenia", "azerbaijan", "hrw".
    id: Annotated[str, Field(pattern=PARTY_ID_PATTERN)]
    # Display name.
    name: str
    # Belligerent, government, independent, international or media.
    kind: PartyKind = PartyKind.government
    # The conflict side the party speaks for; for belligerents their own id, for
    # an allied authority (Artsakh) the side it backs. None for neutral parties.
    side: str | None = None
    # Names the party goes by in text: organisations, officials, capitals.
    aliases: list[str] = Field(default_factory=list)
    # Adjectives and demonyms marking things as the party's ("Armenian", "Azeri").
    adjectives: list[str] = Field(default_factory=list)
    # Role words ("police", "the campaign") that name the party in a speaker mention
    # only when no alias, adjective or earlier mention names the speaker's party.
    roles: list[str] = Field(default_factory=list)
    # True when its role words name the speaker even beside a country's name: "the US
    # software giant" is a company speaking of itself.
    outranks_country: bool = False
    # True for parties from the shipped general knowledge (countries): their names are
    # matched only as written and never inside a longer name ("Michael Jordan").
    general: bool = False

    @property
    def is_independent(self) -> bool:
        """Independent and international parties corroborate; belligerents do not."""
        return self.kind in (PartyKind.independent, PartyKind.international)


class Event(StrictModel):
    """One real-world event (a story) and the sources that report it.

    Found by grouping articles that share names, key words and dates
    (:mod:`claimcheck.events`); figures are compared only inside one event.
    """

    # Stable id: "e-" and 10 hex digits of the event's first source id, so an event
    # keeps its id when later reports join it.
    id: Annotated[str, Field(pattern=r"^e-[0-9a-f]{6,40}$")]
    # A readable name: key word, main names, month and year ("earthquake, Aceh, July 2013").
    label: str
    # Ids of the sources grouped under the event, sorted.
    sources: list[str]
    # Earliest and latest date of its sources (their own dates, else their datelines).
    start: dt.date | None = None
    end: dt.date | None = None
    # Why its sources were grouped: the names, words and dates they share, strongest first.
    shared: list[str] = Field(default_factory=list)
    # Id of the group of related events it belongs to (the stages of one long conflict,
    # one team's season): a figure that states its own year ("killed in the 2020 war")
    # is compared with figures of that year across the group.
    related: str | None = None
    # Editors' decisions that shaped it ("merge", "split"), by decision number.
    decisions: list[int] = Field(default_factory=list)


class EventDecision(StrictModel):
    """An editor's correction of the grouping, kept across re-extraction and regrouping."""

    # "merge": the sources' events become one; "split": the sources leave their event
    # and form one of their own.
    action: Literal["merge", "split"]
    # The sources the decision names.
    sources: list[str] = Field(min_length=1)
    # Who decided, when, and why.
    who: str
    when: dt.datetime
    reason: str | None = None


def quote_key(quote: str) -> str:
    """An evidence quote as claim ids read it: whitespace folded, lower case. Two quotes
    with one key are one sentence to an id, however they are spaced or cased."""
    return " ".join(quote.split()).lower()


def claim_id(source_id: str, quote: str, value_text: str, occurrence: int = 0) -> str:
    """A claim id that survives moving text around.

    Built from the source id, the evidence quote's :func:`quote_key` and the figure as
    written; ``occurrence`` tells apart the same figure repeated in sentences of one key
    (the same sentence twice, or written once with other spacing or case).
    """
    key = f"{source_id}\0{quote_key(quote)}\0{value_text}\0{occurrence}"
    return "c-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
