"""Launch alone, quicker than run.py: hello-world, then the app, alternately.

    python bench/launch.py 30000 --runs 5 [--python .venv/bin/python] [--nothing-kept]

Prints each run's seconds to the focused card in the pane (as run.py measures
launch), the app's CPU at that moment and once it is idle (the file loaded, the
work ahead done), its peak memory (with the forked children), when keys run (a
Down until the pane shows the next card: after the load when the first screen is
drawn before it), hello-world's launch, the launch the next day from the first
screen kept today (run.py's next_day_launch), and the load average.
--nothing-kept: the first screen the last run left is dropped before each start
(the first start on a file, a week or more later, or the file changed elsewhere).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from run import (
    DOWN,
    ROOT,
    UP,
    Session,
    children,
    cpu_seconds,
    data_file,
    install,
    next_day_launch,
    pane,
    stranger_order,
)

from networking_tui.data.store import ContactStore


def cpu_when_idle(session: Session, quiet: float = 0.5, longest: float = 120) -> float:
    """CPU of the app and its children, living ones included (the forked validator
    counts only once reaped), once none of them has used any for `quiet` seconds;
    their memory sampled meanwhile."""

    def total() -> float:
        seconds = cpu_seconds(session.pid)
        for child in children(session.pid):
            try:
                seconds += cpu_seconds(child)
            except OSError:  # gone meanwhile: counted in the parent once reaped
                continue
        return seconds

    end = time.perf_counter() + longest
    last, still = total(), time.perf_counter()
    while time.perf_counter() < end:
        session.sample_memory()  # the validator forked as the file loads, too
        session.terminal.drain(0.05)
        now = total()
        if now != last:
            last, still = now, time.perf_counter()
        elif time.perf_counter() - still >= quiet:
            break
    return last


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
    first, second = stranger_order(ContactStore.open(path))
    kept = work / "xdg-data" / "networking-tui" / "first-screen.json"
    ratios, launches, hellos, cpu_ratios, peaks, cpu_alls, readies = [], [], [], [], [], [], []
    next_days, next_ratios, next_cpu_ratios = [], [], []
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
        cpu = session.cpu()  # the forked children too, reaped or not
        # Keys run once the file is loaded (held until then when the first screen
        # was drawn before it): a Down, until the pane shows the next card.
        session.key(DOWN, pane(second, "stranger"), timeout=120)
        ready = time.perf_counter() - session.terminal.started
        session.key(UP, pane(first, "stranger"))  # where the next start begins
        cpu_all = cpu_when_idle(session)  # the load and the work done ahead too
        peak = session.peak_mb()
        session.close()
        next_day, next_cpu = next_day_launch(
            [*app, "--db", str(path)], path, pane(first, "stranger")
        )
        print(
            f"{'warm-up ' if not n else ''}launch {seconds:.2f} s (CPU {cpu:.2f} s, "
            f"{cpu_all:.2f} s in all, peak {peak:.0f} MB), keys from {ready:.2f} s, "
            f"hello {seconds_hello:.2f} s (CPU {cpu_hello:.2f} s), {seconds / seconds_hello:.1f}x "
            f"(CPU {cpu / cpu_hello:.1f}x), next day {next_day:.2f} s (CPU {next_cpu:.2f} s) "
            f"{next_day / seconds_hello:.1f}x (CPU {next_cpu / cpu_hello:.1f}x), load {load:.2f}"
        )
        if n:
            ratios.append(seconds / seconds_hello)
            launches.append(seconds)
            hellos.append(seconds_hello)
            cpu_ratios.append(cpu / cpu_hello)
            peaks.append(peak)
            cpu_alls.append(cpu_all)
            readies.append(ready)
            next_days.append(next_day)
            next_ratios.append(next_day / seconds_hello)
            next_cpu_ratios.append(next_cpu / cpu_hello)
    print(
        f"median: launch {statistics.median(launches):.2f} s, hello "
        f"{statistics.median(hellos):.2f} s, {statistics.median(ratios):.1f}x (CPU "
        f"{statistics.median(cpu_ratios):.1f}x), CPU in all {statistics.median(cpu_alls):.2f} s, "
        f"peak {max(peaks):.0f} MB, keys from {statistics.median(readies):.2f} s; the next day "
        f"{statistics.median(next_days):.2f} s, "
        f"{statistics.median(next_ratios):.1f}x (CPU {statistics.median(next_cpu_ratios):.1f}x; "
        "target 2x)"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
