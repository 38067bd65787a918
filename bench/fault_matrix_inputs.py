"""Hostile inputs end to end through the real command line (issue 14, items 1, 5, 6): case | before | result.

Every case is generated in a temporary folder; nothing touches the network
(--offline). Run: python bench/fault_matrix_inputs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SECRET = "SECRET-7f3a"
COMMAND = [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache"]
REFS = "@article{a, title={A title}, author={Lee, J}, journal={J}, year={2010}}\n"


def _run(folder: Path, *args: str, env: dict[str, str] | None = None,
         command: tuple[str, ...] = tuple(COMMAND)) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], cwd=folder, capture_output=True, text=True, timeout=600, check=False,
                          env=env)


def _repo(base: Path) -> Path:
    (base / "outside").mkdir()
    (base / "outside" / "secret.bib").write_text(f"@article{{{SECRET}, title={{{SECRET}}}, year={{2010}}}}\n")
    (base / "outside" / "chapter.tex").write_text(f"\\cite{{{SECRET}}}\n")
    repo = base / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    (repo / "refs.bib").write_text(REFS)
    return repo


def _named(manuscript: str, text: str, setup: Callable[[Path], None] | None = None) -> Callable[[Path], str]:
    def case(base: Path) -> str:
        repo = _repo(base)
        if setup:
            setup(repo)
        (repo / manuscript).write_text(text)
        outputs = [_run(repo, "--format", output_format, manuscript) for output_format in ("json", "sarif", "github", "rich")]
        leaked = any(SECRET in run.stdout + run.stderr or "root:x:" in run.stdout + run.stderr
                     or "PATH=" in run.stdout for run in outputs)
        said = "; not read" in outputs[0].stdout
        return f"{'LEAKED' if leaked else 'not read'}, {'notice' if said else 'no notice'}, exit {outputs[0].returncode}"
    return case


def _fifo(base: Path) -> str:
    repo = _repo(base)
    os.mkfifo(repo / "pipe.bib")
    (repo / "paper.md").write_text("---\nbibliography: pipe.bib\n---\n[@a]\n")
    try:
        run = _run(repo, "--format", "json", "paper.md")
    except subprocess.TimeoutExpired:
        return "HUNG"
    return f"{'notice' if 'not a regular file; not read' in run.stdout else 'no notice'}, exit {run.returncode}"


def _plus_token(base: Path) -> str:
    (base / "refs.txt").write_text("Smith, J (2010) A title of a paper. Journal of Things, 3: 1-9.\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CR_API", "CITELINT_"))}
    env["CR_API_PLUS"] = f"Bearer x\nX-Injected: {SECRET}"
    env["CITELINT_CACHE_DIR"] = str(base / "cache")  # --offline with a cache: the settings are read, no request made
    run = _run(base, "--format", "json", "refs.txt", env=env, command=tuple(COMMAND[:-1]))
    lines = run.stderr.strip().splitlines()
    return f"exit {run.returncode}, {len(lines)} line(s) on stderr, value {'ECHOED' if SECRET in run.stdout + run.stderr else 'not shown'}"


def _nul(base: Path) -> str:
    lines = [f"Smith, J ({1900 + n}) A title number {n}. Journal of Things, 3: 1-9." for n in range(2000)]
    lines[1500] += "\0"
    (base / "refs.txt").write_bytes("\n".join(lines).encode())
    run = _run(base, "--format", "json", "refs.txt")
    return f"exit {run.returncode}, {'error at line 1501' if 'refs.txt:1501: binary file' in run.stderr else run.stderr.strip()[:60]}"


def _stale_temporary(base: Path) -> str:
    # A DOI with trailing punctuation: a safe fix offline.
    (base / "refs.txt").write_text("Smith, J (2010) A title of a paper. Journal of Things, 3: 1-9. "
                                   "https://doi.org/10.1234/abc.def),\n")
    # A --fix killed (SIGKILL) while writing: its fsync never returns.
    script = ("import os, sys, time; os.fsync = lambda fd: (print('writing', flush=True), time.sleep(600));"
              "from citelint.app.cli import main; sys.exit(main(sys.argv[1:]))")
    (base / "refs.txt").write_text("Smith, J (2010) A title of a paper. Journal of Things, 3: 1-9.\n")
    process = subprocess.Popen([sys.executable, "-c", script, "check", "--offline", "--no-cache", "--fix", "--unsafe-fixes",
                                "refs.txt"], cwd=base, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    hidden = []
    for _ in range(600):
        hidden = [name for name in os.listdir(base) if name.endswith(".citelint-fix")]
        if hidden or process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    process.wait()
    how = "killed"
    if not hidden:  # nothing to fix offline: leave one as a killed fix would
        how = "simulated"
        hidden = [f".refs.txt.{process.pid}.ab12cdef.citelint-fix"]
        (base / hidden[0]).write_bytes(b"half")
    then = time.time() - 120
    for name in hidden:
        os.utime(base / name, (then, then))
    _run(base, "--fix", "refs.txt")
    left = [name for name in os.listdir(base) if name.endswith(".citelint-fix")]
    return f"{len(hidden)} left by the killed fix ({how}), {len(left)} after the next --fix"


CASES: list[tuple[str, str, Callable[[Path], str]]] = [
    ("md bibliography: /etc/passwd", "read, lines in every report / notice, not read",
     _named("paper.md", "---\nbibliography: /etc/passwd\n---\n[@a]\n")),
    ("md bibliography: ../../../etc/shadow", "opened / notice, not read",
     _named("paper.md", "---\nbibliography: ../../../etc/shadow\n---\n[@a]\n")),
    ("md bibliography: ../outside/secret.bib", "read and reported / notice, not read",
     _named("paper.md", "---\nbibliography: ../outside/secret.bib\n---\n[@a]\n")),
    ("tex \\addbibresource{/proc/self/environ}", "environment read and reported / notice, not read",
     _named("paper.tex", "\\cite{a}\\addbibresource{/proc/self/environ}\n")),
    ("tex \\addbibresource{.git/config}", "token read and reported / notice, not read",
     _named("paper.tex", "\\cite{a}\\addbibresource{.git/config}\n")),
    ("md bibliography: symlink out", "followed / notice, not read",
     _named("paper.md", "---\nbibliography: link.bib\n---\n[@a]\n",
            lambda repo: (repo / "link.bib").symlink_to(repo.parent / "outside" / "secret.bib"))),
    ("tex \\input{../outside/chapter}", "walked, its keys reported / notice, not read",
     _named("paper.tex", "\\cite{a}\\input{../outside/chapter}\\bibliography{refs}\n")),
    ("md bibliography: a FIFO", "hangs / notice, not opened", _fifo),
    ("CR_API_PLUS with a line break", "printed in every report / exit 2, one line, not shown", _plus_token),
    ("NUL byte at line 1501 of 2000", "not noticed / exit 2, error naming line 1501", _nul),
    ("--fix killed mid-write", "hidden temporary left for ever / removed by the next --fix", _stale_temporary),
]


def main() -> int:
    rows = []
    for name, expected, case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            rows.append((name, expected, case(Path(folder))))
    widths = [max(len(row[column]) for row in [("case", "before / expected", "result"), *rows]) for column in range(3)]
    for row in [("case", "before / expected", "result"), tuple("-" * width for width in widths), *rows]:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
