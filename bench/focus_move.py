"""A focus move on the board (Down/Up), alone: run.py's "focus move to the pane"
figure and its CPU, beside hello-world's key, without the rest of the benchmark.

    python bench/focus_move.py 30000 --runs 20
    python bench/focus_move.py 1000 30000 --python .venv/bin/python

As run.py: a 120x40 pseudo-terminal, the key until the pane shows the next card;
CPU until the app is idle again (10 ms ticks: the mean is given beside the median).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

from networking_tui.data.store import ContactStore  # noqa: E402


def hello_keys(py: str, runs: int) -> list[float]:
    hello = run.hello_session([py, str(ROOT / "bench" / "hello.py")])
    keys = [hello.key(run.DOWN, f"Hello, world {n + 1}")[0] for n in range(runs)]
    hello.close()
    return keys


def moves(count: int, runs: int, app: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds to the pane's next card and the CPU, Down and Up in turn."""
    work, path = run.work_copy(count, "nt-focus-")
    first, second = run.stranger_order(ContactStore.open(path))
    session = run.Session([*app, "--db", str(path)])
    try:
        session.wait_for(run.pane(first, "stranger"))
        session.idle()
        wall, cpu_ms = [], []
        for n in range(runs):
            key, name = (run.DOWN, second) if n % 2 == 0 else (run.UP, first)
            cpu = session.cpu()
            wall.append(session.key(key, run.pane(name, "stranger"))[0])
            cpu_ms.append((session.idle(0.2) - cpu) * 1000)
    finally:
        session.close()
        shutil.rmtree(work)
    return wall, cpu_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 30000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--python", help="run the app with this interpreter (-m networking_tui)")
    args = parser.parse_args()
    app, py = run.install(args.python)
    for count in args.sizes:
        load = os.getloadavg()[0]
        key = statistics.median(hello_keys(py, args.runs))
        wall, cpu = moves(count, args.runs, app)
        print(
            f"{count:>7,}: focus move {statistics.median(wall):4.1f} ms "
            f"(min {min(wall):.1f}, max {max(wall):.1f}), CPU {statistics.median(cpu):3.0f} ms "
            f"(mean {statistics.mean(cpu):.1f}), hello key {key:.1f} ms "
            f"(target {2 * key:.1f}), load {load:.2f} -> {os.getloadavg()[0]:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
