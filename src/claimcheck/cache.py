"""What the store's files parse to, remembered by the hash of each file's content.

The claims files stay the reviewed record; this is only a memo of parsing them, so that a
check of a large store does not parse thousands of unchanged YAML files every time. It
lives in ``<store>/.claimcheck/cache.sqlite`` (the folder holds a ``.gitignore`` of its
own and the store's ``.gitignore`` lists it, so it is never committed).

It is never trusted over the files: every lookup is keyed by the SHA-256 of the bytes
just read from the file (with its name and the claimcheck version), so an edited file is
a miss and is parsed again, and only files that parsed without any problem are stored. A
cache that cannot be opened, read or written (read-only store, corrupt database, another
process writing) is ignored: the files are parsed as if there were none.
``CLAIMCHECK_CACHE=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

from claimcheck import __version__

__all__ = ["CACHE_DIR", "ParseCache", "content_key"]

#: Folder inside the store that holds the cache.
CACHE_DIR = ".claimcheck"
_DATABASE = "cache.sqlite"
#: Bumped when what is stored changes shape.
_SCHEMA = 1


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
            db.execute(
                "CREATE TABLE IF NOT EXISTS parsed "
                "(key TEXT PRIMARY KEY, kind TEXT NOT NULL, data BLOB NOT NULL)"
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
        if not self._pending:
            return
        db = self._connect()
        pending, self._pending = self._pending, []
        if db is None:
            return
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO parsed (key, kind, data) VALUES (?, ?, ?)", pending
                )
        except sqlite3.Error:
            self._disable()

    def prune(self) -> None:
        """Forget entries of no file seen in this run, when the cache has many of them.

        Called after a command read every file of the store, so what was not looked up is
        of file versions gone (each edit leaves one behind).
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
                db.execute("DELETE FROM parsed WHERE key NOT IN (SELECT key FROM seen)")
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
