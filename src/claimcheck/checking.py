"""The CI gate: which findings are new, which are known, and whether a check passes.

A repository of sources runs ``claimcheck check`` on every pull request. A finding that
was there before the pull request must not fail it, so two records say what is known:

* the **baseline** (``.claimcheck-baseline.json`` beside the store, committed): every
  finding present when it was written, by fingerprint. It is how a team adopts the check
  on a store that already has findings, like ruff's or bandit's baselines.
* **acknowledgements** (``<store>/acknowledgements.yaml``, reviewed like the claims): a
  finding an editor looked at and accepted, with a reason, who and when. Unlike the
  baseline they say *why*, so they survive a rewrite of the baseline.

Fingerprints never use offsets or line numbers: they are built from the rule code, the
claims' stable ids (which survive text moving, see :func:`claimcheck.model.claim_id`) and
a hash of the claims' normalised quotes, so reordering paragraphs keeps every finding
known, while a changed quote makes the finding one to look at again.

This module only computes and reads/writes its two files; the CLI prints and exits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from claimcheck import __version__
from claimcheck.analysis import Report, analyse_changes
from claimcheck.config import Config
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.findings import RULES, Finding, FindingKind, Severity
from claimcheck.model import Claim, Event
from claimcheck.sources import decode_text
from claimcheck.store import (
    CLAIMS_SUFFIX,
    DOCUMENT_SUFFIX,
    ClaimRef,
    Store,
    load_yaml_tree,
    read_store_bytes,
    store_lock,
    write_text_atomic,
)
from claimcheck.validate import Problem, validate_store

__all__ = [
    "ACKNOWLEDGEMENTS_FILE",
    "ACK_CODES",
    "BASELINE_FILE",
    "Acknowledgement",
    "Acknowledgements",
    "Baseline",
    "BaselineEntry",
    "CheckOptions",
    "CheckResult",
    "CheckedFinding",
    "FailOn",
    "FindingState",
    "GitError",
    "UnusableStore",
    "acknowledge",
    "changed_sources",
    "default_baseline_path",
    "finding_fingerprint",
    "load_acknowledgements",
    "load_baseline",
    "quote_hash",
    "repository_root",
    "run_check",
    "write_baseline",
]

#: File name of the baseline, written beside the store directory (the repository root
#: for the usual ``claims/`` layout).
BASELINE_FILE = ".claimcheck-baseline.json"
#: File name of the acknowledgements, inside the store.
ACKNOWLEDGEMENTS_FILE = "acknowledgements.yaml"
#: Version of the baseline file's structure.
BASELINE_SCHEMA_VERSION = 1

#: Problem codes of the acknowledgements file, as :data:`claimcheck.validate.CODES` has
#: those of claims and documents.
ACK_CODES: dict[str, str] = {
    "ack-missing-reason": "an acknowledgement gives no reason (it accepts nothing until it does)",
    "ack-missing-field": "an acknowledgement gives no who or no when",
    "ack-unknown-field": "an acknowledgement has a field the format does not define",
}

_ACK_FIELDS = ("reason", "who", "when", "code", "quantity", "claims", "fingerprint")
_ACK_REQUIRED = ("reason", "who", "when")
_ACK_HEADER = (
    "Findings an editor has looked at and accepted: `claimcheck check` does not fail on them.\n"
    "Keyed by finding id (as every report prints it); each needs a reason, who and when.\n"
    "Add entries with `claimcheck ack FINDING_ID --reason ...` or by hand; comments are kept."
)


class GitError(ClaimcheckError):
    """git could not answer: not a repository, an unknown ref, or no git at all."""


class UnusableStore(InputError):
    """The claims cannot be compared; ``problems`` are what validation found before that."""

    def __init__(self, error: InputError, problems: list[Problem]) -> None:
        super().__init__(error.path, error.message, error.line)
        self.problems = problems


class FailOn(StrEnum):
    """Which families of new findings fail the check."""

    conflict = "conflict"
    one_sided = "one-sided"
    any = "any"

    def covers(self, finding: Finding) -> bool:
        """True when ``finding`` belongs to a family this setting fails on."""
        if self is FailOn.any:
            return True
        if self is FailOn.conflict:
            return finding.kind is FindingKind.disagreement
        return finding.kind is FindingKind.one_sided


class FindingState(StrEnum):
    """Where a finding stands for the check."""

    new = "new"
    baselined = "baselined"
    acknowledged = "acknowledged"


# --------------------------------------------------------------------------- fingerprints


def _normalised_quote(quote: str) -> str:
    """Whitespace folded and lower-cased, as :func:`claimcheck.model.claim_id` does."""
    return " ".join(quote.split()).lower()


def quote_hash(claims: Iterable[Claim]) -> str:
    """Hash of the claims' normalised quotes, independent of claim order and offsets."""
    quotes = sorted(_normalised_quote(claim.quote) for claim in claims)
    return hashlib.sha256("\0".join(quotes).encode("utf-8")).hexdigest()[:16]


def finding_fingerprint(finding: Finding, claims_by_id: dict[str, Claim]) -> str:
    """What the baseline matches on: rule code, sorted claim ids and their quotes' hash.

    The finding id (``f-…``) already covers the code and the ids; the quote hash adds that
    the evidence itself is unchanged, so a claim whose quote was corrected by hand under
    the same id makes the finding new again.
    """
    claims = [claims_by_id[c] for c in finding.claims if c in claims_by_id]
    key = "\0".join([finding.code, *sorted(finding.claims), quote_hash(claims)])
    return "fp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True)
class BaselineEntry:
    """One known finding; everything but ``fingerprint`` is there for people reading diffs."""

    fingerprint: str
    id: str
    code: str
    name: str
    severity: str
    quantity: str
    claims: tuple[str, ...]
    quote_hash: str
    # Day the entry was first recorded; kept when the baseline is rewritten.
    recorded: str
    # Free text an editor may add by hand; kept when the baseline is rewritten.
    note: str | None = None
    # False for an entry kept although it matched no finding when the baseline was last
    # written (written as ``"unmatched": true``): never carried over as a known finding.
    matched: bool = True

    def to_json(self) -> dict[str, Any]:
        """The entry as written, ``note`` left out when empty."""
        data: dict[str, Any] = {
            "fingerprint": self.fingerprint,
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "quantity": self.quantity,
            "claims": list(self.claims),
            "quote_hash": self.quote_hash,
            "recorded": self.recorded,
        }
        if self.note:
            data["note"] = self.note
        if not self.matched:
            data["unmatched"] = True
        return data


@dataclass(frozen=True)
class StoreState:
    """What the store was when a baseline was written: enough to tell, later, which
    events a change touches, so that a check compares only those (see :func:`run_check`).

    Per source a digest of its document and claims files and its event; digests of the
    configuration and of the editors' event decisions; the claimcheck version. A check
    whose configuration, decisions or version differ compares everything.
    """

    sources: dict[str, tuple[str, str | None]]
    config: str
    decisions: str
    tool_version: str

    def to_json(self) -> dict[str, Any]:
        """As written under ``"state"`` in the baseline."""
        return {
            "tool_version": self.tool_version,
            "config": self.config,
            "decisions": self.decisions,
            "sources": {sid: list(value) for sid, value in sorted(self.sources.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> StoreState | None:
        """None for anything unusable: the check then compares everything."""
        try:
            sources = {
                str(sid): (str(value[0]), None if value[1] is None else str(value[1]))
                for sid, value in data["sources"].items()
            }
            return cls(
                sources, str(data["config"]), str(data["decisions"]), str(data["tool_version"])
            )
        except (KeyError, TypeError, IndexError, AttributeError):
            return None


def source_digests(store: Store) -> dict[str, str]:
    """Source id -> digest of its document and its claims file (absent: empty)."""
    digests: dict[str, str] = {}
    for source_id in store.source_ids():
        digest = hashlib.sha256()
        for path in (store.document_path(source_id), store.claims_path(source_id)):
            digest.update(store.sha256_of(path) or hashlib.sha256(b"").digest())
        digests[source_id] = digest.hexdigest()[:24]
    return digests


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def store_state(store: Store, config: Config, report: Report) -> StoreState:
    """The state of ``store`` that ``report`` (a full analysis of it) was made from."""
    event_of = {sid: event.id for event in report.events for sid in event.sources}
    decisions = json.dumps(
        [d.model_dump(mode="json") for d in store.event_decisions()], sort_keys=True
    )
    return StoreState(
        sources={sid: (dg, event_of.get(sid)) for sid, dg in source_digests(store).items()},
        config=_digest(config.model_dump_json()),
        decisions=_digest(decisions),
        tool_version=__version__,
    )


@dataclass
class Baseline:
    """The findings known when the baseline was written, keyed by fingerprint."""

    path: Path
    entries: dict[str, BaselineEntry] = field(default_factory=dict)
    # The store the baseline was written for, relative to the baseline's folder.
    store: str | None = None
    # The store's state when it was written (None in baselines from before it was kept).
    state: StoreState | None = None


def default_baseline_path(store_root: Path) -> Path:
    """``.claimcheck-baseline.json`` in the folder that holds the store directory.

    Beside the store rather than inside it, so that for the usual layout (``claims/`` at the
    top of a repository) it sits at the repository root where CI configuration lives.
    """
    store = Path(store_root)
    # "claims" -> ".claimcheck-baseline.json"; "." has no parent to name, so go absolute.
    parent = store.parent if store.name not in ("", ".", "..") else store.absolute().parent
    return parent / BASELINE_FILE


def load_baseline(path: Path) -> Baseline:
    """Read a baseline; a missing file is an empty baseline, a broken one an InputError."""
    if not path.exists():
        return Baseline(path)
    try:
        text = decode_text(path.read_bytes(), path)
        data = json.loads(text)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed baseline JSON: {exc.msg}", exc.lineno) from exc
    if not isinstance(data, dict) or data.get("schema") != "claimcheck-baseline":
        raise InputError(path, 'not a claimcheck baseline (no "schema": "claimcheck-baseline")')
    if data.get("schema_version") != BASELINE_SCHEMA_VERSION:
        raise InputError(
            path,
            f"baseline schema_version {data.get('schema_version')!r} is not "
            f"{BASELINE_SCHEMA_VERSION}; rewrite it with `claimcheck baseline write`",
        )
    entries: dict[str, BaselineEntry] = {}
    raw_entries = data.get("findings")
    if not isinstance(raw_entries, list):
        raise InputError(path, 'baseline "findings" must be a list')
    for number, raw in enumerate(raw_entries):
        try:
            entry = BaselineEntry(
                fingerprint=str(raw["fingerprint"]),
                id=str(raw.get("id", "")),
                code=str(raw.get("code", "")),
                name=str(raw.get("name", "")),
                severity=str(raw.get("severity", "")),
                quantity=str(raw.get("quantity", "")),
                claims=tuple(str(c) for c in raw.get("claims", [])),
                quote_hash=str(raw.get("quote_hash", "")),
                recorded=str(raw.get("recorded", "")),
                note=raw.get("note") or None,
                matched=not raw.get("unmatched", False),
            )
        except (KeyError, TypeError, AttributeError):
            raise InputError(
                path, f'baseline entry {number} is not a mapping with a "fingerprint"'
            ) from None
        entries[entry.fingerprint] = entry
    store = data.get("store")
    state = StoreState.from_json(data["state"]) if "state" in data else None
    return Baseline(path, entries, store if isinstance(store, str) else None, state)


@dataclass(frozen=True)
class BaselineWrite:
    """What ``baseline write`` did, for the CLI to tell."""

    path: Path
    added: int
    kept: int
    stale_kept: list[BaselineEntry]
    pruned: list[BaselineEntry]


def write_baseline(
    report: Report,
    path: Path,
    store_root: Path,
    prune: bool = False,
    today: dt.date | None = None,
    state: StoreState | None = None,
) -> BaselineWrite:
    """Record every finding of ``report`` in the baseline at ``path``, atomically.

    An existing baseline is merged, never silently overwritten: entries still matching a
    finding keep their ``recorded`` day and ``note``; entries matching no finding any more
    are kept (and reported) unless ``prune`` is set, in which case they are dropped and
    returned so the caller can list them. Git keeps the previous file. ``state`` (see
    :func:`store_state`) is recorded so that later checks compare only what changed.
    """
    with store_lock(store_root):
        today = today or dt.datetime.now(dt.UTC).date()
        old = load_baseline(path)
        claims_by_id = report.claim_by_id()
        entries: dict[str, BaselineEntry] = {}
        added = kept = 0
        for finding in report.findings:
            fingerprint = finding_fingerprint(finding, claims_by_id)
            previous = old.entries.get(fingerprint)
            claims = [claims_by_id[c] for c in finding.claims if c in claims_by_id]
            entries[fingerprint] = BaselineEntry(
                fingerprint=fingerprint,
                id=finding.id,
                code=finding.code,
                name=finding.name,
                severity=finding.severity.value,
                quantity=finding.quantity,
                claims=tuple(sorted(finding.claims)),
                quote_hash=quote_hash(claims),
                recorded=previous.recorded if previous else today.isoformat(),
                note=previous.note if previous else None,
            )
            if previous:
                kept += 1
            else:
                added += 1
        stale = [entry for fp, entry in old.entries.items() if fp not in entries]
        if not prune:
            for entry in stale:
                entries[entry.fingerprint] = replace(entry, matched=False)
        data: dict[str, Any] = {
            "schema": "claimcheck-baseline",
            "schema_version": BASELINE_SCHEMA_VERSION,
            "tool_version": __version__,
            "store": _relative_store(store_root, path),
            "findings": [
                entry.to_json()
                for entry in sorted(
                    entries.values(), key=lambda e: (e.code, e.quantity, e.fingerprint)
                )
            ],
        }
        if state is not None:
            data["state"] = state.to_json()
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return BaselineWrite(
            path=path,
            added=added,
            kept=kept,
            stale_kept=[] if prune else stale,
            pruned=stale if prune else [],
        )


def _relative_store(store_root: Path, baseline_path: Path) -> str:
    """The store as seen from the baseline's folder (``claims``), with forward slashes."""
    store = Path(store_root).absolute()
    folder = Path(baseline_path).absolute().parent
    try:
        return store.relative_to(folder).as_posix()
    except ValueError:
        return store.as_posix()


# --------------------------------------------------------------------------- acknowledgements


@dataclass(frozen=True)
class Acknowledgement:
    """An editor's acceptance of one finding."""

    finding_id: str
    reason: str
    who: str
    when: str
    # 1-based line of the entry in the file, for messages.
    line: int | None
    # The finding's fingerprint when acknowledged; when present it must still match, so
    # an acknowledgement does not carry over to evidence nobody has read.
    fingerprint: str | None = None


@dataclass
class Acknowledgements:
    """The acknowledgements file: valid entries, and problems of invalid ones."""

    path: Path
    entries: dict[str, Acknowledgement] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _ack_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _load_ack_tree(path: Path) -> CommentedMap | None:
    """The file as a round-trip tree (None when missing or empty); InputError when unusable,
    a symbolic link included (it is neither read nor written through)."""
    if not os.path.lexists(path):
        return None
    text = decode_text(read_store_bytes(path), path)
    root = load_yaml_tree(path, text, _ack_yaml())
    if root is None:
        return None
    if not isinstance(root, CommentedMap) or set(root) - {"acknowledgements"}:
        raise InputError(path, "must be a mapping with one key, 'acknowledgements'", 1)
    entries = root.get("acknowledgements")
    if entries is not None and not isinstance(entries, CommentedMap):
        raise InputError(
            path,
            "'acknowledgements' must map finding ids to entries",
            root.lc.key("acknowledgements")[0] + 1,
        )
    return root


def load_acknowledgements(store_root: Path) -> Acknowledgements:
    """Read ``<store>/acknowledgements.yaml``.

    A file that does not parse is an :class:`InputError` (the check cannot know what was
    accepted). An entry without a reason, who or when is a :class:`Problem` with its line
    (``ack-missing-reason``, ``ack-missing-field``, ``ack-unknown-field``) and accepts
    nothing: an acceptance nobody can explain is not one.
    """
    path = Path(store_root) / ACKNOWLEDGEMENTS_FILE
    result = Acknowledgements(path)
    root = _load_ack_tree(path)
    if root is None or root.get("acknowledgements") is None:
        return result
    shown = str(path)
    entries: CommentedMap = root["acknowledgements"]
    for key in entries:
        line = entries.lc.key(key)[0] + 1
        finding_id = str(key)
        entry = entries[key]
        if not isinstance(entry, CommentedMap):
            result.problems.append(
                Problem(
                    shown,
                    line,
                    "ack-missing-reason",
                    f"acknowledgement of {finding_id} is not a mapping with reason, who and when",
                )
            )
            continue

        def at(name: str, entry: CommentedMap = entry, line: int = line) -> int:
            try:
                return entry.lc.key(name)[0] + 1
            except (KeyError, AttributeError, TypeError):
                return line

        ok = True
        for name in entry:
            if name not in _ACK_FIELDS:
                ok = False
                result.problems.append(
                    Problem(
                        shown,
                        at(str(name)),
                        "ack-unknown-field",
                        f"acknowledgement of {finding_id}: unknown field {name!r}",
                    )
                )
        for name in _ACK_REQUIRED:
            value = entry.get(name)
            if value is None or not str(value).strip():
                ok = False
                code = "ack-missing-reason" if name == "reason" else "ack-missing-field"
                result.problems.append(
                    Problem(
                        shown,
                        at(name) if name in entry else line,
                        code,
                        f"acknowledgement of {finding_id} gives no {name}",
                    )
                )
        if ok:
            fingerprint = entry.get("fingerprint")
            result.entries[finding_id] = Acknowledgement(
                finding_id=finding_id,
                reason=str(entry["reason"]).strip(),
                who=str(entry["who"]).strip(),
                when=_when_text(entry["when"]),
                line=line,
                fingerprint=str(fingerprint) if fingerprint else None,
            )
    return result


def _when_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def acknowledge(
    store_root: Path,
    finding: Finding,
    fingerprint: str,
    reason: str,
    who: str,
    when: dt.datetime | None = None,
) -> bool:
    """Add or update the acknowledgement of ``finding``; True when one was replaced.

    The file is updated in ruamel round-trip mode and written atomically, under the
    store's write lock, so comments and the other entries are kept exactly as they were.
    """
    if not reason.strip():
        raise ValueError("an acknowledgement needs a reason")
    with store_lock(store_root):
        path = Path(store_root) / ACKNOWLEDGEMENTS_FILE
        root = _load_ack_tree(path)
        if root is None:
            root = CommentedMap()
            root.yaml_set_start_comment(_ACK_HEADER)
        if root.get("acknowledgements") is None:
            root["acknowledgements"] = CommentedMap()
        entries: CommentedMap = root["acknowledgements"]
        when = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        values = {
            "reason": reason.strip(),
            "who": who,
            "when": when.isoformat().replace("+00:00", "Z"),
            "code": finding.code,
            "quantity": finding.quantity,
            "fingerprint": fingerprint,
        }
        replaced = finding.id in entries
        if replaced and isinstance(entries[finding.id], CommentedMap):
            for name, value in values.items():
                entries[finding.id][name] = value
        else:
            node = CommentedMap()
            node.update(values)
            entries[finding.id] = node
        buffer = StringIO()
        _ack_yaml().dump(root, buffer)
        write_text_atomic(path, buffer.getvalue())
        return replaced


# --------------------------------------------------------------------------- git


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed, so --since cannot be used") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took too long") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def repository_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None outside one."""
    folder = Path(path).absolute()
    if not folder.is_dir():
        folder = folder.parent
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    except GitError:
        return None


def changed_sources(store_root: Path, ref: str) -> set[str]:
    """Ids of the store's sources added or changed since ``ref``, committed or not.

    ``git diff --name-only REF -- .`` (run in the store) gives files changed since the
    ref, staged or not; untracked files are added from ``git ls-files --others``, since a
    source extracted but not yet committed is new too. A document or a claims file
    changing both count. Raises :class:`GitError` outside a repository or for a bad ref.
    """
    store = Path(store_root)
    if repository_root(store) is None:
        raise GitError(f"{store} is not inside a git repository, so --since cannot be used")
    try:
        _git(store, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"--since {ref}: not a commit git knows") from None
    names = _git(store, "diff", "--name-only", "--relative", ref, "--", ".").splitlines()
    names += _git(store, "ls-files", "--others", "--exclude-standard", "--", ".").splitlines()
    sources: set[str] = set()
    for name in names:
        if "/" in name:  # .history/ and anything else below the store's top level
            continue
        if name.endswith(CLAIMS_SUFFIX):
            sources.add(name[: -len(CLAIMS_SUFFIX)])
        elif name.endswith(DOCUMENT_SUFFIX):
            sources.add(name[: -len(DOCUMENT_SUFFIX)])
    return sources


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True)
class CheckOptions:
    """What fails the check, and against what it is compared."""

    fail_on: FailOn = FailOn.any
    fail_severity: Severity = Severity.info
    # None: the default path beside the store; the baseline is optional.
    baseline: Path | None = None
    use_baseline: bool = True
    # Only findings involving a source added or changed since this git ref.
    since: str | None = None
    # The report holds every claim of the store, even when only some were compared (the
    # json and sarif formats list them); else only the compared ones (see
    # :func:`claimcheck.analysis.analyse_changes`), which is all the other formats show.
    complete: bool = True


@dataclass(frozen=True)
class CheckedFinding:
    """A finding with the check's verdict on it."""

    finding: Finding
    fingerprint: str
    state: FindingState
    # True when the finding is new and at or above the fail level.
    fails: bool
    acknowledgement: Acknowledgement | None = None
    # The claim to point at: one in a changed source when --since is given, else the first.
    primary_claim: str | None = None
    # For a known finding that new claims joined: the known findings' baseline entries
    # (by finding id) and the claims that joined them, which are what is new.
    extends: tuple[str, ...] = ()
    added_claims: tuple[str, ...] = ()

    @property
    def below_fail_level(self) -> bool:
        """New, but under --fail-on/--fail-severity: shown as a warning only."""
        return self.state is FindingState.new and not self.fails


@dataclass
class CheckResult:
    """Everything the formats and the exit code need."""

    # The store's report with only the findings in scope (all of them, or --since's).
    report: Report
    checked: list[CheckedFinding]
    problems: list[Problem]
    baseline_path: Path | None
    # Baseline entries that match no current finding (fixed, or changed into another).
    stale_baseline: list[BaselineEntry]
    # Acknowledgements that match no current finding.
    stale_acknowledgements: list[Acknowledgement]
    # The sources --since selected, or None without --since.
    changed: set[str] | None
    options: CheckOptions
    # Folder file paths are shown relative to (the git work tree, else the cwd).
    root: Path
    # The events compared again, when the check compared only those a change touched.
    compared_events: list[str] | None = None
    total_events: int = 0

    @property
    def failing(self) -> list[CheckedFinding]:
        """New findings at or above the fail level."""
        return [c for c in self.checked if c.fails]

    @property
    def new(self) -> list[CheckedFinding]:
        """Every new finding, failing or not."""
        return [c for c in self.checked if c.state is FindingState.new]

    @property
    def baselined(self) -> list[CheckedFinding]:
        """Findings the baseline knows."""
        return [c for c in self.checked if c.state is FindingState.baselined]

    @property
    def acknowledged(self) -> list[CheckedFinding]:
        """Findings an editor accepted."""
        return [c for c in self.checked if c.state is FindingState.acknowledged]

    @property
    def passed(self) -> bool:
        """No failing finding and no problem in the store."""
        return not self.failing and not self.problems

    def exit_code(self, exit_zero: bool = False) -> int:
        """0 when passed (or ``exit_zero``), else 1; exit 2 is the CLI's, for errors."""
        return 0 if self.passed or exit_zero else 1

    def states(self) -> dict[str, CheckedFinding]:
        """Checked findings keyed by finding id."""
        return {c.finding.id: c for c in self.checked}

    def summary_lines(self) -> list[str]:
        """The verdict in a few lines of plain text, for people."""
        lines = []
        failing, new = len(self.failing), len(self.new)
        if self.problems:
            lines.append(f"{_count(len(self.problems), 'problem')} in the store")
        if failing:
            lines.append(f"{_count(failing, 'new finding')} fail the check")
        else:
            lines.append("no new finding fails the check")
        if new - failing:
            lines.append(
                f"{_count(new - failing, 'new finding')} below the fail level "
                f"(--fail-on {self.options.fail_on.value}, "
                f"--fail-severity {self.options.fail_severity.value})"
            )
        baseline_name = self.baseline_path.name if self.baseline_path else "baseline"
        lines.append(
            f"{_count(len(self.baselined), 'finding')} suppressed by the baseline "
            f"({baseline_name}), {len(self.acknowledged)} acknowledged"
        )
        if self.changed is not None:
            lines.append(
                f"--since {self.options.since}: {_count(len(self.changed), 'changed source')}, "
                f"{_count(len(self.checked), 'finding')} involving them"
            )
        if self.compared_events is not None:
            lines.append(
                f"compared {len(self.compared_events)} of {_count(self.total_events, 'event')}"
                " (those the changed sources touch; the others' findings are the baseline's)"
            )
        for checked in self.new:
            if checked.extends:
                lines.append(
                    f"{checked.finding.id}: {', '.join(checked.added_claims)} joined known "
                    f"finding {', '.join(checked.extends)}; only the new claims are new"
                )
        if self.stale_baseline:
            stale = len(self.stale_baseline)
            lines.append(
                f"{_count(stale, 'baseline entry', 'baseline entries')} "
                f"{'no longer matches' if stale == 1 else 'no longer match'} a finding "
                "(drop with `claimcheck baseline write --prune`): "
                + ", ".join(f"{e.id} {e.code} {e.quantity}" for e in self.stale_baseline)
            )
        if self.stale_acknowledgements:
            stale = len(self.stale_acknowledgements)
            lines.append(
                f"{_count(stale, 'acknowledgement')} "
                f"{'no longer matches' if stale == 1 else 'no longer match'} a finding: "
                + ", ".join(a.finding_id for a in self.stale_acknowledgements)
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        """The check's verdict as data, added under ``check`` to the JSON report."""
        return {
            "passed": self.passed,
            "fail_on": self.options.fail_on.value,
            "fail_severity": self.options.fail_severity.value,
            "since": self.options.since,
            "changed_sources": sorted(self.changed) if self.changed is not None else None,
            "compared_events": self.compared_events,
            "baseline": str(self.baseline_path) if self.baseline_path else None,
            "counts": {
                "failing": len(self.failing),
                "new": len(self.new),
                "baselined": len(self.baselined),
                "acknowledged": len(self.acknowledged),
                "problems": len(self.problems),
            },
            "findings": [
                {
                    "id": c.finding.id,
                    "code": c.finding.code,
                    "fingerprint": c.fingerprint,
                    "state": c.state.value,
                    "fails": c.fails,
                    "primary_claim": c.primary_claim,
                    "extends": list(c.extends),
                    "added_claims": list(c.added_claims),
                    "acknowledgement": (
                        {
                            "reason": c.acknowledgement.reason,
                            "who": c.acknowledgement.who,
                            "when": c.acknowledgement.when,
                        }
                        if c.acknowledgement
                        else None
                    ),
                }
                for c in self.checked
            ],
            "problems": [
                {"path": p.path, "line": p.line, "code": p.code, "message": p.message}
                for p in self.problems
            ],
            "stale_baseline": [e.to_json() for e in self.stale_baseline],
            "stale_acknowledgements": [a.finding_id for a in self.stale_acknowledgements],
        }


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def _primary_claim(
    involved: list[Claim | ClaimRef], changed: set[str] | None, known_claims: set[str]
) -> str | None:
    """The claim a finding is shown at: in a changed source, else one no known finding
    involves, else the first."""
    if changed is not None:
        for claim in involved:
            if claim.source in changed:
                return claim.id
    for claim in involved:
        if claim.id not in known_claims:
            return claim.id
    return involved[0].id if involved else None


def _entry_fingerprint(entry: BaselineEntry) -> str:
    """:func:`finding_fingerprint` of the finding an entry recorded, from the entry alone."""
    key = "\0".join([entry.code, *sorted(entry.claims), entry.quote_hash])
    return "fp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _is_date(claim: Claim | ClaimRef) -> bool:
    if isinstance(claim, ClaimRef):
        return claim.is_date
    return claim.value.kind == "date"


def _carried_finding(entry: BaselineEntry, claims: list[Claim | ClaimRef]) -> Finding:
    """A baseline entry of an event no change touched, as the finding it stands for.

    Its claims are unchanged since the baseline was written, so the finding is the one
    recorded; it is not compared again, and says so.
    """
    rule = RULES.get(entry.code)
    return Finding(
        id=entry.id,
        code=entry.code,
        name=entry.name or (rule.name if rule else entry.code),
        kind=rule.kind if rule else FindingKind.disagreement,
        value_kind="date" if claims and _is_date(claims[0]) else "numeric",
        severity=Severity(entry.severity)
        if entry.severity in {s.value for s in Severity}
        else Severity.info,
        quantity=entry.quantity,
        event=claims[0].event_id if claims else None,
        claims=list(entry.claims),
        message=(
            f"{entry.quantity}: known from the baseline; no source of its event changed "
            "since, so it was not compared again"
        ),
    )


def _extension_fingerprint(code: str, added: list[Claim], known: list[str]) -> str:
    """Fingerprint of what new claims add to known findings: the claims and whom they join."""
    key = "\0".join([code, "+", *sorted(c.id for c in added), quote_hash(added), *sorted(known)])
    return "fp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _touched_events(
    events: list[Event],
    changed: set[str],
    recorded: dict[str, tuple[str, str | None]] | None,
) -> set[str]:
    """Events a change touches: those of changed sources, those a source moved into or out
    of since ``recorded`` (the baseline's state), and every event related to one of them
    (figures that state their own year are compared across related events)."""
    event_of = {sid: event.id for event in events for sid in event.sources}
    touched = {event_of[sid] for sid in changed if sid in event_of}
    if recorded is not None:
        for sid, (_digest, old_event) in recorded.items():
            current = event_of.get(sid)
            if current != old_event:
                touched.update(e for e in (current, old_event) if e is not None)
    groups = {event.related for event in events if event.id in touched and event.related}
    touched.update(event.id for event in events if event.related in groups)
    return touched


def run_check(store_root: Path, config: Config, options: CheckOptions) -> CheckResult:
    """Validate the store, compare its claims and sort each finding into new or known.

    Raises :class:`InputError` for a store (or baseline, or acknowledgements file) that
    cannot be used at all, and :class:`GitError` when ``options.since`` cannot be resolved;
    both mean exit 2. Problems found by validation are returned, not raised: the report
    is still made when the claims can be read.
    """
    store_root = Path(store_root)
    store = Store.open(store_root)
    with store.frozen():
        return _run_check(store, config, options)


def _run_check(store: Store, config: Config, options: CheckOptions) -> CheckResult:
    store_root = store.root
    problems = validate_store(store_root, config, store)
    acks = load_acknowledgements(store_root)
    problems = sorted(
        [*problems, *acks.problems], key=lambda p: (p.path, p.line or 0, p.code, p.message)
    )
    changed = changed_sources(store_root, options.since) if options.since else None

    baseline_path: Path | None = None
    baseline = Baseline(Path(BASELINE_FILE))
    if options.use_baseline:
        baseline_path = options.baseline or default_baseline_path(store_root)
        baseline = load_baseline(baseline_path)
        if not baseline_path.exists():
            baseline_path = None

    # Incremental: with the store's state recorded in the baseline, only the events that
    # sources changed since touch are compared; the findings of every other event are the
    # baseline's. Without it, --since still narrows the comparison to the events of the
    # changed sources, whose findings are all it reports.
    state = baseline.state
    if state is not None and not (
        state.tool_version == __version__
        and state.config == _digest(config.model_dump_json())
        and state.decisions
        == _digest(
            json.dumps([d.model_dump(mode="json") for d in store.event_decisions()], sort_keys=True)
        )
    ):
        state = None
    since_baseline: set[str] | None = None
    if state is not None:
        digests = source_digests(store)
        since_baseline = {
            sid for sid, dg in digests.items() if state.sources.get(sid, ("",))[0] != dg
        }
        since_baseline |= set(state.sources) - set(digests)

    def scope(events: list[Event]) -> set[str] | None:
        if since_baseline is None and changed is None:
            return None
        touched_by = (since_baseline or set()) | (changed or set())
        return _touched_events(events, touched_by, state.sources if state else None)

    try:
        analysis = analyse_changes(store, config, scope, complete=options.complete)
    except InputError as error:
        if problems:
            raise UnusableStore(error, problems) from error
        raise
    finally:
        store.close()
    report = analysis.report
    # Every live claim: those compared as claims, the others as references (ClaimRef).
    claims_by_id = analysis.claims
    compared = set(report.compared_events) if report.compared_events is not None else None

    def in_compared(entry: BaselineEntry) -> bool:
        """True when the entry's claims were compared again (or some are gone)."""
        if compared is None:
            return True
        claims = [claims_by_id.get(c) for c in entry.claims]
        return any(c is None or c.event_id in compared for c in claims)

    findings = list(report.findings)
    fingerprints: dict[str, str] = {}
    if state is not None and compared is not None:
        # An entry of an event no change touched stands for the finding it recorded: its
        # claims are in sources unchanged since the baseline was written (every source
        # that changed has its events compared), so their quotes are those the entry's
        # quote hash was made from; an entry that does not fit its own fingerprint (edited
        # by hand) is not carried over.
        for entry in baseline.entries.values():
            if (
                entry.matched
                and not in_compared(entry)
                and _entry_fingerprint(entry) == entry.fingerprint
            ):
                carried = _carried_finding(entry, [claims_by_id[c] for c in entry.claims])
                fingerprints[carried.id] = entry.fingerprint
                findings.append(carried)
        findings.sort(
            key=lambda f: (
                0 if f.kind is FindingKind.disagreement else 1,
                -f.severity.rank,
                f.quantity,
                f.id,
            )
        )

    for finding in report.findings:
        fingerprints[finding.id] = finding_fingerprint(finding, claims_by_id)
    current = set(fingerprints.values())

    # Baseline entries by the claims they involve, in the baseline's order.
    order = {fp: number for number, fp in enumerate(baseline.entries)}
    by_claim: dict[str, list[BaselineEntry]] | None = None

    # A known finding that new claims joined is still known: what is new is the claims
    # that joined it. Known entries are those still standing (same quotes) and no longer
    # a finding by themselves.
    def extended_by(finding: Finding) -> list[BaselineEntry]:
        nonlocal by_claim
        if by_claim is None:
            by_claim = {"": []}
            for entry in baseline.entries.values():
                for claim_id in entry.claims or [""]:
                    by_claim.setdefault(claim_id, []).append(entry)
        members = set(finding.claims)
        candidates = {e.fingerprint: e for c in ["", *members] for e in by_claim.get(c, [])}
        known = []
        for entry in sorted(candidates.values(), key=lambda e: order[e.fingerprint]):
            if entry.fingerprint in current or not set(entry.claims) < members:
                continue
            rule = RULES.get(entry.code)
            if rule is not None and rule.kind is not finding.kind:
                continue
            claims = [claims_by_id[c] for c in entry.claims]
            if quote_hash(claims) == entry.quote_hash:  # type: ignore[arg-type]
                known.append(entry)
        return known

    extensions: dict[str, list[BaselineEntry]] = {}
    for finding in findings:
        if fingerprints[finding.id] not in baseline.entries:
            known = extended_by(finding)
            if known:
                extensions[finding.id] = known
    extended = {e.fingerprint for known in extensions.values() for e in known}

    stale_baseline = [
        e
        for fp, e in baseline.entries.items()
        if fp not in current and fp not in extended and in_compared(e)
    ]
    stale_acks = [
        a
        for a in acks.entries.values()
        if (a.finding_id not in fingerprints and (compared is None or state is not None))
        or (
            a.finding_id in fingerprints
            and a.fingerprint is not None
            and a.fingerprint != fingerprints[a.finding_id]
        )
    ]

    # Claims some known finding already involves: a new finding is best shown at a claim
    # that is not one of them (the figure the pull request brought).
    known_claims = {c for entry in baseline.entries.values() for c in entry.claims}
    checked: list[CheckedFinding] = []
    kept: list[Finding] = []
    for finding in findings:
        involved = [claims_by_id[c] for c in finding.claims if c in claims_by_id]
        if changed is not None and not any(c.source in changed for c in involved):
            continue
        fingerprint = fingerprints[finding.id]
        ack = acks.entries.get(finding.id)
        if ack is not None and ack.fingerprint is not None and ack.fingerprint != fingerprint:
            ack = None
        known = extensions.get(finding.id, [])
        covered = {c for entry in known for c in entry.claims}
        added = [c for c in involved if c.id not in covered]
        if ack is not None:
            state_now = FindingState.acknowledged
        elif fingerprint in baseline.entries or (known and not added):
            state_now = FindingState.baselined
        else:
            state_now = FindingState.new
        if state_now is FindingState.new and known:
            fingerprint = _extension_fingerprint(
                finding.code, added, [entry.fingerprint for entry in known]
            )
            joined = ", ".join(entry.id for entry in known)
            finding = finding.model_copy(
                update={
                    "message": f"{_count(len(added), 'new claim')} "
                    f"({', '.join(c.id for c in added)}) joined known finding {joined}: "
                    f"{finding.message}"
                }
            )
        fails = (
            state_now is FindingState.new
            and options.fail_on.covers(finding)
            and finding.severity.rank >= options.fail_severity.rank
        )
        primary = (
            added[0].id
            if state_now is FindingState.new and known and added
            else _primary_claim(involved, changed, known_claims)
        )
        checked.append(
            CheckedFinding(
                finding,
                fingerprint,
                state_now,
                fails,
                ack,
                primary,
                extends=tuple(entry.id for entry in known) if state_now is FindingState.new else (),
                added_claims=tuple(c.id for c in added)
                if known and state_now is FindingState.new
                else (),
            )
        )
        kept.append(finding)

    root = repository_root(store_root) or Path.cwd()
    return CheckResult(
        report=report.model_copy(update={"findings": kept}),
        checked=checked,
        problems=problems,
        baseline_path=baseline_path,
        stale_baseline=stale_baseline,
        stale_acknowledgements=stale_acks,
        changed=changed,
        options=options,
        root=root,
        compared_events=report.compared_events,
        total_events=len(report.events),
    )
