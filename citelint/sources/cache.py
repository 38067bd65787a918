"""The response cache: where it lives, how answers are stored and found, ``cache info|clear``.

Answers are stored in requests-cache's SQLite storage (WAL, so several
citelint processes, e.g. parallel pre-commit hooks, can share one file).
Keys are built by citelint from the request URL without ``mailto``, and only
the status and body are stored, so neither the e-mail nor the Plus token
ever reaches the disk. Crossref sends no Cache-Control or validators, so each
answer gets its lifetime here: records 30 days, searches 7 days, unknown
DOIs 1 day (a DOI may be registered tomorrow).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import struct
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citelint.sources.settings import SourceSettings

FILE_NAME = "crossref.sqlite"
RECORD_LIFETIME = timedelta(days=30)
SEARCH_LIFETIME = timedelta(days=7)
NOT_FOUND_LIFETIME = timedelta(days=1)
BUSY_TIMEOUT_MS = 30_000  # another process writing: wait, do not fail

logger = logging.getLogger(__name__)


def cache_path(settings: SourceSettings, file_name: str = FILE_NAME) -> Path:
    """Where one source's cache lives; each source has its own file (``file_name``) in one folder."""
    if settings.cache_dir is not None:
        return settings.cache_dir / file_name
    import platformdirs

    return Path(platformdirs.user_cache_dir("citelint", appauthor=False)) / file_name


@dataclass(frozen=True)
class Cached:
    status: int
    content: bytes
    expires: float  # Unix time

    @property
    def expired(self) -> bool:
        return self.expires <= time.time()


# A stored answer is its status, its expiry and its body: no request, so no e-mail or token,
# and no pickle (a cache file is not a trusted input). Decoding costs microseconds, which
# keeps a warm run of thousands of references fast.
_HEADER = struct.Struct("!Hd")


class ResponseCache:
    """Stored answers by key; a storage failure is a cache miss, never a failed run."""

    def __init__(self, path: Path) -> None:
        from requests_cache.backends.sqlite import SQLiteDict

        self.path = path
        self._table = SQLiteDict(path, table_name="responses", serializer=None, wal=True, busy_timeout=BUSY_TIMEOUT_MS)

    def load(self, key: str, *, allow_stale: bool = False) -> Cached | None:
        try:
            value = self._table.get(key)
            if value is None:
                return None
            status, expires = _HEADER.unpack_from(value)
        except (sqlite3.Error, struct.error, TypeError) as error:
            logger.warning("cache read failed for %s: %s", key, error)
            return None
        cached = Cached(status, bytes(value[_HEADER.size :]), expires)
        return None if cached.expired and not allow_stale else cached

    def store(self, key: str, status: int, content: bytes, lifetime: timedelta) -> None:
        value = _HEADER.pack(status, time.time() + lifetime.total_seconds()) + content
        try:
            self._table[key] = value
        except sqlite3.Error as error:
            logger.warning("cache write failed for %s: %s", key, error)


def open_cache(settings: SourceSettings, file_name: str = FILE_NAME) -> tuple[ResponseCache | None, list[str]]:
    """The cache for these settings (None if it cannot be used), and one-line notices for the user."""
    path = cache_path(settings, file_name)
    notices = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not _healthy(path):
            notices.append(_moved_aside(path))
        try:
            return ResponseCache(path), notices
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:
            # Damaged between the check and the open (by another process?): once more.
            notices.append(_moved_aside(path))
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
        with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
            (entries,) = connection.execute("SELECT COUNT(*) FROM responses").fetchone()
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


def _healthy(path: Path) -> bool:
    """A cheap check run at every start: the file is an SQLite database whose schema reads.

    Damage deeper inside surfaces as a failed read later, which is a cache miss.
    """
    if not path.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        return True  # locked by another process for longer than the timeout: busy, not broken
    except sqlite3.DatabaseError:
        return False
    return True


def _moved_aside(path: Path) -> str:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    for part, suffix in zip(_files(path), ("", "-wal", "-shm")):
        # Another process may have moved it first: that is the same outcome.
        with contextlib.suppress(FileNotFoundError):
            part.replace(aside.with_name(aside.name + suffix))
    return f"the response cache {path} was corrupt; moved it to {aside} and started a new one"


def _files(path: Path) -> tuple[Path, Path, Path]:
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _human(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MB"
