"""The response cache: reuse, lifetimes, refresh, offline, secrets, corruption, sharing, info/clear."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from citelint.sources import NotInCache
from citelint.sources import cache as response_cache
from citelint.sources.cache import FILE_NAME, Cached, ResponseCache
from citelint.sources.settings import SourceSettings
from tests.sources.conftest import MAILTO

PLOS = "10.1371/journal.pone.0020476"
ROOT = Path(__file__).resolve().parents[2]


def stored_expiries(path: Path) -> list[float]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return sorted(expires for (expires,) in connection.execute("SELECT expires FROM answers"))


def test_second_run_makes_no_request(make_source, crossref_server):
    first = make_source()
    expected = (first.work(PLOS), first.work("10.1371/notarealdoi"), first.search("interviews saturation"))
    assert len(crossref_server.requests()) == 3
    second = make_source()
    assert (second.work(PLOS), second.work("10.1371/notarealdoi"), second.search("interviews saturation")) == expected
    assert len(crossref_server.requests()) == 3


def test_contact_address_does_not_split_the_cache(make_source, crossref_server):
    make_source(mailto="first@example.org").work(PLOS)
    make_source(mailto="second@example.org").work(PLOS)
    make_source(mailto=None).work(PLOS)
    assert len(crossref_server.requests()) == 1


def test_lifetimes_by_kind_of_answer(make_source, tmp_path):
    source = make_source()
    source.work(PLOS)
    source.work("10.1371/notarealdoi")
    source.search("interviews")
    now = time.time()
    lifetimes = [(expires - now) / 86400 for expires in stored_expiries(tmp_path / "cache" / FILE_NAME)]
    # The unknown DOI, the search, the record.
    assert lifetimes == [pytest.approx(1, abs=0.01), pytest.approx(7, abs=0.01), pytest.approx(30, abs=0.01)]


def test_refresh_ignores_cached_answers_and_stores_fresh_ones(make_source, crossref_server):
    make_source().work(PLOS)
    crossref_server.works[PLOS] = crossref_server.works[PLOS].replace(b"Delphi", b"Oracle")
    try:
        assert "Oracle" in make_source(refresh=True).work(PLOS)["title"][0]
        assert len(crossref_server.requests()) == 2
        assert "Oracle" in make_source().work(PLOS)["title"][0]
        assert len(crossref_server.requests()) == 2
    finally:
        crossref_server.works[PLOS] = crossref_server.works[PLOS].replace(b"Oracle", b"Delphi")


def test_offline_uses_the_cache_only(make_source, crossref_server):
    make_source().work(PLOS)
    make_source().work("10.1371/notarealdoi")
    offline = make_source(offline=True)
    assert offline.work(PLOS)["DOI"] == PLOS
    assert offline.work("10.1371/notarealdoi") is None
    with pytest.raises(NotInCache):
        offline.work("10.1038/srep16696")
    with pytest.raises(NotInCache):
        offline.search("never searched")
    assert len(crossref_server.requests()) == 2
    assert offline.hint is None


def test_offline_without_cache_knows_nothing(make_source, crossref_server):
    with pytest.raises(NotInCache):
        make_source(offline=True, use_cache=False).work(PLOS)
    assert crossref_server.requests() == []


def test_no_cache_neither_reads_nor_writes(make_source, crossref_server, tmp_path):
    source = make_source(use_cache=False)
    source.work(PLOS)
    source.work(PLOS)
    assert len(crossref_server.requests()) == 2
    assert not (tmp_path / "cache").exists()


def test_expired_answers_are_refetched_but_serve_offline(tmp_path):
    cache = ResponseCache(tmp_path / FILE_NAME)
    cache.store("key", 200, b'{"message": {}}', timedelta(seconds=-1))
    assert cache.load("key") is None
    stale = cache.load("key", allow_stale=True)
    assert stale == Cached(200, b'{"message": {}}', stale.expires)
    assert stale.expired


def test_contact_and_token_never_reach_the_disk(make_source, tmp_path):
    source = make_source(plus_token="tok-SECRET-123")
    source.work(PLOS)
    source.work("10.1371/notarealdoi")
    source.search("interviews")
    files = list((tmp_path / "cache").iterdir())
    assert any(path.name == FILE_NAME for path in files)
    data = b"".join(path.read_bytes() for path in files)
    assert b"journal.pone.0020476" in data  # the grep would find them if they were there
    assert MAILTO.encode() not in data
    assert b"secret-mail" not in data
    assert b"tok-SECRET" not in data


def test_corrupt_cache_is_moved_aside_and_rebuilt(make_source, crossref_server, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"this is not an SQLite database" * 100)
    source = make_source()
    assert len(source.notices) == 1 and "corrupt" in source.notices[0]
    assert source.work(PLOS)["DOI"] == PLOS
    assert [path.name for path in folder.iterdir() if ".corrupt-" in path.name]
    assert make_source().notices == ()
    make_source().work(PLOS)
    assert len(crossref_server.requests()) == 1


def test_damage_inside_the_file_is_a_miss_not_a_failure(make_source, crossref_server, tmp_path):
    make_source().work(PLOS)
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as connection:
        connection.execute("UPDATE answers SET body = x'00ff00ff'")
    assert make_source().work(PLOS)["DOI"] == PLOS
    assert len(crossref_server.requests()) == 2


def test_two_processes_share_one_cache(crossref_server, tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from citelint.sources.crossref import CrossrefSource
        from citelint.sources.limiter import Limiter
        from citelint.sources.settings import SourceSettings
        from tests.sources.conftest import FAST, QUICK
        settings = SourceSettings(crossref_url={crossref_server.url!r}, cache_dir=Path({str(tmp_path)!r}),
                                  mailto="x@example.org")
        source = CrossrefSource(settings, limiter=Limiter(FAST), policy=QUICK)
        for doi in sorted(source_doi for source_doi in {sorted(crossref_server.works)!r}):
            assert source.work(doi)["DOI"].lower() == doi
            source.search(doi + " " + sys.argv[1])
        print("ok")
    """)
    runs = [subprocess.Popen([sys.executable, "-c", script, tag], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    entries = len(stored_expiries(tmp_path / FILE_NAME))
    assert entries == 3 * len(crossref_server.works)  # shared DOIs once, each process's searches


def test_info_and_clear(make_source, tmp_path):
    settings = SourceSettings(cache_dir=tmp_path / "cache")
    assert "entries: 0" in response_cache.info(settings)
    source = make_source()
    source.work(PLOS)
    source.search("interviews")
    info = response_cache.info(settings)
    assert f"path: {tmp_path / 'cache' / FILE_NAME}" in info
    assert "entries: 2" in info
    assert "size: " in info
    assert "removed" in response_cache.clear(settings)
    assert "entries: 0" in response_cache.info(settings)
    assert "nothing to remove" in response_cache.clear(settings)


def test_default_location_is_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert response_cache.cache_path(SourceSettings()) == tmp_path / "citelint" / FILE_NAME


def test_an_unusable_cache_folder_means_no_cache_not_a_failure(make_source, crossref_server, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    source = make_source(cache_dir=blocker / "cache")
    assert "cannot be used" in source.notices[0]
    assert source.work(PLOS)["DOI"] == PLOS
