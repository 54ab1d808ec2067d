"""Saves with the second core busy: issue 21's "any save durable within 1 s, the
first included, also with the second core busy", beside the same saves on a
quiet machine.

    python bench/busy_save.py 30000 100000 --moves 6

As run.py's stage move: Shift+Right and Shift+Left on the board's focused card,
each from the key until the file is replaced on disk (its signature changes);
the session's first save copies the file to .bak first. "Busy": one process
spinning on the CPU from before the app starts until it quits, so the app, its
saving thread and its forked checks share the other core.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

from networking_tui.data.store import ContactStore  # noqa: E402

SPIN = "while True: pass"


def saves(count: int, moves: int, app: list[str], busy: bool) -> tuple[float, list[float]]:
    """Seconds to the first save on disk, and to each later one."""
    work, path = run.work_copy(count, "nt-busy-")
    store = ContactStore.open(path)
    first = run.stranger_order(store)[0]
    followers = sum(c.stage == "follower" for c in store.cards.values())
    del store
    spinner = subprocess.Popen([sys.executable, "-c", SPIN]) if busy else None
    session = run.Session([*app, "--db", str(path)])
    try:
        session.wait_for(run.pane(first, "stranger"))
        session.idle(longest=120)  # the file loaded and checked: keys run, not held
        times = []
        for n in range(moves):
            right = n % 2 == 0
            needle = f"Follower {followers + 1 if right else followers}"
            keys = run.SHIFT_RIGHT if right else run.SHIFT_LEFT
            times.append(run.durable(session, keys, path, needle)[1])
            session.idle()
    finally:
        session.close()
        if spinner is not None:
            spinner.kill()
            spinner.wait()
        shutil.rmtree(work)
    return times[0], times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[30000])
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--python", help="run the app with this interpreter (-m networking_tui)")
    args = parser.parse_args()
    app, _ = run.install(args.python)
    for count in args.sizes:
        for busy in (False, True):
            load = os.getloadavg()[0]
            first, later = saves(count, args.moves, app, busy)
            print(
                f"{count:>7,} {'second core busy' if busy else 'quiet           '}: "
                f"first save {first:.2f} s, later saves {statistics.median(later):.2f} s "
                f"(max {max(later):.2f}; target 1 s), load {load:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
