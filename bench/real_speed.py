"""Speed and memory on real reference strings: offline, cold, warm, and how they grow.

The references are the clean lines of the eight styles in `fixtures/styles/` (3,200 real
Crossref records printed in APA, Chicago, Harvard, IEEE, MLA, ACS, AIP and Elsevier), checked
by the real command, one process a measurement:

- offline: `--offline --no-cache`, reading, parsing and the offline rules;
- cold: every answer asked of the stand-in Crossref (no latency, no rate limit: the CPU cost);
- warm (answers): the answers cached, the matcher's decisions not (the first rerun after an
  upgrade of citelint);
- warm (decided): answers and decisions cached, what a pre-commit hook or CI job does all day;
- growth: offline on 1,000, 10,000 and 100,000 references (the lines repeated with their page
  numbers shifted, so that no two are the same reference).

Prints wall seconds, CPU seconds (user + system: on a loaded machine, the figure that still means
something) and peak resident memory; asserts nothing.

    .venv/bin/python bench/real_speed.py [--growth 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "styles"
STYLES = ("apa", "chicago-author-date", "harvard3", "ieee", "modern-language-association",
          "american-chemical-society", "american-institute-of-physics", "elsevier-without-titles")
_NUMBER = re.compile(r"\d+")


def measure(arguments: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one `citelint` process (measured by a fresh parent)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - started, used.ru_utime + used.ru_stime, used.ru_maxrss / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "citelint", *arguments],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    seconds, cpu, megabytes = done.stdout.split()
    return float(seconds), float(cpu), float(megabytes)


def start_standin() -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, str(DATA / "crossref_standin.py"), str(DATA / "records.jsonl"),
                               "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    port = server.stdout.readline().split()[1]
    return server, f"http://127.0.0.1:{port}"


def shifted(lines: list[str], count: int) -> list[str]:
    """``count`` references from ``lines``, each round with its numbers shifted so that none repeats."""
    out = []
    for number in range(count):
        line, step = lines[number % len(lines)], number // len(lines)
        out.append(_NUMBER.sub(lambda found, step=step: str(int(found[0]) + step), line) if step else line)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--growth", default="1000,10000,100000", help="reference counts for the offline growth rows")
    options = parser.parse_args(argv)
    files = [DATA / f"{style}.clean.txt" for style in STYLES]
    count = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
    rows: list[tuple[str, float, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(path) for path in files]
        rows.append((f"offline, {count:,} references", *measure(["check", "--format", "json", "--offline", "--no-cache",
                                                                   *paths])))
        server, url = start_standin()
        try:
            online = ["check", "--format", "json", "--crossref-url", url, "--mailto", "bench@example.org",
                      "--cache-dir", str(Path(folder) / "cache")]
            rows.append(("cold", *measure([*online, *paths])))
            (Path(folder) / "cache" / "decisions.sqlite").unlink()
            rows.append(("warm (answers cached, decisions not)", *measure([*online, *paths])))
            rows.append(("warm (answers and decisions cached)", *measure([*online, *paths])))
        finally:
            server.terminate()
            server.wait()
        lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for size in (int(value) for value in options.growth.split(",") if value):
            listing = Path(folder) / f"references-{size}.txt"
            listing.write_text("\n".join(shifted(lines, size)) + "\n", encoding="utf-8")
            rows.append((f"offline, {size:,} references (one file)",
                         *measure(["check", "--format", "json", "--offline", "--no-cache", str(listing)])))
    width = max(len(label) for label, *_ in rows)
    print(f"{'run':{width}} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
    for label, seconds, cpu, megabytes in rows:
        print(f"{label:{width}} {seconds:>8.2f} {cpu:>8.2f} {megabytes:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
