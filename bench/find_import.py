"""The search and import figures of bench/run.py (issues 15 and 16, asked for in
its table by issue 21), measured as search_bench.py and import_bench.py do, but
on the app as run.py installs it and beside the other figures.

- search: from each key typed into `/` to its results on screen (the count line
  names the query it answers), the index built first, as a person's first `/`
  of a session builds it; the session's peak memory joins run.py's;
- import: `networking-tui import linkedin` re-importing one row per contact
  (every row a match, a tenth of them with a new position: written once), on a
  fresh copy of the file each run, with its CPU (the command and its child).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from import_bench import connections
from search_bench import QUERIES


class Session(Protocol):  # run.py's
    terminal: Any

    def idle(self) -> float: ...
    def key(self, keys: bytes, *needles: str, timeout: float = 30) -> list[float]: ...
    def peak_mb(self) -> float: ...
    def close(self) -> None: ...


def search_keys(start: Callable[[], Session], runs: int) -> tuple[list[float], float, float]:
    """Milliseconds from each key to its results; the seconds `/` took to build the
    index; the session's peak memory (MB). `start` opens a run.py Session."""
    session = start()
    times: list[float] = []
    try:
        session.idle()
        terminal = session.terminal
        built = session.key(b"/", "Type a name", timeout=300)[0] / 1000
        session.idle()
        for query in QUERIES[: max(2, runs * 2)]:
            terminal.send(b"\x15")  # Ctrl+U: clear the field
            session.idle()
            for n in range(1, len(query) + 1):
                shown = " ".join(query[:n].split())
                times += session.key(query[n - 1].encode(), f"“{shown}”")
        peak = session.peak_mb()
    finally:
        session.close()
    return times, built, peak


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_runs(
    app: list[str], source: Path, work: Path, count: int, runs: int
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each re-import of `count` LinkedIn rows."""
    csv_file = connections(work / "Connections.csv", count, 0.1)
    walls, cpus = [], []
    for _ in range(runs):
        db = work / "import-contacts.json"
        shutil.copyfile(source, db)
        shutil.rmtree(work / "backups", ignore_errors=True)
        started, used = time.perf_counter(), _children_cpu()
        subprocess.run(
            [*app, "--db", str(db), "import", "linkedin", str(csv_file)],
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - used)
    return walls, cpus
