"""``citelint audit``: many manuscripts against a local index, findings as rows, spread over cores or a cluster.

Each manuscript (a file, or a folder holding one submission's .tex and .bib)
is checked as ``citelint check --index`` checks it, in a worker: a process
pool over the local cores, or Dask workers (``--scheduler ADDRESS``, or
``local`` for a cluster on this machine; dask-jobqueue starts such workers on
SLURM or PBS). Every worker opens the read-only index once. Rows are written
in the order the manuscripts were given, whatever order they finish in: one
JSON object a line, or Parquet for a .parquet file (needs pyarrow).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

# One row a finding; the columns of the JSON Lines and Parquet output, in order (a public interface).
COLUMNS = (
    "manuscript", "file", "line", "column", "end_line", "code", "name", "severity", "field", "message",
    "found", "expected", "doi", "match", "confidence", "reference", "evidence", "fix", "fix_applicability",
)
_INTEGER_COLUMNS = frozenset({"line", "column", "end_line"})


class AuditError(Exception):
    """A problem with what was asked for (no manuscripts, no index, an unwritable output): one line."""


@dataclass
class ManuscriptResult:
    """What a worker sends back for one manuscript: its finding rows and counts for the summary."""

    manuscript: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    references: int = 0
    matches: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def manuscripts(paths: Sequence[str]) -> list[str]:
    """Each file named is a manuscript; a folder's files and subfolders are manuscripts each (a subfolder
    is one submission: its manuscript and the bibliography files it names)."""
    from citelint.readers import EXTENSIONS, ONLY_WHEN_NAMED, SKIPPED_DIRS

    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if not folder.is_dir():
            found.append(path)
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                continue
            suffix = entry.suffix.lower()
            if entry.is_dir() or (suffix in EXTENSIONS and suffix not in ONLY_WHEN_NAMED):
                found.append(str(entry))
    return found


def check_manuscript(manuscript: str, index: str, check_options: Sequence[str] = ()) -> ManuscriptResult:
    """One manuscript checked against the index, as rows (runs in a worker)."""
    from citelint.app.check_arguments import parse_check_arguments
    from citelint.app.errors import UsageError
    from citelint.app.run import run_check
    from citelint.report.json import render

    result = ManuscriptResult(manuscript)
    options = parse_check_arguments([manuscript, "--index", index, "--quiet", *check_options])
    reports: list[Any] = []
    try:
        run_check(options, environ=dict(os.environ), today=datetime.date.today(), emit=reports.append)
    except UsageError as error:
        result.errors.append(str(error))
        return result
    document = json.loads(render(reports[0]))
    result.references = document["summary"]["references"]
    result.matches = document["summary"]["match"]
    result.errors = [f"{error['file']}{':' + str(error['line']) if error['line'] else ''}: {error['message']}"
                     for error in document["errors"]]
    for reference in document["references"]:
        for finding in reference["findings"]:
            result.rows.append(_row(manuscript, reference["file"], finding, reference))
    for finding in document["citation_findings"]:
        result.rows.append(_row(manuscript, finding["file"], finding, None))
    return result


def _row(manuscript: str, file: str, finding: dict[str, Any], reference: dict[str, Any] | None) -> dict[str, Any]:
    match = reference["match"] if reference else {}
    fix = finding.get("fix") or {}
    return {
        "manuscript": manuscript, "file": file, "line": finding["span"]["line"], "column": finding["span"]["column"],
        "end_line": finding["span"]["end_line"], "code": finding["code"], "name": finding["name"],
        "severity": finding["severity"], "field": finding["field"], "message": finding["message"],
        "found": finding["found"], "expected": finding["expected"], "doi": match.get("doi"),
        "match": match.get("status"), "confidence": match.get("confidence"),
        "reference": reference["text"] if reference else None, "evidence": finding["evidence"],
        "fix": fix.get("replacement"), "fix_applicability": fix.get("applicability"),
    }


# Where the manuscripts are checked: results come back in the order the manuscripts were given.

def _worker_initialise(index: str) -> None:
    from citelint.sources.index import open_index

    open_index(index)  # once per worker, not once per manuscript


def on_process_pool(items: list[str], index: str, options: Sequence[str], workers: int) -> Iterator[ManuscriptResult]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_initialise, initargs=(index,)) as pool:
        yield from pool.map(check_manuscript, items, [index] * len(items), [tuple(options)] * len(items))


def on_dask(items: list[str], index: str, options: Sequence[str], client: Any) -> Iterator[ManuscriptResult]:
    futures = client.map(check_manuscript, items, index=index, check_options=tuple(options), pure=False)
    for future in futures:
        yield future.result()
        future.release()


def dask_client(scheduler: str, workers: int) -> Any:
    """A client of the scheduler at an address, or of a cluster started here for ``local``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("--scheduler needs Dask: pip install 'dask[distributed]' (the cluster extra)") from None
    if scheduler == "local":
        return Client(LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None))
    try:
        return Client(scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError) as error:
        raise AuditError(f"--scheduler {scheduler}: cannot connect: {error}") from None


# Writing the rows.

class _Writer:
    """Rows to JSON Lines as they come, or to Parquet in row groups (one per manuscript batch)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parquet = path.suffix.lower() == ".parquet"
        self._pending: list[dict[str, Any]] = []
        try:
            if self.parquet:
                try:
                    import pyarrow as pa
                    import pyarrow.parquet as pq
                except ImportError:
                    raise AuditError(f"--out {path}: Parquet needs pyarrow: pip install pyarrow (the parquet extra)") from None
                self._schema = pa.schema([(name, pa.int64() if name in _INTEGER_COLUMNS else
                                           pa.float64() if name == "confidence" else pa.string())
                                          for name in COLUMNS])
                self._parquet = pq.ParquetWriter(str(path), self._schema)
            else:
                self._lines: IO[str] = path.open("w", encoding="utf-8")
        except OSError as error:
            raise AuditError(f"--out {path}: cannot write: {error.strerror or error}") from None

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not self.parquet:
            self._lines.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            return
        self._pending.extend(rows)
        if len(self._pending) >= 10_000:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            columns = {name: [row[name] for row in self._pending] for name in COLUMNS}
            self._parquet.write_table(pa.table(columns, schema=self._schema))
            self._pending = []

    def close(self) -> None:
        if self.parquet:
            self._flush()
            self._parquet.close()
        else:
            self._lines.close()


@dataclass(frozen=True)
class AuditSummary:
    manuscripts: int
    references: int
    findings: int
    by_severity: dict[str, int]
    by_code: dict[str, int]
    matches: dict[str, int]
    errors: list[str]
    seconds: float
    workers: str

    def lines(self, out: Path) -> Iterator[str]:
        severities = ", ".join(f"{count:,} {level}" for level, count in sorted(self.by_severity.items()))
        matched = ", ".join(f"{count:,} {status}" for status, count in self.matches.items() if count)
        yield (f"audited {self.manuscripts:,} manuscripts ({self.references:,} references: {matched or 'none'}) "
               f"in {self.seconds:.1f} s on {self.workers}")
        yield f"{self.findings:,} findings ({severities or 'none'}) written to {out}"
        if self.by_code:
            yield "most frequent: " + ", ".join(f"{code} {count:,}" for code, count in
                                                 Counter(self.by_code).most_common(8))
        if self.errors:
            yield f"{len(self.errors):,} input errors (above)"


def audit(
    items: list[str],
    index: str,
    out: Path,
    *,
    results: Callable[[list[str]], Iterable[ManuscriptResult]],
    workers: str,
    on_error: Callable[[str], None] = lambda line: None,
) -> AuditSummary:
    """Check every manuscript with ``results`` (a pool or a cluster) and write the rows to ``out`` in order."""
    started = time.perf_counter()
    writer = _Writer(out)
    by_severity: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    matches: Counter[str] = Counter()
    references = findings = done = 0
    errors: list[str] = []
    try:
        for result in results(items):
            done += 1
            writer.write(result.rows)
            references += result.references
            findings += len(result.rows)
            by_severity.update(row["severity"] for row in result.rows)
            by_code.update(row["code"] for row in result.rows)
            matches.update(result.matches)
            for error in result.errors:
                errors.append(error)
                on_error(error)
    finally:
        writer.close()
    return AuditSummary(done, references, findings, dict(by_severity), dict(sorted(by_code.items())),
                        dict(matches), errors, time.perf_counter() - started, workers)


def run_audit(arguments: Any) -> int:
    """The command: choose where to run, audit, print the summary; exit 1 when a finding reaches warning."""
    from citelint.index import IndexFailure
    from citelint.index.store import read_metadata

    try:
        try:
            if read_metadata(Path(arguments.index)) is None:
                raise AuditError(f"--index {arguments.index}: not a finished citelint index (no citelint-index.json)")
        except IndexFailure as error:
            raise AuditError(f"--index: {error}") from None
        items = manuscripts(arguments.manuscripts)
        if not items:
            raise AuditError("no manuscripts in the paths given")
        index = str(Path(arguments.index).resolve())
        options = [*(["--select", ",".join(arguments.select)] if arguments.select else []),
                   *(["--ignore", ",".join(arguments.ignore)] if arguments.ignore else [])]
        workers = arguments.workers or os.cpu_count() or 1
        client = dask_client(arguments.scheduler, workers) if arguments.scheduler else None
        try:
            if client is not None:
                where = f"Dask ({arguments.scheduler})"

                def results(batch: list[str]) -> Iterable[ManuscriptResult]:
                    return on_dask(batch, index, options, client)
            else:
                where = f"{workers} worker processes" if workers > 1 else "1 worker process"

                def results(batch: list[str]) -> Iterable[ManuscriptResult]:
                    return on_process_pool(batch, index, options, workers)

            summary = audit(items, index, Path(arguments.out), results=results, workers=where,
                            on_error=lambda line: print(f"citelint: error: {line}", file=sys.stderr))
        finally:
            if client is not None:
                cluster = client.cluster if arguments.scheduler == "local" else None
                client.close()
                if cluster is not None:
                    cluster.close()
    except AuditError as error:
        print(f"citelint: error: {error}", file=sys.stderr)
        return 2
    if not arguments.quiet:
        for line in summary.lines(Path(arguments.out)):
            print(f"citelint: {line}")
    if summary.errors:
        return 2
    return 1 if summary.by_severity.get("error") or summary.by_severity.get("warning") else 0
