"""The stage move's CPU alone, as bench/run.py measures it ("move CPU"): the app in a
real terminal, Shift+Right / Shift+Left on the focused Stranger, the CPU of the app
(its threads and children) from the key until it has been idle 0.3 s (the save and
the work done ahead once the board is left alone included), and the part of it on
the UI thread (the main thread: the save runs in another, the checks in children).

    python bench/move_cpu.py 30000 --moves 8
    python bench/move_cpu.py 30000 --python /work/main/.venv/bin/python   # another install

Runs the app as `python -m networking_tui` from this checkout (unless --python says
otherwise, with its cwd). The data file is copied to a temporary folder first.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 30000, 100000])
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--cwd", default=str(ROOT), help="where the app runs (its code)")
    args = parser.parse_args()
    os.chdir(args.cwd)
    for count in args.sizes:
        work, path = run.work_copy(count, "nt-move-")
        store = ContactStore.open(path)
        first, _ = run.stranger_order(store)
        followers = sum(c.stage == "follower" for c in store.cards.values())
        del store
        session = run.Session([args.python, "-m", "networking_tui", "--db", str(path)])
        session.wait_for(run.pane(first, "stranger"))
        session.idle()
        cpu_ms, ui_ms, screen_ms = [], [], []
        for n in range(args.moves + 1):
            right = n % 2 == 0
            needle = f"Follower {followers + 1 if right else followers}"
            cpu, ui = session.cpu(), ui_seconds(session.pid)
            keys = run.SHIFT_RIGHT if right else run.SHIFT_LEFT
            on_screen, _ = run.durable(session, keys, path, needle)
            used = (session.idle() - cpu) * 1000
            if n:  # the first save (the .bak link, the daily backup) apart
                cpu_ms.append(used)
                ui_ms.append((ui_seconds(session.pid) - ui) * 1000)
                screen_ms.append(on_screen)
        session.close()
        shutil.rmtree(work, ignore_errors=True)
        load = os.getloadavg()
        print(
            f"{count:>7,}: move CPU median {statistics.median(cpu_ms):.0f} ms "
            f"(each {', '.join(f'{v:.0f}' for v in cpu_ms)}), of it on the UI thread "
            f"{statistics.median(ui_ms):.0f} ms (each {', '.join(f'{v:.0f}' for v in ui_ms)}), "
            f"on screen "
            f"{statistics.median(screen_ms):.0f} ms; load {load[0]:.1f} {load[1]:.1f}",
            flush=True,
        )


def ui_seconds(pid: int) -> float:
    """CPU of the process's main thread: Textual's event loop (the save and the
    forked checks run beside it, in a thread and in children)."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / run.HZ


if __name__ == "__main__":
    main()
