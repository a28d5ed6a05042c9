"""The extraction pipeline: a document's body -> claims with exact offsets, subject and attribution.

The steps, each in its own module:

1. :mod:`.tables` finds pipe tables, so that their rows are read as rows, not sentences;
2. :mod:`.sentences` splits the rest into sentences;
3. :mod:`.attribution` finds who asserts which stretch of text;
4. :mod:`.figures` finds figures, dates and durations with their qualifiers;
5. :mod:`.subjects` says what each figure counts, whose it is and where.

:class:`Extractor` holds what is built once per configuration (compiled lexicons),
so extracting many documents costs only the per-document work.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from claimcheck.config import Config
from claimcheck.extraction.attribution import (
    AttributionRelation,
    Attributor,
    is_writers_aside,
    relation_at,
)
from claimcheck.extraction.figures import Figure, FigureFinder
from claimcheck.extraction.places import find_places
from claimcheck.extraction.sentences import CITATION, split_sentences
from claimcheck.extraction.subjects import INITIAL_EVENT, MEASURES, Description, SubjectDescriber
from claimcheck.extraction.tables import Table, find_tables
from claimcheck.model import Attribution, Claim, SourceKind, ValueKind, claim_id, quote_key
from claimcheck.sources import Document

__all__ = ["Extractor", "extract_document"]


class Extractor:
    """Extracts claims from documents with one configuration."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.attributor = Attributor(config)
        self.describer = SubjectDescriber(config)

    def extract(self, document: Document) -> list[Claim]:
        """All claims of one document, in text order, with stable ids."""
        body = document.body
        source = document.source
        tables = find_tables(body)
        sentences = _sentences_outside(body, tables)
        relations = self.attributor.attribute(body, sentences, source.perspective)
        finder = FigureFinder(body, source.published)
        drafts: list[
            tuple[tuple[int, int], Figure, Description, AttributionRelation | None, str]
        ] = []
        document_year = _document_year(body, sentences, source.published)
        markup = [m.span() for m in _MARKUP_RE.finditer(body)]
        # Running tolls reported by a party in dated reporting hold as of the report, so
        # the same party's later figure is a revision; reference works are not dated so.
        reported_as_of = source.published if source.kind is not SourceKind.encyclopedia else None
        running_year = document_year
        previous_end = 0
        paragraph: list[tuple[int, int]] = []  # the sentences of this paragraph so far
        scanned = 0  # how many of them were read for the places they name
        known_place: str | None = None  # the last place those name
        for sentence in sentences:
            if "\n" in body[previous_end : sentence[0]]:
                running_year = document_year  # a new paragraph: back to the document's year
                paragraph, scanned, known_place = [], 0, None
            previous_end = sentence[1]
            running_year = _event_year(body, sentence) or running_year
            figures = [f for f in finder.find(*sentence) if not _in_markup(markup, f.value_span)]
            index = len(paragraph)
            paragraph.append(sentence)
            if not figures:
                continue
            found = [_asserted_by(body, relations, f.value_span[0]) for f in figures]
            descriptions = [
                self.describer.describe(
                    body,
                    sentence,
                    figure.text_span[0],
                    figure.text_span[1],
                    figure.value.kind,
                    figure.value.unit,
                    speaker_party=relation.party if relation else None,
                    perspective=source.perspective,
                    speaker_span=relation.speaker_span if relation else None,
                )
                for figure, relation in zip(figures, found, strict=True)
            ]
            descriptions = self.describer.share_elided(
                body,
                sentence,
                [f.text_span for f in figures],
                [f.value for f in figures],
                descriptions,
            )
            as_of = _as_of_date(body, figures)
            # "the town" in this sentence: the last place the paragraph named before it,
            # read only then (reading every sentence's places cost a seventh of the
            # extraction), and each sentence at most once
            place_before = None
            if index and _PLACE_ANAPHOR.search(body, *sentence):
                for earlier in paragraph[scanned:index]:
                    known_place = self._last_place(body, earlier) or known_place
                scanned, place_before = index, known_place
            anaphor = place_before is not None
            for figure, description, relation in zip(figures, descriptions, found, strict=True):
                if anaphor and description.place is None and description.measure is not None:
                    description = replace(description, place=place_before)
                if figure.value.kind is not ValueKind.date:
                    if as_of is not None:
                        description = replace(description, as_of=as_of)
                    elif (
                        reported_as_of is not None
                        and relation is not None
                        and description.measure in EVENT_MEASURES
                    ):
                        # A toll a party reports in the news holds as of the report.
                        description = replace(description, as_of=reported_as_of)
                    if running_year and description.measure in EVENT_MEASURES:
                        description = replace(description, event=running_year)
                drafts.append((sentence, figure, description, relation, "sentence"))
        for table in tables:
            drafts.extend(self._table_drafts(body, table, finder))
        drafts.sort(key=lambda d: (d[1].value_span[0], d[0][0]))
        return _claims(source.id, body, drafts)

    def _last_place(self, body: str, sentence: tuple[int, int]) -> str | None:
        """The last place a sentence names, for "the town" in a later one."""
        places = find_places(self.config, body, *sentence)
        return places[-1][2] if places else None

    def _table_drafts(self, body: str, table: Table, finder: FigureFinder) -> Iterable:
        """Cell figures: subject from the row label and column header, the row as evidence."""
        for row in table.rows:
            if not row.cells:
                continue
            label_start, label_end = row.cells[0]
            label = body[label_start:label_end]
            for column, (start, end) in enumerate(row.cells[1:], start=1):
                header = table.headers[column] if column < len(table.headers) else ""
                for figure in finder.find(start, end):
                    description = self._describe_cell(body, label, header, figure, row.span)
                    yield (row.span, figure, description, None, "table")

    def _describe_cell(
        self, body: str, label: str, header: str, figure: Figure, row_span: tuple[int, int]
    ) -> Description:
        """A cell is about its row label and its column header (either may name the side)."""
        describer = self.describer
        place = self.config.canonical_place(label.strip())
        header_words = header.replace("(", " ").replace(")", " ").split()
        label_words = label.replace("(", " ").replace(")", " ").split()
        side = describer.side_in(header_words) or describer.side_in(label_words)
        if figure.value.kind is ValueKind.date:
            measure = next((m for w in header_words if (m := _measure_of(w))), None) or next(
                (m for w in label_words if (m := _measure_of(w))), None
            )
            row_text = body[row_span[0] : row_span[1]]
            if measure is not None and INITIAL_EVENT.search(row_text):
                measure = f"first {measure}"
            return Description(measure=measure, subject="", side=None, place=place)
        subject_words = [w for w in label_words if not w[0].isdigit()]
        measure = next((m for w in [*header_words, *label_words] if (m := _measure_of(w))), None)
        subject = describer.fold(subject_words) if place is None else ""
        return Description(measure=measure, subject=subject, side=side, place=place)


#: Measures that count what happened in an event (a clash, a war, a flood): such
#: figures belong to the year of their event. Stocks ("deployed") and plain amounts do
#: not get one.
EVENT_MEASURES = frozenset(
    {
        "killed",
        "wounded",
        "missing",
        "casualties",
        "displaced",
        "captured",
        "destroyed",
        "arrested",
        "attended",
    }
)
_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d]|,\d)")
_NOT_EVENT_YEAR = re.compile(
    r"(?i:\b(?:as\s+of|as\s+at|by|until|through|since|up\s+to)\s+(?:\w+\s+){0,2})$"
)


def _event_year(body: str, sentence: tuple[int, int]) -> str | None:
    """The year a sentence's events happened in, when it states one.

    Any year counts, also one used as a name ("the 2016 war"), except a year that only
    dates a running total or a deadline ("as of early 2021", "by 2014"). The extractor
    carries the last stated year forward, so that "49 soldiers were killed" in a report
    on a 2022 clash does not meet "92 soldiers killed" in a paragraph on 2016. The year is
    carried forward within a paragraph; a new paragraph starts from the document's year.
    """
    for match in _YEAR.finditer(body, *sentence):
        before = body[max(sentence[0], match.start() - 20) : match.start()]
        if not _NOT_EVENT_YEAR.search(before):
            return match.group()
    return None


_SPEAKER_TAIL = re.compile(r"(?:\s*" + CITATION + r"|[\s.,;:])+$")


def _clean_speaker(
    speaker: str | None, span: tuple[int, int] | None
) -> tuple[str | None, tuple[int, int] | None]:
    """The speaker without trailing citation markers or punctuation ("the government.[5]")."""
    if not speaker:
        return speaker, span
    tail = _SPEAKER_TAIL.search(speaker)
    if tail is None or tail.start() == 0:
        return speaker, span
    cut = len(speaker) - tail.start()
    if span is not None and span[1] - span[0] == len(speaker):
        span = (span[0], span[1] - cut)
    return speaker[: tail.start()], span


#: An HTML or XML tag left in scraped text: '<tweet tweet-date="March 11, 2016">'. Its
#: attribute values are page metadata, not figures anyone states.
_MARKUP_RE = re.compile(
    r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+\s*=\s*(?:\"[^\"<>\n]*\"|'[^'<>\n]*'|[^\s<>\"']+))*\s*/?>"
)


def _in_markup(markup: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """True when ``span`` lies inside one of the tag spans (sorted by start)."""
    index = bisect.bisect_right(markup, (span[0], float("inf"))) - 1
    return index >= 0 and markup[index][0] <= span[0] and span[1] <= markup[index][1]


def _asserted_by(
    body: str, relations: list[AttributionRelation], offset: int
) -> AttributionRelation | None:
    """The relation asserting the figure at ``offset``, if any.

    A figure standing between a speaker and its cue ("Khan, 66, said"; "according to the
    50-state poll") describes who speaks; it is not part of what they assert. Nor is a
    figure in the writer's aside about a name inside reported words ("said Garza, who
    has led the county for 12 years, would not run").
    """
    relation = relation_at(relations, offset)
    if relation is not None and is_writers_aside(body, relation, offset):
        return None
    if relation is None or relation.speaker_span is None:
        return relation
    low = min(relation.speaker_span[0], relation.cue_span[0])
    high = max(relation.speaker_span[1], relation.cue_span[1])
    return None if low <= offset < high else relation


def _document_year(
    body: str, sentences: list[tuple[int, int]], published: dt.date | None
) -> str | None:
    """The year a document is about by default: its date, else the first year it states.

    A paragraph that states no year of its own is read as about this year (a news report
    on a clash, an encyclopedia lead naming its war).
    """
    if published is not None:
        return str(published.year)
    for sentence in sentences:
        year = _event_year(body, sentence)
        if year:
            return year
    return None


# "the town", "the city": a place named in the sentence before, in news English.
_PLACE_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:town|city|village|district|region|settlement|capital|port)\b(?!\s+of\b)"
)
_AS_OF = re.compile(r"(?i:\b(?:as\s+of|as\s+at|by|through|up\s+to))\s*$")


def _as_of_date(body: str, figures: list[Figure]) -> dt.date | None:
    """The date a sentence's figures hold as of: "as of late November", "By early 2021".

    A running total is reported as of a date; two such totals from one voice with
    different dates are a revision, not a conflict.
    """
    for figure in figures:
        value = figure.value
        if value.kind is not ValueKind.date:
            continue
        before = body[max(0, figure.text_span[0] - 12) : figure.text_span[0]]
        written = value.text.lower()
        if _AS_OF.search(before) or written.startswith(("as of", "by ")):
            high = value.bounds()[1]
            high = high if high is not None else value.point
            if isinstance(high, dt.date):
                return high
    return None


def _measure_of(word: str) -> str | None:
    return MEASURES.get(word.lower().strip(".,:;"))


#: Longest evidence span. Text without sentence ends (lists, scraped pages, run-on
#: transcripts) is cut at clause punctuation so that every step's work and every quote
#: stays bounded whatever the input.
MAX_SENTENCE = 1000


def _bounded(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most MAX_SENTENCE characters."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = -1
        for pattern in (r"[;:]\s", r",\s", r"\s"):
            found = [m.end() for m in re.finditer(pattern, body[start + MAX_SENTENCE // 2 : limit])]
            if found:
                cut = start + MAX_SENTENCE // 2 + found[-1]
                break
        if cut <= start:
            cut = limit
        piece_end = cut
        while piece_end > start and body[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and body[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _sentences_outside(body: str, tables: list[Table]) -> list[tuple[int, int]]:
    """Sentence spans of the body, skipping table regions, none longer than MAX_SENTENCE."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    regions = [(t.start, t.end) for t in tables] + [(len(body), len(body))]
    for region_start, region_end in regions:
        for start, end in split_sentences(body, cursor, region_start):
            spans.extend(
                _bounded(body, start, end) if end - start > MAX_SENTENCE else [(start, end)]
            )
        cursor = region_end
    return spans


def _claims(source_id: str, body: str, drafts: list) -> list[Claim]:
    seen: Counter[tuple[str, str]] = Counter()
    claims: list[Claim] = []
    for span, figure, description, relation, origin in drafts:
        quote = body[span[0] : span[1]]
        key = (quote_key(quote), figure.value.text)  # as the id reads the quote
        occurrence = seen[key]
        seen[key] += 1
        attribution = Attribution()
        if relation is not None:
            speaker, speaker_span = _clean_speaker(relation.speaker, relation.speaker_span)
            attribution = Attribution(
                speaker=speaker,
                speaker_span=speaker_span,
                cue=relation.cue,
                party=relation.party,
            )
        claims.append(
            Claim(
                id=claim_id(source_id, quote, figure.value.text, occurrence),
                source=source_id,
                span=span,
                quote=quote,
                value_span=figure.value_span,
                value=figure.value,
                measure=description.measure,
                subject=description.subject,
                side=description.side,
                place=description.place,
                event=description.event,
                as_of=description.as_of,
                attribution=attribution,
                origin=origin,
            )
        )
    return claims


def extract_document(document: Document, config: Config) -> list[Claim]:
    """Claims of one document (builds an :class:`Extractor`; reuse one for many documents)."""
    return Extractor(config).extract(document)
