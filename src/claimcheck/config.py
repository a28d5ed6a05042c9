"""Configuration: the parties who speak, place-name aliases, and comparison tolerances.

Read from ``--config FILE``; failing that, from the store's own ``claimcheck.toml``
when a command works on a store; then the first ``claimcheck.toml`` or ``[tool.claimcheck]``
table in ``pyproject.toml`` in the working directory or a parent, up to the root of the
git repository it is in; then the default
store's ``claims/claimcheck.toml``. With
none of these, claimcheck runs with no parties: figures are still extracted and
compared, but no speaker can be tied to a side.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import Field, ValidationError

from claimcheck.errors import InputError
from claimcheck.knowledge import general_parties, general_places
from claimcheck.model import Party, StrictModel

CONFIG_FILE_NAME = "claimcheck.toml"


class Tolerances(StrictModel):
    """How far apart two figures may be before the comparator calls them a disagreement."""

    # Relative gap (|a-b| / max) at or below which a disagreement is "minor".
    minor_gap: float = Field(default=0.05, ge=0, le=1)
    # Relative gap at or above which a conflict is "major"; in between it is "moderate".
    major_gap: float = Field(default=0.25, ge=0, le=1)
    # Relative width an "approximately" figure is read as covering on each side.
    approximate_width: float = Field(default=0.1, ge=0, le=1)
    # Lowest rapidfuzz score (0-100) for two subjects to be read as the same.
    subject_similarity: float = Field(default=82.0, ge=0, le=100)


class Config(StrictModel):
    """Everything a user can set; the shipped ``claims/claimcheck.toml`` is an example."""

    # The parties that assert figures, with their aliases and adjectives.
    parties: list[Party] = Field(default_factory=list)
    # Canonical place name -> the spellings and transliterations it goes by.
    places: dict[str, list[str]] = Field(default_factory=dict)
    # Comparison tolerances.
    tolerances: Tolerances = Field(default_factory=Tolerances)
    # Largest document, in bytes, that extraction accepts.
    max_document_bytes: int = Field(default=20_000_000, gt=0)
    # Add the shipped general knowledge (countries, their capitals and demonyms; roles
    # such as police or researchers) to the configured parties. Configured parties win.
    general_knowledge: bool = True

    def with_general_knowledge(self) -> Config:
        """This configuration with the shipped parties added after the configured ones.

        A configured party replaces the general party of the same id; names a configured
        party already uses are left to it (the first party to claim a name keeps it).
        """
        if not self.general_knowledge:
            return self
        configured = {party.id for party in self.parties}
        added = [party for party in general_parties() if party.id not in configured]
        out = self.model_copy(update={"parties": [*self.parties, *added]})
        for derived in ("party_by_id", "place_by_alias", "place_pattern"):
            out.__dict__.pop(derived, None)  # cached from the parties before
        return out

    @cached_property
    def party_by_id(self) -> dict[str, Party]:
        """Parties keyed by id."""
        return {party.id: party for party in self.parties}

    @cached_property
    def place_by_alias(self) -> dict[str, str]:
        """Lower-cased spelling -> canonical place name (the canonical name included)."""
        index: dict[str, str] = {}
        for canonical, aliases in self.places.items():
            for name in [canonical, *aliases]:
                index[name.casefold()] = canonical
        return index

    @cached_property
    def place_pattern(self) -> re.Pattern[str] | None:
        """One regex matching any configured place spelling as a whole word."""
        names = sorted(self.place_by_alias, key=len, reverse=True)
        if not names:
            return None
        return re.compile(
            r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE
        )

    def canonical_place(self, name: str) -> str | None:
        """The canonical name of a place spelling: configured, else a known town's."""
        configured = self.place_by_alias.get(name.casefold())
        if configured is not None or not self.general_knowledge:
            return configured
        known = general_places().get(name)
        return self.place_by_alias.get(known.casefold(), known) if known else None


_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _line_of(text: str, loc: tuple, prefix: tuple[str, ...] = ()) -> int | None:
    """The 1-based line that holds the setting at pydantic location ``loc``, if found.

    tomllib keeps no positions, so the line is found again in the text: the table header
    for ``loc`` (the n-th ``[[parties]]`` for ``("parties", n, ...)``), then the key
    inside it. An error inside a list value points at the line of its key.
    """
    header: tuple[str, ...] = ()
    seen: dict[tuple[str, ...], int] = {}
    best: int | None = None
    wanted = [str(part) for part in loc]
    for number, line in enumerate(text.splitlines(), start=1):
        head = _HEADER_RE.match(line)
        if head:
            header = tuple(part.strip().strip('"') for part in head.group(2).split("."))
            if head.group(1) == "[[":
                seen[header] = seen.get(header, -1) + 1
                header = (*header, str(seen[header]))
            inner = list(header[len(prefix) :])
            if header[: len(prefix)] == prefix and inner and inner == wanted[: len(inner)]:
                best = number  # a missing key: point at its table
            continue
        key = _KEY_RE.match(line)
        if key is None or header[: len(prefix)] != prefix:
            continue
        path = [*header[len(prefix) :], key.group(1).strip('"')]
        if wanted[: len(path)] == path:
            best = number
    return best


def _parse(path: Path, table: dict, text: str = "", prefix: tuple[str, ...] = ()) -> Config:
    try:
        return Config.model_validate(table)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        line = _line_of(text, tuple(first["loc"]), prefix) if text else None
        raise InputError(path, f"invalid configuration at {where}: {first['msg']}", line) from exc


def load_config_file(path: Path) -> Config:
    """Read a ``claimcheck.toml`` or the ``[tool.claimcheck]`` table of a ``pyproject.toml``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read configuration: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(path, "configuration is not UTF-8 text") from exc
    except RecursionError as exc:
        raise InputError(path, "invalid TOML: nested too deeply") from exc
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        raise InputError(path, f"invalid TOML: {message}", line) from exc
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("claimcheck", {})
        prefix = ("tool", "claimcheck")
    config = _parse(path, table, text, prefix)
    _check_sides(path, config, text, prefix)
    return config


def _check_sides(path: Path, config: Config, text: str, prefix: tuple[str, ...]) -> None:
    """Every party's ``side`` names a party, configured or known: a typo would otherwise
    be accepted here and flagged only later, on the extractor's own output."""
    known = {party.id for party in config.parties}
    if config.general_knowledge:
        known |= {party.id for party in general_parties()}
    for index, party in enumerate(config.parties):
        if party.side is not None and party.side not in known:
            raise InputError(
                path,
                f"invalid configuration at parties.{index}.side: {party.side!r} is not the id "
                "of a configured or known party",
                _line_of(text, ("parties", index, "side"), prefix),
            )


def find_config(start: Path | None = None, store: Path | None = None) -> Path | None:
    """The configuration file claimcheck would use, searching as the module doc says."""
    here = (start or Path.cwd()).resolve()
    if store is not None and (store / CONFIG_FILE_NAME).is_file():
        return store / CONFIG_FILE_NAME
    for folder in [here, *here.parents]:
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                table = {}
            if "claimcheck" in table.get("tool", {}):
                return pyproject
        if (folder / ".git").exists():
            break  # a repository's root: settings outside it belong to something else
    candidate = here / "claims" / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None = None, store: Path | None = None) -> Config:
    """The configuration from ``path``, or the one :func:`find_config` finds, or defaults."""
    if path is not None:
        return load_config_file(path).with_general_knowledge()
    found = find_config(store=store)
    return (load_config_file(found) if found else Config()).with_general_knowledge()
