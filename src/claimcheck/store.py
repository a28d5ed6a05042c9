"""The claim store: a directory of source documents and their claims, reviewed in git.

Layout (see ``docs/claim-format.md``)::

    claims/
      claimcheck.toml            the store's configuration
      <source-id>.md             one document: YAML front matter, then the body verbatim
      <source-id>.claims.yaml    the claims found in it, sorted by position
      .history/                  earlier versions of replaced documents
      .claimcheck-pending/       the files of a replacement being written, and its journal

Two promises shape this module. First, *nothing an editor wrote is lost*: claim files
are rewritten in ruamel.yaml round-trip mode, updating the loaded mappings in place so
hand-written comments survive, and re-extraction keeps every reviewed claim and every
note. Second, *a crash never leaves a half-written file, nor a half-replaced source*:
every write goes to a temporary file, is flushed and fsynced, and only then replaces the
target; a source's document, claims and history copy are replaced together, committed by
a journal that the next writer or reader finishes (:func:`replace_files`). Store files are
only ever regular files: a symbolic link among them is refused (:func:`refuse_link`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import math
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from io import StringIO
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import ValidationError
from rapidfuzz import fuzz
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
)
from ruamel.yaml.tokens import CommentToken

from claimcheck.cache import RACY_SECONDS, FileState, ParseCache, content_key, file_state
from claimcheck.errors import InputError, InputWarning
from claimcheck.model import (
    Claim,
    Event,
    EventDecision,
    ReviewEvent,
    ReviewStatus,
    Source,
    body_sha256,
    require_safe_source_id,
)
from claimcheck.sources import (
    FRONT_MATTER_FIELDS,
    Document,
    bad_timestamp,
    decode_text,
    front_matter_parts,
    front_matter_value,
    load_front_matter,
    opening_fence,
    read_document,
    source_from_mapping,
    split_front_matter,
    toml_key_lines,
)

T = TypeVar("T")

__all__ = [
    "CLAIMS_SUFFIX",
    "DOCUMENT_SUFFIX",
    "HISTORY_DIR",
    "ClaimSchemaError",
    "ClaimsFile",
    "MergeResult",
    "Store",
    "claim_sort_key",
    "is_reviewed",
    "load_claims_file",
    "parse_claim",
    "read_store_bytes",
    "refuse_link",
    "render_claims",
    "render_document",
    "replace_files",
    "store_lock",
    "write_bytes_atomic",
    "write_text_atomic",
]

#: File name suffix of a source document in the store.
DOCUMENT_SUFFIX = ".md"
#: File name suffix of a source's claims file.
CLAIMS_SUFFIX = ".claims.yaml"
#: Folder (inside the store) keeping replaced documents.
HISTORY_DIR = ".history"
#: Lock file (inside the store) held by every command while it reads, changes and writes
#: store files, so that two concurrent writers never lose each other's update.
LOCK_FILE = ".claimcheck.lock"
#: Seconds a writer waits for another one before giving up with a clear error;
#: ``CLAIMCHECK_LOCK_TIMEOUT`` overrides it (a CI job may rather fail fast).
LOCK_TIMEOUT = 30.0

#: Markdown files in the store directory that are notes for people, not sources.
NOT_SOURCES = frozenset({"readme.md"})

#: Lowest rapidfuzz ratio at which a slightly edited evidence sentence is the same claim.
REMATCH_SIMILARITY = 90.0

#: Claim fields an editor's "set" event can never pin: identity and the review itself.
_UNPINNABLE = frozenset({"id", "source", "review"})

_CLAIMS_HEADER = (
    "Claims found in {id}.md by claimcheck; one mapping per figure, sorted by position.\n"
    "Offsets index the document body (the text after its front matter).\n"
    "Review with `claimcheck review` or by hand: comments written inside a claim\n"
    "(or on the lines just above it) are kept when claimcheck rewrites this file."
)


# --------------------------------------------------------------------------- atomic writes


@contextlib.contextmanager
def store_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's write lock: one read-modify-write at a time, across processes.

    Atomic renames keep every file whole, but two commands that read the same claims
    file, change different claims and write it back would each drop the other's change.
    Every writer (extract, review, claim, ack, baseline) therefore reads and writes under
    this lock. The lock is advisory (``filelock``: ``fcntl`` on POSIX, ``msvcrt`` on
    Windows), re-entrant within a process, and released by the OS if the process dies.
    """
    if timeout is None:
        try:
            timeout = float(os.environ.get("CLAIMCHECK_LOCK_TIMEOUT", LOCK_TIMEOUT))
        except ValueError:
            raise InputError(None, "CLAIMCHECK_LOCK_TIMEOUT must be a number of seconds") from None
    # One lock object per path in the process, so that a writer calling another writer
    # re-enters its own lock instead of waiting for itself.
    lock = FileLock(Path(root) / LOCK_FILE, timeout=timeout, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            Path(root) / LOCK_FILE,
            f"another claimcheck command has been writing this store for {timeout:g} s; "
            "nothing was changed, try again when it has finished",
        ) from None
    try:
        if lock.lock_counter == 1:
            # First of all, finish (or discard) what a writer killed meanwhile left.
            finish_interrupted(Path(root))
        yield
    finally:
        lock.release()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half.

    The bytes go to a temporary file in the same directory (``os.replace`` is only atomic
    within one file system), are flushed and fsynced, and then the temporary file is renamed
    over the target. On any failure, including KeyboardInterrupt, the temporary file is
    removed and the target is untouched. The directory is fsynced afterwards so the rename
    itself survives a power cut.
    """
    path = Path(path)
    # A hidden name: listings skip it while it exists.
    tmp = _stage(path.parent, path, data, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(path.parent)


#: Folder (inside the store) where the files of a replacement of several files are
#: staged, beside the journal that commits them (see :func:`replace_files`).
PENDING_DIR = ".claimcheck-pending"
#: The journal of a replacement: which staged file becomes which store file.
JOURNAL_FILE = "journal.json"
_JOURNAL_FORMAT = "claimcheck-replacement/1"

#: Why a link among the store's files is refused, whether it points in or out.
_LINK_REFUSED = (
    "a symbolic link (to {target}); a store holds only regular files, so that what a "
    "review sees in a diff is what claimcheck reads: replace the link with the file"
)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def refuse_link(path: Path) -> None:
    """:class:`InputError` when ``path`` (a file or folder of a store) is a symbolic link.

    A link would let a store show, in reports and the HTML page, any file the reader can
    read (``secret.md -> ~/.ssh/id_rsa``), and let a write land wherever it points; and
    even a link inside the store hides from a pull request's diff what the document says.
    The store directory itself may be a link: only what is in it is checked.
    """
    if path.is_symlink():
        raise InputError(path, _LINK_REFUSED.format(target=_link_target(path)))


def read_store_bytes(path: Path) -> bytes:
    """The bytes of a store file, never read through a symbolic link.

    Opened with ``O_NOFOLLOW`` where the system has it, so a link swapped in after the
    check is refused too; :class:`InputError` names the file for a link and for any
    refusal of the system.
    """
    refuse_link(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise InputError(path, _LINK_REFUSED.format(target=_link_target(path))) from None
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _writable_target(root: Path, target: Path) -> None:
    """Refuse a write that a link would carry elsewhere: the target itself, or the folder
    it is in when that is not the store's top level (``.history``)."""
    if target.parent != root:
        refuse_link(target.parent)
    refuse_link(target)


def replace_files(root: Path, writes: list[tuple[Path, bytes]]) -> None:
    """Replace files of the store at ``root`` as one step: stopped at any instant (a kill,
    a power cut), the store has every file as it was or every file as given.

    One file is one atomic rename (:func:`write_bytes_atomic`). Several (a document, its
    claims, the copy of the old document kept in ``.history``) are first written whole
    to ``PENDING_DIR`` and fsynced; then the journal naming them is written atomically:
    that write is the instant the replacement happens. The staged files are then renamed
    into place and the journal removed. A writer that dies before the journal leaves
    staged files that are discarded; one that dies after it leaves a replacement that
    the next writer (or the next opening of the store) finishes from the journal
    (:func:`finish_interrupted`). Ctrl-C after the journal finishes the renames first.

    The caller holds the store's lock. Targets must be in ``root`` or ``root/.history``;
    none may be a symbolic link.
    """
    root = Path(root)
    if not writes:
        return
    for target, _data in writes:
        _writable_target(root, target)
    if len(writes) == 1:
        write_bytes_atomic(*writes[0])
        return
    pending = root / PENDING_DIR
    refuse_link(pending)
    if not pending.is_dir():
        pending.mkdir()
        _fsync_directory(root)  # the folder must outlast a power cut before its journal
    journal = pending / JOURNAL_FILE
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in writes:
            staged.append((_stage(pending, target, data), target))
        _fsync_directory(pending)
        record = {
            "format": _JOURNAL_FORMAT,
            "replace": [
                {"staged": path.name, "target": target.relative_to(root).as_posix()}
                for path, target in staged
            ],
        }
        write_bytes_atomic(journal, json.dumps(record, indent=1).encode("utf-8"))
    except BaseException:
        if not journal.is_file():  # not committed: the old files stand, drop the new
            for path, _target in staged:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        _apply_journal(root)  # committed just before the interruption: finish
        raise
    try:
        _apply_journal(root)
    except (KeyboardInterrupt, SystemExit):
        # Committed: finish the renames before stopping, unless the interruption came
        # after the journal was already dropped (the replacement is then complete).
        if interrupted_replacement(root) is not None:
            _apply_journal(root)
        raise


def _stage(
    folder: Path, target: Path, data: bytes, prefix: str | None = None, suffix: str = ".new"
) -> Path:
    """``data`` in a new file of ``folder``, flushed and fsynced, with the mode of the
    file it will replace; its path."""
    fd, staged = tempfile.mkstemp(
        prefix=f"{target.name}." if prefix is None else prefix, suffix=suffix, dir=folder
    )
    path = Path(staged)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(path, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def _read_journal(root: Path) -> list[tuple[Path, Path]]:
    """(staged file, target) pairs of the journal; :class:`InputError` when it is not one
    claimcheck wrote (a journal may only move staged files onto the store's own files)."""
    journal = root / PENDING_DIR / JOURNAL_FILE

    def refused(why: str) -> InputError:
        return InputError(
            journal,
            f"not a journal claimcheck wrote ({why}); nothing was changed: move it away "
            "to use the store",
        )

    try:
        record = json.loads(read_store_bytes(journal).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refused(str(exc)) from None
    if not isinstance(record, dict) or record.get("format") != _JOURNAL_FORMAT:
        raise refused("unknown format")
    entries = record.get("replace")
    if not isinstance(entries, list):
        raise refused("no list of files")
    pairs = []
    for entry in entries:
        staged = entry.get("staged") if isinstance(entry, dict) else None
        target = entry.get("target") if isinstance(entry, dict) else None
        if not isinstance(staged, str) or not isinstance(target, str):
            raise refused("an entry without 'staged' and 'target'")
        parts = target.split("/")
        if (
            "/" in staged
            or "\\" in staged + target
            or staged.startswith(".")
            or len(parts) > 2
            or (len(parts) == 2 and parts[0] != HISTORY_DIR)
            or not parts[-1]
            or parts[-1].startswith(".")
        ):
            raise refused(f"a file outside the store: {target!r}")
        pairs.append((root / PENDING_DIR / staged, root.joinpath(*parts)))
    return pairs


def _apply_journal(root: Path) -> None:
    """Rename each staged file the journal names onto its target, then drop the journal.

    Idempotent, so a run stopped halfway is simply run again: a staged file already
    renamed is no longer there to rename.
    """
    pending = root / PENDING_DIR
    folders = {pending}
    for staged, target in _read_journal(root):
        if os.path.lexists(staged):
            _writable_target(root, target)
            os.replace(staged, target)
            folders.add(target.parent)
    for folder in folders:
        _fsync_directory(folder)
    (pending / JOURNAL_FILE).unlink()
    _fsync_directory(pending)


def interrupted_replacement(root: Path) -> Path | None:
    """The journal of a replacement a writer committed but did not finish, if any."""
    journal = Path(root) / PENDING_DIR / JOURNAL_FILE
    return journal if os.path.lexists(journal) else None


def finish_interrupted(root: Path) -> None:
    """Finish a replacement whose journal a killed writer left, and discard the files a
    writer staged but never committed. Run with the store's lock held (the lock runs it
    on every first acquisition), so no live writer's files are touched."""
    pending = Path(root) / PENDING_DIR
    if not os.path.lexists(pending):
        return
    refuse_link(pending)
    if interrupted_replacement(root) is not None:
        _apply_journal(Path(root))
    for leftover in pending.iterdir():
        with contextlib.suppress(OSError):
            leftover.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    """:func:`write_bytes_atomic` for UTF-8 text, written without newline translation.

    Offsets index the body character by character, so ``\\r\\n`` must stay ``\\r\\n``.
    """
    write_bytes_atomic(path, text.encode("utf-8"))


def _fsync_directory(folder: Path) -> None:
    """Make a rename durable; silently skipped where directories cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- YAML helpers


#: Source ids whose files would be the store's own (its README.md is not a document).
RESERVED_IDS = frozenset({"readme"})

#: The store's record of events (see :meth:`Store.write_events`).
EVENTS_FILE = "events.yaml"
EVENTS_HEADER = (
    "# Which sources report the same real-world event. 'events' is rewritten each time\n"
    "# the store is grouped; 'decisions' are editors' merges and splits (claimcheck\n"
    "# event merge|split), applied on top of the grouping every time, never rewritten.\n"
)


def _yaml() -> YAML:
    """A round-trip YAML with the store's one style, so rewrites produce small diffs.

    A wide line limit keeps each quote on one line (a folded quote makes every edit a
    two-line diff); sequences are indented under their key as most editors expect.
    """
    yaml = YAML(typ="rt")
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    # Equal dates (low == high == point) would otherwise become &id001 anchors and
    # *id001 aliases, which reviewers cannot read or edit safely.
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def _yaml_line(exc: MarkedYAMLError, first_line: int = 1) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + first_line if mark is not None else None


def _plain(node: Any) -> Any:
    """Round-trip YAML nodes -> plain Python, so pydantic sees ordinary types."""
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime):
        return dt.datetime(
            node.year,
            node.month,
            node.day,
            node.hour,
            node.minute,
            node.second,
            node.microsecond,
            tzinfo=node.tzinfo,
        )
    return node


#: Characters a plain or single-quoted YAML scalar cannot carry unchanged.
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _readable(value: Any) -> Any:
    """A model_dump value -> what reads well in YAML, or ``None`` to leave the key out.

    Integral floats are written as integers (``49`` rather than ``49.0``), enums as their
    text, spans as flow lists ``[12, 40]``, dates as ISO dates and times in UTC. Empty
    values are omitted: they load back as the model's defaults.
    """
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and _NEEDS_ESCAPES.search(value):
        # YAML reads U+0085, U+2028 and U+2029 as line breaks and refuses most control
        # characters written raw: only double quotes, with escapes, read back the same.
        return DoubleQuotedScalarString(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    if isinstance(value, tuple):
        seq = CommentedSeq([_readable(item) for item in value])
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, list):
        items = [_readable(item) for item in value]
        return items or None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            readable = _readable(item)
            if readable is not None:
                out[key] = readable
        return out or None
    return value


def claim_to_plain(claim: Claim) -> dict[str, Any]:
    """The mapping written for a claim: field order as in the model, empty fields left out."""
    data = _readable(claim.model_dump(mode="python"))
    assert isinstance(data, dict)
    return data


def _to_node(value: Any) -> Any:
    """A readable value -> round-trip node (mappings become block CommentedMaps)."""
    if isinstance(value, CommentedSeq):
        return value
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _to_node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq([_to_node(item) for item in value])
    return value


def _same_scalar(old: Any, new: Any) -> bool:
    """Equal and of a compatible type, so an editor's spelling (``49.0``) is kept."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, dt.datetime) != isinstance(new, dt.datetime):
        return False
    if isinstance(old, dt.date) != isinstance(new, dt.date):
        return False
    if isinstance(old, str) != isinstance(new, str):
        return False
    try:
        return bool(old == new)
    except TypeError:
        return False


def _update_map(old: CommentedMap, new: dict[str, Any]) -> None:
    """Make ``old`` equal ``new`` while keeping key order, comments and scalar styles.

    New keys are inserted after the nearest preceding key that ``new`` also has, so a
    field that appears lands where it would in a fresh file. A removed key hands its
    end-of-line comment to the key before it.
    """
    order = list(new)
    for index, key in enumerate(order):
        value = new[key]
        if key in old:
            current = old[key]
            if isinstance(value, dict) and isinstance(current, CommentedMap):
                _update_map(current, value)
            elif isinstance(value, CommentedSeq) and isinstance(current, CommentedSeq):
                _update_seq(current, value, flow=True)
            elif isinstance(value, list) and isinstance(current, CommentedSeq):
                _update_seq(current, value, flow=False)
            elif isinstance(value, str) and current == "" and value:
                # '' is quoted because it is empty, not by an editor's choice: ruamel would
                # carry those quotes over to the new text ('crowd').
                old[key] = PlainScalarString(value)
            elif isinstance(value, dict | list) or not _same_scalar(current, value):
                old[key] = _to_node(value)
        else:
            position = 0
            keys = list(old)
            for previous in reversed(order[:index]):
                if previous in old:
                    position = keys.index(previous) + 1
                    break
            old.insert(position, key, _to_node(value))
    for key in [key for key in old if key not in new]:
        keys = list(old)
        at = keys.index(key)
        comment = old.ca.items.pop(key, None)
        if comment and at > 0 and comment[2] is not None:
            slot = old.ca.items.setdefault(keys[at - 1], [None, None, None, None])
            if slot[2] is None:
                slot[2] = comment[2]
        del old[key]


def _update_seq(old: CommentedSeq, new: list[Any], flow: bool) -> None:
    """Element-wise update, so comments on kept items (review history) stay attached."""
    for index, value in enumerate(new):
        if index < len(old):
            current = old[index]
            if isinstance(value, dict) and isinstance(current, CommentedMap):
                _update_map(current, value)
            elif isinstance(value, list) and isinstance(current, CommentedSeq):
                _update_seq(current, value, flow=isinstance(value, CommentedSeq))
            elif isinstance(value, dict | list) or not _same_scalar(current, value):
                old[index] = _to_node(value)
        else:
            old.append(_to_node(value))
    del old[len(new) :]
    if flow:
        old.fa.set_flow_style()


# ------------------------------------------------------------------ comments between claims


def _comment_tokens(node: Any) -> Iterator[tuple[list[Any], int]]:
    """Every (holder list, index) that holds a CommentToken anywhere under ``node``."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    ca = node.ca
    for slot in list(ca.items.values()):
        yield from _slot_tokens(slot)
    if ca.comment:
        yield from _slot_tokens(ca.comment)
    if ca.end:
        yield from _slot_tokens([ca.end])
    children = node.values() if isinstance(node, CommentedMap) else node
    for child in children:
        yield from _comment_tokens(child)


def _slot_tokens(slot: list[Any]) -> Iterator[tuple[list[Any], int]]:
    for index, entry in enumerate(slot):
        if isinstance(entry, CommentToken):
            yield slot, index
        elif isinstance(entry, list):
            for inner, token in enumerate(entry):
                if isinstance(token, CommentToken):
                    yield entry, inner


def _split_outer(token: CommentToken, item_column: int) -> list[str]:
    """Cut from a comment token the lines that sit left of the claim's own keys.

    ruamel attaches a comment written between two list items to the deepest last key of
    the item above. A line indented less than the item's keys belongs to the item below
    (or the file's end); it is removed from ``token`` and returned.
    """
    lines = token.value.split("\n")
    # The first line is the rest of the line the token starts on (an end-of-line comment,
    # or empty); only the following, full lines can sit left of the claim.
    for number, line in enumerate(lines):
        if number == 0:
            continue
        stripped = line.lstrip(" ")
        if stripped.startswith("#") and len(line) - len(stripped) < item_column:
            kept, moved = lines[:number], lines[number:]
            token.value = "\n".join(kept) + "\n" if kept else "\n"
            return [line.strip() for line in moved if line.strip()]
    return []


def _token_lines(tokens: list[Any]) -> list[str]:
    """The comment lines of full-line comment tokens, stripped of indentation."""
    lines = []
    for token in tokens:
        if isinstance(token, CommentToken):
            lines.extend(line.strip() for line in token.value.split("\n") if line.strip())
    return lines


def _pre_comment(lines: list[str], indent: int) -> list[CommentToken]:
    """Full-line comments printed before a list item (the emitter adds the indentation)."""
    return [CommentToken(line + "\n", CommentMark(indent), None) for line in lines]


def _post_comment(lines: list[str], indent: int) -> CommentToken:
    """Comment lines printed after a value (the indentation is part of the text)."""
    text = "".join(" " * indent + line + "\n" for line in lines)
    return CommentToken("\n" + text, CommentMark(0), None)


def _tail_slot(node: Any) -> tuple[Any, Any] | None:
    """The (container, key) whose trailing comment is printed right after ``node`` ends."""
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node)[-1]
            child = node[key]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
            child = node[key]
        else:
            return None
        if isinstance(child, CommentedMap | CommentedSeq) and len(child):
            if isinstance(child, CommentedSeq) and child.fa.flow_style():
                return node, key
            node = child
            continue
        return node, key


# --------------------------------------------------------------------------- claims files


@dataclass
class ClaimsFile:
    """A claims file as loaded: the round-trip tree (for rewriting) and where things are."""

    path: Path
    # The whole document; ``None`` when the file is empty.
    root: CommentedMap | None
    # The ``source:`` header, if present.
    source: Any
    # The ``claims:`` list (empty when absent).
    items: CommentedSeq

    def item_line(self, index: int) -> int | None:
        """1-based line of the ``index``-th claim."""
        try:
            return self.items.lc.item(index)[0] + 1
        except (AttributeError, KeyError, IndexError, TypeError):
            return None

    def field_line(self, index: int, loc: Iterable[Any]) -> int | None:
        """1-based line of the field at ``loc`` (a pydantic error location) in a claim.

        Walks as deep as the location exists in the file; a missing field reports the
        line of the mapping that should have held it.
        """
        line = self.item_line(index)
        node: Any = self.items[index] if index < len(self.items) else None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                with contextlib.suppress(AttributeError, KeyError, TypeError):
                    line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                with contextlib.suppress(AttributeError, KeyError, TypeError, IndexError):
                    line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line

    def header_line(self, key: str) -> int | None:
        """1-based line of a top-level key."""
        if self.root is None or key not in self.root:
            return None
        try:
            return self.root.lc.key(key)[0] + 1
        except (AttributeError, KeyError, TypeError):
            return None


class ClaimSchemaError(InputError):
    """A claim that does not fit :class:`~claimcheck.model.Claim`, with where and why.

    ``code`` is the validator's problem code: ``unknown-field``, ``missing-field``,
    ``bad-value`` or ``not-a-mapping``.
    """

    def __init__(self, path: Path, message: str, line: int | None, code: str) -> None:
        super().__init__(path, message, line)
        self.code = code


def load_claims_file(path: Path) -> ClaimsFile:
    """Read a claims file's YAML; :class:`InputError` (file + line) when it is unusable
    (a symbolic link included, see :func:`refuse_link`)."""
    return parse_claims_text(path, decode_text(read_store_bytes(path), path))


def refuse_aliases(path: Path, text: str) -> None:
    """An :class:`InputError` when a store file uses YAML anchors or aliases.

    claimcheck never writes them (equal values are written out), and a hostile file
    can make a few lines of aliases stand for billions of values ("billion laughs"),
    which every reader of the store would then walk. Only the parser's events are read,
    and only when the text has an alias character at all.
    """
    if "*" not in text and "&" not in text:
        return
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else None
                raise InputError(
                    path, "YAML anchors and aliases are not allowed in store files", line
                )
    except yaml.YAMLError:
        return  # malformed: the round-trip reading says what and where


def load_yaml_tree(path: Path, text: str, yaml: YAML | None = None) -> Any:
    """``text`` of the store file ``path`` as a round-trip tree, or an :class:`InputError`
    naming the file and line: malformed YAML, anchors and aliases, or nesting deeper
    than the parser can follow."""
    refuse_aliases(path, text)
    try:
        return (yaml or _yaml()).load(text)
    except MarkedYAMLError as exc:
        raise InputError(path, f"malformed YAML: {exc.problem or exc}", _yaml_line(exc)) from exc
    except YAMLError as exc:
        raise InputError(path, f"malformed YAML: {exc}") from exc
    except RecursionError as exc:
        raise InputError(path, "malformed YAML: nested too deeply") from exc
    except (ValueError, OverflowError) as exc:  # a timestamp that is no calendar date
        bad = bad_timestamp(text)
        if bad is None:
            raise InputError(path, f"malformed YAML: {exc}") from exc
        raise InputError(
            path, f"malformed YAML: {bad[0]!r} is not a calendar date ({exc})", bad[1]
        ) from exc
    except TypeError as exc:  # a mapping or a list used as a key
        raise InputError(path, f"malformed YAML: {exc}") from exc


def parse_claims_text(path: Path, text: str) -> ClaimsFile:
    """:func:`load_claims_file` for text already read; ``path`` is used in messages."""
    root = load_yaml_tree(path, text)
    if root is None:
        return ClaimsFile(path, None, None, CommentedSeq())
    if not isinstance(root, CommentedMap):
        raise InputError(path, "a claims file must be a mapping with 'source' and 'claims'", 1)
    loaded = ClaimsFile(path, root, root.get("source"), CommentedSeq())
    for key in root:
        if key not in ("source", "claims"):
            raise InputError(
                path,
                f"unknown top-level field {key!r}: a claims file has only 'source' and 'claims'",
                loaded.header_line(str(key)),
            )
    items = root.get("claims")
    if items is None:
        return loaded
    if not isinstance(items, CommentedSeq):
        raise InputError(
            path, "'claims' must be a list of claim mappings", loaded.header_line("claims")
        )
    loaded.items = items
    return loaded


def schema_errors(
    claims_file: ClaimsFile, index: int
) -> tuple[Claim | None, list[ClaimSchemaError]]:
    """The claim at ``index``, or every reason it does not fit the model (with lines)."""
    item = claims_file.items[index]
    path = claims_file.path
    if not isinstance(item, CommentedMap):
        error = ClaimSchemaError(
            path,
            "a claim must be a mapping of fields",
            claims_file.item_line(index),
            "not-a-mapping",
        )
        return None, [error]
    try:
        return Claim.model_validate(_plain(item)), []
    except ValidationError as exc:
        errors = []
        claim_id = item.get("id")
        label = f"claim {claim_id}" if isinstance(claim_id, str) else f"claim #{index + 1}"
        for error in exc.errors():
            loc = [part for part in error["loc"] if isinstance(part, str | int)]
            where = ".".join(str(part) for part in loc)
            kind = error["type"]
            if kind == "extra_forbidden":
                code, message = "unknown-field", f"{label}: unknown field {where!r}"
            elif kind == "missing":
                code, message = "missing-field", f"{label}: missing field {where!r}"
            else:
                code = "bad-value"
                message = f"{label}: {where or 'claim'}: {error['msg']}"
            errors.append(ClaimSchemaError(path, message, claims_file.field_line(index, loc), code))
        return None, errors


def parse_claim(claims_file: ClaimsFile, index: int) -> Claim:
    """The claim at ``index``; :class:`ClaimSchemaError` naming the first bad field."""
    claim, errors = schema_errors(claims_file, index)
    if errors:
        raise errors[0]
    assert claim is not None
    return claim


# --------------------------------------------------------------------- fast reading

#: YAML 1.2 core schema, as ruamel.yaml's round-trip loader reads it: only true/false
#: are booleans, 010 is ten, 1:20 is text. PyYAML's own resolvers are YAML 1.1's.
_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
)


def _core_int(text: str) -> int:
    """An integer of the YAML 1.2 core schema (``010`` is ten, ``0o10`` eight)."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


# ------------------------------------------------ the layout claimcheck writes, read directly

#: A line of a block mapping (``key: value``, ``key:``) or of a block sequence (``- ...``).
_LINE = re.compile(r"( *)(- )?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?|(.*))")
#: Text the reader takes as it is: no tab, no carriage return, no character YAML refuses
#: or reads as a line break (NEL, U+2028, U+2029), no byte order mark.
_UNREADABLE = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
#: The escapes of double-quoted YAML (a backslash before a tab is refused above).
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
#: Characters a plain scalar may not begin with, and what it may not hold.
_NOT_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_PLAIN = re.compile(r": |:$| #|\t")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


class _NotPlain(Exception):
    """The text is not in the plain layout this reader takes: the C loader reads it."""


@functools.cache
def _plain_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _CORE_RESOLVERS:
        for char in first:
            by_first.setdefault(char, []).append((tag, re.compile(pattern)))
    return by_first


#: Plain scalars read before (keys, statuses, small numbers recur on every claim); the
#: values are immutable, so one object serves every occurrence.
_PLAIN_SEEN: dict[str, Any] = {}


def _plain_scalar(text: str) -> Any:
    """A plain scalar as the C loader (YAML 1.2 core schema) constructs it."""
    try:
        return _PLAIN_SEEN[text]
    except KeyError:
        pass
    value = _resolve_plain(text)
    if len(text) <= 40 and len(_PLAIN_SEEN) < 20_000:
        _PLAIN_SEEN[text] = value
    return value


def _resolve_plain(text: str) -> Any:
    if not text:
        return None
    if text[0] in _NOT_PLAIN_FIRST and not (text[0] in "-?:" and text[1:2] not in ("", " ")):
        raise _NotPlain  # an indicator; "-", "?" and ":" begin text when text follows
    if text[-1] == " " or _NOT_PLAIN.search(text):
        raise _NotPlain
    for tag, pattern in _plain_resolvers().get(text[0], ()):
        if pattern.match(text) is None:
            continue
        kind = tag.rsplit(":", 1)[1]
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            return _core_int(text)
        if kind == "float":
            lowered = text.lower()
            if lowered.lstrip("+-") == ".inf":
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(text)
        if kind == "null":
            return None
        if kind == "timestamp":
            date = _DATE.fullmatch(text)
            if date is None:
                raise _NotPlain  # a time of day: the C loader's reading
            try:
                return dt.date(*map(int, date.groups()))
            except ValueError:
                raise _NotPlain from None
        raise _NotPlain  # "<<"
    return text


def _scalar(text: str) -> Any:
    """The value after ``key: `` or ``- `` on one line."""
    first = text[:1]
    if first == " ":
        raise _NotPlain  # "id:  x": more than one space before the value
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _NotPlain
        return quoted.group(1).replace("''", "'")
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _NotPlain
        return _ESCAPE.sub(_unescape, quoted.group(1))
    if first == "[":
        if text[-1] != "]" or any(c in text[1:-1] for c in "[]{}'\"#"):
            raise _NotPlain
        inner = text[1:-1]
        if not inner.strip():
            if inner:
                raise _NotPlain
            return []
        items = [item.strip() for item in inner.split(",")]
        if not all(items) or any(": " in item or item.endswith(":") for item in items):
            raise _NotPlain
        return [_plain_scalar(item) for item in items]
    if text == "{}":
        return {}
    return _plain_scalar(text)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _ESCAPES:
        return _ESCAPES[code]
    if len(code) > 1:
        point = int(code[1:], 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            raise _NotPlain  # no character: the C loader says so
        return chr(point)
    raise _NotPlain


def _read_plain_layout(text: str) -> Any:
    """The YAML document ``text`` for the block layout claimcheck writes (mappings and
    sequences by indentation, one scalar a line, comments on lines of their own), exactly
    as the C loader would construct it, several times faster; raises :class:`_NotPlain`
    for anything else (anchors, tags, flow mappings, scalars over several lines, ...)."""
    if _UNREADABLE.search(text):
        raise _NotPlain
    lines: list[tuple[int, bool, str | None, str | None]] = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        match = _LINE.fullmatch(line)
        if match is None:  # pragma: no cover - the pattern takes any line
            raise _NotPlain
        spaces, dash, key, value, rest = match.groups()
        if key is None:
            if not dash or not rest:
                raise _NotPlain  # a scalar alone, or an empty item
            lines.append((len(spaces), True, None, rest))
        else:
            lines.append((len(spaces), bool(dash), key, value))
    if not lines:
        return None
    if lines[0][0] != 0 or lines[0][1]:
        raise _NotPlain
    root, end = _plain_mapping(lines, 0, 0)
    if end != len(lines):
        raise _NotPlain
    return root


def _plain_mapping(
    lines: list[tuple[int, bool, str | None, str | None]], start: int, indent: int
) -> tuple[dict[Any, Any], int]:
    mapping: dict[Any, Any] = {}
    i = start
    count = len(lines)
    seen = _PLAIN_SEEN
    while i < count:
        spaces, dash, key, value = lines[i]
        if spaces < indent:
            break
        if spaces > indent or dash or key is None:
            raise _NotPlain
        name = seen[key] if key in seen else _plain_scalar(key)
        if not isinstance(name, str) or name in mapping:
            raise _NotPlain  # a key read as another type, or twice (the loader refuses)
        i += 1
        following = lines[i][0] if i < count else -1
        if value is None:
            if following > indent:
                if lines[i][1]:
                    mapping[name], i = _plain_sequence(lines, i, following)
                else:
                    mapping[name], i = _plain_mapping(lines, i, following)
            else:
                mapping[name] = None
        else:
            if following > indent:
                raise _NotPlain  # the scalar goes on over the next lines
            mapping[name] = seen[value] if value in seen else _scalar(value)
    return mapping, i


def _plain_sequence(
    lines: list[tuple[int, bool, str | None, str | None]], start: int, indent: int
) -> tuple[list[Any], int]:
    items: list[Any] = []
    i = start
    while i < len(lines) and lines[i][0] == indent and lines[i][1]:
        _spaces, _dash, key, value = lines[i]
        if key is None:
            assert value is not None
            items.append(_scalar(value))
            i += 1
            if i < len(lines) and lines[i][0] > indent:
                raise _NotPlain
            continue
        # "- key: value": a mapping whose keys stand two columns further in.
        lines[i] = (indent + 2, False, key, value)
        item, i = _plain_mapping(lines, i, indent + 2)
        items.append(item)
    if i < len(lines) and lines[i][0] > indent:
        raise _NotPlain
    return items, i


@functools.cache
def _fast_loader() -> Any:
    """PyYAML's C (libyaml) safe loader, reading the YAML 1.2 core schema.

    A duplicate key raises, as in ruamel.yaml, so the caller falls back to the round-trip
    parse and reports it with its line.
    """
    import re

    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                raise yaml.constructor.ConstructorError(None, None, "duplicate key", None)
            return super().construct_mapping(node, deep=deep)

    def construct_int(loader: Any, node: Any) -> int:
        return _core_int(loader.construct_scalar(node))

    for tag, pattern, first in _CORE_RESOLVERS:
        Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
    return Loader


@dataclass(frozen=True)
class StoredClaims:
    """A claims file read for its claims, not for rewriting: every claim valid."""

    # False for an empty file (no YAML document at all).
    present: bool
    # The ``source:`` header as written (None when absent).
    source: Any
    claims: tuple[Claim, ...]


#: Where a YAML anchor (``&name``) or alias (``*name``) may begin: a node's properties
#: come first in it, so after the start of the text, a space or line break, or a flow
#: indicator, and a name follows at once. An ``&`` inside text ("AT&T", "Fox & Friends")
#: is none; a bare ``&`` or ``*`` is a YAML error the C loader raises.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\]{},:?\-\ufeff])[&*][^\s]")


def may_hold_anchors(text: str) -> bool:
    """False when ``text`` certainly has no YAML anchor or alias (so the C loader can
    read it: it would resolve aliases instead of refusing them)."""
    return ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text) is not None


def _fast_claims(text: str) -> StoredClaims | None:
    """The claims of a file through the C loader; None when anything is not clean.

    None sends the caller to the round-trip parse, which names the file and line of
    whatever is wrong (or reads what the fast loader could not).
    """
    import yaml

    if may_hold_anchors(text):
        return None  # the round-trip reading refuses anchors and aliases, with the line
    try:
        root = _read_plain_layout(text)
    except _NotPlain:
        try:
            root = yaml.load(text, Loader=_fast_loader())
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            return None
    if root is None:
        return StoredClaims(False, None, ())
    if not isinstance(root, dict) or set(root) - {"source", "claims"}:
        return None
    items = root.get("claims")
    if items is None:
        return StoredClaims(True, root.get("source"), ())
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    try:
        claims = tuple(Claim.model_validate(item) for item in items)
    except (ValidationError, TypeError, ValueError):
        return None
    return StoredClaims(True, root.get("source"), claims)


def _claims_from_round_trip(path: Path, text: str) -> StoredClaims:
    """The slow, precise reading: InputError (a ClaimSchemaError for a bad claim) with lines."""
    claims_file = parse_claims_text(path, text)
    claims = tuple(parse_claim(claims_file, index) for index in range(len(claims_file.items)))
    return StoredClaims(claims_file.root is not None, _plain(claims_file.source), claims)


_CLAIM_LIST: Any = None


def _claims_to_cache(stored: StoredClaims) -> bytes | None:
    try:
        header = json.dumps([stored.present, stored.source])
    except (TypeError, ValueError):
        return None
    claims = ",".join(claim.model_dump_json() for claim in stored.claims)
    return f"{header}\n[{claims}]".encode()


def _claims_from_cache(data: bytes) -> StoredClaims:
    global _CLAIM_LIST
    if _CLAIM_LIST is None:
        from pydantic import TypeAdapter

        _CLAIM_LIST = TypeAdapter(list[Claim])
    header, _, claims = data.partition(b"\n")
    present, source = json.loads(header)
    return StoredClaims(bool(present), source, tuple(_CLAIM_LIST.validate_json(claims)))


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """What a check needs of a claim it does not compare: its id, source, whether its
    figure is a date, and its event. Made from :class:`ClaimIds` without building the
    claim."""

    id: str
    source: str
    is_date: bool
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimIds:
    """The claims of a claims file as ids, in file order, with what a check needs of
    each without building it: its source, whether it is live (neither rejected nor
    vanished) and whether its figure is a date."""

    ids: tuple[str, ...]
    sources: tuple[str, ...]
    # One character per claim: "1" live, "0" rejected or vanished.
    live: str
    # One character per claim: "1" a date, "0" another figure.
    dates: str

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> ClaimIds:
        """The ids of ``claims``, in their order."""
        claims = list(claims)
        dead = (ReviewStatus.rejected, ReviewStatus.vanished)
        return cls(
            tuple(c.id for c in claims),
            tuple(c.source for c in claims),
            "".join("0" if c.review.status in dead else "1" for c in claims),
            "".join("1" if c.value.kind == "date" else "0" for c in claims),
        )

    def to_cache(self) -> bytes:
        """As stored in the cache (the source once when every claim names the same)."""
        same = len(set(self.sources)) == 1
        sources: Any = self.sources[0] if same else list(self.sources)
        return json.dumps([list(self.ids), sources, self.live, self.dates]).encode()

    @classmethod
    def from_cache(cls, data: bytes) -> ClaimIds:
        """What :meth:`to_cache` wrote."""
        ids, sources, live, dates = json.loads(data)
        ids = tuple(ids)
        sources = (sources,) * len(ids) if isinstance(sources, str) else tuple(sources)
        if not len(ids) == len(sources) == len(live) == len(dates):
            raise ValueError("claim ids cached out of shape")
        return cls(ids, sources, live, dates)

    def ref(self, index: int, event_id: str | None = None) -> ClaimRef:
        """The reference of the claim at ``index``."""
        return ClaimRef(self.ids[index], self.sources[index], self.dates[index] == "1", event_id)


def claim_sort_key(claim: Claim) -> tuple[int, int, str]:
    """Position order, so a claims file reads like its document and diffs stay local."""
    return (claim.span[0], claim.value_span[0], claim.id)


def render_claims(
    source_id: str,
    claims: list[Claim],
    existing: ClaimsFile | None = None,
    renamed: dict[str, str] | None = None,
) -> str:
    """The text of a claims file, rewriting ``existing`` in place when there is one.

    Claims kept from ``existing`` (matched by id, or by ``renamed``: new id -> old id)
    keep their mapping object and with it every comment inside; comments on the lines
    just above a claim move with that claim even when the order changes; the header
    comment and a trailing end-of-file comment stay where they are.
    """
    renamed = renamed or {}
    ordered = sorted(claims, key=claim_sort_key)
    root = existing.root if existing is not None and existing.root is not None else None
    old_items = existing.items if existing is not None and root is not None else CommentedSeq()

    leading: dict[int, list[str]] = {}
    trailing: list[str] = []
    old_by_id: dict[str, int] = {}
    if root is not None:
        # Lines above the first claim are stored on the list and on the 'claims' key.
        first: list[str] = []
        seq_comment = old_items.ca.comment
        if seq_comment and len(seq_comment) > 1 and isinstance(seq_comment[1], list):
            first = _token_lines(seq_comment[1])
        key_slot = root.ca.items.get("claims")
        if key_slot and len(key_slot) > 3 and isinstance(key_slot[3], list):
            first = first or _token_lines(key_slot[3])
            key_slot[3] = None
        old_items.ca.comment = None
        for index, item in enumerate(old_items):
            if isinstance(item, CommentedMap) and isinstance(item.get("id"), str):
                old_by_id.setdefault(item["id"], index)
            pre = old_items.ca.items.pop(index, None)
            if pre and len(pre) > 1 and isinstance(pre[1], list):
                leading.setdefault(index, []).extend(_token_lines(pre[1]))
        if first:
            leading[0] = first + leading.get(0, [])
        for index, item in enumerate(old_items):
            try:
                column = old_items.lc.item(index)[1]
            except (AttributeError, KeyError, TypeError):
                column = 4
            moved: list[str] = []
            for holder, at in list(_comment_tokens(item)):
                moved.extend(_split_outer(holder[at], column))
            if moved:
                if index + 1 < len(old_items):
                    leading[index + 1] = moved + leading.get(index + 1, [])
                else:
                    trailing.extend(moved)
    else:
        root = CommentedMap()
        root.yaml_set_start_comment(_CLAIMS_HEADER.format(id=source_id))

    new_items = CommentedSeq()
    for claim in ordered:
        plain = claim_to_plain(claim)
        old_index = old_by_id.get(claim.id)
        if old_index is None and claim.id in renamed:
            old_index = old_by_id.get(renamed[claim.id])
        if old_index is not None:
            node = old_items[old_index]
            _update_map(node, plain)
            old_by_id = {key: value for key, value in old_by_id.items() if value != old_index}
        else:
            node = _to_node(plain)
        position = len(new_items)
        new_items.append(node)
        if old_index is not None and leading.get(old_index):
            new_items.ca.items[position] = [None, _pre_comment(leading[old_index], 2), None, None]
    if trailing and len(new_items):
        tail = _tail_slot(new_items[-1])
        if tail is not None:
            container, key = tail
            token = _post_comment(trailing, 2)
            if isinstance(container, CommentedMap):
                slot = container.ca.items.setdefault(key, [None, None, None, None])
                slot[2] = _merge_token(slot[2], token)
            else:
                slot = container.ca.items.setdefault(key, [None, None, None, None])
                slot[0] = _merge_token(slot[0], token)

    if "source" in root:
        if root["source"] != source_id:
            root["source"] = source_id
    else:
        root.insert(0, "source", source_id)
    root["claims"] = new_items
    stream = StringIO()
    _yaml().dump(root, stream)
    return stream.getvalue()


def _merge_token(existing: CommentToken | None, extra: CommentToken) -> CommentToken:
    if existing is None:
        return extra
    existing.value = existing.value.rstrip("\n") + "\n" + extra.value.lstrip("\n")
    return existing


# --------------------------------------------------------------------------- documents


def render_document(document: Document) -> str:
    """``---``, the Source fields as YAML, ``---``, then the body exactly as it is.

    A document read from a file keeps its front matter as its author wrote it: every key
    (those claimcheck does not use as well), their names (``date``, ``source``), order,
    comments and values claimcheck reads the same way (a date with its time) stay as
    they are; only fields claimcheck changed are rewritten, and ``id`` and ``sha256``
    are added when missing.

    The ``sha256`` written is always the hash of the body being written, so the file is
    consistent by construction. Multi-line values are written as indented literal blocks,
    which can never contain a bare ``---`` line that would end the front matter early.
    """
    source = document.source.model_copy(update={"sha256": body_sha256(document.body)})
    fields = _source_fields(source)
    header = _edited_front_matter(document, source, fields)
    if header is None:
        for key, value in source.metadata.items():
            fields.setdefault(key, _to_node(value))
        stream = StringIO()
        _yaml().dump(fields, stream)
        header = stream.getvalue()
    text = "---\n" + header + "---\n" + document.body
    header_back, body, _ = split_front_matter(text)
    if header_back is None or body != document.body:
        raise ValueError(f"front matter of {source.id} would not split back from its body")
    return text


def _source_fields(source: Source) -> dict[str, Any]:
    """The fields a store writes for a source, in model order, empty ones left out."""
    fields: dict[str, Any] = {}
    for key, value in source.model_dump(mode="python", exclude={"metadata"}).items():
        readable = _readable(value)
        if readable is None:
            continue
        if isinstance(readable, str) and "\n" in readable:
            readable = LiteralScalarString(readable)
        fields[key] = readable
    return fields


def _edited_front_matter(document: Document, source: Source, fields: dict[str, Any]) -> str | None:
    """The document's own front matter with only what changed rewritten, or None when it
    has none (or it cannot be edited so that it reads back as ``source``). A TOML front
    matter is not edited: the store's documents have YAML front matter."""
    if document.front_matter is None or document.front_matter_format != "yaml":
        return None
    path = document.path
    # A Windows file's front matter is written with the store's line ends; YAML reads
    # a value's line breaks the same either way.
    written = document.front_matter.replace("\r\n", "\n")
    try:
        as_read, _lines = load_front_matter(written, path)
        with warnings.catch_warnings():  # reused anchors: legal YAML, warned of by ruamel
            warnings.simplefilter("ignore")
            node = _yaml().load(written)
    except (InputError, YAMLError, ValueError, TypeError):
        return None
    if not isinstance(node, CommentedMap):
        return None
    defaults = Source(id=source.id)
    written: set[str] = set()
    for key in list(node):
        name = FRONT_MATTER_FIELDS.get(str(key))
        if name is None:
            if str(key) in source.metadata and as_read.get(str(key)) != source.metadata[str(key)]:
                node[key] = _to_node(source.metadata[str(key)])
            continue
        try:
            same = front_matter_value(str(key), as_read.get(str(key)), path) == getattr(
                source, name
            )
        except InputError:
            same = False
        if not same:
            if name in fields:
                node[key] = _to_node(fields[name])
            else:
                del node[key]
        written.add(name)
    if "id" not in written:
        node.insert(0, "id", fields["id"])
        written.add("id")
    for name, value in fields.items():
        if name not in written and (
            name == "sha256" or getattr(source, name) != getattr(defaults, name)
        ):
            node[name] = _to_node(value)
    for key, value in source.metadata.items():
        if key not in as_read:
            node[key] = _to_node(value)
    stream = StringIO()
    _yaml().dump(node, stream)
    header = stream.getvalue()
    try:
        mapping, lines = load_front_matter(header, path)
        read_back = source_from_mapping(mapping, source.id, document.body, path, lines)
    except InputError:
        return None
    return header if read_back == source else None


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class MergeResult:
    """What :meth:`Store.merge_extraction` did, for the command's summary line."""

    # Extracted claims the store did not have.
    added: int
    # Unreviewed stored claims matched and updated from the extraction.
    refreshed: int
    # Reviewed stored claims matched (by id, or by value and a near-identical quote):
    # updated from the extraction, review and editor's corrections carried over.
    kept_reviewed: int
    # Reviewed claims the extraction no longer yields, kept with status "vanished".
    vanished: int
    # Unreviewed claims the extraction no longer yields, removed (regenerable).
    dropped: int
    # The claims now in the store for the source, in file order.
    claims: tuple[Claim, ...] = ()

    def summary(self) -> str:
        """One line for people: what the merge did."""
        return (
            f"{self.added} added, {self.refreshed} refreshed, {self.kept_reviewed} reviewed "
            f"kept, {self.vanished} vanished, {self.dropped} dropped"
        )


def is_reviewed(claim: Claim) -> bool:
    """True when a person has touched the claim: its loss would lose human work."""
    review = claim.review
    return (
        review.status != ReviewStatus.unreviewed
        or bool(review.notes)
        or bool(review.history)
        or review.rank != "normal"
    )


def _edited_fields(claim: Claim) -> list[str]:
    """Dotted field names an editor set by hand ("set" events), oldest first, no repeats."""
    seen: list[str] = []
    for event in claim.review.history:
        field = event.field
        pinnable = bool(field) and field.split(".")[0] not in _UNPINNABLE
        if event.action == "set" and pinnable and field not in seen:
            seen.append(field)
    return seen


_MISSING = object()


def _get_path(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _set_path(data: dict[str, Any], dotted: str, value: Any) -> bool:
    parts = dotted.split(".")
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node, dict) or part not in node or not isinstance(node[part], dict):
            return False
        node = node[part]
    if not isinstance(node, dict) or parts[-1] not in node:
        return False
    node[parts[-1]] = value
    return True


def _locate_speaker(data: dict[str, Any], extracted: Claim) -> None:
    """Point an editor's corrected speaker at where it stands in the fresh evidence.

    The extractor's span points at the speaker it found, not the editor's; offsets saved
    with the correction may be stale after the body changed. So the span is looked up
    again in the new quote, and left empty when the name is not in it.
    """
    attribution = data.get("attribution") or {}
    speaker = attribution.get("speaker")
    found = extracted.quote.find(speaker) if speaker else -1
    if found < 0:
        attribution["speaker_span"] = None
    else:
        start = extracted.span[0] + found
        attribution["speaker_span"] = (start, start + len(speaker))


def _carry_over(stored: Claim, extracted: Claim) -> Claim:
    """The extracted claim with the stored review and the editor's corrected fields.

    The extraction wins for everything the editor did not touch, so offsets follow an
    edited body. If a pinned field no longer fits with the fresh ones (say a corrected
    ``value.low`` above a newly extracted ``value.high``), the whole top-level field is
    taken from the stored claim; if even that fails, the stored claim is kept as it was.
    """
    data = extracted.model_dump(mode="python")
    data["review"] = stored.review.model_dump(mode="python")
    stored_data = stored.model_dump(mode="python")
    edited = _edited_fields(stored)
    for dotted in edited:
        value = _get_path(stored_data, dotted)
        if value is not _MISSING:
            _set_path(data, dotted, value)
    if "attribution.speaker" in edited:
        _locate_speaker(data, extracted)
    try:
        return Claim.model_validate(data)
    except ValidationError:
        for dotted in edited:
            top = dotted.split(".")[0]
            if top in stored_data:
                data[top] = stored_data[top]
        try:
            return Claim.model_validate(data)
        except ValidationError:
            return stored.model_copy(update={"id": extracted.id})


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _with_event(claim: Claim, event: ReviewEvent, status: ReviewStatus | None = None) -> Claim:
    review = claim.review.model_copy(
        update={
            "history": [*claim.review.history, event],
            "status": status if status is not None else claim.review.status,
        }
    )
    return claim.model_copy(update={"review": review})


def _status_before_vanishing(claim: Claim) -> ReviewStatus:
    for event in reversed(claim.review.history):
        if event.action == "vanish" and event.old:
            try:
                status = ReviewStatus(event.old)
            except ValueError:
                break
            if status != ReviewStatus.vanished:
                return status
            break
    return ReviewStatus.unreviewed


def _simple(value: Any, depth: int = 0) -> bool:
    """A front-matter value the fast reading takes as it is: text, numbers, booleans,
    dates and lists of them (what the careful reading would return unchanged)."""
    if isinstance(value, list):
        return depth == 0 and len(value) <= 1000 and all(_simple(v, 1) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dt.datetime):
        return False  # time zones are read by the careful reading
    return value is None or isinstance(value, str | bool | int | dt.date)


def _fast_document(path: Path, data: bytes) -> Document | None:
    """A document whose front matter is a flat mapping of simple values, read through
    the C loader; None for anything else, which :func:`read_document` reads (and whose
    errors and warnings it reports with their lines)."""
    import yaml

    try:
        text = decode_text(data, path)
    except InputError:
        return None
    header, body, line_offset, language = front_matter_parts(text)
    if language == "toml" or (header is None and opening_fence(text)):
        return None  # TOML, or a fence never closed: the careful reading
    if header is None:
        mapping: dict[str, Any] = {}
    else:
        try:
            loaded = _read_plain_layout(header)
        except _NotPlain:
            try:
                loaded = yaml.load(header, Loader=_fast_loader())
            except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
                return None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict) or not all(
            isinstance(key, str) and _simple(value) for key, value in loaded.items()
        ):
            return None
        mapping = loaded
    warnings: list[InputWarning] = []
    try:
        source = source_from_mapping(mapping, _source_stem(path), body, path, {}, warnings)
    except InputError:
        return None
    if warnings:
        return None
    return Document(
        source=source,
        body=body,
        path=path,
        body_line_offset=line_offset,
        front_matter=header,
    )


def _source_stem(path: Path) -> str:
    """The source id a document without one in its front matter gets (as the reader)."""
    from claimcheck import sources

    return sources._stem(path)


def _document_to_cache(document: Document) -> bytes:
    return json.dumps(
        {
            "source": document.source.model_dump(mode="json"),
            "warnings": [[w.message, w.line] for w in document.warnings],
        }
    ).encode()


def _document_from_cache(path: Path, data: bytes, blob: bytes) -> Document:
    """A document whose bytes were read before: the text split again, the front matter's
    reading taken from the cache."""
    cached = json.loads(blob)
    text = decode_text(data, path)
    header, body, line_offset, language = front_matter_parts(text)
    return Document(
        source=Source.model_validate(cached["source"]),
        body=body,
        path=path,
        body_line_offset=line_offset,
        front_matter=header,
        front_matter_format=language or "yaml",
        warnings=tuple(InputWarning(path, message, line) for message, line in cached["warnings"]),
    )


# --------------------------------------------------------------------------- the store


@dataclass
class _Listing:
    """The store's files as listed when the directory was in ``state``."""

    state: tuple[int, int]
    documents: list[Path]
    claims: list[Path]
    source_ids: list[str] | None = None


class Store:
    """A store directory: documents, their claims, and safe ways to change both."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        # Parsed files by (kind, path), each with the file state it was read in:
        # validating then comparing one store (``claimcheck check``) parses each file once.
        # A write replaces the file (new inode, new mtime), so a stale entry is never served.
        self._parsed: dict[tuple[str, Path], tuple[FileState, object]] = {}
        # Across processes: what each file's content parsed to (see claimcheck.cache).
        self.cache = ParseCache(self.root)
        # Content key and SHA-256 of each file, with the state it was hashed in.
        self._hashed: dict[Path, tuple[FileState, str, bytes]] = {}
        # The document and claims files, with the directory's state when listed.
        self._listing: _Listing | None = None
        # Each source's document and claims paths, once its id was checked.
        self._source_paths: dict[str, tuple[Path, Path]] = {}
        # While frozen (see :meth:`frozen`): every file's state from one scan, by name.
        self._frozen: dict[str, FileState] | None = None
        self._frozen_depth = 0
        self._root_text = str(self.root)
        # Claim ids of claims files (:meth:`claim_ids`), by content key.
        self._ids: dict[str, ClaimIds] = {}

    def _read_once(self, kind: str, path: Path, read: Callable[[Path], T]) -> T:
        """``read(path)``, reusing the result while the file is unchanged."""
        refuse_link(path)
        state = self._state_of(path) or file_state(path.stat())
        cached = self._parsed.get((kind, path))
        if cached is not None and cached[0] == state:
            return cached[1]  # type: ignore[return-value]
        value = read(path)
        self._parsed[(kind, path)] = (state, value)
        return value

    def _state_of(self, path: Path) -> FileState | None:
        """A file's state: from the scan while frozen, else from ``stat``; None when the
        file does not exist."""
        if self._frozen is not None:
            folder, _, name = str(path).rpartition(os.sep)
            if folder == self._root_text:
                return self._frozen.get(name)
        try:
            return file_state(path.stat())
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from exc

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """Take the state of every file of the store from one scan of its directory while
        inside: a command that looks at each file several times (``check``) asks the file
        system once, and sees the store as it was when it began. A file read is read as
        it is then, and its state taken again. Nothing may be written to the store inside.
        """
        self._frozen_depth += 1
        try:
            if self._frozen is None:
                self._listing = None  # listed again, as the directory is now
                states: dict[str, FileState] = {}
                with os.scandir(self.root) as entries:
                    for entry in entries:
                        with contextlib.suppress(OSError):
                            if entry.is_file():
                                states[entry.name] = file_state(entry.stat())
                self._frozen = states
            yield
        finally:
            self._frozen_depth -= 1
            if not self._frozen_depth:
                self._frozen = None
                self._listing = None

    def _read_bytes(self, path: Path) -> tuple[str, bytes]:
        """The file's content key and bytes, its hash remembered with its state (taken
        before reading, so a change while reading is noticed next time)."""
        try:
            state = file_state(path.stat())
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror}") from exc
        data = read_store_bytes(path)  # never through a symbolic link
        key = content_key(path.name, data)
        sha = hashlib.sha256(data).digest()
        self._hashed[path] = (state, key, sha)
        if self._frozen is not None and str(path).rpartition(os.sep)[0] == self._root_text:
            self._frozen[path.name] = state
        self.cache.record_state(path.name, state, key, sha)
        return key, data

    def file_hash(self, path: Path) -> tuple[str, bytes] | None:
        """The content key (see :func:`claimcheck.cache.content_key`) and SHA-256 of a
        store file, None when it does not exist.

        Read and hashed unless the file's state (inode, size, modification and change
        times) is the one it was last hashed in, by this object or by an earlier command
        (the cache's record of file states, see :mod:`claimcheck.cache`).
        """
        known = self._hash(path)
        return None if known is None else (known[0], known[1])

    def _hash(self, path: Path) -> tuple[str, bytes, bytes | None] | None:
        """:meth:`file_hash`, with the bytes when they had to be read."""
        refuse_link(path)  # a link is refused by name, whatever state its target has
        state = self._state_of(path)
        if state is None:
            return None
        known = self._hashed.get(path)
        if known is not None and known[0] == state:
            return known[1], known[2], None
        recorded = self.cache.known_state(path.name, state)
        if recorded is not None:
            self._hashed[path] = (state, *recorded)
            return recorded[0], recorded[1], None
        key, data = self._read_bytes(path)
        return key, self._hashed[path][2], data

    def read_claims_path(self, path: Path) -> ClaimsFile:
        """A claims file of this store as a round-trip tree, parsed once while unchanged.

        For rewriting the file, and for the line of a problem; :meth:`stored_claims`
        reads the claims themselves much faster.
        """
        return self._read_once("tree", path, load_claims_file)

    def stored_claims(self, path: Path) -> StoredClaims:
        """The valid claims of a claims file, read fast (cache, else the C YAML loader).

        A file that is not clean is parsed again in round-trip mode, so the error raised
        (:class:`InputError`, or :class:`ClaimSchemaError` for a bad claim) names its line.
        """

        def read(path: Path) -> StoredClaims:
            known = self._hash(path)
            if known is None:
                raise InputError(path, "cannot read: No such file or directory")
            key, _sha, data = known
            blob = self.cache.get("claims", key)
            if blob is not None:
                with contextlib.suppress(ValueError, TypeError, ValidationError):
                    return _claims_from_cache(blob)
            if data is None:
                key, data = self._read_bytes(path)
            text = decode_text(data, path)
            stored = _fast_claims(text)
            if stored is None:
                stored = _claims_from_round_trip(path, text)
            cached = _claims_to_cache(stored)
            if cached is not None:
                self.cache.put("claims", key, cached)
            return stored

        return self._read_once("claims", path, read)

    def read_document_path(self, path: Path, max_bytes: int = 20_000_000) -> Document:
        """A document of this store, read once while it is unchanged (and its front matter
        taken from the cache while its content is)."""

        def read(path: Path) -> Document:
            refuse_link(path)
            try:
                size = path.stat().st_size
            except OSError as exc:
                raise InputError(path, f"cannot read: {exc.strerror}") from exc
            if size > max_bytes:
                return read_document(path, max_bytes=max_bytes)  # raises the size error
            key, data = self._read_bytes(path)
            if len(data) > max_bytes:
                return read_document(path, max_bytes=max_bytes)
            blob = self.cache.get("document", key)
            if blob is not None:
                with contextlib.suppress(ValueError, TypeError, KeyError, ValidationError):
                    return _document_from_cache(path, data, blob)
            document = _fast_document(path, data) or read_document(path, max_bytes=max_bytes)
            self.cache.put("document", key, _document_to_cache(document))
            return document

        return self._read_once("document", path, read)

    def claim_ids(self, path: Path) -> ClaimIds:
        """:class:`ClaimIds` of a claims file: from the cache while the file's content is
        unchanged, else read (see :meth:`stored_claims`, whose errors it raises)."""
        known = self.file_hash(path)
        if known is not None:
            found = self._ids.get(known[0])
            if found is not None:
                return found
            blob = self.cache.get("ids", known[0])
            if blob is not None:
                with contextlib.suppress(ValueError, TypeError):
                    found = self._ids[known[0]] = ClaimIds.from_cache(blob)
                    return found
        found = ClaimIds.of(self.stored_claims(path).claims)
        known = self.file_hash(path)
        if known is not None:
            self._ids[known[0]] = found
            self.cache.put("ids", known[0], found.to_cache())
        return found

    def prefetch_ids(self, paths: Iterable[Path]) -> None:
        """Look up the :meth:`claim_ids` of many files at once (one query, not one each)."""
        keys = [known[0] for known in map(self.file_hash, paths) if known is not None]
        missing = [key for key in keys if key not in self._ids]
        for key, blob in self.cache.get_many("ids", missing).items():
            with contextlib.suppress(ValueError, TypeError):
                self._ids[key] = ClaimIds.from_cache(blob)

    def source_record(self, source_id: str, max_bytes: int = 20_000_000) -> Source:
        """The source (front matter) of a document, from the cache while the file is
        unchanged, without reading its body; else as :meth:`document` reads it."""
        path = self.document_path(source_id)
        known = self.file_hash(path)
        if known is not None:
            parsed = self._parsed.get(("document", path))
            if parsed is not None and parsed[0] == self._hashed[path][0]:
                return parsed[1].source  # type: ignore[attr-defined]
            blob = self.cache.get("document", known[0])
            size = self._hashed[path][0][2]
            if blob is not None and size <= max_bytes:
                with contextlib.suppress(ValueError, TypeError, KeyError, ValidationError):
                    source = Source.model_validate(json.loads(blob)["source"])
                    if source.id == source_id:
                        return source
        return self.document(source_id).source

    def content_digest(self, *parts: str) -> str | None:
        """A digest of the content of every document and claims file of the store (by
        :meth:`file_hash`) and of ``parts``; None when a file this object parsed changed
        since (what was parsed is then not what the digest would name)."""
        digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
        for source_id in self.source_ids():
            for path in (self.document_path(source_id), self.claims_path(source_id)):
                known = self.file_hash(path)
                if known is None:
                    digest.update(b"-\0")
                    continue
                state = self._hashed[path][0]
                kind = "document" if path.suffix == DOCUMENT_SUFFIX else "claims"
                parsed = self._parsed.get((kind, path))
                if parsed is not None and parsed[0] != state:
                    return None
                digest.update(f"{known[0]}\0".encode())
        return digest.hexdigest()

    def close(self) -> None:
        """Write what this process parsed to the cache (commands call it when done)."""
        self.cache.close()

    @classmethod
    def open(cls, root: Path, create: bool = False) -> Store:
        """The store at ``root``; :class:`InputError` when there is no such directory.

        ``create`` makes the directory (not its parents) when it is missing: the first
        ``extract`` into a new store.
        """
        root = Path(root)
        if create and not root.exists() and root.parent.is_dir():
            root.mkdir()
        if not root.exists():
            raise InputError(root, "no such store directory")
        if not root.is_dir():
            raise InputError(root, "not a directory; a store is a directory of documents")
        journal = interrupted_replacement(root)
        if journal is not None:
            # A writer was killed after committing a replacement: finish it before
            # anything is read, so no reader sees half of it.
            try:
                with store_lock(root):
                    pass
            except OSError as exc:
                raise InputError(
                    journal,
                    f"a replacement of a source was stopped before it finished and cannot be "
                    f"finished here ({exc.strerror}); open the store once where it may be "
                    "written (any claimcheck command finishes it)",
                ) from None
        return cls(root)

    # -- paths

    def _checked_id(self, source_id: str) -> str:
        require_safe_source_id(source_id, self.root)
        if source_id.casefold() in RESERVED_IDS:
            raise InputError(
                self.root,
                f"source id {source_id!r} is reserved for the store's own files; "
                "give the document another id (front matter 'id:' or its file name)",
            )
        return source_id

    def _paths(self, source_id: str) -> tuple[Path, Path]:
        known = self._source_paths.get(source_id)
        if known is None:
            name = self._checked_id(source_id)
            known = (self.root / f"{name}{DOCUMENT_SUFFIX}", self.root / f"{name}{CLAIMS_SUFFIX}")
            self._source_paths[source_id] = known
        return known

    def document_path(self, source_id: str) -> Path:
        """Where the document of ``source_id`` lives (checked to stay inside the store)."""
        return self._paths(source_id)[0]

    def claims_path(self, source_id: str) -> Path:
        """Where the claims of ``source_id`` live (checked to stay inside the store)."""
        return self._paths(source_id)[1]

    def history_dir(self) -> Path:
        """Where replaced documents are kept."""
        return self.root / HISTORY_DIR

    # -- reading

    def earlier_bodies(self, source_id: str) -> list[str]:
        """The bodies of the versions of ``source_id`` kept in ``.history/``, newest first.

        A reviewed claim that vanished when its document changed keeps the offsets of
        the version it was found in: this is where its quote is checked.
        """
        history = self.history_dir()
        if not history.is_dir() or history.is_symlink():
            return []
        name = re.compile(
            re.escape(self._checked_id(source_id))
            + r"\.\d{8}T\d{6}Z(?:-\d+)?"
            + re.escape(DOCUMENT_SUFFIX)
        )
        bodies = []
        for path in sorted(history.iterdir(), reverse=True):
            if name.fullmatch(path.name) and not path.is_symlink():
                text = decode_text(read_store_bytes(path), path)
                bodies.append(split_front_matter(text)[1])
        return bodies

    def _listed(self) -> _Listing:
        """The store's document and claims files, listed again when the directory changes
        (a file added, removed or replaced changes its modification time; a change in the
        same clock tick as the listing is not seen that way, so such a listing is not
        kept), and never while frozen (:meth:`frozen`)."""
        if self._frozen is not None and self._listing is not None:
            return self._listing
        stat = self.root.stat()
        state = (stat.st_ino, stat.st_mtime_ns)
        if self._listing is not None and self._listing.state == state:
            return self._listing
        settled = stat.st_mtime_ns < time.time_ns() - int(RACY_SECONDS * 1e9)
        documents: list[str] = []
        claims: list[str] = []
        with os.scandir(self.root) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                # a link is listed too, so that reading it refuses it by name
                if name.endswith(CLAIMS_SUFFIX):
                    if entry.is_symlink() or entry.is_file():
                        claims.append(name)
                elif (
                    name.endswith(DOCUMENT_SUFFIX)
                    and len(name) > len(DOCUMENT_SUFFIX)
                    and name.lower() not in NOT_SOURCES
                    and (entry.is_symlink() or entry.is_file())
                ):
                    documents.append(name)
        # Sorted as paths sort (by name, all in one folder), without comparing paths.
        listing = _Listing(
            state,
            [self.root / name for name in sorted(documents)],
            [self.root / name for name in sorted(claims)],
        )
        self._listing = listing if settled or self._frozen is not None else None
        return listing

    def document_files(self) -> list[Path]:
        """Document files, sorted; hidden files (temporary writes) and README.md skipped."""
        return list(self._listed().documents)

    def sha256_of(self, path: Path) -> bytes | None:
        """SHA-256 of a store file's bytes (None when it does not exist), read again only
        when the file changed since it was last hashed (see :meth:`file_hash`)."""
        known = self.file_hash(path)
        return known[1] if known is not None else None

    def claims_files(self) -> list[Path]:
        """Claims files, sorted, whether or not their document exists."""
        return list(self._listed().claims)

    def source_ids(self) -> list[str]:
        """Ids of the documents in the store, sorted; an unsafe file name is an InputError."""
        listing = self._listed()
        if listing.source_ids is None:
            ids = []
            for path in listing.documents:
                source_id = path.name[: -len(DOCUMENT_SUFFIX)]
                ids.append(require_safe_source_id(source_id, path, origin=" in file name"))
            listing.source_ids = sorted(ids)
        return list(listing.source_ids)

    def document(self, source_id: str) -> Document:
        """The document of ``source_id``; its front-matter id must match its file name."""
        path = self.document_path(source_id)
        refuse_link(path)
        if not path.is_file():
            raise InputError(path, f"no document for source {source_id!r}")
        document = self.read_document_path(path)
        if document.source.id != source_id:
            raise InputError(
                path,
                f"front matter id {document.source.id!r} differs from the file name {source_id!r}",
                2,
            )
        return document

    def documents(self) -> list[Document]:
        """Every document, in id order."""
        documents = [self.document(source_id) for source_id in self.source_ids()]
        self.cache.flush()
        return documents

    def load_claims_file(self, source_id: str) -> ClaimsFile | None:
        """The claims file of ``source_id`` as a round-trip tree, or None if there is none."""
        path = self.claims_path(source_id)
        if not os.path.lexists(path):
            return None
        return self.read_claims_path(path)

    def claims(self, source_id: str) -> list[Claim]:
        """The claims of ``source_id`` in file order; [] when it has no claims file.

        Raises :class:`InputError` (a :class:`ClaimSchemaError` for a bad claim) naming
        the file and the line of the offending claim or field.
        """
        path = self.claims_path(source_id)
        if not os.path.lexists(path):
            return []
        return list(self.stored_claims(path).claims)

    def all_claims(self) -> list[Claim]:
        """The claims of every document, in id order then file order."""
        claims = [claim for source_id in self.source_ids() for claim in self.claims(source_id)]
        self.cache.flush()
        return claims

    # -- events

    @property
    def events_path(self) -> Path:
        """``events.yaml``: each source's event as last grouped, and editors' decisions."""
        return self.root / EVENTS_FILE

    def _events_tree(self) -> CommentedMap | None:
        path = self.events_path
        if not os.path.lexists(path):
            return None
        text = decode_text(read_store_bytes(path), path)
        root = load_yaml_tree(path, text)
        if root is None:
            return None
        if not isinstance(root, CommentedMap) or set(root) - {"decisions", "events"}:
            raise InputError(path, "must be a mapping with the keys 'decisions' and 'events'", 1)
        return root

    def _events_plain(self) -> dict[str, Any] | None:
        """``events.yaml`` through the C loader, memoised while unchanged; None when it is
        missing or not clean (the round-trip reading then says what is wrong, and where)."""

        def read(path: Path) -> dict[str, Any] | None:
            import yaml

            try:
                text = decode_text(read_store_bytes(path), path)
                if may_hold_anchors(text):
                    return None  # the round-trip reading refuses anchors, with the line
                root = yaml.load(text, Loader=_fast_loader())
            except (OSError, InputError, yaml.YAMLError, ValueError, TypeError, RecursionError):
                return None
            if not isinstance(root, dict) or set(root) - {"decisions", "events"}:
                return None
            return root

        path = self.events_path
        return self._read_once("events", path, read) if os.path.lexists(path) else None

    def event_decisions(self) -> list[EventDecision]:
        """Editors' merge and split decisions, oldest first; an unusable one names its line."""
        plain = self._events_plain()
        if plain is not None:
            entries = plain.get("decisions") or []
            try:
                if isinstance(entries, list):
                    return [EventDecision.model_validate(entry) for entry in entries]
            except ValidationError:
                pass  # the round-trip reading names the decision's line
        root = self._events_tree()
        if root is None or root.get("decisions") is None:
            return []
        entries = root["decisions"]
        path = self.events_path
        if not isinstance(entries, CommentedSeq):
            raise InputError(path, "'decisions' must be a list", root.lc.key("decisions")[0] + 1)
        decisions = []
        for index, entry in enumerate(entries):
            line = entries.lc.item(index)[0] + 1
            try:
                decisions.append(EventDecision.model_validate(_plain(entry)))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                raise InputError(
                    path, f"decision {index + 1}: {where}: {first['msg']}", line
                ) from None
        return decisions

    def recorded_events(self) -> dict[str, str]:
        """Source id -> event id, as the store last recorded them.

        The record is derived (``write_events`` rewrites it), so a malformed one is
        read as far as it makes sense and never stops a command.
        """
        plain = self._events_plain()
        root = plain if plain is not None else self._events_tree()
        events = root.get("events") if isinstance(root, dict) else None
        if not isinstance(events, dict):
            return {}
        recorded: dict[str, str] = {}
        for event_id, entry in events.items():
            sources = entry.get("sources") if isinstance(entry, dict) else None
            if isinstance(sources, list):
                recorded.update({s: str(event_id) for s in sources if isinstance(s, str)})
        return recorded

    def write_events(
        self, events: list[Event], decisions: list[EventDecision] | None = None
    ) -> None:
        """Record each source's event; ``decisions`` replaces the list (kept when None).

        Written atomically under the store's lock; decisions are only ever appended to
        by callers, so no editor's correction is lost.
        """
        with self.writing():
            refuse_link(self.events_path)
            kept = self.event_decisions() if decisions is None else decisions
            data = {
                "decisions": [_readable(d.model_dump(mode="python")) for d in kept],
                "events": {
                    event.id: {"label": event.label, "sources": list(event.sources)}
                    for event in events
                },
            }
            buffer = StringIO()
            buffer.write(EVENTS_HEADER)
            _yaml().dump(_to_node(data), buffer)
            write_text_atomic(self.events_path, buffer.getvalue())

    # -- writing

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """The store's write lock (:func:`store_lock`): hold it from read to write."""
        return store_lock(self.root)

    def write_claims(self, source_id: str, claims: list[Claim]) -> None:
        """Write the claims of ``source_id``: atomic, sorted, hand-written comments kept."""
        with self.writing():
            self._write_claims(source_id, claims, renamed=None)

    def _write_claims(
        self, source_id: str, claims: list[Claim], renamed: dict[str, str] | None
    ) -> None:
        replace_files(self.root, self._claims_writes(source_id, claims, renamed))

    def _claims_writes(
        self, source_id: str, claims: list[Claim], renamed: dict[str, str] | None
    ) -> list[tuple[Path, bytes]]:
        """The claims file to write for ``claims`` (none when it already reads so), checked
        to read back as exactly these claims."""
        self._checked_id(source_id)
        seen: set[str] = set()
        for claim in claims:
            if claim.source != source_id:
                raise ValueError(f"claim {claim.id} belongs to {claim.source!r}, not {source_id!r}")
            if claim.id in seen:
                raise ValueError(f"claim id {claim.id} appears twice for {source_id!r}")
            seen.add(claim.id)
        path = self.claims_path(source_id)
        existing = load_claims_file(path) if os.path.lexists(path) else None
        text = render_claims(source_id, claims, existing, renamed)
        # Check before replacing: what is written must read back as exactly these claims.
        check = _fast_claims(text) or _claims_from_round_trip(path, text)
        written = [claim_to_plain(claim) for claim in check.claims]
        if written != [claim_to_plain(claim) for claim in sorted(claims, key=claim_sort_key)]:
            raise RuntimeError(f"rewriting {path} would not reproduce the claims; not written")
        data = text.encode("utf-8")
        if existing is not None and read_store_bytes(path) == data:
            return []
        return [(path, data)]

    def _history_stem(self, source_id: str) -> Path:
        """``.history/<id>.<UTC time>`` (``-1``, ``-2``... within one second), free for
        both a document and a claims file, the folder made if need be."""
        history = self.history_dir()
        refuse_link(history)
        history.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        stem, counter = f"{source_id}.{stamp}", 1
        while any(
            os.path.lexists(history / f"{stem}{suffix}")
            for suffix in (DOCUMENT_SUFFIX, CLAIMS_SUFFIX)
        ):
            stem, counter = f"{source_id}.{stamp}-{counter}", counter + 1
        return history / stem

    def _kept(self, writes: list[tuple[Path, bytes]], source_id: str) -> list[tuple[Path, bytes]]:
        """``writes`` with, before them, a copy in ``.history/`` of each file they replace
        with other bytes (one stem for all), so that no earlier version is lost."""
        kept = []
        stem = None
        for path, data in writes:
            if not os.path.lexists(path):
                continue
            old = read_store_bytes(path)
            if old != data:
                stem = stem or self._history_stem(source_id)
                suffix = CLAIMS_SUFFIX if path.name.endswith(CLAIMS_SUFFIX) else DOCUMENT_SUFFIX
                kept.append((stem.with_name(stem.name + suffix), old))
        return kept + writes

    def _document_writes(self, document: Document) -> list[tuple[Path, bytes]]:
        """The new ``<id>.md`` for ``document``, or none when it already holds it."""
        path = self.document_path(self._checked_id(document.source.id))
        data = render_document(document).encode("utf-8")
        if os.path.lexists(path) and read_store_bytes(path) == data:
            return []
        return [(path, data)]

    def add_source(self, document: Document) -> Path:
        """Write ``<id>.md``; a different earlier version is kept in ``.history/``.

        The earlier file is copied byte for byte to ``.history/<id>.<UTC time>.md`` and
        the new one replaces it in one step (:func:`replace_files`), so a document is
        never lost, whenever the process dies. Writing identical content changes nothing.
        To replace a document together with its claims, use :meth:`replace_source`.
        """
        with self.writing():
            writes = self._document_writes(document)
            replace_files(self.root, self._kept(writes, document.source.id))
            return self.document_path(document.source.id)

    def replace_source(
        self,
        document: Document,
        extracted: list[Claim],
        who: str = "claimcheck",
        now: dt.datetime | None = None,
    ) -> MergeResult:
        """Store ``document`` and fold ``extracted`` (its claims) into the stored ones, as
        one step: the document, its claims file and copies of the old ones in
        ``.history`` are replaced together (:func:`replace_files`).

        Written one after the other, a process stopped in between would leave the new
        text with claims whose offsets index the old one. The merge is
        :meth:`merge_extraction`'s: nothing a person did is lost, and the claims it drops
        (unreviewed ones the extraction no longer finds) stay in the copy of the old
        claims file.
        """
        with self.writing():
            writes = self._document_writes(document)
            source_id = document.source.id
            claims, renamed, result = self._merged(source_id, extracted, who, now)
            writes += self._claims_writes(source_id, claims, renamed)
            replace_files(self.root, self._kept(writes, source_id))
            return result

    def merge_extraction(
        self,
        source_id: str,
        extracted: list[Claim],
        who: str = "claimcheck",
        now: dt.datetime | None = None,
    ) -> MergeResult:
        """Fold a fresh extraction of ``source_id`` into its stored claims and write them.

        Nothing a person did is lost:

        * a stored claim with the same id is refreshed from the extraction but keeps its
          review (status, rank, notes, history) and every field named in a "set" event;
        * a reviewed claim whose id is gone is matched to a new claim with the same value
          text and a quote at least 90% similar (the sentence was lightly edited): it
          carries its review over, and a "rematch" event records old and new id;
        * a reviewed claim the extraction no longer yields stays, with status
          ``vanished`` and a "vanish" event (a later extraction that finds it restores
          the status it had);
        * an unreviewed claim the extraction no longer yields is dropped: it is machine
          output, regenerable from the document; the claims file it was in is kept
          byte for byte in ``.history/<id>.<UTC time>.claims.yaml``.

        The stored claims are read and the merge written under the store's write lock, so
        a review saved meanwhile by another command is merged or waited for, never lost.
        """
        with self.writing():
            claims, renamed, result = self._merged(source_id, extracted, who, now)
            writes = self._claims_writes(source_id, claims, renamed)
            replace_files(self.root, self._kept(writes, source_id))
            return result

    def _merged(
        self,
        source_id: str,
        extracted: list[Claim],
        who: str,
        now: dt.datetime | None,
    ) -> tuple[list[Claim], dict[str, str], MergeResult]:
        """The claims :meth:`merge_extraction` writes, the renamed ids (new -> old) and what
        it did; nothing is written. The caller holds the store's lock."""
        when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        stored = self.claims(source_id)
        fresh: dict[str, Claim] = {}
        for claim in extracted:
            if claim.source != source_id:
                raise ValueError(f"claim {claim.id} belongs to {claim.source!r}, not {source_id!r}")
            if claim.id in fresh:
                raise ValueError(f"extraction yields claim id {claim.id} twice")
            fresh[claim.id] = claim
        stored_by_id = {claim.id: claim for claim in stored}

        result: dict[str, Claim] = {}
        renamed: dict[str, str] = {}
        added = refreshed = kept_reviewed = vanished = dropped = 0

        def refreshed_from(old: Claim, new: Claim) -> Claim:
            merged = _carry_over(old, new)
            if old.review.status == ReviewStatus.vanished:
                back = _status_before_vanishing(old)
                merged = _with_event(
                    merged,
                    ReviewEvent(
                        who=who,
                        when=when,
                        action="restore",
                        field="review.status",
                        old=ReviewStatus.vanished.value,
                        new=back.value,
                        reason="found again when the source was extracted again",
                    ),
                    status=back,
                )
            return merged

        # 1. Same id.
        for claim_id, new in fresh.items():
            old = stored_by_id.get(claim_id)
            if old is None:
                continue
            result[claim_id] = refreshed_from(old, new)
            if is_reviewed(old):
                kept_reviewed += 1
            else:
                refreshed += 1

        # 2. Reviewed claims whose id changed with a light edit of their sentence.
        orphans = [c for c in stored if c.id not in fresh and is_reviewed(c)]
        newcomers = [c for c in fresh.values() if c.id not in stored_by_id]
        pairs = []
        for old in orphans:
            for new in newcomers:
                if old.value.text != new.value.text:
                    continue
                score = fuzz.ratio(_normalised(old.quote), _normalised(new.quote))
                if score >= REMATCH_SIMILARITY:
                    pairs.append((score, old.id, new.id, old, new))
        pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
        taken_old: set[str] = set()
        for _score, old_id, new_id, old, new in pairs:
            if old_id in taken_old or new_id in result:
                continue
            taken_old.add(old_id)
            merged = _with_event(
                refreshed_from(old, new),
                ReviewEvent(
                    who=who,
                    when=when,
                    action="rematch",
                    field="id",
                    old=old_id,
                    new=new_id,
                    reason="evidence sentence edited slightly; review carried over",
                ),
            )
            result[new_id] = merged
            renamed[new_id] = old_id
            kept_reviewed += 1

        # 3. New claims.
        for claim_id, new in fresh.items():
            if claim_id not in result:
                result[claim_id] = new
                added += 1

        # 4. Stored claims the extraction no longer yields.
        for old in stored:
            if old.id in fresh or old.id in taken_old:
                continue
            if not is_reviewed(old):
                dropped += 1
                continue
            vanished += 1
            if old.review.status == ReviewStatus.vanished:
                result[old.id] = old
                continue
            result[old.id] = _with_event(
                old,
                ReviewEvent(
                    who=who,
                    when=when,
                    action="vanish",
                    field="review.status",
                    old=old.review.status.value,
                    new=ReviewStatus.vanished.value,
                    reason="not found when the source was extracted again",
                ),
                status=ReviewStatus.vanished,
            )

        claims = sorted(result.values(), key=claim_sort_key)
        return (
            claims,
            renamed,
            MergeResult(
                added=added,
                refreshed=refreshed,
                kept_reviewed=kept_reviewed,
                vanished=vanished,
                dropped=dropped,
                claims=tuple(claims),
            ),
        )


def front_matter_lines(text: str) -> dict[str, int]:
    """1-based file line of each top-level front-matter key (for validator messages)."""
    header, _body, _, language = front_matter_parts(text)
    if header is None:
        return {}
    if language == "toml":
        return toml_key_lines(header)
    try:
        loaded = _yaml().load(header)
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return {}
    if not isinstance(loaded, CommentedMap):
        return {}
    lines = {}
    for key in loaded:
        with contextlib.suppress(AttributeError, KeyError, TypeError):
            lines[str(key)] = loaded.lc.key(key)[0] + 2
    return lines
