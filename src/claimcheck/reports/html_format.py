"""HTML: one self-contained review page that editors would rather look at than a terminal.

The page has a summary, every disagreement with its competing values side by side, the
one-sided figures, and each source's text with its claims highlighted by party and review
status; clicking a figure shows its attribution and review history; filters narrow it by
party, verdict, source and review status.

Two rules shape this module:

* **Self-contained.** CSS and JavaScript are inline and nothing is fetched when the page
  is viewed (a Content-Security-Policy forbids it), so the file can be mailed, archived
  or opened offline and shows the same thing.
* **Documents are data, never markup.** Every string that comes from a document or the
  store is escaped with :func:`html.escape`; the data the script reads is JSON inside a
  ``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, so a
  source containing ``</script>`` cannot end it; the script builds the detail panel with
  ``textContent`` only. As a second line of defence the CSP allows only this module's own
  script and style, by hash: even a markup injection that got through could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TextIO

from claimcheck.analysis import Report
from claimcheck.findings import Finding
from claimcheck.model import Claim, Event, Source, Value
from claimcheck.reports.common import by_event, event_heading, shown

#: Longest evidence excerpt shown on a value card, in characters.
CARD_QUOTE_WIDTH = 240

#: Background tints for parties, in order of first appearance; they repeat past eight.
PARTY_COLOURS = [
    "#fde68a",
    "#bfdbfe",
    "#bbf7d0",
    "#fbcfe8",
    "#ddd6fe",
    "#fed7aa",
    "#a5f3fc",
    "#d9f99d",
]
#: Tint of figures no party asserts (the source's own voice, or an unresolved speaker).
NO_PARTY_COLOUR = "#e5e7eb"


def _e(value: object) -> str:
    """Escape text for HTML content and attribute values alike."""
    return html.escape(shown("" if value is None else str(value)), quote=True)


def _displayed(data: Any) -> Any:
    """``data`` with every text passed through :func:`shown`: the script only displays it."""
    if isinstance(data, str):
        return shown(data)
    if isinstance(data, dict):
        return {key: _displayed(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_displayed(value) for value in data]
    return data


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no U+2028,
    no character that would act on the display."""
    text = json.dumps(_displayed(data), ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _scalar(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _part(value: Value) -> str | None:
    """ "early part [1990-01-01 .. 1990-04-30]" for a date that names part of a period."""
    if value.part is None:
        return None
    first, last = value.bounds()
    return f"{value.part.value} part [{_scalar(first)} .. {_scalar(last)}]"


# --------------------------------------------------------------------------- page model


class _Page:
    """What the page needs, computed once from the report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.sources = report.source_by_id()
        self.claims = report.claim_by_id()
        parties = sorted({c.attribution.party for c in report.claims if c.attribution.party})
        self.party_class = {party: f"p{i % len(PARTY_COLOURS)}" for i, party in enumerate(parties)}
        self.parties = parties
        self.findings_of: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            for claim_id in finding.claims:
                self.findings_of[claim_id].append(finding)

    def pclass(self, claim: Claim) -> str:
        """CSS class of the claim's party colour (ids never reach the stylesheet)."""
        return self.party_class.get(claim.attribution.party or "", "pn")

    def classes(self, claim: Claim) -> str:
        """Party, status and rank classes of a highlighted claim."""
        return (
            f"{self.pclass(claim)} st-{claim.review.status.value} "
            f"rk-{_e(claim.review.rank) if claim.review.rank.isidentifier() else 'other'}"
        )

    def source_label(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return source.title or source_id if source else source_id

    def claim_data(self, claim: Claim) -> dict[str, Any]:
        """What the detail panel shows of a claim (read by the script as JSON)."""
        source = self.sources.get(claim.source)
        value = claim.value
        return {
            "id": claim.id,
            "source": claim.source,
            "sourceTitle": source.title if source else None,
            "publisher": source.publisher if source else None,
            "published": source.published.isoformat() if source and source.published else None,
            "value": value.text,
            "kind": value.kind.value,
            "qualifier": value.qualifier.value,
            "low": _scalar(value.low),
            "high": _scalar(value.high),
            "part": _part(value),
            "unit": value.unit,
            "subject": claim.subject,
            "measure": claim.measure,
            "side": claim.side,
            "place": claim.place,
            "event": claim.event,
            "asOf": claim.as_of.isoformat() if claim.as_of else None,
            "speaker": claim.attribution.speaker,
            "cue": claim.attribution.cue,
            "party": claim.attribution.party,
            "partyClass": self.pclass(claim),
            "quote": claim.quote,
            "figure": [
                claim.value_span[0] - claim.span[0],
                claim.value_span[1] - claim.span[0],
            ],
            "status": claim.review.status.value,
            "rank": claim.review.rank,
            "notes": list(claim.review.notes),
            "history": [
                {
                    "who": event.who,
                    "when": event.when.strftime("%Y-%m-%d %H:%M UTC"),
                    "action": event.action,
                    "field": event.field,
                    "old": event.old,
                    "new": event.new,
                    "reason": event.reason,
                }
                for event in claim.review.history
            ],
            "findings": [
                {
                    "id": finding.id,
                    "code": finding.code,
                    "name": finding.name,
                    "kind": finding.kind.value,
                    "quantity": finding.quantity,
                    "message": finding.message,
                    "verdicts": [
                        {"verdict": v.verdict, "reason": v.reason}
                        for v in finding.verdicts
                        if claim.id in (v.a, v.b)
                    ],
                }
                for finding in self.findings_of.get(claim.id, [])
            ],
        }


# --------------------------------------------------------------------------- highlighting


def _valid(span: tuple[int, int] | None, length: int) -> bool:
    return span is not None and 0 <= span[0] < span[1] <= length


def highlight_body(body: str, claims: Iterable[Claim], page: _Page | None = None) -> str:
    """The body as HTML with every claim's figure, speaker and evidence marked.

    Spans may nest or overlap (a range inside a sentence holding two figures, a speaker
    inside another claim's evidence), and HTML elements cannot overlap, so the body is
    cut at every span boundary into flat segments, each wrapped in one element that lists
    every claim covering it. Offsets are Python string indices, exactly as stored, and
    every segment is escaped: the text content of the result is the body, character for
    character.
    """
    claims = list(claims)
    length = len(body)
    figures: list[tuple[int, int, Claim]] = []
    speakers: list[tuple[int, int, str]] = []
    evidence: list[tuple[int, int, str]] = []
    for claim in claims:
        if _valid(claim.value_span, length):
            figures.append((*claim.value_span, claim))
        if _valid(claim.attribution.speaker_span, length):
            start, end = claim.attribution.speaker_span  # type: ignore[misc]
            speakers.append((start, end, claim.id))
        if _valid(claim.span, length):
            evidence.append((*claim.span, claim.id))
    cuts = {0, length}
    for start, end, _ in (*figures, *speakers, *evidence):
        cuts.update((start, end))
    bounds = sorted(cuts)

    # Sweep: intervals become active at their start and inactive at their end.
    starting: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    ending: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for item in figures:
        starting[item[0]].append(("f", item))
        ending[item[1]].append(("f", item))
    for item in speakers:
        starting[item[0]].append(("s", item))
        ending[item[1]].append(("s", item))
    for item in evidence:
        starting[item[0]].append(("e", item))
        ending[item[1]].append(("e", item))
    active: dict[str, dict[tuple, None]] = {"f": {}, "s": {}, "e": {}}

    parts: list[str] = []
    for index, position in enumerate(bounds[:-1]):
        for kind, item in ending.get(position, []):
            active[kind].pop(_key(item), None)
        for kind, item in starting.get(position, []):
            active[kind][_key(item)] = None
        stop = bounds[index + 1]
        text = _e(body[position:stop])
        if not text:
            continue
        figs = [item for item in _items(active["f"], figures)]
        spk = sorted({claim_id for _, _, claim_id in _items(active["s"], speakers)})
        ev = sorted({claim_id for _, _, claim_id in _items(active["e"], evidence)})
        ev_attr = f' data-ev="{_e(" ".join(ev))}"' if ev else ""
        if figs:
            # The innermost figure is the one a click opens; the others are listed.
            figs.sort(key=lambda item: (item[1] - item[0], item[2].id))
            primary = figs[0][2]
            ids = " ".join(item[2].id for item in figs)
            classes = page.classes(primary) if page else "pn"
            extra = (" multi" if len(figs) > 1 else "") + (" spk" if spk else "")
            parts.append(
                f'<mark class="fig {classes}{extra}" data-claim="{_e(primary.id)}" '
                f'data-claims="{_e(ids)}"{ev_attr} tabindex="0" role="button">{text}</mark>'
            )
        elif spk:
            parts.append(f'<span class="spk" data-spk="{_e(" ".join(spk))}"{ev_attr}>{text}</span>')
        elif ev:
            parts.append(f'<span class="ev"{ev_attr}>{text}</span>')
        else:
            parts.append(text)
    return "".join(parts)


def _key(item: tuple) -> tuple:
    start, end, ref = item
    return (start, end, ref.id if isinstance(ref, Claim) else ref)


def _items(keys: dict[tuple, None], pool: list[tuple]) -> list[tuple]:
    if not keys:
        return []
    return [item for item in pool if _key(item) in keys]


def _quote_html(claim: Claim, width: int = CARD_QUOTE_WIDTH) -> str:
    """The evidence quote around the figure, the figure marked, cut to ``width``."""
    quote = claim.quote
    start = max(0, min(len(quote), claim.value_span[0] - claim.span[0]))
    end = max(start, min(len(quote), claim.value_span[1] - claim.span[0]))
    left, right = 0, len(quote)
    if len(quote) > width:
        left = max(0, start - width // 2)
        right = min(len(quote), left + width)
        left = max(0, right - width)
        left = min(left, start)
        right = max(right, end)
    return (
        ("…" if left > 0 else "")
        + _e(quote[left:start])
        + f"<mark>{_e(quote[start:end])}</mark>"
        + _e(quote[end:right])
        + ("…" if right < len(quote) else "")
    )


# --------------------------------------------------------------------------- sections


def _summary(page: _Page) -> str:
    report = page.report
    total = len(report.claims)
    counts: dict[str, int] = defaultdict(int)
    for claim in report.claims:
        counts[claim.review.status.value] += 1
    reviewed = counts["confirmed"] + counts["corrected"]
    cells = [
        ("sources", len(report.sources)),
        ("claims", total),
        ("disagreements", len(report.disagreements)),
        ("one-sided figures", len(report.one_sided)),
    ]
    stats = "".join(
        f'<div class="stat"><span class="num">{n}</span><span class="lbl">{_e(label)}</span></div>'
        for label, n in cells
    )
    statuses = ", ".join(f"{n} {_e(status)}" for status, n in sorted(counts.items()))
    return (
        '<section id="summary" aria-label="Summary">'
        f'<div class="stats">{stats}</div>'
        f'<p class="progress-line"><progress max="{max(total, 1)}" value="{reviewed}"></progress> '
        f"{reviewed} of {total} claims reviewed ({statuses or 'none'})</p>"
        "</section>"
    )


def _filters(page: _Page) -> str:
    report = page.report
    verdicts = sorted({v.verdict for f in report.disagreements for v in f.verdicts})
    party_opts = "".join(f'<option value="{_e(p)}">{_e(p)}</option>' for p in page.parties)
    verdict_opts = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in verdicts)
    source_opts = "".join(
        f'<option value="{_e(s.id)}">{_e(s.title or s.id)}</option>' for s in report.sources
    )
    statuses = ["unreviewed", "confirmed", "corrected", "preferred", "deprecated"]
    status_opts = "".join(f'<option value="{s}">{s}</option>' for s in statuses)
    return (
        '<form id="filters" aria-label="Filters">'
        '<label>party <select id="f-party"><option value="">all</option>'
        f'{party_opts}<option value="-">no party</option></select></label>'
        '<label>verdict <select id="f-verdict"><option value="">all</option>'
        f'{verdict_opts}<option value="one-sided">one-sided</option></select></label>'
        f'<label>source <select id="f-source"><option value="">all</option>{source_opts}'
        "</select></label>"
        f'<label>review <select id="f-status"><option value="">all</option>{status_opts}'
        "</select></label>"
        '<span id="f-count" aria-live="polite"></span>'
        "</form>"
    )


def _value_card(page: _Page, claim: Claim) -> str:
    source = page.sources.get(claim.source)
    date = source.published.isoformat() if source and source.published else "undated"
    party = claim.attribution.party
    party_html = (
        f'<span class="chip {page.pclass(claim)}">{_e(party)}</span>'
        if party
        else '<span class="chip pn">no party</span>'
    )
    rank = claim.review.rank
    badges = (
        f'<span class="badge st-{claim.review.status.value}">{claim.review.status.value}</span>'
    )
    if rank != "normal":
        badges += f' <span class="badge rank">{_e(rank)}</span>'
    why = next(
        (
            event.reason
            for event in reversed(claim.review.history)
            if event.action in ("prefer", "deprecate") and event.reason
        ),
        None,
    )
    if why and rank != "normal":
        badges += f'<p class="why">{_e(rank)}: {_e(why)}</p>'
    return (
        f'<div class="value-card {page.classes(claim)}" data-claim="{_e(claim.id)}" '
        f'tabindex="0" role="button" aria-label="{_e(claim.value.text)}">'
        f'<div class="big">{_e(claim.value.text)}</div>'
        f'<div class="badges">{badges}</div>'
        "<dl>"
        f"<dt>source</dt><dd>{_e(page.source_label(claim.source))}</dd>"
        f"<dt>date</dt><dd>{_e(date)}</dd>"
        f"<dt>speaker</dt><dd>{_e(claim.attribution.speaker or '(own voice)')}</dd>"
        f"<dt>party</dt><dd>{party_html}</dd>"
        "</dl>"
        f"<blockquote>{_quote_html(claim)}</blockquote>"
        "</div>"
    )


def _quantity_key(claim: Claim) -> tuple:
    value = claim.value
    return (value.kind, value.unit, claim.measure, claim.side, claim.place)


def _deprecated_alongside(page: _Page, claims: list[Claim]) -> list[Claim]:
    """Deprecated values of the same quantity, shown faded beside a disagreement.

    The comparator no longer raises a disagreement against a deprecated value, so the
    finding does not list it; but the editor who deprecated it, and the reader, want to
    see what was set aside and why, as Wikidata shows deprecated statements.
    """
    keys = {_quantity_key(claim) for claim in claims}
    ids = {claim.id for claim in claims}
    return [
        claim
        for claim in page.report.claims
        if claim.review.rank == "deprecated"
        and claim.id not in ids
        and _quantity_key(claim) in keys
    ]


def _finding_attrs(page: _Page, finding: Finding, verdicts: Iterable[str]) -> str:
    claims = [page.claims[c] for c in finding.claims if c in page.claims]
    return (
        f'data-finding="{_e(finding.id)}" data-claims="{_e(" ".join(c.id for c in claims))}" '
        f'data-verdicts="{_e(" ".join(sorted(set(verdicts))))}"'
    )


def _disagreements(page: _Page) -> str:
    findings = page.report.disagreements
    if not findings:
        return (
            '<section id="disagreements"><h2>Disagreements</h2>'
            '<p class="empty">No disagreements.</p></section>'
        )
    cards = []
    ordered = by_event(page.report, findings)
    for event, event_findings in ordered:
        cards.append(_event_header(event))
        cards.extend(_disagreement_card(page, finding) for finding in event_findings)
    return (
        '<section id="disagreements"><h2>Disagreements '
        f'<span class="count">{len(findings)}</span></h2>{"".join(cards)}</section>'
    )


def _event_header(event: Event | None) -> str:
    """The heading findings of one event stand under, with the features that grouped it."""
    shared = (
        f' <small class="shared">shared: {_e(", ".join(event.shared))}</small>'
        if (event is not None and event.shared)
        else ""
    )
    event_id = f' data-event="{_e(event.id)}"' if event is not None else ""
    return f'<h3 class="event"{event_id}>Event: {_e(event_heading(event))}{shared}</h3>'


def _disagreement_card(page: _Page, finding: Finding) -> str:
    """One disagreement: its values as cards and its verdicts."""
    claims = [page.claims[c] for c in finding.claims if c in page.claims]
    verdict_items = []
    for verdict in finding.verdicts:
        a, b = page.claims.get(verdict.a), page.claims.get(verdict.b)
        pair = ""
        if a is not None and b is not None:
            pair = (
                f'<span class="pair">{_e(a.value.text)} '
                f"<small>({_e(page.source_label(a.source))})</small> vs "
                f"{_e(b.value.text)} <small>({_e(page.source_label(b.source))})</small></span> "
            )
        verdict_items.append(
            f'<li><span class="verdict v-{_e(verdict.verdict)}">{_e(verdict.verdict)}</span> '
            f"{pair}{_e(verdict.reason)}</li>"
        )
    values = "".join(_value_card(page, claim) for claim in claims)
    values += "".join(_value_card(page, claim) for claim in _deprecated_alongside(page, claims))
    kinds = [verdict.verdict for verdict in finding.verdicts]
    severity = _e(finding.severity.value)
    return (
        f'<article class="finding" {_finding_attrs(page, finding, kinds)}>'
        "<header>"
        f'<span class="code">{_e(finding.code)}</span> '
        f'<span class="rule">{_e(finding.name)}</span> '
        f'<span class="sev sev-{severity}">{severity}</span>'
        f"<h3>{_e(finding.quantity)}</h3>"
        "</header>"
        f'<div class="values">{values}</div>'
        f'<ul class="verdicts">{"".join(verdict_items)}</ul>'
        "</article>"
    )


def _one_sided(page: _Page) -> str:
    findings = page.report.one_sided
    if not findings:
        return ""
    rows = []
    events = {event.id: event for event in page.report.events}
    for finding in [f for _, group in by_event(page.report, findings) for f in group]:
        claims = [page.claims[c] for c in finding.claims if c in page.claims]
        event = events.get(finding.event) if finding.event else None
        chips = " ".join(
            f'<span class="claim-chip {page.classes(c)}" data-claim="{_e(c.id)}" tabindex="0" '
            f'role="button">{_e(c.value.text)} '
            f"<small>{_e(page.source_label(c.source))}</small></span>"
            for c in claims
        )
        party = finding.party or ""
        party_class = page.party_class.get(party, "pn")
        rows.append(
            f'<tr class="one-sided" {_finding_attrs(page, finding, ["one-sided"])}>'
            f'<td class="event">{_e(event.label if event else "")}</td>'
            f'<td><span class="chip {party_class}">{_e(party or "?")}</span></td>'
            f'<td><span class="code">{_e(finding.code)}</span> {_e(finding.name)}</td>'
            f"<td>{_e(finding.quantity)}</td><td>{chips}</td>"
            f'<td class="msg">{_e(finding.message)}</td></tr>'
        )
    return (
        '<section id="one-sided"><h2>One-sided figures '
        f'<span class="count">{len(findings)}</span></h2>'
        "<table><thead><tr><th>event</th><th>only party</th><th>rule</th><th>quantity</th>"
        f"<th>claims</th><th>why</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _sources(page: _Page) -> str:
    report = page.report
    by_source: dict[str, list[Claim]] = defaultdict(list)
    for claim in report.claims:
        by_source[claim.source].append(claim)
    sections = []
    for source in report.sources:
        claims = by_source.get(source.id, [])
        body = report.bodies.get(source.id)
        if body is None:
            text = '<p class="empty">The text of this source is not in the report.</p>'
        else:
            text = f'<div class="body">{highlight_body(body, claims, page)}</div>'
        sections.append(
            f'<section class="source" id="src-{_e(source.id)}" data-source="{_e(source.id)}">'
            f"<header><h3>{_e(source.title or source.id)}</h3>"
            f'<p class="meta">{_source_meta(source, len(claims))}</p></header>'
            f"{text}</section>"
        )
    return f'<section id="sources"><h2>Sources</h2>{"".join(sections)}</section>'


def _source_meta(source: Source, claims: int) -> str:
    bits = [
        source.publisher,
        source.published.isoformat() if source.published else None,
        source.kind.value,
        f"from the {source.perspective} side" if source.perspective else None,
        source.id,
        f"{claims} claim{'s' if claims != 1 else ''}",
    ]
    return " · ".join(_e(bit) for bit in bits if bit)


def _legend(page: _Page) -> str:
    chips = "".join(
        f'<span class="chip {page.party_class[p]}">{_e(p)}</span>' for p in page.parties
    )
    return (
        '<p id="legend">'
        f'{chips}<span class="chip pn">no party</span> '
        '<span class="sample fig pn st-unreviewed">unreviewed</span>'
        '<span class="sample fig pn st-confirmed">confirmed</span>'
        '<span class="sample fig pn st-corrected">corrected</span>'
        '<span class="sample fig pn rk-preferred">preferred</span>'
        '<span class="sample fig pn rk-deprecated">deprecated</span>'
        "</p>"
    )


# --------------------------------------------------------------------------- assets


def _css() -> str:
    party_rules = (
        "".join(f".p{i}{{--pc:{colour}}}" for i, colour in enumerate(PARTY_COLOURS))
        + f".pn{{--pc:{NO_PARTY_COLOUR}}}"
    )
    return party_rules + _STYLE


_STYLE = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;--accent:#2563eb}
*{box-sizing:border-box}
body{
  margin:0;
  font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink);
  background:var(--bg);
}
header.top{
  position:sticky;
  top:0;
  z-index:5;
  background:#0f172a;
  color:#f8fafc;
  padding:.6rem 1.2rem;
  display:flex;
  flex-wrap:wrap;
  gap:.4rem 1.5rem;
  align-items:center;
}
header.top h1{font-size:1.1rem;margin:0;font-weight:600}
header.top h1 small{font-weight:400;color:#94a3b8;margin-left:.4rem}
#filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;font-size:.85rem}
#filters select{max-width:16rem}
#filters select{
  margin-left:.3rem;
  padding:.15rem .3rem;
  border-radius:4px;
  border:1px solid #475569;
  background:#1e293b;
  color:#f8fafc;
}
#f-count{color:#94a3b8}
.layout{
  display:grid;
  grid-template-columns:minmax(0,1fr) 360px;
  gap:1.2rem;
  padding:1rem 1.2rem;
  max-width:1500px;
  margin:0 auto;
}
main{min-width:0}
aside#detail{
  position:sticky;
  top:4.2rem;
  align-self:start;
  max-height:calc(100vh - 5rem);
  overflow:auto;
  background:var(--card);
  border:1px solid var(--line);
  border-radius:10px;
  padding:1rem;
  box-shadow:0 1px 3px rgba(0,0,0,.06);
}
aside#detail .hint{color:var(--muted)}
h2{
  font-size:1.05rem;
  margin:1.4rem 0 .6rem;
  text-transform:uppercase;
  letter-spacing:.04em;
  color:#334155;
}
h2 .count{
  background:#e2e8f0;
  border-radius:999px;
  padding:0 .5rem;
  font-size:.8rem;
  margin-left:.3rem;
}
#summary .stats{display:flex;gap:.8rem;flex-wrap:wrap}
.stat{
  background:var(--card);
  border:1px solid var(--line);
  border-radius:10px;
  padding:.5rem .9rem;
  min-width:120px;
}
.stat .num{display:block;font-size:1.6rem;font-weight:700}
.stat .lbl{color:var(--muted);font-size:.85rem}
.progress-line{color:var(--muted);font-size:.9rem}
progress{vertical-align:middle;width:200px}
#legend{
  font-size:.8rem;
  color:var(--muted);
  display:flex;
  flex-wrap:wrap;
  gap:.35rem;
  align-items:center;
}
.sample{padding:0 .3rem}
h3.event{margin:1.2rem 0 .4rem;font-size:1rem}
h3.event .shared{font-weight:normal;color:var(--muted,#555)}
.finding{
  background:var(--card);
  border:1px solid var(--line);
  border-left:4px solid #dc2626;
  border-radius:10px;
  padding:.8rem 1rem;
  margin-bottom:1rem;
}
.finding header h3{margin:.2rem 0 .6rem;font-size:1.1rem}
.code{
  font-family:ui-monospace,Menlo,Consolas,monospace;
  font-size:.8rem;
  background:#f1f5f9;
  border-radius:4px;
  padding:0 .3rem;
}
.rule{color:var(--muted);font-size:.85rem}
.sev{font-size:.75rem;border-radius:4px;padding:0 .35rem;margin-left:.3rem;background:#e2e8f0}
.sev-major{background:#fee2e2;color:#991b1b}
.sev-moderate{background:#ffedd5;color:#9a3412}
.sev-minor{background:#fef9c3;color:#854d0e}
.values{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:.7rem}
.value-card{
  border:1px solid var(--line);
  border-top:6px solid var(--pc);
  border-radius:8px;
  padding:.5rem .7rem;
  cursor:pointer;
  background:#fff;
  transition:box-shadow .1s;
}
.value-card:hover,.value-card:focus{box-shadow:0 0 0 2px var(--accent);outline:none}
.value-card .big{font-size:1.5rem;font-weight:700;line-height:1.2}
.value-card.rk-deprecated .big{text-decoration:line-through;color:var(--muted)}
.value-card.rk-preferred .big::after{content:" ★";color:#ca8a04}
.value-card dl{
  display:grid;
  grid-template-columns:auto 1fr;
  gap:0 .5rem;
  margin:.4rem 0;
  font-size:.85rem;
}
.value-card dt{color:var(--muted)}
.value-card dd{margin:0}
.value-card blockquote{
  margin:.3rem 0 0;
  font-size:.82rem;
  color:#374151;
  border-left:3px solid var(--line);
  padding-left:.5rem;
}
blockquote mark{background:var(--pc);font-weight:600}
.badge{font-size:.72rem;border-radius:999px;padding:0 .45rem;background:#f1f5f9;color:#334155}
.badge.st-confirmed{background:#dcfce7;color:#166534}
.badge.st-corrected{background:#dbeafe;color:#1e40af}
.badge.rank{background:#fef3c7;color:#92400e}
.verdicts{margin:.6rem 0 0;padding-left:1.1rem;font-size:.88rem}
.verdict{
  font-size:.72rem;
  font-weight:700;
  text-transform:uppercase;
  border-radius:4px;
  padding:0 .3rem;
  background:#e2e8f0;
}
.v-conflict{background:#fee2e2;color:#991b1b}
.v-minor{background:#fef9c3;color:#854d0e}
.v-revised{background:#e0e7ff;color:#3730a3}
.pair{font-weight:600}
.value-card .why{margin:.2rem 0 0;font-size:.8rem;color:#92400e;font-style:italic}
table{
  border-collapse:collapse;
  width:100%;
  background:var(--card);
  border:1px solid var(--line);
  border-radius:10px;
  font-size:.88rem;
}
th,td{
  text-align:left;
  padding:.4rem .6rem;
  border-bottom:1px solid var(--line);
  vertical-align:top;
}
td.msg{color:var(--muted)}
.chip{
  display:inline-block;
  background:var(--pc);
  border-radius:999px;
  padding:0 .5rem;
  font-size:.8rem;
}
.claim-chip{
  display:inline-block;
  background:var(--pc);
  border-radius:6px;
  padding:0 .4rem;
  margin:.1rem;
  cursor:pointer;
}
.source{
  background:var(--card);
  border:1px solid var(--line);
  border-radius:10px;
  padding:.8rem 1.1rem;
  margin-bottom:1rem;
}
.source h3{margin:0;font-size:1.05rem}
.source .meta{margin:.1rem 0 .6rem;color:var(--muted);font-size:.82rem}
.body{
  white-space:pre-wrap;
  overflow-wrap:anywhere;
  font-family:Georgia,"Times New Roman",serif;
  font-size:.98rem;
  line-height:1.7;
}
mark.fig,.sample.fig{
  background:var(--pc);
  color:inherit;
  border-radius:3px;
  padding:0 1px;
  cursor:pointer;
  border-bottom:2px dashed #64748b;
}
mark.fig.st-confirmed,.sample.st-confirmed{border-bottom:2px solid #16a34a}
mark.fig.st-corrected,.sample.st-corrected{border-bottom:2px solid #2563eb}
mark.fig.rk-preferred,.sample.rk-preferred{box-shadow:inset 0 0 0 1px #ca8a04}
mark.fig.rk-preferred::after,.sample.rk-preferred::after{
  content:"★";
  font-size:.7em;
  color:#ca8a04;
  vertical-align:super;
}
mark.fig.rk-deprecated,.sample.rk-deprecated{text-decoration:line-through;opacity:.65}
mark.fig.multi{outline:1px dotted #334155}
mark.fig:focus{outline:2px solid var(--accent)}
.spk{
  text-decoration:underline;
  text-decoration-color:#0891b2;
  text-decoration-thickness:2px;
  text-underline-offset:3px;
}
.ev.sel,mark.sel-ev{background:#fef9c3}
mark.fig.sel,.value-card.sel,.claim-chip.sel{box-shadow:0 0 0 2px var(--accent)}
.dim{opacity:.25}
[hidden]{display:none!important}
.empty{color:var(--muted)}
#detail h3{margin:.2rem 0;font-size:1.4rem}
#detail dl{
  display:grid;
  grid-template-columns:auto 1fr;
  gap:.15rem .6rem;
  font-size:.88rem;
  margin:.6rem 0;
}
#detail dt{color:var(--muted)}
#detail dd{margin:0;overflow-wrap:anywhere}
#detail blockquote{
  margin:.4rem 0;
  font-size:.88rem;
  border-left:3px solid var(--line);
  padding-left:.5rem;
}
#detail h4{margin:.9rem 0 .3rem;font-size:.85rem;text-transform:uppercase;color:#334155}
#detail ol{padding-left:1.1rem;margin:0;font-size:.84rem}
#detail li{margin-bottom:.35rem}
#detail .who{font-weight:600}
#detail .why{color:var(--muted);font-style:italic}
#detail button{
  font:inherit;
  font-size:.8rem;
  border:1px solid var(--line);
  background:#f8fafc;
  border-radius:6px;
  padding:.1rem .5rem;
  cursor:pointer;
  margin:.1rem .2rem .1rem 0;
}
@media (max-width:900px){
.layout{grid-template-columns:1fr}
aside#detail{position:static;max-height:none}
}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cc-data").textContent);
  var claims = data.claims;
  var panel = document.getElementById("detail");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function row(dl, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function byAttr(name, id) {
    return document.querySelectorAll("[" + name + "~=\"" + CSS.escape(id) + "\"]");
  }
  function firstMark(id) {
    return document.querySelector("mark[data-claims~=\"" + CSS.escape(id) + "\"]");
  }

  function show(id) {
    var c = claims[id];
    if (!c) { return; }
    document.querySelectorAll(".sel").forEach(function (n) { n.classList.remove("sel"); });
    document.querySelectorAll(".sel-ev").forEach(function (n) { n.classList.remove("sel-ev"); });
    byAttr("data-claims", id).forEach(function (n) { n.classList.add("sel"); });
    document.querySelectorAll("[data-claim=\"" + CSS.escape(id) + "\"]").forEach(function (n) {
      n.classList.add("sel");
    });
    byAttr("data-ev", id).forEach(function (n) {
      n.classList.add(n.tagName === "MARK" ? "sel-ev" : "sel");
    });

    panel.textContent = "";
    panel.setAttribute("data-shown", id);
    panel.appendChild(el("div", "code", c.id));
    var title = el("h3", null, c.value);
    panel.appendChild(title);
    var quote = el("blockquote");
    var a = Math.max(0, Math.min(c.quote.length, c.figure[0]));
    var b = Math.max(a, Math.min(c.quote.length, c.figure[1]));
    quote.appendChild(document.createTextNode(c.quote.slice(0, a)));
    var m = el("mark", "fig " + c.partyClass, c.quote.slice(a, b));
    quote.appendChild(m);
    quote.appendChild(document.createTextNode(c.quote.slice(b)));
    panel.appendChild(quote);

    panel.appendChild(el("h4", null, "Attribution"));
    var dl = el("dl");
    row(dl, "speaker", c.speaker || "(the source's own voice)");
    if (c.party) {
      row(dl, "party", el("span", "chip " + c.partyClass, c.party));
    } else {
      row(dl, "party", "none resolved");
    }
    row(dl, "cue", c.cue);
    row(dl, "source", (c.sourceTitle || c.source) + (c.publisher ? " — " + c.publisher : ""));
    row(dl, "published", c.published);
    panel.appendChild(dl);

    panel.appendChild(el("h4", null, "Figure"));
    dl = el("dl");
    var interval = c.kind + ", " + c.qualifier;
    if (c.low !== "" || c.high !== "") { interval += ", [" + c.low + " .. " + c.high + "]"; }
    if (c.part) { interval += ", " + c.part; }
    if (c.unit) { interval += " " + c.unit; }
    row(dl, "reading", interval);
    row(dl, "subject", c.subject);
    row(dl, "measure", c.measure);
    row(dl, "side", c.side);
    row(dl, "place", c.place);
    row(dl, "event", c.event);
    row(dl, "as of", c.asOf);
    row(dl, "status", c.status);
    row(dl, "rank", c.rank);
    panel.appendChild(dl);

    if (c.notes.length) {
      panel.appendChild(el("h4", null, "Notes"));
      var notes = el("ul");
      c.notes.forEach(function (n) { notes.appendChild(el("li", null, n)); });
      panel.appendChild(notes);
    }
    if (c.findings.length) {
      panel.appendChild(el("h4", null, "Findings"));
      var fl = el("ul");
      c.findings.forEach(function (f) {
        var li = el("li");
        li.appendChild(el("span", "code", f.code));
        li.appendChild(document.createTextNode(" " + f.quantity + ": " + f.message));
        f.verdicts.forEach(function (v) {
          li.appendChild(el("div", "why", v.verdict + ": " + v.reason));
        });
        fl.appendChild(li);
      });
      panel.appendChild(fl);
    }
    panel.appendChild(el("h4", null, "History"));
    if (!c.history.length) {
      panel.appendChild(el("p", "hint", "Not reviewed yet."));
    } else {
      var ol = el("ol", "history");
      c.history.forEach(function (h) {
        var li = el("li");
        li.appendChild(el("span", "who", h.who));
        li.appendChild(document.createTextNode(" " + h.action + " · " + h.when));
        if (h.field) {
          li.appendChild(el("div", null, h.field + ": " + (h.old === null ? "∅" : h.old) +
                                         " → " + (h.new === null ? "∅" : h.new)));
        } else if (h.new) {
          li.appendChild(el("div", null, h.new));
        }
        if (h.reason) { li.appendChild(el("div", "why", "why: " + h.reason)); }
        ol.appendChild(li);
      });
      panel.appendChild(ol);
    }
    var mark = firstMark(id);
    var others = [];
    if (mark) {
      mark.getAttribute("data-claims").split(" ").forEach(function (o) {
        if (o && o !== id) { others.push(o); }
      });
    }
    var jump = el("button", null, "Show in source");
    jump.addEventListener("click", function () {
      var target = firstMark(id);
      if (target) { target.scrollIntoView({block: "center"}); target.focus(); }
    });
    panel.appendChild(jump);
    others.forEach(function (o) {
      var btn = el("button", null, "Also here: " + (claims[o] ? claims[o].value : o));
      btn.addEventListener("click", function () { show(o); });
      panel.appendChild(btn);
    });
  }

  function activate(event) {
    var target = event.target.closest("[data-claim]");
    if (target && !panel.contains(target)) { show(target.getAttribute("data-claim")); }
  }
  document.addEventListener("click", activate);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      var target = event.target.closest("[data-claim]");
      if (target) { event.preventDefault(); show(target.getAttribute("data-claim")); }
    }
  });

  var fParty = document.getElementById("f-party");
  var fVerdict = document.getElementById("f-verdict");
  var fSource = document.getElementById("f-source");
  var fStatus = document.getElementById("f-status");

  function matches(id) {
    var c = claims[id];
    if (!c) { return false; }
    var party = fParty.value, source = fSource.value, status = fStatus.value;
    if (party === "-" && c.party) { return false; }
    if (party && party !== "-" && c.party !== party) { return false; }
    if (source && c.source !== source) { return false; }
    if (status && c.status !== status && c.rank !== status) { return false; }
    return true;
  }
  function anyMatch(node, attr) {
    return (node.getAttribute(attr) || "").split(" ").some(function (id) {
      return id && matches(id);
    });
  }
  function apply() {
    var verdict = fVerdict.value;
    var shown = 0, total = 0;
    document.querySelectorAll("article.finding, tr.one-sided").forEach(function (node) {
      var verdicts = (node.getAttribute("data-verdicts") || "").split(" ");
      var ok = (!verdict || verdicts.indexOf(verdict) >= 0) && anyMatch(node, "data-claims");
      node.hidden = !ok;
      total += 1;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll(".value-card, .claim-chip").forEach(function (node) {
      node.classList.toggle("dim", !matches(node.getAttribute("data-claim")));
    });
    document.querySelectorAll("mark.fig").forEach(function (node) {
      node.classList.toggle("dim", !anyMatch(node, "data-claims"));
    });
    document.querySelectorAll("section.source").forEach(function (node) {
      node.hidden = Boolean(fSource.value) && node.getAttribute("data-source") !== fSource.value;
    });
    document.getElementById("f-count").textContent = shown + " of " + total + " findings shown";
  }
  [fParty, fVerdict, fSource, fStatus].forEach(function (s) {
    s.addEventListener("change", apply);
  });
  apply();
})();
"""


# --------------------------------------------------------------------------- render


def page_html(report: Report) -> str:
    """The whole page as one string."""
    page = _Page(report)
    data = {"claims": {claim.id: page.claim_data(claim) for claim in report.claims}}
    css = _css()
    script = _SCRIPT
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; "
        f"script-src {_csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    titles = len(report.sources)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>claimcheck review: {titles} source{'s' if titles != 1 else ''}</title>"
        f"<style>{css}</style></head><body>"
        '<header class="top"><h1>claimcheck review'
        f"<small>claimcheck {_e(report.tool_version)}</small></h1>"
        f"{_filters(page)}</header>"
        '<div class="layout"><main>'
        f"{_summary(page)}{_legend(page)}{_disagreements(page)}{_one_sided(page)}"
        f"{_sources(page)}"
        "</main>"
        '<aside id="detail" aria-live="polite"><p class="hint">Click a highlighted figure or a '
        "value to see who says it, how it was read, and its review history.</p></aside>"
        "</div>"
        f'<script type="application/json" id="cc-data">{_script_json(data)}</script>'
        f"<script>{script}</script>"
        "</body></html>\n"
    )


def render(report: Report, out: TextIO) -> None:
    """Write the review page: one self-contained HTML file."""
    out.write(page_html(report))
