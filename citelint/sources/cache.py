"""The response cache: where it lives, how answers are stored and found, ``cache info|clear``.

Answers live in an SQLite file of citelint's own schema, reached through
``sqlite3`` with bound parameters only: nothing from a reference is ever
spliced into SQL. A key is the SHA-256 of the request (URL and query, without
``mailto``), and only the status, the expiry and the body are stored, so
neither the e-mail nor the Plus token ever reaches the disk, and a key of any
length or content costs 32 bytes.

Each thread has its own connection (a connection shared between threads
loses answers); the file is in WAL mode with a busy timeout, so several
citelint processes (parallel pre-commit hooks) share it. ``PRAGMA
user_version`` holds the schema version: a file of another version is
emptied and rebuilt, so a new citelint can change what it keeps (decisions,
compact answers) by adding tables and raising ``SCHEMA_VERSION``.

A file damaged behind a valid header shows up as the first read or write
that fails with SQLite's "malformed": it is moved aside and rebuilt once,
with one notice. A cache in a folder citelint may not write is still read
(opened read-only); what is fetched is simply not stored.

Crossref sends no Cache-Control or validators, so each answer gets its
lifetime here: records 30 days, searches 7 days, unknown DOIs 1 day (a DOI
may be registered tomorrow).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from citelint.sources.settings import SourceSettings

FILE_NAME = "crossref.sqlite"
SCHEMA_VERSION = 2  # 1 was requests-cache's table; raise on every change of the tables below
RECORD_LIFETIME = timedelta(days=30)
SEARCH_LIFETIME = timedelta(days=7)
NOT_FOUND_LIFETIME = timedelta(days=1)
BUSY_TIMEOUT_MS = 30_000  # another process writing: wait, do not fail

_SCHEMA = (
    (
        "CREATE TABLE IF NOT EXISTS answers ("
        " key BLOB PRIMARY KEY, status INTEGER NOT NULL, expires REAL NOT NULL, body BLOB NOT NULL"
        ") WITHOUT ROWID"
    ),
)

logger = logging.getLogger(__name__)


def cache_path(settings: SourceSettings, file_name: str = FILE_NAME) -> Path:
    """Where one source's cache lives; each source has its own file (``file_name``) in one folder."""
    return cache_folder(settings) / file_name


def cache_folder(settings: SourceSettings) -> Path:
    if settings.cache_dir is not None:
        return settings.cache_dir
    import platformdirs

    return Path(platformdirs.user_cache_dir("citelint", appauthor=False))


def hashed_key(key: str) -> bytes:
    """The stored form of a request key: fixed size, and no trace of what was asked."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class Cached:
    status: int
    content: bytes
    expires: float  # Unix time

    @property
    def expired(self) -> bool:
        return self.expires <= time.time()


class ResponseCache:
    """Stored answers by key; a storage failure is a cache miss, never a failed run."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.notices: list[str] = []  # said once each, during the run (a rebuild, a write refused)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._generation = 0  # raised by a rebuild: every thread reconnects
        self._rebuilt = False
        self._disabled = False
        self._inode = self._prepare()

    # -- the typed API ---------------------------------------------------------------------

    def load(self, key: str, *, allow_stale: bool = False) -> Cached | None:
        row = self._run("SELECT status, expires, body FROM answers WHERE key = ?", (hashed_key(key),), fetch=True)
        if row is None:
            return None
        status, expires, body = row
        if not (isinstance(status, int) and isinstance(expires, float) and isinstance(body, bytes)):
            return None  # a row this version did not write
        cached = Cached(status, body, expires)
        return None if cached.expired and not allow_stale else cached

    def store(self, key: str, status: int, content: bytes, lifetime: timedelta) -> None:
        if self.read_only:
            return
        self._run("INSERT OR REPLACE INTO answers (key, status, expires, body) VALUES (?, ?, ?, ?)",
                  (hashed_key(key), status, time.time() + lifetime.total_seconds(), content), fetch=False)

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
            self._connections.clear()
            self._generation += 1

    # -- connections, damage and rebuilding ------------------------------------------------

    def _run(self, sql: str, parameters: tuple[object, ...], *, fetch: bool) -> tuple[object, ...] | None:
        for _ in range(2):  # once more after a rebuild
            if self._disabled:
                return None
            try:
                cursor = self._connection().execute(sql, parameters)
                return cursor.fetchone() if fetch else None
            except sqlite3.OperationalError as error:
                # Busy beyond the timeout, a full disk, a folder made read-only: this answer only.
                if not fetch and "readonly" in str(error):
                    self._say(f"the response cache {self.path} cannot be written ({error}); "
                              "answers are read from it but new ones are not stored")
                    self.read_only = True
                logger.debug("cache %s: %s", self.path, error)
                return None
            except sqlite3.DatabaseError as error:  # "database disk image is malformed", "not a database"
                self._rebuild(error)
        return None

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and self._local.generation == self._generation:
            return connection
        connection = _connect(self.path, read_only=self.read_only)
        with self._lock:
            self._connections.append(connection)
            self._local.connection, self._local.generation = connection, self._generation
        return connection

    def _prepare(self) -> int | None:
        """Open the file, create or rebuild the schema, and return the file's inode."""
        if self.read_only:
            connection = self._connection()
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version is not {SCHEMA_VERSION}")
        else:
            with contextlib.closing(_connect(self.path, read_only=False)) as connection:
                _create_schema(connection)
        return _inode(self.path)

    def _rebuild(self, error: sqlite3.DatabaseError) -> None:
        with self._lock:
            if self._disabled:
                return
            if self._rebuilt or self.read_only:
                self._disabled = True
                self._say(f"the response cache {self.path} is damaged ({error}); it is not used for the rest of the run")
                return
            self._rebuilt = True
            for connection in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
            self._connections.clear()
            self._generation += 1
            # Another process may have rebuilt it already: then the file at the path is new and sound.
            if _inode(self.path) == self._inode:
                aside = move_aside(self.path)
                self._say(f"the response cache {self.path} was damaged ({error}); "
                          f"moved it to {aside} and started a new one")
            try:
                self._inode = self._prepare()
            except sqlite3.Error as again:
                self._disabled = True
                self._say(f"the response cache {self.path} cannot be rebuilt ({again}); looking everything up afresh")

    def _say(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)


def open_cache(settings: SourceSettings, file_name: str = FILE_NAME) -> tuple[ResponseCache | None, list[str]]:
    """The cache for these settings (None if it cannot be used), and one-line notices for the user."""
    path = cache_path(settings, file_name)
    notices: list[str] = []
    try:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.is_dir():
            raise OSError(f"{path.parent} is not a folder")
        if not _writable(path):
            if not path.is_file():
                raise OSError("the folder cannot be written and holds no cache yet")
            cache = ResponseCache(path, read_only=True)
            return cache, [f"the response cache {path} is read-only: its answers are used, new ones are not stored"]
        try:
            return ResponseCache(path), notices
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as error:
            # Not an SQLite file, or its header and schema are damaged.
            notices.append(f"the response cache {path} was damaged ({error}); moved it to {move_aside(path)} "
                           "and started a new one")
            return ResponseCache(path), notices
    except (OSError, sqlite3.Error) as error:
        notices.append(f"the response cache {path} cannot be used ({error}); looking everything up afresh")
        return None, notices


def info(settings: SourceSettings, file_name: str = FILE_NAME) -> str:
    path = cache_path(settings, file_name)
    lines = [f"path: {path}"]
    if not path.exists():
        return "\n".join([*lines, "size: 0 bytes (no cache yet)", "entries: 0"])
    size = sum(part.stat().st_size for part in _files(path) if part.exists())
    lines.append(f"size: {_human(size)}")
    try:
        with contextlib.closing(_connect(path, read_only=True)) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            entries = connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0] if version == SCHEMA_VERSION else 0
        lines.append(f"entries: {entries}")
    except sqlite3.Error as error:
        lines.append(f"entries: unreadable ({error}); `citelint cache clear` starts afresh")
    return "\n".join(lines)


def clear(settings: SourceSettings, file_name: str = FILE_NAME) -> str:
    path = cache_path(settings, file_name)
    removed = 0
    for part in _files(path):
        if part.exists():
            removed += part.stat().st_size
            part.unlink()
    return f"removed {_human(removed)} from {path}" if removed else f"nothing to remove at {path}"


def move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    for part, suffix in zip(_files(path), ("", "-wal", "-shm")):
        # Another process may have moved it first: that is the same outcome.
        with contextlib.suppress(FileNotFoundError):
            part.replace(aside.with_name(aside.name + suffix))
    return aside


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        # immutable: no -shm or -wal is created (the folder may not be writable) and no lock taken.
        immutable = "" if os.access(path.parent, os.W_OK) else "&immutable=1"
        target, uri = f"file:{quote(str(path))}?mode=ro{immutable}", True
    else:
        target, uri = str(path), False
    # Autocommit: every statement is its own transaction, which is all the cache needs.
    connection = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against crashes, a lost last write at worst
    return connection


def _create_schema(connection: sqlite3.Connection) -> None:
    """Create the tables, or empty and recreate them when the file holds another version."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Checked again under the write lock: another process may have just done it.
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            tables = [name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            for table in tables:
                quoted = table.replace('"', '""')  # a name read from the file, which is not trusted input
                connection.execute(f'DROP TABLE "{quoted}"')
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _writable(path: Path) -> bool:
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _files(path: Path) -> tuple[Path, Path, Path]:
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _human(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MB"
