"""Launch alone, quicker than run.py: hello-world, then the app, alternately.

    python bench/launch.py 30000 --runs 5 [--python .venv/bin/python]

Prints each run's seconds to the focused card in the pane (as run.py measures
launch), the app's CPU at that moment, hello-world's launch, the launch the next
day from the first screen kept today (run.py's next_day_launch), and the load
average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from run import (
    ROOT,
    Session,
    cpu_seconds,
    data_file,
    install,
    next_day_launch,
    pane,
    stranger_order,
)

from networking_tui.data.store import ContactStore


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", help="run the app with this interpreter's install")
    args = parser.parse_args()
    app, py = install(args.python)
    work = Path(tempfile.mkdtemp(prefix="nt-launch-"))
    # The app's own files (ui-state.json, first-screen.json) go here, not in the
    # user's data folder: the app runs with this environment.
    os.environ["XDG_DATA_HOME"] = str(work / "xdg-data")
    path = work / "contacts.json"
    shutil.copyfile(data_file(args.size), path)
    first, _ = stranger_order(ContactStore.open(path))
    ratios, launches, hellos, cpu_ratios = [], [], [], []
    next_days, next_ratios, next_cpu_ratios = [], [], []
    for n in range(args.runs + 1):
        load = os.getloadavg()[0]
        hello = Session([py, str(ROOT / "bench" / "hello.py")])
        seconds_hello = hello.wait_for("Hello, world")
        cpu_hello = cpu_seconds(hello.pid)
        hello.close()
        session = Session([*app, "--db", str(path)])
        seconds = session.wait_for(pane(first, "stranger"))
        cpu = cpu_seconds(session.pid)
        session.idle()
        session.close()
        next_day, next_cpu = next_day_launch(
            [*app, "--db", str(path)], path, pane(first, "stranger")
        )
        print(
            f"{'warm-up ' if not n else ''}launch {seconds:.2f} s (CPU {cpu:.2f} s), "
            f"hello {seconds_hello:.2f} s (CPU {cpu_hello:.2f} s), {seconds / seconds_hello:.1f}x "
            f"(CPU {cpu / cpu_hello:.1f}x), next day {next_day:.2f} s (CPU {next_cpu:.2f} s) "
            f"{next_day / seconds_hello:.1f}x (CPU {next_cpu / cpu_hello:.1f}x), load {load:.2f}"
        )
        if n:
            ratios.append(seconds / seconds_hello)
            launches.append(seconds)
            hellos.append(seconds_hello)
            cpu_ratios.append(cpu / cpu_hello)
            next_days.append(next_day)
            next_ratios.append(next_day / seconds_hello)
            next_cpu_ratios.append(next_cpu / cpu_hello)
    print(
        f"median: launch {statistics.median(launches):.2f} s, hello "
        f"{statistics.median(hellos):.2f} s, {statistics.median(ratios):.1f}x (CPU "
        f"{statistics.median(cpu_ratios):.1f}x); the next day "
        f"{statistics.median(next_days):.2f} s, "
        f"{statistics.median(next_ratios):.1f}x (CPU {statistics.median(next_cpu_ratios):.1f}x; "
        "target 2x)"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
