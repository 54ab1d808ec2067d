"""Opening a contact from the board (Enter on a card), alone: run.py's "open a
contact" figure and its CPU, beside hello-world's screen push, without the rest
of the benchmark (9 minutes).

    python bench/open_contact.py 30000 --runs 7
    python bench/open_contact.py 1000 10000 30000 --python .venv/bin/python
    python bench/open_contact.py 30000 --other     # the next card's each time
    python bench/open_contact.py 30000 --other --rest 1  # after a look at the card

As run.py: a 120x40 pseudo-terminal, the app as `pip install .` installs it
(or `--python`'s `-m networking_tui`, from the current folder), the key to the
view's "Second degree" title drawn; CPU until the app is idle again. The first
open of the session is among the runs (the median leaves it out).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

from networking_tui.data.store import ContactStore  # noqa: E402


def hello_push(py: str, runs: int) -> list[float]:
    hello = run.hello_session([py, str(ROOT / "bench" / "hello.py")])
    pushes = []
    for _ in range(runs):
        pushes.append(hello.key(run.ENTER, "A pushed screen")[0])
        hello.key(run.ESCAPE, "Hello, world")
    hello.close()
    return pushes


def open_runs(
    count: int, runs: int, app: list[str], other: bool, rest: float
) -> tuple[list[float], list[float]]:
    """Milliseconds to the view and its CPU, `runs` times: the same contact each
    time (as run.py), or (`other`) the next card's and back, a move between opens."""
    work, path = run.work_copy(count, "nt-open-")
    names = run.stranger_order(ContactStore.open(path))
    session = run.Session([*app, "--db", str(path)])
    try:
        session.wait_for(run.pane(names[0], "stranger"))
        session.idle(quiet=1.5)  # the views built ahead while the board is left alone
        wall, cpu_ms = [], []
        for n in range(runs):
            cpu = session.cpu()
            wall.append(session.key(run.ENTER, "Second degree")[0])
            cpu_ms.append((session.idle() - cpu) * 1000)
            here = n % 2 if other else 0
            session.key(run.ESCAPE, run.pane(names[here], "stranger"))
            session.idle()
            if other:
                session.key(run.UP if here else run.DOWN, run.pane(names[1 - here], "stranger"))
                # The card looked at `rest` seconds: from 0.5 s on the app fills the
                # view in ahead (app._fill_contact_ahead), then Enter only shows it.
                until = time.perf_counter() + rest
                while time.perf_counter() < until:
                    session.terminal.drain(0.01)
                if rest >= 0.5:
                    session.idle()
    finally:
        session.close()
        shutil.rmtree(work)
    return wall, cpu_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 30000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", help="run the app with this interpreter (-m networking_tui)")
    parser.add_argument("--other", action="store_true", help="another contact each time")
    parser.add_argument(
        "--rest", type=float, default=0.2, help="with --other: seconds on the card before Enter"
    )
    args = parser.parse_args()
    app, py = run.install(args.python)
    for count in args.sizes:
        load = os.getloadavg()[0]
        push = statistics.median(hello_push(py, args.runs))
        wall, cpu = open_runs(count, args.runs, app, args.other, args.rest)
        print(
            f"{count:>7,}: open {statistics.median(wall):4.0f} ms "
            f"(min {min(wall):.0f}, max {max(wall):.0f}), CPU {statistics.median(cpu):4.0f} ms, "
            f"hello push {push:.0f} ms (target {2 * push:.0f}), "
            f"load {load:.2f} -> {os.getloadavg()[0]:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
