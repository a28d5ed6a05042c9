"""What the store's files parse to, remembered by the hash of each file's content.

The claims files stay the reviewed record; this is only a memo of parsing them, so that a
check of a large store does not parse thousands of unchanged YAML files every time. It
lives in ``<store>/.claimcheck/cache.sqlite`` (the folder holds a ``.gitignore`` of its
own and the store's ``.gitignore`` lists it, so it is never committed).

It is never trusted over the files: every lookup is keyed by the SHA-256 of the file's
bytes (with its name and the claimcheck version), so an edited file is a miss and is
parsed again, and only files that parsed without any problem are stored. A
cache that cannot be opened, read or written (read-only store, corrupt database, another
process writing) is ignored: the files are parsed as if there were none.
``CLAIMCHECK_CACHE=0`` turns it off.

So that an unchanged file need not even be read, the cache also remembers each file's
state when it was last hashed (device, inode, size, modification and change times, as
``git`` does for its index) with the hash. A file whose state is the same is taken to
have the same bytes; any write changes its change time (which no program can set back),
so an edited, replaced or restored file is read and hashed again. A state is only relied
on when both times are older than the moment it was recorded by a margin
(:data:`RACY_SECONDS`): a file written in the same clock tick as its hashing, then
edited again within that tick, could otherwise keep the very same state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from pathlib import Path

from claimcheck import __version__

__all__ = ["CACHE_DIR", "RACY_SECONDS", "FileState", "ParseCache", "content_key", "file_state"]

#: Folder inside the store that holds the cache.
CACHE_DIR = ".claimcheck"
_DATABASE = "cache.sqlite"
#: Bumped when what is stored changes shape.
_SCHEMA = 2
#: A file's recorded state is relied on only when it was last changed at least this long
#: before it was hashed (file times are taken from a coarse clock, and network file
#: systems from another machine's).
RACY_SECONDS = 2.0

#: (device, inode, size, modification ns, change ns) of a file, from ``os.stat``.
FileState = tuple[int, int, int, int, int]


def file_state(stat: os.stat_result) -> FileState:
    """What the cache compares to tell that a file was not touched since it was hashed."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def content_key(name: str, data: bytes) -> str:
    """The cache key of a file: its name, its bytes and the version that parsed it."""
    digest = hashlib.sha256()
    digest.update(f"{_SCHEMA}\0{__version__}\0{name}\0".encode())
    digest.update(data)
    return digest.hexdigest()


class ParseCache:
    """Parsed files by content key; every failure makes it a cache that remembers nothing."""

    def __init__(self, store_root: Path | None) -> None:
        self.folder = Path(store_root) / CACHE_DIR if store_root is not None else None
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._pending: list[tuple[str, str, bytes]] = []
        self._seen: set[str] = set()
        # File name -> (state, content key, SHA-256 of the bytes), as recorded.
        self._files: dict[str, tuple[FileState, str, bytes]] | None = None
        self._pending_files: dict[str, tuple[FileState, str, bytes, int]] = {}
        if os.environ.get("CLAIMCHECK_CACHE", "1").strip().lower() in ("0", "no", "false", "off"):
            self.folder = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        if self.folder is None:
            return None
        ignore = self.folder / ".gitignore"
        database = self.folder / _DATABASE
        if any(path.is_symlink() for path in (self.folder, ignore, database)):
            return None  # never written through a link: no cache at all
        try:
            self.folder.mkdir(exist_ok=True)
            if not ignore.exists():
                ignore.write_text("# claimcheck's parse cache: rebuilt from the files\n*\n")
            db = sqlite3.connect(database, timeout=2.0)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != _SCHEMA:
                with db:
                    db.execute("DROP TABLE IF EXISTS parsed")
                    db.execute("DROP TABLE IF EXISTS files")
                    db.execute(f"PRAGMA user_version = {_SCHEMA}")
            db.execute(
                "CREATE TABLE IF NOT EXISTS parsed (key TEXT NOT NULL, kind TEXT NOT NULL, "
                "data BLOB NOT NULL, PRIMARY KEY (key, kind))"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, dev INTEGER, "
                "ino INTEGER, size INTEGER, mtime INTEGER, ctime INTEGER, "
                "key TEXT NOT NULL, sha BLOB NOT NULL)"
            )
            db.commit()
        except (OSError, sqlite3.Error):
            return None
        self._db = db
        return db

    def get(self, kind: str, key: str) -> bytes | None:
        """What a file with this content parsed to, or None."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT data FROM parsed WHERE key = ? AND kind = ?", (key, kind)
            ).fetchone()
        except sqlite3.Error:
            self._disable()
            return None
        if row is not None:
            self._seen.add(key)
        return bytes(row[0]) if row is not None else None

    def get_many(self, kind: str, keys: list[str]) -> dict[str, bytes]:
        """What files with these contents parsed to, for those the cache has."""
        db = self._connect()
        found: dict[str, bytes] = {}
        if db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, data FROM parsed WHERE kind = ? AND key IN ({marks})",
                    (kind, *chunk),
                ).fetchall()
                found.update((key, bytes(data)) for key, data in rows)
        except sqlite3.Error:
            self._disable()
            return {}
        self._seen.update(found)
        return found

    def known_state(self, name: str, state: FileState) -> tuple[str, bytes] | None:
        """The content key and SHA-256 recorded for the file ``name`` when it was in
        ``state``, or None (never hashed in that state, or hashed too soon after a change
        to tell, see :data:`RACY_SECONDS`)."""
        if self._files is None:
            self._files = self._load_files()
        known = self._files.get(name)
        if known is None or known[0] != state:
            return None
        self._seen.add(known[1])
        return known[1], known[2]

    def record_state(self, name: str, state: FileState, key: str, sha: bytes) -> None:
        """Remember the hash of the file ``name`` read in ``state`` (just now)."""
        if self.folder is None:
            return
        self._seen.add(key)
        recorded = time.time_ns()
        margin = int(RACY_SECONDS * 1e9)
        if max(state[3], state[4]) > recorded - margin:
            # Changed too recently to rely on its state later: hashed again next time.
            self._pending_files[name] = (state, key, sha, 0)
        else:
            self._pending_files[name] = (state, key, sha, 1)

    def _load_files(self) -> dict[str, tuple[FileState, str, bytes]]:
        db = self._connect()
        if db is None:
            return {}
        try:
            rows = db.execute(
                "SELECT name, dev, ino, size, mtime, ctime, key, sha FROM files"
            ).fetchall()
        except sqlite3.Error:
            self._disable()
            return {}
        return {
            name: ((dev, ino, size, mtime, ctime), key, bytes(sha))
            for name, dev, ino, size, mtime, ctime, key, sha in rows
        }

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Remember a parse; written with the others by :meth:`flush`."""
        if self.folder is None:
            return
        self._seen.add(key)
        self._pending.append((key, kind, data))
        if len(self._pending) >= 2000:
            self.flush()

    def flush(self) -> None:
        """Write what was remembered, in one transaction; failures are ignored."""
        if not self._pending and not self._pending_files:
            return
        db = self._connect()
        pending, self._pending = self._pending, []
        files, self._pending_files = self._pending_files, {}
        if db is None:
            return
        trusted = [(n, *st, k, sha) for n, (st, k, sha, ok) in files.items() if ok]
        racy = [(n,) for n, (_st, _k, _sha, ok) in files.items() if not ok]
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO parsed (key, kind, data) VALUES (?, ?, ?)", pending
                )
                db.executemany("DELETE FROM files WHERE name = ?", racy)
                db.executemany(
                    "INSERT OR REPLACE INTO files (name, dev, ino, size, mtime, ctime, key, sha) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    trusted,
                )
        except sqlite3.Error:
            self._disable()
            return
        if self._files is not None:
            for name, (state, key, sha, ok) in files.items():
                if ok:
                    self._files[name] = (state, key, sha)
                else:
                    self._files.pop(name, None)

    def put_latest(self, kind: str, key: str, data: bytes, keep: int = 4) -> None:
        """Remember a result of the whole store (``kind`` "events"), keeping only the
        ``keep`` latest of its kind; written at once. :meth:`prune` leaves these alone."""
        self.put(kind, key, data)
        self.flush()
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.execute(
                    "DELETE FROM parsed WHERE kind = ? AND rowid NOT IN (SELECT rowid FROM "
                    "parsed WHERE kind = ? ORDER BY rowid DESC LIMIT ?)",
                    (kind, kind, keep),
                )
        except sqlite3.Error:
            self._disable()

    def prune(self) -> None:
        """Forget entries of no file seen in this run, when the cache has many of them.

        Called after a command looked at every file of the store (by its state or its
        bytes), so what was not seen is of file versions gone (each edit leaves one
        behind). The grouping of the store into events (see :meth:`put_latest`) is kept.
        """
        db = self._connect()
        if db is None or not self._seen:
            return
        try:
            total = db.execute("SELECT COUNT(*) FROM parsed").fetchone()[0]
            if total <= 2 * len(self._seen) + 100:
                return
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM seen")
                db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", [(k,) for k in self._seen])
                db.execute(
                    "DELETE FROM parsed WHERE kind != 'events' "
                    "AND key NOT IN (SELECT key FROM seen)"
                )
                db.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM seen)")
        except sqlite3.Error:
            self._disable()

    def close(self) -> None:
        """Flush and close the database."""
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._opened = False

    def _disable(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._opened = True
        self.folder = None
        self._pending = []
        self._pending_files = {}
        self._files = {}
