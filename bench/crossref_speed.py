"""How fast citelint looks references up, against a local fake Crossref that enforces the limits.

Prints figures; asserts nothing. Three measurements:

1. cold, 200 references (100 with DOIs, 100 without), the real polite-pool limits
   (10 DOI lookups/s, 3 searches/s, 3 in flight), 100-400 ms latency, server
   answering 429 when a limit is exceeded. Bound: the two budgets run in
   parallel, so max(DOI lookups / 10, searches / 3) s ~ 33 s.
2. the same for the public pool (5/s, 1/s, 1 in flight; bound ~ 100 s), with
   intervals and latency scaled down 5x (the server advertises 200 ms) to keep the run short.
3. warm cache, 10,000 references (5,000 + 5,000): wall time and peak memory,
   in a fresh process (cache filled first through the same client).

    .venv/bin/python bench/crossref_speed.py            # all three
    .venv/bin/python bench/crossref_speed.py --only cold
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.match.lookup import lookup_all
from citelint.model import Match, Reference
from citelint.sources.crossref import CrossrefSource
from citelint.sources.limiter import (
    LIST,
    POLITE,
    PUBLIC,
    SINGLE,
    Limiter,
    PoolLimits,
    RouteLimit,
)
from citelint.sources.settings import SourceSettings
from tests.crossref_server import FakeCrossref
from tests.helpers import make_reference

PREFIX = "10.5555/bench."
WORDS = [
    "adaptive", "sparse", "coding", "retrieval", "kinetics", "lattice", "coastal", "erosion",
    "protein", "folding", "bayesian", "inference", "glacier", "dynamics", "neural", "plasticity",
    "urban", "heat", "soil", "carbon", "graph", "spectral", "thermal", "transport", "enzyme",
    "catalysis", "fluvial", "sediment", "quantum", "dot", "cohort",
]


def synthetic_work(doi: str) -> dict[str, Any] | None:
    if not doi.startswith(PREFIX):
        return None
    number = int(doi[len(PREFIX):])
    year = 2000 + number % 20
    return {
        "DOI": doi, "type": "journal-article", "title": [_title(number)],
        "author": [{"given": "Ada", "family": f"Lovel{number}", "sequence": "first"}],
        "container-title": ["Journal of Benchmarks"], "volume": str(number % 50 + 1),
        "page": f"{number % 900 + 1}-{number % 900 + 12}",
        "issued": {"date-parts": [[year]]}, "published-print": {"date-parts": [[year]]},
    }


def _title(number: int) -> str:
    rng = random.Random(number)
    return " ".join(rng.sample(WORDS, 6)).capitalize() + f" {number}"


def references(count: int) -> list[Reference]:
    """Half with a DOI (records the server knows), half without (searched)."""
    made = []
    for number in range(count):
        work = synthetic_work(f"{PREFIX}{number}")
        assert work is not None
        title, year = work["title"][0], str(work["issued"]["date-parts"][0][0])
        text = f"Lovel{number}, A. ({year}). {title}. Journal of Benchmarks, {work['volume']}, {work['page']}."
        doi = work["DOI"] if number % 2 == 0 else None
        if doi:
            text += f" https://doi.org/{doi}"
        made.append(make_reference(text, authors=[f"Lovel{number}, A."], index=number + 1, year=year, title=title,
                                   container="Journal of Benchmarks", volume=work["volume"], pages=work["page"],
                                   doi=doi))
    return made


def matcher(source: CrossrefSource, real: bool = True) -> tuple[str, Callable[[Reference], Match]]:
    """citelint's matcher when it exists (and ``real``), else the lookups alone."""
    def trivial(reference: Reference) -> Match:
        if reference.doi:
            return Match(status="matched" if source.work(reference.doi) else "not-found")
        return Match(status="matched" if source.search(reference.text) else "not-found")

    try:
        from citelint.match.matching import match_reference
    except ImportError:
        real = False
    if not real:
        return "trivial (DOI -> work(), else search())", trivial
    return "citelint.match.matching.match_reference", lambda reference: match_reference(reference, source)


def scaled(limits: PoolLimits, factor: float) -> PoolLimits:
    return PoolLimits({name: RouteLimit(rule.limit, rule.interval * factor) for name, rule in limits.routes.items()},
                      limits.concurrency)


def cold(pool: str, factor: float) -> None:
    limits = scaled(POLITE if pool == "polite" else PUBLIC, factor)
    mailto = "bench@example.org" if pool == "polite" else None
    latency = (0.1 * factor, 0.4 * factor)
    with FakeCrossref(polite=limits, public=limits, enforce=True, latency=latency,
                      work_factory=synthetic_work) as server, tempfile.TemporaryDirectory() as folder:
        source = CrossrefSource(SourceSettings(crossref_url=server.url, mailto=mailto, cache_dir=Path(folder)))
        name, match = matcher(source)
        refs = references(200)
        started = time.monotonic()
        matches = lookup_all(refs, match, source.concurrency)
        elapsed = time.monotonic() - started
        singles, lists = len(server.requests(SINGLE)), len(server.requests(LIST))
        rule_single, rule_list = limits.routes[SINGLE], limits.routes[LIST]
        bound = max(singles * rule_single.interval / rule_single.limit, lists * rule_list.interval / rule_list.limit)
        statuses = {status: sum(1 for m in matches if m.status == status) for status in {m.status for m in matches}}
        print(f"cold, {pool} pool{'' if factor == 1 else f' (intervals x{factor:g})'}, 200 references, matcher: {name}")
        print(f"  requests: {singles} DOI lookups, {lists} searches; statuses {statuses}")
        print(f"  limits: {rule_single.limit}/{rule_single.interval:g}s DOI, "
              f"{rule_list.limit}/{rule_list.interval:g}s search, {limits.concurrency} in flight; "
              f"latency {latency[0] * 1000:.0f}-{latency[1] * 1000:.0f} ms")
        print(f"  rate-limit bound max({singles}/{rule_single.limit / rule_single.interval:g}, "
              f"{lists}/{rule_list.limit / rule_list.interval:g}) = {bound:.1f} s")
        print(f"  wall time {elapsed:.1f} s = {elapsed / bound:.2f} x bound")
        print(f"  429s for exceeding a limit: {server.over_limit}; most in flight: {server.max_in_flight}; "
              f"most DOI lookups in any {rule_single.interval:g} s: {server.max_in_window(SINGLE, rule_single.interval)}, "
              f"searches: {server.max_in_window(LIST, rule_list.interval)}")


def warm(count: int) -> None:
    with FakeCrossref(work_factory=synthetic_work) as server, tempfile.TemporaryDirectory() as folder:
        fast = PoolLimits({SINGLE: RouteLimit(10_000, 1.0), LIST: RouteLimit(10_000, 1.0)}, concurrency=8)
        server.polite = server.public = fast
        settings = SourceSettings(crossref_url=server.url, mailto="bench@example.org", cache_dir=Path(folder))
        source = CrossrefSource(settings, limiter=Limiter(fast))
        name, match = matcher(source)
        started = time.monotonic()
        lookup_all(references(count), match, 8)
        print(f"warm cache, {count} references, matcher: {name}")
        filled = len(server.requests())
        print(f"  filling the cache (no latency, no limits): {time.monotonic() - started:.1f} s, {filled} requests")
        result = subprocess.run([sys.executable, __file__, "--warm-run", folder, server.url, str(count)],
                                capture_output=True, text=True, check=True)
        print(result.stdout, end="")
        cache_file = next(Path(folder).glob("*.sqlite"))
        print(f"  cache file {cache_file.stat().st_size / 2**20:.0f} MB; requests during the warm run: "
              f"{len(server.requests()) - filled}")


def warm_run(folder: str, url: str, count: int) -> None:
    refs = references(count)
    before = _memory("VmRSS")
    source = CrossrefSource(SourceSettings(crossref_url=url, mailto="bench@example.org", cache_dir=Path(folder)))
    for real in (False, True):
        name, match = matcher(source, real)
        started = time.monotonic()
        matches = lookup_all(refs, match, source.concurrency)
        elapsed = time.monotonic() - started
        assert len(matches) == count
        print(f"  warm run, {name}: {elapsed:.2f} s ({elapsed / count * 1000:.2f} ms/reference, "
              f"{source.concurrency} workers)")
    print(f"  peak RSS of the warm process {_memory('VmHWM'):.0f} MB (after building the references {before:.0f} MB)")


def _memory(field: str) -> float:
    """Megabytes from /proc/self/status (Linux): VmRSS now, VmHWM the peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("cold", "public", "warm"))
    parser.add_argument("--warm-run", nargs=3, metavar=("FOLDER", "URL", "COUNT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.warm_run:
        folder, url, count = arguments.warm_run
        warm_run(folder, url, int(count))
        return
    if arguments.only in (None, "cold"):
        cold("polite", 1.0)
    if arguments.only in (None, "public"):
        cold("public", 0.2)
    if arguments.only in (None, "warm"):
        warm(10_000)


if __name__ == "__main__":
    main()
