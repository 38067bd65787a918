"""The cache's own storage: hostile keys, threads, processes, damaged files, old versions, read-only folders."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from citelint.sources.cache import FILE_NAME, SCHEMA_VERSION, ResponseCache, open_cache
from citelint.sources.settings import SourceSettings

ROOT = Path(__file__).resolve().parents[2]
DAY = timedelta(days=1)

HOSTILE_KEYS = [
    "GET /works?query=Alzheimer's disease",
    "GET /works?query=O'Brien 2004",
    "' OR key LIKE '%",
    "x' OR '1'='1",
    '"; DROP TABLE answers; --',
    "NUL \x00 inside",
    "lone surrogate \ud800",
    "GET /works?query=" + "very long reference " * 250_000,  # 5 MB
]


def test_hostile_keys_are_stored_and_found_as_themselves(tmp_path):
    cache = ResponseCache(tmp_path / FILE_NAME)
    for number, key in enumerate(HOSTILE_KEYS):
        cache.store(key, 200, f"answer {number}".encode(), DAY)
    for number, key in enumerate(HOSTILE_KEYS):
        found = cache.load(key)
        assert found is not None and found.content == f"answer {number}".encode()
    # A crafted key finds nothing of anyone else's.
    assert cache.load("' OR key LIKE '%' --") is None
    assert cache.load("%") is None
    assert cache.load("") is None


def test_keys_are_not_stored_readably(tmp_path):
    cache = ResponseCache(tmp_path / FILE_NAME)
    cache.store("GET /works?query=O'Brien mailto=someone@example.org", 200, b"{}", DAY)
    cache.close()
    data = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"O'Brien" not in data and b"someone@" not in data


def test_many_threads_share_one_cache(tmp_path):
    cache = ResponseCache(tmp_path / FILE_NAME)
    problems: list[str] = []

    def hammer(worker: int) -> None:
        for round_ in range(150):
            own, shared = f"worker {worker} round {round_}", f"shared {round_ % 10}"
            cache.store(own, 200, own.encode(), DAY)
            cache.store(shared, 200, b"shared", DAY)
            found = cache.load(own)
            if found is None or found.content != own.encode():
                problems.append(f"{own}: {found}")
            found = cache.load(shared)
            if found is None or found.content != b"shared":
                problems.append(f"{shared}: {found}")

    workers = [threading.Thread(target=hammer, args=(number,)) for number in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert problems == []
    assert cache.notices == []
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 12 * 150 + 10


def test_two_processes_write_and_read_at_once(tmp_path):
    script = textwrap.dedent("""
        import sys
        from datetime import timedelta
        from pathlib import Path
        from citelint.sources.cache import ResponseCache
        cache = ResponseCache(Path(sys.argv[1]))
        missing = 0
        for number in range(400):
            cache.store(f"{sys.argv[2]} {number}", 200, b"mine", timedelta(days=1))
            cache.store(f"shared {number % 20}", 200, b"shared", timedelta(days=1))
            found = cache.load(f"{sys.argv[2]} {number}")
            missing += found is None or found.content != b"mine"
        print(missing, cache.notices)
    """)
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / FILE_NAME), tag], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["0 []", "0 []"]
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 2 * 400 + 20


def _damage_pages_behind_the_header(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * page_size
    # Page 1 (the header and the schema) stays valid; every page after it is noise.
    data[page_size:] = bytes((index * 37 + 11) % 256 for index in range(len(data) - page_size))
    path.write_bytes(bytes(data))


def test_damaged_pages_behind_a_valid_header_are_rebuilt_once(tmp_path):
    path = tmp_path / FILE_NAME
    cache = ResponseCache(path)
    for number in range(300):
        cache.store(f"key {number}", 200, b"x" * 2000, DAY)
    cache.close()
    _damage_pages_behind_the_header(path)

    damaged, notices = open_cache(SourceSettings(cache_dir=tmp_path))
    assert damaged is not None and notices == []  # the header reads: nothing seen yet
    assert damaged.load("key 1") is None  # the damage is met here, and rebuilt
    assert len(damaged.notices) == 1 and "damaged" in damaged.notices[0]
    for number in range(50):
        assert damaged.load(f"key {number}") is None
        damaged.store(f"new {number}", 200, b"fresh", DAY)
        assert damaged.load(f"new {number}").content == b"fresh"
    assert len(damaged.notices) == 1
    assert [part.name for part in tmp_path.iterdir() if ".corrupt-" in part.name]
    damaged.close()

    again, notices = open_cache(SourceSettings(cache_dir=tmp_path))
    assert notices == [] and again.load("new 3").content == b"fresh" and again.notices == []


def test_a_file_that_is_not_a_database_is_moved_aside(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"not an SQLite file " * 500)
    cache, notices = open_cache(SourceSettings(cache_dir=tmp_path))
    assert cache is not None and len(notices) == 1 and "damaged" in notices[0]
    cache.store("k", 200, b"v", DAY)
    assert cache.load("k").content == b"v"


def test_a_file_of_another_schema_version_is_rebuilt_quietly(tmp_path):
    path = tmp_path / FILE_NAME
    with contextlib.closing(sqlite3.connect(path)) as connection:  # what requests-cache left behind
        connection.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, value BLOB)")
        connection.execute("INSERT INTO responses VALUES ('GET x', x'00')")
        connection.commit()
    cache, notices = open_cache(SourceSettings(cache_dir=tmp_path))
    assert cache is not None and notices == []
    cache.store("k", 200, b"v", DAY)
    cache.close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"answers"}


_READER = textwrap.dedent("""
    import sys
    from datetime import timedelta
    from pathlib import Path
    from citelint.sources.cache import open_cache
    from citelint.sources.settings import SourceSettings
    cache, notices = open_cache(SourceSettings(cache_dir=Path(sys.argv[1])))
    found = [cache.load(f"key {number}") for number in range(20)]
    for number in range(20):
        cache.store(f"new {number}", 200, b"new", timedelta(days=1))
    print(sum(1 for answer in found if answer is not None and answer.content == b"warm"), len(notices),
          cache.load("new 1") is None, cache.notices)
""")


def _without_root_powers() -> list[str]:
    """A command prefix under which file permissions bind: root ignores them unless its powers are dropped."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def test_a_warm_cache_in_a_read_only_folder_is_still_read(tmp_path):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "cache"
        folder.mkdir()
        cache = ResponseCache(folder / FILE_NAME)
        for number in range(20):
            cache.store(f"key {number}", 200, b"warm", DAY)
        cache.close()
        os.chmod(scratch, 0o755)
        os.chmod(folder / FILE_NAME, 0o444)
        os.chmod(folder, 0o555)
        try:
            run = subprocess.run([*_without_root_powers(), sys.executable, "-c", _READER, str(folder)], cwd=ROOT,
                                 capture_output=True, text=True, timeout=120, check=False)
            listing = sorted(part.name for part in folder.iterdir())
        finally:
            os.chmod(folder, stat.S_IRWXU)
    assert run.returncode == 0, run.stderr
    # All 20 warm answers read, one notice at the start, nothing stored, nothing said during the run.
    assert run.stdout.split() == ["20", "1", "True", "[]"], run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "malformed" not in run.stderr
    assert listing == [FILE_NAME]


@pytest.mark.parametrize("key", HOSTILE_KEYS[:6])
def test_hostile_search_text_end_to_end(make_source, crossref_server, key):
    crossref_server.searches[key] = [{"DOI": "10.1234/one", "title": ["One"]}]
    crossref_server.searches["anything else"] = [{"DOI": "10.1234/two", "title": ["Two"]}]
    if "\x00" in key:
        pytest.skip("the test server's URL handling cannot carry a NUL")
    assert make_source().search(key)[0]["DOI"] == "10.1234/one"
    assert make_source().search("anything else")[0]["DOI"] == "10.1234/two"
    assert make_source().search(key)[0]["DOI"] == "10.1234/one"
    assert len(crossref_server.requests()) == 2
