"""A starting ``claimcheck.toml`` written from what a batch of documents holds.

``claimcheck init`` runs the same analysis as ``scan`` or ``report`` and writes the
parties the speakers were tied to (with the names they go by in these documents), the
speakers no party could be found for, and the place names the documents use most, as a
commented TOML file for an editor to correct. It only proposes: nothing is read back
from it until the editor keeps it as the configuration.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from claimcheck.analysis import Report
from claimcheck.config import Config
from claimcheck.extraction.places import find_places
from claimcheck.sources import MONTH_NUMBERS, WEEKDAY_NUMBERS

#: Names shown per party and speakers listed without one.
NAMES_SHOWN = 12
UNKNOWN_SHOWN = 20
PLACES_SHOWN = 30
_PLACE = re.compile(r"\b(?:in|near|at|from|outside)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})")


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_toml(i) for i in items) + "]"


def starting_config(report: Report, config: Config) -> str:
    """The text of a starting configuration for the documents of ``report``."""
    parties = config.party_by_id
    speakers: dict[str, Counter[str]] = {}
    unknown: Counter[str] = Counter()
    for claim in report.claims:
        attribution = claim.attribution
        if attribution.speaker is None or len(attribution.speaker) <= 4:
            continue  # own voice, or a pronoun ("it", "they")
        if attribution.party is None:
            unknown[attribution.speaker] += 1
        else:
            speakers.setdefault(attribution.party, Counter())[attribution.speaker] += 1
    lines = [
        f"# Starting configuration written by `claimcheck init` from {len(report.sources)} "
        "document(s).",
        "# Every party below speaks in them. Correct ids, kinds and sides, merge parties that",
        "# are one, delete what is wrong; see docs/configuration.md. Countries and roles",
        "# claimcheck knows already work without an entry: an entry here refines them.",
        "",
    ]
    ordered = sorted(speakers, key=lambda p: (-sum(speakers[p].values()), p))
    for party_id in ordered:
        party = parties.get(party_id)
        names = [name for name, _ in speakers[party_id].most_common(NAMES_SHOWN)]
        count = sum(speakers[party_id].values())
        lines += [
            f"# {count} figure(s) asserted"
            + (
                " (from general knowledge)"
                if party is not None and (party.general or party.roles)
                else ""
            ),
            "[[parties]]",
            f"id = {_toml(party_id)}",
            f"name = {_toml(party.name if party else party_id)}",
            f"kind = {_toml(party.kind.value if party else 'government')}"
            "  # belligerent, government, independent, international, media",
        ]
        if party is not None and party.side:
            lines.append(f"side = {_toml(party.side)}")
        lines.append(f"aliases = {_list(names)}  # as the documents name its speakers")
        if party is not None and party.adjectives:
            lines.append(f"adjectives = {_list(party.adjectives)}")
        lines.append("")
    if unknown:
        lines.append("# Speakers no party was found for (figures asserted): add them as aliases.")
        lines += [f"#   {_toml(name)} ({n})" for name, n in unknown.most_common(UNKNOWN_SHOWN)]
        lines.append("")
    towns: Counter[str] = Counter()
    spellings: dict[str, set[str]] = {}
    places: Counter[str] = Counter()
    known = {name.casefold() for p in config.parties for name in [*p.aliases, *p.adjectives]}
    for body in report.bodies.values():
        for start, end, town in find_places(config, body, 0, len(body)):
            towns[town] += 1
            spellings.setdefault(town, set()).add(body[start:end])
            known.add(body[start:end].casefold())
        for match in _PLACE.finditer(body):
            name = match.group(1)
            first = name.split()[0].lower().rstrip(".")
            if first in MONTH_NUMBERS or first in WEEKDAY_NUMBERS:
                continue  # "in May", "on Tuesday": a date, not a place
            if name.casefold() not in known:
                places[name] += 1
    lines += [
        "[places]",
        "# Places the documents name, with the spellings they use. Towns claimcheck knows",
        "# (with their other spellings) come first and work without an entry; give the",
        '# others their spellings and transliterations ("Jabrayil" = ["Cəbrayıl"]) and',
        "# delete what is no place.",
    ]
    for town, count in towns.most_common(PLACES_SHOWN):
        others = sorted(spellings[town] - {town})
        lines.append(f"{_toml(town)} = {_list(others)}  # {count} mention(s), a known town")
    for name, count in places.most_common(PLACES_SHOWN):
        if count >= 2 and name not in towns:
            lines.append(f"{_toml(name)} = []  # {count} mention(s)")
    return "\n".join(lines).rstrip() + "\n"
