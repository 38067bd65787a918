"""How fast DataCite answers DOIs Crossref does not know, against the fake DataCite on 127.0.0.1.

Generates N DataCite records (fixed seed), then prints: cold lookups (network
to the local fake, client-side limits lifted, 4 threads), warm lookups (a new
source on the same cache, as a second run), ``check_unknown_doi`` per
reference on a warm cache, and the steady rate the real limiter allows
(DataCite's identified tier, 1000 per 5 minutes).

    .venv/bin/python bench/datacite_speed.py [N]
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citelint.model import Match
from citelint.sources.datacite import IDENTIFIED, DataCiteSource, check_unknown_doi
from citelint.sources.limiter import SINGLE, Limiter, PoolLimits, RouteLimit
from citelint.sources.settings import SourceSettings
from tests.datacite_server import FakeDataCite
from tests.helpers import make_reference

WORDS = ["sea", "surface", "temperature", "salinity", "glacier", "mass", "balance", "soil", "carbon", "flux", "model", "code", "release", "survey"]
UNLIMITED = PoolLimits({SINGLE: RouteLimit(100_000, 1.0)}, concurrency=4)


def write_records(folder: Path, count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(7)
    made = []
    for number in range(count):
        doi = f"10.5281/zenodo.{1000000 + number}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize() + f" {number}"
        family = rng.choice(["Okonkwo", "Lindqvist", "Moreau", "Tanaka", "Garcia"])
        attributes = {"doi": doi, "titles": [{"title": title}], "publisher": "Zenodo", "publicationYear": 2020,
                      "creators": [{"name": f"{family}, Ann", "nameType": "Personal", "givenName": "Ann",
                                    "familyName": family}],
                      "types": {"resourceTypeGeneral": rng.choice(["Dataset", "Software"])}, "container": {},
                      "relatedIdentifiers": []}
        (folder / f"{number}.json").write_text(json.dumps({"data": {"id": doi, "type": "dois",
                                                                     "attributes": attributes}}))
        made.append((doi, title, family))
    return made


def main(count: int) -> None:
    os.environ["NO_PROXY"] = "127.0.0.1"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "dois")
        folder.mkdir()
        made = write_records(folder, count)
        with FakeDataCite(dois_dir=folder) as server:
            settings = SourceSettings(cache_dir=Path(scratch, "cache"), mailto="bench@example.org")

            def source() -> DataCiteSource:
                return DataCiteSource(settings, url=server.url, limiter=Limiter(UNLIMITED))

            cold = source()
            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(cold.work, [doi for doi, _, _ in made]))
            elapsed = time.perf_counter() - started
            print(f"cold: {count} lookups in {elapsed:.2f} s ({count / elapsed:.0f}/s, 4 threads, fake server)")

            warm = source()
            requests_before = len(server.requests())
            started = time.perf_counter()
            for doi, _, _ in made:
                warm.work(doi)
            elapsed = time.perf_counter() - started
            print(f"warm: {count} lookups in {elapsed:.3f} s ({elapsed / count * 1e6:.0f} us each), "
                  f"{len(server.requests()) - requests_before} requests")

            unknown = Match(status="not-found", source="crossref", doi_status="unknown")
            references = [make_reference(f"{family}, A. (2020). {title}. Zenodo. doi:{doi}", authors=[f"{family}, A."],
                                         year="2020", title=title, publisher="Zenodo", doi=doi)
                          for doi, title, family in made]
            started = time.perf_counter()
            results = [check_unknown_doi(reference, unknown, warm) for reference in references]
            elapsed = time.perf_counter() - started
            matched = sum(result.status == "matched" for result in results)
            print(f"check_unknown_doi (warm cache): {elapsed / count * 1e6:.0f} us per reference, "
                  f"{matched}/{count} matched via DataCite")

            sample = min(count, 40)
            burst = IDENTIFIED.routes[SINGLE].limit
            limited = DataCiteSource(SourceSettings(mailto="bench@example.org", use_cache=False), url=server.url,
                                     limiter=Limiter(IDENTIFIED))
            server.reset()
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(limited.work, [doi for doi, _, _ in made[:sample]]))
            arrivals = [seen.at for seen in server.requests()]
            # After the first burst the limiter settles to its steady rate: that is what a long run sees.
            steady = (len(arrivals) - burst) / (arrivals[-1] - arrivals[burst - 1])
            print(f"real limits (identified tier): {sample} lookups, first {burst} at once, then {steady:.2f}/s "
                  f"= {steady * 300:.0f} per 5 min (DataCite allows 1000)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
