"""Benchmark at LinkedIn scale: not a test, a script that prints figures.

    python bench/run.py                 # 1,000, 10,000 and 30,000 contacts
    python bench/run.py 30000 --runs 7  # one size, more runs

For each size it prints the median of several runs of: launch to the board
visible (beside a hello-world Textual app started the same way), a focus move and
a stage move from key to screen, a stage move from key to durable on disk,
`networking-tui add` end to end, and the app's peak memory. Everything runs in a
real pseudo-terminal of 120x40, as a person would see it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from networking_tui.data import storage  # noqa: E402
from networking_tui.data.store import ContactStore  # noqa: E402
from networking_tui.domain import clock  # noqa: E402
from networking_tui.domain.rules import sort_key  # noqa: E402
from tests.terminal import Terminal  # noqa: E402

PY = sys.executable
SIZE = (120, 40)
DOWN, UP = b"\x1b[B", b"\x1b[A"
SHIFT_RIGHT, SHIFT_LEFT = b"\x1b[1;2C", b"\x1b[1;2D"
TARGETS = {"launch_ratio": 3.0, "move_ms": 50.0, "durable_s": 1.0, "memory_mb": 400.0}


def median(values: list[float]) -> float:
    return statistics.median(values)


def data_file(count: int) -> Path:
    path = ROOT / "bench" / "data" / f"{count}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate(count, path)
    return path


def launch(argv: list[str], needle: str) -> tuple[float, Terminal]:
    terminal = Terminal(argv, SIZE)
    return terminal.wait_for(needle), terminal


def stranger_order(path: Path) -> list[str]:
    """The names in the Stranger column, in board order (where the focus starts)."""
    store = ContactStore.open(path)
    today = clock.today().isoformat()
    cards = [c for c in store.cards.values() if c.stage == "stranger" and not c.archived]
    return [c.name for c in sorted(cards, key=lambda c: sort_key(c, today))]


def count_in(path: Path, stage: str) -> int:
    return sum(c.stage == stage for c in ContactStore.open(path).cards.values())


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_key(terminal: Terminal, key: bytes, needle: str) -> float:
    terminal.mark()
    sent = terminal.send(key)
    terminal.wait_for(needle)
    return (time.perf_counter() - sent) * 1000


def durable_after(terminal: Terminal, key: bytes, path: Path, timeout: float = 10) -> float:
    """Seconds from a key press to the file being replaced (written, synced, renamed)."""
    terminal.drain()
    before = storage.signature(path)
    sent = terminal.send(key)
    deadline = sent + timeout
    while time.perf_counter() < deadline:
        if storage.signature(path) != before:
            return time.perf_counter() - sent
        terminal.drain(0.002)
    raise TimeoutError("the change never reached the disk")


def bench_size(count: int, runs: int) -> dict[str, float]:
    source = data_file(count)
    work = Path(tempfile.mkdtemp(prefix="nt-bench-"))
    path = work / "contacts.json"
    shutil.copyfile(source, path)
    followers = count_in(path, "follower")
    header = f"Follower {followers}"
    result: dict[str, float] = {}

    app_argv = [PY, "-m", "networking_tui", "--db", str(path)]
    hello_argv = [PY, str(ROOT / "bench" / "hello.py")]
    # One start of each first, not counted: Python's bytecode and the file's pages
    # are then in their caches for both, as on any start but the very first.
    for argv, needle in ((hello_argv, "Hello, world"), (app_argv, header)):
        launch(argv, needle)[1].close()
    hello, app_launch = [], []
    for _ in range(runs):
        seconds, terminal = launch(hello_argv, "Hello, world")
        hello.append(seconds)
        terminal.close()
        seconds, terminal = launch(app_argv, header)
        app_launch.append(seconds)
        terminal.close()
    result["hello_s"] = median(hello)
    result["launch_s"] = median(app_launch)
    result["launch_ratio"] = result["launch_s"] / result["hello_s"]

    names = stranger_order(path)
    _, terminal = launch(app_argv, header)
    terminal.drain(0.5)
    focus = []
    for i in range(runs * 4):
        key, name = (DOWN, names[1]) if i % 2 == 0 else (UP, names[0])
        focus.append(timed_key(terminal, key, name))
    result["focus_ms"] = median(focus)

    moves = []
    for i in range(runs * 2):
        key, count_after = (SHIFT_RIGHT, followers + 1) if i % 2 == 0 else (SHIFT_LEFT, followers)
        moves.append(timed_key(terminal, key, f"Follower {count_after}"))
    result["move_ms"] = median(moves)

    durable = []
    for i in range(runs):
        terminal.drain(1.5)  # let the previous save finish
        durable.append(durable_after(terminal, SHIFT_RIGHT if i % 2 == 0 else SHIFT_LEFT, path))
    result["durable_s"] = median(durable)
    terminal.drain(1.5)
    result["memory_mb"] = peak_memory_mb(terminal.pid)
    terminal.close()

    adds = []
    for n in range(max(3, runs // 2)):
        started = time.perf_counter()
        subprocess.run(
            [PY, "-m", "networking_tui", "--db", str(path), "add", f"Bench Person {n} #bench"],
            check=True,
            capture_output=True,
        )
        adds.append(time.perf_counter() - started)
    result["add_s"] = median(adds)
    ContactStore.open(path)  # the file still opens, fully valid
    shutil.rmtree(work)
    return result


def report(rows: dict[int, dict[str, float]]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}",
        "",
        "| contacts | hello-world launch | board visible | ratio (≤3x) | focus move | "
        "stage move | move durable | `add` | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, r in rows.items():
        lines.append(
            f"| {count:,} | {r['hello_s']:.2f} s | {r['launch_s']:.2f} s | "
            f"{r['launch_ratio']:.1f}x | {r['focus_ms']:.0f} ms | {r['move_ms']:.0f} ms | "
            f"{r['durable_s']:.2f} s | {r['add_s']:.2f} s | {r['memory_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 30000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    rows = {}
    for count in args.sizes:
        print(f"benchmarking {count:,} contacts…", file=sys.stderr)
        rows[count] = bench_size(count, args.runs)
    print(report(rows))
    worst = rows[max(rows)]
    for key, limit in TARGETS.items():
        status = "ok" if worst[key] <= limit else "MISSED"
        print(f"target {key} ≤ {limit}: {worst[key]:.2f} {status}", file=sys.stderr)


if __name__ == "__main__":
    main()
