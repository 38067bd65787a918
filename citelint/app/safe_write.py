"""Writing a fixed file: atomically, in place of the file only as it was read, and cleaning up after a killed run.

Kept apart from ``fixer``, which decides what the new text is; this module only puts it on disk.
"""

from __future__ import annotations

import os
import re


class FixError(Exception):
    """A file that could not be fixed, as one line naming it."""


def write_file(path: str, encoding: str, bom: bytes, old_text: str, new_text: str) -> None:
    """Replace the file's content atomically, only if it still holds ``old_text`` as it was read.

    The new bytes go to a temporary file in the same folder, which is synced,
    given the file's permissions and renamed over it (through a symbolic
    link, onto its target). Any failure leaves the file as it was.
    """
    import stat
    import tempfile

    target = os.path.realpath(path)
    data = bom + new_text.encode(encoding)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as error:
        raise FixError(f"{path}: cannot fix: {error.strerror or error}") from None
    if not os.access(target, os.W_OK):
        raise FixError(f"{path}: not fixed: the file is read-only")
    folder, name = os.path.split(target)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=_TEMPORARY)
    except OSError as error:
        raise FixError(f"{path}: not fixed: cannot write in its folder: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _keep_owner(temporary, target)
        # Checked last, just before the rename, to leave the least time for another writer.
        if _read(target) != bom + old_text.encode(encoding):
            raise FixError(f"{path}: not fixed: the file changed on disk since it was read; run citelint again")
        os.replace(temporary, target)
    except BaseException as error:  # an interrupt too: never leave the temporary file behind
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            raise FixError(f"{path}: not fixed: {error.strerror or error}") from None
        raise
    _sync_folder(folder)


_TEMPORARY = ".citelint-fix"
STALE_AFTER = 24 * 3600  # seconds: a temporary file this old is a killed fix's, whatever process holds its number now
_ORPHAN_AFTER = 60  # seconds: its process is gone, and no fix on another machine sharing the folder is this slow


def remove_stale_temporaries(path: str) -> list[str]:
    """Remove the temporary files a killed ``--fix`` of ``path`` left in its folder; the names removed.

    Only citelint's own (``.NAME.PID.XXXXXXXX.citelint-fix``), regular files of
    this user, whose process is gone (and a minute old), or a day old.
    """
    import stat
    import time

    folder, name = os.path.split(os.path.realpath(path))
    own = re.compile(re.escape(f".{name}.") + r"(\d+)\.[A-Za-z0-9_]{8}" + re.escape(_TEMPORARY))
    removed: list[str] = []
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = own.fullmatch(entry)
        if not found:
            continue
        candidate = os.path.join(folder, entry)
        try:
            status = os.lstat(candidate)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode) or (hasattr(os, "getuid") and status.st_uid != os.getuid()):
            continue
        age = now - status.st_mtime
        if age > STALE_AFTER or (age > _ORPHAN_AFTER and not _alive(int(found[1]))):
            try:
                os.unlink(candidate)
                removed.append(candidate)
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: signal 0 is Ctrl-C; the day-old rule serves
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or no way to tell: keep the file
    return True


def _keep_owner(temporary: str, target: str) -> None:
    """Give the new file the old one's owner and group, as far as this user may (a shared file keeps its group)."""
    if not hasattr(os, "chown"):
        return
    status = os.stat(target)
    try:
        os.chown(temporary, status.st_uid, status.st_gid)
    except PermissionError:
        try:
            os.chown(temporary, -1, status.st_gid)
        except PermissionError:
            pass


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _sync_folder(folder: str) -> None:
    """Make the rename durable; some systems cannot open a folder, and then it is the system's care."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
