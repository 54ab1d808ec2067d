"""Launch alone, quicker than run.py: hello-world, then the app, alternately.

    python bench/launch.py 30000 --runs 5 [--python .venv/bin/python] [--nothing-kept]

Prints each run's seconds to the focused card in the pane (as run.py measures
launch), the app's CPU at that moment, its peak memory (with the forked child),
hello-world's launch, and the load average. --nothing-kept: the first screen the
last run left is dropped before each start (a day's first start, or the file
changed elsewhere).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from run import ROOT, Session, cpu_seconds, data_file, install, pane, stranger_order

from networking_tui.data.store import ContactStore


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", help="run the app with this interpreter's install")
    parser.add_argument(
        "--nothing-kept", action="store_true", help="drop the kept first screen before each start"
    )
    args = parser.parse_args()
    app, py = install(args.python)
    work = Path(tempfile.mkdtemp(prefix="nt-launch-"))
    # The app's own files (ui-state.json, first-screen.json) go here, not in the
    # user's data folder: the app runs with this environment.
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")
    path = work / "contacts.json"
    shutil.copyfile(data_file(args.size), path)
    first, _ = stranger_order(ContactStore.open(path))
    kept = work / "xdg-data" / "networking-tui" / "first-screen.json"
    ratios, launches, hellos, cpu_ratios, peaks = [], [], [], [], []
    for n in range(args.runs + 1):
        load = os.getloadavg()[0]
        hello = Session([py, str(ROOT / "bench" / "hello.py")])
        seconds_hello = hello.wait_for("Hello, world")
        cpu_hello = cpu_seconds(hello.pid)
        hello.close()
        if args.nothing_kept:
            kept.unlink(missing_ok=True)
        session = Session([*app, "--db", str(path)])
        seconds = session.wait_for(pane(first, "stranger"))
        cpu = cpu_seconds(session.pid)
        session.idle()
        peak = session.peak_mb()
        session.close()
        print(
            f"{'warm-up ' if not n else ''}launch {seconds:.2f} s (CPU {cpu:.2f} s, "
            f"peak {peak:.0f} MB), "
            f"hello {seconds_hello:.2f} s (CPU {cpu_hello:.2f} s), {seconds / seconds_hello:.1f}x "
            f"(CPU {cpu / cpu_hello:.1f}x), load {load:.2f}"
        )
        if n:
            ratios.append(seconds / seconds_hello)
            launches.append(seconds)
            hellos.append(seconds_hello)
            cpu_ratios.append(cpu / cpu_hello)
            peaks.append(peak)
    print(
        f"median: launch {statistics.median(launches):.2f} s, hello "
        f"{statistics.median(hellos):.2f} s, {statistics.median(ratios):.1f}x (CPU "
        f"{statistics.median(cpu_ratios):.1f}x), peak {max(peaks):.0f} MB"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
