"""Search at LinkedIn scale: not a test, a script that prints figures.

    python bench/search_bench.py            # 30,000 contacts (25,000 in one column)
    python bench/search_bench.py 10000

Prints, for a file of N generated contacts (bench/generate.py):
- the progress screen's figures (`S`), worked out on a worker thread;
- building the index (once, on a worker thread, when `/` is first pressed);
- keeping it current after one edit (re-reads only the changed document);
- per keystroke, typing a few queries letter by letter: the query alone, and
  in the app, in a real pseudo-terminal, from the key sent to the results drawn.
  The target is under 50 ms.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from networking_tui.data.finder import Finder  # noqa: E402
from networking_tui.data.store import ContactStore  # noqa: E402
from networking_tui.domain import changes, clock  # noqa: E402
from networking_tui.domain.model import SCHEMA_VERSION  # noqa: E402
from networking_tui.usecases import progress  # noqa: E402

QUERIES = ["ada lovelace", "pycon", "company 12", "infrastructure", "lovelaec", "hopper 1234"]
TARGET_MS = 50.0


def summary(label: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return (
        f"{label:<34} median {statistics.median(values):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {values[-1]:6.1f} ms   (n={len(values)})"
    )


def in_process(store: ContactStore) -> Finder:
    finder = Finder(store)
    start = time.perf_counter()
    finder.find("")
    print(f"{'index built':<34} {time.perf_counter() - start:6.2f} s (once, on a worker thread)")
    uid = next(iter(store.cards))
    store.update(
        uid,
        lambda d: changes.with_fields(d, {"company": "Fresh Co"}, clock.stamp(clock.now())),
        "edit",
    )
    start = time.perf_counter()
    hits, _ = finder.find("fresh")
    took = (time.perf_counter() - start) * 1000
    assert hits and hits[0].uid == uid
    print(f"{'one edit, then a query':<34} {took:6.1f} ms (re-reads one document)")
    times, cpu = [], []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            start, start_cpu = time.perf_counter(), time.thread_time()
            finder.find(query[:n])
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    print(summary("per keystroke, the query", times))
    # CPU time of the thread: what the query costs, whatever else the machine runs.
    print(summary("per keystroke, the query (CPU)", cpu))
    return finder


def in_terminal(path: Path) -> list[float]:
    """Key to results on screen, in a real pseudo-terminal of 120x40: the count line
    names the query it answers, so each key's answer is told apart."""
    from tests.terminal import Terminal

    folder = Path(tempfile.mkdtemp(prefix="nt-search-bench-"))
    work = folder / "contacts.json"
    shutil.copyfile(path, work)
    # The app's own files (ui-state.json, first-screen.json) go in the folder too,
    # not in the user's data folder; all of it goes at the end.
    env = {"XDG_DATA_HOME": str(folder / "xdg-data")}
    argv = [sys.executable, "-m", "networking_tui", "--db", str(work)]
    terminal = Terminal(argv, (120, 40), env=env)
    times: list[float] = []
    try:
        terminal.wait_for("Follower")
        terminal.send(b"/")
        terminal.wait_for("Type a name", timeout=120)  # the index is built
        for query in QUERIES:
            terminal.send(b"\x15")  # Ctrl+U: clear the field
            terminal.drain(0.5)
            for n in range(1, len(query) + 1):
                terminal.mark()
                sent = terminal.send(query[n - 1].encode())
                shown = " ".join(query[:n].split())
                terminal.wait_for(f"“{shown}”")
                times.append((time.perf_counter() - sent) * 1000)
    finally:
        terminal.close()
        shutil.rmtree(folder)
    return times


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
    path = ROOT / "bench" / "data" / f"{count}-schema{SCHEMA_VERSION}.json"
    if not path.exists():
        path = Path(tempfile.mkdtemp()) / f"{count}.json"
        generate(count, path)
    print(f"{count:,} contacts ({path.stat().st_size / 1e6:.0f} MB)")
    store = ContactStore.open(path)
    in_process(store)
    start = time.perf_counter()
    progress.figures(store)
    print(f"{'progress figures (S)':<34} {time.perf_counter() - start:6.2f} s (on a worker thread)")
    times = in_terminal(path)
    print(summary("per keystroke, key to screen (app)", times))
    verdict = "under" if statistics.median(times) < TARGET_MS else "OVER"
    print(f"median key to screen is {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
